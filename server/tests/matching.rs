//! Matching volunteers to help requests: who is suggested, in what order and
//! why; who is left out; the done-when journey from a resident without an
//! email to the logged read of their details; urgent alerts by email and by
//! subscription; and bad inputs.

mod common;

use std::time::Duration;

use common::{Session, TestApp};
use serde_json::{json, Value};

const CREATE_RESIDENT: &str =
    "mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }";
const CONSENT: &str = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { given } }";
const REQUEST: &str = "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id status requiredSkills homeVisit } }";
const SUGGEST: &str = "query($h: ID!, $n: Int) { suggestedVolunteers(helpRequestId: $h, first: $n) { score distanceKm volunteer { id displayName } reasons { factor points text } } }";
const ASSIGN: &str = "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { id status } }";
const COMPLETE: &str =
    "mutation($h: ID!) { completeHelpRequest(helpRequestId: $h, minutes: 45) { status } }";
const VET: &str = "mutation($i: RecordVettingInput!) { recordVetting(input: $i) { level } }";
const PROFILE: &str =
    "mutation($i: VolunteerProfileInput!) { updateVolunteerProfile(input: $i) { skills } }";
const DETAILS: &str = "query($id: ID!) { node(id: $id) { ... on HelpRequest { id residentFirstName area address phone notes residentName } } }";

/// Edna lives here.
const HOME: (f64, f64) = (51.46, -0.11);

/// A point `km` kilometres due north of Edna.
fn north(km: f64) -> Value {
    json!({"latitude": HOME.0 + km / 111.2, "longitude": HOME.1})
}

fn raw_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.into()))
        .unwrap()
        .1
}

struct World {
    coord: Session,
    group: String,
    edna: String,
    /// Vetted driver half a kilometre away, speaks Welsh, free on Tuesday
    /// mornings: the best match.
    ann: Session,
    /// Driver next door with no DBS check: left out of home visits.
    ben: Session,
    /// Vetted gardener a kilometre away: no driving.
    cat: Session,
    /// Vetted driver ten kilometres away who only travels five.
    dan: Session,
    /// Vetted driver nearby who is not in the group.
    eve: Session,
    /// Vetted driver who has not said where they are.
    fay: Session,
    /// Vetted driver ten kilometres away who travels twenty.
    gus: Session,
}

async fn join(app: &TestApp, who: &Session, group: &str) {
    app.ok(
        Some(&who.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
}

async fn volunteer(
    app: &TestApp,
    coord: &Session,
    group: Option<&str>,
    email: &str,
    name: &str,
    profile: Value,
    vetting: Option<&str>,
) -> Session {
    let s = app.register(email, name).await;
    if let Some(g) = group {
        join(app, &s, g).await;
    }
    app.ok(Some(&s.access), PROFILE, json!({"i": profile}))
        .await;
    if let Some(level) = vetting {
        app.ok(
            Some(&coord.access),
            VET,
            json!({"i": {"personId": s.person_id, "level": level, "reference": "001234567890",
                "issuedOn": "2026-01-10", "expiresOn": "2029-01-10"}}),
        )
        .await;
    }
    s
}

async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let edna = app
        .ok(
            Some(&coord.access),
            CREATE_RESIDENT,
            json!({"i": {"groupId": group, "displayName": "Edna Morris", "profile": {
                "area": "Riverside ward", "address": "4 Mill Lane", "phone": "020 7946 0000",
                "language": "cy",
                "location": {"latitude": HOME.0, "longitude": HOME.1}}}}),
        )
        .await["createResident"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let g = Some(group.as_str());
    let tuesday = json!([{"day": "TUESDAY", "startTime": "09:00", "endTime": "13:00"}]);
    let ann = volunteer(app, &coord, g, "ann@example.org", "Ann Hughes",
        json!({"skills": ["Driving", "First aid"], "languages": ["English", "Welsh"], "availability": tuesday,
            "travelRadiusKm": 5, "location": north(0.5)}), Some("BASIC")).await;
    let ben = volunteer(
        app,
        &coord,
        g,
        "ben@example.org",
        "Ben Carter",
        json!({"skills": ["driving"], "travelRadiusKm": 5, "location": north(0.2)}),
        None,
    )
    .await;
    let cat = volunteer(
        app,
        &coord,
        g,
        "cat@example.org",
        "Cat Doyle",
        json!({"skills": ["gardening"], "travelRadiusKm": 5, "location": north(1.0)}),
        Some("STANDARD"),
    )
    .await;
    let dan = volunteer(
        app,
        &coord,
        g,
        "dan@example.org",
        "Dan Evans",
        json!({"skills": ["driving"], "travelRadiusKm": 5, "location": north(10.0)}),
        Some("ENHANCED"),
    )
    .await;
    let eve = volunteer(
        app,
        &coord,
        None,
        "eve@example.org",
        "Eve Fisher",
        json!({"skills": ["driving"], "travelRadiusKm": 5, "location": north(0.3)}),
        None,
    )
    .await;
    let fay = volunteer(
        app,
        &coord,
        g,
        "fay@example.org",
        "Fay Green",
        json!({"skills": ["driving"], "travelRadiusKm": 5}),
        Some("BASIC"),
    )
    .await;
    let gus = volunteer(
        app,
        &coord,
        g,
        "gus@example.org",
        "Gus Hall",
        json!({"skills": ["driving"], "travelRadiusKm": 20, "location": north(10.0)}),
        Some("BASIC"),
    )
    .await;
    World {
        coord,
        group,
        edna,
        ann,
        ben,
        cat,
        dan,
        eve,
        fay,
        gus,
    }
}

fn input(w: &World, urgency: &str) -> Value {
    json!({"i": {
        "residentId": w.edna,
        "groupId": w.group,
        "category": "BEFRIENDING",
        "description": "A lift to the lunch club and a chat",
        "notes": "Key safe code 4321",
        "urgency": urgency,
        "requiredSkills": ["Driving"],
        "preferredTimes": [{"startsAt": "2026-11-24T10:00:00Z", "endsAt": "2026-11-24T12:00:00Z"}],
    }})
}

async fn raise(app: &TestApp, who: &Session, input: Value) -> String {
    app.ok(Some(&who.access), REQUEST, input).await["requestHelp"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn suggestions(app: &TestApp, w: &World, id: &str) -> Vec<Value> {
    app.ok(Some(&w.coord.access), SUGGEST, json!({"h": id, "n": 50}))
        .await["suggestedVolunteers"]
        .as_array()
        .unwrap()
        .clone()
}

fn names(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|m| m["volunteer"]["displayName"].as_str().unwrap())
        .collect()
}

fn reason<'a>(m: &'a Value, factor: &str) -> &'a Value {
    m["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["factor"] == factor)
        .unwrap_or_else(|| panic!("no {factor} reason in {m}"))
}

fn sensitive_reads(app: &TestApp) -> Vec<(i64, i64, String)> {
    use diesel::prelude::*;
    use kith::db::schema::sensitive_reads as r;
    r::table
        .order(r::id.asc())
        .select((r::reader_id, r::resident_id, r::fields))
        .load(&mut *app.conn())
        .unwrap()
}

/// The "done when", through GraphQL.
async fn done_when_journey(app: TestApp) {
    let w = world(&app).await;
    // Edna has no email; her consent to volunteers is recorded for her.
    assert_eq!(
        app.ok(
            Some(&w.coord.access),
            CONSENT,
            json!({"i": {"residentId": w.edna, "purpose": "contact by volunteers", "given": true}}),
        )
        .await["recordConsent"]["given"],
        true
    );
    let made = app
        .ok(Some(&w.coord.access), REQUEST, input(&w, "ROUTINE"))
        .await;
    assert_eq!(made["requestHelp"]["requiredSkills"], json!(["driving"]));
    assert_eq!(
        made["requestHelp"]["homeVisit"], true,
        "befriending is a home visit"
    );
    let id = made["requestHelp"]["id"].as_str().unwrap().to_string();

    let list = suggestions(&app, &w, &id).await;
    // Ben has no DBS check (home visit), Dan is beyond his own radius, Eve
    // is not in the group, Fay has no location, Edna is the resident and
    // Priya has no volunteer profile.
    assert_eq!(names(&list), ["Ann Hughes", "Gus Hall", "Cat Doyle"]);
    let ann = &list[0];
    assert_eq!(ann["volunteer"]["id"], json!(w.ann.person_id));
    assert_eq!(ann["distanceKm"], 0.5);
    assert_eq!(
        reason(ann, "SKILLS"),
        &json!({"factor": "SKILLS", "points": 30, "text": "Has the skills needed: driving."})
    );
    assert_eq!(
        reason(ann, "DISTANCE")["text"],
        "0.5 km away, within their 5 km travel radius."
    );
    assert_eq!(reason(ann, "DISTANCE")["points"], 23);
    assert_eq!(
        reason(ann, "AVAILABILITY"),
        &json!({"factor": "AVAILABILITY", "points": 20, "text": "Usually free at the preferred time."})
    );
    assert_eq!(
        reason(ann, "LANGUAGE"),
        &json!({"factor": "LANGUAGE", "points": 10, "text": "Speaks Welsh, the resident's language."})
    );
    assert_eq!(
        reason(ann, "VETTING"),
        &json!({"factor": "VETTING", "points": 5, "text": "DBS check: basic (a home visit needs at least basic)."})
    );
    assert_eq!(reason(ann, "CONTINUITY")["points"], 0);
    let total: i64 = ann["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_i64().unwrap())
        .sum();
    assert_eq!(ann["score"], total);
    assert_eq!(ann["score"], 88);
    let gus = &list[1];
    assert_eq!(gus["distanceKm"], 10.0);
    assert_eq!(reason(gus, "DISTANCE")["points"], 13);
    assert_eq!(
        reason(gus, "AVAILABILITY")["text"],
        "Has not said when they are usually free."
    );
    assert_eq!(
        reason(gus, "LANGUAGE")["text"],
        "Has not listed the languages they speak."
    );
    let cat = &list[2];
    assert_eq!(
        reason(cat, "SKILLS"),
        &json!({"factor": "SKILLS", "points": 0, "text": "Has none of the skills needed (driving)."})
    );
    // `first` trims the list.
    let one = app
        .ok(Some(&w.coord.access), SUGGEST, json!({"h": id, "n": 1}))
        .await;
    assert_eq!(one["suggestedVolunteers"].as_array().unwrap().len(), 1);

    // Ann, not yet assigned, sees the request without Edna's details, field
    // by field; nothing is logged.
    let before = sensitive_reads(&app).len();
    let seen = app
        .ok(Some(&w.ann.access), DETAILS, json!({"id": id}))
        .await["node"]
        .clone();
    assert_eq!(seen["residentFirstName"], "Edna");
    assert_eq!(seen["area"], "Riverside ward");
    for field in ["address", "phone", "notes", "residentName"] {
        assert_eq!(seen[field], Value::Null, "{field} shown before assignment");
    }
    assert_eq!(sensitive_reads(&app).len(), before);

    // Assigned, she sees them, and the read is on record.
    app.ok(
        Some(&w.coord.access),
        ASSIGN,
        json!({"h": id, "v": w.ann.person_id}),
    )
    .await;
    let seen = app
        .ok(Some(&w.ann.access), DETAILS, json!({"id": id}))
        .await["node"]
        .clone();
    assert_eq!(seen["address"], "4 Mill Lane");
    assert_eq!(seen["phone"], "020 7946 0000");
    assert_eq!(seen["notes"], "Key safe code 4321");
    assert_eq!(seen["residentName"], "Edna Morris");
    let reads = sensitive_reads(&app);
    assert_eq!(reads.len(), before + 1);
    assert_eq!(
        reads.last().unwrap(),
        &(
            raw_id(&w.ann.person_id),
            raw_id(&w.edna),
            "address,phone,notes".to_string()
        )
    );
    // Ben, never assigned, still sees nothing.
    let seen = app
        .gql(Some(&w.ben.access), DETAILS, json!({"id": id}))
        .await;
    assert_eq!(seen["data"]["node"], Value::Null, "{seen}");
}

/// Continuity, languages given as names or codes, windows across midnight,
/// requests that are not home visits, and the resident's location missing.
async fn factors_and_edges(app: TestApp) {
    let w = world(&app).await;
    // Cat helped Edna before: continuity counts.
    let earlier = raise(&app, &w.coord, input(&w, "ROUTINE")).await;
    app.ok(
        Some(&w.coord.access),
        ASSIGN,
        json!({"h": earlier, "v": w.cat.person_id}),
    )
    .await;
    app.ok(Some(&w.cat.access), COMPLETE, json!({"h": earlier}))
        .await;
    let id = raise(&app, &w.coord, input(&w, "ROUTINE")).await;
    let list = suggestions(&app, &w, &id).await;
    let cat = list
        .iter()
        .find(|m| m["volunteer"]["displayName"] == "Cat Doyle")
        .unwrap();
    assert_eq!(
        reason(cat, "CONTINUITY"),
        &json!({"factor": "CONTINUITY", "points": 10, "text": "Has helped this resident before."})
    );

    // Shopping is handed over at the door: Ben (no DBS check) now fits,
    // and being nearest with the skill he comes second to Ann only on
    // availability and language.
    let mut shop = input(&w, "ROUTINE");
    shop["i"]["category"] = json!("SHOPPING");
    let made = app.ok(Some(&w.coord.access), REQUEST, shop).await;
    assert_eq!(made["requestHelp"]["homeVisit"], false);
    let sid = made["requestHelp"]["id"].as_str().unwrap().to_string();
    let list = suggestions(&app, &w, &sid).await;
    assert_eq!(
        names(&list),
        ["Ann Hughes", "Ben Carter", "Gus Hall", "Cat Doyle"]
    );
    assert_eq!(
        reason(&list[1], "VETTING"),
        &json!({"factor": "VETTING", "points": 0, "text": "No current DBS check (not needed: this is not a home visit)."})
    );
    // A home visit can be asked for explicitly.
    let mut visit = input(&w, "ROUTINE");
    visit["i"]["category"] = json!("SHOPPING");
    visit["i"]["homeVisit"] = json!(true);
    let vid = raise(&app, &w.coord, visit).await;
    assert!(!names(&suggestions(&app, &w, &vid).await).contains(&"Ben Carter"));

    // A window across local midnight counts the part on each day: Gus is
    // free late on Monday only.
    app.ok(
        Some(&w.gus.access),
        PROFILE,
        json!({"i": {"availability": [{"day": "MONDAY", "startTime": "22:00", "endTime": "23:59"}],
            "languages": ["cym"]}}),
    )
    .await;
    let mut late = input(&w, "ROUTINE");
    late["i"]["preferredTimes"] = json!([{"startsAt": "2026-11-23T23:00:00Z", "endsAt": "2026-11-24T02:00:00Z"},
               {"startsAt": "2026-11-25T10:00:00Z", "endsAt": "2026-11-25T11:00:00Z"}]);
    let lid = raise(&app, &w.coord, late).await;
    let list = suggestions(&app, &w, &lid).await;
    let gus = list
        .iter()
        .find(|m| m["volunteer"]["displayName"] == "Gus Hall")
        .unwrap();
    assert_eq!(
        reason(gus, "AVAILABILITY"),
        &json!({"factor": "AVAILABILITY", "points": 10, "text": "Usually free at 1 of 2 preferred times."})
    );
    // "cym" is Welsh too.
    assert_eq!(reason(gus, "LANGUAGE")["points"], 10);
    let ann = &list[0];
    assert_eq!(
        reason(ann, "AVAILABILITY")["text"],
        "Not usually free at the preferred times."
    );

    // Without Edna's location, distance cannot rule anyone out and says so.
    {
        use diesel::prelude::*;
        use kith::db::schema::resident_profiles as rp;
        diesel::update(rp::table.find(raw_id(&w.edna)))
            .set((rp::latitude.eq(None::<f64>), rp::longitude.eq(None::<f64>)))
            .execute(&mut *app.conn())
            .unwrap();
    }
    let list = suggestions(&app, &w, &id).await;
    let got = names(&list);
    for name in [
        "Ann Hughes",
        "Dan Evans",
        "Fay Green",
        "Gus Hall",
        "Cat Doyle",
    ] {
        assert!(got.contains(&name), "{name} missing from {got:?}");
    }
    assert!(!got.contains(&"Ben Carter") && !got.contains(&"Eve Fisher"));
    for m in &list {
        assert_eq!(m["distanceKm"], Value::Null);
        assert_eq!(
            reason(m, "DISTANCE"),
            &json!({"factor": "DISTANCE", "points": 0, "text": "Distance unknown: the resident's location is not on file."})
        );
    }
    let _ = (&w.dan, &w.eve, &w.fay);
}

/// Bad inputs are refused with a code and change nothing.
async fn refusals(app: TestApp) {
    let w = world(&app).await;
    let id = raise(&app, &w.coord, input(&w, "ROUTINE")).await;
    let check = |who: Option<String>, vars: Value, code: &'static str| {
        let app = &app;
        async move {
            let before = app.snapshot();
            assert_eq!(
                app.err(who.as_deref(), SUGGEST, vars.clone()).await,
                code,
                "{vars}"
            );
            assert_eq!(app.snapshot(), before);
        }
    };
    check(None, json!({"h": id}), "UNAUTHENTICATED").await;
    check(Some(w.ann.access.clone()), json!({"h": id}), "FORBIDDEN").await;
    check(
        Some(w.coord.access.clone()),
        json!({"h": id, "n": 0}),
        "VALIDATION",
    )
    .await;
    check(
        Some(w.coord.access.clone()),
        json!({"h": id, "n": 51}),
        "VALIDATION",
    )
    .await;
    check(
        Some(w.coord.access.clone()),
        json!({"h": w.group}),
        "NOT_FOUND",
    )
    .await;
    check(
        Some(w.coord.access.clone()),
        json!({"h": "not an id"}),
        "VALIDATION",
    )
    .await;
    // A coordinator of another group sees the open request but not who
    // might take it.
    let other = app.register("other@example.org", "Other Coordinator").await;
    app.create_group(&other, "Hilltop Helpers", "OPEN").await;
    check(Some(other.access.clone()), json!({"h": id}), "FORBIDDEN").await;
    // Once assigned, the request is hidden from outsiders altogether.
    app.ok(
        Some(&w.coord.access),
        ASSIGN,
        json!({"h": id, "v": w.ann.person_id}),
    )
    .await;
    check(Some(other.access.clone()), json!({"h": id}), "NOT_FOUND").await;

    // Bad required skills: nothing is written.
    let too_many: Vec<String> = (0..31).map(|i| format!("skill {i}")).collect();
    for skills in [json!(["   "]), json!(["x".repeat(51)]), json!(too_many)] {
        let mut bad = input(&w, "URGENT");
        bad["i"]["requiredSkills"] = skills.clone();
        let before = app.snapshot();
        let resp = app.gql(Some(&w.coord.access), REQUEST, bad).await;
        assert_eq!(
            resp["errors"][0]["extensions"]["code"], "VALIDATION",
            "{skills}"
        );
        assert_eq!(resp["errors"][0]["extensions"]["field"], "requiredSkills");
        assert_eq!(app.snapshot(), before, "{skills}");
    }
}

/// URGENT requests email the matching volunteers (and only them), carry no
/// personal details, and go to nobody when Edna has withdrawn consent.
async fn urgent_email(app: TestApp) {
    let w = world(&app).await;
    let before = kith::mail::outbox::all(&mut app.conn()).unwrap().len();
    raise(&app, &w.coord, input(&w, "SOON")).await;
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    assert_eq!(mail.len(), before, "only URGENT requests alert volunteers");

    raise(&app, &w.coord, input(&w, "URGENT")).await;
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let mut to: Vec<&str> = mail
        .iter()
        .filter(|m| m.kind == "help_urgent")
        .map(|m| m.to_address.as_str())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["ann@example.org", "cat@example.org", "gus@example.org"]
    );
    for m in mail.iter().filter(|m| m.kind == "help_urgent") {
        for body in [&m.subject, &m.body_text, &m.body_html] {
            for secret in ["Mill Lane", "7946", "Edna", "Morris", "4321"] {
                assert!(!body.contains(secret), "{secret} in {body}");
            }
            assert!(body.contains("Riverside ward"), "{body}");
        }
    }
    let ann = mail
        .iter()
        .find(|m| m.kind == "help_urgent" && m.to_address == "ann@example.org")
        .unwrap();
    assert!(
        ann.body_text.contains("about 0.5 km from you"),
        "{}",
        ann.body_text
    );
    assert!(ann
        .body_text
        .contains("Tuesday 24 November 2026, 10:00 to 12:00"));

    // Withdrawn consent: no alerts at all.
    app.ok(
        Some(&w.coord.access),
        CONSENT,
        json!({"i": {"residentId": w.edna, "purpose": "contact by volunteers", "given": false}}),
    )
    .await;
    let count = kith::mail::outbox::all(&mut app.conn()).unwrap().len();
    raise(&app, &w.coord, input(&w, "URGENT")).await;
    assert_eq!(
        kith::mail::outbox::all(&mut app.conn()).unwrap().len(),
        count
    );
}

/// `helpRequestOpened` pushes new URGENT requests to volunteers who fit,
/// with minimised details only.
async fn urgent_subscription(app: TestApp) {
    let w = world(&app).await;
    let query = "subscription { helpRequestOpened { id urgency area residentFirstName roughDistanceKm address phone notes residentName } }";
    let mut ann = common::subscribe(&app, &w.ann, query).await;
    let mut ben = common::subscribe(&app, &w.ben, query).await;
    let mut dan = common::subscribe(&app, &w.dan, query).await;
    let mut ann_near = common::subscribe(
        &app,
        &w.ann,
        "subscription { helpRequestOpened(near: {latitude: 51.46, longitude: -0.11, radiusKm: 2}, minimumUrgency: SOON) { id urgency roughDistanceKm } }",
    )
    .await;
    let mut ann_far = common::subscribe(
        &app,
        &w.ann,
        "subscription { helpRequestOpened(near: {latitude: 52.46, longitude: -0.11, radiusKm: 2}, minimumUrgency: ROUTINE) { id } }",
    )
    .await;
    let routine = raise(&app, &w.coord, input(&w, "ROUTINE")).await;
    let soon = raise(&app, &w.coord, input(&w, "SOON")).await;
    let urgent = raise(&app, &w.coord, input(&w, "URGENT")).await;

    let got = common::next(&mut ann).await;
    let opened = &got["data"]["helpRequestOpened"];
    assert_eq!(opened["id"], json!(urgent), "{got}");
    assert_eq!(opened["urgency"], "URGENT");
    assert_eq!(opened["area"], "Riverside ward");
    assert_eq!(opened["residentFirstName"], "Edna");
    assert_eq!(opened["roughDistanceKm"], 0.5);
    for field in ["address", "phone", "notes", "residentName"] {
        assert_eq!(opened[field], Value::Null, "{field} pushed");
    }
    let got = common::next(&mut ann_near).await;
    assert_eq!(got["data"]["helpRequestOpened"]["id"], json!(soon));
    assert_eq!(got["data"]["helpRequestOpened"]["roughDistanceKm"], 0.0);
    let got = common::next(&mut ann_near).await;
    assert_eq!(got["data"]["helpRequestOpened"]["id"], json!(urgent));
    // Ben is not vetted for a home visit, Dan is too far, and the far
    // circle holds nobody: none of them hears anything. Nor does Ann hear
    // of the ROUTINE request.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for rx in [&mut ben, &mut dan, &mut ann_far, &mut ann] {
        assert!(rx.try_recv().is_err());
    }
    let _ = routine;
}

/// Two server instances on one PostgreSQL: a request raised through one is
/// pushed to a volunteer subscribed on the other, once. (SQLite is the
/// single-process embedded mode, so this runs on PostgreSQL only.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_cross_instances_on_postgres() {
    let app = TestApp::new(common::Backend::Postgres).await;
    let w = world(&app).await;
    let config = (*app.state.config).clone();
    let db = kith::db::Db::open(&config.database, 4).unwrap();
    let other = kith::state::AppState::new(config, db, kith::state::Clock::fixed(common::epoch()));
    let other_schema = kith::graphql::build_schema(other.clone());
    let query = "subscription { helpRequestOpened { id } }";
    let mut there = common::subscribe_on(&other, &other_schema, &w.ann, query).await;
    let mut here = common::subscribe(&app, &w.ann, query).await;
    let id = raise(&app, &w.coord, input(&w, "URGENT")).await;
    for rx in [&mut there, &mut here] {
        assert_eq!(
            common::next(rx).await["data"]["helpRequestOpened"]["id"],
            json!(id)
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        there.try_recv().is_err() && here.try_recv().is_err(),
        "delivered twice"
    );
}

both_backends!(
    done_when_journey,
    factors_and_edges,
    refusals,
    urgent_email,
    urgent_subscription
);
