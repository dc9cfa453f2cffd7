// The two browsers the tests use, behind one small page interface: Chromium (Debian's)
// through playwright-core, Firefox ESR (Debian's) over WebDriver BiDi through puppeteer-core.
// Each launch gets a new profile directory. Used by tests/demo and tests/package.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

// Firefox ESR's real binary (/usr/bin/firefox-esr is a wrapper script on Debian).
export const FIREFOX_BIN = "/usr/lib/firefox-esr/firefox-esr";

/** Launches `name` ("chromium" | "firefox"); resolves to { newPage(), close() }. */
export async function launch(name) {
  const profile = mkdtempSync(path.join(os.tmpdir(), `demo-${name}-`));
  let browser;
  if (name === "chromium") {
    const { chromium } = await import(path.join(root, "node_modules/playwright-core/index.mjs"));
    // A persistent context is how playwright takes an explicit --user-data-dir.
    browser = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, headless: true });
  } else if (name === "firefox") {
    const { default: puppeteer } = await import(path.join(root, "node_modules/puppeteer-core/lib/puppeteer/puppeteer-core.js"));
    browser = await puppeteer.launch({ browser: "firefox", executablePath: FIREFOX_BIN, headless: true, userDataDir: profile,
      extraPrefsFirefox: { "network.proxy.type": 0, "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false } });
  } else throw new Error(`unknown browser ${name}`);
  return {
    name,
    async newPage() {
      const page = await browser.newPage();
      return wrap(name, page);
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

function wrap(name, page) {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e?.message ?? e)));
  const evaluate = async (fn, arg) => {
    // A navigation in flight destroys the context; the caller polls again.
    try {
      return await page.evaluate(fn, arg);
    } catch {
      return undefined;
    }
  };
  return {
    errors,
    /** page.evaluate as the driver does it: errors propagate. */
    run: (fn, arg) => page.evaluate(fn, arg),
    close: () => page.close(),
    url: () => page.url(),
    goto: (url) => page.goto(url),
    setSize: (width, height) => (name === "chromium" ? page.setViewportSize({ width, height }) : page.setViewport({ width, height })),
    click: (selector) => page.click(selector),
    /** Sets an input's value as typing would, without relying on either driver's typing API. */
    fill: (selector, value) =>
      page.evaluate(([s, v]) => {
        const el = document.querySelector(s);
        el.value = v;
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, [selector, value]),
    text: (selector) => evaluate((s) => document.querySelector(s)?.textContent ?? null, selector),
    value: (selector) => evaluate((s) => document.querySelector(s)?.value ?? null, selector),
    /** Shown as rendered (not as marked up): it takes up space and is not invisible. */
    shown: (selector) =>
      evaluate((s) => {
        const el = document.querySelector(s);
        return Boolean(el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden");
      }, selector),
    disabled: (selector) => evaluate((s) => document.querySelector(s)?.disabled ?? null, selector),
    rows: (selector) => evaluate((s) => [...document.querySelectorAll(`${s} tbody tr`)].map((tr) => [...tr.cells].map((td) => td.textContent)), selector),
    html: () => evaluate(() => document.documentElement.outerHTML),
    cookies: () => evaluate(() => document.cookie),
    /** Polls until fn() is truthy; fails with what it last saw. */
    async until(what, fn, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      let last;
      for (;;) {
        last = await fn();
        if (last) return last;
        if (Date.now() > end) throw new Error(`${name}: timed out waiting for ${what}`);
        await sleep(100);
      }
    },
    async waitText(selector, pattern, timeoutMs) {
      let seen = null;
      try {
        return await this.until(`${selector} to match ${pattern}`, async () => {
          seen = await this.text(selector);
          return seen != null && pattern.test(seen) && (await this.shown(selector)) && seen;
        }, timeoutMs);
      } catch (err) {
        throw new Error(`${err.message}; it shows: ${JSON.stringify(seen)}`);
      }
    },
    waitUrl(pattern) {
      return this.until(`the URL to match ${pattern}`, async () => pattern.test(page.url()));
    },
    screenshot: (file) => page.screenshot({ path: file, fullPage: true }),
  };
}
