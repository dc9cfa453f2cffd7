// A scratch project with the packed tarball installed, as a user would have it, for the
// suites that import the package by name (fuzz, soak). Each suite gets its own folder so
// suites can run side by side.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Installs dist/intercom-edge.tgz into tests/.scratch/<name>, copies `files` in, returns the folder. */
export function scratchProject(name, files = []) {
  const tarball = path.join(root, "dist/intercom-edge.tgz");
  if (!existsSync(tarball)) throw new Error("dist/intercom-edge.tgz is missing: run make package");
  const app = path.join(root, "tests/.scratch", name);
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app, { recursive: true });
  writeFileSync(
    path.join(app, "package.json"),
    JSON.stringify({ name: `scratch-${name}`, private: true, type: "module", dependencies: { "intercom-edge": `file:${tarball}` } }),
  );
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm install of the tarball failed:\n${r.stdout}${r.stderr}`);
  for (const f of files) cpSync(f, path.join(app, path.basename(f)));
  return app;
}

