// wasm-bindgen puts the JS that Rust imports with `#[wasm_bindgen(module = "/src/…")]` (the
// fetch attempt and the call loop, src/rim/*.js) in snippets/ next to the glue, and the glue
// imports it: by name when a function needs a conversion shim, as a namespace when the wasm
// imports it directly. Inlined (minified) into the glue here, so each entry stays one module:
// no extra file in the package or the bundle, nothing more for node.cjs (esbuild), workerd or
// a browser to load.
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";

const NAMED = /^import \{ ([\w, ]+) \} from '(\.\/snippets\/[^']+\.js)';\n/gm;
const NAMESPACE = /^import \* as (\w+) from "(\.\/snippets\/[^"]+\.js)"\n/gm;
const EXPORT = /^export (?:async )?function (\w+)\(/gm;

/** The snippet's code with its exported functions made local, minified. */
function localCode(file, builtDir, names) {
  let code = readFileSync(new URL(file, builtDir), "utf8");
  for (const name of names) {
    const exported = new RegExp(`^export (async )?function ${name}\\(`, "m");
    if (!exported.test(code)) throw new Error(`inline-snippets: ${file} does not export function ${name}; review this script`);
    code = code.replace(exported, (m) => m.slice("export ".length));
  }
  if (/^\s*(import|export)\b/m.test(code)) throw new Error(`inline-snippets: ${file} has other imports or exports; review this script`);
  // Minified (its comments are for readers of src/): top-level names stay, so the glue's
  // calls still find them.
  return transformSync(code, { minify: true, target: "es2020" }).code;
}

/** The glue with each snippet import replaced by the snippet's code (its exports made local). */
export function inlineSnippets(glue, builtDir) {
  const seen = new Set();
  const once = (file) => {
    if (seen.has(file)) throw new Error(`inline-snippets: ${file} is imported twice; review this script`);
    seen.add(file);
  };
  glue = glue.replace(NAMED, (_, names, file) => {
    once(file);
    return localCode(file, builtDir, names.split(",").map((n) => n.trim()));
  });
  // `import * as import1`: every export, and `import1` rebuilt as an object of them. wasm-bindgen
  // may write one such import per Rust extern block of the same file: later ones alias the first.
  const namespaces = new Map();
  return glue.replace(NAMESPACE, (_, binding, file) => {
    if (namespaces.has(file)) return `const ${binding} = ${namespaces.get(file)};\n`;
    once(file);
    namespaces.set(file, binding);
    const names = [...readFileSync(new URL(file, builtDir), "utf8").matchAll(EXPORT)].map((m) => m[1]);
    return `${localCode(file, builtDir, names)}const ${binding} = { ${names.join(", ")} };\n`;
  });
}

/** Fails if the glue still imports a file of its own (a snippet form this script missed). */
export function assertNoSnippetImports(glue) {
  if (/\bfrom ['"]\.\/snippets\//.test(glue)) throw new Error("inline-snippets: the glue still imports a snippet; review this script");
}
