// The typed calls' declarations (pkg-template/intercom-api-*.d.ts) and the protocol's table of
// paginated endpoints (tests/vectors/paginated-endpoints.json) are what scripts/generate-types.mjs
// makes from the specs with the pinned openapi-typescript, byte for byte: regenerating changes
// nothing, so no hand edit or generator drift goes unseen.
import { execFileSync } from "node:child_process";
import path from "node:path";
import test from "node:test";
import assert from "node:assert/strict";
import { REPO_ROOT } from "../mock/schemas.mjs";

test("regenerating the typed calls' declarations gives the same bytes", () => {
  let out = "";
  let ok = true;
  try {
    out = execFileSync(process.execPath, [path.join(REPO_ROOT, "scripts/generate-types.mjs"), "--check"], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    ok = false;
    out = `${e.stdout}${e.stderr}`;
  }
  assert.ok(ok, out);
});
