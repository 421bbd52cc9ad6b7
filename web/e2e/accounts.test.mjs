// Anyone: create an account, sign out and in again, and reset a forgotten
// password through the emailed link. Keyboard only, at 360 px wide.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  activate,
  checkPage,
  expectHeading,
  expectFieldError,
  launchBrowser,
  newPage,
  screenshot,
  slowNetwork,
  startServer,
  typeInto,
  waitForEmail,
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

const unique = Date.now().toString(36);
const email = `ruth.ellis.${unique}@example.org`;
const firstPassword = "kettle on the hob";
const newPassword = "blue door by the canal";

test("register, sign out, sign in, with errors next to the fields", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 780 });
  try {
    await page.goto("/");
    await expectHeading(page, "Neighbours looking out for each other");
    await checkPage(page, "home (signed out)");

    // The skip link comes first and moves focus to the main content.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to main content");
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.id), "main");

    await activate(page, page.getByRole("main").getByRole("link", { name: "Create an account" }));
    await expectHeading(page, "Create an account");
    await checkPage(page, "create an account");

    // Nothing filled in: each field says what it needs.
    await activate(page, page.getByRole("button", { name: "Create my account" }));
    await expectFieldError(page, "field-displayName", "Enter your name.");
    await expectFieldError(page, "field-email", "Enter your email address.");
    await expectFieldError(page, "field-password", "Choose a password.");
    // The summary has focus and links to each field.
    assert.equal(await page.evaluate(() => document.activeElement?.className), "error-summary");

    // The email is already used (EMAIL_TAKEN, shown at the email field).
    await typeInto(page, page.getByLabel("Your name"), "Ruth Ellis");
    await typeInto(page, page.getByLabel("Email address"), "volunteer@kith.example");
    await typeInto(page, page.getByLabel("Password"), firstPassword);
    await activate(page, page.getByRole("button", { name: "Create my account" }));
    await expectFieldError(page, "field-email", /already exists/);
    assert.equal(await page.locator("#field-email").getAttribute("aria-invalid"), "true");
    await checkPage(page, "create an account, with errors");

    // A password that is too short (WEAK_PASSWORD, shown at the password field).
    await activate(page, page.locator(".error-summary a"));
    assert.equal(await page.evaluate(() => document.activeElement?.id), "field-email");
    await page.keyboard.press("Control+A");
    await page.keyboard.type(email);
    await typeInto(page, page.getByLabel("Password"), "short");
    await activate(page, page.getByRole("button", { name: "Create my account" }));
    await expectFieldError(page, "field-password", /at least 8 characters/);
    assert.equal(await page.locator("#field-email-error").count(), 0, "the email error went away");

    // On a slow network, pressing Enter twice sends one request, and the
    // button says what is happening.
    const slow = await slowNetwork(page, 1200);
    await typeInto(page, page.getByLabel("Password"), firstPassword);
    await page.keyboard.press("Enter");
    const button = page.getByRole("button", { name: /Creating your account/ });
    await button.waitFor();
    assert.ok(await button.isDisabled(), "the button is disabled while the account is created");
    await page.keyboard.press("Enter");
    await expectHeading(page, "Hello, Ruth Ellis");
    await slow.restore();
    assert.equal(slow.counts.Register, 1, "exactly one Register request");
    await page.getByRole("status").filter({ hasText: "Your account is ready" }).waitFor();
    await checkPage(page, "home (signed in)");

    // Sign out.
    await activate(page, page.getByRole("button", { name: "Sign out" }));
    await expectHeading(page, "Sign in");
    await page.getByText("You have signed out.").waitFor();
    await checkPage(page, "sign in (after signing out)");

    // A wrong password: INVALID_CREDENTIALS, shown at the password field.
    await typeInto(page, page.getByLabel("Email address"), email);
    await typeInto(page, page.getByLabel("Password", { exact: true }), "not my password");
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectFieldError(page, "field-password", "The email address or password is not right.");
    await checkPage(page, "sign in, with errors");

    await typeInto(page, page.getByLabel("Password", { exact: true }), firstPassword);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectHeading(page, "Hello, Ruth Ellis");

    // Still signed in after a reload (the session is restored).
    await page.reload();
    await expectHeading(page, "Hello, Ruth Ellis");
    await screenshot(page, "accounts-register-and-sign-in");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("forgotten password: the emailed link resets it", async () => {
  const { page, context, problems } = await newPage(browser, server, { width: 360, height: 780 });
  try {
    await page.goto("/sign-in");
    await expectHeading(page, "Sign in");
    await activate(page, page.getByRole("link", { name: "I have forgotten my password" }));
    await expectHeading(page, "Reset your password");
    await checkPage(page, "reset your password");

    await typeInto(page, page.getByLabel("Email address"), email);
    await activate(page, page.getByRole("button", { name: "Send me a link" }));
    await expectHeading(page, "Check your email");
    await checkPage(page, "check your email");

    const text = await waitForEmail(server, email, /reset/i);
    const link = /(https?:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1];
    assert.ok(link, `no reset link in the email:\n${text}`);
    assert.ok(link.startsWith(`${server.url}/reset-password?token=`), `the link points at this server: ${link}`);

    await page.goto(link);
    await expectHeading(page, "Choose a new password");
    await checkPage(page, "choose a new password");

    // Different passwords in the two boxes.
    await typeInto(page, page.getByLabel("New password", { exact: true }), newPassword);
    await typeInto(page, page.getByLabel("Type your new password again"), "something else");
    await activate(page, page.getByRole("button", { name: "Save my new password" }));
    await expectFieldError(page, "field-confirmPassword", "The two passwords are not the same.");

    // A common password: WEAK_PASSWORD from the server, at the new password.
    await typeInto(page, page.getByLabel("New password", { exact: true }), "password");
    await typeInto(page, page.getByLabel("Type your new password again"), "password");
    await activate(page, page.getByRole("button", { name: "Save my new password" }));
    await expectFieldError(page, "field-newPassword", /most common/);
    await checkPage(page, "choose a new password, with errors");

    await typeInto(page, page.getByLabel("New password", { exact: true }), newPassword);
    await typeInto(page, page.getByLabel("Type your new password again"), newPassword);
    await activate(page, page.getByRole("button", { name: "Save my new password" }));
    await expectHeading(page, "Sign in");
    await page.getByText("Your password has been changed").waitFor();

    // The old password no longer works; the new one does.
    await typeInto(page, page.getByLabel("Email address"), email);
    await typeInto(page, page.getByLabel("Password", { exact: true }), firstPassword);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectFieldError(page, "field-password", "The email address or password is not right.");
    await typeInto(page, page.getByLabel("Password", { exact: true }), newPassword);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectHeading(page, "Hello, Ruth Ellis");

    // The link works once.
    await activate(page, page.getByRole("button", { name: "Sign out" }));
    await expectHeading(page, "Sign in");
    await page.goto(link);
    await expectHeading(page, "Choose a new password");
    await typeInto(page, page.getByLabel("New password", { exact: true }), "another long passphrase");
    await typeInto(page, page.getByLabel("Type your new password again"), "another long passphrase");
    await activate(page, page.getByRole("button", { name: "Save my new password" }));
    await expectHeading(page, "This link does not work");
    await page.getByText(/not valid or has expired/).waitFor();
    await checkPage(page, "reset link already used");

    await page.goto("/sign-in");
    await expectHeading(page, "Sign in");
    await typeInto(page, page.getByLabel("Email address"), email);
    await typeInto(page, page.getByLabel("Password", { exact: true }), newPassword);
    await activate(page, page.getByRole("button", { name: "Sign in", exact: true }));
    await expectHeading(page, "Hello, Ruth Ellis");
    await screenshot(page, "accounts-forgotten-password");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
