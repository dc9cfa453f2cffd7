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
const EXPORT = /^export (?:async )?function\*? ?(\w+)\(/gm;
// The glue's imports object: `"<module>": importN,` (the module as the wasm names it).
const IMPORTS_ENTRY = /^\s*"([^"]+)": (import\d+),$/gm;

/** What the wasm imports, by module name. */
function wasmImports(builtDir) {
  const module = new WebAssembly.Module(readFileSync(new URL("intercom_edge_bg.wasm", builtDir)));
  const by = new Map();
  for (const { module: from, name } of WebAssembly.Module.imports(module)) by.set(from, [...(by.get(from) ?? []), name]);
  return by;
}

/** The snippet's code with only the functions in `keep` (and what they use), made local, minified. */
function localCode(file, builtDir, keep) {
  const code = readFileSync(new URL(file, builtDir), "utf8");
  const exported = [...code.matchAll(EXPORT)].map((m) => m[1]);
  for (const name of keep) {
    if (!exported.includes(name)) throw new Error(`inline-snippets: ${file} does not export function ${name}; review this script`);
  }
  // Unexported, a function this entry's wasm never calls is dropped by esbuild's tree shaking:
  // runtime.js's WebCrypto chains are not shipped to the token-only entry.
  const unexported = code.replace(EXPORT, (m, name) => (keep.includes(name) ? m : m.slice("export ".length)));
  const shaken = transformSync(unexported, { format: "esm", treeShaking: true }).code;
  const local = shaken.replace(/^export \{[\w\s,]*\};\n?/m, "");
  if (/^\s*(import|export)\b/m.test(local)) throw new Error(`inline-snippets: ${file} has other imports or exports; review this script`);
  // Minified (its comments are for readers of src/): top-level names stay, so the glue's
  // calls still find them.
  return transformSync(local, { minify: true, target: "es2020" }).code;
}

/** The glue with each snippet import replaced by the snippet's code (its exports made local). */
export function inlineSnippets(glue, builtDir) {
  // A file may be imported both ways: by name, the functions that need a conversion shim; as
  // a namespace (`import * as import1`), those the wasm imports directly, listed in the imports
  // object. wasm-bindgen may write one namespace import per Rust extern block of the same file.
  const keep = new Map(); // file -> names
  const want = (file, names) => keep.set(file, [...new Set([...(keep.get(file) ?? []), ...names])]);
  const moduleOf = new Map([...glue.matchAll(IMPORTS_ENTRY)].map((m) => [m[2], m[1]]));
  const imported = wasmImports(builtDir);
  const namespaces = [];
  const firstBinding = new Map(); // module -> its first namespace binding; later ones alias it
  let at = -1;
  const cut = (offset) => {
    if (at < 0 || offset < at) at = offset;
    return "";
  };
  glue = glue.replace(NAMED, (_, names, file, offset) => {
    want(file, names.split(",").map((n) => n.trim()));
    return cut(offset);
  });
  glue = glue.replace(NAMESPACE, (_, binding, file, offset) => {
    const module = moduleOf.get(binding);
    if (module === undefined) throw new Error(`inline-snippets: ${binding} is not in the imports object; review this script`);
    const names = imported.get(module) ?? [];
    want(file, names);
    const first = firstBinding.get(module);
    if (first === undefined) firstBinding.set(module, binding);
    namespaces.push(first === undefined ? `const ${binding} = { ${names.join(", ")} };\n` : `const ${binding} = ${first};\n`);
    return cut(offset);
  });
  if (at < 0) return glue;
  const code = [...keep].map(([file, names]) => localCode(file, builtDir, names)).join("") + namespaces.join("");
  return glue.slice(0, at) + code + glue.slice(at);
}

/** Fails if the glue still imports a file of its own (a snippet form this script missed). */
export function assertNoSnippetImports(glue) {
  if (/\bfrom ['"]\.\/snippets\//.test(glue)) throw new Error("inline-snippets: the glue still imports a snippet; review this script");
}
