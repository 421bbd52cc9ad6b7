// What the browser tests share: a real kith server on a free port with a
// fresh SQLite database and the demo data, Debian's Chromium driven by
// playwright-core, axe-core and layout checks on every page, keyboard-only
// helpers, the email the server wrote, and screenshots.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const webDir = path.dirname(here);
const artifacts = path.join(webDir, "test-artifacts");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const DEMO_PASSWORD = "kith demo 2026";

/** @typedef {import("playwright-core").Page} Page */
/** @typedef {import("playwright-core").Locator} Locator */
/** @typedef {import("playwright-core").Browser} Browser */

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * @typedef {{ url: string, dataDir: string, log: () => string, stop: () => Promise<void> }} Server
 */

/**
 * Start `kith serve --seed-demo` on a free loopback port with a new data
 * directory (SQLite, mail written as .eml files) and the built web app, and
 * wait until /readyz answers.
 * @returns {Promise<Server>}
 */
export async function startServer() {
  const bin = process.env.KITH_BIN;
  assert.ok(bin, "KITH_BIN is not set: run the browser tests with `npm run e2e`");
  const dataDir = mkdtempSync(path.join(tmpdir(), "kith-e2e-"));
  let lastError = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    /** @type {Record<string, string>} */
    const env = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v === undefined || k.startsWith("KITH_") || k === "DATABASE_URL" || k === "SMTP_URL") continue;
      env[k] = v;
    }
    Object.assign(env, {
      KITH_LISTEN: `127.0.0.1:${port}`,
      KITH_DATA_DIR: dataDir,
      KITH_WEB_DIR: process.env.KITH_E2E_WEB_DIST ?? path.join(webDir, "dist"),
      KITH_PUBLIC_URL: url,
      KITH_ENV: "development",
      KITH_LOG: "warn",
    });
    const child = spawn(bin, ["serve", "--seed-demo"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    /** @type {number | null} */
    let exitCode = null;
    const exited = new Promise((resolve) =>
      child.on("exit", (code, signal) => {
        exitCode = code ?? (signal ? 128 : 0);
        resolve(undefined);
      }),
    );
    const stop = async () => {
      if (exitCode === null) {
        child.kill("SIGTERM");
        const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!done) {
          child.kill("SIGKILL");
          await exited;
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    };
    const deadline = Date.now() + 90_000;
    while (exitCode === null && Date.now() < deadline) {
      try {
        const res = await fetch(`${url}/readyz`);
        if (res.ok) return { url, dataDir, log: () => output, stop };
      } catch {
        // not listening yet
      }
      await sleep(150);
    }
    lastError = output;
    if (exitCode === null) {
      child.kill("SIGKILL");
      await exited;
      break;
    }
    // It exited: most likely the port was taken meanwhile. Try another.
  }
  rmSync(dataDir, { recursive: true, force: true });
  throw new Error(`kith did not become ready:\n${lastError}`);
}

/** Debian's Chromium, headless, without background traffic. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.KITH_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-default-apps",
      "--disable-sync",
      "--disable-domain-reliability",
      "--disable-breakpad",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-dev-shm-usage",
      "--disable-gpu",
      "--metrics-recording-only",
    ],
    timeout: 60_000,
  });
}

/**
 * A new browser tab on the server, in UK time, at a width in CSS pixels.
 * @param {Browser} browser
 * @param {Server} server
 * @param {{ width?: number, height?: number }} [size]
 */
export async function newPage(browser, server, size = {}) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport: { width: size.width ?? 1280, height: size.height ?? 900 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    reducedMotion: "reduce",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  /** @type {string[]} */
  const problems = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });
  return { page, context, problems };
}

/**
 * Check the page as it is now:
 *  - axe-core (WCAG 2.0–2.2 A and AA, and best practice): no serious or
 *    critical violations;
 *  - nothing wider than the window at this width, at 360 px, and with text
 *    at 200% in a 640 px window (a 1280 px screen zoomed to 200%).
 * @param {Page} page
 * @param {string} label what the page is, for messages
 */
export async function checkPage(page, label) {
  await page.waitForLoadState("domcontentloaded");
  await page.locator("h1").first().waitFor();
  await page.waitForFunction(() => !document.querySelector(".loading"), null, { timeout: 15_000 });

  const hasAxe = await page.evaluate(() => "axe" in window);
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  /** @type {{ id: string, impact: string | null, help: string, nodes: { target: unknown[], failureSummary?: string }[] }[]} */
  const violations = await page.evaluate(async () => {
    // @ts-ignore axe is injected above
    const result = await window.axe.run(document, {
      runOnly: {
        type: "tag",
        values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
      },
    });
    return result.violations.map((/** @type {any} */ v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((/** @type {any} */ n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    serious.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")}`),
    [],
    `axe found serious or critical problems on "${label}"`,
  );

  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  await assertNoSidewaysScroll(page, `${label} at ${size.width} px`);
  if (size.width !== 360) {
    await page.setViewportSize({ width: 360, height: size.height });
    await assertNoSidewaysScroll(page, `${label} at 360 px`);
  }
  await page.setViewportSize({ width: 640, height: size.height });
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "225%"; // 200% of the app's own 112.5%
  });
  try {
    await assertNoSidewaysScroll(page, `${label} with text at 200%`);
  } finally {
    await page.evaluate(() => {
      document.documentElement.style.fontSize = "";
    });
    await page.setViewportSize(size);
  }
}

/**
 * @param {Page} page
 * @param {string} label
 */
async function assertNoSidewaysScroll(page, label) {
  const wide = await page.evaluate(() => {
    const root = document.documentElement;
    const limit = root.clientWidth + 1;
    if (root.scrollWidth <= limit) return null;
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > limit && getComputedStyle(el).position !== "absolute";
      })
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")} (right ${Math.round(el.getBoundingClientRect().right)})`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  });
  assert.equal(wide, null, `content is wider than the window on ${label}: ${JSON.stringify(wide)}`);
}

/**
 * Press Tab until `target` has focus, then check the focus can be seen.
 * Fails when it cannot be reached by Tab.
 * @param {Page} page
 * @param {Locator} target
 * @param {{ max?: number }} [options]
 */
export async function tabTo(page, target, options = {}) {
  const max = options.max ?? 120;
  await target.waitFor({ state: "visible" });
  const handle = await target.elementHandle();
  assert.ok(handle, "target not found");
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await handle.evaluate((el) => el === document.activeElement)) {
      await assertVisibleFocus(page);
      return;
    }
  }
  const name = await handle.evaluate((el) => el.outerHTML.slice(0, 160));
  assert.fail(`could not reach ${name} with the Tab key in ${max} presses`);
}

/**
 * The focused element shows a focus indicator: an outline or a ring at
 * least 2 px wide.
 * @param {Page} page
 */
export async function assertVisibleFocus(page) {
  const style = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const s = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent ?? "").trim().slice(0, 40),
      outlineStyle: s.outlineStyle,
      outlineWidth: parseFloat(s.outlineWidth) || 0,
      boxShadow: s.boxShadow,
    };
  });
  assert.ok(style, "nothing has focus");
  const outline = style.outlineStyle !== "none" && style.outlineWidth >= 2;
  const ring = style.boxShadow !== "none" && style.boxShadow !== "";
  assert.ok(outline || ring, `no visible focus on <${style.tag}> "${style.text}": ${JSON.stringify(style)}`);
}

/**
 * Tab to a link or button and press Enter.
 * @param {Page} page
 * @param {Locator} target
 */
export async function activate(page, target) {
  await tabTo(page, target);
  await page.keyboard.press("Enter");
}

/**
 * Tab to a text field, clear it and type.
 * @param {Page} page
 * @param {Locator} field
 * @param {string} text
 */
export async function typeInto(page, field, text) {
  await tabTo(page, field);
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
}

/**
 * In a group of radio buttons, Tab to the group and move with the arrow
 * keys until `choice` is checked.
 * @param {Page} page
 * @param {Locator} group the fieldset
 * @param {Locator} choice the radio button to choose
 */
export async function chooseRadio(page, group, choice) {
  const radios = group.getByRole("radio");
  const checked = group.locator("input[type=radio]:checked");
  const stop = (await checked.count()) > 0 ? checked : radios.first();
  await tabTo(page, stop);
  for (let i = 0; i < 10; i++) {
    if (await choice.isChecked()) {
      assert.ok(await choice.evaluate((el) => el === document.activeElement), "the chosen radio button lost focus");
      return;
    }
    if (i === 0 && !(await stop.isChecked())) await page.keyboard.press("Space");
    else await page.keyboard.press("ArrowDown");
  }
  assert.fail("could not choose the radio button with the arrow keys");
}

/**
 * Tab to a checkbox and tick it with Space.
 * @param {Page} page
 * @param {Locator} box
 */
export async function tick(page, box) {
  await tabTo(page, box);
  await page.keyboard.press("Space");
  assert.ok(await box.isChecked(), "the checkbox did not tick");
}

/**
 * The h1 of the page once it says `title`.
 * @param {Page} page
 * @param {string | RegExp} title
 */
export async function expectHeading(page, title) {
  const h1 = page.locator("h1");
  await h1.filter({ hasText: title }).waitFor();
  return h1;
}

/**
 * Wait until the field shows `expected` as its error, and check the error
 * is tied to it (aria-describedby) and sits next to it (same .field).
 * @param {Page} page
 * @param {string} fieldId the input's id
 * @param {string | RegExp} expected
 */
export async function expectFieldError(page, fieldId, expected) {
  const error = page.locator(`#${fieldId}-error`);
  const pattern = typeof expected === "string" ? new RegExp(`^(Error:\\s*)?${expected.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : expected;
  try {
    await error.filter({ hasText: pattern }).waitFor();
  } catch {
    const shown = (await error.count()) > 0 ? await error.textContent() : "(no error)";
    assert.fail(`#${fieldId} should show an error like ${pattern}, but shows: ${shown}`);
  }
  const describedBy = await page.locator(`#${fieldId}`).evaluate((el) => {
    const own = el.getAttribute("aria-describedby") ?? "";
    const group = el.closest("fieldset")?.getAttribute("aria-describedby") ?? "";
    return `${own} ${group}`;
  });
  assert.ok(describedBy.split(/\s+/).includes(`${fieldId}-error`), `#${fieldId} is not described by its error`);
  const sameField = await page
    .locator(`#${fieldId}`)
    .evaluate((el, id) => el.closest(".field")?.contains(document.getElementById(`${id}-error`)) ?? false, fieldId);
  assert.ok(sameField, `the error for #${fieldId} is not next to it`);
}

/**
 * Save a picture of the whole page under web/test-artifacts/.
 * @param {Page} page
 * @param {string} name
 */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/**
 * Run GraphQL against the server directly (to set up or verify what the
 * browser did).
 * @param {Server} server
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @param {string | null} [token]
 * @returns {Promise<any>}
 */
export async function gql(server, query, variables = {}, token = null) {
  /** @type {Record<string, string>} */
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${server.url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query, variables }),
  });
  /** @type {any} */
  const body = await res.json();
  if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Sign in through the API and return the access token.
 * @param {Server} server
 * @param {string} email
 * @param {string} [password]
 */
export async function apiLogin(server, email, password = DEMO_PASSWORD) {
  const data = await gql(
    server,
    "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
    { e: email, p: password },
  );
  return /** @type {string} */ (data.login.accessToken);
}

/**
 * Sign in through the app with the keyboard, from wherever the page is.
 * @param {Page} page
 * @param {string} email
 * @param {string} [password]
 */
export async function signInWithKeyboard(page, email, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await expectHeading(page, "Sign in");
  await typeInto(page, page.getByLabel("Email address"), email);
  await typeInto(page, page.getByLabel("Password", { exact: true }), password);
  await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
  await page.locator("h1").filter({ hasText: /^Hello, / }).waitFor();
}

/** Decode a quoted-printable body. @param {string} text */
function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * The readable text of an email: every text/plain part, decoded.
 * @param {string} raw
 */
export function emailText(raw) {
  const unfolded = raw.replace(/\r\n/g, "\n");
  const texts = [];
  // Each part: headers, a blank line, a body up to the next boundary.
  const parts = unfolded.split(/\n--[^\n]+\n/);
  for (const part of parts) {
    const split = part.indexOf("\n\n");
    if (split < 0) continue;
    const headers = part.slice(0, split).toLowerCase();
    let body = part.slice(split + 2);
    if (!/content-type:\s*text\/plain/.test(headers)) continue;
    body = body.replace(/\n--[^\n]*--\s*$/, "");
    if (/content-transfer-encoding:\s*quoted-printable/.test(headers)) body = decodeQuotedPrintable(body);
    else if (/content-transfer-encoding:\s*base64/.test(headers)) {
      body = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    }
    texts.push(body);
  }
  return texts.join("\n");
}

/**
 * Wait for the server to write an email to `to` whose subject matches,
 * and return its text.
 * @param {Server} server
 * @param {string} to
 * @param {RegExp} subject
 */
export async function waitForEmail(server, to, subject) {
  const dir = path.join(server.dataDir, "mail");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    /** @type {string[]} */
    let names = [];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
    } catch {
      names = [];
    }
    for (const name of names) {
      const raw = readFileSync(path.join(dir, name), "utf8");
      const head = raw.slice(0, raw.search(/\r?\n\r?\n/));
      const toLine = /^To:\s*(.*)$/im.exec(head)?.[1] ?? "";
      const subjectLine = /^Subject:\s*(.*)$/im.exec(head)?.[1] ?? "";
      if (toLine.toLowerCase().includes(to.toLowerCase()) && subject.test(subjectLine)) return emailText(raw);
    }
    await sleep(250);
  }
  throw new Error(`no email to ${to} with a subject like ${subject} within 30 seconds`);
}

/**
 * Slow every GraphQL request down (a slow network) until the returned
 * function is called; counts the requests per operation name.
 * @param {Page} page
 * @param {number} delayMs
 */
export async function slowNetwork(page, delayMs) {
  /** @type {Record<string, number>} */
  const counts = {};
  /** @param {import("playwright-core").Route} route */
  const handler = async (route) => {
    const body = route.request().postDataJSON();
    const name = body?.operationName ?? "anonymous";
    counts[name] = (counts[name] ?? 0) + 1;
    await sleep(delayMs);
    await route.continue();
  };
  await page.route("**/graphql", handler);
  return {
    counts,
    restore: () => page.unroute("**/graphql", handler),
  };
}
