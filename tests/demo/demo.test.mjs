// `make demo` as a person uses it, in Chromium and in Firefox: the worker in workerd on the
// packed package, the mock Intercom, the whole journey (journey.mjs). Screenshots of each
// step go to tests/.scratch/demo-screens/<browser>/ (gitignored).
import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../support/browsers.mjs";
import { journey, startDemo } from "./journey.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

for (const name of ["chromium", "firefox"]) {
  test(`the demo journey in ${name}`, async (t) => {
    const shots = path.join(root, "tests/.scratch/demo-screens", name);
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    // One demo per browser: its own mock, tokens and webhook log.
    const demo = await startDemo();
    let browser;
    try {
      browser = await launch(name);
      const page = await browser.newPage();
      await page.setSize(1280, 900);
      const steps = await journey(page, demo.url, { shot: (step) => page.screenshot(path.join(shots, `${step}.png`)) });
      for (const s of steps) t.diagnostic(`${s.step}: ${s.shows}`);
    } finally {
      await browser?.close();
      await demo.stop();
    }
  });
}

test("make demo prints exactly one URL, and a taken port makes it pick a free one", async () => {
  const taken = net.createServer();
  await new Promise((r) => taken.listen(0, "127.0.0.1", r));
  const busy = taken.address().port;
  const demo = await startDemo({ port: busy });
  try {
    const url = new URL(demo.url);
    assert.notEqual(Number(url.port), busy);
    const state = await (await fetch(new URL("/api/state", url))).json();
    assert.equal(state.mode, "mock");
    assert.deepEqual(demo.output().match(/https?:\/\/\S+/g), [demo.url], "one URL, nothing else");
  } finally {
    await demo.stop();
    taken.close();
  }
});
