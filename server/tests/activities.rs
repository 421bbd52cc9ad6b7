//! Activities: drafts and publishing, repeat rules in local time, the public
//! listing and its filters, bookings and capacity (also under concurrency),
//! the group feed, calendar import, and the daily job that keeps dates
//! materialised ahead.

mod common;

use common::{Session, TestApp};
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::{json, Value};

const CREATE: &str =
    "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id status recurrence } }";
const PUBLISH: &str = "mutation($id: ID!) { publishActivity(id: $id) { id status } }";
const BOOK: &str = "mutation($a: ID!, $t: DateTime!) { bookActivity(activityId: $a, occurrenceStartsAt: $t) { id status occurrenceStartsAt occurrenceEndsAt } }";
const CANCEL_BOOKING: &str = "mutation($b: ID!) { cancelBooking(bookingId: $b) { id status } }";
const IMPORT: &str = "mutation($g: ID!, $ics: String!) { importGroupCalendar(groupId: $g, ics: $ics) { created { id title status recurrence startsAt } updated { id title } unchanged { id } skipped { uid summary line reason } } }";

/// A weekly Tuesday lunch club from 1 December 2026, 10:00 to 12:00 local
/// (GMT), skipping 8 December, two places a date.
fn lunch_club(group: &str) -> Value {
    json!({"i": {
        "groupId": group,
        "title": "Tuesday lunch club",
        "description": "Soup, sandwiches and a natter.",
        "category": "Lunch Club",
        "startsAt": "2026-12-01T10:00:00Z",
        "endsAt": "2026-12-01T12:00:00Z",
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "exdates": ["2026-12-08T10:00:00Z"],
        "capacity": 2,
        "location": "St Mary's hall",
        "coordinates": {"latitude": 51.5, "longitude": -0.1},
        "accessibility": "Step-free; hearing loop",
        "costPence": 250,
        "minAge": 60
    }})
}

async fn setup(app: &TestApp) -> (Session, String, String) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let id = app
        .ok(Some(&coord.access), CREATE, lunch_club(&group))
        .await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (coord, group, id)
}

const LIST: &str = "query($g: ID, $c: String, $from: DateTime, $to: DateTime, $near: GeoFilter) { activities(groupId: $g, category: $c, from: $from, to: $to, near: $near) { totalCount edges { node { id title category nextOccurrence { startsAt } } } } }";

async fn drafts_publish_and_listing(app: TestApp) {
    let (coord, group, id) = setup(&app).await;
    let listed = |v: &Value| v["activities"]["totalCount"].as_i64().unwrap();
    // A draft is not listed, and only coordinators see it.
    assert_eq!(listed(&app.ok(None, LIST, json!({})).await), 0);
    let q = "query($id: ID!) { activity(id: $id) { id status } }";
    assert!(app.ok(None, q, json!({"id": id})).await["activity"].is_null());
    assert_eq!(
        app.ok(Some(&coord.access), q, json!({"id": id})).await["activity"]["status"],
        "DRAFT"
    );
    let stranger = app.register("stranger@example.org", "Stranger").await;
    assert_eq!(
        app.err(Some(&stranger.access), PUBLISH, json!({"id": id}))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.err(Some(&stranger.access), CREATE, lunch_club(&group))
            .await,
        "FORBIDDEN"
    );
    let d = app
        .ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    assert_eq!(d["publishActivity"]["status"], "PUBLISHED");
    assert_eq!(
        app.err(Some(&coord.access), PUBLISH, json!({"id": id}))
            .await,
        "INVALID_TRANSITION"
    );

    // Listed for everyone, with its next date.
    let all = app.ok(None, LIST, json!({})).await;
    assert_eq!(listed(&all), 1);
    let node = &all["activities"]["edges"][0]["node"];
    assert_eq!(node["category"], "lunch club");
    assert_eq!(
        node["nextOccurrence"]["startsAt"],
        "2026-12-01T10:00:00+00:00"
    );
    // Filters: category, group, time window, distance.
    assert_eq!(
        listed(&app.ok(None, LIST, json!({"c": "lunch club"})).await),
        1
    );
    assert_eq!(
        listed(&app.ok(None, LIST, json!({"c": "walking"})).await),
        0
    );
    assert_eq!(listed(&app.ok(None, LIST, json!({"g": group})).await), 1);
    // Wednesday 2 to Monday 7 December: no Tuesday inside.
    let window = json!({"from": "2026-12-02T00:00:00Z", "to": "2026-12-07T00:00:00Z"});
    assert_eq!(listed(&app.ok(None, LIST, window).await), 0);
    // 8 December is skipped; 15 December is not.
    let skipped = json!({"from": "2026-12-08T00:00:00Z", "to": "2026-12-09T00:00:00Z"});
    assert_eq!(listed(&app.ok(None, LIST, skipped).await), 0);
    let next = json!({"from": "2026-12-08T00:00:00Z", "to": "2026-12-16T00:00:00Z"});
    let d = app.ok(None, LIST, next).await;
    assert_eq!(listed(&d), 1);
    assert_eq!(
        d["activities"]["edges"][0]["node"]["nextOccurrence"]["startsAt"],
        "2026-12-01T10:00:00+00:00",
        "nextOccurrence is the next date from now"
    );
    let near = json!({"near": {"latitude": 51.51, "longitude": -0.11, "radiusKm": 5}});
    assert_eq!(listed(&app.ok(None, LIST, near).await), 1);
    let far = json!({"near": {"latitude": 53.48, "longitude": -2.24, "radiusKm": 5}});
    assert_eq!(listed(&app.ok(None, LIST, far).await), 0);
    let bad = json!({"from": "2026-12-08T00:00:00Z", "to": "2026-12-01T00:00:00Z"});
    assert_eq!(app.err(None, LIST, bad).await, "VALIDATION");

    // Its dates, skipping 8 December.
    let d = app
        .ok(
            None,
            "query($id: ID!) { activity(id: $id) { exdates occurrences(first: 3) { startsAt endsAt bookedCount placesLeft } } }",
            json!({"id": id}),
        )
        .await;
    let occ = &d["activity"]["occurrences"];
    assert_eq!(occ[0]["startsAt"], "2026-12-01T10:00:00+00:00");
    assert_eq!(occ[0]["endsAt"], "2026-12-01T12:00:00+00:00");
    assert_eq!(occ[1]["startsAt"], "2026-12-15T10:00:00+00:00");
    assert_eq!(occ[2]["startsAt"], "2026-12-22T10:00:00+00:00");
    assert_eq!(occ[0]["placesLeft"], 2);
    assert_eq!(
        d["activity"]["exdates"],
        json!(["2026-12-08T10:00:00+00:00"])
    );
}

async fn repeats_keep_local_time_across_clock_changes(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Walkers", "OPEN").await;
    // Tuesday 23 March 2027, 10:00 GMT; the clocks go forward on 28 March.
    let mut input = lunch_club(&group);
    input["i"]["startsAt"] = json!("2027-03-23T10:00:00Z");
    input["i"]["endsAt"] = json!("2027-03-23T11:00:00Z");
    input["i"]["exdates"] = json!([]);
    input["i"]["recurrence"] = json!("FREQ=WEEKLY;COUNT=3");
    let id = app.ok(Some(&coord.access), CREATE, input).await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = app
        .ok(
            Some(&coord.access),
            "query($id: ID!) { activity(id: $id) { occurrences(from: \"2027-01-01T00:00:00Z\", first: 10) { startsAt endsAt } } }",
            json!({"id": id}),
        )
        .await;
    let starts: Vec<&str> = d["activity"]["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["startsAt"].as_str().unwrap())
        .collect();
    // 10:00 on the wall clock each week: 10:00Z in GMT, 09:00Z in BST.
    assert_eq!(
        starts,
        [
            "2027-03-23T10:00:00+00:00",
            "2027-03-30T09:00:00+00:00",
            "2027-04-06T09:00:00+00:00"
        ]
    );
}

async fn bad_activities_change_nothing(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let before = app.snapshot();
    let cases: Vec<(Value, &str)> = vec![
        (
            json!({"recurrence": "FREQ=FORTNIGHTLY"}),
            "INVALID_RECURRENCE",
        ),
        (
            json!({"recurrence": "FREQ=WEEKLY;BYDAY=XX"}),
            "INVALID_RECURRENCE",
        ),
        (json!({"recurrence": "FREQ=HOURLY"}), "INVALID_RECURRENCE"),
        // 1 December 2026 is a Tuesday, not a Wednesday.
        (
            json!({"recurrence": "FREQ=WEEKLY;BYDAY=WE"}),
            "INVALID_RECURRENCE",
        ),
        (json!({"exdates": ["2026-12-09T10:00:00Z"]}), "VALIDATION"),
        (json!({"endsAt": "2026-12-01T09:00:00Z"}), "VALIDATION"),
        (json!({"capacity": 0}), "VALIDATION"),
        (json!({"costPence": -1}), "VALIDATION"),
        (json!({"minAge": 70, "maxAge": 60}), "VALIDATION"),
        (json!({"title": " "}), "VALIDATION"),
        (json!({"category": ""}), "VALIDATION"),
        (
            json!({"coordinates": {"latitude": 91.0, "longitude": 0.0}}),
            "VALIDATION",
        ),
        (
            json!({"recurrence": null, "exdates": [], "startsAt": "2026-11-01T10:00:00Z", "endsAt": "2026-11-01T12:00:00Z"}),
            "VALIDATION",
        ),
        (json!({"groupId": "R3JvdXA6OTk5"}), "NOT_FOUND"),
    ];
    for (change, code) in cases {
        let mut input = lunch_club(&group);
        for (k, v) in change.as_object().unwrap() {
            input["i"][k] = v.clone();
        }
        let resp = app.gql(Some(&coord.access), CREATE, input).await;
        assert_eq!(
            common::error_code(&resp).as_deref(),
            Some(code),
            "{change}: {resp}"
        );
        if code == "INVALID_RECURRENCE" {
            let message = resp["errors"][0]["message"].as_str().unwrap();
            assert!(
                message.starts_with("This repeat rule is not valid: "),
                "{message}"
            );
            assert!(
                message.len() > "This repeat rule is not valid: ".len() + 5,
                "{message}"
            );
        }
    }
    let resp = app
        .gql(Some(&coord.access), CREATE, {
            let mut i = lunch_club(&group);
            i["i"]["recurrence"] = json!("FREQ=WEEKLY;BYDAY=WE");
            i
        })
        .await;
    assert!(
        resp["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Wednesday 2 December 2026"),
        "{resp}"
    );
    assert_eq!(
        app.err(None, CREATE, lunch_club(&group)).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
}

async fn booking_rules_and_capacity(app: TestApp) {
    let (coord, _group, id) = setup(&app).await;
    let date = "2026-12-01T10:00:00Z";
    let ann = app.register("ann@example.org", "Ann").await;
    let bob = app.register("bob@example.org", "Bob").await;
    let cat = app.register("cat@example.org", "Cat").await;
    // Not bookable while a draft (it does not exist for residents).
    assert_eq!(
        app.err(Some(&ann.access), BOOK, json!({"a": id, "t": date}))
            .await,
        "NOT_FOUND"
    );
    app.ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    let a = app
        .ok(Some(&ann.access), BOOK, json!({"a": id, "t": date}))
        .await;
    assert_eq!(a["bookActivity"]["status"], "BOOKED");
    assert_eq!(
        a["bookActivity"]["occurrenceEndsAt"],
        "2026-12-01T12:00:00+00:00"
    );
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&ann.access), BOOK, json!({"a": id, "t": date}))
            .await,
        "ALREADY_BOOKED"
    );
    // A time that is not one of its dates, a skipped date, no sign-in.
    for t in [
        "2026-12-01T11:00:00Z",
        "2026-12-08T10:00:00Z",
        "2026-12-02T10:00:00Z",
    ] {
        assert_eq!(
            app.err(Some(&bob.access), BOOK, json!({"a": id, "t": t}))
                .await,
            "VALIDATION",
            "{t}"
        );
    }
    assert_eq!(
        app.err(None, BOOK, json!({"a": id, "t": date})).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
    let b = app
        .ok(Some(&bob.access), BOOK, json!({"a": id, "t": date}))
        .await;
    assert_eq!(
        app.err(Some(&cat.access), BOOK, json!({"a": id, "t": date}))
            .await,
        "ACTIVITY_FULL"
    );
    // Another date has its own places.
    app.ok(
        Some(&cat.access),
        BOOK,
        json!({"a": id, "t": "2026-12-15T10:00:00Z"}),
    )
    .await;
    let q = "query($id: ID!) { activity(id: $id) { occurrences(first: 2) { bookedCount placesLeft } } }";
    let d = app.ok(None, q, json!({"id": id})).await;
    assert_eq!(
        d["activity"]["occurrences"],
        json!([{"bookedCount": 2, "placesLeft": 0}, {"bookedCount": 1, "placesLeft": 1}])
    );
    // Only the holder (or a coordinator) cancels; then the place is free.
    let bob_booking = b["bookActivity"]["id"].as_str().unwrap();
    assert_eq!(
        app.err(Some(&cat.access), CANCEL_BOOKING, json!({"b": bob_booking}))
            .await,
        "NOT_FOUND"
    );
    let c = app
        .ok(Some(&bob.access), CANCEL_BOOKING, json!({"b": bob_booking}))
        .await;
    assert_eq!(c["cancelBooking"]["status"], "CANCELLED");
    assert_eq!(
        app.err(Some(&bob.access), CANCEL_BOOKING, json!({"b": bob_booking}))
            .await,
        "INVALID_TRANSITION"
    );
    app.ok(Some(&cat.access), BOOK, json!({"a": id, "t": date}))
        .await;
    // Booking again after cancelling works when there is room.
    assert_eq!(
        app.err(Some(&bob.access), BOOK, json!({"a": id, "t": date}))
            .await,
        "ACTIVITY_FULL"
    );
    let mine = app
        .ok(
            Some(&cat.access),
            "{ myBookings { totalCount edges { node { occurrenceStartsAt activity { title } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myBookings"]["totalCount"], 2);
    assert_eq!(
        mine["myBookings"]["edges"][0]["node"]["occurrenceStartsAt"],
        "2026-12-01T10:00:00+00:00"
    );

    // Cancelling the activity cancels bookings to come and stops new ones.
    let d = app
        .ok(
            Some(&coord.access),
            "mutation($id: ID!) { cancelActivity(id: $id, reason: \"The hall is closed\") { status cancelReason } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(d["cancelActivity"]["status"], "CANCELLED");
    // Cat held both booked dates still to come: one email each, each with a
    // calendar cancellation of that booking's event.
    let mails: Vec<(String, String, Option<String>, Option<String>)> = {
        use diesel::prelude::*;
        use kith::db::schema::outbox;
        outbox::table
            .filter(outbox::kind.eq("activity_cancelled"))
            .order(outbox::id.asc())
            .select((
                outbox::to_address,
                outbox::subject,
                outbox::attachment_type,
                outbox::attachment_body,
            ))
            .load(&mut *app.conn())
            .unwrap()
    };
    let to: Vec<&str> = mails.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        to,
        ["ann@example.org", "cat@example.org", "cat@example.org"]
    );
    assert_eq!(
        mails[1].1,
        "Cancelled: Tuesday lunch club, Tuesday 15 December 2026, 10:00 to 12:00"
    );
    assert_eq!(
        mails[1].2.as_deref(),
        Some("text/calendar; method=CANCEL; charset=utf-8")
    );
    let ics = mails[2].3.as_deref().unwrap();
    assert!(ics.contains("METHOD:CANCEL\r\n"), "{ics}");
    assert!(ics.contains("STATUS:CANCELLED\r\n"), "{ics}");
    assert!(ics.contains("SEQUENCE:1\r\n"), "{ics}");
    assert!(
        ics.contains("DTSTART;TZID=Europe/London:20261201T100000\r\n"),
        "{ics}"
    );
    let mine = app
        .ok(
            Some(&cat.access),
            "{ myBookings { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["myBookings"]["totalCount"], 0);
    assert_eq!(
        app.err(Some(&bob.access), BOOK, json!({"a": id, "t": date}))
            .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(
        app.ok(None, LIST, json!({})).await["activities"]["totalCount"],
        0
    );
}

async fn concurrent_bookings_never_exceed_capacity(app: TestApp) {
    let (coord, _group, id) = setup(&app).await;
    app.ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    let mut people = Vec::new();
    for i in 0..40 {
        people.push(app.register(&format!("r{i}@example.org"), "Resident").await);
    }
    let app = std::sync::Arc::new(app);
    let mut handles = Vec::new();
    for p in people {
        let app = app.clone();
        let id = id.clone();
        handles.push(tokio::spawn(async move {
            let resp = app
                .gql(
                    Some(&p.access),
                    BOOK,
                    json!({"a": id, "t": "2026-12-01T10:00:00Z"}),
                )
                .await;
            common::error_code(&resp).unwrap_or_else(|| "BOOKED".into())
        }));
    }
    let mut outcomes = std::collections::BTreeMap::new();
    for h in handles {
        *outcomes.entry(h.await.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(
        outcomes,
        [("ACTIVITY_FULL".to_string(), 38), ("BOOKED".to_string(), 2)]
            .into_iter()
            .collect()
    );
    assert_eq!(app.count("activity_bookings"), 2);
}

fn python_feed(ics: &str) -> Value {
    // Expand each event's RRULE with dateutil (an independent
    // implementation) in the event's own time zone.
    let script = r#"
import itertools, json, sys, icalendar
from dateutil.rrule import rrulestr
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("dtstart")
    item = {"uid": str(ev.get("uid")), "summary": str(ev.get("summary")),
            "start": start.isoformat(), "status": str(ev.get("status")),
            "sequence": int(ev.get("sequence"))}
    if ev.get("rrule"):
        rule = ev.get("rrule").to_ical().decode()
        item["rrule"] = rule
        ex = ev.get("exdate")
        exdates = []
        for e in (ex if isinstance(ex, list) else [ex] if ex else []):
            exdates += [d.dt for d in e.dts]
        dates = (d for d in rrulestr(rule, dtstart=start) if d not in exdates)
        item["dates"] = [d.isoformat() for d in itertools.islice(dates, 4)]
    out.append(item)
print(json.dumps(out))
"#;
    common::python_json(script, ics)
}

async fn group_feed_carries_repeat_rules(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Walkers", "OPEN").await;
    // Weekly from Tuesday 23 March 2027 10:00 GMT, across the clock change,
    // skipping 6 April.
    let mut input = lunch_club(&group);
    input["i"]["title"] = json!("Riverside walk");
    input["i"]["startsAt"] = json!("2027-03-23T10:00:00Z");
    input["i"]["endsAt"] = json!("2027-03-23T11:00:00Z");
    input["i"]["exdates"] = json!(["2027-04-06T09:00:00Z"]);
    let id = app.ok(Some(&coord.access), CREATE, input).await["createActivity"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let draft = app
        .ok(Some(&coord.access), CREATE, lunch_club(&group))
        .await;
    assert!(draft["createActivity"]["id"].is_string());
    app.ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    let url = app
        .ok(
            None,
            "query($id: ID!) { activity(id: $id) { calendarUrl } }",
            json!({"id": id}),
        )
        .await["activity"]["calendarUrl"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(url, format!("http://kith.test/calendar/group/{group}.ics"));
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
    // One event, not expanded; the draft is not in the feed.
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("RRULE:FREQ=WEEKLY;BYDAY=TU\r\n"), "{ics}");
    assert!(
        ics.contains("EXDATE;TZID=Europe/London:20270406T100000\r\n"),
        "{ics}"
    );
    let events = python_feed(&ics);
    assert_eq!(events[0]["summary"], "Riverside walk");
    assert_eq!(
        events[0]["dates"],
        json!([
            "2027-03-23T10:00:00+00:00",
            "2027-03-30T10:00:00+01:00",
            "2027-04-13T10:00:00+01:00",
            "2027-04-20T10:00:00+01:00"
        ])
    );
    // Our own parser reads it too.
    for cal in ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes())) {
        let cal = cal.expect("ical crate parses the group feed");
        assert_eq!(cal.events.len(), 1);
    }
    // 304 while unchanged; cancelling bumps SEQUENCE and marks it cancelled.
    cli.get(&path)
        .header("if-none-match", &etag)
        .send()
        .await
        .assert_status(StatusCode::NOT_MODIFIED);
    app.ok(
        Some(&coord.access),
        "mutation($id: ID!) { cancelActivity(id: $id, reason: \"Flooded path\") { status } }",
        json!({"id": id}),
    )
    .await;
    let resp = cli.get(&path).header("if-none-match", &etag).send().await;
    resp.assert_status_is_ok();
    let events = python_feed(&resp.0.into_body().into_string().await.unwrap());
    assert_eq!(events[0]["status"], "CANCELLED");
    assert_eq!(events[0]["sequence"], 1);
    cli.get("/calendar/group/R3JvdXA6OTk5.ics")
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    cli.get("/calendar/group/nonsense.ics")
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
}

async fn shifts_serve_activities_of_their_group(app: TestApp) {
    let (coord, group, id) = setup(&app).await;
    let other = app.register("other@example.org", "Other").await;
    let other_group = app.create_group(&other, "Other Group", "OPEN").await;
    let create_shift =
        "mutation($i: CreateShiftInput!) { createShift(input: $i) { id activity { id } } }";
    let shift = |g: &str, a: &str| json!({"i": {"groupId": g, "activityId": a, "title": "Serve lunch", "startsAt": "2026-12-01T09:30:00Z", "endsAt": "2026-12-01T12:30:00Z", "places": 2}});
    assert_eq!(
        app.err(Some(&other.access), create_shift, shift(&other_group, &id))
            .await,
        "NOT_FOUND"
    );
    // A draft's shift does not reveal the draft.
    let d = app
        .ok(Some(&coord.access), create_shift, shift(&group, &id))
        .await;
    assert!(d["createShift"]["activity"].is_null());
    app.ok(Some(&coord.access), PUBLISH, json!({"id": id}))
        .await;
    let d = app
        .ok(Some(&coord.access), create_shift, shift(&group, &id))
        .await;
    assert_eq!(d["createShift"]["activity"]["id"], id.as_str());
    app.ok(
        Some(&coord.access),
        "mutation($id: ID!) { cancelActivity(id: $id, reason: \"No hall\") { status } }",
        json!({"id": id}),
    )
    .await;
    assert_eq!(
        app.err(Some(&coord.access), create_shift, shift(&group, &id))
            .await,
        "VALIDATION"
    );
}

async fn dates_are_kept_materialised_ahead(app: TestApp) {
    use kith::jobs::{self, JobContext};
    use kith::mail::Transport;
    let (_coord, _group, _id) = setup(&app).await;
    let first = app.count("activity_occurrences");
    // About 400 days of Tuesdays, less the skipped one.
    assert!((55..=60).contains(&first), "{first}");
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    // Nothing to do yet.
    let now = app.state.clock.now();
    assert_eq!(jobs::activity_horizon(&ctx, now).await.unwrap(), Some(0));
    assert_eq!(jobs::activity_horizon(&ctx, now).await.unwrap(), None);
    // A month on, the horizon moves a month further.
    let later = now + chrono::Duration::days(31);
    let written = jobs::activity_horizon(&ctx, later).await.unwrap().unwrap();
    assert!((4..=5).contains(&written), "{written}");
    assert_eq!(app.count("activity_occurrences"), first + written as i64);
    // Again the same day: claimed already; the next day: nothing new due.
    assert_eq!(jobs::activity_horizon(&ctx, later).await.unwrap(), None);
    let next_day = later + chrono::Duration::days(1);
    assert_eq!(
        jobs::activity_horizon(&ctx, next_day).await.unwrap(),
        Some(0)
    );
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Calendar//EN\r
BEGIN:VEVENT\r
UID:walk-1@example.org\r
DTSTART;TZID=Europe/London:20261202T100000\r
DTEND;TZID=Europe/London:20261202T113000\r
RRULE:FREQ=WEEKLY;BYDAY=WE\r
EXDATE;TZID=Europe/London:20261223T100000\r
SUMMARY:Wednesday walk\r
LOCATION:Park gates\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:fair-1@example.org\r
DTSTART;VALUE=DATE:20261212\r
DTEND;VALUE=DATE:20261213\r
SUMMARY:Winter fair\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:old-1@example.org\r
DTSTART:20250101T100000Z\r
DTEND:20250101T110000Z\r
SUMMARY:Long gone\r
END:VEVENT\r
END:VCALENDAR\r
";

async fn import_creates_updates_and_rejects(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let stranger = app.register("stranger@example.org", "Stranger").await;
    let group = app.create_group(&coord, "Walkers", "OPEN").await;
    let d = app
        .ok(
            Some(&coord.access),
            IMPORT,
            json!({"g": group, "ics": CALENDAR}),
        )
        .await;
    let r = &d["importGroupCalendar"];
    assert_eq!(r["created"].as_array().unwrap().len(), 2, "{r}");
    assert_eq!(r["created"][0]["title"], "Wednesday walk");
    assert_eq!(r["created"][0]["status"], "DRAFT");
    assert_eq!(r["created"][0]["recurrence"], "FREQ=WEEKLY;BYDAY=WE");
    assert_eq!(r["created"][0]["startsAt"], "2026-12-02T10:00:00+00:00");
    assert_eq!(r["created"][1]["title"], "Winter fair");
    assert_eq!(r["skipped"].as_array().unwrap().len(), 1);
    assert_eq!(r["skipped"][0]["uid"], "old-1@example.org");
    assert_eq!(r["skipped"][0]["line"], 19);
    assert!(!r["skipped"][0]["reason"].as_str().unwrap().is_empty());
    let activities = app.count("activities");
    assert_eq!(activities, 2);

    // The same file again: nothing new.
    let d = app
        .ok(
            Some(&coord.access),
            IMPORT,
            json!({"g": group, "ics": CALENDAR}),
        )
        .await;
    let r = &d["importGroupCalendar"];
    assert_eq!(r["created"], json!([]));
    assert_eq!(r["updated"], json!([]));
    assert_eq!(r["unchanged"].as_array().unwrap().len(), 2);
    // A changed title updates by UID.
    let changed = CALENDAR.replace("SUMMARY:Wednesday walk", "SUMMARY:Wednesday riverside walk");
    let d = app
        .ok(
            Some(&coord.access),
            IMPORT,
            json!({"g": group, "ics": changed}),
        )
        .await;
    let r = &d["importGroupCalendar"];
    assert_eq!(r["updated"][0]["title"], "Wednesday riverside walk");
    assert_eq!(r["unchanged"].as_array().unwrap().len(), 1);
    assert_eq!(app.count("activities"), 2);

    // A malformed file: the line and the reason, and nothing written.
    let before = app.snapshot();
    let broken = CALENDAR.replace("DTSTART:20250101T100000Z", "DTSTART:2025-01-01");
    let resp = app
        .gql(
            Some(&coord.access),
            IMPORT,
            json!({"g": group, "ics": broken}),
        )
        .await;
    assert_eq!(
        common::error_code(&resp).as_deref(),
        Some("INVALID_CALENDAR"),
        "{resp}"
    );
    assert_eq!(resp["errors"][0]["extensions"]["line"], 21, "{resp}");
    assert!(resp["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("line 21"));
    for bad in ["", "hello", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"] {
        assert_eq!(
            app.err(Some(&coord.access), IMPORT, json!({"g": group, "ics": bad}))
                .await,
            "INVALID_CALENDAR",
            "{bad:?}"
        );
    }
    assert_eq!(
        app.err(
            Some(&stranger.access),
            IMPORT,
            json!({"g": group, "ics": CALENDAR})
        )
        .await,
        "FORBIDDEN"
    );
    let after = app.snapshot();
    assert_eq!(after, before);
}

both_backends!(
    drafts_publish_and_listing,
    repeats_keep_local_time_across_clock_changes,
    bad_activities_change_nothing,
    booking_rules_and_capacity,
    concurrent_bookings_never_exceed_capacity,
    group_feed_carries_repeat_rules,
    shifts_serve_activities_of_their_group,
    dates_are_kept_materialised_ahead,
    import_creates_updates_and_rejects,
);
