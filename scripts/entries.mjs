// The packaging steps that make the entry files work in every toolchain: the wasm as a
// module of its own, the not-initialized guard in the glue, declarations that need no DOM lib,
// and the CommonJS build for `require`. Used by assemble.mjs.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Replaces `search` in `text`, refusing if it does not occur exactly `count` times. */
function patch(text, search, replacement, count = 1) {
  const seen = text.split(search).length - 1;
  if (seen !== count) throw new Error(`assemble: expected ${count}× ${JSON.stringify(search)} in the glue, saw ${seen}; review the patch`);
  return text.split(search).join(replacement);
}

/** Until the wasm is loaded, `wasm` is a stand-in that throws IntercomError("not_initialized"). */
export function guardUninitialized(glue) {
  glue = patch(glue, "let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notInitialized;");
  glue = patch(glue, "if (wasm !== undefined) return wasm;", "if (wasm !== notInitialized) return wasm;", 2);
  return `import { notInitialized } from "./not-initialized.js";\n${glue}`;
}

/**
 * wasm-bytes.js: the wasm as base64, decoded on first use. Node's and Bun's Buffer decodes in
 * native code (0.2 ms for 179 KB on Node 20, where the atob loop takes 2.4 ms of a cold start);
 * atob exists in every runtime and stays the fallback.
 */
export function wasmBytesModule(base64) {
  return `// intercom_edge_bg.wasm, inlined so that importing the package is all it takes to load it.
const base64 = "${base64}";

export function wasmBytes() {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
  if (typeof Buffer === "function" && typeof Buffer.from === "function") {
    const buffer = Buffer.from(base64, "base64");
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length);
  }
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
`;
}

/**
 * The generated declarations minus what the public API does not export and what would need the
 * DOM lib or a newer TypeScript: the init section (BufferSource, RequestInfo, WebAssembly.*)
 * and `[Symbol.dispose]` (esnext.disposable, TypeScript ≥ 5.2; the method still exists).
 */
export function publicDeclarations(dts) {
  const init = dts.indexOf("export type InitInput =");
  if (init < 0) throw new Error("assemble: no InitInput in the generated .d.ts; review publicDeclarations");
  dts = dts.slice(0, init).trimEnd() + "\n";
  dts = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, "");
  for (const global of ["BufferSource", "RequestInfo", "WebAssembly.", "Symbol.dispose"]) {
    if (dts.includes(global)) throw new Error(`assemble: the public .d.ts still names ${global}`);
  }
  return dts;
}

/**
 * node.cjs: node.js and everything it imports as one CommonJS file, for `require` on any Node
 * (no require(esm) needed); and a .d.cts twin of every declaration file for TypeScript's CJS
 * resolution. A process that both imports and requires the package loads it twice.
 */
export async function writeCommonJs(out) {
  const dir = fileURLToPath(out);
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [`${dir}/node.js`],
    outfile: `${dir}/node.cjs`,
    bundle: true,
    format: "cjs",
    platform: "neutral",
    target: "es2022",
    logLevel: "error",
    legalComments: "none",
    banner: { js: "// intercom-edge for require(): the ESM entry node.js bundled as CommonJS." },
  });
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".d.ts"))) {
    const text = readFileSync(`${dir}/${f}`, "utf8").replace(/(["']\.\/[\w.-]+)\.js(["'])/g, "$1.cjs$2");
    writeFileSync(`${dir}/${f.replace(/\.d\.ts$/, ".d.cts")}`, text);
  }
}
