// How the tests host the edge runtimes: workerd configs and a production-like EdgeVM.
// Shared by tests/package/run.mjs and examples/oauth-worker/run.mjs.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * A workerd config: the bundled worker plus the wasm as a module of its own (as wrangler
 * does), outbound allowed to loopback (the default reaches only public addresses), text
 * bindings for `env` (`fromEnv`: names read from workerd's own environment, so secrets stay
 * out of the file), and an http socket when `port` is given (`workerd serve`). `wasm: false`
 * leaves the wasm module out (a worker without intercom-edge); `v8Flags` go to V8 as given.
 * `wasmName` is the .wasm's file name as the bundle imports it (a bundler may add a hash), or
 * a list of them (a worker that imports several entries of the package).
 */
export function workerdConfig({ bindings = {}, fromEnv = [], port, wasm = true, wasmName = "intercom_edge_bg.wasm", v8Flags = [] } = {}) {
  const wasmModules = [wasmName].flat().map((n) => `,
                 (name = "${n}", wasm = embed "${n}")`).join("");
  const env = [
    ...Object.entries(bindings).map(([k, v]) => `(name = ${JSON.stringify(k)}, text = ${JSON.stringify(v)})`),
    ...fromEnv.map((k) => `(name = ${JSON.stringify(k)}, fromEnvironment = ${JSON.stringify(k)})`),
  ];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = (
      modules = [(name = "worker", esModule = embed "worker.js")${wasm ? wasmModules : ""}],
      compatibilityDate = "2025-01-01",
      bindings = [${env.join(", ")}],
      globalOutbound = "loopback")),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],${v8Flags.length ? `\n  v8Flags = ${JSON.stringify(v8Flags)},` : ""}${port ? `\n  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],` : ""}
);
`;
}

/**
 * Stands in for Next.js's `import … from "….wasm?module"`: the host's compiled module of that
 * file name (one per entry of the package).
 */
export const wasmModulePlugin = {
  name: "wasm-module",
  setup(b) {
    b.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({ path: path.basename(args.path, "?module"), namespace: "wasm-module" }));
    b.onLoad({ filter: /.*/, namespace: "wasm-module" }, (args) => ({
      contents: `export default globalThis.__intercomWasmModules[${JSON.stringify(args.path)}];`,
    }));
  },
};

/** Every entry's .wasm in an installed package folder: the root's and each subpath's. */
export function packageWasms(pkgDir) {
  return readdirSync(pkgDir, { recursive: true }).filter((f) => f.endsWith(".wasm")).map((f) => path.join(pkgDir, f));
}

/**
 * An EdgeVM as on Vercel Edge: compiling wasm from bytes is disabled, and the modules (one
 * path or a list) come compiled by the host, from another realm. Throws if the VM would
 * compile bytes anyway, since a test in such a VM would prove nothing.
 */
export async function edgeVm(wasmPaths) {
  const { EdgeVM } = await import(path.join(root, "node_modules/@edge-runtime/vm/dist/index.js"));
  const modules = Object.fromEntries([wasmPaths].flat().map((p) => [path.basename(p), new WebAssembly.Module(readFileSync(p))]));
  const vm = new EdgeVM({
    codeGeneration: { strings: false, wasm: false },
    extend: (ctx) => Object.assign(ctx, { __intercomWasmModules: modules }),
  });
  const refused = vm.evaluate(
    "(() => { try { new WebAssembly.Module(new Uint8Array([0,97,115,109,1,0,0,0])); return false } catch { return true } })()",
  );
  if (!refused) throw new Error("EdgeVM compiled wasm from bytes: the test environment is not production-like");
  return vm;
}

/**
 * Bundles `entry` (a module in the scratch project `app`) as wrangler does for workerd:
 * workerd conditions, the package's .wasm kept as a module of its own; writes it with the
 * wasm and a config into app/workerd and returns that folder, ready for `workerd test`.
 */
export async function workerdBundle(app, entry) {
  const dir = path.join(app, "workerd");
  mkdirSync(dir, { recursive: true });
  const esbuild = await import(path.join(root, "node_modules/esbuild/lib/main.js"));
  await esbuild.build({
    bundle: true,
    logLevel: "error",
    absWorkingDir: app,
    entryPoints: [entry],
    outfile: `${dir}/worker.js`,
    format: "esm",
    conditions: ["workerd", "worker", "browser"],
    external: ["*.wasm"],
  });
  // Every entry's wasm (the root's and each subpath's), as modules of their own names.
  const wasms = packageWasms(path.join(app, "node_modules/intercom-edge"));
  for (const w of wasms) cpSync(w, path.join(dir, path.basename(w)));
  writeFileSync(path.join(dir, "config.capnp"), workerdConfig({ wasmName: wasms.map((w) => path.basename(w)) }));
  return dir;
}
