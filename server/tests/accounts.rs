//! Accounts: registration, sign-in, sessions, password reset, on both backends.

mod common;

use chrono::Duration;
use common::{error_code, TestApp};
use kith::mail::outbox;
use serde_json::json;

const REGISTER: &str =
    "mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken accessTokenExpiresAt person { id email displayName } } }";
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken person { id email } } }";
const REFRESH: &str =
    "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }";
const ME: &str = "{ me { id email displayName } }";

fn reg(email: &str, password: &str, name: &str) -> serde_json::Value {
    json!({"i": {"email": email, "password": password, "displayName": name}})
}

async fn register_then_me(app: TestApp) {
    let data = app
        .ok(
            None,
            REGISTER,
            reg(" Ann@Example.ORG ", "a perfectly fine passphrase", "Ann"),
        )
        .await;
    let r = &data["register"];
    assert_eq!(r["person"]["email"], "ann@example.org");
    assert_eq!(r["person"]["displayName"], "Ann");
    let expires =
        chrono::DateTime::parse_from_rfc3339(r["accessTokenExpiresAt"].as_str().unwrap()).unwrap();
    assert_eq!(
        expires.with_timezone(&chrono::Utc) - common::epoch(),
        Duration::minutes(15)
    );
    let token = r["accessToken"].as_str().unwrap();
    let me = app.ok(Some(token), ME, json!({})).await;
    assert_eq!(me["me"]["email"], "ann@example.org");
    // Anonymous: me is null, not an error.
    assert_eq!(
        app.ok(None, ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    // A garbage token is treated as anonymous.
    assert_eq!(
        app.ok(Some("not-a-jwt"), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    // The stored password is an argon2id hash, never the password itself.
    use diesel::prelude::*;
    use kith::db::schema::people;
    let stored: Option<String> = people::table
        .filter(people::email.eq("ann@example.org"))
        .select(people::password_hash)
        .first(&mut *app.conn())
        .unwrap();
    let stored = stored.expect("a password hash");
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    assert!(!stored.contains("a perfectly fine passphrase"));
    assert_eq!(app.count("people"), 1);
}

async fn registration_refuses_bad_input_and_changes_nothing(app: TestApp) {
    app.register("taken@example.org", "Taken").await;
    let before = app.snapshot();
    let cases = [
        (
            reg("new@example.org", "short", "New"),
            "WEAK_PASSWORD",
            None,
        ),
        (
            reg("new@example.org", "password123", "New"),
            "WEAK_PASSWORD",
            None,
        ),
        (
            reg("new@example.org", "new@example.org", "New"),
            "WEAK_PASSWORD",
            None,
        ),
        (
            reg("new@example.org", &"x".repeat(300), "New"),
            "WEAK_PASSWORD",
            None,
        ),
        (
            reg("not-an-email", "a perfectly fine passphrase", "New"),
            "VALIDATION",
            Some("email"),
        ),
        (
            reg("new@example.org", "a perfectly fine passphrase", "   "),
            "VALIDATION",
            Some("displayName"),
        ),
        (
            reg(
                "new@example.org",
                "a perfectly fine passphrase",
                &"n".repeat(81),
            ),
            "VALIDATION",
            Some("displayName"),
        ),
        (
            reg("TAKEN@example.org", "a perfectly fine passphrase", "Again"),
            "EMAIL_TAKEN",
            None,
        ),
    ];
    for (vars, code, field) in cases {
        let resp = app.gql(None, REGISTER, vars.clone()).await;
        assert_eq!(error_code(&resp).as_deref(), Some(code), "{vars} -> {resp}");
        if let Some(f) = field {
            assert_eq!(resp["errors"][0]["extensions"]["field"], f, "{resp}");
        }
        assert_eq!(resp["data"], serde_json::Value::Null);
    }
    // A missing required field is refused by the schema itself.
    let resp = app
        .gql(
            None,
            REGISTER,
            json!({"i": {"email": "x@example.org", "displayName": "X"}}),
        )
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
    assert_eq!(
        app.snapshot(),
        before,
        "a refused registration changed something"
    );
}

async fn login_failures_do_not_reveal_accounts_and_are_limited(app: TestApp) {
    app.register("ann@example.org", "Ann").await;
    let wrong = app
        .gql(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "wrong password here"}),
        )
        .await;
    let unknown = app
        .gql(
            None,
            LOGIN,
            json!({"e": "nobody@example.org", "p": "wrong password here"}),
        )
        .await;
    assert_eq!(error_code(&wrong).as_deref(), Some("INVALID_CREDENTIALS"));
    assert_eq!(error_code(&unknown).as_deref(), Some("INVALID_CREDENTIALS"));
    assert_eq!(
        wrong["errors"][0]["message"],
        unknown["errors"][0]["message"]
    );
    let sessions_before = app.count("sessions");
    for _ in 0..4 {
        app.err(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "wrong password here"}),
        )
        .await;
    }
    // Five failures: even the right password is refused for a while.
    let limited = app
        .err(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "a perfectly fine passphrase"}),
        )
        .await;
    assert_eq!(limited, "RATE_LIMITED");
    assert_eq!(
        app.count("sessions"),
        sessions_before,
        "a refused login opened a session"
    );
    app.state.clock.advance(Duration::minutes(16));
    let ok = app
        .ok(
            None,
            LOGIN,
            json!({"e": "ANN@example.org", "p": "a perfectly fine passphrase"}),
        )
        .await;
    assert_eq!(ok["login"]["person"]["email"], "ann@example.org");
}

async fn refresh_rotates_and_reuse_revokes_the_chain(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    let first = app.ok(None, REFRESH, json!({"t": s.refresh})).await;
    let r1 = first["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_string();
    let a1 = first["refreshSession"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(r1, s.refresh, "refresh token was not rotated");
    let second = app.ok(None, REFRESH, json!({"t": r1})).await;
    let r2 = second["refreshSession"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_string();
    // Presenting an already-used token: TOKEN_REUSED, and the whole chain dies.
    assert_eq!(
        app.err(None, REFRESH, json!({"t": r1})).await,
        "TOKEN_REUSED"
    );
    assert_eq!(
        app.err(None, REFRESH, json!({"t": r2})).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.ok(Some(&a1), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    // Unknown tokens are simply unauthenticated.
    assert_eq!(
        app.err(None, REFRESH, json!({"t": "nonsense"})).await,
        "UNAUTHENTICATED"
    );
    // Other sessions of the same person are untouched.
    let other = app
        .ok(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "a perfectly fine passphrase"}),
        )
        .await;
    let token = other["login"]["accessToken"].as_str().unwrap();
    assert_eq!(
        app.ok(Some(token), ME, json!({})).await["me"]["email"],
        "ann@example.org"
    );
}

async fn concurrent_refreshes_with_one_token_let_exactly_one_through(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let app = app.clone();
        let t = s.refresh.clone();
        tasks.push(tokio::spawn(async move {
            app.gql(None, REFRESH, json!({"t": t})).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let resp = t.await.unwrap();
        match error_code(&resp) {
            None => ok += 1,
            Some(code) => assert!(
                code == "TOKEN_REUSED" || code == "UNAUTHENTICATED",
                "unexpected {resp}"
            ),
        }
    }
    assert!(ok <= 1, "{ok} refreshes succeeded with one token");
}

async fn access_tokens_expire_after_fifteen_minutes(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    app.state.clock.advance(Duration::minutes(14));
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"]["email"],
        "ann@example.org"
    );
    app.state.clock.advance(Duration::minutes(2));
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    // The refresh token still works and gives a fresh access token.
    let data = app.ok(None, REFRESH, json!({"t": s.refresh})).await;
    let fresh = data["refreshSession"]["accessToken"].as_str().unwrap();
    assert_eq!(
        app.ok(Some(fresh), ME, json!({})).await["me"]["email"],
        "ann@example.org"
    );
}

async fn logout_takes_effect_on_the_next_request(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    let out = app
        .ok(
            None,
            "mutation($t: String!) { logout(refreshToken: $t) }",
            json!({"t": s.refresh}),
        )
        .await;
    assert_eq!(out["logout"], true);
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    let code = app
        .err(
            Some(&s.access),
            "mutation { updateMyProfile(input: {displayName: \"X\"}) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(code, "UNAUTHENTICATED");
    assert_eq!(
        app.err(None, REFRESH, json!({"t": s.refresh})).await,
        "UNAUTHENTICATED"
    );
    let again = app
        .ok(
            None,
            "mutation($t: String!) { logout(refreshToken: $t) }",
            json!({"t": s.refresh}),
        )
        .await;
    assert_eq!(again["logout"], false);
}

async fn disabling_a_person_ends_their_sessions(app: TestApp) {
    let admin = app.admin("admin@example.org").await;
    let ann = app.register("ann@example.org", "Ann").await;
    const DISABLE: &str = "mutation($p: ID!, $d: Boolean!) { setPersonDisabled(personId: $p, disabled: $d) { id disabled } }";
    // Only admins may disable.
    let code = app
        .err(
            Some(&ann.access),
            DISABLE,
            json!({"p": admin.person_id, "d": true}),
        )
        .await;
    assert_eq!(code, "FORBIDDEN");
    let data = app
        .ok(
            Some(&admin.access),
            DISABLE,
            json!({"p": ann.person_id, "d": true}),
        )
        .await;
    assert_eq!(data["setPersonDisabled"]["disabled"], true);
    assert_eq!(
        app.ok(Some(&ann.access), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    assert_eq!(
        app.err(None, REFRESH, json!({"t": ann.refresh})).await,
        "UNAUTHENTICATED"
    );
    let code = app
        .err(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "a perfectly fine passphrase"}),
        )
        .await;
    assert_eq!(code, "INVALID_CREDENTIALS");
    // An admin cannot lock themselves out.
    let code = app
        .err(
            Some(&admin.access),
            DISABLE,
            json!({"p": admin.person_id, "d": true}),
        )
        .await;
    assert_eq!(code, "VALIDATION");
}

fn reset_token_from_outbox(app: &TestApp) -> String {
    let mut conn = app.conn();
    let rows = outbox::all(&mut conn).unwrap();
    let row = rows
        .iter()
        .rev()
        .find(|r| r.kind == "password_reset")
        .expect("reset email queued");
    let start = row.body_text.find("token=").expect("link in email") + "token=".len();
    row.body_text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

async fn password_reset_by_email(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    const REQUEST: &str = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    const RESET: &str =
        "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";
    // Unknown and malformed emails get the same answer, and no mail.
    for email in ["nobody@example.org", "not an email"] {
        assert_eq!(
            app.ok(None, REQUEST, json!({"e": email})).await["requestPasswordReset"],
            true
        );
    }
    assert_eq!(app.count("outbox"), 0);
    assert_eq!(
        app.ok(None, REQUEST, json!({"e": "ANN@example.org"})).await["requestPasswordReset"],
        true
    );
    assert_eq!(app.count("outbox"), 1);
    let token = reset_token_from_outbox(&app);
    {
        let mut conn = app.conn();
        let row = &outbox::all(&mut conn).unwrap()[0];
        assert_eq!(row.to_address, "ann@example.org");
        assert!(row.body_html.contains("reset-password?token="));
        assert!(row.message_id.starts_with('<') && row.message_id.ends_with("@kith.test>"));
    }
    // Bad inputs change nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(None, RESET, json!({"t": token, "p": "short"}))
            .await,
        "WEAK_PASSWORD"
    );
    assert_eq!(
        app.err(
            None,
            RESET,
            json!({"t": "forged", "p": "another fine passphrase"})
        )
        .await,
        "VALIDATION"
    );
    assert_eq!(app.snapshot(), before);
    // The real reset works once, ends old sessions, and the new password signs in.
    assert_eq!(
        app.ok(
            None,
            RESET,
            json!({"t": token, "p": "another fine passphrase"})
        )
        .await["resetPassword"],
        true
    );
    assert_eq!(
        app.err(
            None,
            RESET,
            json!({"t": token, "p": "yet another passphrase"})
        )
        .await,
        "VALIDATION"
    );
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"],
        serde_json::Value::Null
    );
    assert_eq!(
        app.err(
            None,
            LOGIN,
            json!({"e": "ann@example.org", "p": "a perfectly fine passphrase"})
        )
        .await,
        "INVALID_CREDENTIALS"
    );
    app.ok(
        None,
        LOGIN,
        json!({"e": "ann@example.org", "p": "another fine passphrase"}),
    )
    .await;
    // An expired link is refused.
    app.ok(None, REQUEST, json!({"e": "ann@example.org"})).await;
    let late = reset_token_from_outbox(&app);
    app.state.clock.advance(Duration::minutes(61));
    assert_eq!(
        app.err(
            None,
            RESET,
            json!({"t": late, "p": "one more fine passphrase"})
        )
        .await,
        "VALIDATION"
    );
    // At most three reset emails an hour.
    for _ in 0..5 {
        app.ok(None, REQUEST, json!({"e": "ann@example.org"})).await;
    }
    let resets = {
        let mut conn = app.conn();
        outbox::all(&mut conn)
            .unwrap()
            .iter()
            .filter(|r| r.kind == "password_reset")
            .count()
    };
    assert_eq!(resets, 2 + 3);
}

async fn profile_updates_and_their_validation(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    const UPDATE: &str = "mutation($i: UpdateProfileInput!) { updateMyProfile(input: $i) { displayName contactChannel language accessibilityNeeds doNotContact } }";
    let data = app
        .ok(
            Some(&s.access),
            UPDATE,
            json!({"i": {"displayName": "Ann B", "contactChannel": "PHONE", "language": "cy", "accessibilityNeeds": "Large print", "doNotContact": false}}),
        )
        .await;
    assert_eq!(
        data["updateMyProfile"],
        json!({"displayName": "Ann B", "contactChannel": "PHONE", "language": "cy", "accessibilityNeeds": "Large print", "doNotContact": false})
    );
    let before = app.snapshot();
    let resp = app
        .gql(Some(&s.access), UPDATE, json!({"i": {"displayName": ""}}))
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
    assert_eq!(resp["errors"][0]["extensions"]["field"], "displayName");
    let resp = app
        .gql(
            Some(&s.access),
            UPDATE,
            json!({"i": {"contactChannel": "PIGEON"}}),
        )
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
    assert_eq!(
        app.err(None, UPDATE, json!({"i": {"displayName": "X"}}))
            .await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
    assert_eq!(
        app.ok(Some(&s.access), ME, json!({})).await["me"]["displayName"],
        "Ann B"
    );
}

both_backends!(
    register_then_me,
    registration_refuses_bad_input_and_changes_nothing,
    login_failures_do_not_reveal_accounts_and_are_limited,
    refresh_rotates_and_reuse_revokes_the_chain,
    concurrent_refreshes_with_one_token_let_exactly_one_through,
    access_tokens_expire_after_fifteen_minutes,
    logout_takes_effect_on_the_next_request,
    disabling_a_person_ends_their_sessions,
    password_reset_by_email,
    profile_updates_and_their_validation,
);
