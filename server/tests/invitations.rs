//! Calendar invitations in shift emails, read from the outbox on both
//! backends: who gets which email, and exactly which calendar entry with it.

mod common;

use chrono::Duration;
use common::{Session, TestApp};
use kith::mail::outbox::{self, OutboxRow};
use serde_json::json;

const CREATE: &str = "mutation($i: CreateShiftInput!) { createShift(input: $i) { id } }";
const SIGN_UP: &str = "mutation($s: ID!) { signUpForShift(shiftId: $s) { id status } }";
const CANCEL_SIGNUP: &str = "mutation($id: ID!) { cancelShiftSignup(signupId: $id) { status } }";
const UPDATE: &str = "mutation($i: UpdateShiftInput!) { updateShift(input: $i) { id } }";
const CANCEL_SHIFT: &str =
    "mutation($id: ID!) { cancelShift(id: $id, reason: \"Hall flooded\") { status } }";

fn at(hours_from_epoch: i64) -> String {
    (common::epoch() + Duration::hours(hours_from_epoch)).to_rfc3339()
}

/// A parsed property: name, parameters, value.
type Prop = (String, Option<Vec<(String, Vec<String>)>>, Option<String>);

/// A calendar attachment as the `ical` crate reads it: the calendar's METHOD
/// and the properties of its one event.
fn parse(ics: &str) -> (String, Vec<Prop>) {
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()))
        .map(|c| c.expect("the ical crate parses the invitation"))
        .collect();
    assert_eq!(calendars.len(), 1);
    let cal = &calendars[0];
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(cal.events.len(), 1);
    let method = cal
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .and_then(|p| p.value.clone())
        .expect("METHOD");
    let props = cal.events[0]
        .properties
        .iter()
        .map(|p| (p.name.clone(), p.params.clone(), p.value.clone()))
        .collect();
    (method, props)
}

fn prop(name: &str, value: &str) -> Prop {
    (name.into(), None, Some(value.into()))
}

fn local(name: &str, value: &str) -> Prop {
    (
        name.into(),
        Some(vec![("TZID".into(), vec!["Europe/London".into()])]),
        Some(value.into()),
    )
}

/// The whole event as expected: the shift is "Lunch club helpers" at
/// St Mark's Hall (Lunch Club), `id` its database id.
fn event(
    id: i64,
    sequence: i32,
    starts: &str,
    ends: &str,
    location: &str,
    status: &str,
) -> Vec<Prop> {
    vec![
        prop("UID", &format!("shift-{id}@kith.test")),
        prop("SEQUENCE", &sequence.to_string()),
        prop("DTSTAMP", "20261123T090000Z"),
        local("DTSTART", starts),
        local("DTEND", ends),
        prop("SUMMARY", "Lunch club helpers (Lunch Club)"),
        prop("LOCATION", location),
        prop("DESCRIPTION", "Serve lunch\\, then wash up."),
        prop("URL", &format!("http://kith.test/shifts/{id}")),
        prop("STATUS", status),
    ]
}

/// Every email queued after the first `skip`, in order.
fn queued(app: &TestApp, skip: usize) -> Vec<OutboxRow> {
    outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .skip(skip)
        .collect()
}

/// (kind, recipient, attachment name, attachment type) of each email.
fn summary(rows: &[OutboxRow]) -> Vec<(String, String, Option<String>, Option<String>)> {
    rows.iter()
        .map(|r| {
            (
                r.kind.clone(),
                r.to_address.clone(),
                r.attachment_name.clone(),
                r.attachment_type.clone(),
            )
        })
        .collect()
}

fn row(
    kind: &str,
    to: &str,
    attachment: Option<(&str, &str)>,
) -> (String, String, Option<String>, Option<String>) {
    (
        kind.into(),
        to.into(),
        attachment.map(|a| a.0.to_string()),
        attachment.map(|a| format!("text/calendar; method={}; charset=utf-8", a.1)),
    )
}

const INVITE: Option<(&str, &str)> = Some(("invite.ics", "REQUEST"));
const CANCEL: Option<(&str, &str)> = Some(("cancel.ics", "CANCEL"));

fn shift_id(id: &str) -> i64 {
    kith::graphql::ids::decode("id", "Shift", "shift", &async_graphql::ID(id.into())).unwrap()
}

/// A coordinator, the Lunch Club, a two-place shift two days from the
/// epoch (12:00 to 14:00 GMT), and `n` members.
async fn setup(app: &TestApp, n: usize) -> (Session, String, Vec<Session>) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let data = app
        .ok(
            Some(&coord.access),
            CREATE,
            json!({"i": {"groupId": group, "title": "Lunch club helpers", "description": "Serve lunch, then wash up.", "startsAt": at(51), "endsAt": at(53), "places": 2, "location": "St Mark's Hall"}}),
        )
        .await;
    let id = data["createShift"]["id"].as_str().unwrap().to_string();
    let mut vs = Vec::new();
    for i in 0..n {
        let v = app
            .register(&format!("v{i}@example.org"), &format!("Volunteer {i}"))
            .await;
        app.ok(
            Some(&v.access),
            "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
            json!({"g": group}),
        )
        .await;
        vs.push(v);
    }
    (coord, id, vs)
}

async fn sign_ups_are_confirmed_with_an_invitation(app: TestApp) {
    let (_, id, vs) = setup(&app, 3).await;
    let start = app.count("outbox") as usize;
    let mut signups = Vec::new();
    for v in &vs {
        let d = app.ok(Some(&v.access), SIGN_UP, json!({"s": id})).await;
        signups.push(d["signUpForShift"]["id"].as_str().unwrap().to_string());
    }
    let rows = queued(&app, start);
    assert_eq!(
        summary(&rows),
        [
            row("shift_signup_confirmed", "v0@example.org", INVITE),
            row("shift_signup_confirmed", "v1@example.org", INVITE),
            row("shift_waitlisted", "v2@example.org", None),
        ]
    );
    let sid = shift_id(&id);
    let (method, props) = parse(rows[0].attachment_body.as_deref().unwrap());
    assert_eq!(method, "REQUEST");
    assert_eq!(
        props,
        event(
            sid,
            0,
            "20261125T120000",
            "20261125T140000",
            "St Mark's Hall",
            "CONFIRMED"
        )
    );
    assert_eq!(rows[1].attachment_body, rows[0].attachment_body);
    assert_eq!(rows[0].subject, "You are signed up: Lunch club helpers");
    assert!(rows[0].body_text.contains("Lunch Club"));
    assert!(rows[0]
        .body_text
        .contains(&format!("http://kith.test/shifts/{sid}")));
    assert_eq!(rows[2].subject, "On the waiting list: Lunch club helpers");
    assert!(rows[2].body_text.contains("waiting list (number 1)"));
    assert_eq!(rows[2].attachment_body, None);

    // A waitlisted volunteer leaves: told, with nothing for the calendar.
    let mark = app.count("outbox") as usize;
    app.ok(
        Some(&vs[2].access),
        CANCEL_SIGNUP,
        json!({"id": signups[2]}),
    )
    .await;
    let rows = queued(&app, mark);
    assert_eq!(
        summary(&rows),
        [row("shift_signup_cancelled", "v2@example.org", None)]
    );
    assert_eq!(rows[0].subject, "Off the waiting list: Lunch club helpers");
    assert_eq!(rows[0].attachment_body, None);

    // They join the waiting list again, then a confirmed volunteer leaves:
    // a CANCEL with the same UID for them, a REQUEST for the one promoted.
    app.ok(Some(&vs[2].access), SIGN_UP, json!({"s": id})).await;
    let mark = app.count("outbox") as usize;
    app.ok(
        Some(&vs[0].access),
        CANCEL_SIGNUP,
        json!({"id": signups[0]}),
    )
    .await;
    let rows = queued(&app, mark);
    assert_eq!(
        summary(&rows),
        [
            row("shift_signup_cancelled", "v0@example.org", CANCEL),
            row("shift_promoted", "v2@example.org", INVITE),
        ]
    );
    assert_eq!(rows[0].subject, "Sign-up cancelled: Lunch club helpers");
    let (method, props) = parse(rows[0].attachment_body.as_deref().unwrap());
    assert_eq!(method, "CANCEL");
    assert_eq!(
        props,
        event(
            sid,
            0,
            "20261125T120000",
            "20261125T140000",
            "St Mark's Hall",
            "CANCELLED"
        )
    );
    let (method, props) = parse(rows[1].attachment_body.as_deref().unwrap());
    assert_eq!(method, "REQUEST");
    assert_eq!(
        props,
        event(
            sid,
            0,
            "20261125T120000",
            "20261125T140000",
            "St Mark's Hall",
            "CONFIRMED"
        )
    );
}

async fn changes_and_cancellation_update_confirmed_calendars(app: TestApp) {
    let (coord, id, vs) = setup(&app, 4).await;
    for v in &vs {
        app.ok(Some(&v.access), SIGN_UP, json!({"s": id})).await;
    }
    // v3 asked not to be contacted: never emailed.
    {
        use diesel::prelude::*;
        use kith::db::schema::people;
        diesel::update(people::table.filter(people::email.eq("v3@example.org")))
            .set(people::do_not_contact.eq(true))
            .execute(&mut *app.conn())
            .unwrap();
    }
    let sid = shift_id(&id);
    // A change that is neither time nor place sends nothing.
    let mark = app.count("outbox") as usize;
    app.ok(
        Some(&coord.access),
        UPDATE,
        json!({"i": {"id": id, "title": "Lunch club helpers"}}),
    )
    .await;
    assert_eq!(app.count("outbox") as usize, mark);
    // Moved an hour later, in a different hall.
    app.ok(
        Some(&coord.access),
        UPDATE,
        json!({"i": {"id": id, "startsAt": at(52), "endsAt": at(54), "location": "Church Hall"}}),
    )
    .await;
    let rows = queued(&app, mark);
    assert_eq!(
        summary(&rows),
        [
            row("shift_changed", "v0@example.org", INVITE),
            row("shift_changed", "v1@example.org", INVITE),
            row("shift_changed", "v2@example.org", None),
        ]
    );
    for r in &rows[..2] {
        let (method, props) = parse(r.attachment_body.as_deref().unwrap());
        assert_eq!(method, "REQUEST");
        assert_eq!(
            props,
            event(
                sid,
                1,
                "20261125T130000",
                "20261125T150000",
                "Church Hall",
                "CONFIRMED"
            )
        );
    }
    assert_eq!(rows[2].attachment_body, None);
    assert!(rows[2].body_text.contains("Church Hall"));

    // The whole shift is cancelled: CANCEL for the confirmed.
    let mark = app.count("outbox") as usize;
    app.ok(Some(&coord.access), CANCEL_SHIFT, json!({"id": id}))
        .await;
    let rows = queued(&app, mark);
    assert_eq!(
        summary(&rows),
        [
            row("shift_cancelled", "v0@example.org", CANCEL),
            row("shift_cancelled", "v1@example.org", CANCEL),
            row("shift_cancelled", "v2@example.org", None),
        ]
    );
    for r in &rows[..2] {
        let (method, props) = parse(r.attachment_body.as_deref().unwrap());
        assert_eq!(method, "CANCEL");
        assert_eq!(
            props,
            event(
                sid,
                2,
                "20261125T130000",
                "20261125T150000",
                "Church Hall",
                "CANCELLED"
            )
        );
    }
    assert_eq!(rows[2].attachment_body, None);
    // Leaving a shift that is already cancelled sends nothing more.
    let signup: String = app
        .ok(
            Some(&vs[0].access),
            "query($id: ID!) { node(id: $id) { ... on Shift { mySignup { id } } } }",
            json!({"id": id}),
        )
        .await["node"]["mySignup"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mark = app.count("outbox");
    app.ok(Some(&vs[0].access), CANCEL_SIGNUP, json!({"id": signup}))
        .await;
    assert_eq!(app.count("outbox"), mark);
}

async fn the_invitation_uid_is_the_feed_uid(app: TestApp) {
    let (_, id, vs) = setup(&app, 1).await;
    let start = app.count("outbox") as usize;
    app.ok(Some(&vs[0].access), SIGN_UP, json!({"s": id})).await;
    let rows = queued(&app, start);
    let (_, invite) = parse(rows[0].attachment_body.as_deref().unwrap());
    let url = app
        .ok(Some(&vs[0].access), "{ me { calendarFeedUrl } }", json!({}))
        .await["me"]["calendarFeedUrl"]
        .as_str()
        .unwrap()
        .to_string();
    let token = url
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".ics")
        .to_string();
    let feed = kith::calendar::feeds::person_feed(
        &mut app.conn(),
        &token,
        "http://kith.test",
        app.state.clock.now_naive(),
    )
    .unwrap()
    .unwrap();
    assert_eq!(feed.events.len(), 1);
    let uid = invite.iter().find(|p| p.0 == "UID").unwrap().2.clone();
    assert_eq!(uid.as_deref(), Some(feed.events[0].uid.as_str()));
    assert_eq!(feed.events[0].summary, "Lunch club helpers (Lunch Club)");
}

both_backends!(
    sign_ups_are_confirmed_with_an_invitation,
    changes_and_cancellation_update_confirmed_calendars,
    the_invitation_uid_is_the_feed_uid,
);
