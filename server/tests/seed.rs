//! The demo data loads on both backends, once, and its logins work.

mod common;

use common::TestApp;
use serde_json::json;

async fn demo_data_loads_once_and_signs_in(app: TestApp) {
    let first = kith::seed::demo(&app.state).await.unwrap();
    assert!(first.contains("loaded"), "{first}");
    let people = app.count("people");
    let again = kith::seed::demo(&app.state).await.unwrap();
    assert!(again.contains("already"), "{again}");
    assert_eq!(app.count("people"), people);
    for (email, _, _) in kith::seed::DEMO_PEOPLE {
        let data = app
            .ok(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { person { email } } }",
                json!({"e": email, "p": kith::seed::DEMO_PASSWORD}),
            )
            .await;
        assert_eq!(data["login"]["person"]["email"], *email);
    }
    let groups = app
        .ok(
            None,
            "{ groups { totalCount } upcomingShifts { totalCount } activities { totalCount edges { node { title occurrences(first: 1) { bookedCount } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(groups["groups"]["totalCount"], 3);
    assert_eq!(groups["activities"]["totalCount"], 2);
    let first = &groups["activities"]["edges"][0]["node"];
    assert_eq!(first["title"], "Lunch club");
    assert_eq!(first["occurrences"][0]["bookedCount"], 1, "Edna's booking");
    assert_eq!(
        groups["upcomingShifts"]["totalCount"], 1,
        "the members-only shift is hidden from the public"
    );
    // Tom's weekly phone call to Edna is on his list.
    let tom = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({"e": "volunteer@kith.example", "p": kith::seed::DEMO_PASSWORD}),
        )
        .await["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let calls = app
        .ok(
            Some(&tom),
            "{ myCheckIns { totalCount edges { node { channel resident { displayName } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(calls["myCheckIns"]["totalCount"], 2, "{calls}");
    assert_eq!(
        calls["myCheckIns"]["edges"][0]["node"]["resident"]["displayName"],
        "Edna Morris"
    );
    // Edna has her own resident profile and sees the plan for her weekly call.
    let edna = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({"e": "resident@kith.example", "p": kith::seed::DEMO_PASSWORD}),
        )
        .await["login"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let mine = app
        .ok(
            Some(&edna),
            "{ me { contactChannel residentProfile { area } } checkInPlans { status channel volunteer { displayName } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["me"]["residentProfile"]["area"], "Riverside", "{mine}");
    assert_eq!(mine["me"]["contactChannel"], "PHONE", "{mine}");
    assert_eq!(
        mine["checkInPlans"],
        json!([{"status": "ACTIVE", "channel": "PHONE", "volunteer": {"displayName": "Tom Evans"}}])
    );
}

both_backends!(demo_data_loads_once_and_signs_in);
