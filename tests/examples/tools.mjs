// What tests/examples/run.mjs needs to drive real toolchains: processes with a time limit,
// servers whose URL is read from their own output, a free loopback port for CLIs that
// cannot listen on port 0, and the packed tarball installed into a project.
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** Runs a command to the end (or `timeoutMs`), collecting stdout and stderr together. */
export function exec(cmd, args, { timeoutMs = 300_000, ...opts } = {}) {
  return new Promise((resolve) => {
    const child = track(spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"], detached: true }));
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[killed after ${timeoutMs} ms]`;
      killTree(child);
    }, timeoutMs);
    child.on("error", (err) => (out += String(err)));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

// Every child runs in its own process group; whatever is still running when this process ends
// (or is told to stop) goes with it.
const running = new Set();
export const track = (child) => {
  running.add(child);
  child.on("close", () => running.delete(child));
  return child;
};
process.on("exit", () => running.forEach(killTree));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

/** Ends a child we started and everything it started (its own process group). */
export function killTree(child) {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/**
 * Starts a long-running command and resolves once its output matches `ready` (whose first
 * group, if any, is the URL it serves). `stop()` ends it and its children.
 */
export function serve(cmd, args, { ready, timeoutMs = 180_000, ...opts }) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"], detached: true }));
    let out = "";
    let done = false;
    const stop = () =>
      new Promise((res) => {
        if (child.exitCode !== null || child.signalCode !== null) return res();
        child.once("close", res);
        killTree(child);
      });
    const timer = setTimeout(() => finish(new Error(`not ready after ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    const finish = (err, url) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) stop().then(() => reject(err));
      else resolve({ url, stop, output: () => out });
    };
    const onData = (d) => {
      out += d;
      const m = ready.exec(out.replace(/\x1b\[[0-9;]*m/g, ""));
      if (m) finish(null, m[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", (err) => finish(err));
    child.on("close", (code) => finish(new Error(`exited with ${code} before it was ready:\n${out.slice(-3000)}`)));
  });
}

/** A port free on 127.0.0.1 right now, for tools that cannot be told to listen on port 0. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** `npm install <tarball>` for a package without dependencies: unpack it into node_modules. */
export async function installTarball(tarball, project) {
  const dest = path.join(project, "node_modules/intercom-edge");
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const r = await exec("tar", ["-xzf", tarball, "-C", dest, "--strip-components=1"]);
  if (r.code !== 0) throw new Error(`unpacking ${tarball} failed:\n${r.out}`);
}

/** GETs a URL and parses JSON, with the body in the error when it is not JSON. */
export async function getJson(url) {
  const res = await fetch(url);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`GET ${url} → ${res.status}, not JSON: ${text.slice(0, 1500)}`);
  }
}

/** The JSON object on the last line of a program's output that holds one. */
export function lastJson(out) {
  const line = out.trim().split("\n").reverse().find((l) => l.startsWith("{"));
  if (!line) throw new Error(`no JSON line in output:\n${out.slice(-3000)}`);
  return JSON.parse(line);
}

let chromium;
/** Debian's Chromium through playwright-core, launched once and closed by `closeChromium()`. */
export async function chromiumPage(root) {
  const { chromium: launcher } = await import(path.join(root, "node_modules/playwright-core/index.mjs"));
  chromium ??= await launcher.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return chromium.newPage();
}

export async function closeChromium() {
  await chromium?.close();
  chromium = undefined;
}
