//! Volunteers, vetting, shifts and sign-ups, on both backends.

mod common;

use std::sync::Arc;

use chrono::Duration;
use common::{error_code, Session, TestApp};
use serde_json::{json, Value};

const CREATE: &str = "mutation($i: CreateShiftInput!) { createShift(input: $i) { id title places confirmedCount waitlistCount status } }";
const SIGN_UP: &str = "mutation($s: ID!) { signUpForShift(shiftId: $s) { id status } }";
const CANCEL_SIGNUP: &str = "mutation($id: ID!) { cancelShiftSignup(signupId: $id) { id status } }";
const SHIFT: &str = "query($id: ID!) { node(id: $id) { ... on Shift { confirmedCount waitlistCount status mySignup { status } } } }";

fn at(hours_from_epoch: i64) -> String {
    (common::epoch() + Duration::hours(hours_from_epoch)).to_rfc3339()
}

async fn shift(app: &TestApp, coord: &Session, group: &str, extra: Value) -> String {
    let mut input = json!({"groupId": group, "title": "Lunch club helpers", "startsAt": at(48), "endsAt": at(51), "places": 2, "location": "St Mark's Hall"});
    for (k, v) in extra.as_object().unwrap() {
        input[k] = v.clone();
    }
    let data = app
        .ok(Some(&coord.access), CREATE, json!({"i": input}))
        .await;
    data["createShift"]["id"].as_str().unwrap().to_string()
}

async fn join(app: &TestApp, volunteer: &Session, group: &str) {
    app.ok(
        Some(&volunteer.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
}

async fn volunteers(app: &TestApp, n: usize, group: &str) -> Vec<Session> {
    let mut out = Vec::new();
    for i in 0..n {
        let s = app
            .register(&format!("v{i}@example.org"), &format!("Volunteer {i}"))
            .await;
        join(app, &s, group).await;
        out.push(s);
    }
    out
}

async fn sign_up_until_waitlisted_then_promote(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let id = shift(&app, &coord, &group, json!({})).await;
    let vs = volunteers(&app, 4, &group).await;
    let mut signups = Vec::new();
    for v in &vs {
        let d = app.ok(Some(&v.access), SIGN_UP, json!({"s": id})).await;
        signups.push((
            d["signUpForShift"]["id"].as_str().unwrap().to_string(),
            d["signUpForShift"]["status"].clone(),
        ));
    }
    let statuses: Vec<_> = signups.iter().map(|s| s.1.as_str().unwrap()).collect();
    assert_eq!(
        statuses,
        ["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]
    );
    let first_signup = signups[0].0.clone();
    let s = app.ok(Some(&vs[2].access), SHIFT, json!({"id": id})).await;
    assert_eq!(
        s["node"],
        json!({"confirmedCount": 2, "waitlistCount": 2, "status": "SCHEDULED", "mySignup": {"status": "WAITLISTED"}})
    );
    // Each sign-up queued one email: a confirmation with the calendar
    // invitation, or the volunteer's number on the waiting list.
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let sent: Vec<_> = mail
        .iter()
        .filter(|m| m.kind == "shift_signup_confirmed" || m.kind == "shift_waitlisted")
        .map(|m| {
            (
                m.to_address.as_str(),
                m.kind.as_str(),
                m.attachment()
                    .map(|a| a.content_type.contains("method=REQUEST")),
            )
        })
        .collect();
    assert_eq!(
        sent,
        [
            ("v0@example.org", "shift_signup_confirmed", Some(true)),
            ("v1@example.org", "shift_signup_confirmed", Some(true)),
            ("v2@example.org", "shift_waitlisted", None),
            ("v3@example.org", "shift_waitlisted", None),
        ]
    );
    let waiting: Vec<_> = mail
        .iter()
        .filter(|m| m.kind == "shift_waitlisted")
        .collect();
    assert!(
        waiting[0].body_text.contains("(number 1)"),
        "{}",
        waiting[0].body_text
    );
    assert!(
        waiting[1].body_text.contains("(number 2)"),
        "{}",
        waiting[1].body_text
    );
    assert!(mail
        .iter()
        .all(|m| m.body_text.contains("Lunch club helpers")));
    // Signing up twice is refused and changes nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&vs[0].access), SIGN_UP, json!({"s": id}))
            .await,
        "ALREADY_SIGNED_UP"
    );
    assert_eq!(app.snapshot(), before);
    // A confirmed volunteer cancels: the first on the waiting list is
    // promoted and emailed; the second still waits.
    let out = app
        .ok(
            Some(&vs[0].access),
            CANCEL_SIGNUP,
            json!({"id": signups[0].0}),
        )
        .await;
    assert_eq!(out["cancelShiftSignup"]["status"], "CANCELLED");
    let s2 = app.ok(Some(&vs[2].access), SHIFT, json!({"id": id})).await;
    assert_eq!(s2["node"]["mySignup"]["status"], "CONFIRMED");
    let s3 = app.ok(Some(&vs[3].access), SHIFT, json!({"id": id})).await;
    assert_eq!(s3["node"]["mySignup"]["status"], "WAITLISTED");
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let promoted: Vec<_> = mail.iter().filter(|m| m.kind == "shift_promoted").collect();
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].to_address, "v2@example.org");
    assert!(promoted[0].body_text.contains("Lunch club helpers"));
    // Cancelling twice is an invalid transition; others cannot cancel mine.
    assert_eq!(
        app.err(
            Some(&vs[0].access),
            CANCEL_SIGNUP,
            json!({"id": signups[0].0})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(
        app.err(
            Some(&vs[0].access),
            CANCEL_SIGNUP,
            json!({"id": signups[1].0})
        )
        .await,
        "NOT_FOUND"
    );
    // The coordinator sees the roster in queue order.
    let roster = app
        .ok(
            Some(&coord.access),
            "query($id: ID!) { node(id: $id) { ... on Shift { signups { totalCount edges { node { status volunteer { displayName } } } } } } }",
            json!({"id": id}),
        )
        .await;
    let names: Vec<_> = roster["node"]["signups"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["volunteer"]["displayName"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                e["node"]["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(names.len(), 4);
    assert_eq!(
        names[3],
        ("Volunteer 3".to_string(), "WAITLISTED".to_string())
    );
    // The listing reads only the sign-ups it shows (the most any selection
    // asks for, and one more to tell whether more follow), unless the total
    // is asked for: each selection still gets its own page.
    let listed = app
        .ok(
            Some(&coord.access),
            "query($g: ID!) { upcomingShifts(groupId: $g) { edges { node {
                one: signups(first: 1) { edges { node { volunteer { displayName } } } pageInfo { hasNextPage } }
                two: signups(first: 2) { edges { node { volunteer { displayName } } } pageInfo { hasNextPage } } } } } }",
            json!({"g": group}),
        )
        .await;
    let node = &listed["upcomingShifts"]["edges"][0]["node"];
    let shown = |alias: &str| -> Vec<String> {
        node[alias]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e["node"]["volunteer"]["displayName"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // (The roster keeps Volunteer 0's cancelled sign-up, first in the queue.)
    assert_eq!(shown("one"), ["Volunteer 0"]);
    assert_eq!(shown("two"), ["Volunteer 0", "Volunteer 1"]);
    // Two of four shown: the third, read to tell, says more follow.
    assert_eq!(node["one"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(node["two"]["pageInfo"]["hasNextPage"], true);
    let counted = app
        .ok(
            Some(&coord.access),
            "query($g: ID!) { upcomingShifts(groupId: $g) { edges { node {
                signups(first: 1) { totalCount edges { node { status } } pageInfo { hasNextPage } } } } } }",
            json!({"g": group}),
        )
        .await;
    let signups = &counted["upcomingShifts"]["edges"][0]["node"]["signups"];
    assert_eq!(signups["totalCount"], 4);
    assert_eq!(signups["edges"].as_array().unwrap().len(), 1);
    assert_eq!(signups["pageInfo"]["hasNextPage"], true);
    // Volunteers cannot see the roster.
    let resp = app
        .gql(
            Some(&vs[1].access),
            "query($id: ID!) { node(id: $id) { ... on Shift { signups { totalCount } } } }",
            json!({"id": id}),
        )
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("FORBIDDEN"));
    // The reply shows the counts as the sign-up left them.
    let late = app.register("late@example.org", "Late").await;
    join(&app, &late, &group).await;
    let reply = app
        .ok(
            Some(&late.access),
            "mutation($s: ID!) { signUpForShift(shiftId: $s) { status shift { confirmedCount waitlistCount } } }",
            json!({"s": id}),
        )
        .await;
    assert_eq!(
        reply["signUpForShift"],
        json!({"status": "WAITLISTED", "shift": {"confirmedCount": 2, "waitlistCount": 2}})
    );
    // Volunteer 0 signs up again after cancelling: their sign-up is reused,
    // last in the queue, and they are emailed their place.
    let again = app
        .ok(
            Some(&vs[0].access),
            "mutation($s: ID!) { signUpForShift(shiftId: $s) { id status shift { confirmedCount waitlistCount } } }",
            json!({"s": id}),
        )
        .await;
    assert_eq!(
        again["signUpForShift"],
        json!({"id": first_signup, "status": "WAITLISTED", "shift": {"confirmedCount": 2, "waitlistCount": 3}})
    );
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let last = mail.last().unwrap();
    assert_eq!(
        (last.kind.as_str(), last.to_address.as_str()),
        ("shift_waitlisted", "v0@example.org")
    );
    assert!(last.body_text.contains("(number 3)"), "{}", last.body_text);
}

async fn full_without_waitlist_clash_vetting_and_skills(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    let vs = volunteers(&app, 2, &group).await;
    let tiny = shift(
        &app,
        &coord,
        &group,
        json!({"places": 1, "waitlist": false}),
    )
    .await;
    assert_eq!(
        app.ok(Some(&vs[0].access), SIGN_UP, json!({"s": tiny}))
            .await["signUpForShift"]["status"],
        "CONFIRMED"
    );
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&vs[1].access), SIGN_UP, json!({"s": tiny}))
            .await,
        "SHIFT_FULL"
    );
    assert_eq!(
        app.snapshot(),
        before,
        "a refused sign-up changed something"
    );
    // An overlapping shift clashes with vs[0]'s confirmed one.
    let overlap = shift(
        &app,
        &coord,
        &group,
        json!({"title": "Overlapping", "startsAt": at(50), "endsAt": at(53)}),
    )
    .await;
    let before2 = app.snapshot();
    assert_eq!(
        app.err(Some(&vs[0].access), SIGN_UP, json!({"s": overlap}))
            .await,
        "SHIFT_CLASH"
    );
    assert_eq!(app.snapshot(), before2);
    // Vetting: an ENHANCED shift needs a current ENHANCED check.
    let visit = shift(&app, &coord, &group, json!({"title": "Home visits", "startsAt": at(100), "endsAt": at(102), "requiredVetting": "ENHANCED"})).await;
    assert_eq!(
        app.err(Some(&vs[1].access), SIGN_UP, json!({"s": visit}))
            .await,
        "VETTING_REQUIRED"
    );
    const VET: &str = "mutation($i: RecordVettingInput!) { recordVetting(input: $i) { level reference expiresOn } }";
    let vet = json!({"i": {"personId": vs[1].person_id, "level": "ENHANCED", "reference": "001234567890", "issuedOn": "2026-01-10", "expiresOn": "2029-01-10"}});
    // Only a coordinator of the volunteer's group records it.
    assert_eq!(
        app.err(Some(&vs[0].access), VET, vet.clone()).await,
        "FORBIDDEN"
    );
    let recorded = app.ok(Some(&coord.access), VET, vet).await;
    assert_eq!(recorded["recordVetting"]["reference"], "001234567890");
    // The volunteer sees the reference masked; the coordinator in full.
    let mine = app
        .ok(
            Some(&vs[1].access),
            "{ me { vetting { level reference } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine["me"]["vetting"],
        json!({"level": "ENHANCED", "reference": "••••••••7890"})
    );
    let theirs = app
        .ok(
            Some(&coord.access),
            "query($p: ID!) { node(id: $p) { ... on Person { vetting { reference } } } }",
            json!({"p": vs[1].person_id}),
        )
        .await;
    assert_eq!(theirs["node"]["vetting"]["reference"], "001234567890");
    assert_eq!(
        app.ok(Some(&vs[1].access), SIGN_UP, json!({"s": visit}))
            .await["signUpForShift"]["status"],
        "CONFIRMED"
    );
    // Bad vetting input changes nothing.
    let before3 = app.snapshot();
    for (input, field) in [
        (
            json!({"personId": vs[0].person_id, "level": "BASIC", "reference": "x", "issuedOn": "2030-01-01"}),
            "issuedOn",
        ),
        (
            json!({"personId": vs[0].person_id, "level": "BASIC", "reference": "x", "issuedOn": "2026-01-01", "expiresOn": "2025-01-01"}),
            "expiresOn",
        ),
        (
            json!({"personId": vs[0].person_id, "level": "BASIC", "reference": "  ", "issuedOn": "2026-01-01"}),
            "reference",
        ),
    ] {
        let resp = app.gql(Some(&coord.access), VET, json!({"i": input})).await;
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{resp}");
    }
    assert_eq!(app.snapshot(), before3);
    // Skills: a driving shift needs "driving" on the profile.
    let drive = shift(&app, &coord, &group, json!({"title": "Drive to clinic", "startsAt": at(200), "endsAt": at(201), "requiredSkills": ["Driving"]})).await;
    let resp = app
        .gql(Some(&vs[0].access), SIGN_UP, json!({"s": drive}))
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("SKILL_REQUIRED"));
    assert!(resp["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("driving"));
    let profile = app
        .ok(
            Some(&vs[0].access),
            "mutation($i: VolunteerProfileInput!) { updateVolunteerProfile(input: $i) { skills languages availability { day startTime endTime } travelRadiusKm location { latitude } } }",
            json!({"i": {"skills": [" Driving ", "driving", "First aid"], "languages": ["Welsh"], "availability": [{"day": "MONDAY", "startTime": "09:00", "endTime": "12:30"}], "travelRadiusKm": 5, "location": {"latitude": 51.5, "longitude": -0.1}}}),
        )
        .await;
    assert_eq!(
        profile["updateVolunteerProfile"]["skills"],
        json!(["driving", "first aid"])
    );
    assert_eq!(
        app.ok(Some(&vs[0].access), SIGN_UP, json!({"s": drive}))
            .await["signUpForShift"]["status"],
        "CONFIRMED"
    );
    // Bad profile input.
    for (input, field) in [
        (json!({"travelRadiusKm": 500}), "travelRadiusKm"),
        (
            json!({"availability": [{"day": "MONDAY", "startTime": "12:00", "endTime": "09:00"}]}),
            "availability",
        ),
        (
            json!({"location": {"latitude": 100.0, "longitude": 0.0}}),
            "location",
        ),
    ] {
        let resp = app
            .gql(Some(&vs[0].access), "mutation($i: VolunteerProfileInput!) { updateVolunteerProfile(input: $i) { skills } }", json!({"i": input}))
            .await;
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{resp}");
    }
}

async fn members_only_and_coordinator_rules(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app
        .create_group(&coord, "Good Neighbours", "APPROVAL")
        .await;
    let outsider = app.register("out@example.org", "Outsider").await;
    let private = shift(&app, &coord, &group, json!({"membersOnly": true})).await;
    assert_eq!(
        app.err(Some(&outsider.access), SIGN_UP, json!({"s": private}))
            .await,
        "NOT_FOUND"
    );
    let list = app
        .ok(
            Some(&outsider.access),
            "{ upcomingShifts { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(list["upcomingShifts"]["totalCount"], 0);
    let list = app
        .ok(
            Some(&coord.access),
            "{ upcomingShifts { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(list["upcomingShifts"]["totalCount"], 1);
    // Creating shifts: only coordinators, with sane input.
    let base = json!({"groupId": group, "title": "Helpers", "startsAt": at(48), "endsAt": at(50), "places": 2});
    assert_eq!(
        app.err(Some(&outsider.access), CREATE, json!({"i": base}))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.err(None, CREATE, json!({"i": base})).await,
        "UNAUTHENTICATED"
    );
    let before = app.snapshot();
    let shifts_before = app.count("shifts");
    for (patch, field) in [
        (json!({"endsAt": at(47)}), "endsAt"),
        (json!({"endsAt": at(80)}), "endsAt"),
        (json!({"startsAt": at(-2), "endsAt": at(-1)}), "startsAt"),
        (json!({"places": 0}), "places"),
        (json!({"title": "x"}), "title"),
    ] {
        let mut input = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            input[k] = v.clone();
        }
        let resp = app
            .gql(Some(&coord.access), CREATE, json!({"i": input}))
            .await;
        assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{resp}");
    }
    assert_eq!(app.snapshot(), before);
    assert_eq!(app.count("shifts"), shifts_before);
}

async fn changes_and_cancellation_email_everyone(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    let id = shift(&app, &coord, &group, json!({"places": 1})).await;
    let vs = volunteers(&app, 3, &group).await;
    for v in &vs {
        app.ok(Some(&v.access), SIGN_UP, json!({"s": id})).await;
    }
    const UPDATE: &str = "mutation($i: UpdateShiftInput!) { updateShift(input: $i) { places confirmedCount waitlistCount location } }";
    // Places cannot go below the confirmed.
    let more = app
        .ok(
            Some(&coord.access),
            UPDATE,
            json!({"i": {"id": id, "places": 2}}),
        )
        .await;
    assert_eq!(
        more["updateShift"]["confirmedCount"], 2,
        "more places should promote"
    );
    let resp = app
        .gql(
            Some(&coord.access),
            UPDATE,
            json!({"i": {"id": id, "places": 1}}),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "places");
    let moved = app
        .ok(
            Some(&coord.access),
            UPDATE,
            json!({"i": {"id": id, "location": "Church Hall", "startsAt": at(49)}}),
        )
        .await;
    assert_eq!(moved["updateShift"]["location"], "Church Hall");
    let changed = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "shift_changed")
        .count();
    assert_eq!(changed, 3, "everyone confirmed or waiting is told");
    let cancelled = app
        .ok(Some(&coord.access), "mutation($id: ID!) { cancelShift(id: $id, reason: \"Hall flooded\") { status cancelReason } }", json!({"id": id}))
        .await;
    assert_eq!(
        cancelled["cancelShift"],
        json!({"status": "CANCELLED", "cancelReason": "Hall flooded"})
    );
    let mails = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let told: Vec<_> = mails
        .iter()
        .filter(|m| m.kind == "shift_cancelled")
        .collect();
    assert_eq!(told.len(), 3);
    assert!(told[0].body_text.contains("Hall flooded"));
    assert_eq!(
        app.err(
            Some(&coord.access),
            "mutation($id: ID!) { cancelShift(id: $id, reason: \"again\") { status } }",
            json!({"id": id})
        )
        .await,
        "INVALID_TRANSITION"
    );
    // A cancelled shift takes no sign-ups.
    let late = app.register("late@example.org", "Late").await;
    assert_eq!(
        app.err(Some(&late.access), SIGN_UP, json!({"s": id})).await,
        "INVALID_TRANSITION"
    );
}

async fn attendance_is_recorded_by_coordinators_after_the_start(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    let id = shift(&app, &coord, &group, json!({})).await;
    let vs = volunteers(&app, 1, &group).await;
    let s = app.ok(Some(&vs[0].access), SIGN_UP, json!({"s": id})).await;
    let signup = s["signUpForShift"]["id"].as_str().unwrap().to_string();
    const ATTEND: &str = "mutation($id: ID!, $m: Int!) { recordShiftAttendance(signupId: $id, minutes: $m) { status attendedMinutes } }";
    assert_eq!(
        app.err(Some(&coord.access), ATTEND, json!({"id": signup, "m": 90}))
            .await,
        "CONFLICT"
    );
    app.state.clock.advance(Duration::hours(49));
    // Access tokens have long expired: sign in again.
    let coord = app.refresh(&coord).await;
    let vs = [app.refresh(&vs[0]).await];
    assert_eq!(
        app.err(Some(&vs[0].access), ATTEND, json!({"id": signup, "m": 90}))
            .await,
        "FORBIDDEN"
    );
    let resp = app
        .gql(Some(&coord.access), ATTEND, json!({"id": signup, "m": 0}))
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "minutes");
    let done = app
        .ok(Some(&coord.access), ATTEND, json!({"id": signup, "m": 180}))
        .await;
    assert_eq!(
        done["recordShiftAttendance"],
        json!({"status": "CONFIRMED", "attendedMinutes": 180})
    );
    // A shift that has started takes no new sign-ups.
    let late = app.register("late@example.org", "Late").await;
    assert_eq!(
        app.err(Some(&late.access), SIGN_UP, json!({"s": id})).await,
        "CONFLICT"
    );
}

async fn upcoming_shifts_page_in_time_order(app: TestApp) {
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Good Neighbours", "OPEN").await;
    for h in [30, 10, 20, 40, 50] {
        shift(&app, &coord, &group, json!({"title": format!("At {h}"), "startsAt": at(h), "endsAt": at(h + 1), "coordinates": {"latitude": 51.5 + h as f64 / 1000.0, "longitude": -0.1}})).await;
    }
    const LIST: &str = "query($f: Int, $a: String, $n: GeoFilter, $g: ID) { upcomingShifts(first: $f, after: $a, near: $n, groupId: $g) { totalCount pageInfo { hasNextPage endCursor } edges { node { title group { name } confirmedCount } } } }";
    let mut titles = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let d = app.ok(None, LIST, json!({"f": 2, "a": after})).await;
        for e in d["upcomingShifts"]["edges"].as_array().unwrap() {
            titles.push(e["node"]["title"].as_str().unwrap().to_string());
        }
        if !d["upcomingShifts"]["pageInfo"]["hasNextPage"]
            .as_bool()
            .unwrap()
        {
            break;
        }
        after = d["upcomingShifts"]["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_string);
    }
    assert_eq!(titles, ["At 10", "At 20", "At 30", "At 40", "At 50"]);
    let near = app
        .ok(
            None,
            LIST,
            json!({"n": {"latitude": 51.51, "longitude": -0.1, "radiusKm": 1.0}}),
        )
        .await;
    assert_eq!(near["upcomingShifts"]["totalCount"], 1);
    let resp = app
        .gql(
            None,
            LIST,
            json!({"n": {"latitude": 51.5, "longitude": -0.1, "radiusKm": 0}}),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "near");
}

both_backends!(
    sign_up_until_waitlisted_then_promote,
    full_without_waitlist_clash_vetting_and_skills,
    members_only_and_coordinator_rules,
    changes_and_cancellation_email_everyone,
    attendance_is_recorded_by_coordinators_after_the_start,
    upcoming_shifts_page_in_time_order,
    two_hundred_volunteers_race_for_five_places,
    sign_up_statements_write_only_what_was_decided,
);

/// The statements a sign-up writes with: SQLite's `QuickSignUp` writes only
/// the plain case, and PostgreSQL's guarded `SignUpWithMail` writes only if
/// the counts it was decided on still stand; otherwise neither writes
/// anything (no sign-up, no email) and the caller decides again.
async fn sign_up_statements_write_only_what_was_decided(app: TestApp) {
    use diesel::prelude::*;
    use kith::db::schema::{outbox, shift_signups};
    use kith::db::DbConn;
    use kith::domain::shifts::signup_sql::{Guard, NewSignup, QuickSignUp, SignUpWithMail};
    use kith::domain::shifts::SignupStatus;
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let vs = volunteers(&app, 2, &group).await;
    let id = shift(
        &app,
        &coord,
        &group,
        json!({"places": 1, "waitlist": false}),
    )
    .await;
    let first = app.ok(Some(&vs[0].access), SIGN_UP, json!({"s": id})).await;
    assert_eq!(first["signUpForShift"]["status"], "CONFIRMED");
    let shift_id =
        kith::graphql::ids::decode("id", "Shift", "shift", &async_graphql::ID(id.clone())).unwrap();
    let person_id = kith::graphql::ids::decode(
        "id",
        "Person",
        "person",
        &async_graphql::ID(vs[1].person_id.clone()),
    )
    .unwrap();
    let now = app.state.clock.now_naive();
    let rows = |conn: &mut DbConn| -> (i64, i64) {
        let signups = shift_signups::table
            .filter(shift_signups::shift_id.eq(shift_id))
            .count()
            .get_result(conn)
            .unwrap();
        let mails = outbox::table.count().get_result(conn).unwrap();
        (signups, mails)
    };
    let mut conn = app.conn();
    let before = rows(&mut conn);
    match &mut *conn {
        DbConn::Sqlite(sqlite) => {
            // Full and without a waiting list: not the plain case.
            let quick = QuickSignUp::new(shift_id, person_id, false, now);
            assert!(quick.run(sqlite).unwrap().is_none());
            assert_eq!(rows(&mut conn), before);
        }
        DbConn::Pg(pg) => {
            let mail = kith::mail::outbox::Prepared {
                message_id: "<guard-test@kith.example>".into(),
                kind: "shift_signup_confirmed".into(),
                to: "v1@example.org".into(),
                subject: "You are signed up".into(),
                text: "text".into(),
                html: "<p>html</p>".into(),
                attachment: None,
            };
            let signup = NewSignup {
                shift_id,
                person_id,
                status: SignupStatus::Confirmed,
                position: 1,
            };
            // Decided on an empty shift, but Volunteer 0 took the place.
            let stale = Guard {
                confirmed: 0,
                waitlisted: 0,
                last_position: 0,
            };
            let statement = SignUpWithMail::new(&signup, Some(&stale), now, Some(&mail));
            assert!(statement.run(pg).unwrap().is_none());
            assert_eq!(rows(&mut conn), before);
            // Decided on what is there: written, with its email.
            let current = Guard {
                confirmed: 1,
                waitlisted: 0,
                last_position: 1,
            };
            let signup = NewSignup {
                position: 2,
                status: SignupStatus::Waitlisted,
                ..signup
            };
            let DbConn::Pg(pg) = &mut *conn else {
                unreachable!()
            };
            let statement = SignUpWithMail::new(&signup, Some(&current), now, Some(&mail));
            let written = statement.run(pg).unwrap().expect("written");
            assert_eq!(
                (
                    written.volunteer_id,
                    written.status.as_str(),
                    written.queue_position
                ),
                (person_id, "WAITLISTED", 2)
            );
            assert_eq!(rows(&mut conn), (before.0 + 1, before.1 + 1));
        }
    }
}

/// 200 volunteers sign up at once for a 5-place shift, 20 times over:
/// exactly 5 confirmed, the rest waitlisted in arrival order, no duplicates;
/// cancellations interleaved with sign-ups never push confirmed past places.
async fn two_hundred_volunteers_race_for_five_places(app: TestApp) {
    use diesel::prelude::*;
    use kith::db::schema::{people, shift_signups};
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Big Day", "OPEN").await;
    // Volunteers are made directly (argon2 for 200 registrations is slow);
    // each signs in with a real session token.
    let now = app.state.clock.now();
    let mut tokens = Vec::new();
    {
        let mut conn = app.conn();
        let hash = kith::auth::password::hash("a perfectly fine passphrase").unwrap();
        for i in 0..200 {
            let id: i64 = diesel::insert_into(people::table)
                .values((
                    people::email.eq(format!("race{i}@example.org")),
                    people::password_hash.eq(&hash),
                    people::display_name.eq(format!("Racer {i}")),
                    people::is_admin.eq(false),
                    people::created_at.eq(now.naive_utc()),
                    people::updated_at.eq(now.naive_utc()),
                ))
                .returning(people::id)
                .get_result(&mut *conn)
                .unwrap();
            let session: i64 = diesel::insert_into(kith::db::schema::sessions::table)
                .values((
                    kith::db::schema::sessions::person_id.eq(id),
                    kith::db::schema::sessions::created_at.eq(now.naive_utc()),
                    kith::db::schema::sessions::last_used_at.eq(now.naive_utc()),
                ))
                .returning(kith::db::schema::sessions::id)
                .get_result(&mut *conn)
                .unwrap();
            tokens.push(app.state.keys.issue(id, session, now).unwrap().0);
        }
    }
    let app = Arc::new(app);
    for round in 0..20 {
        let id = shift(&app, &coord, &group, json!({"title": format!("Round {round}"), "places": 5, "startsAt": at(48 + round * 5), "endsAt": at(49 + round * 5)})).await;
        let mut tasks = Vec::new();
        for t in &tokens {
            let (app, t, id) = (app.clone(), t.clone(), id.clone());
            tasks.push(tokio::spawn(async move {
                app.gql(Some(&t), SIGN_UP, json!({"s": id})).await
            }));
        }
        // Interleave a few cancellations by early confirmed volunteers.
        let mut cancels = Vec::new();
        let mut results = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            let resp = task.await.unwrap();
            assert!(resp.get("errors").is_none(), "round {round}: {resp}");
            let status = resp["data"]["signUpForShift"]["status"]
                .as_str()
                .unwrap()
                .to_string();
            let signup = resp["data"]["signUpForShift"]["id"]
                .as_str()
                .unwrap()
                .to_string();
            if status == "CONFIRMED" && cancels.len() < 2 && round % 2 == 1 {
                let (app, t, s) = (app.clone(), tokens[i].clone(), signup.clone());
                cancels.push(tokio::spawn(async move {
                    app.gql(Some(&t), CANCEL_SIGNUP, json!({"id": s})).await
                }));
            }
            results.push(status);
        }
        let cancelled = cancels.len();
        for c in cancels {
            let resp = c.await.unwrap();
            assert!(resp.get("errors").is_none(), "{resp}");
        }
        // A cancellation that lands before the places fill lets a later
        // arrival in directly, so only rounds without cancellations must
        // show exactly five confirmed at sign-up.
        let confirmed_at_signup = results.iter().filter(|s| *s == "CONFIRMED").count();
        assert!(
            (5..=5 + cancelled).contains(&confirmed_at_signup),
            "round {round}: {confirmed_at_signup} confirmed on sign-up"
        );
        if cancelled == 0 {
            assert_eq!(confirmed_at_signup, 5, "round {round}");
        }
        let shift_id =
            kith::graphql::ids::decode("id", "Shift", "shift", &async_graphql::ID(id.clone()))
                .unwrap();
        let rows: Vec<(i64, String, i64)> = shift_signups::table
            .filter(shift_signups::shift_id.eq(shift_id))
            .select((
                shift_signups::volunteer_id,
                shift_signups::status,
                shift_signups::queue_position,
            ))
            .order(shift_signups::queue_position.asc())
            .load(&mut *app.conn())
            .unwrap();
        assert_eq!(rows.len(), 200, "round {round}: duplicates or losses");
        let confirmed = rows.iter().filter(|r| r.1 == "CONFIRMED").count();
        assert_eq!(
            confirmed, 5,
            "round {round}: {confirmed} confirmed after cancellations"
        );
        // Arrival order: every confirmed sign-up queued before every one
        // still waiting, except those promoted in place of cancellations.
        let positions: Vec<i64> = rows.iter().map(|r| r.2).collect();
        let mut sorted = positions.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), 200, "queue positions repeat");
        let first_waiting = rows.iter().position(|r| r.1 == "WAITLISTED").unwrap();
        let promoted_or_confirmed_after = rows[first_waiting..]
            .iter()
            .filter(|r| r.1 == "CONFIRMED")
            .count();
        assert_eq!(
            promoted_or_confirmed_after, 0,
            "round {round}: someone jumped the queue"
        );
        // One email per sign-up, of the kind its reply gave, however many
        // times a sign-up had to decide again.
        let round_mail: Vec<String> = kith::mail::outbox::all(&mut app.conn())
            .unwrap()
            .into_iter()
            .filter(|m| m.subject.ends_with(&format!(": Round {round}")))
            .map(|m| m.kind)
            .collect();
        let emailed = |kind: &str| round_mail.iter().filter(|k| *k == kind).count();
        assert_eq!(
            emailed("shift_signup_confirmed"),
            confirmed_at_signup,
            "round {round}"
        );
        assert_eq!(
            emailed("shift_waitlisted"),
            200 - confirmed_at_signup,
            "round {round}"
        );
    }
}
