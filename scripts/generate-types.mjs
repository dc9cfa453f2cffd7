// The typed calls' declarations, generated from Intercom's OpenAPI specs (shared/intercom-openapi,
// beside the repo) by openapi-typescript, pinned in scripts/openapi/package.json:
// - pkg-template/intercom-api-<version>.d.ts: each spec's paths, operations and schemas, inside
//   the global namespace `IntercomApi.v<major>_<minor>` (a script, not a module, so the ESM and
//   the CommonJS declarations of every entry reference one file: it ships once), plus
//   `paginated`, where each list or search endpoint keeps its items;
// - tests/vectors/paginated-endpoints.json: the same table with the spec's example answers, for
//   the protocol's native tests of the pagination rules.
// `node scripts/generate-types.mjs` writes them; `--check` fails when they differ from what it
// would write (make test-types), so the files stay reproducible and are reviewed like code.
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TYPED_VERSIONS } from "./entries.mjs";

const root = new URL("../", import.meta.url);
const tools = createRequire(new URL("openapi/package.json", import.meta.url));
const SPECS = process.env.INTERCOM_OPENAPI_DIR
  ? new URL(`${process.env.INTERCOM_OPENAPI_DIR.replace(/\/?$/, "/")}`, "file:///")
  : new URL("../shared/intercom-openapi/", root);

const METHODS = ["get", "post", "put", "delete", "patch"];
const PAGING = ["page", "per_page", "starting_after", "scroll_param"];

/** `v2_14` for "2.14". */
export const namespaceOf = (version) => `v${version.replace(".", "_")}`;

/** The list and search endpoints of a spec: where their items are and how they page. */
export function paginatedEndpoints(spec) {
  const deref = (n) => {
    for (let i = 0; n && n.$ref && i < 32; i++) n = n.$ref.split("/").slice(1).reduce((o, k) => o?.[k], spec);
    return n;
  };
  const props = (s, depth = 0) => {
    s = deref(s);
    if (!s || depth > 4) return {};
    const out = { ...(s.properties ?? {}) };
    for (const k of ["allOf", "oneOf", "anyOf"]) for (const x of s[k] ?? []) Object.assign(out, props(x, depth + 1));
    return out;
  };
  const rows = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const ok = Object.entries(op.responses ?? {}).filter(([c]) => /^2\d\d$/.test(c)).map(([, r]) => deref(r));
      const content = ok.map((r) => r?.content?.["application/json"]).find(Boolean);
      if (!content) continue;
      const answer = props(content.schema);
      const pages = answer.pages ? props(answer.pages) : {};
      const paged = "next" in pages || "total_pages" in pages || "scroll_param" in answer;
      const arrays = Object.keys(answer).filter((k) => deref(answer[k])?.type === "array");
      if (!paged || !arrays.length) continue;
      const items = arrays.length === 1 ? arrays[0] : arrays.includes("data") ? "data" : null;
      if (!items) throw new Error(`generate-types: ${method.toUpperCase()} ${path} has several arrays (${arrays}); name its items`);
      const query = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref).filter((p) => p?.in === "query").map((p) => p.name);
      const body = op.requestBody ? props(deref(op.requestBody)?.content?.["application/json"]?.schema) : {};
      // What the spec declares; the answers decide at run time (protocol/pagination.rs).
      const declares = [...query.filter((q) => PAGING.includes(q)), ..."pagination" in body ? ["pagination"] : [], ..."scroll_param" in answer ? ["scroll_param"] : []];
      const examples = Object.values(content.examples ?? {}).map((e) => e?.value).filter((v) => v && typeof v === "object");
      rows.push({ method, path, items, declares, examples });
    }
  }
  return rows;
}

/** The `paginated` interface: path → method → the member that holds the items. */
function paginatedInterface(rows) {
  const byPath = new Map();
  for (const r of rows) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const lines = ["/** The list and search endpoints `paginate()` pages through: path → method → the answer's member that holds the items. */", "export interface paginated {"];
  for (const [path, list] of byPath) {
    lines.push(`    ${JSON.stringify(path)}: { ${list.map((r) => `${r.method}: ${JSON.stringify(r.items)};`).join(" ")} };`);
  }
  lines.push("}");
  return lines.join("\n");
}

async function generate() {
  const { default: openapiTS, astToString } = tools("openapi-typescript");
  const YAML = tools("yaml");
  const tsVersion = JSON.parse(readFileSync(tools.resolve("openapi-typescript/package.json"), "utf8")).version;
  const files = new Map();
  const table = [];
  for (const version of TYPED_VERSIONS) {
    const url = new URL(`${version}/api.intercom.io.yaml`, SPECS);
    if (!existsSync(url)) throw new Error(`generate-types: no spec at ${fileURLToPath(url)}`);
    const text = readFileSync(url, "utf8");
    const spec = YAML.parse(text, { maxAliasCount: -1 });
    const body = astToString(await openapiTS(text, { silent: true })).trimEnd();
    const rows = paginatedEndpoints(spec);
    files.set(`pkg-template/intercom-api-${version}.d.ts`, [
      `// Intercom's REST API ${version} as types, for IntercomClient's typed calls (GET, POST, …, paginate).`,
      `// Generated by scripts/generate-types.mjs with openapi-typescript ${tsVersion} from Intercom's`,
      `// OpenAPI spec ${version}; do not edit. A global namespace, not a module, so that the ESM and the`,
      `// CommonJS declarations of every entry share this one file.`,
      `declare namespace IntercomApi {`,
      `  export namespace ${namespaceOf(version)} {`,
      body,
      paginatedInterface(rows),
      `  }`,
      `}`,
      ``,
    ].join("\n"));
    for (const r of rows) table.push({ version, ...r });
  }
  files.set("tests/vectors/paginated-endpoints.json", JSON.stringify(table, null, 1) + "\n");
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === fileURLToPath(new URL(`file://${process.argv[1]}`))) {
  const check = process.argv.includes("--check");
  const files = await generate();
  const stale = [];
  for (const [name, text] of files) {
    const url = new URL(name, root);
    if (check) {
      if (!existsSync(url) || readFileSync(url, "utf8") !== text) stale.push(name);
    } else {
      writeFileSync(url, text);
      console.log(`generate-types: ${name} (${Buffer.byteLength(text).toLocaleString("en")} B)`);
    }
  }
  if (stale.length) {
    console.error(`generate-types: out of date: ${stale.join(", ")}; run node scripts/generate-types.mjs and review the diff`);
    process.exit(1);
  }
  if (check) console.log(`generate-types: ${files.size} files as generated`);
}
