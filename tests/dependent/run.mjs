// Builds tests/dependent (a cdylib depending on intercom-edge) twice and lists its wasm
// exports: with `default-features = false` it must ship none of intercom-edge's JS exports;
// with the `js` feature it ships them all. Run by `make test` (test-features).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const target = fileURLToPath(new URL("../../target/dependent", import.meta.url));
const ours = ["intercomclient_new", "authorizeUrl", "exchangeCode", "verifyWebhook", "__registerIntercomError", "messengerJwt"];

// As a Worker build does: cargo, then the wasm-bindgen CLI; the exports are those of its _bg.wasm.
function exportsOf(name, features) {
  execFileSync("cargo", ["build", "--quiet", "--locked", "--target", "wasm32-unknown-unknown", ...features], {
    cwd: here, stdio: "inherit", env: { ...process.env, CARGO_TARGET_DIR: target },
  });
  const out = `${target}/${name}`;
  execFileSync("wasm-bindgen", ["--target", "web", "--out-dir", out, `${target}/wasm32-unknown-unknown/debug/intercom_edge_dependent.wasm`], { stdio: "inherit" });
  const wasm = readFileSync(`${out}/intercom_edge_dependent_bg.wasm`);
  return WebAssembly.Module.exports(new WebAssembly.Module(wasm)).map((e) => e.name);
}

let failed = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failed++;
}

const bare = exportsOf("bare", []);
// wasm-bindgen's own plumbing, present in every wasm-bindgen module.
const plumbing = (n) => ["memory", "__abort_handler", "__instance_terminated"].includes(n) ||
  ["__wbindgen", "__wbg_", "__externref", "wasm_bindgen__convert__closures"].some((p) => n.startsWith(p));
const own = bare.filter((n) => !plumbing(n));
console.log(`default-features = false: ${bare.length} exports: ${bare.join(", ")}`);
check(own.length === 1 && own[0] === "dependent_probe", "without `js` the dependent exports only its own function");

const withJs = exportsOf("js", ["--features", "js"]);
const shipped = withJs.filter((n) => ours.includes(n));
console.log(`features = ["js"]: ${withJs.length} exports: ${withJs.filter((n) => !plumbing(n)).join(", ")} (+ wasm-bindgen's)`);
check(ours.every((n) => withJs.includes(n)), "with `js` intercom-edge's JS exports are there");

if (failed) process.exit(1);
