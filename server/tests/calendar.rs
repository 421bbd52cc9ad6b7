//! The private calendar feed: iCalendar that our parser (the `ical` crate)
//! and an independent one (Python's `icalendar`) both read, with the right
//! local times on both sides of a clock change, ETag/304, and rotation.

mod common;

use common::TestApp;
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateShiftInput!) { createShift(input: $i) { id } }";
const SIGN_UP: &str = "mutation($s: ID!) { signUpForShift(shiftId: $s) { status } }";

async fn create(
    app: &TestApp,
    token: &str,
    group: &str,
    title: &str,
    starts: &str,
    ends: &str,
    places: i32,
) -> String {
    let d = app
        .ok(
            Some(token),
            CREATE,
            json!({"i": {"groupId": group, "title": title, "startsAt": starts, "endsAt": ends, "places": places, "location": "Hall; back door, by the bins"}}),
        )
        .await;
    d["createShift"]["id"].as_str().unwrap().to_string()
}

fn parse_with_python(ics: &str) -> Value {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = []
for ev in cal.walk("VEVENT"):
    out.append({
        "summary": str(ev.get("summary")),
        "start": ev.decoded("dtstart").isoformat(),
        "end": ev.decoded("dtend").isoformat(),
        "location": str(ev.get("location")),
        "sequence": int(ev.get("sequence")),
        "uid": str(ev.get("uid")),
    })
print(json.dumps(out))
"#;
    common::python_json(script, ics)
}

/// A parsed property: name, parameters, value.
type Prop = (String, Option<Vec<(String, Vec<String>)>>, Option<String>);

/// Events as our own parser (the `ical` crate) reads them: property name,
/// params and value per event.
fn parse_with_ical(ics: &str) -> Vec<Vec<Prop>> {
    let reader = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()));
    let mut calendars = Vec::new();
    for cal in reader {
        calendars.push(cal.expect("ical crate parses the feed"));
    }
    assert_eq!(calendars.len(), 1);
    assert_eq!(calendars[0].timezones.len(), 1);
    calendars[0]
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| (p.name.clone(), p.params.clone(), p.value.clone()))
                .collect()
        })
        .collect()
}

async fn feed_parses_and_shows_local_times_across_dst(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    // The clocks go forward on Sunday 28 March 2027.
    let before = create(
        &app,
        &coord.access,
        &group,
        "Before the change",
        "2027-03-27T10:00:00Z",
        "2027-03-27T12:00:00Z",
        2,
    )
    .await;
    let after = create(
        &app,
        &coord.access,
        &group,
        "After the change",
        "2027-03-30T10:00:00Z",
        "2027-03-30T12:00:00Z",
        2,
    )
    .await;
    let full = create(
        &app,
        &coord.access,
        &group,
        "Full one",
        "2027-04-02T10:00:00Z",
        "2027-04-02T11:00:00Z",
        1,
    )
    .await;
    let vol = app.register("vol@example.org", "Vol").await;
    let other = app.register("other@example.org", "Other").await;
    app.ok(Some(&other.access), SIGN_UP, json!({"s": full}))
        .await;
    for s in [&before, &after, &full] {
        app.ok(Some(&vol.access), SIGN_UP, json!({"s": s})).await;
    }
    let url = app
        .ok(Some(&vol.access), "{ me { calendarFeedUrl } }", json!({}))
        .await["me"]["calendarFeedUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        url.starts_with("http://kith.test/calendar/person/") && url.ends_with(".ics"),
        "{url}"
    );
    // The same URL each time until rotated.
    let again = app
        .ok(Some(&vol.access), "{ me { calendarFeedUrl } }", json!({}))
        .await;
    assert_eq!(again["me"]["calendarFeedUrl"], url.as_str());
    let path = url.trim_start_matches("http://kith.test").to_string();

    let cli = TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    let resp = cli.get(&path).send().await;
    resp.assert_status_is_ok();
    resp.assert_content_type("text/calendar; charset=utf-8");
    let etag = resp
        .0
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let ics = resp.0.into_body().into_string().await.unwrap();
    assert!(ics.lines().all(|l| l.len() <= 76), "unfolded line");
    assert!(ics.contains("\r\n"), "lines must end with CRLF");

    let python = parse_with_python(&ics);
    let events = python.as_array().unwrap();
    assert_eq!(events.len(), 2, "only confirmed shifts: {python}");
    assert_eq!(events[0]["start"], "2027-03-27T10:00:00+00:00");
    assert_eq!(events[1]["start"], "2027-03-30T11:00:00+01:00");
    assert_eq!(events[1]["end"], "2027-03-30T13:00:00+01:00");
    assert_eq!(events[0]["location"], "Hall; back door, by the bins");
    assert!(events[0]["summary"]
        .as_str()
        .unwrap()
        .contains("Lunch Club"));

    let ours = parse_with_ical(&ics);
    assert_eq!(ours.len(), 2);
    let dtstart = ours[1].iter().find(|p| p.0 == "DTSTART").unwrap();
    assert_eq!(dtstart.2.as_deref(), Some("20270330T110000"));
    let tzid = dtstart
        .1
        .as_ref()
        .unwrap()
        .iter()
        .find(|p| p.0 == "TZID")
        .unwrap();
    assert_eq!(tzid.1, ["Europe/London"]);

    // Unchanged: 304. Changed: a new ETag and a higher SEQUENCE, same UID.
    let resp = cli.get(&path).header("if-none-match", &etag).send().await;
    resp.assert_status(StatusCode::NOT_MODIFIED);
    app.ok(
        Some(&coord.access),
        "mutation($i: UpdateShiftInput!) { updateShift(input: $i) { id } }",
        json!({"i": {"id": after, "startsAt": "2027-03-30T13:00:00Z", "endsAt": "2027-03-30T15:00:00Z"}}),
    )
    .await;
    let resp = cli.get(&path).header("if-none-match", &etag).send().await;
    resp.assert_status_is_ok();
    let changed = parse_with_python(&resp.0.into_body().into_string().await.unwrap());
    assert_eq!(changed[1]["uid"], events[1]["uid"]);
    assert_eq!(changed[1]["sequence"], 1);
    assert_eq!(changed[1]["start"], "2027-03-30T14:00:00+01:00");

    // Rotation: the old URL is gone, the new one works.
    let rotated = app
        .ok(
            Some(&vol.access),
            "mutation { rotateCalendarFeedToken }",
            json!({}),
        )
        .await;
    let new_url = rotated["rotateCalendarFeedToken"].as_str().unwrap();
    assert_ne!(new_url, url);
    cli.get(&path)
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    cli.get(new_url.trim_start_matches("http://kith.test"))
        .send()
        .await
        .assert_status_is_ok();
    cli.get("/calendar/person/nonsense.ics")
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Nobody else can read my feed URL.
    let resp = app
        .gql(
            Some(&other.access),
            "query($p: ID!) { node(id: $p) { ... on Person { calendarFeedUrl } } }",
            json!({"p": vol.person_id}),
        )
        .await;
    assert!(
        resp["data"]["node"].is_null() || resp["errors"][0]["extensions"]["code"] == "FORBIDDEN",
        "{resp}"
    );
    assert_eq!(
        app.err(None, "mutation { rotateCalendarFeedToken }", json!({}))
            .await,
        "UNAUTHENTICATED"
    );
}

async fn feed_snapshot(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let s = create(
        &app,
        &coord.access,
        &group,
        "Set up tables, serve lunch and chat with everyone who comes along",
        "2027-06-02T10:00:00Z",
        "2027-06-02T13:00:00Z",
        3,
    )
    .await;
    app.ok(Some(&coord.access), SIGN_UP, json!({"s": s})).await;
    let mut conn = app.conn();
    let token =
        kith::calendar::feeds::feed_token(&mut conn, 1, app.state.clock.now_naive()).unwrap();
    let cal = kith::calendar::feeds::person_feed(
        &mut conn,
        &token,
        "http://kith.test",
        app.state.clock.now_naive(),
    )
    .unwrap()
    .unwrap();
    insta::assert_snapshot!("person_feed", cal.to_ics().replace("\r\n", "\n"));
}

both_backends!(feed_parses_and_shows_local_times_across_dst, feed_snapshot);
