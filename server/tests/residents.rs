//! Residents: created by a coordinator without an email and acted for,
//! their profile, emergency contacts in order, append-only consent, who sees
//! what, and the log of sensitive reads.

mod common;

use common::TestApp;
use serde_json::{json, Value};

const CREATE: &str =
    "mutation($i: CreateResidentInput!) { createResident(input: $i) { id displayName email } }";
const CONSENT: &str = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { purpose given recordedBy { displayName } } }";
const CONTACT: &str =
    "mutation($i: EmergencyContactInput!) { addEmergencyContact(input: $i) { id position name } }";
const VIEW: &str = "query($p: ID!) { node(id: $p) { ... on Person { displayName residentProfile { area address phone whatMatters riskEnablement budgetPence budgetIsDirectPayment updatedBy { displayName } } emergencyContacts { position name phone } consents { purpose given } consentHistory { purpose given } } } }";

/// Logged reads in time order; reads made by one response (same time) in
/// field order, since its fields resolve concurrently.
fn sensitive_reads(app: &TestApp) -> Vec<(i64, i64, String, String)> {
    use diesel::prelude::*;
    use kith::db::schema::sensitive_reads as r;
    r::table
        .order((r::at.asc(), r::reader_id.asc(), r::fields.asc()))
        .select((r::reader_id, r::resident_id, r::fields, r::reason))
        .load(&mut *app.conn())
        .unwrap()
}

fn raw_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.into()))
        .unwrap()
        .1
}

async fn coordinator_creates_and_acts_for_a_resident(app: TestApp) {
    let coord = app.register("coord@example.org", "Priya").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let d = app
        .ok(
            Some(&coord.access),
            CREATE,
            json!({"i": {"groupId": group, "displayName": "Edna Morris", "profile": {
                "area": "Riverside ward", "address": "4 Mill Lane", "phone": "020 7946 0000",
                "location": {"latitude": 51.46, "longitude": -0.11},
                "whatMatters": "Seeing my grandchildren; my garden",
                "riskEnablement": "I choose to use the stairs without help.",
                "budgetPence": 120000, "budgetIsDirectPayment": true,
                "contactChannel": "PHONE", "language": "cy"
            }}}),
        )
        .await;
    let edna = d["createResident"]["id"].as_str().unwrap().to_string();
    assert!(d["createResident"]["email"].is_null());
    for (purpose, given) in [
        ("contact by volunteers", true),
        ("Share with NHS", true),
        ("share with  nhs", false),
    ] {
        app.ok(
            Some(&coord.access),
            CONSENT,
            json!({"i": {"residentId": edna, "purpose": purpose, "given": given}}),
        )
        .await;
    }
    for (name, phone) in [
        ("Jo Morris", "07700 900001"),
        ("Sam Morris", "07700 900002"),
        ("Ali Khan", "07700 900003"),
    ] {
        app.ok(
            Some(&coord.access),
            CONTACT,
            json!({"i": {"residentId": edna, "name": name, "phone": phone, "relationship": "family"}}),
        )
        .await;
    }
    let d = app.ok(Some(&coord.access), VIEW, json!({"p": edna})).await;
    let p = &d["node"];
    assert_eq!(p["residentProfile"]["address"], "4 Mill Lane");
    assert_eq!(p["residentProfile"]["budgetPence"], 120000);
    assert_eq!(p["residentProfile"]["budgetIsDirectPayment"], true);
    assert_eq!(p["residentProfile"]["updatedBy"]["displayName"], "Priya");
    // The latest record per purpose is the current state; history keeps all.
    assert_eq!(
        p["consents"],
        json!([{"purpose": "contact by volunteers", "given": true}, {"purpose": "share with nhs", "given": false}])
    );
    assert_eq!(p["consentHistory"].as_array().unwrap().len(), 3);
    let names: Vec<&str> = p["emergencyContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Jo Morris", "Sam Morris", "Ali Khan"]);
    // The coordinator's reads of address and phone are logged.
    let coord_id = raw_id(&coord.person_id);
    let edna_id = raw_id(&edna);
    assert_eq!(
        sensitive_reads(&app),
        vec![
            (
                coord_id,
                edna_id,
                "address".to_string(),
                "managing coordinator".to_string()
            ),
            (
                coord_id,
                edna_id,
                "phone".to_string(),
                "managing coordinator".to_string()
            ),
        ]
    );

    // Removing the second contact moves the third up.
    let d = app
        .ok(
            Some(&coord.access),
            VIEW.replace("consentHistory { purpose given }", "")
                .as_str(),
            json!({"p": edna}),
        )
        .await;
    assert_eq!(d["node"]["emergencyContacts"][1]["name"], "Sam Morris");
    let contacts = app
        .ok(
            Some(&coord.access),
            "query($p: ID!) { node(id: $p) { ... on Person { emergencyContacts { id } } } }",
            json!({"p": edna}),
        )
        .await;
    let second = contacts["node"]["emergencyContacts"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&coord.access),
        "mutation($id: ID!) { removeEmergencyContact(id: $id) { name } }",
        json!({"id": second}),
    )
    .await;
    let d = app
        .ok(
            Some(&coord.access),
            "query($p: ID!) { node(id: $p) { ... on Person { emergencyContacts { position name } } } }",
            json!({"p": edna}),
        )
        .await;
    assert_eq!(
        d["node"]["emergencyContacts"],
        json!([{"position": 1, "name": "Jo Morris"}, {"position": 2, "name": "Ali Khan"}])
    );

    // Everything done for Edna is audited with who did it.
    let audit: Vec<(Option<i64>, String, String)> = {
        use diesel::prelude::*;
        use kith::db::schema::audit_events as a;
        a::table
            .filter(a::subject_type.eq("Person"))
            .filter(a::subject_id.eq(edna_id))
            .order(a::id.asc())
            .select((a::actor_id, a::action, a::detail))
            .load(&mut *app.conn())
            .unwrap()
    };
    assert!(
        audit.iter().all(|(actor, _, _)| *actor == Some(coord_id)),
        "{audit:?}"
    );
    let actions: Vec<&str> = audit.iter().map(|a| a.1.as_str()).collect();
    assert_eq!(
        actions,
        [
            "resident.create",
            "consent.give",
            "consent.give",
            "consent.withdraw",
            "resident.emergency_contact.add",
            "resident.emergency_contact.add",
            "resident.emergency_contact.add",
            "resident.emergency_contact.remove"
        ]
    );
    assert_eq!(audit[3].2, "share with nhs (on behalf)");
}

async fn strangers_see_nothing_and_bad_input_changes_nothing(app: TestApp) {
    let coord = app.register("coord@example.org", "Priya").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let d = app
        .ok(
            Some(&coord.access),
            CREATE,
            json!({"i": {"groupId": group, "displayName": "Edna", "profile": {"address": "4 Mill Lane"}}}),
        )
        .await;
    let edna = d["createResident"]["id"].as_str().unwrap().to_string();
    let stranger = app.register("stranger@example.org", "Stranger").await;
    // Someone outside the group: no profile, contacts or consent, and no log.
    let d = app
        .ok(Some(&stranger.access), VIEW, json!({"p": edna}))
        .await;
    assert!(d["node"].is_null(), "{d}");
    assert!(sensitive_reads(&app).is_empty());
    let before = app.snapshot();
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            CONSENT,
            json!({"i": {"residentId": edna, "purpose": "contact by volunteers", "given": true}}),
            "NOT_FOUND",
        ),
        (
            CONTACT,
            json!({"i": {"residentId": edna, "name": "X", "phone": "0123456"}}),
            "NOT_FOUND",
        ),
        (
            CREATE,
            json!({"i": {"groupId": group, "displayName": "Someone"}}),
            "FORBIDDEN",
        ),
    ];
    for (q, vars, code) in cases {
        assert_eq!(
            app.err(Some(&stranger.access), q, vars.clone()).await,
            code,
            "{vars}"
        );
    }
    let bad: Vec<(&str, Value)> = vec![
        (CREATE, json!({"i": {"groupId": group, "displayName": ""}})),
        (
            CREATE,
            json!({"i": {"groupId": group, "displayName": "X", "email": "not an email"}}),
        ),
        (
            CREATE,
            json!({"i": {"groupId": group, "displayName": "X", "profile": {"phone": "call me"}}}),
        ),
        (
            CREATE,
            json!({"i": {"groupId": group, "displayName": "X", "profile": {"budgetPence": -5}}}),
        ),
        (
            CREATE,
            json!({"i": {"groupId": group, "displayName": "X", "profile": {"location": {"latitude": 200.0, "longitude": 0.0}}}}),
        ),
        (
            CONSENT,
            json!({"i": {"residentId": edna, "purpose": "", "given": true}}),
        ),
        (
            CONTACT,
            json!({"i": {"residentId": edna, "name": "Jo", "phone": "ring"}}),
        ),
        (
            CONTACT,
            json!({"i": {"residentId": edna, "name": "", "phone": "0123456"}}),
        ),
    ];
    for (q, vars) in bad {
        assert_eq!(
            app.err(Some(&coord.access), q, vars.clone()).await,
            "VALIDATION",
            "{vars}"
        );
    }
    assert_eq!(
        app.err(
            None,
            CONSENT,
            json!({"i": {"purpose": "contact by volunteers", "given": true}})
        )
        .await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
}

async fn residents_manage_their_own_records_without_logging(app: TestApp) {
    let me = app.register("edna@example.org", "Edna").await;
    let d = app
        .ok(
            Some(&me.access),
            "mutation($i: ResidentProfileInput!) { updateResidentProfile(input: $i) { area phone updatedBy { displayName } } }",
            json!({"i": {"profile": {"area": "Hillside", "phone": "01632 960000", "doNotContact": true}}}),
        )
        .await;
    assert_eq!(d["updateResidentProfile"]["phone"], "01632 960000");
    assert_eq!(
        d["updateResidentProfile"]["updatedBy"]["displayName"],
        "Edna"
    );
    app.ok(
        Some(&me.access),
        CONSENT,
        json!({"i": {"purpose": "contact by volunteers", "given": false, "note": "Only my daughter, please"}}),
    )
    .await;
    let d = app
        .ok(
            Some(&me.access),
            "{ me { doNotContact consents { purpose given } residentProfile { address phone } } }",
            json!({}),
        )
        .await;
    assert_eq!(d["me"]["doNotContact"], true);
    assert_eq!(
        d["me"]["consents"],
        json!([{"purpose": "contact by volunteers", "given": false}])
    );
    assert!(
        sensitive_reads(&app).is_empty(),
        "a resident reading their own details is not logged"
    );
    let mut conn = app.conn();
    assert_eq!(
        kith::domain::residents::consent_given(
            &mut conn,
            raw_id(&me.person_id),
            "Contact by  volunteers"
        )
        .unwrap(),
        Some(false)
    );
}

both_backends!(
    coordinator_creates_and_acts_for_a_resident,
    strangers_see_nothing_and_bad_input_changes_nothing,
    residents_manage_their_own_records_without_logging,
);
