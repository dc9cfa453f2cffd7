// intercom-edge/connections, and Connections in the root: the class and its stores are JS
// (pkg-template/connections.js, stores.js) bound to an entry's IntercomClient, sealToken and
// openToken. The subpath carries no wasm of its own: it is /oauth's entry plus these, so a
// Worker that imports /oauth and /connections loads one wasm. Called by scripts/assemble.mjs.
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CONNECTIONS = { name: "connections", dir: "connections/", uses: "oauth", specifier: "intercom-edge/connections" };

const STORES = ["d1Store", "denoKvStore", "kvStore", "memoryStore", "postgresStore", "redisStore"];
const TYPES = ["Connection", "ConnectionStore", "ConnectionsOptions"];

/** The JS lines that bind Connections to the wasm exports of `from` and re-export the stores. */
function bind(from, shared) {
  return `import { IntercomClient as __IntercomClient, openToken as __openToken, sealToken as __sealToken, uninstall as __uninstall } from "${from}";
import { connectionsClass } from "${shared}connections.js";
/** Every installed workspace's token, sealed, on the app's store (see connections.d.ts). */
export const Connections = /* @__PURE__ */ connectionsClass({ IntercomClient: __IntercomClient, openToken: __openToken, sealToken: __sealToken, uninstall: __uninstall });
export { ${STORES.join(", ")} } from "${shared}stores.js";
`;
}

function declarations(shared) {
  return `export { Connections, ${TYPES.map((t) => `type ${t}`).join(", ")} } from "${shared}connections.js";
export { ${STORES.join(", ")} } from "${shared}stores.js";
`;
}

/** The root: its public.js and index.d.ts (scripts/surface.mjs) also export Connections and the stores. */
export function addToRoot(out) {
  const js = new URL("public.js", out);
  writeFileSync(js, readFileSync(js, "utf8") + bind("./intercom_edge.js", "./"));
  const dts = new URL("index.d.ts", out);
  writeFileSync(dts, readFileSync(dts, "utf8") + declarations("./"));
}

/** dist/pkg/connections/: one file per runtime entry of /oauth, plus the declarations. */
export function writeConnectionsEntry(out, entryTemplates) {
  const dir = new URL(CONNECTIONS.dir, out);
  mkdirSync(dir, { recursive: true });
  const uses = `../${CONNECTIONS.uses}/`;
  for (const f of readdirSync(entryTemplates)) {
    writeFileSync(new URL(f, dir), `// ${CONNECTIONS.specifier}: Connections and its stores over ${uses}${f}, whose wasm it uses.
export * from "${uses}${f}";
${bind(`${uses}${f}`, "../")}`);
  }
  writeFileSync(new URL("index.d.ts", dir), `// ${CONNECTIONS.specifier}: intercom-edge/${CONNECTIONS.uses} plus Connections and its stores.
export * from "${uses}index.js";
${declarations("../")}`);
}

/**
 * connections/node.cjs for require(): its own copy of connections.js and stores.js, and
 * /oauth's node.cjs required, not copied (one wasm per process). Run after writeCommonJs.
 */
export async function writeConnectionsCommonJs(out) {
  const dir = fileURLToPath(new URL(CONNECTIONS.dir, out));
  const esbuild = await import("esbuild");
  const oauth = new RegExp(`^\\.\\./${CONNECTIONS.uses}/node\\.js$`);
  await esbuild.build({
    entryPoints: [`${dir}/node.js`], bundle: true, format: "cjs", platform: "neutral", target: "es2022",
    logLevel: "error", legalComments: "none", outfile: `${dir}/node.cjs`,
    banner: { js: `// ${CONNECTIONS.specifier} for require(): /${CONNECTIONS.uses}'s node.cjs plus Connections.` },
    plugins: [{
      name: "oauth-external",
      setup(b) {
        b.onResolve({ filter: oauth }, () => ({ path: `../${CONNECTIONS.uses}/node.cjs`, external: true }));
      },
    }],
  });
}
