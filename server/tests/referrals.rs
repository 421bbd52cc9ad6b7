//! Referrals to statutory partners: consent or lawful basis, the partner's
//! queue and status moves, the timeline, who may see what, emails without
//! personal details, acknowledgement reminders and redirects.

mod common;

use chrono::Duration;
use common::{epoch, Session, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};

const CREATE: &str =
    "mutation($i: CreateReferralInput!) { createReferral(input: $i) { id status acknowledgeBy } }";
const MOVE: &str = "mutation($r: ID!, $s: ReferralStatus!, $n: String, $to: ID) { updateReferralStatus(referralId: $r, status: $s, note: $n, redirectToPartnerId: $to) { id status outcome redirectedFromId } }";
const TIMELINE: &str = "query($id: ID!) { referral(id: $id) { status outcome details timeline { actor { displayName } fromStatus toStatus note } } }";

struct World {
    coord: Session,
    group: String,
    rita: Session,
    volunteer: Session,
    other_coord: Session,
    admin: Session,
    council: String,
    staff: Session,
    nhs: String,
    nhs_staff: Session,
}

async fn join(app: &TestApp, who: &Session, group: &str) -> String {
    app.ok(
        Some(&who.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await["joinGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn partner(app: &TestApp, admin: &Session, name: &str, kind: &str, inbox: &str) -> String {
    let g = app
        .ok(
            Some(&admin.access),
            "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
            json!({"i": {"name": name, "kind": kind, "joinPolicy": "OPEN", "area": "Riverside"}}),
        )
        .await["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&admin.access),
        "mutation($g: ID!, $i: PartnerProfileInput!) { updatePartnerProfile(groupId: $g, input: $i) { id } }",
        json!({"g": g, "i": {"referralEmail": inbox, "acknowledgeWithinWorkingDays": 2}}),
    )
    .await;
    g
}

async fn staff_of(app: &TestApp, admin: &Session, group: &str, email: &str, name: &str) -> Session {
    let s = app.register(email, name).await;
    let m = join(app, &s, group).await;
    app.ok(
        Some(&admin.access),
        "mutation($m: ID!) { setMemberRole(membershipId: $m, role: PARTNER_STAFF) { role } }",
        json!({"m": m}),
    )
    .await;
    s
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin("admin@example.org").await;
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let rita = app.register("rita@example.org", "Rita Jones").await;
    let volunteer = app.register("tom@example.org", "Tom Evans").await;
    join(app, &rita, &group).await;
    join(app, &volunteer, &group).await;
    let other_coord = app.register("olu@example.org", "Olu Ade").await;
    app.create_group(&other_coord, "Hillside Helpers", "OPEN")
        .await;
    let council = partner(
        app,
        &admin,
        "Riverside Council Adult Social Care",
        "COUNCIL_ADULT_SOCIAL_CARE",
        "referrals@council.example.org",
    )
    .await;
    let staff = staff_of(
        app,
        &admin,
        &council,
        "sam@council.example.org",
        "Sam Social Worker",
    )
    .await;
    let nhs = partner(
        app,
        &admin,
        "Riverside Health Centre",
        "NHS",
        "referrals@nhs.example.org",
    )
    .await;
    let nhs_staff = staff_of(app, &admin, &nhs, "nia@nhs.example.org", "Nia Nurse").await;
    World {
        coord,
        group,
        rita,
        volunteer,
        other_coord,
        admin,
        council,
        staff,
        nhs,
        nhs_staff,
    }
}

async fn consent(app: &TestApp, rita: &Session, purpose: &str, given: bool) -> String {
    app.ok(
        Some(&rita.access),
        "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }",
        json!({"i": {"purpose": purpose, "given": given}}),
    )
    .await["recordConsent"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn referral_input(w: &World, extra: Value) -> Value {
    let mut i = json!({
        "residentId": w.rita.person_id,
        "partnerGroupId": w.council,
        "referringGroupId": w.group,
        "reason": "CARE_ASSESSMENT",
        "details": "Rita has had two falls this month and is struggling with stairs.",
        "urgency": "SOON",
    });
    for (k, v) in extra.as_object().unwrap() {
        i[k] = v.clone();
    }
    json!({ "i": i })
}

fn mails(app: &TestApp, kind: &str) -> Vec<kith::mail::outbox::OutboxRow> {
    kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .collect()
}

/// The issue's "done when": a coordinator refers a consenting resident to
/// the council; the partner acknowledges, accepts and closes it; the
/// referrer and the resident see the timeline; without consent or lawful
/// basis nothing is written; a volunteer and another group's coordinator
/// are refused every field; the audit trail has every look.
async fn closed_loop(app: TestApp) {
    let w = world(&app).await;

    // No consent and no lawful basis: refused, nothing written.
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&w.coord.access), CREATE, referral_input(&w, json!({})))
            .await,
        "CONSENT_REQUIRED"
    );
    // Consent for another purpose, or withdrawn since, does not count.
    assert_eq!(app.snapshot(), before);
    let nhs_consent = consent(&app, &w.rita, "share with nhs", true).await;
    let withdrawn = consent(&app, &w.rita, "Share with council adult social care", true).await;
    consent(&app, &w.rita, "share with council adult social care", false).await;
    let before = app.snapshot();
    for id in [&nhs_consent, &withdrawn] {
        assert_eq!(
            app.err(
                Some(&w.coord.access),
                CREATE,
                referral_input(&w, json!({"consentId": id}))
            )
            .await,
            "CONSENT_REQUIRED"
        );
    }
    // A lawful basis needs its reasoning.
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            CREATE,
            referral_input(
                &w,
                json!({"lawfulBasis": "VITAL_INTERESTS", "lawfulBasisReasoning": "risk"})
            )
        )
        .await,
        "VALIDATION"
    );
    // Bad input and the wrong people.
    for (who, input, code) in [
        (
            &w.coord,
            referral_input(&w, json!({"details": "short"})),
            "VALIDATION",
        ),
        (
            &w.coord,
            referral_input(&w, json!({"partnerGroupId": w.group})),
            "VALIDATION",
        ),
        (
            &w.coord,
            referral_input(&w, json!({"partnerGroupId": "not-an-id"})),
            "VALIDATION",
        ),
        (
            &w.volunteer,
            referral_input(&w, json!({"consentId": withdrawn})),
            "FORBIDDEN",
        ),
        (
            &w.other_coord,
            referral_input(
                &w,
                json!({"consentId": withdrawn, "referringGroupId": null}),
            ),
            "FORBIDDEN",
        ),
    ] {
        assert_eq!(
            app.err(Some(&who.access), CREATE, input.clone()).await,
            code,
            "{input}"
        );
    }
    assert_eq!(app.snapshot(), before);

    // With current consent: sent, and the council's inbox is told, without
    // personal details.
    let current = consent(&app, &w.rita, "share with council adult social care", true).await;
    let made = app
        .ok(
            Some(&w.coord.access),
            CREATE,
            referral_input(&w, json!({"consentId": current})),
        )
        .await["createReferral"]
        .clone();
    assert_eq!(made["status"], "SENT");
    // 2026-11-23 is a Monday: two working days ends Wednesday night.
    assert_eq!(made["acknowledgeBy"], "2026-11-26T00:00:00+00:00");
    let id = made["id"].as_str().unwrap().to_string();
    let inbox = mails(&app, "referral_new");
    assert_eq!(inbox.len(), 1);
    assert_eq!(inbox[0].to_address, "referrals@council.example.org");
    for body in [&inbox[0].subject, &inbox[0].body_text, &inbox[0].body_html] {
        assert!(!body.contains("Rita"), "{body}");
        assert!(!body.contains("falls"), "{body}");
    }
    assert!(inbox[0].body_text.contains("Wednesday 25 November 2026"));

    // The referrer cannot move it for the partner; the partner's queue has it.
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            MOVE,
            json!({"r": id, "s": "ACKNOWLEDGED"})
        )
        .await,
        "FORBIDDEN"
    );
    let queue = app
        .ok(
            Some(&w.staff.access),
            "query($p: ID!) { referrals(partnerGroupId: $p, status: SENT) { totalCount edges { node { id reason urgency resident { displayName } } } } }",
            json!({"p": w.council}),
        )
        .await["referrals"]
        .clone();
    assert_eq!(queue["totalCount"], 1);
    assert_eq!(queue["edges"][0]["node"]["id"], json!(id));
    assert_eq!(queue["edges"][0]["node"]["urgency"], "SOON");
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            "query($p: ID!) { referrals(partnerGroupId: $p) { totalCount } }",
            json!({"p": w.council})
        )
        .await,
        "FORBIDDEN"
    );

    // The partner works it: acknowledge, accept, start, close (outcome
    // required); a skipped step is an invalid transition.
    app.ok(
        Some(&w.staff.access),
        MOVE,
        json!({"r": id, "s": "ACKNOWLEDGED"}),
    )
    .await;
    let before = app.snapshot();
    for (s, code) in [
        ("CLOSED", "INVALID_TRANSITION"),
        ("SENT", "INVALID_TRANSITION"),
        ("DECLINED", "VALIDATION"),
    ] {
        assert_eq!(
            app.err(Some(&w.staff.access), MOVE, json!({"r": id, "s": s}))
                .await,
            code,
            "{s}"
        );
    }
    assert_eq!(app.snapshot(), before);
    app.ok(
        Some(&w.staff.access),
        MOVE,
        json!({"r": id, "s": "ACCEPTED", "n": "Assessment booked"}),
    )
    .await;
    app.ok(
        Some(&w.staff.access),
        MOVE,
        json!({"r": id, "s": "IN_PROGRESS"}),
    )
    .await;
    assert_eq!(
        app.err(Some(&w.staff.access), MOVE, json!({"r": id, "s": "CLOSED"}))
            .await,
        "VALIDATION"
    );
    let closed = app
        .ok(
            Some(&w.staff.access),
            MOVE,
            json!({"r": id, "s": "CLOSED", "n": "Stairlift fitted; care package of two visits a week."}),
        )
        .await["updateReferralStatus"]
        .clone();
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(
        closed["outcome"],
        "Stairlift fitted; care package of two visits a week."
    );
    assert_eq!(
        app.err(
            Some(&w.staff.access),
            MOVE,
            json!({"r": id, "s": "IN_PROGRESS"})
        )
        .await,
        "INVALID_TRANSITION"
    );

    // The referrer and the resident see the same timeline.
    for who in [&w.coord, &w.rita, &w.staff, &w.admin] {
        let r = app.ok(Some(&who.access), TIMELINE, json!({"id": id})).await["referral"].clone();
        let moves: Vec<(Value, Value, Value)> = r["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["actor"]["displayName"].clone(),
                    e["fromStatus"].clone(),
                    e["toStatus"].clone(),
                )
            })
            .collect();
        assert_eq!(
            moves,
            vec![
                (json!("Priya Shah"), Value::Null, json!("SENT")),
                (
                    json!("Sam Social Worker"),
                    json!("SENT"),
                    json!("ACKNOWLEDGED")
                ),
                (
                    json!("Sam Social Worker"),
                    json!("ACKNOWLEDGED"),
                    json!("ACCEPTED")
                ),
                (
                    json!("Sam Social Worker"),
                    json!("ACCEPTED"),
                    json!("IN_PROGRESS")
                ),
                (
                    json!("Sam Social Worker"),
                    json!("IN_PROGRESS"),
                    json!("CLOSED")
                ),
            ]
        );
        assert_eq!(r["timeline"][2]["note"], "Assessment booked");
    }
    // The referrer was told of each of the partner's moves, by email.
    let told = mails(&app, "referral_updated");
    assert_eq!(told.len(), 4);
    assert!(told.iter().all(|m| m.to_address == "coord@example.org"));

    // A volunteer of the group and another group's coordinator: no field.
    let fields = [
        "id",
        "resident { id }",
        "partner { id }",
        "referringGroup { id }",
        "referrer { id }",
        "checkInId",
        "redirectedFromId",
        "reason",
        "details",
        "urgency",
        "consentId",
        "lawfulBasis",
        "lawfulBasisReasoning",
        "status",
        "outcome",
        "sentAt",
        "acknowledgeBy",
        "acknowledgedAt",
        "acknowledgementOverdue",
        "createdAt",
        "timeline { note }",
    ];
    let reads_before = app.count("audit_events");
    for who in [&w.volunteer, &w.other_coord, &w.nhs_staff] {
        for f in fields {
            let q = format!("query($id: ID!) {{ referral(id: $id) {{ {f} }} }}");
            assert_eq!(
                app.err(Some(&who.access), &q, json!({"id": id})).await,
                "FORBIDDEN",
                "{f}"
            );
        }
        let node = app
            .ok(
                Some(&who.access),
                "query($id: ID!) { node(id: $id) { id } }",
                json!({"id": id}),
            )
            .await;
        assert_eq!(node["node"], Value::Null);
        let mine = app
            .ok(Some(&who.access), "{ referrals { totalCount } }", json!({}))
            .await;
        assert_eq!(mine["referrals"]["totalCount"], 0);
        assert_eq!(
            app.err(
                Some(&who.access),
                MOVE,
                json!({"r": id, "s": "IN_PROGRESS"})
            )
            .await,
            "FORBIDDEN"
        );
    }
    assert_eq!(
        app.count("audit_events"),
        reads_before,
        "refusals are not reads"
    );
    assert_eq!(
        app.err(None, TIMELINE, json!({"id": id})).await,
        "UNAUTHENTICATED"
    );

    // Every look and change is on the audit trail, about Rita.
    use kith::db::schema::audit_events as a;
    let rita_id = id_of(&w.rita.person_id);
    let referral_id = id_of(&id);
    let rows: Vec<(Option<i64>, String)> = a::table
        .filter(a::subject_type.eq("Referral"))
        .filter(a::subject_id.eq(referral_id))
        .filter(a::person_id.eq(rita_id))
        .order(a::id.asc())
        .select((a::actor_id, a::action))
        .load(&mut *app.conn())
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(_, x)| x.as_str()).collect();
    assert_eq!(actions.iter().filter(|x| **x == "CREATE").count(), 1);
    assert_eq!(actions.iter().filter(|x| **x == "UPDATE").count(), 4);
    // Reads: the partner's queue and the four timelines. (A mutation's
    // answer is covered by its own CREATE or UPDATE.)
    assert_eq!(actions.iter().filter(|x| **x == "READ").count(), 1 + 4);

    // The admin's audit trail for Rita lists every look at the referral,
    // with who looked.
    let trail = app
        .ok(
            Some(&w.admin.access),
            "query($s: ID!) { auditTrail(subjectId: $s, first: 100) { edges { node { actorName action recordType recordId purpose } } } }",
            json!({"s": w.rita.person_id}),
        )
        .await["auditTrail"]["edges"]
        .clone();
    let mut looks: Vec<String> = trail
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["recordType"] == "Referral" && n["action"] == "READ")
        .map(|n| {
            assert_eq!(n["recordId"], json!(id));
            assert_eq!(n["purpose"], "referral");
            n["actorName"].as_str().unwrap().to_string()
        })
        .collect();
    looks.sort();
    assert_eq!(
        looks,
        [
            "Admin",
            "Priya Shah",
            "Rita Jones",
            "Sam Social Worker",
            "Sam Social Worker"
        ]
    );
    // Rita's export has the referral, its outcome and its whole timeline.
    let export: Value = serde_json::from_str(
        app.ok(Some(&w.rita.access), "{ exportMyData }", json!({}))
            .await["exportMyData"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let referrals = export["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0]["id"], json!(referral_id));
    assert_eq!(referrals[0]["status"], "CLOSED");
    assert_eq!(
        referrals[0]["outcome"],
        "Stairlift fitted; care package of two visits a week."
    );
    let moves: Vec<&str> = referrals[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["toStatus"].as_str().unwrap())
        .collect();
    assert_eq!(
        moves,
        ["SENT", "ACKNOWLEDGED", "ACCEPTED", "IN_PROGRESS", "CLOSED"]
    );
}

fn id_of(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID::from(global))
        .unwrap()
        .1
}

/// Not acknowledged in the partner's time: the job reminds the partner and
/// tells the referrer, once; drafts stay out of the partner's queue until
/// sent.
async fn acknowledgement_reminders_and_drafts(app: TestApp) {
    let w = world(&app).await;
    let current = consent(&app, &w.rita, "share with council adult social care", true).await;
    let draft = app
        .ok(
            Some(&w.coord.access),
            CREATE,
            referral_input(&w, json!({"consentId": current, "draft": true})),
        )
        .await["createReferral"]
        .clone();
    assert_eq!(draft["status"], "DRAFT");
    assert_eq!(draft["acknowledgeBy"], Value::Null);
    let id = draft["id"].as_str().unwrap().to_string();
    assert!(mails(&app, "referral_new").is_empty());
    assert_eq!(
        app.err(Some(&w.staff.access), TIMELINE, json!({"id": id}))
            .await,
        "FORBIDDEN"
    );
    let queue = "query($p: ID!) { referrals(partnerGroupId: $p) { totalCount } }";
    assert_eq!(
        app.ok(Some(&w.staff.access), queue, json!({"p": w.council}))
            .await["referrals"]["totalCount"],
        0
    );
    // The referrer sends it on Friday: two working days ends Tuesday night.
    app.state.clock.advance(Duration::days(4));
    let coord = common_login(&app, "coord@example.org").await;
    let sent = app
        .ok(Some(&coord.access), MOVE, json!({"r": id, "s": "SENT"}))
        .await["updateReferralStatus"]
        .clone();
    assert_eq!(sent["status"], "SENT");
    assert_eq!(mails(&app, "referral_new").len(), 1);
    let run = |app: &TestApp, at: chrono::DateTime<chrono::Utc>| {
        kith::domain::referrals::acknowledgements_overdue(
            &mut app.conn(),
            "http://localhost:8080",
            at.naive_utc(),
        )
        .unwrap()
    };
    // Tuesday morning: not yet due.
    assert_eq!(
        run(&app, epoch() + Duration::days(7) + Duration::hours(23)),
        0
    );
    // Wednesday evening: overdue; once only, however often the job runs.
    let wednesday = epoch() + Duration::days(9) + Duration::hours(9);
    assert_eq!(run(&app, wednesday), 1);
    assert_eq!(run(&app, wednesday), 0);
    assert_eq!(run(&app, wednesday + Duration::days(1)), 0);
    let reminders = mails(&app, "referral_ack_overdue");
    let mut to: Vec<&str> = reminders.iter().map(|m| m.to_address.as_str()).collect();
    to.sort_unstable();
    assert_eq!(to, ["coord@example.org", "referrals@council.example.org"]);
    for m in &reminders {
        assert!(!m.body_text.contains("Rita"), "{}", m.body_text);
        assert!(
            m.body_text.contains("Tuesday 1 December 2026"),
            "{}",
            m.body_text
        );
    }
    app.state.clock.advance(Duration::days(5));
    let staff = common_login(&app, "sam@council.example.org").await;
    let r = app
        .ok(Some(&staff.access), TIMELINE, json!({"id": id}))
        .await["referral"]
        .clone();
    let last = r["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["actor"], Value::Null);
    assert_eq!(
        (last["fromStatus"].clone(), last["toStatus"].clone()),
        (json!("SENT"), json!("SENT"))
    );
    let overdue = "query($id: ID!) { referral(id: $id) { acknowledgementOverdue } }";
    assert_eq!(
        app.ok(Some(&staff.access), overdue, json!({"id": id}))
            .await["referral"]["acknowledgementOverdue"],
        true
    );
    app.ok(
        Some(&staff.access),
        MOVE,
        json!({"r": id, "s": "ACKNOWLEDGED"}),
    )
    .await;
    assert_eq!(
        app.ok(Some(&staff.access), overdue, json!({"id": id}))
            .await["referral"]["acknowledgementOverdue"],
        false
    );
}

async fn common_login(app: &TestApp, email: &str) -> Session {
    let data = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken person { id } } }",
            json!({"e": email, "p": "a perfectly fine passphrase"}),
        )
        .await;
    Session::from(&data["login"])
}

/// A partner passes a referral on: the original is REDIRECTED and the new
/// partner gets a linked referral on the same basis (consent for the new
/// kind of partner is checked again).
async fn redirect(app: TestApp) {
    let w = world(&app).await;
    let current = consent(&app, &w.rita, "share with council adult social care", true).await;
    let id = app
        .ok(
            Some(&w.coord.access),
            CREATE,
            referral_input(&w, json!({"consentId": current, "reason": "HEALTH"})),
        )
        .await["createReferral"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&w.staff.access),
        MOVE,
        json!({"r": id, "s": "ACKNOWLEDGED"}),
    )
    .await;
    // Rita has not agreed to sharing with the NHS: refused, nothing written.
    let before = app.snapshot();
    assert_eq!(
        app.err(
            Some(&w.staff.access),
            MOVE,
            json!({"r": id, "s": "REDIRECTED", "to": w.nhs})
        )
        .await,
        "CONSENT_REQUIRED"
    );
    for (vars, code) in [
        (json!({"r": id, "s": "REDIRECTED"}), "VALIDATION"),
        (
            json!({"r": id, "s": "REDIRECTED", "to": w.council}),
            "VALIDATION",
        ),
        (
            json!({"r": id, "s": "REDIRECTED", "to": w.group}),
            "VALIDATION",
        ),
        (json!({"r": id, "s": "ACCEPTED", "to": w.nhs}), "VALIDATION"),
    ] {
        assert_eq!(
            app.err(Some(&w.staff.access), MOVE, vars.clone()).await,
            code,
            "{vars}"
        );
    }
    assert_eq!(app.snapshot(), before);
    consent(&app, &w.rita, "share with NHS", true).await;
    let moved = app
        .ok(
            Some(&w.staff.access),
            MOVE,
            json!({"r": id, "s": "REDIRECTED", "to": w.nhs, "n": "This is for the GP practice."}),
        )
        .await["updateReferralStatus"]
        .clone();
    assert_eq!(moved["status"], "REDIRECTED");
    let queue = app
        .ok(
            Some(&w.nhs_staff.access),
            "query($p: ID!) { referrals(partnerGroupId: $p) { edges { node { id status redirectedFromId reason referrer { displayName } } } } }",
            json!({"p": w.nhs}),
        )
        .await["referrals"]["edges"]
        .clone();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let new = &queue[0]["node"];
    assert_eq!(new["status"], "SENT");
    assert_eq!(new["redirectedFromId"], json!(id));
    assert_eq!(new["reason"], "HEALTH");
    assert_eq!(new["referrer"]["displayName"], "Priya Shah");
    // The NHS inbox was told; the council's staff do not see the new one.
    assert_eq!(
        mails(&app, "referral_new")
            .iter()
            .filter(|m| m.to_address == "referrals@nhs.example.org")
            .count(),
        1
    );
    assert_eq!(
        app.err(Some(&w.staff.access), TIMELINE, json!({"id": new["id"]}))
            .await,
        "FORBIDDEN"
    );
    // The referrer follows both.
    let mine = app
        .ok(
            Some(&w.coord.access),
            "{ referrals { totalCount edges { node { status } } } }",
            json!({}),
        )
        .await;
    assert_eq!(mine["referrals"]["totalCount"], 2);
    let r = app
        .ok(Some(&w.coord.access), TIMELINE, json!({"id": id}))
        .await["referral"]
        .clone();
    assert_eq!(
        r["timeline"][2]["note"],
        "Passed to Riverside Health Centre. This is for the GP practice."
    );
}

/// A lawful basis instead of consent: recorded with its reasoning.
async fn lawful_basis(app: TestApp) {
    let w = world(&app).await;
    let made = app
        .ok(
            Some(&w.coord.access),
            "mutation($i: CreateReferralInput!) { createReferral(input: $i) { id consentId lawfulBasis lawfulBasisReasoning urgency } }",
            referral_input(
                &w,
                json!({"urgency": "URGENT", "lawfulBasis": "VITAL_INTERESTS",
                    "lawfulBasisReasoning": "Found on the floor, confused, and refusing help; risk to life tonight."}),
            ),
        )
        .await["createReferral"]
        .clone();
    assert_eq!(made["consentId"], Value::Null);
    assert_eq!(made["lawfulBasis"], "VITAL_INTERESTS");
    assert_eq!(made["urgency"], "URGENT");
    let inbox = mails(&app, "referral_new");
    assert!(
        inbox[0].subject.starts_with("Urgent"),
        "{}",
        inbox[0].subject
    );
}

/// A check-in that raised a concern offers a one-step referral: its
/// volunteer refers from it, linked, with the check-in's group as the
/// referring group. A check-in without a concern cannot.
async fn from_a_check_in(app: TestApp) {
    let w = world(&app).await;
    app.ok(
        Some(&w.coord.access),
        "mutation($i: CreateCheckInPlanInput!) { createCheckInPlan(input: $i) { id } }",
        json!({"i": {"residentId": w.rita.person_id, "groupId": w.group, "volunteerId": w.volunteer.person_id,
            "recurrence": "FREQ=DAILY", "firstDueAt": "2026-11-23T14:00:00Z", "channel": "PHONE"}}),
    )
    .await;
    let mine = app
        .ok(
            Some(&w.volunteer.access),
            "{ myCheckIns(first: 2) { edges { node { id } } } }",
            json!({}),
        )
        .await["myCheckIns"]["edges"]
        .clone();
    let (today, tomorrow) = (
        mine[0]["node"]["id"].as_str().unwrap().to_string(),
        mine[1]["node"]["id"].as_str().unwrap().to_string(),
    );
    let record =
        "mutation($i: RecordCheckInInput!) { recordCheckIn(input: $i) { suggestedNextSteps } }";
    let steps = app
        .ok(
            Some(&w.volunteer.access),
            record,
            json!({"i": {"checkInId": today, "outcome": "CONCERN", "concerns": ["HEALTH"], "notes": "Short of breath", "minutes": 20}}),
        )
        .await["recordCheckIn"]["suggestedNextSteps"]
        .clone();
    assert!(
        steps[0].as_str().unwrap().contains("refer to the NHS"),
        "{steps}"
    );
    // The next day's check-in goes well.
    app.state.clock.advance(Duration::days(1));
    let volunteer = common_login(&app, "tom@example.org").await;
    let other_coord = common_login(&app, "olu@example.org").await;
    let rita = common_login(&app, "rita@example.org").await;
    app.ok(
        Some(&volunteer.access),
        record,
        json!({"i": {"checkInId": tomorrow, "outcome": "WELL", "minutes": 10}}),
    )
    .await;
    let nhs_consent = consent(&app, &rita, "share with nhs", true).await;
    let from = |check_in: &str| {
        json!({"i": {"residentId": w.rita.person_id, "partnerGroupId": w.nhs, "reason": "HEALTH",
            "details": "Short of breath on the phone yesterday; no GP appointment.",
            "consentId": nhs_consent, "checkInId": check_in}})
    };
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&volunteer.access), CREATE, from(&tomorrow))
            .await,
        "VALIDATION"
    );
    assert_eq!(
        app.err(Some(&other_coord.access), CREATE, from(&today))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(app.snapshot(), before);
    let made = app
        .ok(
            Some(&volunteer.access),
            "mutation($i: CreateReferralInput!) { createReferral(input: $i) { status checkInId referringGroup { name } referrer { displayName } } }",
            from(&today),
        )
        .await["createReferral"]
        .clone();
    assert_eq!(made["status"], "SENT");
    assert_eq!(made["checkInId"], json!(today));
    assert_eq!(made["referringGroup"]["name"], "Riverside Friends");
    assert_eq!(made["referrer"]["displayName"], "Tom Evans");
}

/// Partner staff moving the same referral at once: exactly one move wins
/// each time, and the timeline records only that one.
async fn concurrent_moves(app: TestApp) {
    use kith::domain::authz::Viewer;
    use kith::domain::referrals::{update_status, ReferralStatus};
    use kith::error::AppError;
    let w = world(&app).await;
    let current = consent(&app, &w.rita, "share with council adult social care", true).await;
    let id = app
        .ok(
            Some(&w.coord.access),
            CREATE,
            referral_input(&w, json!({"consentId": current})),
        )
        .await["createReferral"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let referral = id_of(&id);
    let staff = Some(Viewer {
        person_id: id_of(&w.staff.person_id),
        session_id: 0,
        is_admin: false,
    });
    let now = epoch().naive_utc();
    for moves in [
        vec![(ReferralStatus::Acknowledged, None); 12],
        (0..12)
            .map(|i| {
                if i % 2 == 0 {
                    (ReferralStatus::Accepted, None)
                } else {
                    (ReferralStatus::Declined, Some("Not for us".to_string()))
                }
            })
            .collect(),
    ] {
        let tasks: Vec<_> = moves
            .into_iter()
            .map(|(to, note)| {
                let db = app.state.db.clone();
                tokio::spawn(async move {
                    db.run(move |conn| {
                        update_status(conn, &staff, referral, to, note, None, "http://x", now)
                    })
                    .await
                })
            })
            .collect();
        let (mut won, mut refused) = (0, 0);
        for t in tasks {
            match t.await.expect("task") {
                Ok(_) => won += 1,
                Err(AppError::InvalidTransition(_)) => refused += 1,
                Err(e) => panic!("unexpected {e:?}"),
            }
        }
        assert_eq!((won, refused), (1, 11));
    }
    let r = app
        .ok(Some(&w.staff.access), TIMELINE, json!({"id": id}))
        .await["referral"]
        .clone();
    let moves: Vec<&str> = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["toStatus"].as_str().unwrap())
        .collect();
    assert_eq!(moves.len(), 3, "{moves:?}");
    assert_eq!(&moves[..2], ["SENT", "ACKNOWLEDGED"]);
    assert_eq!(r["status"], json!(moves[2]));
}

both_backends!(
    concurrent_moves,
    closed_loop,
    acknowledgement_reminders_and_drafts,
    redirect,
    lawful_basis,
    from_a_check_in
);
