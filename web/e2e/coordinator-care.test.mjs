// A group coordinator (Priya Shah, from the demo data) caring for
// residents: adding a resident who has no email and acting for them
// (check-ins, help, consent); the dashboard of missed check-ins, updated
// live as a check-in escalates, and resolving one; and a referral from a
// check-in that raised a concern, with consent, followed on its timeline
// as the council moves it on. Keyboard only.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  activate,
  apiLogin,
  checkPage,
  chooseRadio,
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

const ukDate = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
/** "25/11/2026", `days` from today in UK time. @param {number} days */
const ukDay = (days) => ukDate.format(new Date(Date.now() + days * 24 * 60 * 60 * 1000));

/** @param {import("playwright-core").Page} page @param {string} name */
const nav = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** Priya's token and her group Riverside Good Neighbours. */
async function priya() {
  const token = await apiLogin(server, "coordinator@kith.example");
  const me = await gql(server, "{ me { memberships { role group { id name } } } }", {}, token);
  const riverside = me.me.memberships.find((/** @type {any} */ m) => m.group.name === "Riverside Good Neighbours").group;
  return { token, riverside };
}

/** @param {string} token @param {string} groupId @param {string} name */
async function residentId(token, groupId, name) {
  const data = await gql(
    server,
    "query($g: ID!) { residents(groupId: $g, first: 100) { edges { node { id displayName email } } } }",
    { g: groupId },
    token,
  );
  const found = data.residents.edges.map((/** @type {any} */ e) => e.node).find((/** @type {any} */ p) => p.displayName === name);
  assert.ok(found, `${name} is one of the group's residents`);
  return found;
}

/**
 * As Priya, start a daily phone check-in from Tom to Edna whose first call
 * is `hoursAhead` from now; returns that first check-in (Tom's view) and
 * Tom's token.
 * @param {number} hoursAhead
 */
async function dailyCallToEdna(hoursAhead) {
  const { token, riverside } = await priya();
  const edna = await residentId(token, riverside.id, "Edna Morris");
  const tomToken = await apiLogin(server, "volunteer@kith.example");
  const tom = await gql(server, "{ me { id } }", {}, tomToken);
  const due = new Date(Math.ceil((Date.now() + hoursAhead * 3600_000) / 60_000) * 60_000);
  await gql(
    server,
    "mutation($input: CreateCheckInPlanInput!) { createCheckInPlan(input: $input) { id } }",
    {
      input: {
        residentId: edna.id,
        groupId: riverside.id,
        volunteerId: tom.me.id,
        recurrence: "FREQ=DAILY",
        firstDueAt: due.toISOString(),
        channel: "PHONE",
        riskLevel: "HIGH",
      },
    },
    token,
  );
  const list = await gql(server, "{ myCheckIns(first: 100) { edges { node { id dueAt resident { displayName } } } } }", {}, tomToken);
  const checkIn = list.myCheckIns.edges
    .map((/** @type {any} */ e) => e.node)
    .find((/** @type {any} */ c) => Date.parse(c.dueAt) === due.getTime() && c.resident.displayName === "Edna Morris");
  assert.ok(checkIn, "the new check-in is on Tom's list");
  return { checkIn, tomToken, priyaToken: token, riverside, edna };
}

test("add a resident without an email, then set up check-ins, ask for help and record consent for them", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, "coordinator@kith.example");
    await activate(page, nav(page, "Residents"));
    await expectHeading(page, "Residents");
    await page.getByRole("list", { name: "Residents of Riverside Good Neighbours" }).getByRole("link", { name: "Edna Morris" }).waitFor();
    await checkPage(page, "residents");

    // Add Mabel, who has no email address.
    const form = page.getByRole("form", { name: "Add a resident" });
    await activate(page, form.getByRole("button", { name: "Add resident" }));
    await expectFieldError(page, "field-groupId", "Choose the group that will look after them.");
    await expectFieldError(page, "field-displayName", "Enter their name.");
    await checkPage(page, "residents, with errors");
    const groupChoice = form.getByRole("group", { name: "Which group will look after them?" });
    await chooseRadio(page, groupChoice, groupChoice.getByRole("radio", { name: "Riverside Good Neighbours" }));
    await typeInto(page, form.getByLabel("Their name"), "Mabel Jones");
    await typeInto(page, form.getByLabel("Where they live (optional)"), "Mill Lane, Riverside");
    await typeInto(page, form.getByLabel("What matters to them (optional)"), "Her cat, Biscuit, and the Tuesday lunch club.");
    await activate(page, form.getByRole("button", { name: "Add resident" }));
    await expectHeading(page, "Mabel Jones");
    await page.getByText("Mabel Jones has been added. You can now act for them.").waitFor();
    await page.getByText("Mabel has no email address: you act for them.", { exact: false }).waitFor();
    await checkPage(page, "a new resident");

    // Check-ins: a date in the past is refused by Kith, at the date.
    const plan = page.getByRole("form", { name: "Set up check-ins" });
    const who = plan.getByRole("group", { name: "Who will check in on Mabel?" });
    await chooseRadio(page, who, who.getByRole("radio", { name: "Tom Evans" }));
    const often = plan.getByRole("group", { name: "How often?" });
    await chooseRadio(page, often, often.getByRole("radio", { name: "Every day" }));
    await typeInto(page, plan.getByLabel("Date of the first check-in"), ukDay(-1));
    await typeInto(page, plan.getByLabel("Time (UK time)"), "10:30");
    const how = plan.getByRole("group", { name: "How will they keep in touch?" });
    await chooseRadio(page, how, how.getByRole("radio", { name: "Phone call" }));
    await activate(page, plan.getByRole("button", { name: "Set up check-ins" }));
    await expectFieldError(page, "field-plan-firstDate", "The first check-in must be in the future.");
    await checkPage(page, "resident, check-in plan with an error");
    await typeInto(page, plan.getByLabel("Date of the first check-in"), ukDay(1));
    await activate(page, plan.getByRole("button", { name: "Set up check-ins" }));
    await page.getByRole("status").filter({ hasText: "Check-ins with Mabel are set up." }).waitFor();
    await page.getByRole("list", { name: "Check-in plans" }).getByText("Every day, phone call by Tom Evans", { exact: false }).waitFor();

    // Help on her behalf.
    const help = page.getByRole("form", { name: "Ask for help for Mabel" });
    const kind = help.getByRole("group", { name: "What kind of help?" });
    await chooseRadio(page, kind, kind.getByRole("radio", { name: "Shopping" }));
    await typeInto(page, help.getByLabel("What is needed?"), "Weekly shop: milk, bread, cat food and a few tins.");
    await typeInto(page, help.getByLabel("A day that suits Mabel"), ukDay(2));
    await typeInto(page, help.getByLabel("From (UK time)"), "10:00");
    await typeInto(page, help.getByLabel("Until (UK time)"), "12:00");
    await activate(page, help.getByRole("button", { name: "Ask for help" }));
    await page.getByRole("status").filter({ hasText: "Help asked for on Mabel's behalf." }).waitFor();
    const helpId = await page.locator("[data-help-request-id]").getAttribute("data-help-request-id");
    assert.ok(helpId);

    // Her consent to volunteers contacting her.
    const consent = page.getByRole("form", { name: "Record a decision Mabel has made" });
    const what = consent.getByRole("group", { name: "What is it about?" });
    await chooseRadio(page, what, what.getByRole("radio", { name: "Volunteers may contact them" }));
    const agrees = consent.getByRole("group", { name: "Does Mabel agree?" });
    await chooseRadio(page, agrees, agrees.getByRole("radio", { name: "Yes, they agree" }));
    await typeInto(page, consent.getByLabel("How did they tell you?"), "On the phone with Priya");
    await activate(page, consent.getByRole("button", { name: "Record decision" }));
    await page.getByRole("status").filter({ hasText: "Mabel's decision is recorded: agreed." }).waitFor();
    await page
      .getByRole("list", { name: "What they have agreed to" })
      .getByText("Volunteers may contact them: agreed", { exact: false })
      .waitFor();
    await checkPage(page, "resident after acting for them");

    // What Kith stored.
    const { token, riverside } = await priya();
    const mabel = await residentId(token, riverside.id, "Mabel Jones");
    assert.equal(mabel.email, null);
    const stored = await gql(
      server,
      `query($id: ID!, $help: ID!) {
        node(id: $id) { ... on Person { residentProfile { area whatMatters updatedBy { displayName } } consents { purpose given note recordedBy { displayName } } } }
        checkInPlans(residentId: $id) { recurrence channel status volunteer { displayName } group { name } }
        help: node(id: $help) { ... on HelpRequest { category status description residentFirstName group { name } } }
      }`,
      { id: mabel.id, help: helpId },
      token,
    );
    assert.equal(stored.node.residentProfile.area, "Mill Lane, Riverside");
    assert.equal(stored.node.residentProfile.updatedBy.displayName, "Priya Shah");
    assert.deepEqual(stored.node.consents, [
      { purpose: "contact by volunteers", given: true, note: "On the phone with Priya", recordedBy: { displayName: "Priya Shah" } },
    ]);
    assert.deepEqual(stored.checkInPlans, [
      { recurrence: "FREQ=DAILY", channel: "PHONE", status: "ACTIVE", volunteer: { displayName: "Tom Evans" }, group: { name: "Riverside Good Neighbours" } },
    ]);
    assert.deepEqual(stored.help, {
      category: "SHOPPING",
      status: "OPEN",
      description: "Weekly shop: milk, bread, cat food and a few tins.",
      residentFirstName: "Mabel",
      group: { name: "Riverside Good Neighbours" },
    });

    // Back on the list, Mabel is there.
    await activate(page, nav(page, "Residents"));
    await page.getByRole("list", { name: "Residents of Riverside Good Neighbours" }).getByRole("link", { name: "Mabel Jones" }).waitFor();
    await screenshot(page, "coordinator-resident");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("dashboard: a missed check-in appears live as it escalates, and is resolved with a note (360 px)", async () => {
  const { checkIn, tomToken, priyaToken } = await dailyCallToEdna(2);
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, "coordinator@kith.example");
    await activate(page, nav(page, "Dashboard"));
    await expectHeading(page, "Dashboard");
    await page.getByText("Riverside Good Neighbours: watching live").waitFor();
    await page.getByText("All clear: no missed or overdue check-ins.", { exact: false }).waitFor();
    await checkPage(page, "dashboard, all clear");

    // Tom gets no answer: the check-in is missed and escalates; the page
    // shows it without being reloaded.
    await page.evaluate(() => {
      // @ts-ignore a marker that a reload would wipe
      window.__sameDocument = true;
    });
    await gql(
      server,
      "mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { status } }",
      { input: { checkInId: checkIn.id, outcome: "NO_ANSWER", notes: "Rang twice, no answer." } },
      tomToken,
    );
    const list = page.getByRole("list", { name: "Missed and overdue check-ins" });
    const card = list.locator("article").filter({ has: page.getByRole("heading", { name: "Edna Morris" }) });
    // The escalation job runs every minute.
    await card.waitFor({ timeout: 90_000 });
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__sameDocument), true, "the page was not reloaded");
    await card.getByText("No answer: escalating").waitFor();
    await card.getByText("New", { exact: true }).waitFor();
    await card.getByText("Rang twice, no answer.").waitFor();
    await page.getByText("Needs attention (1)").waitFor();
    await checkPage(page, "dashboard with an escalation");

    // Resolving needs a real note: Kith says so at the note.
    const note = card.getByLabel("What did you find out about Edna?");
    await typeInto(page, note, "ok");
    await activate(page, card.getByRole("button", { name: "Resolve" }));
    const noteId = await note.getAttribute("id");
    assert.ok(noteId);
    await expectFieldError(page, noteId, /at least 3 characters/);
    await checkPage(page, "dashboard, resolve with an error");
    await typeInto(page, note, "Spoke to her neighbour: Edna was at her daughter's. All well.");
    await activate(page, card.getByRole("button", { name: "Resolve" }));
    await card.getByRole("status").filter({ hasText: "“Spoke to her neighbour: Edna was at her daughter's. All well.”" }).waitFor();
    await checkPage(page, "dashboard after resolving");

    // What Kith stored.
    const data = await gql(
      server,
      `query($id: ID!) {
        node(id: $id) { ... on CheckIn { status outcome resolvedAt resolutionNote escalationStep events { kind } } }
        overdueCheckIns(first: 100) { edges { node { id } } }
      }`,
      { id: checkIn.id },
      priyaToken,
    );
    assert.equal(data.node.status, "MISSED");
    assert.equal(data.node.outcome, "NO_ANSWER");
    assert.ok(data.node.resolvedAt);
    assert.equal(data.node.resolutionNote, "Spoke to her neighbour: Edna was at her daughter's. All well.");
    assert.ok(data.node.escalationStep >= 1, "at least one escalation step ran");
    assert.ok(data.node.events.some((/** @type {any} */ e) => e.kind === "RESOLVED"));
    assert.ok(!data.overdueCheckIns.edges.some((/** @type {any} */ e) => e.node.id === checkIn.id), "no longer overdue");
    await screenshot(page, "coordinator-dashboard");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("referral from a concern: consent is checked per partner, then the timeline follows the council live", async () => {
  // An NHS partner Edna has not agreed to share with.
  const admin = await apiLogin(server, "admin@kith.example");
  await gql(
    server,
    "mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }",
    {
      input: {
        name: "Riverside Community Health",
        kind: "NHS",
        joinPolicy: "INVITATION",
        area: "Riverside",
        contactEmail: "referrals@health.example",
      },
    },
    admin,
  );
  // Tom's call to Edna raises a concern.
  const { checkIn, tomToken, priyaToken } = await dailyCallToEdna(3);
  await gql(
    server,
    "mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { status } }",
    {
      input: {
        checkInId: checkIn.id,
        outcome: "CONCERN",
        concerns: ["HEALTH", "HOME_SAFETY"],
        notes: "Edna had a fall on Sunday and is struggling with the stairs.",
        minutes: 20,
      },
    },
    tomToken,
  );
  const countReferrals = async () =>
    (await gql(server, "{ referrals(first: 100) { totalCount } }", {}, priyaToken)).referrals.totalCount;
  const before = await countReferrals();

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, "coordinator@kith.example");
    await page.goto(`/referral?checkInId=${encodeURIComponent(checkIn.id)}`);
    await expectHeading(page, "Make a referral");
    await page.getByText("Edna had a fall on Sunday and is struggling with the stairs.", { exact: false }).waitFor();
    await checkPage(page, "new referral from a concern");

    const form = page.getByRole("form", { name: "New referral" });
    const partner = form.getByRole("group", { name: "Who should it go to?" });
    const nhs = partner.getByRole("radio", { name: "Riverside Community Health" });
    await chooseRadio(page, partner, nhs);
    const reason = form.getByRole("group", { name: "What is it about?" });
    await chooseRadio(page, reason, reason.getByRole("radio", { name: "Physical health" }));
    await typeInto(
      page,
      form.getByLabel("What does the partner need to know?"),
      "Edna fell at home on Sunday and finds the stairs hard. She would like a visit about a stair rail and a check-up.",
    );
    const sharing = form.getByRole("group", { name: "How can Edna's details be shared?" });
    await sharing.getByText("No consent from Edna is recorded for Riverside Community Health.").waitFor();
    await chooseRadio(page, sharing, sharing.getByRole("radio", { name: "With Edna's consent" }));
    await activate(page, form.getByRole("button", { name: "Send referral" }));
    await expectFieldError(
      page,
      "field-sharing",
      "Edna has not agreed to their details going to Riverside Community Health. Record their consent on their page first, or choose a lawful basis.",
    );
    assert.equal(await countReferrals(), before, "a refused referral stores nothing");
    await checkPage(page, "new referral, consent error");

    // The council, which Edna agreed to.
    await chooseRadio(page, partner, partner.getByRole("radio", { name: "Riverside Council Adult Social Care" }));
    await sharing.getByText("Edna agreed to their details going to Riverside Council Adult Social Care", { exact: false }).waitFor();
    await activate(page, form.getByRole("button", { name: "Send referral" }));
    await expectHeading(page, "Referral");
    await page.getByText("Referral sent to Riverside Council Adult Social Care.", { exact: false }).waitFor();
    await page.getByText("Sent: waiting for the partner to acknowledge it").first().waitFor();
    await page.getByText("This list updates by itself", { exact: false }).waitFor();
    await checkPage(page, "referral timeline, sent");
    const referralId = new URL(page.url()).searchParams.get("id");
    assert.ok(referralId);

    // Sam at the council acknowledges it: the timeline shows it at once.
    const sam = await apiLogin(server, "partner@kith.example");
    await page.evaluate(() => {
      // @ts-ignore a marker that a reload would wipe
      window.__sameDocument = true;
    });
    await gql(
      server,
      "mutation($id: ID!) { updateReferralStatus(referralId: $id, status: ACKNOWLEDGED, note: \"We will phone Edna tomorrow.\") { status } }",
      { id: referralId },
      sam,
    );
    const timeline = page.getByRole("list", { name: "Timeline" });
    await timeline.getByText("by Sam Okafor. “We will phone Edna tomorrow.”", { exact: false }).waitFor();
    await page.getByText("Acknowledged: the partner is deciding").first().waitFor();
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__sameDocument), true, "the page was not reloaded");
    await checkPage(page, "referral timeline, acknowledged");

    // What Kith stored.
    const data = await gql(
      server,
      `query($id: ID!) { referral(id: $id) { status reason checkInId consentId lawfulBasis partner { name } referrer { displayName } timeline { toStatus actor { displayName } note } } }`,
      { id: referralId },
      priyaToken,
    );
    assert.equal(data.referral.status, "ACKNOWLEDGED");
    assert.equal(data.referral.reason, "HEALTH");
    assert.equal(data.referral.checkInId, checkIn.id);
    assert.ok(data.referral.consentId, "shared under Edna's consent");
    assert.equal(data.referral.lawfulBasis, null);
    assert.equal(data.referral.partner.name, "Riverside Council Adult Social Care");
    assert.equal(data.referral.referrer.displayName, "Priya Shah");
    assert.deepEqual(
      data.referral.timeline.map((/** @type {any} */ t) => t.toStatus),
      ["SENT", "ACKNOWLEDGED"],
    );
    assert.equal(data.referral.timeline[1].actor.displayName, "Sam Okafor");
    assert.equal(await countReferrals(), before + 1);
    await screenshot(page, "coordinator-referral");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
