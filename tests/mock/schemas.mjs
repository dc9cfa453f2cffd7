// Test helper: validators for the official Intercom OpenAPI schemas (dev dependencies: yaml, ajv, ajv-formats).
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, "../..");
// shared/ sits beside the repo, locally and in CI.
export const SPEC_DIR = path.resolve(REPO_ROOT, "../shared/intercom-openapi");
export const SPEC_VERSIONS = ["2.11", "2.14", "2.16"];
export const CHECKED_SCHEMAS = ["admin", "admin_list", "admin_with_app", "error", "contact_list"];

const DROP = new Set(["example", "examples", "discriminator", "xml", "externalDocs", "deprecated", "readOnly", "writeOnly", "nullable"]);

// OpenAPI 3.0 schema object → JSON Schema (draft-07) that ajv understands; `nullable` becomes a null type.
export function toJsonSchema(node) {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith("x-") || DROP.has(k)) continue;
    if (k === "properties") out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, toJsonSchema(pv)]));
    else out[k] = toJsonSchema(v);
  }
  if (node.nullable !== true) return out;
  if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: "null" }] };
  if (out.type) {
    out.type = [out.type, "null"];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: "null" }] };
}

const docs = new Map();
export function loadSpec(version) {
  if (!docs.has(version)) {
    const file = path.join(SPEC_DIR, version, "api.intercom.io.yaml");
    docs.set(version, parse(readFileSync(file, "utf8")));
  }
  return docs.get(version);
}

/** The Intercom-Version enum of one spec file. */
export function versionEnum(version) {
  return loadSpec(version).components.schemas.intercom_version.enum.map(String);
}

let ajv;
/** validate(specVersion, schemaName, value) → null when valid, else ajv's errors. */
export function validate(specVersion, schemaName, value) {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const v of SPEC_VERSIONS) {
      ajv.addSchema({ $id: `urn:intercom:${v}`, components: { schemas: toJsonSchema(loadSpec(v).components.schemas) } });
    }
  }
  const ref = `urn:intercom:${specVersion}#/components/schemas/${schemaName}`;
  const fn = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  return fn(value) ? null : fn.errors;
}

/** Which spec describes a response served for an Intercom-Version value. */
export function specFor(version) {
  if (version == null) return null;
  if (version === "Preview" || version === "Unstable") return "2.16";
  const [a, b] = version.split(".").map(Number);
  const r = a * 1000 + b;
  return r < 2014 ? "2.11" : r < 2016 ? "2.14" : "2.16";
}

/** Which official schema a mock response should match, or null when the spec has none. */
export function schemaFor({ method, path: p, status, version }) {
  if (status >= 400) return "error";
  if (status !== 200) return null;
  // The lists (issue 22) follow 2.14 and later, whose schemas require no field; 2.11's
  // conversation and company require a dozen the mock's lists leave out.
  if (specFor(version) !== "2.11") {
    const list = { "POST /contacts/search": "contact_list", "GET /conversations": "conversation_list", "POST /conversations/search": "conversation_list",
      "GET /companies": "company_list", "GET /companies/scroll": "company_scroll", "GET /tags": "tag_list" }[`${method} ${p}`];
    if (list) return list;
    if (method === "GET" && /^\/contacts\/[^/]+$/.test(p)) return "contact";
  }
  if (method !== "GET") return null;
  if (p === "/admins") return "admin_list";
  if (/^\/admins\/[^/]+$/.test(p)) return "admin";
  if (p === "/me") return "admin_with_app";
  if (p === "/contacts") return "contact_list";
  return null;
}

/**
 * Collects every JSON body a mock returns (pass `collector.onResponse` to startMock) and validates them:
 * against the spec matching the served version, or against all three when no version applied (errors).
 */
export function bodyCollector() {
  const bodies = [];
  return {
    bodies,
    onResponse: (info) => bodies.push(info),
    validateAll() {
      const failures = [];
      const counts = {};
      let unchecked = 0;
      for (const b of bodies) {
        const schema = schemaFor(b);
        if (!schema) {
          unchecked++;
          continue;
        }
        const value = JSON.parse(b.body);
        const specs = schema === "error" || !b.version ? SPEC_VERSIONS : [specFor(b.version)];
        for (const v of specs) {
          const key = `${schema}@${v}`;
          counts[key] = (counts[key] ?? 0) + 1;
          const errs = validate(v, schema, value);
          if (errs) failures.push({ key, path: b.path, status: b.status, version: b.version, errors: errs.slice(0, 3), body: b.body.slice(0, 300) });
        }
      }
      return { total: bodies.length, unchecked, counts, failures };
    },
  };
}
