// The package's TypeScript shapes of Intercom objects (Admin, AdminList, AdminWithApp, App)
// checked against Intercom's official OpenAPI schemas (2.11, 2.14, 2.16): every property a
// schema lists is declared, and whatever the schema allows for it fits the declared type.
// The schemas become TS types here; `tsc --strict` does the checking. Needs `make package`.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import test from "node:test";
import assert from "node:assert/strict";
import { REPO_ROOT, SPEC_VERSIONS, loadSpec, toJsonSchema } from "../mock/schemas.mjs";

/** Ours ↔ the schema that describes it. */
const SHAPES = { Admin: "admin", AdminList: "admin_list", AdminWithApp: "admin_with_app", App: "app" };
/** Stronger than the schemas, on purpose: every admin has an id (the client checks it), a list
 * has its array, and its entries are admins, never null. The schemas mark nothing required and
 * 2.14+ allow null entries. */
const ASSUMED_REQUIRED = { admin: ["id"], admin_with_app: ["id"], admin_list: ["admins"] };
const ASSUMED_TYPES = { admin_list: { admins: (v) => `Array<Spec_admin_${v}>` } };

/** A JSON schema (from toJsonSchema) as a TS type; refs are followed a few levels deep. */
function tsOf(node, schemas, depth = 0) {
  if (!node || typeof node !== "object") return "unknown";
  if (node.$ref) {
    const name = node.$ref.split("/").pop();
    return depth > 3 ? "any" : tsOf(schemas[name], schemas, depth + 1);
  }
  for (const key of ["anyOf", "oneOf"]) if (node[key]) return node[key].map((n) => tsOf(n, schemas, depth)).join(" | ");
  if (node.allOf) return node.allOf.map((n) => `(${tsOf(n, schemas, depth)})`).join(" & ");
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : node.properties ? ["object"] : [];
  if (!types.length) return "unknown";
  return types.map((t) => {
    if (node.enum && t !== "null") return node.enum.filter((v) => v !== null).map((v) => JSON.stringify(v)).join(" | ");
    switch (t) {
      case "string": return "string";
      case "integer": case "number": return "number";
      case "boolean": return "boolean";
      case "null": return "null";
      case "array": return `Array<${tsOf(node.items, schemas, depth)}>`;
      default: return objectOf(node, schemas, depth, []);
    }
  }).join(" | ");
}

function objectOf(node, schemas, depth, required, assumed = {}) {
  const props = Object.entries(node.properties ?? {});
  if (!props.length) return "{ [key: string]: unknown }";
  return `{ ${props.map(([k, v]) => `${JSON.stringify(k)}${required.includes(k) ? "" : "?"}: ${assumed[k] ?? tsOf(v, schemas, depth)};`).join(" ")} }`;
}

test("TS shapes of Intercom objects match the official OpenAPI schemas", () => {
  const lines = [
    `import type { ${Object.keys(SHAPES).join(", ")} } from ${JSON.stringify(path.join(REPO_ROOT, "dist/pkg/index.js"))};`,
    "/** The property names a type declares, without its index signature. */",
    "type Declared<T> = keyof { [K in keyof T as string extends K ? never : K]: 1 };",
  ];
  let checks = 0;
  for (const version of SPEC_VERSIONS) {
    const schemas = toJsonSchema(loadSpec(version).components.schemas);
    const v = version.replace(".", "_");
    for (const [ours, name] of Object.entries(SHAPES)) {
      const schema = schemas[name];
      assert.ok(schema?.properties, `${version}: no schema ${name}`);
      const spec = `Spec_${name}_${v}`;
      const assumed = Object.fromEntries(Object.entries(ASSUMED_TYPES[name] ?? {}).map(([k, f]) => [k, f(v)]));
      lines.push(`type ${spec} = ${objectOf(schema, schemas, 0, ASSUMED_REQUIRED[name] ?? [], assumed)};`);
      for (const prop of Object.keys(schema.properties)) {
        const id = `${name}_${prop}_${v}`;
        lines.push(`// ${version} ${name}.${prop}: declared by ${ours}, and every value the schema allows fits it`);
        lines.push(`const declared_${id}: Declared<${ours}> = ${JSON.stringify(prop)};`);
        lines.push(`const fits_${id}: ${ours}[${JSON.stringify(prop)}] = null as unknown as ${spec}[${JSON.stringify(prop)}];`);
        checks++;
      }
      lines.push(`const whole_${name}_${v}: ${ours} = null as unknown as ${spec};`);
    }
  }
  const dir = path.join(REPO_ROOT, "tests/.scratch/openapi-types");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "check.ts"), lines.join("\n") + "\n");
  const tsc = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
  let out = "";
  try {
    execFileSync(process.execPath, [tsc, "--strict", "--noEmit", "--noUnusedLocals", "false", "--target", "es2022",
      "--module", "nodenext", "--moduleResolution", "nodenext", "--skipLibCheck", "false", path.join(dir, "check.ts")], { encoding: "utf8" });
  } catch (e) {
    out = `${e.stdout}${e.stderr}`;
  }
  assert.equal(out, "", `TS shapes disagree with the OpenAPI schemas (${checks} property checks):\n${out}`);
  console.log(`${checks} property checks against ${SPEC_VERSIONS.join(", ")}: all fit`);
});
