// A program run to its end for a test suite: its exit code and everything it printed, killed
// after `timeoutMs` (120 s by default) so a hung runtime fails its suite instead of stalling it.
import { spawn } from "node:child_process";

/** Runs `cmd` with `args`; resolves { code, out } (stdout and stderr interleaved), never rejects. */
export function exec(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", (err) => (out += String(err)));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
