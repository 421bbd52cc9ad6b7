//! The demo data has a shift that is over (yesterday's leaflet drop) with
//! Tom confirmed on it, so a coordinator can record attendance on the
//! roster straight away; it stays out of the lists of shifts to come.

mod common;

use common::TestApp;
use serde_json::json;

async fn login(app: &TestApp, email: &str) -> String {
    app.ok(
        None,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
        json!({"e": email, "p": kith::seed::DEMO_PASSWORD}),
    )
    .await["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string()
}

const RECENT_SHIFTS: &str = "query($from: DateTime) { upcomingShifts(from: $from, first: 10) { edges { node { id title group { name } signups(first: 5) { edges { node { id status attendedMinutes volunteer { displayName } } } } } } } }";

async fn yesterdays_shift_can_have_attendance_recorded(app: TestApp) {
    kith::seed::demo(&app.state).await.unwrap();
    let priya = login(&app, "coordinator@kith.example").await;
    let tom = login(&app, "volunteer@kith.example").await;

    // Not among the shifts still to come...
    let upcoming = app.ok(Some(&priya), RECENT_SHIFTS, json!({})).await;
    let titles: Vec<&str> = upcoming["upcomingShifts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.contains(&"Leaflet drop on Riverside Road"),
        "{titles:?}"
    );

    // ...but listed from two days back, with Tom confirmed.
    let from = (common::epoch() - chrono::Duration::days(2)).to_rfc3339();
    let recent = app
        .ok(Some(&priya), RECENT_SHIFTS, json!({"from": from}))
        .await;
    let shift = recent["upcomingShifts"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .find(|n| n["title"] == "Leaflet drop on Riverside Road")
        .expect("yesterday's shift")
        .clone();
    assert_eq!(shift["group"]["name"], "Riverside Good Neighbours");
    let signups = shift["signups"]["edges"].as_array().unwrap();
    assert_eq!(signups.len(), 1);
    let signup = &signups[0]["node"];
    assert_eq!(signup["volunteer"]["displayName"], "Tom Evans");
    assert_eq!(signup["status"], "CONFIRMED");
    assert_eq!(signup["attendedMinutes"], json!(null));

    let given = || async {
        app.ok(
            Some(&tom),
            "{ me { timeAccount { givenMinutes } } }",
            json!({}),
        )
        .await["me"]["timeAccount"]["givenMinutes"]
            .as_i64()
            .unwrap()
    };
    let before = given().await;
    let recorded = app
        .ok(
            Some(&priya),
            "mutation($s: ID!) { recordShiftAttendance(signupId: $s, minutes: 120) { attendedMinutes } }",
            json!({"s": signup["id"]}),
        )
        .await;
    assert_eq!(recorded["recordShiftAttendance"]["attendedMinutes"], 120);
    assert_eq!(given().await, before + 120);
}

both_backends!(yesterdays_shift_can_have_attendance_recorded);
