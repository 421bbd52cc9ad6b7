//! DBS expiry warnings: 60, 30 and 7 days before, each once.

mod common;

use chrono::Duration;
use common::TestApp;
use kith::jobs::{self, JobContext};
use kith::mail::Transport;
use serde_json::json;

fn warnings(app: &TestApp) -> Vec<(String, String)> {
    kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "vetting_expiry")
        .map(|m| (m.to_address, m.subject))
        .collect()
}

async fn expiry_warnings_are_sent_once_each(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    let vol = app.register("vol@example.org", "Vol").await;
    app.ok(
        Some(&vol.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
    // Expires 65 days after the test epoch (2026-11-23).
    app.ok(
        Some(&coord.access),
        "mutation($i: RecordVettingInput!) { recordVetting(input: $i) { level } }",
        json!({"i": {"personId": vol.person_id, "level": "ENHANCED", "reference": "REF-0001", "issuedOn": "2024-01-27", "expiresOn": "2027-01-27"}}),
    )
    .await;
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    let run = |days: i64| {
        let ctx = ctx.clone();
        let now = app.state.clock.now() + Duration::days(days);
        async move { jobs::vetting_expiry(&ctx, now).await.unwrap() }
    };
    assert_eq!(run(0).await, Some(0), "65 days out: too early");
    assert_eq!(run(0).await, None, "the day's slot is taken");
    assert_eq!(run(5).await, Some(1), "60 days out");
    let w = warnings(&app);
    assert_eq!(w.len(), 2, "volunteer and coordinator: {w:?}");
    assert!(w
        .iter()
        .any(|(to, s)| to == "vol@example.org" && s.contains("60 days")));
    assert!(w.iter().any(|(to, _)| to == "coord@example.org"));
    assert_eq!(run(6).await, Some(0), "no repeat of the 60-day warning");
    assert_eq!(run(35).await, Some(1), "30 days out");
    assert_eq!(run(40).await, Some(0));
    assert_eq!(run(58).await, Some(1), "7 days out");
    assert_eq!(run(64).await, Some(0));
    assert_eq!(run(66).await, Some(0), "expired: nothing more");
    assert_eq!(warnings(&app).len(), 6);
}

async fn a_renewed_check_silences_the_old_one(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    let vol = app.register("vol@example.org", "Vol").await;
    app.ok(
        Some(&vol.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
    const VET: &str = "mutation($i: RecordVettingInput!) { recordVetting(input: $i) { level } }";
    app.ok(Some(&coord.access), VET, json!({"i": {"personId": vol.person_id, "level": "BASIC", "reference": "OLD", "issuedOn": "2024-01-01", "expiresOn": "2026-12-10"}}))
        .await;
    app.ok(Some(&coord.access), VET, json!({"i": {"personId": vol.person_id, "level": "BASIC", "reference": "NEW", "issuedOn": "2026-11-01", "expiresOn": "2029-11-01"}}))
        .await;
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    assert_eq!(
        jobs::vetting_expiry(&ctx, app.state.clock.now())
            .await
            .unwrap(),
        Some(0)
    );
    assert!(warnings(&app).is_empty());
}

both_backends!(
    expiry_warnings_are_sent_once_each,
    a_renewed_check_silences_the_old_one
);
