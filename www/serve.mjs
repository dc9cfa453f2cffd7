// `make demo`: the mock Intercom plus a static server for www/ and the built package.
// Usage: node www/serve.mjs [--port 8080] [--mock-port 4010]
import http from "node:http";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startMock } from "../tests/mock/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkgDir = path.resolve(here, "../dist/pkg");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

const mock = await startMock({ port: arg("mock-port", 4010) });
const config = { baseUrl: mock.url, token: mock.tokens.us.valid };
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url, "http://demo");
  if (pathname === "/config.json") {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(config));
    return;
  }
  const [dir, rel] = pathname.startsWith("/pkg/") ? [pkgDir, pathname.slice(5)] : [here, pathname === "/" ? "index.html" : pathname.slice(1)];
  const file = path.resolve(dir, rel);
  if (!file.startsWith(dir + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end("not found");
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
});
server.listen(arg("port", 8080), "127.0.0.1", () => {
  console.log(`mock Intercom: ${mock.url} (US token ${config.token})`);
  console.log(`demo: http://127.0.0.1:${server.address().port}/`);
});
const stop = async () => {
  server.close();
  await mock.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
