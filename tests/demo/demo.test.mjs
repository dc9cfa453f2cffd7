// `make demo` as a person uses it: start www/serve.mjs, open the page in Chromium, click
// "List admins", and expect the mock workspace's admins in the table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

test("the demo page lists the mock's admins in Chromium", async () => {
  const server = spawn(process.execPath, ["www/serve.mjs", "--port", "0", "--mock-port", "0"], { cwd: root });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      server.stdout.on("data", (d) => {
        out += d;
        const m = /demo: (http\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      server.on("exit", (code) => reject(new Error(`serve.mjs exited ${code}: ${out}`)));
    });
    const { chromium } = await import(path.join(root, "node_modules/playwright-core/index.mjs"));
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(url);
      await page.click("#list");
      await page.waitForSelector("#out table", { timeout: 10_000 });
      const names = await page.$$eval("#out tbody tr td:first-child", (tds) => tds.map((td) => td.textContent));
      assert.ok(names.length >= 2, `rows: ${names}`);
      assert.ok(names.every((n) => n && n.length > 0));
      assert.match(await page.textContent("#out"), /\d+ admins · rate limit \d+\/\d+ left/);
      // A wrong token shows Intercom's code and the hint instead of a table.
      await page.fill("#token", "dG9rOndyb25n");
      await page.click("#list");
      await page.waitForSelector("#out .error");
      assert.match(await page.textContent("#out .error"), /unauthorized \(401\).*\nWhat to do: /s);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill("SIGTERM");
  }
});
