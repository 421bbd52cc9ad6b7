// A volunteer (Tom Evans from the demo data) sees the open help requests
// near him (Arthur's shopping and Joan's lift, from the demo data), narrows
// them by distance and kind, and offers to help; offering twice, and on a
// request that someone else has taken meanwhile, says so. Keyboard only.

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

const TOM = "volunteer@kith.example";
const PRIYA = "coordinator@kith.example";

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

/**
 * As a coordinator: each open or assigned request of the group, by the
 * resident's first name, with its status and who offered.
 * @param {string} token
 */
async function requestsAsCoordinator(token) {
  const data = await gql(
    server,
    `{ groups(search: "Riverside Good Neighbours", first: 1) { edges { node { id members(first: 50) { edges { node { person { id displayName } } } } } } } }`,
    {},
    token,
  );
  const group = data.groups.edges[0].node;
  const open = await gql(server, "{ openHelpRequests(first: 100) { edges { node { id residentFirstName } } } }", {}, token);
  /** @type {Record<string, { id: string, status: string, offers: string[] }>} */
  const out = {};
  for (const { node } of open.openHelpRequests.edges) {
    const one = await gql(
      server,
      "query($id: ID!) { node(id: $id) { ... on HelpRequest { status offers { displayName } } } }",
      { id: node.id },
      token,
    );
    out[node.residentFirstName] = {
      id: node.id,
      status: one.node.status,
      offers: one.node.offers.map((/** @type {any} */ p) => p.displayName),
    };
  }
  const person = (/** @type {string} */ name) =>
    group.members.edges.find((/** @type {any} */ e) => e.node.person.displayName === name).node.person.id;
  return { requests: out, person };
}

test("help nearby: see open requests near me, narrow them, offer to help, and be told when I cannot", async () => {
  const tom = await apiLogin(server, TOM);
  const priya = await apiLogin(server, PRIYA);
  // What the API gives Tom around where he starts from.
  const profile = await gql(server, "{ me { volunteerProfile { travelRadiusKm location { latitude longitude } } } }", {}, tom);
  const { location, travelRadiusKm } = profile.me.volunteerProfile;
  const near = await gql(
    server,
    "query($n: GeoFilter) { openHelpRequests(near: $n) { totalCount edges { node { residentFirstName category roughDistanceKm } } } }",
    { n: { latitude: location.latitude, longitude: location.longitude, radiusKm: travelRadiusKm } },
    tom,
  );
  assert.ok(near.openHelpRequests.totalCount >= 2, "the demo data has open requests near Tom");
  const before = await requestsAsCoordinator(priya);
  assert.deepEqual(before.requests.Arthur.offers, []);

  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 800 });
  const second = await newPage(browser, server, { width: 1280, height: 900 });
  try {
    await signInWithKeyboard(page, TOM);
    await activate(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Help nearby", exact: true }));
    await expectHeading(page, "Help nearby");
    const results = page.getByRole("region", { name: "Open requests" });
    const card = (/** @type {string} */ title) =>
      results.locator("article").filter({ has: page.getByRole("heading", { name: title }) });
    const arthur = card("Shopping for Arthur");
    const joan = card("A lift for Joan");
    await page.getByText(`Showing ${near.openHelpRequests.totalCount} of ${near.openHelpRequests.totalCount} open requests, most urgent first.`).waitFor();
    // Most urgent first, as the API lists them.
    const titles = (await results.locator("article h3").allTextContents()).map((t) => t.trim());
    const words = /** @type {Record<string, string>} */ ({ SHOPPING: "Shopping", TRANSPORT: "A lift" });
    assert.deepEqual(
      titles,
      near.openHelpRequests.edges.map((/** @type {any} */ e) => `${words[e.node.category] ?? e.node.category} for ${e.node.residentFirstName}`),
    );
    await arthur.getByText("Needed soon").waitFor();
    const arthurKm = near.openHelpRequests.edges.find((/** @type {any} */ e) => e.node.residentFirstName === "Arthur").node.roughDistanceKm;
    await arthur.getByText(`Mill Lane, Riverside, about ${arthurKm} km from you`).waitFor();
    await arthur.getByText("Weekly food shop from the corner shop: milk, bread and a few tins.").waitFor();
    await joan.getByText("When you can").waitFor();
    // Only minimal details: no surname.
    assert.equal(await results.getByText(/Bell|Price/).count(), 0);
    await checkPage(page, "help nearby");

    // Too far: the server's error lands on the distance.
    const distance = page.getByLabel("How far will you go, in kilometres?");
    assert.equal(await distance.inputValue(), String(travelRadiusKm));
    await typeInto(page, distance, "300");
    await activate(page, page.getByRole("button", { name: "Show requests" }));
    await expectFieldError(page, "field-distance", "The radius must be more than 0 and at most 200 km.");
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await checkPage(page, "help nearby, distance too far");

    // Lifts only, within 5 km.
    await typeInto(page, distance, "5");
    await chooseOption(page, page.getByLabel("Kind of help"), "A lift");
    await activate(page, page.getByRole("button", { name: "Show requests" }));
    await page.getByText("Showing 1 of 1 open request, most urgent first.").waitFor();
    await joan.waitFor();
    assert.equal(await arthur.count(), 0);

    // Not near anything: nothing to show, and what to try.
    await typeInto(page, distance, "0.1");
    await activate(page, page.getByRole("button", { name: "Show requests" }));
    await results.getByText("There are no open requests that match.").waitFor();
    await checkPage(page, "help nearby, none");

    // Anywhere, any kind.
    const where = page.getByRole("group", { name: "Where" });
    await chooseRadio(page, where, where.getByRole("radio", { name: "Anywhere" }));
    assert.equal(await distance.count(), 0, "no distance when looking anywhere");
    await chooseOption(page, page.getByLabel("Kind of help"), "Any kind of help");
    await activate(page, page.getByRole("button", { name: "Show requests" }));
    await arthur.waitFor();
    await joan.waitFor();

    // Offer to help Arthur.
    await activate(page, arthur.getByRole("button", { name: "Offer to help Arthur: shopping" }));
    await arthur
      .getByRole("status")
      .filter({ hasText: "Thank you. You have offered to help Arthur. A coordinator from Riverside Good Neighbours will be in touch to arrange it." })
      .waitFor();
    await arthur.getByText("You offered to help").waitFor();
    assert.equal(await arthur.getByRole("button").count(), 0, "no second offer from this page");
    const afterOffer = await requestsAsCoordinator(priya);
    assert.deepEqual(afterOffer.requests.Arthur.offers, ["Tom Evans"], "Priya sees Tom's offer");
    assert.equal(afterOffer.requests.Arthur.status, "OPEN");
    await checkPage(page, "help nearby, offered");

    // In another window, Tom offers again: the API says he already has.
    await signInWithKeyboard(second.page, TOM);
    await activate(second.page, second.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Help nearby", exact: true }));
    await expectHeading(second.page, "Help nearby");
    const arthur2 = second.page
      .getByRole("region", { name: "Open requests" })
      .locator("article")
      .filter({ has: second.page.getByRole("heading", { name: "Shopping for Arthur" }) });
    await activate(second.page, arthur2.getByRole("button", { name: "Offer to help Arthur: shopping" }));
    await arthur2.getByRole("alert").filter({ hasText: "You have already offered to help with this request." }).waitFor();
    await arthur2.getByText("You offered to help").waitFor();
    await checkPage(second.page, "help nearby, offered twice");
    assert.deepEqual((await requestsAsCoordinator(priya)).requests.Arthur.offers, ["Tom Evans"], "still one offer");

    // Meanwhile Priya gives Joan's lift to herself; Tom's page still shows it.
    await gql(
      server,
      "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { status } }",
      { h: afterOffer.requests.Joan.id, v: afterOffer.person("Priya Shah") },
      priya,
    );
    await activate(page, joan.getByRole("button", { name: "Offer to help Joan: a lift" }));
    await joan
      .getByRole("alert")
      .filter({ hasText: "This request is no longer open, so you cannot offer to help with it. Someone else may already be helping." })
      .waitFor();
    await joan.getByText("No longer open", { exact: true }).waitFor();
    assert.equal(await joan.getByRole("button").count(), 0);
    const joanNow = await gql(
      server,
      "query($id: ID!) { node(id: $id) { ... on HelpRequest { status offers { displayName } } } }",
      { id: afterOffer.requests.Joan.id },
      priya,
    );
    assert.deepEqual(joanNow.node, { status: "ASSIGNED", offers: [] }, "Tom's late offer changed nothing");
    await checkPage(page, "help nearby, no longer open");
    await screenshot(page, "helping-offer-help");
    assert.deepEqual(problems, []);
    assert.deepEqual(second.problems, []);
  } finally {
    await context.close();
    await second.context.close();
  }
});
