// wasm-bindgen puts the JS that Rust imports with `#[wasm_bindgen(module = "/src/…")]` (the
// fetch attempt, src/rim/attempt.js) in snippets/ next to the glue, and the glue imports it.
// Inlined (minified) into the glue here, so each entry stays one module: no extra file in the package or
// the bundle, nothing more for node.cjs (esbuild), workerd or a browser to load.
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";

const IMPORT = /^import \{ ([\w, ]+) \} from '(\.\/snippets\/[^']+\.js)';\n/gm;

/** The glue with each snippet import replaced by the snippet's code (its exports made local). */
export function inlineSnippets(glue, builtDir) {
  return glue.replace(IMPORT, (_, names, file) => {
    let code = readFileSync(new URL(file, builtDir), "utf8");
    for (const name of names.split(",").map((n) => n.trim())) {
      const exported = new RegExp(`^export (async )?function ${name}\\(`, "m");
      if (!exported.test(code)) throw new Error(`inline-snippets: ${file} does not export function ${name}; review this script`);
      code = code.replace(exported, (m) => m.slice("export ".length));
    }
    if (/^\s*(import|export)\b/m.test(code)) throw new Error(`inline-snippets: ${file} has other imports or exports; review this script`);
    // Minified (its comments are for readers of src/): top-level names stay, so the glue's
    // calls still find them.
    return transformSync(code, { minify: true, target: "es2020" }).code;
  });
}

/** Fails if the glue still imports a file of its own (a snippet form this script missed). */
export function assertNoSnippetImports(glue) {
  if (/\bfrom '\.\/snippets\//.test(glue)) throw new Error("inline-snippets: the glue still imports a snippet; review this script");
}
