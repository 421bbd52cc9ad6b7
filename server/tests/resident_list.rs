//! `residents`: the residents a coordinator looks after, by name and paged:
//! people with a resident profile who are active members of a group they
//! coordinate. Ordinary members without a resident profile are not listed,
//! other groups' coordinators see none of them, and signing in is needed.

mod common;

use common::TestApp;
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }";
const LIST: &str = "query($g: ID, $first: Int, $after: String) { residents(groupId: $g, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { displayName email } } } }";

fn names(data: &Value) -> Vec<String> {
    data["residents"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["displayName"].as_str().unwrap().to_string())
        .collect()
}

async fn coordinators_list_their_residents_by_name_in_pages(app: TestApp) {
    let coord = app.register("coord@example.org", "Priya").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let other = app.create_group(&coord, "Lunch Club", "OPEN").await;
    for (name, g) in [
        ("Walter Green", &group),
        ("Mabel Jones", &group),
        ("Arthur Bell", &group),
        ("Joan Price", &other),
    ] {
        app.ok(
            Some(&coord.access),
            CREATE,
            json!({"i": {"groupId": g, "displayName": name, "profile": {"area": "Riverside"}}}),
        )
        .await;
    }
    // A volunteer who joined, with no resident profile, is not a resident.
    let tom = app.register("tom@example.org", "Tom").await;
    app.ok(
        Some(&tom.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { status } }",
        json!({"g": group}),
    )
    .await;

    // One group, two to a page, by name.
    let first = app
        .ok(Some(&coord.access), LIST, json!({"g": group, "first": 2}))
        .await;
    assert_eq!(names(&first), ["Arthur Bell", "Mabel Jones"]);
    assert_eq!(first["residents"]["totalCount"], 3);
    assert_eq!(first["residents"]["pageInfo"]["hasNextPage"], true);
    assert!(first["residents"]["edges"][0]["node"]["email"].is_null());
    let after = first["residents"]["pageInfo"]["endCursor"].clone();
    let second = app
        .ok(
            Some(&coord.access),
            LIST,
            json!({"g": group, "first": 2, "after": after}),
        )
        .await;
    assert_eq!(names(&second), ["Walter Green"]);
    assert_eq!(second["residents"]["pageInfo"]["hasNextPage"], false);

    // Every group I coordinate.
    let all = app.ok(Some(&coord.access), LIST, json!({})).await;
    assert_eq!(
        names(&all),
        ["Arthur Bell", "Joan Price", "Mabel Jones", "Walter Green"]
    );

    // Someone who coordinates nothing here sees nobody, and may not ask
    // for the group; signing in is needed; a bad cursor is VALIDATION.
    let stranger = app.register("stranger@example.org", "Sam").await;
    let none = app.ok(Some(&stranger.access), LIST, json!({})).await;
    assert_eq!(none["residents"]["totalCount"], 0);
    assert_eq!(
        app.err(Some(&stranger.access), LIST, json!({"g": group}))
            .await,
        "FORBIDDEN"
    );
    // Tom is a member, not a coordinator.
    assert_eq!(
        app.err(Some(&tom.access), LIST, json!({"g": group})).await,
        "FORBIDDEN"
    );
    assert_eq!(app.err(None, LIST, json!({})).await, "UNAUTHENTICATED");
    assert_eq!(
        app.err(
            Some(&coord.access),
            LIST,
            json!({"g": group, "after": "not a cursor"})
        )
        .await,
        "VALIDATION"
    );
}

both_backends!(coordinators_list_their_residents_by_name_in_pages);
