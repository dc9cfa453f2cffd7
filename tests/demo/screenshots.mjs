// `make screenshots`: walks the journey in Chromium and saves docs/demo.png (the page with a
// connected workspace and the webhook log) for the README.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "../support/browsers.mjs";
import { journey, startDemo } from "./journey.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.join(root, "docs/demo.png");
mkdirSync(path.dirname(out), { recursive: true });
const demo = await startDemo();
let browser;
try {
  browser = await launch("chromium");
  const page = await browser.newPage();
  await page.setSize(1200, 800);
  await journey(page, demo.url, { showcase: (p) => p.screenshot(out) });
  console.log(`screenshots: wrote ${path.relative(root, out)}`);
} finally {
  await browser?.close();
  await demo.stop();
}
