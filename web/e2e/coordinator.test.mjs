// A group's coordinator (Priya Shah, from the demo data) runs her groups:
// starts a new group, answers requests to join, posts a repeating activity
// with its shifts, records who helped on a roster, and imports a calendar
// file. Keyboard only; what the server stored is checked through the API.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
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
  tick,
  typeInto,
} from "./harness.mjs";

const PRIYA = "coordinator@kith.example";

/** @type {import("./harness.mjs").Server} */
let server;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {string} */
let files;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  files = mkdtempSync(path.join(tmpdir(), "kith-coordinator-"));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

/** @param {import("playwright-core").Page} page */
const nav = (page) => page.getByRole("navigation", { name: "Main" });

/**
 * Sign in as Priya and open one of her groups from "My groups".
 * @param {import("playwright-core").Page} page
 * @param {string} [group]
 */
async function openGroup(page, group) {
  await signInWithKeyboard(page, PRIYA);
  await activate(page, nav(page).getByRole("link", { name: "My groups", exact: true }));
  await expectHeading(page, "My groups");
  if (group) {
    await activate(page, page.getByRole("link", { name: group, exact: true }));
    await expectHeading(page, group);
  }
}

/** A time from the API in one spelling (UTC, with milliseconds). @param {string} t */
const iso = (t) => new Date(t).toISOString();

/** @param {string} name */
async function groupId(name) {
  const data = await gql(server, "query($s: String) { groups(search: $s) { edges { node { id name } } } }", { s: name });
  const found = data.groups.edges.find((/** @type {any} */ e) => e.node.name === name);
  assert.ok(found, `the group ${name} exists`);
  return /** @type {string} */ (found.node.id);
}

/**
 * A UK date some days ahead on the given weekday (0 = Sunday), as
 * { year, month, day }.
 * @param {number} weekday
 * @param {number} atLeastDays
 */
function nextWeekday(weekday, atLeastDays) {
  const d = new Date(Date.now() + atLeastDays * 86_400_000);
  while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** @param {{ year: number, month: number, day: number }} d */
const typed = (d) => `${d.day}/${d.month}/${d.year}`;
/** @param {{ year: number, month: number, day: number }} d */
const compact = (d) => `${d.year}${String(d.month).padStart(2, "0")}${String(d.day).padStart(2, "0")}`;

/**
 * The UTC instant of a UK wall-clock time.
 * @param {{ year: number, month: number, day: number }} d
 * @param {number} hour
 * @param {number} minute
 */
function ukInstant(d, hour, minute) {
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  const fmt = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "numeric", hourCycle: "h23" });
  const ukHour = Number(fmt.format(new Date(wall)));
  const offsetHours = (ukHour - hour + 24) % 24;
  return new Date(wall - offsetHours * 3_600_000).toISOString();
}

test("start a group, with a mistake put right, and find it in my groups", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await openGroup(page);
    await checkPage(page, "my groups");
    const list = page.getByRole("list", { name: "Groups you coordinate" });
    await list.getByRole("link", { name: "Riverside Good Neighbours" }).waitFor();
    await list.getByRole("link", { name: "St Mark's Lunch Club" }).waitFor();

    // A one-letter name: the server's error lands on the name.
    await typeInto(page, page.getByLabel("Group name"), "M");
    await activate(page, page.getByRole("button", { name: "Start the group" }));
    await expectFieldError(page, "field-name", "Name needs at least 2 characters.");
    await checkPage(page, "my groups, with errors");

    await typeInto(page, page.getByLabel("Group name"), "Mill Lane Gardeners");
    await chooseRadio(
      page,
      page.getByRole("group", { name: "What sort of group is it?" }),
      page.getByRole("radio", { name: "Charity" }),
    );
    await typeInto(page, page.getByLabel("What does the group do?"), "We keep neighbours' gardens tidy.");
    await chooseRadio(
      page,
      page.getByRole("group", { name: "How do people join?" }),
      page.getByRole("radio", { name: "Anyone can join straight away" }),
    );
    await typeInto(page, page.getByLabel("Which area does it serve?"), "Mill Lane");
    await typeInto(page, page.getByLabel("Contact email for the public"), "gardeners@example.org");

    // On a slow network the button waits, and a second Enter sends nothing.
    const slow = await slowNetwork(page, 1000);
    await activate(page, page.getByRole("button", { name: "Start the group" }));
    const busy = page.getByRole("button", { name: "Starting the group…" });
    await busy.waitFor();
    assert.ok(await busy.isDisabled(), "the button is disabled while the group is created");
    await page.keyboard.press("Enter");
    await expectHeading(page, "Mill Lane Gardeners");
    await slow.restore();
    assert.equal(slow.counts.CreateGroup, 1, "exactly one group is created");
    await page.getByRole("status").filter({ hasText: "You have started Mill Lane Gardeners. You are its coordinator." }).waitFor();
    await page.getByText("No one is waiting to join.").waitFor();
    await page.getByText("The group has no activities yet.").waitFor();
    await checkPage(page, "the new group");

    // It is in my groups now.
    await activate(page, nav(page).getByRole("link", { name: "My groups", exact: true }));
    await expectHeading(page, "My groups");
    await page.getByRole("list", { name: "Groups you coordinate" }).getByRole("link", { name: "Mill Lane Gardeners" }).waitFor();

    const priya = await apiLogin(server, PRIYA);
    const me = await gql(server, "{ me { memberships { role status group { id name } } } }", {}, priya);
    const mine = me.me.memberships.filter((/** @type {any} */ m) => m.group.name === "Mill Lane Gardeners");
    assert.equal(mine.length, 1, "one group of that name");
    assert.deepEqual({ role: mine[0].role, status: mine[0].status }, { role: "COORDINATOR", status: "ACTIVE" });
    const stored = await gql(
      server,
      "query($id: ID!) { group(id: $id) { name kind description joinPolicy area contactEmail memberCount } }",
      { id: mine[0].group.id },
      priya,
    );
    assert.deepEqual(stored.group, {
      name: "Mill Lane Gardeners",
      kind: "CHARITY",
      description: "We keep neighbours' gardens tidy.",
      joinPolicy: "OPEN",
      area: "Mill Lane",
      contactEmail: "gardeners@example.org",
      memberCount: 1,
    });
    await screenshot(page, "coordinator-create-group");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("requests to join: approve Grace, decline another, and a request already answered elsewhere", async () => {
  const riverside = await groupId("Riverside Good Neighbours");
  /** @type {Record<string, { token: string, membership: string }>} */
  const asked = {};
  for (const [name, email] of [
    ["Ravi Patel", "ravi@example.org"],
    ["Sue Brown", "sue@example.org"],
  ]) {
    const reg = await gql(
      server,
      "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }",
      { i: { email, password: DEMO_PASSWORD, displayName: name } },
    );
    const token = reg.register.accessToken;
    const joined = await gql(server, "mutation($g: ID!) { joinGroup(groupId: $g) { id status } }", { g: riverside }, token);
    assert.equal(joined.joinGroup.status, "PENDING");
    asked[name] = { token, membership: joined.joinGroup.id };
  }

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await openGroup(page, "Riverside Good Neighbours");
    const requests = page.getByRole("region", { name: "Requests to join" });
    await requests.getByText("3 people are waiting for your answer.").waitFor();
    assert.deepEqual(await requests.getByRole("heading", { level: 3 }).allTextContents(), [
      "Grace Lee",
      "Ravi Patel",
      "Sue Brown",
    ]);
    await checkPage(page, "group with requests to join");

    const card = (/** @type {string} */ name) =>
      requests.locator("article").filter({ has: page.getByRole("heading", { name }) });
    await activate(page, card("Grace Lee").getByRole("button", { name: "Approve Grace Lee" }));
    await card("Grace Lee").getByRole("status").filter({ hasText: "Grace Lee is now a member. We have emailed them." }).waitFor();
    await activate(page, card("Ravi Patel").getByRole("button", { name: "Decline Ravi Patel" }));
    await card("Ravi Patel")
      .getByRole("status")
      .filter({ hasText: "You have declined Ravi Patel's request to join. We have emailed them." })
      .waitFor();

    // Another coordinator answers Sue meanwhile: declining here says so, next to her request.
    const priya = await apiLogin(server, PRIYA);
    await gql(
      server,
      "mutation($m: ID!) { decideMembership(membershipId: $m, approve: true) { status } }",
      { m: asked["Sue Brown"].membership },
      priya,
    );
    const sueApprove = card("Sue Brown").getByRole("button", { name: "Approve Sue Brown" });
    const sueId = await sueApprove.getAttribute("id");
    assert.ok(sueId);
    await activate(page, card("Sue Brown").getByRole("button", { name: "Decline Sue Brown" }));
    await expectFieldError(
      page,
      sueId,
      "Only requests waiting for a decision can be approved or declined; this one is active.",
    );
    await checkPage(page, "requests to join, after an error");

    const status = async (/** @type {string} */ token) =>
      (await gql(server, "{ me { memberships { status group { name } } } }", {}, token)).me.memberships.find(
        (/** @type {any} */ m) => m.group.name === "Riverside Good Neighbours",
      ).status;
    const grace = await apiLogin(server, "volunteer2@kith.example");
    assert.equal(await status(grace), "ACTIVE");
    assert.equal(await status(asked["Ravi Patel"].token), "DECLINED");
    assert.equal(await status(asked["Sue Brown"].token), "ACTIVE", "declining an answered request changed nothing");
    const pending = await gql(
      server,
      "query($g: ID!) { group(id: $g) { members(status: PENDING) { totalCount } } }",
      { g: riverside },
      priya,
    );
    assert.equal(pending.group.members.totalCount, 0);
    await screenshot(page, "coordinator-requests-to-join");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("post a weekly activity until a date, publish it and add two shifts", async () => {
  const riverside = await groupId("Riverside Good Neighbours");
  const first = nextWeekday(2, 8); // a Tuesday at least a week ahead
  const thisYear = new Date().getUTCFullYear();
  const untilYear = thisYear + 1;
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await openGroup(page, "Riverside Good Neighbours");
    await activate(page, page.getByRole("link", { name: "Post an activity" }));
    await expectHeading(page, "Post an activity");
    await checkPage(page, "post an activity");

    await typeInto(page, page.getByLabel("What is it called?"), "C");
    await typeInto(page, page.getByLabel("What kind of activity is it?"), "exercise");
    await typeInto(page, page.getByLabel("What happens there?"), "Gentle stretches sitting down, then tea.");
    await typeInto(page, page.getByLabel("Where is it?"), "Riverside Library");
    await typeInto(page, page.getByLabel("First date"), typed(first));
    await typeInto(page, page.getByLabel("Starts at"), "10:00");
    await typeInto(page, page.getByLabel("Ends at"), "12:00");
    const often = page.getByRole("group", { name: "How often does it happen?" });
    await chooseRadio(page, often, often.getByRole("radio", { name: "Every week" }));
    const days = page.getByRole("group", { name: "On which days?" });
    assert.ok(await days.getByRole("checkbox", { name: "Tuesday" }).isChecked(), "the first date's day is ticked");
    await tick(page, days.getByRole("checkbox", { name: "Thursday" }));
    const stop = page.getByRole("group", { name: "When does it stop?" });
    await chooseRadio(page, stop, stop.getByRole("radio", { name: "On a date" }));
    await typeInto(page, page.getByLabel("Last date"), `30/6/${untilYear}`);
    await typeInto(page, page.getByLabel("How many people can come each time?"), "15");

    const summary = page.locator("#when-summary p");
    const summaryText = await summary.textContent();
    assert.match(
      summaryText ?? "",
      new RegExp(`^Every Tuesday and Thursday, 10am to midday, from Tuesday ${first.day} \\w+( ${first.year})? until 30 June ${untilYear}\\.$`),
    );

    // Without Tuesday the first date does not fit: said at the days.
    await tabTo(page, days.getByRole("checkbox", { name: "Tuesday" }));
    await page.keyboard.press("Space");
    await activate(page, page.getByRole("button", { name: "Publish the activity" }));
    await expectFieldError(page, "field-days", /^(Error:\s*)?The first date, Tuesday .*, is a Tuesday\. Tick Tuesday too, or change the first date\.$/);
    await tick(page, days.getByRole("checkbox", { name: "Tuesday" }));

    // A one-letter title: the server's error lands on the title.
    await activate(page, page.getByRole("button", { name: "Publish the activity" }));
    await expectFieldError(page, "field-title", "Title needs at least 2 characters.");
    await checkPage(page, "post an activity, with errors");
    await typeInto(page, page.getByLabel("What is it called?"), "Chair yoga");
    await activate(page, page.getByRole("button", { name: "Publish the activity" }));
    await expectHeading(page, "Shifts for Chair yoga");
    const posted = page.getByRole("status").filter({ hasText: "Activity published" });
    await posted.waitFor();
    await posted.getByText(summaryText ?? "").waitFor();
    await checkPage(page, "activity published, add shifts");

    // Shifts: too few places first, then two dates.
    assert.equal(await page.getByLabel("What is the shift called?").inputValue(), "Chair yoga helpers");
    await typeInto(page, page.getByLabel("Volunteers start at"), "09:30");
    await typeInto(page, page.getByLabel("How many volunteers do you need?"), "0");
    await activate(page, page.getByRole("button", { name: "Add the shift" }));
    await expectFieldError(page, "field-shift-places", "Places must be between 1 and 1000.");
    await typeInto(page, page.getByLabel("How many volunteers do you need?"), "2");
    await activate(page, page.getByRole("button", { name: "Add the shift" }));
    await page.getByRole("status").filter({ hasText: /^Shift added: Chair yoga helpers, Tuesday .*, 9:30am to midday\.$/ }).waitFor();
    await tabTo(page, page.getByLabel("Which date is it for?"));
    await page.keyboard.press("ArrowDown");
    await activate(page, page.getByRole("button", { name: "Add the shift" }));
    await page.getByRole("status").filter({ hasText: /^Shift added: Chair yoga helpers, Thursday .*, 9:30am to midday\.$/ }).waitFor();
    await checkPage(page, "shifts added");

    const priya = await apiLogin(server, PRIYA);
    const stored = await gql(
      server,
      "query($g: ID!) { groupActivities(groupId: $g, first: 50) { edges { node { id title status recurrence startsAt endsAt capacity location } } } upcomingShifts(groupId: $g, first: 50) { edges { node { title startsAt endsAt places activity { title } } } } }",
      { g: riverside },
      priya,
    );
    const yoga = stored.groupActivities.edges.map((/** @type {any} */ e) => e.node).filter((/** @type {any} */ a) => a.title === "Chair yoga");
    assert.equal(yoga.length, 1);
    assert.equal(yoga[0].status, "PUBLISHED");
    assert.equal(yoga[0].recurrence, `FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=${untilYear}0630T225959Z`);
    assert.equal(iso(yoga[0].startsAt), ukInstant(first, 10, 0));
    assert.equal(iso(yoga[0].endsAt), ukInstant(first, 12, 0));
    assert.equal(yoga[0].capacity, 15);
    const thursday = { ...first };
    const t = new Date(Date.UTC(first.year, first.month - 1, first.day + 2));
    Object.assign(thursday, { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
    const shifts = stored.upcomingShifts.edges
      .map((/** @type {any} */ e) => e.node)
      .filter((/** @type {any} */ s) => s.title === "Chair yoga helpers")
      .map((/** @type {any} */ s) => ({ ...s, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt) }));
    assert.deepEqual(shifts, [
      { title: "Chair yoga helpers", startsAt: ukInstant(first, 9, 30), endsAt: ukInstant(first, 12, 0), places: 2, activity: { title: "Chair yoga" } },
      { title: "Chair yoga helpers", startsAt: ukInstant(thursday, 9, 30), endsAt: ukInstant(thursday, 12, 0), places: 2, activity: { title: "Chair yoga" } },
    ]);

    // Back on the group's page, the activity reads the same in words.
    await activate(page, page.getByRole("link", { name: "Finished: go back to Riverside Good Neighbours" }));
    await expectHeading(page, "Riverside Good Neighbours");
    const card = page.locator("article").filter({ has: page.getByRole("heading", { name: "Chair yoga" }) });
    await card.getByText("Published", { exact: true }).waitFor();
    await card.getByText(summaryText ?? "").waitFor();
    await screenshot(page, "coordinator-post-activity");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a monthly activity on the second Wednesday, six times, saved as a draft (at 360 px)", async () => {
  const lunch = await groupId("St Mark's Lunch Club");
  // A second Wednesday at least a week ahead.
  let first = nextWeekday(3, 8);
  while (Math.ceil(first.day / 7) !== 2) {
    const d = new Date(Date.UTC(first.year, first.month - 1, first.day + 7));
    first = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await openGroup(page, "St Mark's Lunch Club");
    await activate(page, page.getByRole("link", { name: "Post an activity" }));
    await expectHeading(page, "Post an activity");
    await typeInto(page, page.getByLabel("What is it called?"), "Memory café");
    await typeInto(page, page.getByLabel("What kind of activity is it?"), "memory cafe");
    await typeInto(page, page.getByLabel("First date"), typed(first));
    await typeInto(page, page.getByLabel("Starts at"), "14:00");
    await typeInto(page, page.getByLabel("Ends at"), "15:30");
    const often = page.getByRole("group", { name: "How often does it happen?" });
    await chooseRadio(page, often, often.getByRole("radio", { name: "Every month" }));
    assert.equal(await page.getByLabel("Which week of the month?").inputValue(), "2");
    assert.equal(await page.getByLabel("Which day?").inputValue(), "WE");
    const stop = page.getByRole("group", { name: "When does it stop?" });
    await chooseRadio(page, stop, stop.getByRole("radio", { name: "After a number of times" }));
    await typeInto(page, page.getByLabel("How many times in all?"), "1");
    await activate(page, page.getByRole("button", { name: "Save as a draft" }));
    await expectFieldError(page, "field-count", "Enter how many times it runs, as a number from 2 to 500.");
    await checkPage(page, "monthly activity, with errors");
    await typeInto(page, page.getByLabel("How many times in all?"), "6");
    const summary = await page.locator("#when-summary p").textContent();
    assert.match(summary ?? "", /^On the second Wednesday of every month, 2pm to 3:30pm, from Wednesday .*, 6 times in all\.$/);
    await activate(page, page.getByRole("button", { name: "Save as a draft" }));
    await expectHeading(page, "Shifts for Memory café");
    await page.getByRole("status").filter({ hasText: "Activity saved as a draft" }).waitFor();
    await checkPage(page, "monthly activity saved");

    const priya = await apiLogin(server, PRIYA);
    const stored = await gql(
      server,
      "query($g: ID!) { groupActivities(groupId: $g, first: 50) { edges { node { title status recurrence startsAt } } } }",
      { g: lunch },
      priya,
    );
    const cafe = stored.groupActivities.edges.map((/** @type {any} */ e) => e.node).find((/** @type {any} */ a) => a.title === "Memory café");
    cafe.startsAt = iso(cafe.startsAt);
    assert.deepEqual(cafe, {
      title: "Memory café",
      status: "DRAFT",
      recurrence: "FREQ=MONTHLY;BYDAY=2WE;COUNT=6",
      startsAt: ukInstant(first, 14, 0),
    });
    await screenshot(page, "coordinator-monthly-activity");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a shift's roster: record who helped yesterday, and see the waiting list", async () => {
  const tom = await apiLogin(server, "volunteer@kith.example");
  const priya = await apiLogin(server, PRIYA);
  // Tom joins the waiting list of the full garden shift.
  const riverside = await groupId("Riverside Good Neighbours");
  const coming = await gql(server, "query($g: ID!) { upcomingShifts(groupId: $g, first: 50) { edges { node { id title } } } }", { g: riverside }, tom);
  const garden = coming.upcomingShifts.edges.find((/** @type {any} */ e) => e.node.title === "Garden tidy-up on Mill Lane").node;
  const waiting = await gql(server, "mutation($s: ID!) { signUpForShift(shiftId: $s) { status } }", { s: garden.id }, tom);
  assert.equal(waiting.signUpForShift.status, "WAITLISTED");
  const given = async () => (await gql(server, "{ me { timeAccount { givenMinutes } } }", {}, tom)).me.timeAccount.givenMinutes;
  const before = await given();

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await openGroup(page, "Riverside Good Neighbours");
    const shifts = page.getByRole("region", { name: "Shifts" });
    const leaflets = shifts.locator("article").filter({ has: page.getByRole("heading", { name: "Leaflet drop on Riverside Road" }) });
    await leaflets.getByText("Finished", { exact: true }).waitFor();
    await activate(page, leaflets.getByRole("link", { name: "See the roster and record who helped for Leaflet drop on Riverside Road" }));
    await expectHeading(page, "Roster: Leaflet drop on Riverside Road");
    await checkPage(page, "roster of yesterday's shift");

    const signedUp = page.getByRole("region", { name: /^Signed up/ });
    const minutes = signedUp.getByLabel("Minutes Tom Evans helped");
    assert.equal(await minutes.inputValue(), "120", "the shift's length is suggested");
    const minutesId = await minutes.getAttribute("id");
    assert.ok(minutesId);
    await typeInto(page, minutes, "2000");
    await activate(page, signedUp.getByRole("button", { name: "Record attendance for Tom Evans" }));
    await expectFieldError(page, minutesId, "Minutes must be between 1 and 1440.");
    await checkPage(page, "roster, with errors");
    assert.equal(await given(), before, "nothing was credited");

    await typeInto(page, minutes, "90");
    await activate(page, signedUp.getByRole("button", { name: "Record attendance for Tom Evans" }));
    await signedUp
      .getByRole("status")
      .filter({ hasText: "Recorded: Tom Evans helped for 1 hour 30 minutes. It is added to their hours." })
      .waitFor();
    assert.equal(await given(), before + 90, "Tom's hours include the shift");
    const roster = await gql(
      server,
      "query($g: ID!, $from: DateTime) { upcomingShifts(groupId: $g, from: $from, first: 20) { edges { node { title signups(first: 5) { edges { node { attendedMinutes volunteer { displayName } } } } } } } }",
      { g: riverside, from: new Date(Date.now() - 3 * 86_400_000).toISOString() },
      priya,
    );
    const stored = roster.upcomingShifts.edges.find((/** @type {any} */ e) => e.node.title === "Leaflet drop on Riverside Road").node;
    assert.deepEqual(stored.signups.edges.map((/** @type {any} */ e) => e.node), [
      { attendedMinutes: 90, volunteer: { displayName: "Tom Evans" } },
    ]);
    await checkPage(page, "roster after recording");

    // The garden shift is still to come: Priya has the place, Tom waits.
    await activate(page, page.getByRole("link", { name: "Riverside Good Neighbours" }));
    await expectHeading(page, "Riverside Good Neighbours");
    await activate(page, page.getByRole("link", { name: "See the roster for Garden tidy-up on Mill Lane" }));
    await expectHeading(page, "Roster: Garden tidy-up on Mill Lane");
    await page.getByText("You can record who helped, and for how long, once the shift has started.").waitFor();
    const confirmed = page.getByRole("region", { name: "Signed up (1)" });
    assert.deepEqual(await confirmed.getByRole("heading", { level: 3 }).allTextContents(), ["Priya Shah"]);
    assert.equal(await confirmed.getByRole("textbox").count(), 0, "no attendance before it starts");
    const waitlist = page.getByRole("region", { name: "Waiting list (1)" });
    assert.deepEqual(await waitlist.getByRole("listitem").allTextContents(), ["Tom Evans"]);
    await checkPage(page, "roster with a waiting list");
    await screenshot(page, "coordinator-roster");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("import a calendar file: a broken one is refused at the file field, a good one becomes drafts", async () => {
  const lunch = await groupId("St Mark's Lunch Club");
  const monday = nextWeekday(1, 8);
  const friday = nextWeekday(5, 8);
  const broken = path.join(files, "broken.ics");
  writeFileSync(
    broken,
    ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:knit@example.org", "DTSTART:soon", "SUMMARY:Knit and natter", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n"),
  );
  const good = path.join(files, "st-marks.ics");
  writeFileSync(
    good,
    [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Example//Calendar//EN",
      "BEGIN:VEVENT",
      "UID:knit@example.org",
      "SUMMARY:Knit and natter",
      `DTSTART;TZID=Europe/London:${compact(monday)}T140000`,
      `DTEND;TZID=Europe/London:${compact(monday)}T160000`,
      "RRULE:FREQ=WEEKLY;BYDAY=MO",
      "LOCATION:St Mark's Church Hall",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:film@example.org",
      "SUMMARY:Film afternoon",
      `DTSTART;TZID=Europe/London:${compact(friday)}T133000`,
      `DTEND;TZID=Europe/London:${compact(friday)}T160000`,
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:old@example.org",
      "SUMMARY:Harvest supper",
      "DTSTART;TZID=Europe/London:20201002T180000",
      "DTEND;TZID=Europe/London:20201002T200000",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n"),
  );

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await openGroup(page, "St Mark's Lunch Club");
    const section = page.getByRole("region", { name: "Import a calendar file" });
    const file = section.getByLabel("Calendar file (.ics)");
    const importButton = section.getByRole("button", { name: "Import the file" });

    // No file chosen yet.
    await activate(page, importButton);
    await expectFieldError(page, "field-calendarFile", "Choose a calendar file first.");

    // A broken file: the server's reason, with its line, at the file field.
    await tabTo(page, file);
    await file.setInputFiles(broken);
    await activate(page, importButton);
    await expectFieldError(page, "field-calendarFile", /^(Error:\s*)?This calendar file could not be read: line 5: .+$/);
    await checkPage(page, "calendar import, with errors");
    const priya = await apiLogin(server, PRIYA);
    const titles = async () =>
      (
        await gql(server, "query($g: ID!) { groupActivities(groupId: $g, first: 50) { edges { node { title status recurrence } } } }", { g: lunch }, priya)
      ).groupActivities.edges.map((/** @type {any} */ e) => e.node);
    assert.ok(!(await titles()).some((/** @type {any} */ a) => a.title === "Knit and natter"), "a broken file imports nothing");

    await tabTo(page, file);
    await file.setInputFiles(good);
    await activate(page, importButton);
    const report = section.getByRole("status");
    await report.getByText("Imported 2 new draft activities.", { exact: false }).waitFor();
    await report.getByText("1 event was left out:", { exact: false }).waitFor();
    await report.getByText("“Harvest supper” (line 18): it is in the past.").waitFor();
    assert.equal(await page.locator("#field-calendarFile-error").count(), 0, "the earlier error has gone");

    const activities = page.getByRole("region", { name: "Activities" });
    const knit = activities.locator("article").filter({ has: page.getByRole("heading", { name: "Knit and natter" }) });
    await knit.getByText("Draft: only coordinators see it").waitFor();
    await knit.getByText(/^Every Monday, 2pm to 4pm, from Monday /).waitFor();
    await checkPage(page, "calendar imported");

    // Publish one of the drafts.
    await activate(page, knit.getByRole("button", { name: "Publish Knit and natter" }));
    await knit.getByRole("status").filter({ hasText: "Knit and natter is published. People can now find and book it." }).waitFor();

    const stored = await titles();
    const byTitle = Object.fromEntries(stored.map((/** @type {any} */ a) => [a.title, a]));
    assert.deepEqual(byTitle["Knit and natter"], { title: "Knit and natter", status: "PUBLISHED", recurrence: "FREQ=WEEKLY;BYDAY=MO" });
    assert.deepEqual(byTitle["Film afternoon"], { title: "Film afternoon", status: "DRAFT", recurrence: null });
    assert.equal(byTitle["Harvest supper"], undefined);
    await screenshot(page, "coordinator-calendar-import");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
