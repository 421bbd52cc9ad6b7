//! The whole activities-and-shifts journey through GraphQL: a coordinator
//! posts a repeating activity with a shift, volunteers sign up until it
//! waitlists, one cancels, the first waitlisted is promoted and emailed, and
//! both calendar feeds read correctly in an independent parser on both sides
//! of a clock change.

mod common;

use common::TestApp;
use kith::jobs::{self, JobContext};
use kith::mail::Transport;
use poem::test::TestClient;
use serde_json::{json, Value};

fn python_events(ics: &str) -> Value {
    let script = r#"
import itertools, json, sys, icalendar
from dateutil.rrule import rrulestr
cal = icalendar.Calendar.from_ical(sys.stdin.read())
out = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("dtstart")
    item = {"summary": str(ev.get("summary")), "start": start.isoformat(),
            "end": ev.decoded("dtend").isoformat()}
    if ev.get("rrule"):
        rule = ev.get("rrule").to_ical().decode()
        item["dates"] = [d.isoformat() for d in itertools.islice(rrulestr(rule, dtstart=start), 3)]
    out.append(item)
print(json.dumps(out))
"#;
    common::python_json(script, ics)
}

async fn activity_shift_waitlist_promotion_and_feeds(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;

    // A weekly lunch club, Tuesdays 12:00-14:00 local, from 23 March 2027
    // (GMT) across the clock change on 28 March (BST).
    let d = app
        .ok(
            Some(&coord.access),
            "mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }",
            json!({"i": {
                "groupId": group, "title": "Lunch club", "category": "lunch club",
                "startsAt": "2027-03-23T12:00:00Z", "endsAt": "2027-03-23T14:00:00Z",
                "recurrence": "FREQ=WEEKLY;BYDAY=TU", "capacity": 20, "location": "Church hall"
            }}),
        )
        .await;
    let activity = d["createActivity"]["id"].as_str().unwrap().to_string();
    app.ok(
        Some(&coord.access),
        "mutation($id: ID!) { publishActivity(id: $id) { status } }",
        json!({"id": activity}),
    )
    .await;

    // Its shift on 30 March, 11:00-14:00 BST, two places.
    let d = app
        .ok(
            Some(&coord.access),
            "mutation($i: CreateShiftInput!) { createShift(input: $i) { id activity { id } } }",
            json!({"i": {
                "groupId": group, "activityId": activity, "title": "Serve lunch",
                "startsAt": "2027-03-30T10:00:00Z", "endsAt": "2027-03-30T13:00:00Z",
                "places": 2, "location": "Church hall kitchen"
            }}),
        )
        .await;
    assert_eq!(d["createShift"]["activity"]["id"], activity.as_str());
    let shift = d["createShift"]["id"].as_str().unwrap().to_string();

    let sign_up = "mutation($s: ID!) { signUpForShift(shiftId: $s) { id status } }";
    let mut signups = Vec::new();
    let mut people = Vec::new();
    for name in ["ann", "bob", "cat", "dan"] {
        let p = app
            .register(&format!("{name}@example.org"), &name.to_uppercase())
            .await;
        let d = app.ok(Some(&p.access), sign_up, json!({"s": shift})).await;
        signups.push((
            d["signUpForShift"]["id"].as_str().unwrap().to_string(),
            d["signUpForShift"]["status"].as_str().unwrap().to_string(),
        ));
        people.push(p);
    }
    let statuses: Vec<&str> = signups.iter().map(|s| s.1.as_str()).collect();
    assert_eq!(
        statuses,
        ["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]
    );

    // Bob cancels: Cat, first on the waiting list, is promoted and emailed.
    let d = app
        .ok(
            Some(&people[1].access),
            "mutation($id: ID!) { cancelShiftSignup(signupId: $id) { status } }",
            json!({"id": signups[1].0}),
        )
        .await;
    assert_eq!(d["cancelShiftSignup"]["status"], "CANCELLED");
    let mine = "query($s: ID!) { node(id: $s) { ... on Shift { confirmedCount waitlistCount mySignup { status } } } }";
    let cat = app
        .ok(Some(&people[2].access), mine, json!({"s": shift}))
        .await;
    assert_eq!(cat["node"]["mySignup"]["status"], "CONFIRMED");
    assert_eq!(cat["node"]["confirmedCount"], 2);
    assert_eq!(cat["node"]["waitlistCount"], 1);
    let dan = app
        .ok(Some(&people[3].access), mine, json!({"s": shift}))
        .await;
    assert_eq!(dan["node"]["mySignup"]["status"], "WAITLISTED");

    let outbox = app.dir.path().join("journey-mail");
    std::fs::create_dir_all(&outbox).unwrap();
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(outbox.clone()),
    };
    jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    let promoted: Vec<String> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .filter(|m| {
            m.contains("To: cat@example.org") && m.contains("You have a place: Serve lunch")
        })
        .collect();
    assert_eq!(promoted.len(), 1, "Cat is emailed once about her place");

    // Cat's private feed: the shift at 11:00 BST.
    let url = app
        .ok(
            Some(&people[2].access),
            "{ me { calendarFeedUrl } }",
            json!({}),
        )
        .await["me"]["calendarFeedUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let cli = TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    let resp = cli
        .get(url.trim_start_matches("http://kith.test"))
        .send()
        .await;
    resp.assert_status_is_ok();
    let events = python_events(&resp.0.into_body().into_string().await.unwrap());
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");
    assert_eq!(events[0]["start"], "2027-03-30T11:00:00+01:00");
    assert_eq!(events[0]["end"], "2027-03-30T14:00:00+01:00");

    // The group's public feed: the lunch club at 12:00 local every week,
    // GMT then BST.
    let url = app
        .ok(
            None,
            "query($id: ID!) { activity(id: $id) { calendarUrl } }",
            json!({"id": activity}),
        )
        .await["activity"]["calendarUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let resp = cli
        .get(url.trim_start_matches("http://kith.test"))
        .send()
        .await;
    resp.assert_status_is_ok();
    let events = python_events(&resp.0.into_body().into_string().await.unwrap());
    assert_eq!(events[0]["summary"], "Lunch club");
    assert_eq!(
        events[0]["dates"],
        json!([
            "2027-03-23T12:00:00+00:00",
            "2027-03-30T12:00:00+01:00",
            "2027-04-06T12:00:00+01:00"
        ])
    );
}

both_backends!(activity_shift_waitlist_promotion_and_feeds);
