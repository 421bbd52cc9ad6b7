//! Help requests: the lifecycle and every refused move, bad inputs, who sees
//! the sensitive details (and the log of those reads), consent, concurrent
//! assignment, the open listing's order and pages, and the expiry job.

mod common;

use common::{Session, TestApp};
use serde_json::{json, Value};

const REQUEST: &str = "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id status category urgency description preferredTimes { startsAt endsAt } residentFirstName area } }";
const OFFER: &str = "mutation($h: ID!) { offerHelp(helpRequestId: $h) { id status } }";
const ASSIGN: &str = "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { id status assignedVolunteer { displayName } } }";
const COMPLETE: &str = "mutation($h: ID!, $m: Int!, $n: String) { completeHelpRequest(helpRequestId: $h, minutes: $m, notes: $n) { id status minutes } }";
const CANCEL: &str = "mutation($h: ID!, $r: String!) { cancelHelpRequest(helpRequestId: $h, reason: $r) { id status cancelReason } }";
const FIELDS: &str = "id status residentFirstName area roughDistanceKm address phone notes residentName assignedVolunteer { displayName } minutes";
const CREATE_RESIDENT: &str =
    "mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }";
const CONSENT: &str = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { given } }";

fn node_query() -> String {
    format!("query($id: ID!) {{ node(id: $id) {{ ... on HelpRequest {{ {FIELDS} }} }} }}")
}

fn open_query() -> String {
    format!("query($near: GeoFilter, $c: String, $first: Int, $after: String) {{ openHelpRequests(near: $near, category: $c, first: $first, after: $after) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {FIELDS} description urgency }} }} }} }}")
}

fn raw_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.into()))
        .unwrap()
        .1
}

/// A group run by Priya, with two member volunteers, a volunteer who is not
/// a member, Edna (a resident without an account, with a profile) and Rita
/// (a resident with an account and a profile), both members.
struct World {
    coord: Session,
    group: String,
    v1: Session,
    v2: Session,
    outsider: Session,
    edna: String,
    rita: Session,
}

async fn join(app: &TestApp, who: &Session, group: &str) {
    app.ok(
        Some(&who.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
}

async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let v1 = app.register("v1@example.org", "Tom Evans").await;
    let v2 = app.register("v2@example.org", "Sam Okafor").await;
    let outsider = app.register("out@example.org", "Olu Ade").await;
    join(app, &v1, &group).await;
    join(app, &v2, &group).await;
    let edna = app
        .ok(
            Some(&coord.access),
            CREATE_RESIDENT,
            json!({"i": {"groupId": group, "displayName": "Edna Morris", "profile": {
                "area": "Riverside ward", "address": "4 Mill Lane", "phone": "020 7946 0000",
                "location": {"latitude": 51.46, "longitude": -0.11}}}}),
        )
        .await["createResident"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rita = app.register("rita@example.org", "Rita Jones").await;
    join(app, &rita, &group).await;
    app.ok(
        Some(&rita.access),
        "mutation($i: ResidentProfileInput!) { updateResidentProfile(input: $i) { area } }",
        json!({"i": {"profile": {"area": "Hilltop", "address": "9 High Street", "phone": "020 7946 0999"}}}),
    )
    .await;
    World {
        coord,
        group,
        v1,
        v2,
        outsider,
        edna,
        rita,
    }
}

fn window() -> Value {
    json!([{"startsAt": "2026-11-24T10:00:00Z", "endsAt": "2026-11-24T12:00:00Z"}])
}

fn help_input(w: &World, resident: Option<&str>) -> Value {
    let mut i = json!({
        "groupId": w.group,
        "category": "SHOPPING",
        "description": "Weekly shop from the Co-op",
        "notes": "Key safe code 4321; the dog is friendly",
        "urgency": "SOON",
        "preferredTimes": window(),
    });
    if let Some(r) = resident {
        i["residentId"] = json!(r);
    }
    json!({ "i": i })
}

async fn raise(app: &TestApp, who: &Session, input: Value) -> String {
    app.ok(Some(&who.access), REQUEST, input).await["requestHelp"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn status(app: &TestApp, who: &Session, id: &str) -> Value {
    app.ok(Some(&who.access), &node_query(), json!({"id": id}))
        .await["node"]["status"]
        .clone()
}

/// Audit events about help requests: (actor, action, subject).
fn help_audit(app: &TestApp) -> Vec<(Option<i64>, String, i64)> {
    use diesel::prelude::*;
    use kith::db::schema::audit_events as a;
    a::table
        .filter(a::subject_type.eq("HelpRequest"))
        .order(a::id.asc())
        .select((a::actor_id, a::action, a::subject_id))
        .load(&mut *app.conn())
        .unwrap()
}

fn sensitive_reads(app: &TestApp) -> Vec<(i64, i64, String, String)> {
    use diesel::prelude::*;
    use kith::db::schema::sensitive_reads as r;
    r::table
        .order(r::id.asc())
        .select((r::reader_id, r::resident_id, r::fields, r::reason))
        .load(&mut *app.conn())
        .unwrap()
}

/// Expect a refusal with `code` that changes nothing.
async fn refused(app: &TestApp, who: Option<&Session>, query: &str, vars: Value, code: &str) {
    let before = app.snapshot();
    let got = app
        .err(who.map(|s| s.access.as_str()), query, vars.clone())
        .await;
    assert_eq!(got, code, "{query} {vars}");
    assert_eq!(app.snapshot(), before, "{query} {vars} changed something");
}

async fn lifecycle_and_every_illegal_move(app: TestApp) {
    let w = world(&app).await;
    // A coordinator raises a request for Edna; it is recorded as theirs.
    let d = app
        .ok(
            Some(&w.coord.access),
            REQUEST,
            help_input(&w, Some(&w.edna)),
        )
        .await;
    let r = &d["requestHelp"];
    assert_eq!(r["status"], "OPEN");
    assert_eq!(r["category"], "SHOPPING");
    assert_eq!(r["urgency"], "SOON");
    assert_eq!(r["residentFirstName"], "Edna");
    assert_eq!(r["area"], "Riverside ward");
    assert_eq!(
        r["preferredTimes"][0]["startsAt"],
        "2026-11-24T10:00:00+00:00"
    );
    let id = r["id"].as_str().unwrap().to_string();
    let hid = raw_id(&id);
    {
        use diesel::prelude::*;
        use kith::db::schema::help_requests as h;
        let (resident, by): (i64, i64) = h::table
            .find(hid)
            .select((h::resident_id, h::requested_by))
            .first(&mut *app.conn())
            .unwrap();
        assert_eq!(resident, raw_id(&w.edna));
        assert_eq!(by, raw_id(&w.coord.person_id));
    }
    // Rita asks for herself: not audited (she acts for herself).
    let own = raise(&app, &w.rita, help_input(&w, None)).await;

    // Offers: one each; a repeat is a conflict.
    app.ok(Some(&w.v1.access), OFFER, json!({"h": id})).await;
    refused(&app, Some(&w.v1), OFFER, json!({"h": id}), "CONFLICT").await;
    app.ok(Some(&w.v2.access), OFFER, json!({"h": id})).await;
    refused(&app, Some(&w.rita), OFFER, json!({"h": own}), "VALIDATION").await;
    let offers =
        "query($id: ID!) { node(id: $id) { ... on HelpRequest { offers { displayName } } } }";
    let d = app
        .ok(Some(&w.coord.access), offers, json!({"id": id}))
        .await;
    assert_eq!(
        d["node"]["offers"],
        json!([{"displayName": "Tom Evans"}, {"displayName": "Sam Okafor"}])
    );
    let d = app.ok(Some(&w.v1.access), offers, json!({"id": id})).await;
    assert!(
        d["node"]["offers"].is_null(),
        "only coordinators see offers"
    );

    // Assignment: coordinators only, to an active member of the group.
    refused(
        &app,
        Some(&w.v1),
        ASSIGN,
        json!({"h": id, "v": w.v1.person_id}),
        "FORBIDDEN",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": id, "v": w.outsider.person_id}),
        "VALIDATION",
    )
    .await;
    refused(
        &app,
        Some(&w.v1),
        COMPLETE,
        json!({"h": id, "m": 30}),
        "FORBIDDEN",
    )
    .await;
    assert_eq!(status(&app, &w.coord, &id).await, "OPEN");
    let d = app
        .ok(
            Some(&w.coord.access),
            ASSIGN,
            json!({"h": id, "v": w.v1.person_id}),
        )
        .await;
    assert_eq!(d["assignHelpRequest"]["status"], "ASSIGNED");
    assert_eq!(
        d["assignHelpRequest"]["assignedVolunteer"]["displayName"],
        "Tom Evans"
    );
    // The volunteer is emailed a link, never the details.
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    let assigned: Vec<_> = mail.iter().filter(|m| m.kind == "help_assigned").collect();
    assert_eq!(assigned.len(), 1);
    assert_eq!(assigned[0].to_address, "v1@example.org");
    for body in [
        &assigned[0].body_text,
        &assigned[0].body_html,
        &assigned[0].subject,
    ] {
        for secret in ["Mill Lane", "7946", "4321", "Key safe", "Morris"] {
            assert!(!body.contains(secret), "email leaks {secret}: {body}");
        }
    }
    assert!(assigned[0]
        .body_text
        .contains(&format!("http://kith.test/help/{hid}")));

    // Moves that are not allowed from ASSIGNED.
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": id, "v": w.v2.person_id}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(&app, Some(&w.v2), OFFER, json!({"h": id}), "NOT_FOUND").await;
    refused(
        &app,
        Some(&w.v1),
        OFFER,
        json!({"h": id}),
        "INVALID_TRANSITION",
    )
    .await;
    // An unrelated volunteer no longer sees it at all.
    refused(
        &app,
        Some(&w.v2),
        COMPLETE,
        json!({"h": id, "m": 30}),
        "NOT_FOUND",
    )
    .await;
    refused(
        &app,
        Some(&w.v1),
        CANCEL,
        json!({"h": id, "r": "Busy"}),
        "FORBIDDEN",
    )
    .await;
    for m in [0, 1441, -5] {
        refused(
            &app,
            Some(&w.v1),
            COMPLETE,
            json!({"h": id, "m": m}),
            "VALIDATION",
        )
        .await;
    }
    refused(
        &app,
        Some(&w.v1),
        COMPLETE,
        json!({"h": id, "m": 30, "n": "x".repeat(2001)}),
        "VALIDATION",
    )
    .await;
    let d = app
        .ok(
            Some(&w.v1.access),
            COMPLETE,
            json!({"h": id, "m": 90, "n": "All done"}),
        )
        .await;
    assert_eq!(d["completeHelpRequest"]["status"], "COMPLETED");
    assert_eq!(d["completeHelpRequest"]["minutes"], 90);
    // Nothing moves on from COMPLETED.
    refused(
        &app,
        Some(&w.v1),
        COMPLETE,
        json!({"h": id, "m": 30}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        CANCEL,
        json!({"h": id, "r": "Oops"}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": id, "v": w.v2.person_id}),
        "INVALID_TRANSITION",
    )
    .await;

    // Rita cancels her own; then nothing moves on from CANCELLED.
    refused(
        &app,
        Some(&w.v1),
        CANCEL,
        json!({"h": own, "r": "No"}),
        "FORBIDDEN",
    )
    .await;
    refused(
        &app,
        Some(&w.rita),
        CANCEL,
        json!({"h": own, "r": "  "}),
        "VALIDATION",
    )
    .await;
    let d = app
        .ok(
            Some(&w.rita.access),
            CANCEL,
            json!({"h": own, "r": "My daughter is visiting"}),
        )
        .await;
    assert_eq!(d["cancelHelpRequest"]["status"], "CANCELLED");
    assert_eq!(
        d["cancelHelpRequest"]["cancelReason"],
        "My daughter is visiting"
    );
    refused(
        &app,
        Some(&w.rita),
        CANCEL,
        json!({"h": own, "r": "Again"}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": own, "v": w.v1.person_id}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        COMPLETE,
        json!({"h": own, "m": 10}),
        "INVALID_TRANSITION",
    )
    .await;
    // A coordinator cancels an assigned request.
    let third = raise(&app, &w.coord, help_input(&w, Some(&w.edna))).await;
    app.ok(
        Some(&w.coord.access),
        ASSIGN,
        json!({"h": third, "v": w.v2.person_id}),
    )
    .await;
    let d = app
        .ok(
            Some(&w.coord.access),
            CANCEL,
            json!({"h": third, "r": "Family stepped in"}),
        )
        .await;
    assert_eq!(d["cancelHelpRequest"]["status"], "CANCELLED");

    // Everything done by someone other than the resident is audited.
    let coord = Some(raw_id(&w.coord.person_id));
    let (v1, v2) = (Some(raw_id(&w.v1.person_id)), Some(raw_id(&w.v2.person_id)));
    let third = raw_id(&third);
    assert_eq!(
        help_audit(&app),
        vec![
            (coord, "help.request".into(), hid),
            (v1, "help.offer".into(), hid),
            (v2, "help.offer".into(), hid),
            (coord, "help.assign".into(), hid),
            (v1, "help.complete".into(), hid),
            (coord, "help.request".into(), third),
            (coord, "help.assign".into(), third),
            (coord, "help.cancel".into(), third),
        ]
    );

    // Rita sees her own requests, newest first.
    let d = app
        .ok(
            Some(&w.rita.access),
            "{ myHelpRequests { totalCount edges { node { id status } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["myHelpRequests"]["totalCount"], 1);
    assert_eq!(
        d["myHelpRequests"]["edges"][0]["node"]["status"],
        "CANCELLED"
    );
}

async fn bad_inputs_change_nothing(app: TestApp) {
    let w = world(&app).await;
    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = help_input(&w, None);
        f(&mut v["i"]);
        v
    };
    refused(&app, None, REQUEST, with(&|_| {}), "UNAUTHENTICATED").await;
    let cases: Vec<(Value, &str)> = vec![
        (with(&|i| i["description"] = json!("ab")), "VALIDATION"),
        (
            with(&|i| i["description"] = json!("x".repeat(501))),
            "VALIDATION",
        ),
        (
            with(&|i| i["notes"] = json!("x".repeat(2001))),
            "VALIDATION",
        ),
        (with(&|i| i["preferredTimes"] = json!([])), "VALIDATION"),
        (
            with(&|i| {
                i["preferredTimes"] = json!((0..11)
                    .map(|d| json!({"startsAt": format!("2026-12-{:02}T10:00:00Z", d + 1), "endsAt": format!("2026-12-{:02}T11:00:00Z", d + 1)}))
                    .collect::<Vec<_>>())
            }),
            "VALIDATION",
        ),
        (
            with(&|i| {
                i["preferredTimes"] =
                    json!([{"startsAt": "2026-11-24T12:00:00Z", "endsAt": "2026-11-24T12:00:00Z"}])
            }),
            "VALIDATION",
        ),
        (
            with(&|i| {
                i["preferredTimes"] =
                    json!([{"startsAt": "2026-11-24T08:00:00Z", "endsAt": "2026-11-24T20:30:00Z"}])
            }),
            "VALIDATION",
        ),
        (
            with(&|i| {
                i["preferredTimes"] =
                    json!([{"startsAt": "2026-11-22T10:00:00Z", "endsAt": "2026-11-23T08:00:00Z"}])
            }),
            "VALIDATION",
        ),
        (with(&|i| i["category"] = json!("GARDENING")), "VALIDATION"),
        (with(&|i| i["groupId"] = json!("not an id")), "VALIDATION"),
        (
            with(&|i| i["groupId"] = json!(kith::graphql::ids::encode("Group", 999).0)),
            "NOT_FOUND",
        ),
        // Someone Rita cannot act for does not exist as far as she knows.
        (with(&|i| i["residentId"] = json!(w.edna)), "NOT_FOUND"),
    ];
    for (input, code) in cases {
        refused(&app, Some(&w.rita), REQUEST, input, code).await;
    }
    // A volunteer cannot raise a request for Edna either.
    refused(
        &app,
        Some(&w.v1),
        REQUEST,
        help_input(&w, Some(&w.edna)),
        "NOT_FOUND",
    )
    .await;
    // The resident must belong to the group (or the caller coordinate it).
    let other = app
        .create_group(&w.outsider, "Hilltop Helpers", "OPEN")
        .await;
    let mut input = help_input(&w, None);
    input["i"]["groupId"] = json!(other);
    refused(&app, Some(&w.rita), REQUEST, input, "FORBIDDEN").await;

    // Listing arguments.
    let q = open_query();
    refused(&app, None, &q, json!({}), "UNAUTHENTICATED").await;
    refused(
        &app,
        Some(&w.v1),
        &q,
        json!({"c": "GARDENING"}),
        "VALIDATION",
    )
    .await;
    refused(
        &app,
        Some(&w.v1),
        &q,
        json!({"near": {"latitude": 51.5, "longitude": -0.1, "radiusKm": 0}}),
        "VALIDATION",
    )
    .await;
    refused(&app, Some(&w.v1), &q, json!({"after": "!!"}), "VALIDATION").await;
    // Ids of the wrong kind are not found.
    refused(&app, Some(&w.v1), OFFER, json!({"h": w.group}), "NOT_FOUND").await;
    assert_eq!(app.count("help_requests"), 0);
}

async fn only_those_who_need_them_see_the_details(app: TestApp) {
    let w = world(&app).await;
    let admin = app.admin("admin@example.org").await;
    let edna_req = raise(&app, &w.coord, help_input(&w, Some(&w.edna))).await;
    let rita_req = raise(&app, &w.rita, help_input(&w, None)).await;
    let (edna, rita) = (raw_id(&w.edna), raw_id(&w.rita.person_id));
    let sensitive = ["address", "phone", "notes", "residentName"];
    let all_null = |n: &Value| sensitive.iter().all(|f| n[*f].is_null());

    // Volunteers who are not assigned (members or not) see minimised
    // details only, in the listing and through node(id), and nothing is
    // logged.
    for who in [&w.v1, &w.v2, &w.outsider] {
        let d = app.ok(Some(&who.access), &open_query(), json!({})).await;
        let edges = d["openHelpRequests"]["edges"].as_array().unwrap().clone();
        assert_eq!(edges.len(), 2);
        for e in &edges {
            let n = &e["node"];
            assert!(all_null(n), "{n}");
            assert!(n["roughDistanceKm"].is_null());
            assert!(n["assignedVolunteer"].is_null());
        }
        let names: Vec<_> = edges
            .iter()
            .map(|e| {
                (
                    e["node"]["residentFirstName"].clone(),
                    e["node"]["area"].clone(),
                )
            })
            .collect();
        assert_eq!(
            names,
            vec![
                (json!("Edna"), json!("Riverside ward")),
                (json!("Rita"), json!("Hilltop"))
            ]
        );
        for id in [&edna_req, &rita_req] {
            let n = app
                .ok(Some(&who.access), &node_query(), json!({"id": id}))
                .await;
            assert_eq!(n["node"]["status"], "OPEN");
            assert!(all_null(&n["node"]), "{n}");
        }
    }
    // Near a point: only residents with a stored position, roughly placed.
    let near = json!({"near": {"latitude": 51.47, "longitude": -0.11, "radiusKm": 5}});
    let d = app.ok(Some(&w.v1.access), &open_query(), near).await;
    assert_eq!(d["openHelpRequests"]["totalCount"], 1);
    let n = &d["openHelpRequests"]["edges"][0]["node"];
    assert_eq!(n["residentFirstName"], "Edna");
    assert_eq!(n["roughDistanceKm"], 1.0);
    assert!(all_null(n));
    let far = json!({"near": {"latitude": 53.48, "longitude": -2.24, "radiusKm": 5}});
    let d = app.ok(Some(&w.v1.access), &open_query(), far).await;
    assert_eq!(d["openHelpRequests"]["totalCount"], 0);
    assert!(sensitive_reads(&app).is_empty());

    // Rita reads her own: everything, and nothing is logged.
    let d = app
        .ok(
            Some(&w.rita.access),
            &format!("{{ myHelpRequests {{ edges {{ node {{ {FIELDS} }} }} }} }}"),
            json!({}),
        )
        .await;
    let n = &d["myHelpRequests"]["edges"][0]["node"];
    assert_eq!(n["address"], "9 High Street");
    assert_eq!(n["phone"], "020 7946 0999");
    assert_eq!(n["notes"], "Key safe code 4321; the dog is friendly");
    assert_eq!(n["residentName"], "Rita Jones");
    assert!(sensitive_reads(&app).is_empty());

    // The coordinator assigns Tom and sees the details in the answer: one
    // logged read, however many of the fields were asked for.
    let d = app
        .ok(
            Some(&w.coord.access),
            "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { address phone notes residentName } }",
            json!({"h": edna_req, "v": w.v1.person_id}),
        )
        .await;
    assert_eq!(d["assignHelpRequest"]["address"], "4 Mill Lane");
    assert_eq!(d["assignHelpRequest"]["residentName"], "Edna Morris");
    let (coord, v1) = (raw_id(&w.coord.person_id), raw_id(&w.v1.person_id));
    let f = || "address,phone,notes".to_string();
    let mut expected = vec![(coord, edna, f(), "group coordinator".to_string())];
    assert_eq!(sensitive_reads(&app), expected);

    // Tom, now assigned, sees them; one logged read per response.
    let d = app
        .ok(Some(&w.v1.access), &node_query(), json!({"id": edna_req}))
        .await;
    let n = &d["node"];
    assert_eq!(n["address"], "4 Mill Lane");
    assert_eq!(n["phone"], "020 7946 0000");
    assert_eq!(n["notes"], "Key safe code 4321; the dog is friendly");
    assert_eq!(n["residentName"], "Edna Morris");
    assert_eq!(n["assignedVolunteer"]["displayName"], "Tom Evans");
    expected.push((v1, edna, f(), "assigned volunteer".into()));
    assert_eq!(sensitive_reads(&app), expected);
    // Asking only for the minimised fields logs nothing.
    app.ok(
        Some(&w.v1.access),
        "query($id: ID!) { node(id: $id) { ... on HelpRequest { status residentFirstName } } }",
        json!({"id": edna_req}),
    )
    .await;
    assert_eq!(sensitive_reads(&app), expected);

    // Sam (a member, not assigned) no longer sees the request at all; Rita's
    // open one still shows him nulls.
    let d = app
        .ok(Some(&w.v2.access), &node_query(), json!({"id": edna_req}))
        .await;
    assert!(d["node"].is_null());
    let d = app.ok(Some(&w.v2.access), &open_query(), json!({})).await;
    assert_eq!(d["openHelpRequests"]["totalCount"], 1);
    assert!(all_null(&d["openHelpRequests"]["edges"][0]["node"]));

    // The coordinator lists open requests with details: Rita's read logged.
    let d = app
        .ok(Some(&w.coord.access), &open_query(), json!({}))
        .await;
    assert_eq!(
        d["openHelpRequests"]["edges"][0]["node"]["address"],
        "9 High Street"
    );
    expected.push((coord, rita, f(), "group coordinator".into()));
    assert_eq!(sensitive_reads(&app), expected);

    // An admin who is not in the group.
    let d = app
        .ok(Some(&admin.access), &node_query(), json!({"id": rita_req}))
        .await;
    assert_eq!(d["node"]["phone"], "020 7946 0999");
    expected.push((raw_id(&admin.person_id), rita, f(), "admin".into()));
    assert_eq!(sensitive_reads(&app), expected);

    // Anonymous callers see nothing.
    let d = app.ok(None, &node_query(), json!({"id": rita_req})).await;
    assert!(d["node"].is_null());

    // Once completed, the volunteer no longer sees the details.
    app.ok(
        Some(&w.v1.access),
        COMPLETE,
        json!({"h": edna_req, "m": 45}),
    )
    .await;
    let d = app
        .ok(Some(&w.v1.access), &node_query(), json!({"id": edna_req}))
        .await;
    assert_eq!(d["node"]["status"], "COMPLETED");
    assert_eq!(d["node"]["minutes"], 45);
    assert!(all_null(&d["node"]));
    assert_eq!(sensitive_reads(&app), expected);
}

async fn consent_and_do_not_contact(app: TestApp) {
    let w = world(&app).await;
    let id = raise(&app, &w.coord, help_input(&w, Some(&w.edna))).await;
    // Withdrawn consent to contact by volunteers.
    for given in [true, false] {
        app.ok(
            Some(&w.coord.access),
            CONSENT,
            json!({"i": {"residentId": w.edna, "purpose": "contact by volunteers", "given": given}}),
        )
        .await;
    }
    let assign = json!({"h": id, "v": w.v1.person_id});
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        assign.clone(),
        "CONSENT_REQUIRED",
    )
    .await;
    assert_eq!(status(&app, &w.coord, &id).await, "OPEN");
    app.ok(
        Some(&w.coord.access),
        CONSENT,
        json!({"i": {"residentId": w.edna, "purpose": "contact by volunteers", "given": true}}),
    )
    .await;
    let d = app.ok(Some(&w.coord.access), ASSIGN, assign).await;
    assert_eq!(d["assignHelpRequest"]["status"], "ASSIGNED");

    // A resident who asked not to be contacted.
    let bob = app
        .ok(
            Some(&w.coord.access),
            CREATE_RESIDENT,
            json!({"i": {"groupId": w.group, "displayName": "Bob Hart", "profile": {"doNotContact": true}}}),
        )
        .await["createResident"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let id = raise(&app, &w.coord, help_input(&w, Some(&bob))).await;
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": id, "v": w.v1.person_id}),
        "CONSENT_REQUIRED",
    )
    .await;
    assert_eq!(status(&app, &w.coord, &id).await, "OPEN");
}

async fn two_coordinators_assigning_at_once(app: TestApp) {
    let w = world(&app).await;
    let admin = app.admin("admin@example.org").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(raise(&app, &w.coord, help_input(&w, Some(&w.edna))).await);
    }
    let app = std::sync::Arc::new(app);
    for id in &ids {
        let mut handles = Vec::new();
        for (who, vol) in [(&w.coord, &w.v1), (&admin, &w.v2)] {
            let app = app.clone();
            let (token, vars) = (who.access.clone(), json!({"h": id, "v": vol.person_id}));
            handles.push(tokio::spawn(async move {
                let resp = app.gql(Some(&token), ASSIGN, vars).await;
                common::error_code(&resp).unwrap_or_else(|| "ASSIGNED".into())
            }));
        }
        let mut outcomes = Vec::new();
        for h in handles {
            outcomes.push(h.await.unwrap());
        }
        outcomes.sort();
        assert_eq!(outcomes, ["ASSIGNED", "INVALID_TRANSITION"]);
    }
    let mail = kith::mail::outbox::all(&mut app.conn()).unwrap();
    assert_eq!(mail.iter().filter(|m| m.kind == "help_assigned").count(), 4);
}

async fn open_listing_order_and_pages(app: TestApp) {
    let w = world(&app).await;
    let mut made = Vec::new();
    for (urgency, category) in [
        ("ROUTINE", "SHOPPING"),
        ("URGENT", "TRANSPORT"),
        ("SOON", "SHOPPING"),
        ("URGENT", "SHOPPING"),
        ("ROUTINE", "BEFRIENDING"),
    ] {
        let mut input = help_input(&w, None);
        input["i"]["urgency"] = json!(urgency);
        input["i"]["category"] = json!(category);
        made.push(raise(&app, &w.rita, input).await);
        app.state.clock.advance(chrono::Duration::minutes(1));
    }
    // URGENT first, then SOON, then ROUTINE; oldest first within each.
    let expected = [&made[1], &made[3], &made[2], &made[0], &made[4]];
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let d = app
            .ok(
                Some(&w.v1.access),
                &open_query(),
                json!({"first": 2, "after": after}),
            )
            .await;
        let c = &d["openHelpRequests"];
        assert_eq!(c["totalCount"], 5);
        for e in c["edges"].as_array().unwrap() {
            seen.push(e["node"]["id"].as_str().unwrap().to_string());
        }
        if c["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = c["pageInfo"]["endCursor"].as_str().map(str::to_string);
    }
    assert_eq!(seen.iter().collect::<Vec<_>>(), expected);
    let d = app
        .ok(Some(&w.v1.access), &open_query(), json!({"c": "shopping"}))
        .await;
    let ids: Vec<_> = d["openHelpRequests"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, [made[3].clone(), made[2].clone(), made[0].clone()]);
    // Rita's own list: newest first, in pages.
    let d = app
        .ok(
            Some(&w.rita.access),
            "{ myHelpRequests(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["myHelpRequests"]["totalCount"], 5);
    assert_eq!(
        d["myHelpRequests"]["edges"][0]["node"]["id"],
        json!(made[4])
    );
    let cursor = d["myHelpRequests"]["pageInfo"]["endCursor"].clone();
    let d = app
        .ok(
            Some(&w.rita.access),
            "query($a: String) { myHelpRequests(first: 2, after: $a) { edges { node { id } } } }",
            json!({"a": cursor}),
        )
        .await;
    assert_eq!(
        d["myHelpRequests"]["edges"][0]["node"]["id"],
        json!(made[2])
    );
}

async fn expiry_job(app: TestApp) {
    use kith::jobs::{self, JobContext};
    use kith::mail::Transport;
    let w = world(&app).await;
    let soon = raise(&app, &w.rita, help_input(&w, None)).await;
    let mut later = help_input(&w, None);
    later["i"]["preferredTimes"] = json!([
        {"startsAt": "2026-11-24T10:00:00Z", "endsAt": "2026-11-24T12:00:00Z"},
        {"startsAt": "2026-11-26T10:00:00Z", "endsAt": "2026-11-26T12:00:00Z"}
    ]);
    let later = raise(&app, &w.rita, later).await;
    let taken = raise(&app, &w.rita, help_input(&w, None)).await;
    app.ok(
        Some(&w.coord.access),
        ASSIGN,
        json!({"h": taken, "v": w.v1.person_id}),
    )
    .await;
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    let now = app.state.clock.now();
    assert_eq!(
        jobs::expire_help_requests(&ctx, now).await.unwrap(),
        Some(0)
    );
    // After the first window: only the open request whose last window ended.
    let after = chrono::DateTime::parse_from_rfc3339("2026-11-24T13:05:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    assert_eq!(
        jobs::expire_help_requests(&ctx, after).await.unwrap(),
        Some(1)
    );
    let before = app.snapshot();
    assert_eq!(jobs::expire_help_requests(&ctx, after).await.unwrap(), None);
    let next_hour = after + chrono::Duration::hours(1);
    assert_eq!(
        jobs::expire_help_requests(&ctx, next_hour).await.unwrap(),
        Some(0)
    );
    assert_eq!(app.snapshot(), before);
    assert_eq!(status(&app, &w.rita, &soon).await, "EXPIRED");
    assert_eq!(status(&app, &w.rita, &later).await, "OPEN");
    assert_eq!(status(&app, &w.rita, &taken).await, "ASSIGNED");
    // Expired requests are not listed and cannot move on.
    let d = app.ok(Some(&w.v2.access), &open_query(), json!({})).await;
    assert_eq!(d["openHelpRequests"]["totalCount"], 1);
    refused(
        &app,
        Some(&w.rita),
        CANCEL,
        json!({"h": soon, "r": "Late"}),
        "INVALID_TRANSITION",
    )
    .await;
    refused(
        &app,
        Some(&w.coord),
        ASSIGN,
        json!({"h": soon, "v": w.v1.person_id}),
        "INVALID_TRANSITION",
    )
    .await;
}

both_backends!(
    lifecycle_and_every_illegal_move,
    bad_inputs_change_nothing,
    only_those_who_need_them_see_the_details,
    consent_and_do_not_contact,
    two_coordinators_assigning_at_once,
    open_listing_order_and_pages,
    expiry_job,
);
