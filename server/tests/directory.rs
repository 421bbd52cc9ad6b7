//! The open directory over GraphQL: `services` without signing in, its
//! ranking (text match, then distance, then id), filters (text, category,
//! point or postcode, weekday in London time, age), paging, what never
//! appears (drafts, cancelled), and setting a group's postcode district.

mod common;

use common::{error_code, Session, TestApp};
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishActivity(id: $id) { id } }";
const SET_AREA: &str = "mutation($i: SetGroupPostcodeAreaInput!) { setGroupPostcodeArea(input: $i) { id postcodeArea } }";

const SERVICES: &str = "query($search: String, $category: String, $near: GeoFilter, $np: PostcodeFilter, $day: DayOfWeek, $age: Int, $first: Int, $after: String) {
  services(search: $search, category: $category, near: $near, nearPostcode: $np, day: $day, age: $age, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node {
      matchScore distanceKm placedByPostcodeArea openReferralId
      coordinates { latitude longitude }
      activity { id title status }
      group { id name postcodeArea }
      nextDates(first: 2) { startsAt endsAt }
    } }
  }
}";

/// The centre of SE15 as the Peckham group gives it.
const SE15: (f64, f64) = (51.47, -0.065);

/// Everything the tests search through, by title.
struct World {
    ann: Session,
    ids: std::collections::HashMap<&'static str, String>,
}

async fn activity(
    app: &TestApp,
    who: &Session,
    group: &str,
    fields: Value,
    publish: bool,
) -> String {
    let mut input = json!({"groupId": group});
    for (k, v) in fields.as_object().unwrap() {
        input[k] = v.clone();
    }
    let id = app.ok(Some(&who.access), CREATE, json!({"i": input})).await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    if publish {
        app.ok(Some(&who.access), PUBLISH, json!({"id": id})).await;
    }
    id
}

/// Two South London groups and one in Manchester. The clock stands at
/// Monday 23 November 2026, 09:00 UTC. Distances from the SE15 centre:
/// Chair yoga 0 (placed at the centre), Youth football 0.36 km, Tuesday
/// lunch club 0.57 km, Midsummer night walk 0.66 km, Friday lunch club
/// 2.7 km, Knit and natter 3.6 km, Lunch and learn (Manchester) 250 km.
async fn world(app: &TestApp) -> World {
    let ann = app.register("ann@example.org", "Ann").await;
    let bob = app.register("bob@example.org", "Bob").await;
    let pals = app.create_group(&ann, "Peckham Pals", "OPEN").await;
    let circle = app.create_group(&bob, "Brixton Lunch Circle", "OPEN").await;
    let far = app.create_group(&bob, "Manchester Movers", "OPEN").await;
    app.ok(
        Some(&ann.access),
        SET_AREA,
        json!({"i": {"groupId": pals, "district": "SE15", "latitude": SE15.0, "longitude": SE15.1}}),
    )
    .await;
    let mut ids = std::collections::HashMap::new();
    let weekly =
        |title: &str, desc: &str, cat: &str, day: &str, start: &str, end: &str, at: (f64, f64)| {
            json!({"title": title, "description": desc, "category": cat,
               "startsAt": start, "endsAt": end, "recurrence": format!("FREQ=WEEKLY;BYDAY={day}"),
               "coordinates": {"latitude": at.0, "longitude": at.1}})
        };
    ids.insert(
        "knit",
        activity(
            app,
            &bob,
            &circle,
            weekly(
                "Knit and natter",
                "Bring wool and a friend.",
                "crafts",
                "WE",
                "2026-11-25T14:00:00Z",
                "2026-11-25T16:00:00Z",
                (51.4613, -0.1156),
            ),
            true,
        )
        .await,
    );
    ids.insert(
        "fri_lunch",
        activity(
            app,
            &bob,
            &circle,
            weekly(
                "Friday lunch club",
                "Hot meals.",
                "lunch club",
                "FR",
                "2026-11-27T12:00:00Z",
                "2026-11-27T14:00:00Z",
                (51.48, -0.10),
            ),
            true,
        )
        .await,
    );
    let mut tue = weekly(
        "Tuesday lunch club",
        "Soup and sandwiches.",
        "Lunch Club",
        "TU",
        "2026-11-24T12:00:00Z",
        "2026-11-24T14:00:00Z",
        (51.4745, -0.069),
    );
    tue["minAge"] = json!(60);
    tue["costPence"] = json!(350);
    ids.insert("tue_lunch", activity(app, &ann, &pals, tue, true).await);
    ids.insert(
        "yoga",
        activity(
            app,
            &ann,
            &pals,
            json!({"title": "Chair yoga", "description": "Gentle stretches before lunch.",
                   "category": "seated exercise",
                   "startsAt": "2026-11-26T10:00:00Z", "endsAt": "2026-11-26T11:00:00Z"}),
            true,
        )
        .await,
    );
    let mut youth = weekly(
        "Youth football",
        "A kick-about.",
        "sport",
        "SA",
        "2026-11-28T10:00:00Z",
        "2026-11-28T11:00:00Z",
        (51.469, -0.06),
    );
    youth["maxAge"] = json!(18);
    ids.insert("youth", activity(app, &ann, &pals, youth, true).await);
    ids.insert(
        "draft",
        activity(
            app,
            &ann,
            &pals,
            weekly(
                "Secret lunch planning",
                "Lunch.",
                "lunch club",
                "TU",
                "2026-11-24T09:00:00Z",
                "2026-11-24T10:00:00Z",
                SE15,
            ),
            false,
        )
        .await,
    );
    let cancelled = activity(
        app,
        &ann,
        &pals,
        weekly(
            "Lunch club outing",
            "Lunch out.",
            "lunch club",
            "TU",
            "2026-11-24T15:00:00Z",
            "2026-11-24T16:00:00Z",
            SE15,
        ),
        true,
    )
    .await;
    app.ok(
        Some(&ann.access),
        "mutation($id: ID!) { cancelActivity(id: $id, reason: \"The minibus broke down.\") { status } }",
        json!({"id": cancelled}),
    )
    .await;
    ids.insert("cancelled", cancelled);
    ids.insert(
        "manc",
        activity(
            app,
            &bob,
            &far,
            weekly(
                "Lunch and learn",
                "Talks.",
                "learning",
                "MO",
                "2026-11-30T12:00:00Z",
                "2026-11-30T13:00:00Z",
                (53.48, -2.24),
            ),
            true,
        )
        .await,
    );
    // 00:30 on Wednesday 30 June 2027 in London is 23:30 on Tuesday in UTC.
    ids.insert(
        "midnight",
        activity(
            app,
            &bob,
            &circle,
            json!({"title": "Midsummer night walk", "description": "Bring a packed lunch.",
                   "category": "walking",
                   "startsAt": "2027-06-29T23:30:00Z", "endsAt": "2027-06-30T01:00:00Z",
                   "coordinates": {"latitude": 51.465, "longitude": -0.07}}),
            true,
        )
        .await,
    );
    World { ann, ids }
}

impl World {
    /// The titles of a `services` page, in order.
    fn titles(&self, data: &Value) -> Vec<String> {
        data["services"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["activity"]["title"].as_str().unwrap().to_string())
            .collect()
    }
}

fn near_se15(km: f64) -> Value {
    json!({"latitude": SE15.0, "longitude": SE15.1, "radiusKm": km})
}

/// Great-circle distance, to check Kith's figures independently.
fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (p1, p2) = (a.0.to_radians(), b.0.to_radians());
    let dp = p2 - p1;
    let dl = (b.1 - a.1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().asin()
}

async fn near_a_point_without_signing_in(app: TestApp) {
    let w = world(&app).await;
    let d = app
        .ok(None, SERVICES, json!({"near": near_se15(5.0)}))
        .await;
    assert_eq!(
        w.titles(&d),
        [
            "Chair yoga",
            "Youth football",
            "Tuesday lunch club",
            "Midsummer night walk",
            "Friday lunch club",
            "Knit and natter"
        ],
        "nearest first; drafts, cancelled and far away left out"
    );
    assert_eq!(d["services"]["totalCount"], 6);
    assert_eq!(d["services"]["pageInfo"]["hasNextPage"], false);
    let edges = d["services"]["edges"].as_array().unwrap();
    // The yoga has no place of its own: it is at its group's district centre.
    let yoga = &edges[0]["node"];
    assert_eq!(yoga["placedByPostcodeArea"], true);
    assert_eq!(yoga["distanceKm"], 0.0);
    assert_eq!(
        yoga["coordinates"],
        json!({"latitude": SE15.0, "longitude": SE15.1})
    );
    assert_eq!(yoga["group"]["postcodeArea"], "SE15");
    assert_eq!(
        yoga["nextDates"][0]["startsAt"],
        "2026-11-26T10:00:00+00:00"
    );
    assert_eq!(yoga["nextDates"].as_array().unwrap().len(), 1, "a one-off");
    // Distances agree with the great-circle distance to within 0.5 %.
    for e in &edges[1..] {
        let n = &e["node"];
        assert_eq!(n["placedByPostcodeArea"], false);
        let at = (
            n["coordinates"]["latitude"].as_f64().unwrap(),
            n["coordinates"]["longitude"].as_f64().unwrap(),
        );
        let want = haversine_km(SE15, at);
        let got = n["distanceKm"].as_f64().unwrap();
        assert!(
            (got - want).abs() <= want * 0.005 + 0.01,
            "{}: {got} km, great circle {want} km",
            n["activity"]["title"]
        );
        assert_eq!(n["matchScore"], 0);
        assert_eq!(n["activity"]["status"], "PUBLISHED");
        let uuid = n["openReferralId"].as_str().unwrap();
        assert_eq!(uuid.len(), 36, "{uuid}");
    }
    // Weekly: the next two Tuesdays.
    let tue = &edges[2]["node"];
    assert_eq!(
        tue["nextDates"],
        json!([
            {"startsAt": "2026-11-24T12:00:00+00:00", "endsAt": "2026-11-24T14:00:00+00:00"},
            {"startsAt": "2026-12-01T12:00:00+00:00", "endsAt": "2026-12-01T14:00:00+00:00"}
        ])
    );
    assert_eq!(tue["group"]["name"], "Peckham Pals");
    assert_eq!(tue["activity"]["id"], w.ids["tue_lunch"].as_str());

    // A tighter circle, and the same for a signed-in coordinator: their
    // draft and cancelled activities are not part of the directory.
    let d = app
        .ok(
            Some(&w.ann.access),
            SERVICES,
            json!({"near": near_se15(1.0)}),
        )
        .await;
    assert_eq!(
        w.titles(&d),
        [
            "Chair yoga",
            "Youth football",
            "Tuesday lunch club",
            "Midsummer night walk"
        ]
    );
    // Without a point: everything listed, by id.
    let d = app.ok(None, SERVICES, json!({})).await;
    assert_eq!(
        w.titles(&d),
        [
            "Knit and natter",
            "Friday lunch club",
            "Tuesday lunch club",
            "Chair yoga",
            "Youth football",
            "Lunch and learn",
            "Midsummer night walk"
        ]
    );
    assert!(d["services"]["edges"][0]["node"]["distanceKm"].is_null());
    let ids: Vec<&str> = d["services"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["activity"]["id"].as_str().unwrap())
        .collect();
    assert!(!ids.contains(&w.ids["draft"].as_str()));
    assert!(!ids.contains(&w.ids["cancelled"].as_str()));
}

async fn text_match_ranks_title_then_group_then_description(app: TestApp) {
    let w = world(&app).await;
    let scores = |d: &Value| -> Vec<(String, i64)> {
        d["services"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["node"]["activity"]["title"].as_str().unwrap().to_string(),
                    e["node"]["matchScore"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let d = app.ok(None, SERVICES, json!({"search": "  LUNCH "})).await;
    let s = |t: &str, n: i64| (t.to_string(), n);
    assert_eq!(
        scores(&d),
        [
            s("Friday lunch club", 6),    // title and group name
            s("Tuesday lunch club", 4),   // title
            s("Lunch and learn", 4),      // title (later id)
            s("Midsummer night walk", 3), // group name and description
            s("Knit and natter", 2),      // group name
            s("Chair yoga", 1),           // description
        ]
    );
    assert_eq!(d["services"]["totalCount"], 6, "only matches are listed");
    // Within 5 km of SE15 Manchester drops out; the order holds.
    let d = app
        .ok(
            None,
            SERVICES,
            json!({"search": "lunch", "near": near_se15(5.0)}),
        )
        .await;
    assert_eq!(
        w.titles(&d),
        [
            "Friday lunch club",
            "Tuesday lunch club",
            "Midsummer night walk",
            "Knit and natter",
            "Chair yoga"
        ]
    );
    // Equal scores: the nearer first, whatever the ids.
    let d = app.ok(None, SERVICES, json!({"search": "club"})).await;
    assert_eq!(w.titles(&d), ["Friday lunch club", "Tuesday lunch club"]);
    let d = app
        .ok(
            None,
            SERVICES,
            json!({"search": "club", "near": near_se15(5.0)}),
        )
        .await;
    assert_eq!(w.titles(&d), ["Tuesday lunch club", "Friday lunch club"]);
    // A phrase, wildcards taken literally, and nothing found.
    let d = app
        .ok(None, SERVICES, json!({"search": "lunch   club"}))
        .await;
    assert_eq!(d["services"]["totalCount"], 2);
    for nothing in ["%", "lunch_club", "zumba"] {
        let d = app.ok(None, SERVICES, json!({"search": nothing})).await;
        assert_eq!(d["services"]["totalCount"], 0, "{nothing}");
        assert_eq!(d["services"]["edges"], json!([]));
    }
}

async fn filters_by_category_day_and_age(app: TestApp) {
    let w = world(&app).await;
    let titles = |d: &Value| w.titles(d);
    let d = app
        .ok(None, SERVICES, json!({"category": " LUNCH club "}))
        .await;
    assert_eq!(titles(&d), ["Friday lunch club", "Tuesday lunch club"]);
    // Days are London days: the midnight walk starts on a Tuesday in UTC
    // but on a Wednesday in British Summer Time.
    for (day, want) in [
        ("TUESDAY", vec!["Tuesday lunch club"]),
        ("WEDNESDAY", vec!["Knit and natter", "Midsummer night walk"]),
        ("THURSDAY", vec!["Chair yoga"]),
        ("MONDAY", vec!["Lunch and learn"]),
        ("SUNDAY", vec![]),
    ] {
        let d = app.ok(None, SERVICES, json!({"day": day})).await;
        assert_eq!(titles(&d), want, "{day}");
    }
    let d = app
        .ok(
            None,
            SERVICES,
            json!({"day": "WEDNESDAY", "near": near_se15(1.0)}),
        )
        .await;
    assert_eq!(titles(&d), ["Midsummer night walk"]);
    // Ages: the lunch club is for 60 and over, football for 18 and under.
    let all = 7;
    for (age, left_out) in [
        (70, vec!["Youth football"]),
        (30, vec!["Tuesday lunch club", "Youth football"]),
        (10, vec!["Tuesday lunch club"]),
        (60, vec!["Youth football"]),
        (18, vec!["Tuesday lunch club"]),
    ] {
        let d = app.ok(None, SERVICES, json!({"age": age})).await;
        let got = titles(&d);
        assert_eq!(got.len(), all - left_out.len(), "{age}: {got:?}");
        for t in left_out {
            assert!(!got.contains(&t.to_string()), "{age}: {t}");
        }
    }
    // Everything together.
    let d = app
        .ok(
            None,
            SERVICES,
            json!({"search": "lunch", "category": "lunch club", "day": "TUESDAY", "age": 65, "near": near_se15(2.0)}),
        )
        .await;
    assert_eq!(titles(&d), ["Tuesday lunch club"]);
}

async fn pages_follow_on_without_gaps(app: TestApp) {
    let w = world(&app).await;
    let mut after: Option<String> = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let d = app
            .ok(
                None,
                SERVICES,
                json!({"near": near_se15(5.0), "first": 2, "after": after}),
            )
            .await;
        assert_eq!(d["services"]["totalCount"], 6);
        assert_eq!(
            d["services"]["pageInfo"]["hasPreviousPage"],
            after.is_some()
        );
        seen.extend(w.titles(&d));
        pages += 1;
        if d["services"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = d["services"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_string);
        assert!(pages < 10);
    }
    assert_eq!(pages, 3);
    assert_eq!(
        seen,
        [
            "Chair yoga",
            "Youth football",
            "Tuesday lunch club",
            "Midsummer night walk",
            "Friday lunch club",
            "Knit and natter"
        ]
    );
    // With search text too (ties on score broken by distance, then id).
    let first = app
        .ok(None, SERVICES, json!({"search": "lunch", "first": 3}))
        .await;
    let cursor = first["services"]["pageInfo"]["endCursor"].clone();
    let rest = app
        .ok(None, SERVICES, json!({"search": "lunch", "after": cursor}))
        .await;
    let mut all = w.titles(&first);
    all.extend(w.titles(&rest));
    assert_eq!(
        all,
        [
            "Friday lunch club",
            "Tuesday lunch club",
            "Lunch and learn",
            "Midsummer night walk",
            "Knit and natter",
            "Chair yoga"
        ]
    );
    // Past the end: an empty page that still counts the list.
    let last = rest["services"]["pageInfo"]["endCursor"].clone();
    let d = app
        .ok(None, SERVICES, json!({"search": "lunch", "after": last}))
        .await;
    assert_eq!(d["services"]["edges"], json!([]));
    assert_eq!(d["services"]["totalCount"], 6);
    // `first: 0` and the cap.
    let d = app.ok(None, SERVICES, json!({"first": 0})).await;
    assert_eq!(d["services"]["edges"], json!([]));
    assert_eq!(d["services"]["totalCount"], 7);
    assert_eq!(d["services"]["pageInfo"]["hasNextPage"], true);
}

async fn postcode_searches_use_the_district_centre(app: TestApp) {
    let _w = world(&app).await;
    let by_point = app
        .ok(None, SERVICES, json!({"near": near_se15(5.0)}))
        .await;
    for postcode in ["SE15 5DQ", "se155dq", " se15 "] {
        let d = app
            .ok(
                None,
                SERVICES,
                json!({"np": {"postcode": postcode, "radiusKm": 5.0}}),
            )
            .await;
        assert_eq!(d, by_point, "{postcode}");
    }
    let area = app
        .ok(
            None,
            "{ a: postcodeArea(postcode: \"se15 5dq\") { district latitude longitude } b: postcodeArea(postcode: \"SW9\") { district } }",
            json!({}),
        )
        .await;
    assert_eq!(
        area,
        json!({"a": {"district": "SE15", "latitude": SE15.0, "longitude": SE15.1}, "b": null})
    );
    let before = app.snapshot();
    for (vars, field) in [
        (
            json!({"np": {"postcode": "E1 6AN", "radiusKm": 5.0}}),
            "nearPostcode",
        ),
        (
            json!({"np": {"postcode": "NOT A POSTCODE", "radiusKm": 5.0}}),
            "nearPostcode",
        ),
        (
            json!({"np": {"postcode": "SE15", "radiusKm": 0.0}}),
            "nearPostcode",
        ),
        (
            json!({"np": {"postcode": "SE15", "radiusKm": 5.0}, "near": near_se15(5.0)}),
            "nearPostcode",
        ),
    ] {
        let resp = app.gql(None, SERVICES, vars.clone()).await;
        assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"), "{vars}");
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{vars}");
    }
    let resp = app
        .gql(
            None,
            "{ postcodeArea(postcode: \"12345\") { district } }",
            json!({}),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "postcode");
    assert_eq!(app.snapshot(), before);
}

async fn bad_searches_are_clear_errors(app: TestApp) {
    let _w = world(&app).await;
    let before = app.snapshot();
    let areas = app.count("postcode_areas");
    for (vars, field) in [
        (
            json!({"near": {"latitude": 95.0, "longitude": 0.0, "radiusKm": 5}}),
            "near",
        ),
        (
            json!({"near": {"latitude": 51.5, "longitude": -190.0, "radiusKm": 5}}),
            "near",
        ),
        (
            json!({"near": {"latitude": 51.5, "longitude": 0.0, "radiusKm": 0}}),
            "near",
        ),
        (
            json!({"near": {"latitude": 51.5, "longitude": 0.0, "radiusKm": 500}}),
            "near",
        ),
        (json!({"age": -1}), "age"),
        (json!({"age": 200}), "age"),
        (json!({"first": -1}), "first"),
        (json!({"after": "not a cursor"}), "after"),
        (json!({"search": "x".repeat(101)}), "search"),
    ] {
        let resp = app.gql(None, SERVICES, vars.clone()).await;
        assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"), "{vars}");
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{vars}");
    }
    // A cursor from another list is not a services cursor.
    let groups = app
        .ok(
            None,
            "{ groups(first: 1) { pageInfo { endCursor } } }",
            json!({}),
        )
        .await;
    let foreign = groups["groups"]["pageInfo"]["endCursor"].clone();
    let resp = app.gql(None, SERVICES, json!({"after": foreign})).await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "after");
    let resp = app.gql(None, SERVICES, json!({"day": "FUNDAY"})).await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
    assert_eq!(app.snapshot(), before, "searching writes nothing");
    assert_eq!(app.count("postcode_areas"), areas);
}

async fn coordinators_set_their_groups_postcode_district(app: TestApp) {
    let ann = app.register("ann@example.org", "Ann").await;
    let bob = app.register("bob@example.org", "Bob").await;
    let pals = app.create_group(&ann, "Peckham Pals", "OPEN").await;
    let circle = app.create_group(&bob, "Brixton Lunch Circle", "OPEN").await;
    let input = |group: &str, district: &str, lat: f64, lng: f64| json!({"i": {"groupId": group, "district": district, "latitude": lat, "longitude": lng}});
    let before = app.snapshot();
    let areas = || app.count("postcode_areas");
    assert_eq!(
        app.err(None, SET_AREA, input(&pals, "SE15", 51.47, -0.065))
            .await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.err(
            Some(&bob.access),
            SET_AREA,
            input(&pals, "SE15", 51.47, -0.065)
        )
        .await,
        "FORBIDDEN"
    );
    for (i, field) in [
        (input(&pals, "XYZ", 51.47, -0.065), "district"),
        (input(&pals, "SE15 5CQ", 51.47, -0.065), "district"),
        (input(&pals, "", 51.47, -0.065), "district"),
        (input(&pals, "SE15", 48.8566, 2.3522), "latitude"),
        (input(&pals, "SE15", 51.47, -12.0), "latitude"),
        (input(&pals, "SE15", 95.0, 0.0), "latitude"),
        (
            json!({"i": {"groupId": "nonsense", "district": "SE15", "latitude": 51.47, "longitude": -0.065}}),
            "groupId",
        ),
    ] {
        let resp = app.gql(Some(&ann.access), SET_AREA, i.clone()).await;
        assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"), "{i}");
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{i}");
    }
    assert_eq!(app.snapshot(), before, "refusals write nothing");
    assert_eq!(areas(), 0);
    let g = "query($id: ID!) { group(id: $id) { postcodeArea } }";
    assert!(app.ok(None, g, json!({"id": pals})).await["group"]["postcodeArea"].is_null());

    // A full postcode is cut to its district.
    let d = app
        .ok(
            Some(&ann.access),
            SET_AREA,
            input(&pals, "se15 5dq", 51.47, -0.065),
        )
        .await;
    assert_eq!(d["setGroupPostcodeArea"]["postcodeArea"], "SE15");
    assert_eq!(
        app.ok(None, g, json!({"id": pals})).await["group"]["postcodeArea"],
        "SE15"
    );
    assert_eq!(areas(), 1);
    let audit = app.count("audit_events");
    // Another group in the same district moves the shared centre.
    app.ok(
        Some(&bob.access),
        SET_AREA,
        input(&circle, "SE15", 51.471, -0.066),
    )
    .await;
    assert_eq!(areas(), 1);
    assert_eq!(app.count("audit_events"), audit + 1);
    let area = app
        .ok(
            None,
            "{ postcodeArea(postcode: \"SE15\") { latitude longitude } }",
            json!({}),
        )
        .await;
    assert_eq!(
        area["postcodeArea"],
        json!({"latitude": 51.471, "longitude": -0.066})
    );
    // A group can move to another district.
    let d = app
        .ok(
            Some(&ann.access),
            SET_AREA,
            input(&pals, "SE5", 51.4739, -0.0917),
        )
        .await;
    assert_eq!(d["setGroupPostcodeArea"]["postcodeArea"], "SE5");
    assert_eq!(areas(), 2);
}

async fn the_demo_data_is_in_the_directory(app: TestApp) {
    kith::seed::demo(&app.state).await.unwrap();
    let d = app
        .ok(
            None,
            SERVICES,
            json!({"np": {"postcode": "SW9 8EJ", "radiusKm": 3.0}}),
        )
        .await;
    let titles: Vec<&str> = d["services"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["activity"]["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Coffee morning and digital help", "Lunch club"]);
    assert_eq!(
        d["services"]["edges"][0]["node"]["group"]["postcodeArea"],
        "SW9"
    );
    // The demo lunch club is weekly, three days after the clock's Monday.
    for (day, n) in [("THURSDAY", 1), ("WEDNESDAY", 0)] {
        let d = app
            .ok(None, SERVICES, json!({"search": "lunch", "day": day}))
            .await;
        assert_eq!(d["services"]["totalCount"], n, "{day}");
    }
}

both_backends!(
    the_demo_data_is_in_the_directory,
    near_a_point_without_signing_in,
    text_match_ranks_title_then_group_then_description,
    filters_by_category_day_and_age,
    pages_follow_on_without_gaps,
    postcode_searches_use_the_district_centre,
    bad_searches_are_clear_errors,
    coordinators_set_their_groups_postcode_district,
);
