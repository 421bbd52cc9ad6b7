// Runs the browser tests: builds the kith server once (debug, in the
// workspace's target directory), checks Chromium is there, then runs every
// e2e/*.test.mjs with node's test runner, one file at a time.
//
//   KITH_BIN=/path/to/kith   use this server binary instead of building one
//   KITH_CHROMIUM=/path      use this Chromium instead of /usr/bin/chromium
//   KITH_E2E_ONLY=accounts   run only the files whose name contains this
//   KITH_E2E_WEB_DIST=dir    serve the web app built into dir (vite build --outDir dir)

import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const web = path.dirname(here);
const root = path.dirname(web);
/** The whole run, build included, stops after this long. */
const OVERALL_TIMEOUT_MS = 20 * 60 * 1000;

/** @param {string} message */
function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

const chromium = process.env.KITH_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  fail(`no Chromium at ${chromium}: install Debian's chromium package (scripts/test does) or set KITH_CHROMIUM`);
}
const dist = process.env.KITH_E2E_WEB_DIST ? path.resolve(process.env.KITH_E2E_WEB_DIST) : path.join(web, "dist");
if (!existsSync(path.join(dist, "index.html"))) {
  fail(`${dist} has no built app: run \`npm run build\` first`);
}

let bin = process.env.KITH_BIN;
if (!bin) {
  console.log("e2e: building the kith server (cargo build -p kith --locked)");
  const build = spawnSync("cargo", ["build", "--quiet", "-p", "kith", "--locked"], {
    cwd: root,
    stdio: "inherit",
    timeout: OVERALL_TIMEOUT_MS,
  });
  if (build.error) fail(`could not run cargo: ${build.error.message}`);
  if (build.status !== 0) fail("cargo build failed");
  const targetDir = process.env.CARGO_TARGET_DIR
    ? path.resolve(root, process.env.CARGO_TARGET_DIR)
    : path.join(root, "target");
  bin = path.join(targetDir, "debug", "kith");
}
if (!existsSync(bin)) fail(`no server binary at ${bin}`);

const only = process.env.KITH_E2E_ONLY ?? "";
const files = readdirSync(here)
  .filter((f) => f.endsWith(".test.mjs") && f.includes(only))
  .sort()
  .map((f) => path.join(here, f));
if (files.length === 0) fail("no test files matched");

const child = spawn(
  process.execPath,
  ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files],
  {
    cwd: web,
    stdio: "inherit",
    env: { ...process.env, KITH_BIN: bin, KITH_CHROMIUM: chromium, KITH_E2E_WEB_DIST: dist },
  },
);
const timer = setTimeout(() => {
  console.error(`e2e: still running after ${OVERALL_TIMEOUT_MS / 60000} minutes: stopping`);
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
}, OVERALL_TIMEOUT_MS);
child.on("exit", (code, signal) => {
  clearTimeout(timer);
  process.exit(code ?? (signal ? 1 : 0));
});
