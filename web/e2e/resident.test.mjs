// Resident (Edna Morris from the demo data): asking for help in three
// steps, seeing who is coming and cancelling, her check-in schedule and
// pausing it for a holiday, her hours, the outcome survey, and her privacy
// choices with a download of her data. Keyboard only.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import {
  activate,
  apiLogin,
  checkPage,
  chooseRadio,
  DEMO_PASSWORD,
  expectFieldError,
  expectHeading,
  gql,
  launchBrowser,
  newPage,
  screenshot,
  signInWithKeyboard,
  slowNetwork,
  startServer,
  tabTo,
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

const EDNA = "resident@kith.example";
const TOM = "volunteer@kith.example";
const PRIYA = "coordinator@kith.example";

/** @param {import("playwright-core").Page} page @param {string} name */
const navLink = (page, name) => page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** The UK calendar date `days` from today, as YYYY-MM-DD. @param {number} days */
function ukDate(days = 0) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  const d = new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day) + days));
  return d.toISOString().slice(0, 10);
}

/** The UK date and hour of a moment. @param {string} iso */
function ukDateHour(iso) {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(f.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}`;
}

/** Riverside Good Neighbours' id and its members' ids by name (as Priya). */
async function riverside() {
  const priya = await apiLogin(server, PRIYA);
  const data = await gql(
    server,
    `{ groups(search: "Riverside Good Neighbours", first: 1) { edges { node { id members(first: 50) { edges { node { person { id displayName } } } } } } } }`,
    {},
    priya,
  );
  const group = data.groups.edges[0].node;
  /** @type {Record<string, string>} */
  const people = Object.fromEntries(
    group.members.edges.map((/** @type {any} */ e) => [e.node.person.displayName, e.node.person.id]),
  );
  return { priya, groupId: group.id, people };
}

/**
 * Edna asks for help through the API; Tom offers and Priya gives it to him.
 * Returns the request's id.
 * @param {string} category
 * @param {string} description
 */
async function helpComingFromTom(category, description) {
  const { priya, groupId, people } = await riverside();
  const edna = await apiLogin(server, EDNA);
  const start = new Date(Date.now() + 24 * 3600_000);
  const asked = await gql(
    server,
    `mutation($input: RequestHelpInput!) { requestHelp(input: $input) { id } }`,
    {
      input: {
        groupId,
        category,
        description,
        urgency: "ROUTINE",
        preferredTimes: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 3 * 3600_000).toISOString() }],
      },
    },
    edna,
  );
  const id = asked.requestHelp.id;
  const tom = await apiLogin(server, TOM);
  await gql(server, `mutation($id: ID!) { offerHelp(helpRequestId: $id) { id } }`, { id }, tom);
  const assigned = await gql(
    server,
    `mutation($id: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $id, volunteerId: $v) { status assignedVolunteer { displayName } } }`,
    { id, v: people["Tom Evans"] },
    priya,
  );
  assert.equal(assigned.assignHelpRequest.status, "ASSIGNED");
  return { id, tom, edna };
}

/** Edna's help requests as stored. @param {string} token */
async function ednasRequests(token) {
  const data = await gql(
    server,
    `{ myHelpRequests(first: 50) { edges { node { id status category urgency description notes cancelReason preferredTimes { startsAt endsAt } group { name } assignedVolunteer { displayName } } } } }`,
    {},
    token,
  );
  return data.myHelpRequests.edges.map((/** @type {any} */ e) => e.node);
}

test("ask for help in three steps: answers kept going back, errors on the right step", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, EDNA);
    await expectHeading(page, "Hello, Edna Morris");
    // A resident's short menu.
    const nav = page.getByRole("navigation", { name: "Main" });
    for (const name of ["Home", "Ask for help", "My help", "My check-ins", "My hours", "My privacy"]) {
      await nav.getByRole("link", { name, exact: true }).waitFor();
    }
    assert.equal(await nav.getByRole("link", { name: "Shifts", exact: true }).count(), 0, "no volunteer pages");

    await activate(page, navLink(page, "Ask for help"));
    await expectHeading(page, "Ask for help");
    await page.getByText("Step 1 of 3").waitFor();
    await checkPage(page, "ask for help, step 1");

    // Nothing answered: each question says so.
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await expectFieldError(page, "field-category", "Choose the kind of help you need.");
    await expectFieldError(page, "field-description", "Tell us what you need help with.");
    await expectFieldError(page, "field-groupId", "Choose which group to ask.");
    await checkPage(page, "ask for help, step 1 with errors");

    const kind = page.getByRole("group", { name: "What kind of help do you need?" });
    await chooseRadio(page, kind, kind.getByRole("radio", { name: "Shopping" }));
    // Too short for Kith: the server will say so when it is sent.
    await typeInto(page, page.getByLabel("Tell us a little more"), "Hi");
    await typeInto(page, page.getByLabel(/Anything the volunteer should know/), "The key safe is by the back door.");
    const group = page.getByRole("group", { name: "Which group would you like to ask?" });
    await chooseRadio(page, group, group.getByRole("radio", { name: "Riverside Good Neighbours" }));
    await activate(page, page.getByRole("button", { name: "Continue" }));

    await page.getByRole("heading", { name: "When would you like help?", level: 2 }).waitFor();
    await page.getByText("Step 2 of 3").waitFor();
    assert.ok(
      await page.getByRole("heading", { name: "When would you like help?" }).evaluate((el) => el === document.activeElement),
      "focus moves to the new step",
    );
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await expectFieldError(page, "field-when", "Choose when you would like help.");
    await expectFieldError(page, "field-urgency", "Choose how soon you need help.");

    const when = page.getByRole("group", { name: "When would you like help?" });
    await chooseRadio(page, when, when.getByRole("radio", { name: "On a day I choose" }));
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await expectFieldError(page, "field-day", "Choose a day.");
    await expectFieldError(page, "field-part", "Choose a time of day.");
    await checkPage(page, "ask for help, step 2 with errors");

    await tabTo(page, page.getByLabel("Which day?"));
    await page.keyboard.type("Tomorrow");
    assert.equal(await page.getByLabel("Which day?").inputValue(), ukDate(1));
    const part = page.getByRole("group", { name: "What time of day?" });
    await chooseRadio(page, part, part.getByRole("radio", { name: /In the afternoon/ }));
    const soon = page.getByRole("group", { name: "How soon do you need help?" });
    await chooseRadio(page, soon, soon.getByRole("radio", { name: "In the next day or two" }));

    // Back to step 1 and forward again: every answer is kept.
    await activate(page, page.getByRole("button", { name: "Back" }));
    await page.getByRole("heading", { name: "What do you need help with?", level: 2 }).waitFor();
    assert.ok(await kind.getByRole("radio", { name: "Shopping" }).isChecked());
    assert.equal(await page.getByLabel("Tell us a little more").inputValue(), "Hi");
    assert.ok(await group.getByRole("radio", { name: "Riverside Good Neighbours" }).isChecked());
    await activate(page, page.getByRole("button", { name: "Continue" }));
    assert.equal(await page.getByLabel("Which day?").inputValue(), ukDate(1));
    assert.ok(await part.getByRole("radio", { name: /In the afternoon/ }).isChecked());
    assert.ok(await soon.getByRole("radio", { name: "In the next day or two" }).isChecked());
    await activate(page, page.getByRole("button", { name: "Continue" }));

    // Step 3: check and send.
    await page.getByRole("heading", { name: "Check your request and send it", level: 2 }).waitFor();
    const summary = page.locator("dl.facts");
    await summary.getByText("Shopping", { exact: true }).waitFor();
    await summary.getByText(/^Tomorrow \(.*\), midday to 5pm$/).waitFor();
    await summary.getByText("In the next day or two").waitFor();
    await summary.getByText("Riverside Good Neighbours").waitFor();
    await checkPage(page, "ask for help, step 3");
    const before = (await ednasRequests(await apiLogin(server, EDNA))).length;

    // Kith refuses the two-letter description: back to step 1, on that field.
    await activate(page, page.getByRole("button", { name: "Send my request" }));
    await page.getByRole("heading", { name: "What do you need help with?", level: 2 }).waitFor();
    await expectFieldError(page, "field-description", "Description needs at least 3 characters.");
    await checkPage(page, "ask for help, back on step 1 with the server's error");
    assert.equal((await ednasRequests(await apiLogin(server, EDNA))).length, before, "nothing was stored");

    await typeInto(page, page.getByLabel("Tell us a little more"), "Milk, bread and a newspaper from the corner shop.");
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await page.getByRole("heading", { name: "Check your request and send it", level: 2 }).waitFor();

    // Sending twice quickly sends once.
    const slow = await slowNetwork(page, 1000);
    await activate(page, page.getByRole("button", { name: "Send my request" }));
    const busy = page.getByRole("button", { name: "Sending…" });
    await busy.waitFor();
    assert.ok(await busy.isDisabled(), "the button is disabled while sending");
    await page.keyboard.press("Enter");
    await expectHeading(page, "My help");
    await slow.restore();
    assert.equal(slow.counts.RequestHelp, 1, "exactly one request sent");
    await page.getByRole("status").filter({ hasText: "Your request has been sent." }).waitFor();

    const mine = await ednasRequests(await apiLogin(server, EDNA));
    assert.equal(mine.length, before + 1);
    const sent = mine[0];
    assert.equal(sent.status, "OPEN");
    assert.equal(sent.category, "SHOPPING");
    assert.equal(sent.urgency, "SOON");
    assert.equal(sent.description, "Milk, bread and a newspaper from the corner shop.");
    assert.equal(sent.notes, "The key safe is by the back door.");
    assert.equal(sent.group.name, "Riverside Good Neighbours");
    assert.equal(sent.preferredTimes.length, 1);
    assert.equal(ukDateHour(sent.preferredTimes[0].startsAt), `${ukDate(1)} 12`);
    assert.equal(ukDateHour(sent.preferredTimes[0].endsAt), `${ukDate(1)} 17`);

    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: "Shopping" }) });
    await card.getByText("Looking for a volunteer").waitFor();
    await checkPage(page, "my help after asking");
    await screenshot(page, "resident-ask-for-help");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("ask for help any time this week, at 360 px", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, navLink(page, "Ask for help"));
    await expectHeading(page, "Ask for help");
    const kind = page.getByRole("group", { name: "What kind of help do you need?" });
    await chooseRadio(page, kind, kind.getByRole("radio", { name: "Someone to talk to" }));
    await typeInto(page, page.getByLabel("Tell us a little more"), "A cup of tea and a chat would be lovely.");
    const group = page.getByRole("group", { name: "Which group would you like to ask?" });
    await chooseRadio(page, group, group.getByRole("radio", { name: "Riverside Good Neighbours" }));
    await activate(page, page.getByRole("button", { name: "Continue" }));
    const when = page.getByRole("group", { name: "When would you like help?" });
    await chooseRadio(page, when, when.getByRole("radio", { name: "Any time in the next 7 days" }));
    const soon = page.getByRole("group", { name: "How soon do you need help?" });
    await chooseRadio(page, soon, soon.getByRole("radio", { name: "It can wait a few days" }));
    await activate(page, page.getByRole("button", { name: "Continue" }));
    await page.getByText("Any time in the next 7 days, between 9am and 8pm").waitFor();
    await checkPage(page, "ask for help, step 3 at 360 px");
    await activate(page, page.getByRole("button", { name: "Send my request" }));
    await expectHeading(page, "My help");

    const sent = (await ednasRequests(await apiLogin(server, EDNA)))[0];
    assert.equal(sent.category, "BEFRIENDING");
    assert.equal(sent.urgency, "ROUTINE");
    // One window a day, 9am to 8pm, for the days of the week still to come.
    assert.ok(sent.preferredTimes.length >= 6 && sent.preferredTimes.length <= 7, JSON.stringify(sent.preferredTimes));
    const last = sent.preferredTimes[sent.preferredTimes.length - 1];
    assert.equal(ukDateHour(last.startsAt), `${ukDate(6)} 09`);
    assert.equal(ukDateHour(last.endsAt), `${ukDate(6)} 20`);
    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: "Someone to talk to" }) });
    await card.getByText(/^Any day from .* to .*, 9am to 8pm$/).waitFor();
    await checkPage(page, "my help at 360 px");
    await screenshot(page, "resident-ask-for-help-this-week");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my help: who is coming and when, and cancelling with a reason", async () => {
  const { id: liftId } = await helpComingFromTom("TRANSPORT", "A lift to the surgery and back, please.");
  const edna = await apiLogin(server, EDNA);
  const { groupId } = await riverside();
  const start = new Date(Date.now() + 48 * 3600_000);
  const shopping = await gql(
    server,
    `mutation($input: RequestHelpInput!) { requestHelp(input: $input) { id } }`,
    {
      input: {
        groupId,
        category: "PRESCRIPTION_COLLECTION",
        description: "My tablets from the chemist on the high street.",
        preferredTimes: [{ startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 3600_000).toISOString() }],
      },
    },
    edna,
  );
  const toCancel = shopping.requestHelp.id;

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, navLink(page, "My help"));
    await expectHeading(page, "My help");

    // Tom is coming for the lift.
    const lift = page.locator("article").filter({ has: page.getByRole("heading", { name: "A lift" }) });
    await lift.getByText("Tom is coming", { exact: true }).waitFor();
    await lift.getByText("Tom from Riverside Good Neighbours will help you.").waitFor();
    await lift.getByText("A lift to the surgery and back, please.").waitFor();
    assert.equal(await lift.getByText("Evans").count(), 0, "only the volunteer's first name");
    await checkPage(page, "my help with a volunteer coming");

    // Cancel the prescription: a reason is needed.
    const pills = page.locator("article").filter({ has: page.getByRole("heading", { name: "Collecting a prescription" }) });
    await pills.getByText("Looking for a volunteer").waitFor();
    await activate(page, pills.getByRole("button", { name: "Cancel this request for collecting a prescription" }));
    const reason = pills.getByLabel("Why are you cancelling?");
    await reason.waitFor();
    assert.ok(await reason.evaluate((el) => el === document.activeElement), "focus moves to the reason");
    await activate(page, pills.getByRole("button", { name: "Cancel my request" }));
    const reasonId = await reason.getAttribute("id");
    assert.ok(reasonId);
    await expectFieldError(page, reasonId, "Tell us why you are cancelling, in a few words.");
    await checkPage(page, "my help, cancelling without a reason");
    let stored = await ednasRequests(edna);
    assert.equal(stored.find((/** @type {any} */ r) => r.id === toCancel).status, "OPEN", "nothing changed");

    await typeInto(page, reason, "My neighbour picked them up for me.");
    await activate(page, pills.getByRole("button", { name: "Cancel my request" }));
    await pills.getByRole("status").filter({ hasText: "Your request has been cancelled." }).waitFor();
    await pills.getByText("Cancelled", { exact: true }).waitFor();
    await pills.getByText("Reason: My neighbour picked them up for me.").waitFor();
    assert.equal(await pills.getByRole("button", { name: /Cancel this request/ }).count(), 0);

    stored = await ednasRequests(edna);
    const cancelled = stored.find((/** @type {any} */ r) => r.id === toCancel);
    assert.equal(cancelled.status, "CANCELLED");
    assert.equal(cancelled.cancelReason, "My neighbour picked them up for me.");
    const coming = stored.find((/** @type {any} */ r) => r.id === liftId);
    assert.equal(coming.status, "ASSIGNED");
    assert.equal(coming.assignedVolunteer.displayName, "Tom Evans");
    await checkPage(page, "my help after cancelling");
    await screenshot(page, "resident-my-help");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my check-ins: the schedule, pausing for a holiday, and turning them back on", async () => {
  const edna = await apiLogin(server, EDNA);
  const plans = async () =>
    (await gql(server, "{ checkInPlans { id status pausedUntil } }", {}, edna)).checkInPlans;
  const scheduled = async () =>
    (
      await gql(server, "{ myCheckIns(first: 100) { edges { node { status dueAt } } } }", {}, edna)
    ).myCheckIns.edges.filter((/** @type {any} */ e) => e.node.status === "SCHEDULED").length;
  const [plan] = await plans();
  assert.equal(plan.status, "ACTIVE");
  const before = await scheduled();
  assert.ok(before >= 1, "the weekly call is scheduled");

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, navLink(page, "My check-ins"));
    await expectHeading(page, "My check-ins");
    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: "A phone call from Tom" }) });
    await card.getByText(/^Every (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) at 10am$/).waitFor();
    await card.getByText("Tom Evans, from Riverside Good Neighbours").waitFor();
    await card.getByText("On", { exact: true }).waitFor();
    const upcoming = page.getByRole("region", { name: "The next two weeks" }).getByRole("listitem");
    assert.equal(await upcoming.count(), before);
    await upcoming.first().getByText(/a phone call from Tom$/).waitFor();
    await checkPage(page, "my check-ins");

    // A date in the past: Kith says so, on the date.
    const how = card.getByRole("group", { name: "How long for?" });
    await chooseRadio(page, how, how.getByRole("radio", { name: "Until a date I choose" }));
    const [y, m, d] = ukDate(-1).split("-");
    const dayBox = card.getByRole("group", { name: "When should your check-ins start again?" }).getByLabel("Day");
    await typeInto(page, dayBox, String(Number(d)));
    await typeInto(page, card.getByLabel("Month"), String(Number(m)));
    await typeInto(page, card.getByLabel("Year"), y);
    await activate(page, card.getByRole("button", { name: "Pause my check-ins" }));
    const dayId = await dayBox.getAttribute("id");
    assert.ok(dayId);
    await expectFieldError(page, dayId, "The pause must end on a date in the future.");
    await checkPage(page, "my check-ins, pausing with a past date");
    assert.equal((await plans())[0].status, "ACTIVE", "nothing changed");

    // Away for ten days.
    const back = ukDate(10);
    const [y2, m2, d2] = back.split("-");
    await typeInto(page, dayBox, String(Number(d2)));
    await typeInto(page, card.getByLabel("Month"), String(Number(m2)));
    await typeInto(page, card.getByLabel("Year"), y2);
    await activate(page, card.getByRole("button", { name: "Pause my check-ins" }));
    await page.getByRole("status").filter({ hasText: /^Your check-ins are paused\. They will start again on / }).waitFor();
    await card.getByText("Paused", { exact: true }).waitFor();
    const stored = (await plans())[0];
    assert.equal(stored.status, "PAUSED");
    assert.equal(stored.pausedUntil, back);
    const whilePaused = await scheduled();
    assert.ok(whilePaused < before, "check-ins before the date are withdrawn");
    assert.equal(await upcoming.count(), whilePaused);
    await checkPage(page, "my check-ins, paused");

    await activate(page, card.getByRole("button", { name: "Turn my check-ins back on" }));
    await page.getByRole("status").filter({ hasText: "Your check-ins are back on." }).waitFor();
    await card.getByText("On", { exact: true }).waitFor();
    assert.equal((await plans())[0].status, "ACTIVE");
    assert.equal(await scheduled(), before, "the check-ins are back");
    assert.equal(await upcoming.count(), before);
    await checkPage(page, "my check-ins, back on");
    await screenshot(page, "resident-my-check-ins");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my hours: the time a volunteer gave me, and my balance", async () => {
  const { id, tom, edna } = await helpComingFromTom("ODD_JOBS", "Change the bulb in the hall light, please.");
  await gql(
    server,
    `mutation($id: ID!) { completeHelpRequest(helpRequestId: $id, minutes: 45) { status } }`,
    { id },
    tom,
  );
  const account = (
    await gql(server, "{ me { timeAccount { givenMinutes receivedMinutes balanceMinutes } } }", {}, edna)
  ).me.timeAccount;
  assert.equal(account.receivedMinutes, 45);
  assert.equal(account.givenMinutes, 0);
  assert.equal(account.balanceMinutes, -45);

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, navLink(page, "My hours"));
    await expectHeading(page, "My hours");
    const figure = (/** @type {string} */ name) =>
      page.locator(".figure").filter({ has: page.locator("dt", { hasText: name }) }).locator("dd");
    assert.equal(await figure("Time given").textContent(), "0 minutes");
    assert.equal(await figure("Time received").textContent(), "45 minutes");
    assert.equal(await figure("Balance").textContent(), "minus 45 minutes");
    await page.getByText(/you have received more time than you have given\. That is fine/).waitFor();
    const newest = page.getByRole("table", { name: "Your time account, newest first" }).locator("tbody tr").first();
    await newest.getByText("you received from Tom Evans", { exact: false }).waitFor();
    await newest.getByText("Help with odd jobs").waitFor();
    assert.equal((await newest.locator("td").last().textContent())?.trim(), "−45 minutes");
    await checkPage(page, "my hours (resident)");

    // The finished request shows on My help, with who helped and for how long.
    await activate(page, navLink(page, "My help"));
    await expectHeading(page, "My help");
    const done = page.locator("article").filter({ has: page.getByRole("heading", { name: "Small jobs at home" }) });
    await done.getByText("Tom helped you for 45 minutes.").waitFor();
    await screenshot(page, "resident-my-hours");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("outcome survey: answer, see the answers, answer again to replace them", async () => {
  const edna = await apiLogin(server, EDNA);
  const latest = async () =>
    (
      await gql(
        server,
        "{ latestOutcomeSurvey { id period controlOverDailyLife socialContact feelingSafe findingInformation qualityOfLife } }",
        {},
        edna,
      )
    ).latestOutcomeSurvey;
  assert.equal(await latest(), null);

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    // The invitation email links straight here.
    await page.goto("/outcome-survey");
    await expectHeading(page, "Sign in");
    await typeInto(page, page.getByLabel("Email address"), EDNA);
    await typeInto(page, page.getByLabel("Password", { exact: true }), DEMO_PASSWORD);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectHeading(page, "How are things?");
    // The answers section comes with the survey's data: wait for it, then
    // check it is there once.
    const answersHeading = page.getByRole("heading", { name: /What you said last time|Your answers/, level: 2 });
    await answersHeading.first().waitFor();
    assert.equal(await answersHeading.count(), 1);
    await checkPage(page, "outcome survey");

    const question = (/** @type {RegExp} */ name) => page.getByRole("group", { name });
    const answer = async (/** @type {RegExp} */ q, /** @type {string} */ a) => {
      const group = question(q);
      await chooseRadio(page, group, group.getByRole("radio", { name: a, exact: true }));
    };
    await answer(/how much control you have/, "I have adequate control over my daily life");
    await answer(/your social situation/, "I have some social contact with people, but not enough");
    await answer(/how safe you feel/, "I feel as safe as I want");
    await answer(/find information and advice/, "Fairly easy to find");
    // The last question left out.
    await activate(page, page.getByRole("button", { name: "Save my answers" }));
    await expectFieldError(page, "field-qualityOfLife", "Choose the answer that fits you best.");
    await checkPage(page, "outcome survey with a question left out");
    assert.equal(await latest(), null, "nothing was stored");

    await answer(/quality of life/, "Good");
    await activate(page, page.getByRole("button", { name: "Save my answers" }));
    await page.getByRole("status").filter({ hasText: "Thank you. Your answers have been saved." }).waitFor();
    const first = await latest();
    assert.deepEqual(
      { ...first, id: undefined, period: undefined },
      {
        id: undefined,
        period: undefined,
        controlOverDailyLife: "ADEQUATE",
        socialContact: "SOME_BUT_NOT_ENOUGH",
        feelingSafe: "AS_SAFE_AS_I_WANT",
        findingInformation: "FAIRLY_EASY",
        qualityOfLife: "GOOD",
      },
    );

    // Coming back: the answers are shown and filled in; changing one replaces them.
    await page.reload();
    await expectHeading(page, "How are things?");
    const panel = page.getByRole("region", { name: "Your answers" });
    await panel.getByText("I have some social contact with people, but not enough").waitFor();
    await panel.getByText(/^You answered on /).waitFor();
    assert.ok(await question(/quality of life/).getByRole("radio", { name: "Good", exact: true }).isChecked());
    await checkPage(page, "outcome survey, answered");
    await answer(/your social situation/, "I have as much social contact as I want with people I like");
    await activate(page, page.getByRole("button", { name: "Save my answers" }));
    await page.getByRole("status").filter({ hasText: "Thank you. Your answers have been saved." }).waitFor();
    await panel.getByText("I have as much social contact as I want with people I like").waitFor();
    const second = await latest();
    assert.equal(second.socialContact, "AS_MUCH_AS_I_WANT");
    assert.equal(second.qualityOfLife, "GOOD");
    assert.equal(second.period, first.period);
    // One set of answers for the half-year: the new ones replaced the old.
    const exported = JSON.parse((await gql(server, "mutation { exportMyData }", {}, edna)).exportMyData);
    const surveys = JSON.stringify(exported).match(/"socialContact":"[A-Z_]+"/g) ?? [];
    assert.deepEqual(surveys, ['"socialContact":"AS_MUCH_AS_I_WANT"']);
    await screenshot(page, "resident-outcome-survey");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my privacy: consent, how to contact me, and downloading my data", async () => {
  const edna = await apiLogin(server, EDNA);
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, navLink(page, "My privacy"));
    await expectHeading(page, "My privacy");
    await checkPage(page, "my privacy");

    const volunteers = page.getByRole("group", { name: "Can volunteers from your groups phone or visit you?" });
    await volunteers.getByText("You have not told us yet.").waitFor();
    const council = page.getByRole("group", { name: /the council's adult social care team/ });
    await council.getByText(/^You said yes on /).waitFor();
    assert.ok(await council.getByRole("radio", { name: "Yes" }).isChecked());
    const nhs = page.getByRole("group", { name: /to the NHS/ });

    await chooseRadio(page, volunteers, volunteers.getByRole("radio", { name: "Yes" }));
    await chooseRadio(page, nhs, nhs.getByRole("radio", { name: "No" }));
    await activate(page, page.getByRole("button", { name: "Save my choices" }));
    await page.getByRole("status").filter({ hasText: "Your choices have been saved." }).waitFor();
    await volunteers.getByText(/^You said yes on /).waitFor();
    await nhs.getByText(/^You said no on /).waitFor();
    const consents = (await gql(server, "{ me { consents { purpose given } } }", {}, edna)).me.consents;
    assert.deepEqual(
      Object.fromEntries(consents.map((/** @type {any} */ c) => [c.purpose, c.given])),
      { "contact by volunteers": true, "share with council adult social care": true, "share with nhs": false },
    );
    await page.getByRole("table", { name: "Your past choices, newest first" }).getByText("Share my details with the NHS").waitFor();

    // How to contact me: a one-letter language is refused, on that field.
    const channel = page.getByRole("group", { name: "How would you like us to get in touch?" });
    assert.ok(await channel.getByRole("radio", { name: "By phone" }).isChecked(), "from the demo profile");
    await chooseRadio(page, channel, channel.getByRole("radio", { name: "By text message" }));
    await typeInto(page, page.getByLabel(/Which language would you like us to use/), "W");
    await typeInto(page, page.getByLabel(/makes it easier for you/), "Please speak slowly.");
    await activate(page, page.getByRole("button", { name: "Save how we contact you" }));
    await expectFieldError(page, "field-language", "Language needs at least 2 characters.");
    await checkPage(page, "my privacy, with an error");
    let me = (await gql(server, "{ me { contactChannel language accessibilityNeeds doNotContact } }", {}, edna)).me;
    assert.equal(me.contactChannel, "PHONE", "nothing changed");

    await typeInto(page, page.getByLabel(/Which language would you like us to use/), "Welsh");
    await activate(page, page.getByRole("button", { name: "Save how we contact you" }));
    await page.getByRole("status").filter({ hasText: "How we contact you has been saved." }).waitFor();
    me = (await gql(server, "{ me { contactChannel language accessibilityNeeds doNotContact } }", {}, edna)).me;
    assert.deepEqual(me, {
      contactChannel: "TEXT",
      language: "Welsh",
      accessibilityNeeds: "Please speak slowly.",
      doNotContact: false,
    });

    // A copy of my data, as a file.
    await activate(page, page.getByRole("button", { name: "Get my data ready to download" }));
    const link = page.getByRole("link", { name: "Download my data" });
    await link.waitFor();
    assert.ok(await link.evaluate((el) => el === document.activeElement), "focus moves to the download link");
    await checkPage(page, "my privacy, data ready");
    const downloading = page.waitForEvent("download");
    await page.keyboard.press("Enter");
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^kith-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const file = await download.path();
    assert.ok(file);
    const data = JSON.parse(readFileSync(file, "utf8"));
    const text = JSON.stringify(data);
    assert.ok(text.includes("Edna Morris"), "the file has Edna's name");
    assert.ok(text.includes("Please speak slowly."), "and what she just saved");
    assert.ok(text.includes("share with nhs"), "and her consents");
    await screenshot(page, "resident-my-privacy");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
