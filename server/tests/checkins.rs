//! Check-ins: plans and their occurrences, reminders, misses and the
//! step-by-step escalation with its all clear, the coordinators' dashboard,
//! pausing, recording outcomes, bad inputs, two instances working the same
//! day, resuming after a crash, and clock changes.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::{epoch, Session, TestApp};
use kith::domain::checkins::{self, EscalationPolicy};
use serde_json::{json, Value};

const CREATE_RESIDENT: &str =
    "mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }";
const CONTACT: &str =
    "mutation($i: EmergencyContactInput!) { addEmergencyContact(input: $i) { id } }";
const VET: &str = "mutation($i: RecordVettingInput!) { recordVetting(input: $i) { level } }";
const CREATE_PLAN: &str = "mutation($i: CreateCheckInPlanInput!) { createCheckInPlan(input: $i) { id status recurrence channel graceMinutes riskLevel firstDueAt } }";
const MINE: &str = "query($from: DateTime, $to: DateTime) { myCheckIns(from: $from, to: $to, first: 100) { totalCount edges { node { id dueAt status channel resident { displayName } } } } }";
const OVERDUE: &str = "query($g: ID) { overdueCheckIns(groupId: $g) { totalCount edges { node { id status dueAt escalationStep resident { displayName } plan { riskLevel } } } } }";
const RECORD: &str = "mutation($i: RecordCheckInInput!) { recordCheckIn(input: $i) { id status outcome concerns suggestedNextSteps minutes missedAt resolvedAt } }";
const RESOLVE: &str = "mutation($c: ID!, $n: String!) { resolveCheckInEscalation(checkInId: $c, note: $n) { id status resolvedAt resolutionNote } }";
const EVENTS: &str = "query($id: ID!) { node(id: $id) { ... on CheckIn { status escalationStep events { kind step audience recipientName channel detail } } } }";
const PAUSE: &str = "mutation($p: ID!, $u: Date) { pauseCheckInPlan(planId: $p, until: $u) { status pausedUntil } }";
const RESUME: &str = "mutation($p: ID!) { resumeCheckInPlan(planId: $p) { status } }";
const END: &str = "mutation($p: ID!) { endCheckInPlan(planId: $p) { status endedAt } }";

struct World {
    coord: Session,
    group: String,
    tom: Session,
    sam: Session,
    outsider: Session,
    edna: String,
}

async fn join(app: &TestApp, who: &Session, group: &str) {
    app.ok(
        Some(&who.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
}

/// Priya coordinates Riverside Friends; Tom (vetted) and Sam volunteer;
/// Edna has no email and two emergency contacts: her daughter (email) and
/// her neighbour (phone only).
async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let tom = app.register("tom@example.org", "Tom Evans").await;
    let sam = app.register("sam@example.org", "Sam Okafor").await;
    let outsider = app.register("out@example.org", "Olu Ade").await;
    join(app, &tom, &group).await;
    join(app, &sam, &group).await;
    app.ok(
        Some(&coord.access),
        VET,
        json!({"i": {"personId": tom.person_id, "level": "BASIC", "reference": "001234567890",
            "issuedOn": "2026-01-10", "expiresOn": "2029-01-10"}}),
    )
    .await;
    let edna = app
        .ok(
            Some(&coord.access),
            CREATE_RESIDENT,
            json!({"i": {"groupId": group, "displayName": "Edna Morris",
                "profile": {"area": "Riverside ward", "address": "4 Mill Lane"}}}),
        )
        .await["createResident"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    for (name, rel, phone, email) in [
        (
            "Jane Morris",
            "daughter",
            "07700 900001",
            Some("jane@example.org"),
        ),
        ("Bill Hart", "neighbour", "07700 900002", None),
    ] {
        app.ok(
            Some(&coord.access),
            CONTACT,
            json!({"i": {"residentId": edna, "name": name, "relationship": rel, "phone": phone, "email": email}}),
        )
        .await;
    }
    World {
        coord,
        group,
        tom,
        sam,
        outsider,
        edna,
    }
}

fn plan_input(w: &World) -> Value {
    json!({"i": {
        "residentId": w.edna,
        "groupId": w.group,
        "volunteerId": w.tom.person_id,
        "backupVolunteerId": w.sam.person_id,
        "recurrence": "FREQ=WEEKLY;BYDAY=TU",
        "firstDueAt": "2026-11-24T10:00:00Z",
        "channel": "PHONE",
        "graceMinutes": 60,
        "riskLevel": "HIGH",
    }})
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Move the app's clock to `t` (only forwards).
fn set_clock(app: &TestApp, t: DateTime<Utc>) {
    let now = app.state.clock.now();
    assert!(t >= now, "the clock only moves forwards");
    app.state.clock.advance(t - now);
}

/// Move the clock and sign everyone in again (access tokens are short-lived).
async fn travel(app: &TestApp, w: &mut World, t: DateTime<Utc>) {
    set_clock(app, t);
    w.coord = login(app, "coord@example.org").await;
    w.tom = login(app, "tom@example.org").await;
    w.sam = login(app, "sam@example.org").await;
    w.outsider = login(app, "out@example.org").await;
}

fn mail(app: &TestApp, kind: &str) -> Vec<String> {
    let mut to: Vec<String> = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.to_address)
        .collect();
    to.sort();
    to
}

fn step(app: &TestApp, t: DateTime<Utc>) -> Vec<(i64, i64)> {
    let mut conn = app.conn();
    let now = t.naive_utc();
    let mut moved = checkins::detect_misses(&mut conn, now).unwrap();
    moved.extend(
        checkins::escalate_due(
            &mut conn,
            "http://localhost:8080",
            EscalationPolicy::default(),
            now,
        )
        .unwrap(),
    );
    moved
}

async fn mine(app: &TestApp, who: &Session) -> Vec<Value> {
    app.ok(Some(&who.access), MINE, json!({})).await["myCheckIns"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

/// The issue's "done when": a plan produces occurrences; one is left
/// unrecorded and escalates backup → coordinator → emergency contacts, each
/// by email once, on the dashboard; resolving it sends the all clear.
async fn escalation_journey(app: TestApp) {
    let mut w = world(&app).await;
    let made = app
        .ok(Some(&w.coord.access), CREATE_PLAN, plan_input(&w))
        .await["createCheckInPlan"]
        .clone();
    assert_eq!(made["status"], "ACTIVE");
    assert_eq!(made["recurrence"], "FREQ=WEEKLY;BYDAY=TU");
    // Two Tuesdays in the next 14 days, for Tom (and Edna sees them too).
    let tom = mine(&app, &w.tom).await;
    let dues: Vec<&str> = tom.iter().map(|c| c["dueAt"].as_str().unwrap()).collect();
    assert_eq!(
        dues,
        ["2026-11-24T10:00:00+00:00", "2026-12-01T10:00:00+00:00"]
    );
    assert_eq!(tom[0]["resident"]["displayName"], "Edna Morris");
    assert_eq!(tom[0]["status"], "SCHEDULED");
    // They are in Tom's calendar feed, which a real parser reads; the
    // resident's address is not.
    {
        let mut conn = app.conn();
        let person = raw_id(&w.tom.person_id);
        let token =
            kith::calendar::feeds::feed_token(&mut conn, person, epoch().naive_utc()).unwrap();
        let ics = kith::calendar::feeds::person_feed(
            &mut conn,
            &token,
            "http://localhost:8080",
            epoch().naive_utc(),
        )
        .unwrap()
        .unwrap()
        .to_ics();
        assert!(!ics.contains("Mill Lane"));
        let parsed = common::python_json(
            r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
print(json.dumps([[str(e.get("summary")), e.decoded("dtstart").isoformat(), e.decoded("dtend").isoformat()] for e in cal.walk("VEVENT")]))
"#,
            &ics,
        );
        assert_eq!(
            parsed,
            json!([
                [
                    "Check in with Edna Morris (phone)",
                    "2026-11-24T10:00:00+00:00",
                    "2026-11-24T10:30:00+00:00"
                ],
                [
                    "Check in with Edna Morris (phone)",
                    "2026-12-01T10:00:00+00:00",
                    "2026-12-01T10:30:00+00:00"
                ]
            ])
        );
    }
    // Running the materialiser again adds nothing.
    assert_eq!(
        checkins::materialise(&mut app.conn(), epoch().naive_utc()).unwrap(),
        0
    );
    let id = tom[0]["id"].as_str().unwrap().to_string();

    // Reminder an hour before, once.
    let mut conn = app.conn();
    let remind = |t: &str, conn: &mut kith::db::PooledConn| {
        checkins::send_reminders(conn, "http://localhost:8080", at(t).naive_utc()).unwrap()
    };
    assert_eq!(remind("2026-11-24T08:59:00Z", &mut conn), 0);
    assert_eq!(remind("2026-11-24T09:00:00Z", &mut conn), 1);
    assert_eq!(remind("2026-11-24T09:05:00Z", &mut conn), 0);
    drop(conn);
    assert_eq!(mail(&app, "checkin_reminder"), ["tom@example.org"]);

    // Nothing recorded: missed once the grace hour is over, not before.
    assert!(step(&app, at("2026-11-24T10:59:00Z")).is_empty());
    travel(&app, &mut w, at("2026-11-24T10:59:00Z")).await;
    assert_eq!(
        app.ok(Some(&w.coord.access), OVERDUE, json!({"g": w.group}))
            .await["overdueCheckIns"]["totalCount"],
        0
    );
    let moved = step(&app, at("2026-11-24T11:00:00Z"));
    assert!(!moved.is_empty());
    assert_eq!(
        mail(&app, "checkin_missed"),
        ["sam@example.org"],
        "backup first"
    );
    travel(&app, &mut w, at("2026-11-24T11:00:00Z")).await;
    let board = app
        .ok(Some(&w.coord.access), OVERDUE, json!({"g": w.group}))
        .await;
    assert_eq!(board["overdueCheckIns"]["totalCount"], 1);
    let row = &board["overdueCheckIns"]["edges"][0]["node"];
    assert_eq!(row["id"], json!(id));
    assert_eq!(row["status"], "MISSED");
    assert_eq!(row["escalationStep"], 1);
    assert_eq!(row["plan"]["riskLevel"], "HIGH");
    // The same tick again, and ticks before the next step: nothing new.
    for t in ["2026-11-24T11:00:00Z", "2026-11-24T11:29:59Z"] {
        assert!(step(&app, at(t)).is_empty(), "{t}");
    }
    // Coordinators after 30 minutes.
    step(&app, at("2026-11-24T11:30:00Z"));
    assert_eq!(
        mail(&app, "checkin_missed"),
        ["coord@example.org", "sam@example.org"]
    );
    // The daughter an hour later, then the neighbour (no email: the
    // coordinators are asked to phone him).
    step(&app, at("2026-11-24T12:30:00Z"));
    assert_eq!(
        mail(&app, "checkin_missed"),
        ["coord@example.org", "jane@example.org", "sam@example.org"]
    );
    // The daughter is told how to reach the group (it gave no contact
    // email, so its coordinator's).
    let to_jane = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.kind == "checkin_missed" && m.to_address == "jane@example.org")
        .unwrap();
    assert!(
        to_jane
            .body_text
            .contains("let Riverside Friends know (coord@example.org)"),
        "{}",
        to_jane.body_text
    );
    assert!(mail(&app, "checkin_call_contact").is_empty());
    step(&app, at("2026-11-24T13:30:00Z"));
    assert_eq!(mail(&app, "checkin_call_contact"), ["coord@example.org"]);
    // Nothing left to do, however long it runs.
    for t in ["2026-11-24T14:30:00Z", "2026-11-25T09:00:00Z"] {
        assert!(step(&app, at(t)).is_empty(), "{t}");
    }
    assert_eq!(mail(&app, "checkin_missed").len(), 3);
    travel(&app, &mut w, at("2026-11-25T09:00:00Z")).await;
    let events = app
        .ok(Some(&w.coord.access), EVENTS, json!({"id": id}))
        .await["node"]
        .clone();
    assert_eq!(events["escalationStep"], 4);
    let summary: Vec<(String, i64, String, String, String)> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["step"].as_i64().unwrap(),
                e["audience"].as_str().unwrap().to_string(),
                e["recipientName"].as_str().unwrap().to_string(),
                e["channel"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let s = |k: &str, n: i64, a: &str, r: &str, c: &str| {
        (
            k.to_string(),
            n,
            a.to_string(),
            r.to_string(),
            c.to_string(),
        )
    };
    assert_eq!(
        summary,
        [
            s("REMINDED", 0, "VOLUNTEER", "Tom Evans", "EMAIL"),
            s("MISSED", 0, "", "", ""),
            s("ESCALATED", 1, "BACKUP", "Sam Okafor", "EMAIL"),
            s("ESCALATED", 2, "COORDINATOR", "Priya Shah", "EMAIL"),
            s("ESCALATED", 3, "EMERGENCY_CONTACT", "Jane Morris", "EMAIL"),
            s("ESCALATED", 4, "EMERGENCY_CONTACT", "Bill Hart", "PHONE"),
        ]
    );
    // The emails name Edna but never her address.
    for m in kith::mail::outbox::all(&mut app.conn()).unwrap() {
        assert!(!m.body_text.contains("Mill Lane"), "{}", m.body_text);
    }

    // Tom cannot record NO_ANSWER again; the outsider cannot resolve.
    assert_eq!(
        app.err(
            Some(&w.tom.access),
            RECORD,
            json!({"i": {"checkInId": id, "outcome": "NO_ANSWER"}})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(
        app.err(
            Some(&w.outsider.access),
            RESOLVE,
            json!({"c": id, "n": "All fine"})
        )
        .await,
        "NOT_FOUND"
    );
    // Priya resolves it: the all clear goes to everyone emailed, once.
    let resolved = app
        .ok(
            Some(&w.coord.access),
            RESOLVE,
            json!({"c": id, "n": "Jane found her well; her phone was off."}),
        )
        .await;
    assert_eq!(
        resolved["resolveCheckInEscalation"]["resolutionNote"],
        "Jane found her well; her phone was off."
    );
    assert_eq!(
        mail(&app, "checkin_all_clear"),
        ["coord@example.org", "jane@example.org", "sam@example.org"]
    );
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            RESOLVE,
            json!({"c": id, "n": "Again"})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(mail(&app, "checkin_all_clear").len(), 3);
    assert_eq!(
        app.ok(Some(&w.coord.access), OVERDUE, json!({"g": w.group}))
            .await["overdueCheckIns"]["totalCount"],
        0
    );
    // Later steps never run for a resolved check-in.
    assert!(step(&app, at("2026-11-26T09:00:00Z")).is_empty());
}

/// Outcomes: WELL completes; CONCERN needs flags and suggests next steps;
/// NO_ANSWER is a miss at once; a late WELL on a missed check-in resolves it
/// with the all clear.
async fn recording_outcomes(app: TestApp) {
    let mut w = world(&app).await;
    let mut input = plan_input(&w);
    input["i"]["recurrence"] = json!("FREQ=DAILY");
    input["i"]["firstDueAt"] = json!("2026-11-23T14:00:00Z");
    app.ok(Some(&w.coord.access), CREATE_PLAN, input).await;
    let list = mine(&app, &w.tom).await;
    assert_eq!(list.len(), 14);
    let ids: Vec<String> = list
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    let rec = |id: &str, extra: Value| {
        let mut i = json!({"checkInId": id});
        for (k, v) in extra.as_object().unwrap() {
            i[k] = v.clone();
        }
        json!({"i": i})
    };
    // Bad recordings change nothing.
    for (extra, code, field) in [
        (
            json!({"outcome": "CONCERN"}),
            "VALIDATION",
            Some("concerns"),
        ),
        (
            json!({"outcome": "WELL", "concerns": ["HEALTH"]}),
            "VALIDATION",
            Some("concerns"),
        ),
        (
            json!({"outcome": "WELL", "minutes": 601}),
            "VALIDATION",
            Some("minutes"),
        ),
    ] {
        let before = app.snapshot();
        let resp = app
            .gql(Some(&w.tom.access), RECORD, rec(&ids[0], extra.clone()))
            .await;
        assert_eq!(resp["errors"][0]["extensions"]["code"], code, "{extra}");
        if let Some(f) = field {
            assert_eq!(resp["errors"][0]["extensions"]["field"], f);
        }
        assert_eq!(app.snapshot(), before);
    }
    // Not due yet (tomorrow's is more than 12 hours away).
    let resp = app
        .gql(
            Some(&w.tom.access),
            RECORD,
            rec(&ids[2], json!({"outcome": "WELL"})),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["code"], "VALIDATION");
    // The outsider cannot see it at all.
    assert_eq!(
        app.err(
            Some(&w.outsider.access),
            RECORD,
            rec(&ids[0], json!({"outcome": "WELL"}))
        )
        .await,
        "NOT_FOUND"
    );
    // A concern.
    let done = app
        .ok(
            Some(&w.tom.access),
            RECORD,
            rec(&ids[0], json!({"outcome": "CONCERN", "concerns": ["LONELINESS", "FOOD", "FOOD"], "notes": "Fridge nearly empty", "minutes": 25})),
        )
        .await["recordCheckIn"]
        .clone();
    assert_eq!(done["status"], "COMPLETED");
    assert_eq!(done["concerns"], json!(["FOOD", "LONELINESS"]));
    assert_eq!(done["minutes"], 25);
    let steps = done["suggestedNextSteps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert!(steps[0].as_str().unwrap().contains("shopping"), "{steps:?}");
    // Recorded twice: refused.
    assert_eq!(
        app.err(
            Some(&w.tom.access),
            RECORD,
            rec(&ids[0], json!({"outcome": "WELL"}))
        )
        .await,
        "INVALID_TRANSITION"
    );
    // Tomorrow: no answer. Missed at once; the backup is told on the next tick.
    travel(&app, &mut w, at("2026-11-24T14:05:00Z")).await;
    let missed = app
        .ok(
            Some(&w.tom.access),
            RECORD,
            rec(&ids[1], json!({"outcome": "NO_ANSWER"})),
        )
        .await["recordCheckIn"]
        .clone();
    assert_eq!(missed["status"], "MISSED");
    assert_eq!(missed["missedAt"], "2026-11-24T14:05:00+00:00");
    step(&app, at("2026-11-24T14:05:00Z"));
    assert_eq!(mail(&app, "checkin_missed"), ["sam@example.org"]);
    // Sam gets through: recording WELL resolves it and sends the all clear.
    let well = app
        .ok(
            Some(&w.sam.access),
            RECORD,
            rec(&ids[1], json!({"outcome": "WELL"})),
        )
        .await["recordCheckIn"]
        .clone();
    assert_eq!(well["status"], "COMPLETED");
    assert!(well["resolvedAt"].is_string());
    assert_eq!(mail(&app, "checkin_all_clear"), ["sam@example.org"]);
    assert!(step(&app, at("2026-11-24T16:00:00Z")).is_empty());
}

/// Pausing withdraws the check-ins in the pause and resuming brings them
/// back; ending stops them; refused moves and bad plans change nothing.
async fn plans_pause_resume_end_and_refusals(app: TestApp) {
    let mut w = world(&app).await;
    // Bad plans.
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let mut bad = plan_input(&w);
    bad["i"]["recurrence"] = json!("FREQ=WEEKLY;BYDAY=XX");
    cases.push((bad, "INVALID_RECURRENCE"));
    let mut bad = plan_input(&w);
    bad["i"]["recurrence"] = json!("FREQ=WEEKLY;BYDAY=WE");
    cases.push((bad, "INVALID_RECURRENCE"));
    let mut bad = plan_input(&w);
    bad["i"]["recurrence"] = json!("FREQ=HOURLY");
    cases.push((bad, "INVALID_RECURRENCE"));
    let mut bad = plan_input(&w);
    bad["i"]["channel"] = json!("VISIT");
    cases.push((bad, "VETTING_REQUIRED"));
    let mut bad = plan_input(&w);
    bad["i"]["graceMinutes"] = json!(-1);
    cases.push((bad, "VALIDATION"));
    let mut bad = plan_input(&w);
    bad["i"]["firstDueAt"] = json!("2026-11-20T10:00:00Z");
    cases.push((bad, "VALIDATION"));
    let mut bad = plan_input(&w);
    bad["i"]["volunteerId"] = json!(w.outsider.person_id);
    cases.push((bad, "VALIDATION"));
    let mut bad = plan_input(&w);
    bad["i"]["backupVolunteerId"] = json!(w.tom.person_id);
    cases.push((bad, "VALIDATION"));
    for (input, code) in cases {
        let before = app.snapshot();
        assert_eq!(
            app.err(Some(&w.coord.access), CREATE_PLAN, input.clone())
                .await,
            code,
            "{input}"
        );
        assert_eq!(app.snapshot(), before, "{input}");
    }
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&w.tom.access), CREATE_PLAN, plan_input(&w))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.err(None, CREATE_PLAN, plan_input(&w)).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
    // Visits with a vetted volunteer and no backup are fine.
    let mut visit = plan_input(&w);
    visit["i"]["channel"] = json!("VISIT");
    visit["i"]["backupVolunteerId"] = Value::Null;
    app.ok(Some(&w.coord.access), CREATE_PLAN, visit).await;

    let plan = app
        .ok(Some(&w.coord.access), CREATE_PLAN, plan_input(&w))
        .await["createCheckInPlan"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        mine(&app, &w.sam).await.len(),
        0,
        "the backup is not the volunteer"
    );
    let count = |list: &[Value]| list.len();
    // Two from the visit plan, two from this one.
    assert_eq!(count(&mine(&app, &w.tom).await), 4);
    // Paused until 1 December: the 24 November check-in goes, 1 December stays.
    let paused = app
        .ok(
            Some(&w.coord.access),
            PAUSE,
            json!({"p": plan, "u": "2026-12-01"}),
        )
        .await;
    assert_eq!(paused["pauseCheckInPlan"]["status"], "PAUSED");
    assert_eq!(count(&mine(&app, &w.tom).await), 3);
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            PAUSE,
            json!({"p": plan, "u": "2026-11-01"})
        )
        .await,
        "VALIDATION"
    );
    assert_eq!(
        app.ok(Some(&w.coord.access), RESUME, json!({"p": plan}))
            .await["resumeCheckInPlan"]["status"],
        "ACTIVE"
    );
    assert_eq!(count(&mine(&app, &w.tom).await), 4);
    assert_eq!(
        app.err(Some(&w.coord.access), RESUME, json!({"p": plan}))
            .await,
        "INVALID_TRANSITION"
    );
    // The materialiser brings a date-bounded pause back by itself.
    app.ok(
        Some(&w.coord.access),
        PAUSE,
        json!({"p": plan, "u": "2026-12-01"}),
    )
    .await;
    assert_eq!(count(&mine(&app, &w.tom).await), 3);
    checkins::materialise(&mut app.conn(), at("2026-12-01T00:00:00Z").naive_utc()).unwrap();
    travel(&app, &mut w, at("2026-12-01T00:00:00Z")).await;
    let after = mine(&app, &w.tom).await;
    assert!(after
        .iter()
        .all(|c| c["dueAt"].as_str().unwrap() >= "2026-12-01"));
    // Ending: coordinators only; nothing further is scheduled.
    assert_eq!(
        app.err(Some(&w.tom.access), END, json!({"p": plan})).await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.ok(Some(&w.coord.access), END, json!({"p": plan})).await["endCheckInPlan"]["status"],
        "ENDED"
    );
    let plan_rows = |app: &TestApp| {
        use diesel::prelude::*;
        use kith::db::schema::check_ins as c;
        c::table
            .filter(c::plan_id.eq(raw_id(&plan)))
            .filter(c::status.eq("SCHEDULED"))
            .count()
            .get_result::<i64>(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(plan_rows(&app), 0);
    checkins::materialise(&mut app.conn(), at("2026-12-20T00:00:00Z").naive_utc()).unwrap();
    assert_eq!(plan_rows(&app), 0);
    assert_eq!(
        app.err(Some(&w.coord.access), PAUSE, json!({"p": plan}))
            .await,
        "INVALID_TRANSITION"
    );
}

async fn login(app: &TestApp, email: &str) -> Session {
    let data = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken person { id } } }",
            json!({"e": email, "p": "a perfectly fine passphrase"}),
        )
        .await;
    Session::from(&data["login"])
}

fn raw_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.into()))
        .unwrap()
        .1
}

/// Two instances run the scheduler every five minutes for a whole day on
/// the same database: every reminder and every escalation step goes out
/// exactly once.
async fn two_instances_for_a_day(app: TestApp) {
    let w = world(&app).await;
    let mut input = plan_input(&w);
    input["i"]["recurrence"] = json!("FREQ=DAILY");
    input["i"]["firstDueAt"] = json!("2026-11-24T10:00:00Z");
    app.ok(Some(&w.coord.access), CREATE_PLAN, input).await;
    let other = kith::db::Db::open(&app.state.config.database, 4).unwrap();
    let dbs = [app.state.db.clone(), other];
    let start = at("2026-11-24T00:00:00Z");
    let mut handles = Vec::new();
    for db in dbs {
        handles.push(tokio::task::spawn_blocking(move || {
            let mut conn = db.get().unwrap();
            for tick in 0..(24 * 12) {
                let now = (start + Duration::minutes(5 * tick)).naive_utc();
                checkins::materialise(&mut conn, now).unwrap();
                checkins::send_reminders(&mut conn, "http://localhost:8080", now).unwrap();
                checkins::detect_misses(&mut conn, now).unwrap();
                checkins::escalate_due(
                    &mut conn,
                    "http://localhost:8080",
                    EscalationPolicy::default(),
                    now,
                )
                .unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    assert_eq!(mail(&app, "checkin_reminder"), ["tom@example.org"]);
    assert_eq!(
        mail(&app, "checkin_missed"),
        ["coord@example.org", "jane@example.org", "sam@example.org"]
    );
    assert_eq!(mail(&app, "checkin_call_contact"), ["coord@example.org"]);
    // One occurrence per day, never two.
    use diesel::prelude::*;
    use kith::db::schema::check_ins as c;
    let rows: Vec<chrono::NaiveDateTime> = c::table
        .select(c::due_at)
        .order(c::due_at.asc())
        .load(&mut *app.conn())
        .unwrap();
    let mut unique = rows.clone();
    unique.dedup();
    assert_eq!(rows, unique);
    assert_eq!(rows.len(), 15, "24 November + 14 days, daily");
}

/// A crash after the first step: the next run, hours later, runs each
/// remaining due step once, in order, and none twice.
async fn resumes_after_a_crash(app: TestApp) {
    let w = world(&app).await;
    app.ok(Some(&w.coord.access), CREATE_PLAN, plan_input(&w))
        .await;
    step(&app, at("2026-11-24T11:00:00Z"));
    assert_eq!(mail(&app, "checkin_missed"), ["sam@example.org"]);
    // A run that fails halfway through a step leaves nothing behind: the
    // transaction is rolled back (simulated by a step inside a transaction
    // that errors after the step's work).
    {
        use diesel::Connection;
        let mut conn = app.conn();
        let _ = (*conn).transaction::<(), kith::error::AppError, _>(|conn| {
            checkins::escalate_due(
                conn,
                "http://localhost:8080",
                EscalationPolicy::default(),
                at("2026-11-24T11:30:00Z").naive_utc(),
            )?;
            Err(kith::error::AppError::Internal)
        });
    }
    assert_eq!(mail(&app, "checkin_missed"), ["sam@example.org"]);
    // Back hours later: coordinators, the daughter and the neighbour, once.
    step(&app, at("2026-11-24T16:00:00Z"));
    assert_eq!(
        mail(&app, "checkin_missed"),
        ["coord@example.org", "jane@example.org", "sam@example.org"]
    );
    assert_eq!(mail(&app, "checkin_call_contact"), ["coord@example.org"]);
    step(&app, at("2026-11-24T17:00:00Z"));
    assert_eq!(mail(&app, "checkin_missed").len(), 3);
}

/// Weekly at 10:00 UK time across the spring and autumn clock changes.
async fn clock_changes(app: TestApp) {
    let w = world(&app).await;
    set_clock(&app, at("2027-03-18T09:00:00Z"));
    // Sessions expire over months: sign in again.
    let coord = login(&app, "coord@example.org").await;
    let tom = login(&app, "tom@example.org").await;
    let mut input = plan_input(&w);
    input["i"]["recurrence"] = json!("FREQ=WEEKLY;BYDAY=SU");
    input["i"]["firstDueAt"] = json!("2027-03-21T10:00:00Z");
    app.ok(Some(&coord.access), CREATE_PLAN, input).await;
    let dues: Vec<String> = mine(&app, &tom)
        .await
        .iter()
        .map(|c| c["dueAt"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        dues,
        ["2027-03-21T10:00:00+00:00", "2027-03-28T09:00:00+00:00"],
        "10:00 GMT, then 10:00 BST"
    );
    // October: back to GMT.
    let oct = at("2027-10-20T00:00:00Z");
    checkins::materialise(&mut app.conn(), oct.naive_utc()).unwrap();
    set_clock(&app, oct);
    let tom = login(&app, "tom@example.org").await;
    let dues: Vec<String> = app
        .ok(
            Some(&tom.access),
            MINE,
            json!({"from": "2027-10-20T00:00:00Z", "to": "2027-11-03T00:00:00Z"}),
        )
        .await["myCheckIns"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["dueAt"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        dues,
        ["2027-10-24T09:00:00+00:00", "2027-10-31T10:00:00+00:00"]
    );
}

/// The scheduled job runs the steps and tells the coordinators' dashboard
/// live through `checkInEscalated`; `kith jobs` knows the check-in jobs.
async fn escalation_job_and_subscription(app: TestApp) {
    let w = world(&app).await;
    app.ok(Some(&w.coord.access), CREATE_PLAN, plan_input(&w))
        .await;
    let mut board = common::subscribe(
        &app,
        &w.coord,
        &format!(
            "subscription {{ checkInEscalated(groupId: \"{}\") {{ status escalationStep resident {{ displayName }} }} }}",
            w.group
        ),
    )
    .await;
    // Tom cannot watch the dashboard.
    {
        use futures_util::StreamExt;
        let actor = kith::graphql::authenticate_bearer(
            &app.state,
            Some(&format!("Bearer {}", w.tom.access)),
        )
        .await
        .unwrap();
        let request = async_graphql::Request::new(
            "subscription($g: ID!) { checkInEscalated(groupId: $g) { id } }",
        )
        .variables(async_graphql::Variables::from_json(json!({"g": w.group})));
        let first = app
            .schema
            .execute_stream(kith::graphql::prepare(request, &app.state, actor))
            .next()
            .await
            .unwrap();
        let refused = serde_json::to_value(&first).unwrap();
        assert_eq!(
            refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{refused}"
        );
    }
    let ctx = kith::jobs::JobContext {
        state: app.state.clone(),
        transport: kith::mail::Transport::Files(app.dir.path().join("mail")),
    };
    let spec = kith::jobs::registry::JOBS
        .iter()
        .find(|j| j.name == "check-in-escalation")
        .unwrap();
    for name in ["check-in-schedule", "check-in-reminders"] {
        assert!(kith::jobs::registry::JOBS.iter().any(|j| j.name == name));
    }
    let run = kith::jobs::run_job(&ctx, spec, at("2026-11-24T11:00:00Z"))
        .await
        .unwrap();
    assert!(format!("{run:?}").contains("1 missed"), "{run:?}");
    let got = common::next(&mut board).await;
    assert_eq!(
        got["data"]["checkInEscalated"],
        json!({"status": "MISSED", "escalationStep": 1, "resident": {"displayName": "Edna Morris"}})
    );
    // The same minute again is a slot already taken: nothing is sent twice.
    kith::jobs::run_job(&ctx, spec, at("2026-11-24T11:00:30Z"))
        .await
        .unwrap();
    assert_eq!(mail(&app, "checkin_missed"), ["sam@example.org"]);
    kith::jobs::run_job(&ctx, spec, at("2026-11-24T11:30:00Z"))
        .await
        .unwrap();
    let got = common::next(&mut board).await;
    assert_eq!(got["data"]["checkInEscalated"]["escalationStep"], 2);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(board.try_recv().is_err());
}

both_backends!(
    escalation_job_and_subscription,
    escalation_journey,
    recording_outcomes,
    plans_pause_resume_end_and_refusals,
    two_instances_for_a_day,
    resumes_after_a_crash,
    clock_changes
);
