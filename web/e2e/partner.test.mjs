// Partner staff (Sam Okafor at Riverside Council Adult Social Care, from
// the demo data): the referral queue, moving referrals on with notes.
// Keyboard only.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  activate,
  apiLogin,
  checkPage,
  expectFieldError,
  expectHeading,
  gql,
  launchBrowser,
  newPage,
  screenshot,
  signInWithKeyboard,
  startServer,
  typeInto,
} from "./harness.mjs";

/** @type {import("./harness.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("referral queue: acknowledge, accept, start, close with the outcome, and decline with a reason", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, "partner@kith.example");
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Referrals", exact: true }));
    await expectHeading(page, "Referrals");
    await checkPage(page, "referrals");

    const queue = page.getByRole("region", { name: "Riverside Council Adult Social Care" });
    const card = (/** @type {string} */ title) =>
      queue.locator("article").filter({ has: page.getByRole("heading", { name: title }) });
    const care = card("Care and support assessment: Edna Morris");
    const money = card("Money: Edna Morris");
    await care.getByText("New: waiting to be acknowledged").waitFor();
    await money.getByText("New: waiting to be acknowledged").waitFor();
    await care.getByText("Priya Shah, Riverside Good Neighbours").waitFor();

    const move = async (/** @type {import("playwright-core").Locator} */ c, /** @type {string} */ button, /** @type {string} */ result) => {
      await activate(page, c.getByRole("button", { name: button, exact: true }));
      await c.getByRole("status").filter({ hasText: result }).waitFor();
    };
    const note = (/** @type {import("playwright-core").Locator} */ c) => c.getByLabel("Note");

    // The assessment: acknowledge, accept with a note, start, close.
    await move(care, "Acknowledge", "Referral acknowledged.");
    await care.getByText("Acknowledged: waiting for a decision").waitFor();
    await typeInto(page, note(care), "We will phone Edna this week to arrange a visit.");
    await move(care, "Accept", "Referral accepted.");
    await move(care, "Start work", "Referral in progress.");

    // Closing needs the outcome: the server says so at the note.
    await activate(page, care.getByRole("button", { name: "Close", exact: true }));
    const careNoteId = await note(care).getAttribute("id");
    assert.ok(careNoteId);
    await expectFieldError(page, careNoteId, "Record the outcome when closing.");
    await checkPage(page, "referrals, with errors");
    await typeInto(page, note(care), "Assessed at home: a bath lift and carers twice a week from Monday.");
    await move(care, "Close", "Referral closed.");
    await care.getByText("Closed", { exact: true }).waitFor();
    await care.getByText("Assessed at home: a bath lift and carers twice a week from Monday.").first().waitFor();

    // The money referral: acknowledge, then decline with a reason.
    await move(money, "Acknowledge", "Referral acknowledged.");
    await activate(page, money.getByRole("button", { name: "Decline", exact: true }));
    const moneyNoteId = await note(money).getAttribute("id");
    assert.ok(moneyNoteId);
    await expectFieldError(page, moneyNoteId, "Say why the referral is declined.");
    await typeInto(page, note(money), "Citizens Advice Riverside can help with benefits: we have passed on their number.");
    await move(money, "Decline", "Referral declined.");
    await money.getByText("Declined", { exact: true }).waitFor();
    await checkPage(page, "referrals after moving them on");

    // What the server now holds.
    const sam = await apiLogin(server, "partner@kith.example");
    const data = await gql(
      server,
      "{ referrals(first: 10) { edges { node { reason status outcome timeline { toStatus note actor { displayName } } } } } }",
      {},
      sam,
    );
    const byReason = Object.fromEntries(data.referrals.edges.map((/** @type {any} */ e) => [e.node.reason, e.node]));
    assert.equal(byReason.CARE_ASSESSMENT.status, "CLOSED");
    assert.equal(byReason.CARE_ASSESSMENT.outcome, "Assessed at home: a bath lift and carers twice a week from Monday.");
    assert.deepEqual(
      byReason.CARE_ASSESSMENT.timeline.map((/** @type {any} */ t) => t.toStatus),
      ["SENT", "ACKNOWLEDGED", "ACCEPTED", "IN_PROGRESS", "CLOSED"],
    );
    assert.equal(byReason.CARE_ASSESSMENT.timeline[2].note, "We will phone Edna this week to arrange a visit.");
    assert.equal(byReason.CARE_ASSESSMENT.timeline[4].actor.displayName, "Sam Okafor");
    assert.equal(byReason.FINANCIAL.status, "DECLINED");
    assert.equal(
      byReason.FINANCIAL.timeline.at(-1).note,
      "Citizens Advice Riverside can help with benefits: we have passed on their number.",
    );
    await screenshot(page, "partner-referrals");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
