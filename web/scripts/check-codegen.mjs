// Fails when src/gql/ differs from what `npm run codegen` would write from
// ../schema.graphql and the operations in src/ (run `npm run codegen`).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const committed = path.join(web, "src", "gql");
const fresh = mkdtempSync(path.join(tmpdir(), "kith-codegen-"));

try {
  const bin = path.join(web, "node_modules", ".bin", "graphql-codegen");
  const run = spawnSync(bin, ["--config", "codegen.ts", "--silent"], {
    cwd: web,
    env: { ...process.env, CODEGEN_OUT: fresh + path.sep },
    encoding: "utf8",
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error("codegen:check: graphql-codegen failed (does an operation no longer match schema.graphql?)");
    process.exit(1);
  }
  const list = (/** @type {string} */ dir) => readdirSync(dir).filter((f) => f.endsWith(".ts")).sort();
  const expected = list(fresh);
  const actual = list(committed);
  const stale = [];
  for (const name of new Set([...expected, ...actual])) {
    const want = expected.includes(name) ? readFileSync(path.join(fresh, name), "utf8") : null;
    const have = actual.includes(name) ? readFileSync(path.join(committed, name), "utf8") : null;
    if (want !== have) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`codegen:check: src/gql/ is out of date (${stale.join(", ")}): run \`npm run codegen\``);
    process.exit(1);
  }
  console.log(`codegen:check: src/gql/ matches schema.graphql and the operations in src/ (${expected.length} files)`);
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
