//! Data rights: the audit trail of a resident's record (who may see it, its
//! order and pages), changes to contact and health data being audited,
//! exporting everything held about me, and erasing a resident.

mod common;

use chrono::Duration;
use common::{epoch, Session, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};

const TRAIL: &str = "query($s: ID!, $first: Int, $after: String) { auditTrail(subjectId: $s, first: $first, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id actor { displayName } actorName action recordType recordId purpose detail at } } } }";
const PROFILE: &str =
    "mutation($i: ResidentProfileInput!) { updateResidentProfile(input: $i) { area } }";
const CONTACT: &str =
    "mutation($i: EmergencyContactInput!) { addEmergencyContact(input: $i) { id } }";
const CONSENT: &str = "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { given } }";
const EXPORT: &str = "mutation { exportMyData }";
const ERASE: &str =
    "mutation($r: ID!, $why: String!) { eraseResident(residentId: $r, reason: $why) }";
const PASSWORD: &str = "a perfectly fine passphrase";

fn raw_id(global: &str) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(global.into()))
        .unwrap()
        .1
}

fn person_id(n: i64) -> String {
    kith::graphql::ids::encode("Person", n).0
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

async fn set_role(app: &TestApp, coord: &Session, membership: &str, role: &str) {
    app.ok(
        Some(&coord.access),
        "mutation($m: ID!, $r: MemberRole!) { setMemberRole(membershipId: $m, role: $r) { id } }",
        json!({"m": membership, "r": role}),
    )
    .await;
}

async fn login(app: &TestApp, email: &str) -> Session {
    let data = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken person { id } } }",
            json!({"e": email, "p": PASSWORD}),
        )
        .await;
    Session::from(&data["login"])
}

/// A group run by Priya (a coordinator, not a lead) with Laila as its
/// safeguarding lead, Tom a volunteer and Rita a resident with an account.
/// Lou leads a different group that Rita is not in. Ada is an admin.
struct World {
    coord: Session,
    group: String,
    lead: Session,
    tom: Session,
    rita: Session,
    other_lead: Session,
    admin: Session,
}

async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let lead = app.register("lead@example.org", "Laila Noor").await;
    let m = join(app, &lead, &group).await;
    set_role(app, &coord, &m, "SAFEGUARDING_LEAD").await;
    let tom = app.register("tom@example.org", "Tom Evans").await;
    join(app, &tom, &group).await;
    let rita = app.register("rita@example.org", "Rita Jones").await;
    join(app, &rita, &group).await;
    let other_coord = app.register("other@example.org", "Olu Ade").await;
    let other_group = app
        .create_group(&other_coord, "Hilltop Helpers", "OPEN")
        .await;
    let other_lead = app.register("lou@example.org", "Lou Park").await;
    let m = join(app, &other_lead, &other_group).await;
    set_role(app, &other_coord, &m, "SAFEGUARDING_LEAD").await;
    let admin = app.admin("ada@example.org").await;
    World {
        coord,
        group,
        lead,
        tom,
        rita,
        other_lead,
        admin,
    }
}

fn step(app: &TestApp) {
    app.state.clock.advance(Duration::seconds(10));
}

/// (actorName, action, recordType, detail, purpose) of each entry.
fn summary(conn: &Value) -> Vec<(String, String, String, String, String)> {
    conn["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let n = &e["node"];
            let s = |k: &str| n[k].as_str().unwrap().to_string();
            (
                s("actorName"),
                s("action"),
                s("recordType"),
                s("detail"),
                s("purpose"),
            )
        })
        .collect()
}

fn row(
    a: &str,
    action: &str,
    record: &str,
    detail: &str,
    purpose: &str,
) -> (String, String, String, String, String) {
    (
        a.to_string(),
        action.to_string(),
        record.to_string(),
        detail.to_string(),
        purpose.to_string(),
    )
}

async fn view_fields(app: &TestApp, who: &Session, person: &str, fields: &str) {
    let q = format!(
        "query($p: ID!) {{ node(id: $p) {{ ... on Person {{ residentProfile {{ {fields} }} }} }} }}"
    );
    let d = app.ok(Some(&who.access), &q, json!({"p": person})).await;
    assert!(!d["node"]["residentProfile"].is_null(), "{d}");
}

async fn trail_lists_views_and_changes_newest_first(app: TestApp) {
    let w = world(&app).await;
    let rita = w.rita.person_id.clone();

    // Rita fills in her profile; the coordinator reads her address, then
    // her phone, adds a contact and changes what matters; Rita records a
    // consent; a change that alters nothing is not a change.
    app.ok(
        Some(&w.rita.access),
        PROFILE,
        json!({"i": {"profile": {"area": "Riverside", "address": "9 High Street", "phone": "020 7946 0999", "needs": "Help with shopping"}}}),
    )
    .await;
    step(&app);
    view_fields(&app, &w.coord, &rita, "address").await;
    step(&app);
    view_fields(&app, &w.coord, &rita, "phone").await;
    step(&app);
    let contact = app
        .ok(
            Some(&w.coord.access),
            CONTACT,
            json!({"i": {"residentId": rita, "name": "Jo Jones", "relationship": "daughter", "phone": "07700 900001"}}),
        )
        .await["addEmergencyContact"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    step(&app);
    app.ok(
        Some(&w.rita.access),
        CONSENT,
        json!({"i": {"purpose": "share with nhs", "given": true, "note": "Said so on the phone"}}),
    )
    .await;
    step(&app);
    app.ok(
        Some(&w.coord.access),
        PROFILE,
        json!({"i": {"residentId": rita, "profile": {"whatMatters": "My garden", "phone": "020 7946 0999"}}}),
    )
    .await;
    step(&app);
    app.ok(
        Some(&w.coord.access),
        PROFILE,
        json!({"i": {"residentId": rita, "profile": {"needs": "Help with shopping"}}}),
    )
    .await;
    step(&app);
    app.ok(
        Some(&w.coord.access),
        "mutation($id: ID!) { removeEmergencyContact(id: $id) { id } }",
        json!({"id": contact}),
    )
    .await;
    step(&app);

    let expected = vec![
        row(
            "Priya Shah",
            "DELETE",
            "EmergencyContact",
            "name,relationship,phone",
            "acting for the resident",
        ),
        row(
            "Priya Shah",
            "UPDATE",
            "ResidentProfile",
            "whatMatters",
            "acting for the resident",
        ),
        row(
            "Rita Jones",
            "CREATE",
            "Consent",
            "purpose,given,note",
            "resident's own change",
        ),
        row(
            "Priya Shah",
            "CREATE",
            "EmergencyContact",
            "name,relationship,phone",
            "acting for the resident",
        ),
        row(
            "Priya Shah",
            "READ",
            "ResidentProfile",
            "phone",
            "managing coordinator",
        ),
        row(
            "Priya Shah",
            "READ",
            "ResidentProfile",
            "address",
            "managing coordinator",
        ),
        row(
            "Rita Jones",
            "CREATE",
            "ResidentProfile",
            "area,address,phone,needs",
            "resident's own change",
        ),
    ];
    let d = app
        .ok(Some(&w.lead.access), TRAIL, json!({"s": rita}))
        .await;
    let t = &d["auditTrail"];
    assert_eq!(summary(t), expected);
    assert_eq!(t["totalCount"], 7);
    assert_eq!(t["pageInfo"]["hasNextPage"], false);
    assert_eq!(t["pageInfo"]["hasPreviousPage"], false);
    let first = &t["edges"][0]["node"];
    assert_eq!(first["actor"]["displayName"], "Priya Shah");
    assert!(first["recordId"].is_null(), "{first}");
    let times: Vec<&str> = t["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["at"].as_str().unwrap())
        .collect();
    let mut sorted = times.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(times, sorted, "newest first");
    assert_eq!(times.last().copied(), Some(epoch().to_rfc3339().as_str()));

    // The lead's look is itself on the trail; an admin may look too.
    step(&app);
    let d = app
        .ok(Some(&w.admin.access), TRAIL, json!({"s": rita, "first": 2}))
        .await;
    let t = &d["auditTrail"];
    assert_eq!(t["totalCount"], 8);
    assert_eq!(
        summary(t),
        vec![
            row(
                "Laila Noor",
                "READ",
                "AuditTrail",
                "",
                "safeguarding oversight"
            ),
            expected[0].clone(),
        ]
    );
    assert_eq!(t["pageInfo"]["hasNextPage"], true);
    let looked: Vec<(Option<i64>, String, String, Option<i64>)> = {
        use kith::db::schema::audit_events as a;
        a::table
            .filter(a::subject_type.eq("AuditTrail"))
            .order(a::id.asc())
            .select((a::actor_id, a::action, a::purpose, a::person_id))
            .load(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(
        looked,
        vec![
            (
                Some(raw_id(&w.lead.person_id)),
                "READ".to_string(),
                "safeguarding oversight".to_string(),
                Some(raw_id(&rita))
            ),
            (
                Some(raw_id(&w.admin.person_id)),
                "READ".to_string(),
                "administration".to_string(),
                Some(raw_id(&rita))
            ),
        ]
    );

    // Everyone else is refused, and refusing writes nothing.
    let before = app.snapshot();
    for who in [&w.tom, &w.coord, &w.other_lead, &w.rita] {
        assert_eq!(
            app.err(Some(&who.access), TRAIL, json!({"s": rita})).await,
            "FORBIDDEN"
        );
    }
    assert_eq!(
        app.err(None, TRAIL, json!({"s": rita})).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.err(
            Some(&w.admin.access),
            TRAIL,
            json!({"s": person_id(999_999)})
        )
        .await,
        "NOT_FOUND"
    );
    assert_eq!(
        app.err(Some(&w.admin.access), TRAIL, json!({"s": w.group}))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        app.err(
            Some(&w.admin.access),
            TRAIL,
            json!({"s": rita, "after": "not a cursor"})
        )
        .await,
        "VALIDATION"
    );
    assert_eq!(app.snapshot(), before);

    // A lead whose membership is no longer active loses access.
    {
        use kith::db::schema::memberships as m;
        diesel::update(m::table.filter(m::person_id.eq(raw_id(&w.lead.person_id))))
            .set(m::status.eq("DECLINED"))
            .execute(&mut *app.conn())
            .unwrap();
    }
    assert_eq!(
        app.err(Some(&w.lead.access), TRAIL, json!({"s": rita}))
            .await,
        "FORBIDDEN"
    );
}

async fn trail_pages_through_both_logs(app: TestApp) {
    let w = world(&app).await;
    let rita = w.rita.person_id.clone();
    // Several entries from both logs at one instant (the clock stands
    // still), and more after it.
    app.ok(
        Some(&w.rita.access),
        PROFILE,
        json!({"i": {"profile": {"address": "9 High Street", "phone": "020 7946 0999"}}}),
    )
    .await;
    for i in 0..3 {
        view_fields(&app, &w.coord, &rita, "address phone").await;
        app.ok(
            Some(&w.coord.access),
            PROFILE,
            json!({"i": {"residentId": rita, "profile": {"needs": format!("Needs, version {i}")}}}),
        )
        .await;
    }
    step(&app);
    for i in 0..2 {
        app.ok(
            Some(&w.rita.access),
            CONSENT,
            json!({"i": {"purpose": "share with nhs", "given": i == 0}}),
        )
        .await;
        view_fields(&app, &w.coord, &rita, "address").await;
    }
    // 1 + 3×3 at the first instant, 2×2 at the second.
    let all = app
        .ok(
            Some(&w.admin.access),
            TRAIL,
            json!({"s": rita, "first": 100}),
        )
        .await["auditTrail"]
        .clone();
    assert_eq!(all["totalCount"], 14);
    let all_ids: Vec<String> = all["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all_ids.len(), 14);
    let mut unique = all_ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 14, "ids are unique across both logs");
    // Within an instant, changes come before reads.
    let kinds: Vec<&str> = all["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "CREATE", "CREATE", "READ", "READ", "UPDATE", "UPDATE", "UPDATE", "CREATE", "READ",
            "READ", "READ", "READ", "READ", "READ"
        ]
    );

    // Pages of 3 give the same entries in the same order, even though each
    // look adds a new entry at the top.
    for size in [1, 3, 5] {
        let mut after: Option<String> = None;
        let mut seen: Vec<String> = Vec::new();
        let mut pages = 0;
        loop {
            let page = app
                .ok(
                    Some(&w.admin.access),
                    TRAIL,
                    json!({"s": rita, "first": size, "after": after}),
                )
                .await["auditTrail"]
                .clone();
            pages += 1;
            let edges = page["edges"].as_array().unwrap();
            assert!(edges.len() <= size as usize);
            seen.extend(
                edges
                    .iter()
                    .map(|e| e["node"]["id"].as_str().unwrap().to_string()),
            );
            assert_eq!(page["pageInfo"]["hasPreviousPage"], after.is_some());
            if page["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = Some(page["pageInfo"]["endCursor"].as_str().unwrap().to_string());
            assert!(pages < 40, "paging does not end");
        }
        // The looks made while paging are newer than the first page, so
        // they sit above where paging started.
        let start = seen.len() - all_ids.len();
        assert_eq!(seen[start..].to_vec(), all_ids, "page size {size}");
    }
}

/// Rita with a profile, two emergency contacts, consent history, a help
/// request Tom completed (so a transfer from her account to his), reads of
/// her details by the coordinator, a referral about her and two
/// safeguarding concerns: one she raised, one raised about her.
async fn rich_resident(app: &TestApp, w: &World) -> (i64, i64) {
    let rita = w.rita.person_id.clone();
    app.ok(
        Some(&w.rita.access),
        PROFILE,
        json!({"i": {"profile": {"area": "Riverside", "address": "9 High Street", "phone": "020 7946 0999",
            "whatMatters": "My garden", "needs": "Help with shopping", "riskEnablement": "I use the stairs"}}}),
    )
    .await;
    for (name, phone) in [("Jo Jones", "07700 900001"), ("Sam Jones", "07700 900002")] {
        app.ok(
            Some(&w.rita.access),
            CONTACT,
            json!({"i": {"name": name, "phone": phone, "relationship": "family", "email": "jo@example.org"}}),
        )
        .await;
    }
    for (purpose, given) in [
        ("contact by volunteers", true),
        ("share with nhs", true),
        ("share with nhs", false),
    ] {
        app.ok(
            Some(&w.rita.access),
            CONSENT,
            json!({"i": {"purpose": purpose, "given": given}}),
        )
        .await;
    }
    let help = app
        .ok(
            Some(&w.rita.access),
            "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id } }",
            json!({"i": {"groupId": w.group, "category": "SHOPPING", "description": "Weekly shop from the Co-op",
                "notes": "Key safe code 4321",
                "preferredTimes": [{"startsAt": "2026-11-23T14:00:00Z", "endsAt": "2026-11-23T16:00:00Z"}]}}),
        )
        .await["requestHelp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&w.coord.access),
        "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { id } }",
        json!({"h": help, "v": w.tom.person_id}),
    )
    .await;
    app.ok(
        Some(&w.tom.access),
        "mutation($h: ID!) { completeHelpRequest(helpRequestId: $h, minutes: 45, notes: \"Shopping put away\") { status } }",
        json!({"h": help}),
    )
    .await;
    step(app);
    view_fields(app, &w.coord, &rita, "address").await;

    // Referrals and concerns are stored as the referral and safeguarding
    // areas write them.
    let rita_id = raw_id(&rita);
    let tom_id = raw_id(&w.tom.person_id);
    let coord_id = raw_id(&w.coord.person_id);
    let group_id = raw_id(&w.group);
    let at = (epoch() + Duration::seconds(30)).naive_utc();
    let mut conn = app.conn();
    use kith::db::schema::{referral_events as re, referrals as r, safeguarding_concerns as sc};
    for (resident, details) in [
        (rita_id, "Struggling with stairs since the fall"),
        (tom_id, "Someone else's referral"),
    ] {
        diesel::insert_into(r::table)
            .values((
                r::resident_id.eq(resident),
                r::partner_group_id.eq(group_id),
                r::referrer_id.eq(coord_id),
                r::reason.eq("HOME_SAFETY"),
                r::details.eq(details),
                r::urgency.eq("ROUTINE"),
                r::status.eq("SENT"),
                r::created_at.eq(at),
                r::updated_at.eq(at),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    let referral: i64 = r::table
        .filter(r::resident_id.eq(rita_id))
        .select(r::id)
        .first(&mut *conn)
        .unwrap();
    for (from, to) in [(None, "DRAFT"), (Some("DRAFT"), "SENT")] {
        diesel::insert_into(re::table)
            .values((
                re::referral_id.eq(referral),
                re::actor_id.eq(Some(coord_id)),
                re::from_status.eq(from),
                re::to_status.eq(to),
                re::at.eq(at),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    for (about, by, what) in [
        (tom_id, rita_id, "Tom seemed very unwell and confused"),
        (rita_id, tom_id, "Rita had bruises she would not explain"),
    ] {
        diesel::insert_into(sc::table)
            .values((
                sc::person_id.eq(about),
                sc::raised_by.eq(by),
                sc::category.eq("SELF_NEGLECT"),
                sc::what_happened.eq(what),
                sc::immediate_risk.eq(false),
                sc::status.eq("OPEN"),
                sc::created_at.eq(at),
                sc::updated_at.eq(at),
            ))
            .execute(&mut *conn)
            .unwrap();
    }
    (rita_id, referral)
}

/// Top-level keys in the order they appear in the text.
fn top_level_keys(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("  \""))
        .filter_map(|l| l.split_once("\":").map(|(k, _)| k.to_string()))
        .collect()
}

async fn export_contains_everything_held_about_me(app: TestApp) {
    let w = world(&app).await;
    let (rita_id, _) = rich_resident(&app, &w).await;
    app.ok(
        Some(&w.rita.access),
        "mutation($i: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $i) { id } }",
        json!({"i": {"controlOverDailyLife": "ADEQUATE", "socialContact": "ISOLATED",
            "feelingSafe": "AS_SAFE_AS_I_WANT", "findingInformation": "NEVER_TRIED", "qualityOfLife": "GOOD"}}),
    )
    .await;
    step(&app);

    let text = app.ok(Some(&w.rita.access), EXPORT, json!({})).await["exportMyData"]
        .as_str()
        .unwrap()
        .to_string();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let keys = top_level_keys(&text);
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "stable key order");
    for section in [
        "person",
        "residentProfile",
        "emergencyContacts",
        "consents",
        "memberships",
        "volunteerProfile",
        "vettings",
        "shiftSignups",
        "helpRequests",
        "checkInPlans",
        "checkIns",
        "timeAccount",
        "referrals",
        "safeguardingConcernsRaised",
        "outcomeSurveys",
        "recordAccess",
    ] {
        assert!(keys.contains(&section.to_string()), "missing {section}");
    }
    let surveys = doc["outcomeSurveys"].as_array().unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!(surveys[0]["socialContact"], "ISOLATED");
    assert_eq!(surveys[0]["qualityOfLife"], "GOOD");
    assert_eq!(surveys[0]["submittedBy"], json!(rita_id));
    assert!(
        !text.to_lowercase().contains("password"),
        "no password hash"
    );
    assert!(!text.contains("$argon2"), "no password hash");

    assert_eq!(doc["person"]["id"], rita_id);
    assert_eq!(doc["person"]["displayName"], "Rita Jones");
    assert_eq!(doc["person"]["email"], "rita@example.org");
    let profile = &doc["residentProfile"];
    assert_eq!(profile["address"], "9 High Street");
    assert_eq!(profile["phone"], "020 7946 0999");
    assert_eq!(profile["whatMatters"], "My garden");
    assert_eq!(profile["riskEnablement"], "I use the stairs");
    let contacts: Vec<&str> = doc["emergencyContacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(contacts, ["Jo Jones", "Sam Jones"]);
    let consents: Vec<(&str, bool)> = doc["consents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["purpose"].as_str().unwrap(),
                c["given"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        consents,
        [
            ("contact by volunteers", true),
            ("share with nhs", true),
            ("share with nhs", false)
        ]
    );
    assert_eq!(doc["memberships"][0]["groupName"], "Riverside Friends");
    assert_eq!(doc["memberships"][0]["status"], "ACTIVE");
    assert!(doc["volunteerProfile"].is_null());
    assert_eq!(doc["vettings"], json!([]));
    let mine = doc["helpRequests"]["asResident"].as_array().unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["description"], "Weekly shop from the Co-op");
    assert_eq!(mine[0]["notes"], "Key safe code 4321");
    assert_eq!(mine[0]["status"], "COMPLETED");
    assert_eq!(doc["helpRequests"]["asVolunteer"], json!([]));
    let account = &doc["timeAccount"];
    assert_eq!(account["balanceMinutes"], -45);
    let transfers = account["transfers"].as_array().unwrap();
    assert_eq!(transfers.len(), 1);
    assert_eq!(transfers[0]["minutes"], 45);
    assert_eq!(transfers[0]["changeMinutes"], -45);
    let referrals = doc["referrals"].as_array().unwrap();
    assert_eq!(referrals.len(), 1, "only referrals about me");
    assert_eq!(
        referrals[0]["details"],
        "Struggling with stairs since the fall"
    );
    let moves: Vec<&str> = referrals[0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["toStatus"].as_str().unwrap())
        .collect();
    assert_eq!(moves, ["DRAFT", "SENT"]);
    let concerns = doc["safeguardingConcernsRaised"].as_array().unwrap();
    assert_eq!(concerns.len(), 1, "only concerns I raised");
    assert_eq!(
        concerns[0]["whatHappened"],
        "Tom seemed very unwell and confused"
    );
    assert!(!text.contains("bruises"), "not concerns raised about me");

    // Who viewed or changed my record, oldest first, with names.
    let access: Vec<(String, String, String, String)> = doc["recordAccess"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap().to_string();
            (s("actorName"), s("action"), s("recordType"), s("detail"))
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str| {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    };
    assert_eq!(
        access,
        vec![
            s(
                "Rita Jones",
                "CREATE",
                "ResidentProfile",
                "area,address,phone,whatMatters,needs,riskEnablement"
            ),
            s(
                "Rita Jones",
                "CREATE",
                "EmergencyContact",
                "name,relationship,phone,email"
            ),
            s(
                "Rita Jones",
                "CREATE",
                "EmergencyContact",
                "name,relationship,phone,email"
            ),
            s("Rita Jones", "CREATE", "Consent", "purpose,given"),
            s("Rita Jones", "CREATE", "Consent", "purpose,given"),
            s("Rita Jones", "CREATE", "Consent", "purpose,given"),
            s("Priya Shah", "READ", "ResidentProfile", "address"),
            s(
                "Rita Jones",
                "CREATE",
                "OutcomeSurvey",
                "controlOverDailyLife,socialContact,feelingSafe,findingInformation,qualityOfLife"
            ),
        ]
    );

    // The export is recorded; the next export shows it.
    let exports: Vec<(Option<i64>, Option<i64>)> = {
        use kith::db::schema::audit_events as a;
        a::table
            .filter(a::action.eq("EXPORT"))
            .select((a::actor_id, a::person_id))
            .load(&mut *app.conn())
            .unwrap()
    };
    assert_eq!(exports, vec![(Some(rita_id), Some(rita_id))]);
    // Asked as a query, the same document (and the export is recorded).
    let again: Value = serde_json::from_str(
        app.ok(Some(&w.rita.access), "{ exportMyData }", json!({}))
            .await["exportMyData"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let last = again["recordAccess"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "EXPORT");
    assert_eq!(last["actorName"], "Rita Jones");

    // Tom's export holds his side: the help he gave (not Rita's details)
    // and the time he was credited.
    let tom: Value = serde_json::from_str(
        app.ok(Some(&w.tom.access), EXPORT, json!({})).await["exportMyData"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(tom["helpRequests"]["asResident"], json!([]));
    let gave = tom["helpRequests"]["asVolunteer"].as_array().unwrap();
    assert_eq!(gave.len(), 1);
    assert_eq!(gave[0]["minutes"], 45);
    assert_eq!(gave[0]["completionNotes"], "Shopping put away");
    assert!(gave[0].get("description").is_none());
    assert!(gave[0].get("notes").is_none());
    assert_eq!(tom["timeAccount"]["balanceMinutes"], 45);
    assert_eq!(tom["timeAccount"]["transfers"][0]["changeMinutes"], 45);
    assert!(tom["residentProfile"].is_null());
    assert_eq!(tom["referrals"][0]["details"], "Someone else's referral");
    assert_eq!(
        tom["safeguardingConcernsRaised"][0]["whatHappened"],
        "Rita had bruises she would not explain"
    );

    let before = app.snapshot();
    assert_eq!(app.err(None, EXPORT, json!({})).await, "UNAUTHENTICATED");
    assert_eq!(app.snapshot(), before);
}

fn balances(app: &TestApp) -> Vec<(Option<i64>, i64, i64, i64)> {
    use kith::db::schema::time_accounts as t;
    t::table
        .order(t::id.asc())
        .select((
            t::person_id,
            t::balance_minutes,
            t::given_minutes,
            t::received_minutes,
        ))
        .load(&mut *app.conn())
        .unwrap()
}

/// (name, email, password hash, disabled, erased, language, accessibility).
type ErasedPersonRow = (
    String,
    Option<String>,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
    String,
    String,
);

type AuditRow = (
    i64,
    Option<i64>,
    String,
    String,
    i64,
    String,
    Option<i64>,
    String,
);

fn audit_rows(app: &TestApp) -> Vec<AuditRow> {
    use kith::db::schema::audit_events as a;
    a::table
        .order(a::id.asc())
        .select((
            a::id,
            a::actor_id,
            a::action,
            a::subject_type,
            a::subject_id,
            a::detail,
            a::person_id,
            a::purpose,
        ))
        .load(&mut *app.conn())
        .unwrap()
}

fn reads(app: &TestApp) -> Vec<(i64, i64, String, String)> {
    use kith::db::schema::sensitive_reads as r;
    r::table
        .order(r::id.asc())
        .select((r::reader_id, r::resident_id, r::fields, r::reason))
        .load(&mut *app.conn())
        .unwrap()
}

async fn erase_blanks_personal_data_and_keeps_the_record(app: TestApp) {
    let w = world(&app).await;
    let (rita_id, referral) = rich_resident(&app, &w).await;
    let rita = w.rita.person_id.clone();
    // Live work for Rita: daily check-in calls and an open request for help.
    app.ok(
        Some(&w.coord.access),
        "mutation($i: CreateCheckInPlanInput!) { createCheckInPlan(input: $i) { id } }",
        json!({"i": {"residentId": rita, "groupId": w.group, "volunteerId": w.tom.person_id,
            "recurrence": "FREQ=DAILY", "firstDueAt": "2026-11-23T14:00:00Z", "channel": "PHONE"}}),
    )
    .await;
    app.ok(
        Some(&w.rita.access),
        "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id } }",
        json!({"i": {"groupId": w.group, "category": "TRANSPORT", "description": "A lift to the surgery",
            "preferredTimes": [{"startsAt": "2026-11-25T09:00:00Z", "endsAt": "2026-11-25T11:00:00Z"}]}}),
    )
    .await;
    // A second session, to show every session ends.
    let rita_again = login(&app, "rita@example.org").await;
    step(&app);

    let ledger_before = balances(&app);
    let transfers_before = app.count("time_transfers");
    let audit_before = audit_rows(&app);
    let reads_before = reads(&app);

    // Refusals change nothing.
    let before = app.snapshot();
    let why = "Rita asked us to erase her data";
    for (who, vars, code) in [
        (Some(&w.coord), json!({"r": rita, "why": why}), "FORBIDDEN"),
        (Some(&w.lead), json!({"r": rita, "why": why}), "FORBIDDEN"),
        (Some(&w.rita), json!({"r": rita, "why": why}), "FORBIDDEN"),
        (None, json!({"r": rita, "why": why}), "UNAUTHENTICATED"),
        (Some(&w.admin), json!({"r": rita, "why": ""}), "VALIDATION"),
        (
            Some(&w.admin),
            json!({"r": rita, "why": "   "}),
            "VALIDATION",
        ),
        (
            Some(&w.admin),
            json!({"r": person_id(999_999), "why": why}),
            "NOT_FOUND",
        ),
        (
            Some(&w.admin),
            json!({"r": w.admin.person_id, "why": why}),
            "VALIDATION",
        ),
    ] {
        assert_eq!(
            app.err(who.map(|s| s.access.as_str()), ERASE, vars.clone())
                .await,
            code,
            "{vars}"
        );
    }
    let resp = app
        .gql(
            Some(&w.admin.access),
            "mutation($r: ID!) { eraseResident(residentId: $r) }",
            json!({"r": rita}),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["code"], "VALIDATION");
    let resp = app
        .gql(Some(&w.admin.access), ERASE, json!({"r": rita, "why": ""}))
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "reason");
    assert_eq!(app.snapshot(), before);

    let d = app
        .ok(Some(&w.admin.access), ERASE, json!({"r": rita, "why": why}))
        .await;
    assert_eq!(d["eraseResident"], true);

    // Nobody is sent to call or visit an erased person: the plan has ended,
    // no check-in is still scheduled, and open requests are cancelled.
    {
        use kith::db::schema::{check_in_plans as p, check_ins as c, help_requests as h};
        let mut conn = app.conn();
        let plans: Vec<String> = p::table
            .filter(p::resident_id.eq(rita_id))
            .select(p::status)
            .load(&mut *conn)
            .unwrap();
        assert_eq!(plans, ["ENDED"]);
        let scheduled: i64 = c::table
            .filter(c::resident_id.eq(rita_id))
            .filter(c::status.eq("SCHEDULED"))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(scheduled, 0);
        let mut requests: Vec<String> = h::table
            .filter(h::resident_id.eq(rita_id))
            .select(h::status)
            .load(&mut *conn)
            .unwrap();
        requests.sort();
        assert_eq!(requests, ["CANCELLED", "COMPLETED"]);
    }

    // Rita can no longer get in: her access token, her password and both
    // refresh tokens are refused, as for a disabled account.
    let d = app
        .ok(Some(&w.rita.access), "{ me { id } }", json!({}))
        .await;
    assert!(d["me"].is_null(), "{d}");
    assert_eq!(
        app.err(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({"e": "rita@example.org", "p": PASSWORD}),
        )
        .await,
        "INVALID_CREDENTIALS"
    );
    for s in [&w.rita, &rita_again] {
        assert_eq!(
            app.err(
                None,
                "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }",
                json!({"t": s.refresh}),
            )
            .await,
            "UNAUTHENTICATED"
        );
    }

    // Personal data is blank.
    let mut conn = app.conn();
    {
        use kith::db::schema::people as p;
        let row: ErasedPersonRow = p::table
            .find(rita_id)
            .select((
                p::display_name,
                p::email,
                p::password_hash,
                p::disabled_at,
                p::erased_at,
                p::language,
                p::accessibility_needs,
            ))
            .first(&mut *conn)
            .unwrap();
        let now = (epoch() + Duration::seconds(20)).naive_utc();
        assert_eq!(
            row,
            (
                "Erased person".to_string(),
                None,
                None,
                Some(now),
                Some(now),
                String::new(),
                String::new()
            )
        );
        let open: i64 = {
            use kith::db::schema::sessions as s;
            s::table
                .filter(s::person_id.eq(rita_id))
                .filter(s::revoked_at.is_null())
                .count()
                .get_result(&mut *conn)
                .unwrap()
        };
        assert_eq!(open, 0);
    }
    {
        use kith::db::schema::resident_profiles as rp;
        let row: (
            String,
            String,
            String,
            String,
            String,
            Option<f64>,
            Option<i32>,
        ) = rp::table
            .find(rita_id)
            .select((
                rp::address,
                rp::phone,
                rp::what_matters,
                rp::needs,
                rp::risk_enablement,
                rp::latitude,
                rp::budget_pence,
            ))
            .first(&mut *conn)
            .unwrap();
        assert_eq!(
            row,
            (
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                None,
                None
            )
        );
    }
    {
        use kith::db::schema::emergency_contacts as ec;
        let rows: Vec<(String, String, Option<String>)> = ec::table
            .filter(ec::resident_id.eq(rita_id))
            .select((ec::name, ec::phone, ec::email))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(rows, vec![(String::new(), String::new(), None); 2]);
    }
    {
        use kith::db::schema::help_requests as h;
        let rows: Vec<(String, String, String, Option<i32>)> = h::table
            .filter(h::resident_id.eq(rita_id))
            .select((h::description, h::notes, h::status, h::minutes))
            .order(h::id.asc())
            .load(&mut *conn)
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (
                    String::new(),
                    String::new(),
                    "COMPLETED".to_string(),
                    Some(45)
                ),
                (String::new(), String::new(), "CANCELLED".to_string(), None)
            ]
        );
    }
    {
        use kith::db::schema::referrals as r;
        let rows: Vec<(i64, String, String)> = r::table
            .order(r::id.asc())
            .select((r::id, r::details, r::status))
            .load(&mut *conn)
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (referral, String::new(), "SENT".to_string()),
                (
                    referral + 1,
                    "Someone else's referral".to_string(),
                    "SENT".to_string()
                ),
            ]
        );
    }
    drop(conn);

    // Kept: the ledger, safeguarding records, referral timelines, the
    // reads log and every audit event, plus the ERASE event.
    assert_eq!(balances(&app), ledger_before);
    assert_eq!(app.count("time_transfers"), transfers_before);
    assert_eq!(app.count("safeguarding_concerns"), 2);
    assert_eq!(app.count("referral_events"), 2);
    assert_eq!(reads(&app), reads_before);
    let after = audit_rows(&app);
    assert_eq!(after.len(), audit_before.len() + 1);
    assert_eq!(after[..audit_before.len()], audit_before[..]);
    let erase = after.last().unwrap();
    assert_eq!(
        (
            erase.1,
            erase.2.as_str(),
            erase.3.as_str(),
            erase.4,
            erase.6,
            erase.7.as_str()
        ),
        (
            Some(raw_id(&w.admin.person_id)),
            "ERASE",
            "Person",
            rita_id,
            Some(rita_id),
            why
        )
    );

    // The trail shows the erasure at the top, pointing at the person.
    let d = app
        .ok(Some(&w.admin.access), TRAIL, json!({"s": rita, "first": 1}))
        .await;
    let top = &d["auditTrail"]["edges"][0]["node"];
    assert_eq!(top["action"], "ERASE");
    assert_eq!(top["actorName"], "Admin");
    assert_eq!(top["purpose"], why);
    assert_eq!(top["recordId"], rita);

    // Erasing again is refused and changes nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&w.admin.access), ERASE, json!({"r": rita, "why": why}))
            .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(app.snapshot(), before);

    // Tom, who helped her, is untouched.
    let d = app
        .ok(Some(&w.tom.access), "{ me { displayName } }", json!({}))
        .await;
    assert_eq!(d["me"]["displayName"], "Tom Evans");
}

both_backends!(
    trail_lists_views_and_changes_newest_first,
    trail_pages_through_both_logs,
    export_contains_everything_held_about_me,
    erase_blanks_personal_data_and_keeps_the_record,
);
