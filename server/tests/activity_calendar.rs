//! One activity's public calendar file (`/calendar/activity/{id}.ics`, the
//! web app's "Add to calendar"): published activities only, its repeat rule
//! read the same by two parsers, the group feed's UID, ETag/304, cancelled
//! after publishing, and nothing about who booked.

mod common;

use common::TestApp;
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }";
const PUBLISH: &str = "mutation($id: ID!) { publishActivity(id: $id) { id status } }";
const BOOK: &str = "mutation($a: ID!, $t: DateTime!) { bookActivity(activityId: $a, occurrenceStartsAt: $t) { id status } }";

/// A weekly Tuesday walk from 23 March 2027, 10:00 to 11:00 local, across
/// the clock change, skipping 6 April; two places a date.
fn walk(group: &str) -> Value {
    json!({"i": {
        "groupId": group,
        "title": "Riverside walk",
        "description": "A gentle hour by the river; benches on the way.",
        "category": "walking",
        "startsAt": "2027-03-23T10:00:00Z",
        "endsAt": "2027-03-23T11:00:00Z",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "exdates": ["2027-04-06T09:00:00Z"],
        "capacity": 2,
        "location": "Riverside Park gates; by the café",
        "accessibility": "Flat paths",
        "costPence": 0
    }})
}

/// What Python's `icalendar` reads, with the repeat rule expanded by
/// `dateutil` (an independent implementation) in the event's time zone.
fn python_events(ics: &str) -> Value {
    let script = r#"
import itertools, json, sys, icalendar
from dateutil.rrule import rrulestr
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = {"name": str(cal.get("x-wr-calname")), "events": []}
for ev in cal.walk("VEVENT"):
    start = ev.decoded("dtstart")
    item = {"uid": str(ev.get("uid")), "summary": str(ev.get("summary")),
            "location": str(ev.get("location")), "url": str(ev.get("url")),
            "start": start.isoformat(), "end": ev.decoded("dtend").isoformat(),
            "status": str(ev.get("status")), "sequence": int(ev.get("sequence"))}
    rule = ev.get("rrule").to_ical().decode()
    ex = ev.get("exdate")
    exdates = []
    for e in (ex if isinstance(ex, list) else [ex] if ex else []):
        exdates += [d.dt for d in e.dts]
    dates = (d for d in rrulestr(rule, dtstart=start) if d not in exdates)
    item["dates"] = [d.isoformat() for d in itertools.islice(dates, 4)]
    out["events"].append(item)
print(json.dumps(out))
"#;
    common::python_json(script, ics)
}

async fn get(cli: &TestClient<impl poem::Endpoint>, path: &str) -> (StatusCode, String, String) {
    let resp = cli.get(path).send().await;
    let status = resp.0.status();
    let etag = resp
        .0
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let body = resp.0.into_body().into_string().await.unwrap();
    (status, etag, body)
}

async fn one_published_activity_as_ics(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Walkers", "OPEN").await;
    let id = app.ok(Some(&coord.access), CREATE, walk(&group)).await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cli = TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    let path = format!("/calendar/activity/{id}.ics");

    // A draft is not public: 404, the same as an id that does not exist.
    let (status, _, body) = get(&cli, &path).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!body.contains("Riverside walk"), "{body}");

    app.ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    // Someone books; their name must not reach the public file.
    let ann = app.register("ann.private@example.org", "Annabel Zed").await;
    app.ok(
        Some(&ann.access),
        BOOK,
        json!({"a": id, "t": "2027-03-30T09:00:00Z"}),
    )
    .await;

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
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"), "{ics}");
    assert!(
        ics.contains("EXDATE;TZID=Europe/London:20270406T100000\r\n"),
        "{ics}"
    );
    for private in ["Annabel", "ann.private", "Coord", "coord@example.org"] {
        assert!(!ics.contains(private), "{private} leaked: {ics}");
    }

    let read = python_events(&ics);
    assert_eq!(read["name"], "Riverside walk – Walkers (Kith)");
    let event = &read["events"][0];
    assert_eq!(read["events"].as_array().unwrap().len(), 1);
    assert_eq!(event["summary"], "Riverside walk");
    assert_eq!(event["location"], "Riverside Park gates; by the café");
    assert_eq!(event["start"], "2027-03-23T10:00:00+00:00");
    assert_eq!(event["end"], "2027-03-23T11:00:00+00:00");
    assert_eq!(event["status"], "CONFIRMED");
    // 10:00 local on both sides of the clock change; 6 April skipped.
    assert_eq!(
        event["dates"],
        json!([
            "2027-03-23T10:00:00+00:00",
            "2027-03-30T10:00:00+01:00",
            "2027-04-13T10:00:00+01:00",
            "2027-04-20T10:00:00+01:00"
        ])
    );
    assert_eq!(
        event["url"],
        format!("http://kith.test/activity?id={id}"),
        "links to the activity's page in the web app"
    );

    // The same UID as in the group's feed, so a calendar keeps one copy.
    let (status, _, group_ics) = get(&cli, &format!("/calendar/group/{group}.ics")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(python_events(&group_ics)["events"][0]["uid"], event["uid"]);

    // Our own parser reads it too.
    let mut calendars = 0;
    for cal in ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes())) {
        let cal = cal.expect("the ical crate reads the activity file");
        assert_eq!(cal.events.len(), 1);
        assert_eq!(cal.timezones.len(), 1);
        calendars += 1;
    }
    assert_eq!(calendars, 1);

    // 304 while unchanged.
    cli.get(&path)
        .header("if-none-match", &etag)
        .send()
        .await
        .assert_status(StatusCode::NOT_MODIFIED);

    // Cancelled after publishing: still served, marked cancelled with a
    // higher SEQUENCE, so calendars that added it remove it.
    app.ok(
        Some(&coord.access),
        "mutation($id: ID!) { cancelActivity(id: $id, reason: \"Flooded path\") { status } }",
        json!({"id": id}),
    )
    .await;
    let resp = cli.get(&path).header("if-none-match", &etag).send().await;
    resp.assert_status_is_ok();
    let cancelled = python_events(&resp.0.into_body().into_string().await.unwrap());
    assert_eq!(cancelled["events"][0]["status"], "CANCELLED");
    assert_eq!(cancelled["events"][0]["sequence"], 1);
}

async fn unknown_and_other_ids_are_not_found(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Walkers", "OPEN").await;
    let cli = TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    for path in [
        // Activity:999, which does not exist.
        "/calendar/activity/QWN0aXZpdHk6OTk5.ics".to_string(),
        // A group's id is not an activity's.
        format!("/calendar/activity/{group}.ics"),
        "/calendar/activity/nonsense.ics".to_string(),
        "/calendar/activity/.ics".to_string(),
        // Without the .ics ending.
        "/calendar/activity/QWN0aXZpdHk6MQ".to_string(),
    ] {
        let (status, _, body) = get(&cli, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(!body.contains("BEGIN:VCALENDAR"), "{path}: {body}");
    }
}

both_backends!(
    one_published_activity_as_ics,
    unknown_and_other_ids_are_not_found,
);
