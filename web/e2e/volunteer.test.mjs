// Volunteer (Tom Evans from the demo data): shifts and the waiting list,
// my shifts and the calendar link, today's check-ins, and my hours.
// Keyboard only.

import assert from "node:assert/strict";
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
  tick,
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

const TOM = "volunteer@kith.example";
const PRIYA = "coordinator@kith.example";

/**
 * Tom's sign-up status for each shift he can see, by title.
 * @param {string} token
 * @returns {Promise<Record<string, string | null>>}
 */
async function tomsSignups(token) {
  const data = await gql(
    server,
    "{ upcomingShifts(first: 100) { edges { node { title mySignup { status } } } } }",
    {},
    token,
  );
  return Object.fromEntries(
    data.upcomingShifts.edges.map((/** @type {any} */ e) => [e.node.title, e.node.mySignup?.status ?? null]),
  );
}

/**
 * As Priya (coordinator), start a daily phone check-in from Tom to Edna,
 * the first one a few minutes from now. Returns its first check-in's due time.
 */
async function planCheckInFromNow(minutesAhead = 3) {
  const priya = await apiLogin(server, PRIYA);
  const groups = await gql(
    server,
    `{ groups(search: "Riverside Good Neighbours", first: 1) { edges { node { id members(first: 20) { edges { node { status person { id displayName } } } } } } } }`,
    {},
    priya,
  );
  const group = groups.groups.edges[0].node;
  const person = (/** @type {string} */ name) =>
    group.members.edges.find((/** @type {any} */ e) => e.node.person.displayName === name).node.person.id;
  const due = new Date(Date.now() + minutesAhead * 60_000);
  due.setUTCSeconds(0, 0);
  await gql(
    server,
    `mutation($input: CreateCheckInPlanInput!) { createCheckInPlan(input: $input) { id } }`,
    {
      input: {
        residentId: person("Edna Morris"),
        groupId: group.id,
        volunteerId: person("Tom Evans"),
        recurrence: "FREQ=DAILY",
        firstDueAt: due.toISOString(),
        channel: "PHONE",
        graceMinutes: 240,
      },
    },
    priya,
  );
  return due;
}

/** @param {Date} when */
function ukDate(when) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", dateStyle: "short" }).format(when);
}

test("find shifts, sign up, join a waiting list, cancel, my shifts and the calendar link", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    // A page that needs signing in sends you to sign in, then back to it.
    await page.goto("/my-shifts");
    await expectHeading(page, "Sign in");
    assert.equal(new URL(page.url()).searchParams.get("next"), "/my-shifts");
    await typeInto(page, page.getByLabel("Email address"), TOM);
    await typeInto(page, page.getByLabel("Password", { exact: true }), DEMO_PASSWORD);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectHeading(page, "My shifts");

    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home", exact: true }));
    await expectHeading(page, "Hello, Tom Evans");
    await checkPage(page, "home (volunteer)");

    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Shifts", exact: true }));
    await expectHeading(page, "Shifts");
    await checkPage(page, "shifts");

    const card = (/** @type {string} */ title) => page.locator("article").filter({ has: page.getByRole("heading", { name: title }) });

    // Already signed up for the lunch club.
    await card("Lunch club helpers").getByText("You are signed up").waitFor();

    // The surgery run needs a DBS check Tom does not have: the reason shows
    // in that shift's card, next to its button.
    const drive = card("Drive neighbours to the surgery");
    await activate(page, drive.getByRole("button", { name: "Sign up for Drive neighbours to the surgery" }));
    await drive.getByRole("alert").filter({ hasText: "needs a basic DBS check" }).waitFor();
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute("role")),
      "alert",
      "focus moves to the error",
    );

    // Sign up on a slow network: the button is disabled while it works, and
    // a second Enter sends nothing more.
    const coffee = card("Coffee morning helpers");
    const slow = await slowNetwork(page, 1200);
    await activate(page, coffee.getByRole("button", { name: "Sign up for Coffee morning helpers" }));
    const busy = coffee.getByRole("button", { name: /Signing you up/ });
    await busy.waitFor();
    assert.ok(await busy.isDisabled(), "the button is disabled while signing up");
    await page.keyboard.press("Enter");
    await coffee.getByText("You are signed up", { exact: true }).waitFor();
    await slow.restore();
    assert.equal(slow.counts.SignUpForShift, 1, "exactly one sign-up request");
    await coffee.getByRole("status").filter({ hasText: "You are signed up for Coffee morning helpers." }).waitFor();

    // The garden shift is full: Tom joins the waiting list, and it says so.
    const garden = card("Garden tidy-up on Mill Lane");
    await garden.getByText("1 of 1 place filled. Full: 0 people on the waiting list.").waitFor();
    await activate(page, garden.getByRole("button", { name: "Join the waiting list for Garden tidy-up on Mill Lane" }));
    await garden.getByText("On the waiting list", { exact: true }).waitFor();
    await garden.getByText("This shift is full, so you are on the waiting list for Garden tidy-up on Mill Lane.").waitFor();
    await garden.getByText("Full: 1 person on the waiting list.").waitFor();
    await checkPage(page, "shifts after signing up");

    const tom = await apiLogin(server, TOM);
    let mine = await tomsSignups(tom);
    assert.equal(mine["Coffee morning helpers"], "CONFIRMED");
    assert.equal(mine["Garden tidy-up on Mill Lane"], "WAITLISTED");
    assert.equal(mine["Drive neighbours to the surgery"], null);

    // My shifts: signed up in one list, waiting in the other.
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My shifts", exact: true }));
    await expectHeading(page, "My shifts");
    await checkPage(page, "my shifts");
    const confirmed = page.getByRole("region", { name: "Shifts you are signed up for" });
    const waiting = page.getByRole("region", { name: "On the waiting list" });
    assert.deepEqual(await confirmed.getByRole("heading", { level: 3 }).allTextContents(), [
      "Lunch club helpers",
      "Coffee morning helpers",
    ]);
    assert.deepEqual(await waiting.getByRole("heading", { level: 3 }).allTextContents(), ["Garden tidy-up on Mill Lane"]);
    await waiting.getByText("You are on the waiting list, and we will email you if a place comes up.").waitFor();

    // Cancel the coffee morning.
    await activate(page, confirmed.getByRole("button", { name: "Cancel my place on Coffee morning helpers" }));
    await confirmed.getByText("You have cancelled your place on Coffee morning helpers.").waitFor();
    mine = await tomsSignups(tom);
    assert.equal(mine["Coffee morning helpers"], "CANCELLED");

    // Copy the calendar link; it is Tom's feed, with his confirmed shift.
    const feedBox = page.getByLabel("Your calendar link");
    const feedUrl = await feedBox.inputValue();
    assert.match(feedUrl, new RegExp(`^${server.url}/calendar/person/[^/]+\\.ics$`));
    await activate(page, page.getByRole("button", { name: "Copy link" }));
    await page.getByText("Link copied.", { exact: false }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), feedUrl);
    const feed = await fetch(feedUrl);
    assert.equal(feed.status, 200);
    assert.match(feed.headers.get("content-type") ?? "", /text\/calendar/);
    const ics = await feed.text();
    assert.match(ics, /SUMMARY:Lunch club helpers/);
    assert.doesNotMatch(ics, /Coffee morning helpers/, "a cancelled shift is not in the feed");
    await checkPage(page, "my shifts after cancelling");
    await screenshot(page, "volunteer-my-shifts");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("today's check-ins: see them and record the outcome, concerns and minutes", async () => {
  const due = await planCheckInFromNow(3);
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, TOM);
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Check-ins", exact: true }));
    await expectHeading(page, "Check-ins");
    await checkPage(page, "check-ins");

    // Due a few minutes from now: under Today (unless that is already
    // tomorrow in the UK), with a form to record it.
    const sameDay = ukDate(due) === ukDate(new Date());
    const section = page.getByRole("region", { name: sameDay ? "Today" : "Coming up in the next two weeks" });
    const form = section.getByRole("form", { name: "Record your check-in with Edna" });
    await form.waitFor();
    const titleId = await section
      .locator("article")
      .filter({ has: page.getByRole("form", { name: "Record your check-in with Edna" }) })
      .getAttribute("aria-labelledby");
    // The same card once the form has gone.
    const card = page.locator(`article[aria-labelledby="${titleId}"]`);
    await card.getByText("Phone call").waitFor();
    if (sameDay) {
      // The weekly call from the demo data is on another day.
      await page
        .getByRole("region", { name: "Coming up in the next two weeks" })
        .getByText(/Edna Morris/)
        .first()
        .waitFor();
    }

    // Nothing chosen: the question says so.
    const outcome = form.getByRole("group", { name: "How did it go with Edna?" });
    const outcomeId = await outcome.getByRole("radio").first().getAttribute("id");
    assert.ok(outcomeId);
    await activate(page, form.getByRole("button", { name: "Save check-in" }));
    await expectFieldError(page, outcomeId, "Choose how the check-in with Edna went.");

    // A concern, too many minutes and no flags: the server's errors land on
    // the minutes, then on the concerns.
    await chooseRadio(page, outcome, form.getByRole("radio", { name: "We spoke, and I have a concern" }));
    const minutes = form.getByLabel("How many minutes did it take?");
    const minutesId = await minutes.getAttribute("id");
    assert.ok(minutesId);
    await typeInto(page, minutes, "700");
    await activate(page, form.getByRole("button", { name: "Save check-in" }));
    await expectFieldError(page, minutesId, "Minutes must be between 0 and 600.");
    await checkPage(page, "check-ins, with errors");

    await typeInto(page, minutes, "25");
    await activate(page, form.getByRole("button", { name: "Save check-in" }));
    const concerns = form.getByRole("group", { name: "What is the concern about?" });
    const concernsId = await concerns.getByRole("checkbox").first().getAttribute("id");
    assert.ok(concernsId);
    await expectFieldError(page, concernsId, "Say what the concern is about (at least one flag).");

    await tick(page, concerns.getByRole("checkbox", { name: "Lonely or isolated" }));
    await tick(page, concerns.getByRole("checkbox", { name: "Money worries" }));
    await typeInto(page, form.getByLabel("Notes for the coordinators"), "Edna has not been out all week.");
    await activate(page, form.getByRole("button", { name: "Save check-in" }));

    await card.getByText("In touch, with a concern").waitFor();
    await card.getByText("25 minutes given.", { exact: false }).waitFor();
    await card.getByText("Concerns: Lonely or isolated, Money worries.").waitFor();
    await card.getByRole("heading", { name: "Next steps to think about" }).waitFor();
    assert.equal(await card.getByRole("form").count(), 0, "the form is gone once recorded");
    await checkPage(page, "check-ins after recording");

    const tom = await apiLogin(server, TOM);
    const data = await gql(
      server,
      "{ myCheckIns(first: 100) { edges { node { dueAt status outcome concerns minutes notes } } } }",
      {},
      tom,
    );
    const recorded = data.myCheckIns.edges
      .map((/** @type {any} */ e) => e.node)
      .find((/** @type {any} */ c) => Date.parse(c.dueAt) === due.getTime());
    assert.deepEqual(recorded, {
      dueAt: recorded.dueAt,
      status: "COMPLETED",
      outcome: "CONCERN",
      concerns: ["LONELINESS", "MONEY"],
      minutes: 25,
      notes: "Edna has not been out all week.",
    });
    await screenshot(page, "volunteer-check-ins");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my hours: time given and received, and the statement", async () => {
  const tom = await apiLogin(server, TOM);
  const account = async () =>
    (
      await gql(
        server,
        "{ me { timeAccount { givenMinutes receivedMinutes balanceMinutes transfers { totalCount } } } }",
        {},
        tom,
      )
    ).me.timeAccount;
  const before = await account();

  // Tom makes another call and records 40 minutes through the API.
  const due = await planCheckInFromNow(4);
  const list = await gql(server, "{ myCheckIns(first: 100) { edges { node { id dueAt status } } } }", {}, tom);
  const checkIn = list.myCheckIns.edges
    .map((/** @type {any} */ e) => e.node)
    .find((/** @type {any} */ c) => Date.parse(c.dueAt) === due.getTime() && c.status === "SCHEDULED");
  assert.ok(checkIn, "the new check-in is on Tom's list");
  await gql(
    server,
    "mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { status } }",
    { input: { checkInId: checkIn.id, outcome: "WELL", minutes: 40 } },
    tom,
  );
  const now = await account();
  assert.equal(now.givenMinutes, before.givenMinutes + 40);

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, TOM);
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My hours", exact: true }));
    await expectHeading(page, "My hours");
    await checkPage(page, "my hours");

    const words = (/** @type {number} */ m) => {
      const h = Math.floor(Math.abs(m) / 60);
      const min = Math.abs(m) % 60;
      const parts = [];
      if (h > 0) parts.push(h === 1 ? "1 hour" : `${h} hours`);
      if (min > 0 || h === 0) parts.push(min === 1 ? "1 minute" : `${min} minutes`);
      return (m < 0 ? "minus " : "") + parts.join(" ");
    };
    const figure = (/** @type {string} */ name) =>
      page.locator(".figure").filter({ has: page.locator("dt", { hasText: name }) }).locator("dd");
    assert.equal(await figure("Time given").textContent(), words(now.givenMinutes));
    assert.equal(await figure("Time received").textContent(), words(now.receivedMinutes));
    assert.equal(await figure("Balance").textContent(), words(now.balanceMinutes));

    const rows = page.getByRole("table", { name: "Your time account, newest first" }).locator("tbody tr");
    const newest = rows.first();
    await newest.getByText("Check-in", { exact: true }).waitFor();
    await newest.getByText("from Riverside Good Neighbours").waitFor();
    assert.equal((await newest.locator("td").last().textContent())?.trim(), "+40 minutes");
    assert.equal(await rows.count(), now.transfers.totalCount, "every transfer is listed");
    await screenshot(page, "volunteer-my-hours");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("my volunteering: skills, languages, when I am free and how far I travel", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await signInWithKeyboard(page, TOM);
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My volunteering", exact: true }));
    await expectHeading(page, "My volunteering");
    await checkPage(page, "my volunteering");

    // What the demo data says about Tom.
    assert.equal(await page.getByLabel("Skills you can offer").inputValue(), "driving, befriending");
    assert.equal(await page.getByLabel("How far will you travel, in kilometres?").inputValue(), "5");
    await page.getByText("You have not added any times yet.").waitFor();

    await typeInto(page, page.getByLabel("Skills you can offer"), "driving, befriending, Gardening");
    await typeInto(page, page.getByLabel("How far will you travel, in kilometres?"), "300");
    await activate(page, page.getByRole("button", { name: "Add a time" }));
    // Focus moves to the new time's day.
    const day = page.getByRole("group", { name: "Time 1" }).getByLabel("Day");
    assert.ok(await day.evaluate((el) => el === document.activeElement), "focus is on the new time's day");
    await page.keyboard.type("Tuesday");
    assert.equal(await day.inputValue(), "TUESDAY");
    const from = page.getByRole("group", { name: "Time 1" }).getByLabel("From");
    const until = page.getByRole("group", { name: "Time 1" }).getByLabel("Until");
    await typeInto(page, from, "10:00");
    await typeInto(page, until, "9:00");
    await activate(page, page.getByRole("button", { name: "Save my details" }));
    const untilId = await until.getAttribute("id");
    assert.ok(untilId);
    await expectFieldError(page, untilId, "The end time must be after the start time.");

    // Too far: the server's VALIDATION error lands on the distance.
    await typeInto(page, until, "13:30");
    await activate(page, page.getByRole("button", { name: "Save my details" }));
    await expectFieldError(page, "field-travelRadiusKm", "Travel radius must be between 0 and 200 km.");
    await checkPage(page, "my volunteering, with errors");

    await typeInto(page, page.getByLabel("How far will you travel, in kilometres?"), "8");
    await activate(page, page.getByRole("button", { name: "Save my details" }));
    await page.getByRole("status").filter({ hasText: "Your volunteering details have been saved." }).waitFor();

    const tom = await apiLogin(server, TOM);
    const data = await gql(
      server,
      "{ me { volunteerProfile { skills travelRadiusKm availability { day startTime endTime } } } }",
      {},
      tom,
    );
    assert.deepEqual(data.me.volunteerProfile, {
      skills: ["driving", "befriending", "gardening"],
      travelRadiusKm: 8,
      availability: [{ day: "TUESDAY", startTime: "10:00", endTime: "13:30" }],
    });

    // Shown again as saved.
    await page.reload();
    await expectHeading(page, "My volunteering");
    assert.equal(await page.getByLabel("Skills you can offer").inputValue(), "driving, befriending, gardening");
    assert.equal(await page.getByRole("group", { name: "Time 1" }).getByLabel("Until").inputValue(), "13:30");
    await checkPage(page, "my volunteering after saving");
    await screenshot(page, "volunteer-my-volunteering");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
