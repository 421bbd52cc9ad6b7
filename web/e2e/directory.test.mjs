// The public directory, for anyone: searching for activities near a
// postcode or near where you are, by words, kind and day, a page at a time;
// an activity's page with its dates and calendar file. Then booking a place
// as a signed-in resident (Edna Morris from the demo data) and cancelling.
// Keyboard only.

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

const PRIYA = "coordinator@kith.example";
const EDNA = "resident@kith.example";
const GRACE = "volunteer2@kith.example";

/**
 * Tab to a drop-down list and move through it with the arrow keys until
 * `label` is chosen.
 * @param {import("playwright-core").Page} page
 * @param {import("playwright-core").Locator} select
 * @param {string} label
 */
async function chooseOption(page, select, label) {
  await tabTo(page, select);
  const chosen = () => select.evaluate((el) => /** @type {HTMLSelectElement} */ (el).selectedOptions[0]?.textContent ?? "");
  for (const key of ["ArrowDown", "ArrowUp"]) {
    for (let i = 0; i < 20; i++) {
      if ((await chosen()) === label) return;
      await page.keyboard.press(key);
    }
  }
  assert.fail(`could not choose "${label}" with the arrow keys`);
}

/** Priya's Riverside Good Neighbours group id. */
async function riversideId(/** @type {string} */ token) {
  const data = await gql(server, `{ groups(search: "Riverside Good Neighbours", first: 1) { edges { node { id } } } }`, {}, token);
  return /** @type {string} */ (data.groups.edges[0].node.id);
}

/**
 * As Priya, post and publish an activity; returns its id.
 * @param {string} token
 * @param {Record<string, unknown>} fields
 */
async function postActivity(token, fields) {
  const created = await gql(
    server,
    "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }",
    { i: fields },
    token,
  );
  const id = created.createActivity.id;
  await gql(server, "mutation($id: ID!) { publishActivity(id: $id) { id } }", { id }, token);
  return /** @type {string} */ (id);
}

/** @param {number} days @param {number} hour UTC */
function daysFromNow(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
}

/** "Thursday": the UK weekday of a moment. @param {string | Date} when */
function ukWeekday(when) {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long" }).format(new Date(when));
}

/**
 * What the API lists for a search, in order.
 * @param {Record<string, unknown>} variables
 */
async function serviceTitles(variables) {
  const data = await gql(
    server,
    `query($s: String, $c: String, $p: PostcodeFilter, $n: GeoFilter, $d: DayOfWeek, $first: Int, $after: String) {
      services(search: $s, category: $c, nearPostcode: $p, near: $n, day: $d, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { activity { title } } }
      }
    }`,
    variables,
  );
  return data.services;
}

test("anyone finds activities near a postcode or near where they are, and adds one to their calendar", async () => {
  // Nine more exercise classes near SW9, so the results take two pages.
  const priya = await apiLogin(server, PRIYA);
  const group = await riversideId(priya);
  for (let n = 1; n <= 9; n++) {
    await postActivity(priya, {
      groupId: group,
      title: `Chair exercise class ${n}`,
      description: "Gentle seated exercise to music.",
      category: "exercise",
      startsAt: daysFromNow(n, 10).toISOString(),
      endsAt: daysFromNow(n, 11).toISOString(),
      capacity: 15,
      location: "Riverside Community Centre",
      coordinates: { latitude: 51.467 + n / 10_000, longitude: -0.115 },
    });
  }
  const nearSw9 = await serviceTitles({ p: { postcode: "SW9", radiusKm: 5 }, first: 100 });
  assert.equal(nearSw9.totalCount, 11, "the two demo activities and nine classes");

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  try {
    await page.goto("/");
    await expectHeading(page, "Neighbours looking out for each other");
    // Signed out, the directory is in the menu and on the home page.
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Find activities", exact: true }).waitFor();
    await activate(page, page.getByRole("main").getByRole("link", { name: "Find activities near you" }));
    await expectHeading(page, "Find activities near you");
    await page.getByRole("heading", { name: "All activities" }).waitFor();
    await page.getByText("Showing 10 of 11 activities.").waitFor();
    await checkPage(page, "directory, everything");

    // A district no group has given: the error is on the postcode.
    await typeInto(page, page.getByLabel("Your postcode"), "N1");
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await expectFieldError(
      page,
      "field-postcode",
      "No group has told Kith where N1 is yet. Try a nearby district, or search near a point on the map.",
    );
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await checkPage(page, "directory, unknown postcode");
    // Not a postcode at all.
    await typeInto(page, page.getByLabel("Your postcode"), "hello");
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await expectFieldError(
      page,
      "field-postcode",
      "Enter a UK postcode district such as SE15, or a full postcode such as SE15 5DQ.",
    );

    // A full postcode in SW9: nearest first, ten at a time.
    await typeInto(page, page.getByLabel("Your postcode"), "sw9 8qt");
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await page.getByRole("heading", { name: "Activities near SW9 8QT" }).waitFor();
    await page.getByText("Showing 10 of 11 activities.").waitFor();
    assert.equal(new URL(page.url()).searchParams.get("postcode"), "SW9 8QT");
    const cards = page.locator("main article");
    const shownTitles = async () => (await cards.locator("h3").allTextContents()).map((t) => t.trim());
    const firstPage = await serviceTitles({ p: { postcode: "SW9 8QT", radiusKm: 5 }, first: 10 });
    assert.deepEqual(await shownTitles(), firstPage.edges.map((/** @type {any} */ e) => e.node.activity.title));
    const coffee = cards.filter({ has: page.getByRole("heading", { name: "Coffee morning and digital help" }) });
    await coffee.getByText("Run by Riverside Good Neighbours").waitFor();
    await coffee.getByText(/^\d+\.\d km \((under a mile|about \d+ miles?)\) away$/).waitFor();
    await coffee.getByText("Riverside Library").waitFor();
    await coffee.getByText(/^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d+ \w+, 10am to midday$/).waitFor();
    await checkPage(page, "directory, near SW9");

    // The next page, by the cursor.
    await activate(page, page.getByRole("button", { name: "Show more activities" }));
    await page.getByText("Showing 11 of 11 activities.").waitFor();
    const secondPage = await serviceTitles({ p: { postcode: "SW9 8QT", radiusKm: 5 }, first: 10, after: firstPage.pageInfo.endCursor });
    assert.equal(secondPage.edges.length, 1);
    assert.equal((await shownTitles())[10], secondPage.edges[0].node.activity.title);
    assert.equal(await page.getByRole("button", { name: "Show more activities" }).count(), 0);

    // Words, a kind of activity and a day: the lunch club's day finds it.
    const lunch = await gql(server, `{ services(search: "lunch club") { edges { node { nextDates(first: 1) { startsAt } } } } }`);
    const lunchDay = ukWeekday(lunch.services.edges[0].node.nextDates[0].startsAt);
    await typeInto(page, page.getByLabel("Words to look for (optional)"), "lunch");
    await chooseOption(page, page.getByLabel("Kind of activity"), "Lunch club");
    await chooseOption(page, page.getByLabel("Day of the week"), lunchDay);
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await page.getByText("Showing 1 of 1 activity.").waitFor();
    const lunchCard = cards.filter({ has: page.getByRole("heading", { name: "Lunch club" }) });
    await lunchCard.getByText("Run by St Mark's Lunch Club").waitFor();
    await lunchCard.getByText(/, and every week$/).waitFor();
    await lunchCard.getByText("£3.50").waitFor();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get("category"), "lunch club");
    assert.equal(url.searchParams.get("day"), lunchDay.toUpperCase());

    // Another day: nothing, and what to try instead.
    const otherDay = lunchDay === "Monday" ? "Tuesday" : "Monday";
    await chooseOption(page, page.getByLabel("Day of the week"), otherDay);
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await page.getByText("No activities match your search.").waitFor();
    const none = await serviceTitles({ s: "lunch", c: "lunch club", d: otherDay.toUpperCase(), p: { postcode: "SW9", radiusKm: 5 } });
    assert.equal(none.totalCount, 0);
    await checkPage(page, "directory, nothing found");

    // Near where I am now (the library), any kind, any day, no words.
    await context.grantPermissions(["geolocation"], { origin: server.url });
    await context.setGeolocation({ latitude: 51.4641, longitude: -0.1131 });
    await typeInto(page, page.getByLabel("Words to look for (optional)"), "coffee");
    await chooseOption(page, page.getByLabel("Kind of activity"), "Any kind");
    await chooseOption(page, page.getByLabel("Day of the week"), "Any day");
    await activate(page, page.getByRole("button", { name: "Search near where I am now" }));
    await page.getByRole("heading", { name: "Activities near you", exact: true }).waitFor();
    await page.getByText("Showing 1 of 1 activity.").waitFor();
    await coffee.getByText("0.0 km (under a mile) away").waitFor();
    const here = new URL(page.url()).searchParams;
    assert.equal(here.get("lat"), "51.4641");
    assert.equal(here.get("postcode"), null);

    // Open it: its dates, where, and its calendar file.
    await activate(page, coffee.getByRole("link", { name: "Coffee morning and digital help" }));
    await expectHeading(page, "Coffee morning and digital help");
    await page.getByText("Run by Riverside Good Neighbours.").waitFor();
    const dates = page.getByRole("region", { name: "When it runs" }).getByRole("listitem");
    assert.equal(await dates.count(), 1, "a one-off has one date");
    await dates.first().getByText("(12 places left)").waitFor();
    await page.getByText("Ground floor; large-print guides.").waitFor();
    await page.getByRole("link", { name: "Sign in to book a place" }).waitFor();
    await checkPage(page, "activity, signed out");

    const calendar = page.getByRole("link", { name: /^Add to calendar\s*: Coffee morning and digital help$/ });
    await tabTo(page, calendar);
    const href = await calendar.getAttribute("href");
    assert.ok(href?.startsWith("/calendar/activity/") && href.endsWith(".ics"), href ?? "");
    const ics = await fetch(server.url + href);
    assert.equal(ics.status, 200);
    assert.equal(ics.headers.get("content-type"), "text/calendar; charset=utf-8");
    const body = await ics.text();
    assert.equal(body.match(/BEGIN:VEVENT/g)?.length, 1);
    assert.match(body, /\r\nSUMMARY:Coffee morning and digital help\r\n/);
    assert.match(body, /\r\nLOCATION:Riverside Library\r\n/);
    const again = await fetch(server.url + href, { headers: { "If-None-Match": ics.headers.get("etag") ?? "" } });
    assert.equal(again.status, 304);

    await screenshot(page, "directory-find-activities");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("booking: a resident books a date, sees it, cancels it, and is told when a date has filled up", async () => {
  // A weekly chair yoga class with one place a date.
  const priya = await apiLogin(server, PRIYA);
  const group = await riversideId(priya);
  const first = daysFromNow(2, 14);
  const activityId = await postActivity(priya, {
    groupId: group,
    title: "Chair yoga",
    description: "Stretch and breathe, sitting down.",
    category: "exercise",
    startsAt: first.toISOString(),
    endsAt: new Date(first.getTime() + 3_600_000).toISOString(),
    recurrence: "FREQ=WEEKLY",
    capacity: 1,
    location: "Riverside Community Centre",
    coordinates: { latitude: 51.468, longitude: -0.114 },
  });
  const edna = await apiLogin(server, EDNA);
  const myBookings = async () =>
    (
      await gql(
        server,
        "{ myBookings(first: 100) { edges { node { status occurrenceStartsAt activity { id title } } } } }",
        {},
        edna,
      )
    ).myBookings.edges.map((/** @type {any} */ e) => e.node);

  const { page, context, problems } = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, EDNA);
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Find activities", exact: true }));
    await expectHeading(page, "Find activities near you");
    // Her booking from the demo data.
    const mine = page.getByRole("region", { name: "Your bookings" });
    await mine.getByRole("link", { name: "Lunch club" }).waitFor();
    await checkPage(page, "directory, signed in");

    await typeInto(page, page.getByLabel("Words to look for (optional)"), "chair yoga");
    await activate(page, page.getByRole("button", { name: "Search", exact: true }));
    await page.getByText("Showing 1 of 1 activity.").waitFor();
    await activate(page, page.getByRole("link", { name: "Chair yoga" }));
    await expectHeading(page, "Chair yoga");
    assert.equal(new URL(page.url()).searchParams.get("id"), activityId);
    await page.getByText("Run by Riverside Good Neighbours, every week.").waitFor();
    await checkPage(page, "activity, signed in");

    // Nothing chosen.
    const dates = page.getByRole("group", { name: "Which date would you like to book?" });
    await activate(page, page.getByRole("button", { name: "Book a place" }));
    await expectFieldError(page, "field-date", "Choose the date you would like to book.");

    // Someone else takes the only place on the first date meanwhile.
    const radios = dates.getByRole("radio");
    const firstDate = await radios.first().getAttribute("value");
    assert.ok(firstDate);
    assert.equal(Date.parse(firstDate), first.getTime());
    await chooseRadio(page, dates, radios.first());
    const grace = await apiLogin(server, GRACE);
    await gql(
      server,
      "mutation($a: ID!, $t: DateTime!) { bookActivity(activityId: $a, occurrenceStartsAt: $t) { id } }",
      { a: activityId, t: firstDate },
      grace,
    );
    await activate(page, page.getByRole("button", { name: "Book a place" }));
    // The dates are fetched again: the full one is marked full and no
    // longer offered, and the error stays on the date question.
    await page.getByRole("region", { name: "When it runs" }).getByRole("listitem").first().getByText("(Full: no places left)").waitFor();
    await expectFieldError(page, "field-date", "This activity is fully booked at that time.");
    assert.notEqual(await radios.first().getAttribute("value"), firstDate);
    assert.deepEqual(
      (await myBookings()).filter((/** @type {any} */ b) => b.activity.id === activityId),
      [],
      "nothing booked for Edna",
    );
    await checkPage(page, "activity, date full");

    // The next date instead.
    const secondDate = /** @type {string} */ (await radios.first().getAttribute("value"));
    const secondLabel = (await dates.locator(`label[for="${await radios.first().getAttribute("id")}"]`).textContent()) ?? "";
    await chooseRadio(page, dates, radios.first());
    await activate(page, page.getByRole("button", { name: "Book a place" }));
    await page.getByRole("status").filter({ hasText: `You have booked a place at Chair yoga on ${secondLabel}.` }).waitFor();
    const booked = page.getByRole("heading", { name: "You have booked" }).locator("..");
    await booked.locator("p").filter({ hasText: `Booked ${secondLabel}` }).waitFor();
    const stored = (await myBookings()).filter((/** @type {any} */ b) => b.activity.id === activityId);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].status, "BOOKED");
    assert.equal(Date.parse(stored[0].occurrenceStartsAt), Date.parse(secondDate));
    await checkPage(page, "activity, booked");

    // Cancel it.
    await activate(page, page.getByRole("button", { name: `Cancel this booking on ${secondLabel}` }));
    await page.getByRole("status").filter({ hasText: `You have cancelled your place on ${secondLabel}.` }).waitFor();
    assert.equal(await page.getByRole("heading", { name: "You have booked" }).count(), 0);
    assert.deepEqual(
      (await myBookings()).filter((/** @type {any} */ b) => b.activity.id === activityId),
      [],
      "the booking is cancelled",
    );
    await page.setViewportSize({ width: 360, height: 800 });
    await checkPage(page, "activity, cancelled booking, 360 px");
    await screenshot(page, "directory-booking");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
