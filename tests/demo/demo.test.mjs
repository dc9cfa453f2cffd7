// `make demo` as a person uses it, in Chromium and in Firefox: the worker in workerd on the
// packed package, the mock Intercom, the whole journey (journey.mjs). Screenshots of each
// step go to tests/.scratch/demo-screens/<browser>/ (gitignored).
import { test } from "node:test";
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
