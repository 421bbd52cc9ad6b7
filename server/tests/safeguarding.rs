//! Safeguarding concerns, on both backends: raising (by a volunteer, by a
//! resident about themselves), the immediate-risk emails to the leads, who
//! may see and change a concern, the lead's work from triage to closing,
//! the referral to the council's safeguarding team, invalid moves and bad
//! inputs that write nothing, and the audit trail of every read and change.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::{Session, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};

const RAISE: &str = "mutation($i: RaiseConcernInput!) { raiseSafeguardingConcern(input: $i) { id status category whatHappened immediateRisk triage decision decisionReasoning viewerCanUpdate createdAt closedAt person { id displayName } raisedBy { id displayName } events { kind note actor { displayName } } } }";
const UPDATE: &str = "mutation($i: UpdateConcernInput!) { updateSafeguardingConcern(input: $i) { id status triage decision decisionReasoning closedAt viewerCanUpdate events { kind note actor { displayName } at } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on SafeguardingConcern { status category whatHappened immediateRisk triage decision decisionReasoning viewerCanUpdate createdAt updatedAt closedAt person { displayName } raisedBy { displayName } events { kind note actor { displayName } } } } }";
const NODES: &str =
    "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on SafeguardingConcern { whatHappened } } }";
const LIST: &str = "query($s: SafeguardingConcernStatus, $f: Int, $a: String) { safeguardingConcerns(status: $s, first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status whatHappened person { displayName } } } } }";
const JOIN: &str = "mutation($g: ID!) { joinGroup(groupId: $g) { id } }";
const ROLE: &str =
    "mutation($m: ID!, $r: MemberRole!) { setMemberRole(membershipId: $m, role: $r) { role } }";

const WHAT: &str = "Her nephew has been taking her bank card and she is afraid to say no.";

struct World {
    admin: Session,
    /// Coordinates Riverside Friends (a coordinator is not a lead).
    priya: Session,
    /// Safeguarding lead of Riverside Friends.
    lena: Session,
    /// Volunteers in Riverside Friends.
    tom: Session,
    sam: Session,
    /// Coordinates Parkside Pals, another group.
    otto: Session,
    /// Safeguarding lead of Parkside Pals.
    pat: Session,
    /// A resident with an account, a member of Riverside Friends.
    edna: Session,
    riverside: String,
    parkside: String,
}

async fn join(app: &TestApp, who: &Session, group: &str) -> String {
    app.ok(Some(&who.access), JOIN, json!({"g": group})).await["joinGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn make_lead(app: &TestApp, coordinator: &Session, membership: &str) {
    let data = app
        .ok(
            Some(&coordinator.access),
            ROLE,
            json!({"m": membership, "r": "SAFEGUARDING_LEAD"}),
        )
        .await;
    assert_eq!(data["setMemberRole"]["role"], "SAFEGUARDING_LEAD");
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin("admin@example.org").await;
    let priya = app.register("priya@example.org", "Priya Shah").await;
    let riverside = app.create_group(&priya, "Riverside Friends", "OPEN").await;
    let lena = app.register("lena@example.org", "Lena Ward").await;
    let tom = app.register("tom@example.org", "Tom Evans").await;
    let sam = app.register("sam@example.org", "Sam Okafor").await;
    let edna = app.register("edna@example.org", "Edna Morris").await;
    let m = join(app, &lena, &riverside).await;
    make_lead(app, &priya, &m).await;
    for who in [&tom, &sam, &edna] {
        join(app, who, &riverside).await;
    }
    let otto = app.register("otto@example.org", "Otto Berg").await;
    let parkside = app.create_group(&otto, "Parkside Pals", "OPEN").await;
    let pat = app.register("pat@example.org", "Pat Quinn").await;
    let m = join(app, &pat, &parkside).await;
    make_lead(app, &otto, &m).await;
    World {
        admin,
        priya,
        lena,
        tom,
        sam,
        otto,
        pat,
        edna,
        riverside,
        parkside,
    }
}

/// The row id inside a global id.
fn raw(id: &str) -> i64 {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id).unwrap()).unwrap();
    text.split_once(':').unwrap().1.parse().unwrap()
}

fn raise_input(person: &str, immediate: bool) -> Value {
    json!({"i": {"personId": person, "category": "FINANCIAL", "whatHappened": WHAT, "immediateRisk": immediate}})
}

async fn raise(app: &TestApp, who: &Session, person: &str, immediate: bool) -> Value {
    app.ok(Some(&who.access), RAISE, raise_input(person, immediate))
        .await["raiseSafeguardingConcern"]
        .clone()
}

async fn update(app: &TestApp, who: &Session, input: Value) -> Value {
    app.ok(Some(&who.access), UPDATE, json!({ "i": input }))
        .await["updateSafeguardingConcern"]
        .clone()
}

async fn update_err(app: &TestApp, who: Option<&Session>, input: Value) -> (String, Value) {
    let resp = app
        .gql(
            who.map(|w| w.access.as_str()),
            UPDATE,
            json!({ "i": input }),
        )
        .await;
    let code = common::error_code(&resp).unwrap_or_else(|| panic!("expected an error: {resp:#}"));
    (code, resp["errors"][0]["extensions"]["field"].clone())
}

async fn node(app: &TestApp, who: &Session, id: &str) -> Value {
    app.ok(Some(&who.access), NODE, json!({ "id": id })).await["node"].clone()
}

async fn list(app: &TestApp, who: &Session, vars: Value) -> Value {
    app.ok(Some(&who.access), LIST, vars).await["safeguardingConcerns"].clone()
}

fn listed_ids(page: &Value) -> Vec<String> {
    page["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// Each queued safeguarding email: (to, subject, text, html).
fn safeguarding_mail(app: &TestApp) -> Vec<(String, String, String, String)> {
    let mut rows: Vec<_> = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "safeguarding_immediate")
        .map(|m| (m.to_address, m.subject, m.body_text, m.body_html))
        .collect();
    rows.sort();
    rows
}

/// One audit event about a concern.
#[derive(Debug, Clone, PartialEq, Queryable)]
struct Audit {
    actor_id: Option<i64>,
    action: String,
    subject_id: i64,
    person_id: Option<i64>,
    purpose: String,
    detail: String,
}

fn audits(app: &TestApp) -> Vec<Audit> {
    use kith::db::schema::audit_events as a;
    let mut conn = app.conn();
    a::table
        .filter(a::subject_type.eq("SafeguardingConcern"))
        .order(a::id.asc())
        .select((
            a::actor_id,
            a::action,
            a::subject_id,
            a::person_id,
            a::purpose,
            a::detail,
        ))
        .load(&mut *conn)
        .unwrap()
}

fn audit_actions(app: &TestApp) -> Vec<String> {
    audits(app).into_iter().map(|a| a.action).collect()
}

async fn volunteer_raises_a_concern(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    assert_eq!(c["status"], "OPEN");
    assert_eq!(c["category"], "FINANCIAL");
    assert_eq!(c["whatHappened"], WHAT);
    assert_eq!(c["immediateRisk"], false);
    assert_eq!(c["person"]["displayName"], "Edna Morris");
    assert_eq!(c["raisedBy"]["displayName"], "Tom Evans");
    assert_eq!(c["closedAt"], Value::Null);
    // The raiser sees what they raised and where it stands, not the case
    // work, and cannot change it.
    assert_eq!(c["triage"], Value::Null);
    assert_eq!(c["events"], Value::Null);
    assert_eq!(c["viewerCanUpdate"], false);
    let id = c["id"].as_str().unwrap().to_string();
    // Not immediate: nobody is emailed.
    assert!(safeguarding_mail(&app).is_empty());

    // The lead sees it all, with the timeline.
    let seen = node(&app, &w.lena, &id).await;
    assert_eq!(seen["whatHappened"], WHAT);
    assert_eq!(seen["raisedBy"]["displayName"], "Tom Evans");
    assert_eq!(seen["viewerCanUpdate"], true);
    assert_eq!(
        seen["events"],
        json!([{"kind": "RAISED", "note": "", "actor": {"displayName": "Tom Evans"}}])
    );
    // Tom can read his own again.
    let mine = node(&app, &w.tom, &id).await;
    assert_eq!(mine["whatHappened"], WHAT);
    assert_eq!(mine["raisedBy"]["displayName"], "Tom Evans");
    assert_eq!(mine["events"], Value::Null);
    assert_eq!(mine["decisionReasoning"], Value::Null);
    let page = list(&app, &w.tom, json!({})).await;
    assert_eq!(listed_ids(&page), vec![id.clone()]);

    // A coordinator can raise about a resident they look after too, and a
    // volunteer can raise about a fellow volunteer.
    raise(&app, &w.priya, &w.edna.person_id, false).await;
    raise(&app, &w.sam, &w.tom.person_id, false).await;
    assert_eq!(app.count("safeguarding_concerns"), 3);
}

async fn resident_raises_about_themselves(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.edna, &w.edna.person_id, false).await;
    assert_eq!(c["person"]["displayName"], "Edna Morris");
    assert_eq!(c["raisedBy"]["displayName"], "Edna Morris");
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(node(&app, &w.edna, &id).await["whatHappened"], WHAT);
    assert_eq!(
        listed_ids(&list(&app, &w.edna, json!({})).await),
        vec![id.clone()]
    );
    // Her group's lead sees it; her coordinator does not.
    assert_eq!(node(&app, &w.lena, &id).await["whatHappened"], WHAT);
    assert_eq!(node(&app, &w.priya, &id).await, Value::Null);
    // Someone who belongs to no group can still raise about themselves.
    let nobody = app.register("nobody@example.org", "Nia Lone").await;
    let own = raise(&app, &nobody, &nobody.person_id, true).await;
    assert_eq!(own["status"], "OPEN");
    // Nobody leads a group of hers, so nobody is emailed; the timeline says so.
    assert!(safeguarding_mail(&app).is_empty());
    let seen = node(&app, &w.admin, own["id"].as_str().unwrap()).await;
    assert_eq!(
        seen["events"][0]["note"],
        "Immediate risk: no safeguarding lead could be emailed."
    );
}

async fn immediate_risk_emails_each_lead_once(app: TestApp) {
    let w = world(&app).await;
    // Edna also belongs to Hillside Helpers, whose lead is Hana; Lena leads
    // both groups. Riverside has three more leads who cannot be emailed:
    // Leo asked not to be contacted, Lyn's account is disabled and Lou has
    // no email address.
    let hugo = app.register("hugo@example.org", "Hugo Hill").await;
    let hillside = app.create_group(&hugo, "Hillside Helpers", "OPEN").await;
    let hana = app.register("hana@example.org", "Hana Ito").await;
    let m = join(&app, &hana, &hillside).await;
    make_lead(&app, &hugo, &m).await;
    let m = join(&app, &w.lena, &hillside).await;
    make_lead(&app, &hugo, &m).await;
    join(&app, &w.edna, &hillside).await;
    for (email, name) in [
        ("leo@example.org", "Leo Dunn"),
        ("lyn@example.org", "Lyn Cole"),
        ("lou@example.org", "Lou Park"),
    ] {
        let s = app.register(email, name).await;
        let m = join(&app, &s, &w.riverside).await;
        make_lead(&app, &w.priya, &m).await;
        if email == "leo@example.org" {
            app.ok(
                Some(&s.access),
                "mutation { updateMyProfile(input: {doNotContact: true}) { id } }",
                json!({}),
            )
            .await;
        }
    }
    {
        use kith::db::schema::people;
        let mut conn = app.conn();
        diesel::update(people::table.filter(people::email.eq("lyn@example.org")))
            .set(people::disabled_at.eq(Some(common::epoch().naive_utc())))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(people::table.filter(people::email.eq("lou@example.org")))
            .set(people::email.eq(None::<String>))
            .execute(&mut *conn)
            .unwrap();
    }
    let outbox_before = app.count("outbox");

    let c = raise(&app, &w.tom, &w.edna.person_id, true).await;
    let id = c["id"].as_str().unwrap().to_string();
    let mail = safeguarding_mail(&app);
    let to: Vec<&str> = mail.iter().map(|m| m.0.as_str()).collect();
    // Exactly one each to Hana and Lena; none to the coordinators, the
    // raiser, other volunteers, the other group's lead or the leads who
    // cannot be emailed.
    assert_eq!(to, vec!["hana@example.org", "lena@example.org"]);
    assert_eq!(app.count("outbox"), outbox_before + 2);
    let link = format!("http://kith.test/safeguarding/{id}");
    for (to, subject, text, html) in &mail {
        assert_eq!(
            subject,
            "Urgent: a safeguarding concern with immediate risk"
        );
        assert!(text.contains(&link), "{text}");
        assert!(html.contains(&link.replace('/', "&#x2f;")), "{html}");
        assert!(text.contains("(financial or material abuse)"), "{text}");
        // Never who it is about or what happened.
        for body in [text, html] {
            assert!(!body.contains("Edna"), "{body}");
            assert!(!body.contains("Morris"), "{body}");
            assert!(!body.contains("bank card"), "{body}");
            assert!(!body.contains("nephew"), "{body}");
        }
        if to == "lena@example.org" {
            assert!(text.starts_with("Hello Lena Ward,"), "{text}");
            assert!(
                text.contains("raised in Riverside Friends and Hillside Helpers"),
                "{text}"
            );
        } else {
            assert!(text.starts_with("Hello Hana Ito,"), "{text}");
            assert!(text.contains("raised in Hillside Helpers,"), "{text}");
        }
    }
    // The timeline says how many leads were told.
    let seen = node(&app, &hana, &id).await;
    assert_eq!(
        seen["events"][0]["note"],
        "Immediate risk: 2 safeguarding leads emailed."
    );
    // The link's id opens the concern for the lead.
    assert_eq!(seen["whatHappened"], WHAT);

    // A concern without immediate risk emails nobody.
    raise(&app, &w.tom, &w.edna.person_id, false).await;
    assert_eq!(safeguarding_mail(&app).len(), 2);

    // A lead raising with immediate risk is not emailed about their own
    // concern; the other leads are.
    raise(&app, &w.lena, &w.edna.person_id, true).await;
    let to: Vec<String> = safeguarding_mail(&app).into_iter().map(|m| m.0).collect();
    assert_eq!(
        to,
        vec!["hana@example.org", "hana@example.org", "lena@example.org"]
    );

    // A concern about a lead is not sent to that lead (nor shown to them).
    let about_lena = raise(&app, &w.tom, &w.lena.person_id, true).await;
    let to: Vec<String> = safeguarding_mail(&app).into_iter().map(|m| m.0).collect();
    assert_eq!(
        to,
        vec![
            "hana@example.org",
            "hana@example.org",
            "hana@example.org",
            "lena@example.org"
        ]
    );
    let about_lena = about_lena["id"].as_str().unwrap();
    assert_eq!(node(&app, &w.lena, about_lena).await, Value::Null);
    assert_eq!(node(&app, &hana, about_lena).await["whatHappened"], WHAT);
}

/// Everyone but the raiser, the person's group's leads and admins gets
/// nothing: node and nodes are null, the list leaves it out, asking for it
/// directly is FORBIDDEN for every field, and every kind of update is
/// FORBIDDEN and writes nothing. The raiser reads it but may not update it.
async fn only_the_raiser_leads_and_admins_see_a_concern(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let id = c["id"].as_str().unwrap().to_string();
    let updates = [
        json!({"concernId": id, "triage": "HIGH"}),
        json!({"concernId": id, "action": "Phoned her daughter."}),
        json!({"concernId": id, "decision": "No further action", "decisionReasoning": "She is safe and has support in place."}),
        json!({"concernId": id, "close": true}),
    ];
    let outsiders = [
        ("another volunteer", &w.sam),
        ("the person's own coordinator", &w.priya),
        ("another group's coordinator", &w.otto),
        ("another group's lead", &w.pat),
        ("the person it is about", &w.edna),
    ];
    let before = app.snapshot();
    for (who, s) in outsiders {
        assert_eq!(node(&app, s, &id).await, Value::Null, "{who}");
        let nodes = app.ok(Some(&s.access), NODES, json!({ "ids": [id] })).await;
        assert_eq!(nodes["nodes"], json!([null]), "{who}");
        let page = list(&app, s, json!({})).await;
        assert_eq!(page["totalCount"], 0, "{who}");
        assert!(listed_ids(&page).is_empty(), "{who}");
        for input in &updates {
            let (code, _) = update_err(&app, Some(s), input.clone()).await;
            assert_eq!(code, "FORBIDDEN", "{who}: {input}");
        }
        // Asked for directly, every field is refused.
        for f in [
            "id",
            "person { id }",
            "raisedBy { id }",
            "category",
            "whatHappened",
            "immediateRisk",
            "status",
            "triage",
            "decision",
            "decisionReasoning",
            "referral { id }",
            "events { kind }",
            "viewerCanUpdate",
            "createdAt",
            "updatedAt",
            "closedAt",
        ] {
            let q = format!("query($id: ID!) {{ safeguardingConcern(id: $id) {{ {f} }} }}");
            assert_eq!(
                app.err(Some(&s.access), &q, json!({ "id": id })).await,
                "FORBIDDEN",
                "{who}: {f}"
            );
        }
    }
    for input in &updates {
        let (code, _) = update_err(&app, Some(&w.tom), input.clone()).await;
        assert_eq!(code, "FORBIDDEN", "the raiser: {input}");
        let (code, _) = update_err(&app, None, input.clone()).await;
        assert_eq!(code, "UNAUTHENTICATED", "{input}");
    }
    // Signed out: nothing.
    let anon = app.gql(None, NODE, json!({ "id": id })).await;
    assert_eq!(anon["data"]["node"], Value::Null);
    assert_eq!(app.err(None, LIST, json!({})).await, "UNAUTHENTICATED");
    assert_eq!(app.snapshot(), before);

    // The lead and an admin see it, with the raiser.
    for s in [&w.lena, &w.admin] {
        let seen = node(&app, s, &id).await;
        assert_eq!(seen["whatHappened"], WHAT);
        assert_eq!(seen["raisedBy"]["displayName"], "Tom Evans");
        assert_eq!(seen["events"][0]["kind"], "RAISED");
        assert_eq!(
            listed_ids(&list(&app, s, json!({})).await),
            vec![id.clone()]
        );
    }

    // Once triaged and decided, the raiser still sees only where it stands.
    update(
        &app,
        &w.lena,
        json!({"concernId": id, "triage": "MEDIUM", "decision": "Refer to adult social care",
               "decisionReasoning": "Financial abuse by a relative needs a section 42 enquiry."}),
    )
    .await;
    let mine = node(&app, &w.tom, &id).await;
    assert_eq!(mine["status"], "TRIAGED");
    assert_eq!(mine["triage"], Value::Null);
    assert_eq!(mine["decision"], Value::Null);
    assert_eq!(mine["decisionReasoning"], Value::Null);
    assert_eq!(mine["events"], Value::Null);
    assert_eq!(mine["viewerCanUpdate"], false);
    // A lead of another group never sees it.
    assert_eq!(node(&app, &w.pat, &id).await, Value::Null);
}

async fn lead_works_a_concern_to_closure(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, true).await;
    let id = c["id"].as_str().unwrap().to_string();

    let t = update(&app, &w.lena, json!({"concernId": id, "triage": "MEDIUM"})).await;
    assert_eq!(t["status"], "TRIAGED");
    assert_eq!(t["triage"], "MEDIUM");
    assert_eq!(t["viewerCanUpdate"], true);
    // Re-triage as things become clearer.
    let t = update(&app, &w.lena, json!({"concernId": id, "triage": "HIGH"})).await;
    assert_eq!(t["triage"], "HIGH");
    assert_eq!(t["status"], "TRIAGED");
    let a = update(
        &app,
        &w.lena,
        json!({"concernId": id, "action": "  Visited Edna with her daughter; card cancelled.  "}),
    )
    .await;
    assert_eq!(a["status"], "TRIAGED");
    // An admin may record actions too.
    update(
        &app,
        &w.admin,
        json!({"concernId": id, "action": "Checked the bank has flagged the account."}),
    )
    .await;
    let d = update(
        &app,
        &w.lena,
        json!({"concernId": id, "decision": "Safeguarding plan in place",
               "decisionReasoning": "Edna agreed to the plan and her daughter now manages her card."}),
    )
    .await;
    assert_eq!(d["decision"], "Safeguarding plan in place");
    assert_eq!(
        d["decisionReasoning"],
        "Edna agreed to the plan and her daughter now manages her card."
    );
    assert_eq!(d["status"], "TRIAGED");
    assert_eq!(d["closedAt"], Value::Null);
    // Closed ten minutes later.
    app.state.clock.advance(chrono::Duration::minutes(10));
    let closed = update(&app, &w.lena, json!({"concernId": id, "close": true})).await;
    assert_eq!(closed["status"], "CLOSED");
    assert_eq!(closed["closedAt"], "2026-11-23T09:10:00+00:00");
    assert_eq!(closed["viewerCanUpdate"], false);
    let events: Vec<(String, String, String)> = closed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap().to_string(),
                e["note"].as_str().unwrap().to_string(),
                e["actor"]["displayName"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let lena = "Lena Ward".to_string();
    assert_eq!(
        events,
        vec![
            (
                "RAISED".into(),
                "Immediate risk: 1 safeguarding lead emailed.".into(),
                "Tom Evans".into()
            ),
            ("TRIAGED".into(), "MEDIUM".into(), lena.clone()),
            ("TRIAGED".into(), "HIGH (was MEDIUM)".into(), lena.clone()),
            (
                "ACTION".into(),
                "Visited Edna with her daughter; card cancelled.".into(),
                lena.clone()
            ),
            (
                "ACTION".into(),
                "Checked the bank has flagged the account.".into(),
                "Admin".into()
            ),
            (
                "DECIDED".into(),
                "Safeguarding plan in place\nReasoning: Edna agreed to the plan and her daughter now manages her card.".into(),
                lena.clone()
            ),
            ("CLOSED".into(), "".into(), lena.clone()),
        ]
    );
    // The raiser sees that it is closed.
    let mine = node(&app, &w.tom, &id).await;
    assert_eq!(mine["status"], "CLOSED");
    assert_eq!(mine["closedAt"], "2026-11-23T09:10:00+00:00");
    // And the list filters by status.
    let other = raise(&app, &w.sam, &w.edna.person_id, false).await;
    let page = list(&app, &w.lena, json!({"s": "CLOSED"})).await;
    assert_eq!(listed_ids(&page), vec![id.clone()]);
    let page = list(&app, &w.lena, json!({"s": "OPEN"})).await;
    assert_eq!(listed_ids(&page), vec![other["id"].as_str().unwrap()]);

    // Everything in one update: triage, an action, a decision and closing.
    let other_id = other["id"].as_str().unwrap();
    let done = update(
        &app,
        &w.admin,
        json!({"concernId": other_id, "triage": "LOW", "action": "Spoke to Sam.",
               "decision": "No further action", "decisionReasoning": "Already being handled under the first concern.",
               "close": true}),
    )
    .await;
    assert_eq!(done["status"], "CLOSED");
    assert_eq!(done["triage"], "LOW");
    let kinds: Vec<&str> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["RAISED", "TRIAGED", "ACTION", "DECIDED", "CLOSED"]);
}

async fn invalid_moves_write_nothing(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let id = c["id"].as_str().unwrap().to_string();
    let decide = json!({"concernId": id, "decision": "No further action",
                        "decisionReasoning": "She is safe and has support in place."});

    let before = app.snapshot();
    // Closing needs a decision; a decision needs a triage.
    for input in [
        json!({"concernId": id, "close": true}),
        decide.clone(),
        json!({"concernId": id, "triage": "LOW", "close": true}),
        json!({"concernId": id, "action": "Phoned her.", "close": true}),
    ] {
        let (code, _) = update_err(&app, Some(&w.lena), input.clone()).await;
        assert_eq!(code, "INVALID_TRANSITION", "{input}");
    }
    assert_eq!(app.snapshot(), before);
    let seen = node(&app, &w.lena, &id).await;
    assert_eq!(seen["status"], "OPEN");
    assert_eq!(seen["triage"], Value::Null);

    update(&app, &w.lena, json!({"concernId": id, "triage": "LOW"})).await;
    let before = app.snapshot();
    let (code, _) = update_err(
        &app,
        Some(&w.lena),
        json!({"concernId": id, "action": "Phoned her.", "close": true}),
    )
    .await;
    assert_eq!(code, "INVALID_TRANSITION");
    assert_eq!(app.snapshot(), before);

    let mut close = decide.clone();
    close["close"] = json!(true);
    update(&app, &w.lena, close).await;
    // A closed concern cannot change at all.
    let before = app.snapshot();
    for input in [
        json!({"concernId": id, "triage": "HIGH"}),
        json!({"concernId": id, "action": "One more thing."}),
        decide.clone(),
        json!({"concernId": id, "close": true}),
    ] {
        for s in [&w.lena, &w.admin] {
            let (code, _) = update_err(&app, Some(s), input.clone()).await;
            assert_eq!(code, "INVALID_TRANSITION", "{input}");
        }
        // Those who may not change it still hear so first.
        let (code, _) = update_err(&app, Some(&w.tom), input.clone()).await;
        assert_eq!(code, "FORBIDDEN");
    }
    assert_eq!(app.snapshot(), before);
    assert_eq!(node(&app, &w.lena, &id).await["status"], "CLOSED");
}

async fn bad_inputs_write_nothing(app: TestApp) {
    let w = world(&app).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let id = c["id"].as_str().unwrap().to_string();
    let unknown_person = URL_SAFE_NO_PAD.encode("Person:999999");
    let before = app.snapshot();

    let raise_with = |person: &str, what: &str| json!({"i": {"personId": person, "category": "NEGLECT", "whatHappened": what, "immediateRisk": true}});
    for (who, vars, code, field) in [
        (
            Some(&w.tom),
            raise_with(&w.edna.person_id, ""),
            "VALIDATION",
            json!("whatHappened"),
        ),
        (
            Some(&w.tom),
            raise_with(&w.edna.person_id, "   \n  "),
            "VALIDATION",
            json!("whatHappened"),
        ),
        (
            Some(&w.tom),
            raise_with(&w.edna.person_id, "Too short"),
            "VALIDATION",
            json!("whatHappened"),
        ),
        (
            Some(&w.tom),
            raise_with(&w.edna.person_id, &"x".repeat(10_001)),
            "VALIDATION",
            json!("whatHappened"),
        ),
        (
            Some(&w.tom),
            raise_with(&w.edna.person_id, "She was hit\u{0} by someone."),
            "VALIDATION",
            json!("whatHappened"),
        ),
        (
            Some(&w.tom),
            raise_with("not-an-id", WHAT),
            "VALIDATION",
            json!("personId"),
        ),
        (
            Some(&w.tom),
            raise_with(&unknown_person, WHAT),
            "NOT_FOUND",
            Value::Null,
        ),
        // A group's id is not a person.
        (
            Some(&w.tom),
            raise_with(&w.riverside, WHAT),
            "NOT_FOUND",
            Value::Null,
        ),
        // Someone Otto cannot see: not in any group of his.
        (
            Some(&w.otto),
            raise_with(&w.edna.person_id, WHAT),
            "NOT_FOUND",
            Value::Null,
        ),
        (
            None,
            raise_with(&w.edna.person_id, WHAT),
            "UNAUTHENTICATED",
            Value::Null,
        ),
        (
            Some(&w.tom),
            json!({"i": {"personId": w.edna.person_id, "category": "GOSSIP", "whatHappened": WHAT, "immediateRisk": false}}),
            "VALIDATION",
            Value::Null,
        ),
    ] {
        let resp = app
            .gql(who.map(|s| s.access.as_str()), RAISE, vars.clone())
            .await;
        assert_eq!(
            common::error_code(&resp).as_deref(),
            Some(code),
            "{vars}: {resp}"
        );
        if field != Value::Null {
            assert_eq!(resp["errors"][0]["extensions"]["field"], field, "{resp}");
        }
    }

    let unknown_concern = URL_SAFE_NO_PAD.encode("SafeguardingConcern:999999");
    for (input, code, field) in [
        (
            json!({"concernId": "garbage", "triage": "LOW"}),
            "VALIDATION",
            json!("concernId"),
        ),
        (
            json!({"concernId": unknown_concern, "triage": "LOW"}),
            "NOT_FOUND",
            Value::Null,
        ),
        // Another type's id is not a concern.
        (
            json!({"concernId": w.edna.person_id, "triage": "LOW"}),
            "NOT_FOUND",
            Value::Null,
        ),
        (json!({"concernId": id}), "VALIDATION", json!("input")),
        (
            json!({"concernId": id, "close": false}),
            "VALIDATION",
            json!("input"),
        ),
        (
            json!({"concernId": id, "triage": "LOW", "decision": "No further action"}),
            "VALIDATION",
            json!("decisionReasoning"),
        ),
        (
            json!({"concernId": id, "triage": "LOW", "decisionReasoning": "Because she is safe now."}),
            "VALIDATION",
            json!("decision"),
        ),
        (
            json!({"concernId": id, "triage": "LOW", "decision": "  ", "decisionReasoning": "Because she is safe now."}),
            "VALIDATION",
            json!("decision"),
        ),
        (
            json!({"concernId": id, "triage": "LOW", "decision": "No further action", "decisionReasoning": "ok"}),
            "VALIDATION",
            json!("decisionReasoning"),
        ),
        (
            json!({"concernId": id, "triage": "LOW", "action": ""}),
            "VALIDATION",
            json!("action"),
        ),
        (
            json!({"concernId": id, "action": "x".repeat(4_001)}),
            "VALIDATION",
            json!("action"),
        ),
        (
            json!({"concernId": id, "triage": "URGENT"}),
            "VALIDATION",
            Value::Null,
        ),
    ] {
        let (c, f) = update_err(&app, Some(&w.lena), input.clone()).await;
        assert_eq!(c, code, "{input}");
        if field != Value::Null {
            assert_eq!(f, field, "{input}");
        }
    }
    // Bad paging arguments.
    for vars in [json!({"a": "!!!"}), json!({"f": -1}), json!({"s": "DONE"})] {
        assert_eq!(
            app.err(Some(&w.lena.access), LIST, vars.clone()).await,
            "VALIDATION",
            "{vars}"
        );
    }
    // Garbage node ids are refused before anything is read.
    assert_eq!(
        app.err(Some(&w.lena.access), NODE, json!({"id": "%%%"}))
            .await,
        "VALIDATION"
    );
    assert_eq!(app.snapshot(), before);
    assert_eq!(node(&app, &w.lena, &unknown_concern).await, Value::Null);
}

async fn reads_and_changes_are_audited(app: TestApp) {
    let w = world(&app).await;
    let edna = raw(&w.edna.person_id);
    let lena = raw(&w.lena.person_id);
    let tom = raw(&w.tom.person_id);
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let id = c["id"].as_str().unwrap().to_string();
    let cid = raw(&id);
    // Raising is one CREATE event (its response needs no separate read).
    assert_eq!(
        audits(&app),
        vec![Audit {
            actor_id: Some(tom),
            action: "CREATE".into(),
            subject_id: cid,
            person_id: Some(edna),
            purpose: "safeguarding".into(),
            detail: "category,whatHappened,immediateRisk".into(),
        }]
    );

    // A read of many fields is one READ event.
    node(&app, &w.lena, &id).await;
    let all = audits(&app);
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[1],
        Audit {
            actor_id: Some(lena),
            action: "READ".into(),
            subject_id: cid,
            person_id: Some(edna),
            purpose: "safeguarding".into(),
            detail: "category,whatHappened,immediateRisk,status,raisedBy,triage,decision,decisionReasoning,referral,events (as safeguarding lead)".into(),
        }
    );
    // The raiser's read names what the raiser is shown.
    node(&app, &w.tom, &id).await;
    let all = audits(&app);
    assert_eq!(all.len(), 3);
    assert_eq!(all[2].actor_id, Some(tom));
    assert_eq!(
        all[2].detail,
        "category,whatHappened,immediateRisk,status,raisedBy (as raiser)"
    );

    // The same concern twice in one request (node and list) is one READ.
    let both = app
        .ok(
            Some(&w.lena.access),
            "query($id: ID!) { a: node(id: $id) { ... on SafeguardingConcern { whatHappened } } b: node(id: $id) { ... on SafeguardingConcern { status } } safeguardingConcerns { edges { node { whatHappened triage } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(both["a"]["whatHappened"], WHAT);
    assert_eq!(audits(&app).len(), 4);

    // A list shows each concern once: one READ per concern.
    raise(&app, &w.sam, &w.edna.person_id, false).await;
    assert_eq!(audits(&app).len(), 5);
    let page = list(&app, &w.admin, json!({})).await;
    assert_eq!(page["totalCount"], 2);
    let all = audits(&app);
    assert_eq!(all.len(), 7);
    let admin = raw(&w.admin.person_id);
    let mut read: Vec<(Option<i64>, &str)> = all[5..]
        .iter()
        .map(|a| (a.actor_id, a.action.as_str()))
        .collect();
    read.dedup();
    assert_eq!(read, vec![(Some(admin), "READ")]);
    assert!(all[5..].iter().all(|a| a.detail.ends_with("(as admin)")));

    // Asking only for ids shows nothing about anyone: no READ.
    app.ok(
        Some(&w.lena.access),
        "{ safeguardingConcerns { totalCount edges { node { id } } } }",
        json!({}),
    )
    .await;
    assert_eq!(audits(&app).len(), 7);

    // Each change is one UPDATE naming what changed, never the content.
    update(&app, &w.lena, json!({"concernId": id, "triage": "HIGH"})).await;
    update(
        &app,
        &w.lena,
        json!({"concernId": id, "action": "Phoned her daughter.", "decision": "Refer to adult social care",
               "decisionReasoning": "Financial abuse by a relative needs a section 42 enquiry.", "close": true}),
    )
    .await;
    let all = audits(&app);
    assert_eq!(all.len(), 9);
    assert_eq!(
        all[7],
        Audit {
            actor_id: Some(lena),
            action: "UPDATE".into(),
            subject_id: cid,
            person_id: Some(edna),
            purpose: "safeguarding".into(),
            detail: "triage HIGH; status OPEN -> TRIAGED".into(),
        }
    );
    assert_eq!(all[8].action, "UPDATE");
    assert_eq!(
        all[8].detail,
        "action; decision,decisionReasoning; status TRIAGED -> CLOSED"
    );
    assert!(!all.iter().any(|a| a.detail.contains("daughter")));

    // Refused reads and changes are not reads: nothing is recorded.
    let before = audit_actions(&app);
    assert_eq!(node(&app, &w.sam, &id).await, Value::Null);
    update_err(
        &app,
        Some(&w.sam),
        json!({"concernId": id, "triage": "LOW"}),
    )
    .await;
    update_err(
        &app,
        Some(&w.lena),
        json!({"concernId": id, "triage": "LOW"}),
    )
    .await;
    assert_eq!(audit_actions(&app), before);
}

async fn lists_follow_who_may_see(app: TestApp) {
    let w = world(&app).await;
    // Pat (Parkside's lead) gets a member with a concern of her own.
    let pia = app.register("pia@example.org", "Pia Lund").await;
    join(&app, &pia, &w.parkside).await;
    let a = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let b = raise(&app, &w.sam, &w.edna.person_id, false).await;
    let c = raise(&app, &w.tom, &w.sam.person_id, false).await;
    let d = raise(&app, &pia, &pia.person_id, false).await;
    let id = |v: &Value| v["id"].as_str().unwrap().to_string();

    // Newest first.
    assert_eq!(
        listed_ids(&list(&app, &w.lena, json!({})).await),
        vec![id(&c), id(&b), id(&a)]
    );
    assert_eq!(
        listed_ids(&list(&app, &w.pat, json!({})).await),
        vec![id(&d)]
    );
    assert_eq!(
        listed_ids(&list(&app, &w.admin, json!({})).await),
        vec![id(&d), id(&c), id(&b), id(&a)]
    );
    assert_eq!(
        listed_ids(&list(&app, &w.tom, json!({})).await),
        vec![id(&c), id(&a)]
    );
    // Sam sees the one Sam raised, not the one about Sam.
    assert_eq!(
        listed_ids(&list(&app, &w.sam, json!({})).await),
        vec![id(&b)]
    );
    for s in [&w.priya, &w.otto, &w.edna] {
        assert_eq!(list(&app, s, json!({})).await["totalCount"], 0);
    }

    // Paging: one at a time, following the cursor.
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = list(&app, &w.lena, json!({"f": 1, "a": after})).await;
        assert_eq!(page["totalCount"], 3);
        seen.extend(listed_ids(&page));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_string);
    }
    assert_eq!(seen, vec![id(&c), id(&b), id(&a)]);

    // A lead whose membership is no longer active loses the concerns.
    {
        use kith::db::schema::memberships;
        let mut conn = app.conn();
        diesel::update(
            memberships::table.filter(memberships::person_id.eq(raw(&w.lena.person_id))),
        )
        .set(memberships::status.eq("DECLINED"))
        .execute(&mut *conn)
        .unwrap();
    }
    assert_eq!(list(&app, &w.lena, json!({})).await["totalCount"], 0);
    assert_eq!(node(&app, &w.lena, &id(&a)).await, Value::Null);
}

const REFER: &str = "mutation($i: UpdateConcernInput!) { updateSafeguardingConcern(input: $i) { status events { kind note } referral { id status reason urgency details lawfulBasis lawfulBasisReasoning consentId referrer { displayName } referringGroup { name } partner { name } } } }";

/// The council's adult social care team, a statutory partner with a
/// referral inbox.
async fn council(app: &TestApp, admin: &Session) -> String {
    let g = app
        .ok(
            Some(&admin.access),
            "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
            json!({"i": {"name": "Riverside Council Adult Social Care", "kind": "COUNCIL_ADULT_SOCIAL_CARE",
                         "joinPolicy": "INVITATION", "area": "Riverside"}}),
        )
        .await["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&admin.access),
        "mutation($g: ID!, $i: PartnerProfileInput!) { updatePartnerProfile(groupId: $g, input: $i) { id } }",
        json!({"g": g, "i": {"referralEmail": "safeguarding@council.example.org"}}),
    )
    .await;
    g
}

fn referral_mail(app: &TestApp) -> Vec<(String, String)> {
    kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == "referral_new")
        .map(|m| (m.to_address, m.body_text))
        .collect()
}

const REASONING: &str =
    "Edna is at risk of continuing financial abuse and the council has a section 42 duty.";

async fn lead_refers_a_concern_to_the_council(app: TestApp) {
    let w = world(&app).await;
    let council = council(&app, &w.admin).await;
    let c = raise(&app, &w.tom, &w.edna.person_id, false).await;
    let id = c["id"].as_str().unwrap().to_string();
    let refer = |extra: Value| {
        let mut i = json!({"concernId": id, "referToPartnerGroupId": council,
                           "referralDetails": "Financial abuse by a relative; she agreed we could call."});
        for (k, v) in extra.as_object().unwrap() {
            i[k] = v.clone();
        }
        i
    };

    // Bad referrals write nothing.
    let before = app.snapshot();
    for (input, code, field) in [
        // Neither consent nor a lawful basis.
        (refer(json!({})), "CONSENT_REQUIRED", Value::Null),
        (
            refer(json!({"lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": "Duty."})),
            "VALIDATION",
            json!("lawfulBasisReasoning"),
        ),
        (
            json!({"concernId": id, "referToPartnerGroupId": council, "lawfulBasis": "SAFEGUARDING_DUTY",
                   "lawfulBasisReasoning": REASONING}),
            "VALIDATION",
            json!("referralDetails"),
        ),
        (
            refer(
                json!({"referralDetails": "Too short", "lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": REASONING}),
            ),
            "VALIDATION",
            json!("referralDetails"),
        ),
        (
            json!({"concernId": id, "referralDetails": "Financial abuse by a relative.", "lawfulBasis": "SAFEGUARDING_DUTY",
                   "lawfulBasisReasoning": REASONING}),
            "VALIDATION",
            json!("referToPartnerGroupId"),
        ),
        // A community group is not a statutory partner.
        (
            refer(
                json!({"referToPartnerGroupId": w.riverside, "lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": REASONING}),
            ),
            "VALIDATION",
            json!("referToPartnerGroupId"),
        ),
        (
            refer(
                json!({"referToPartnerGroupId": URL_SAFE_NO_PAD.encode("Group:999999"), "lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": REASONING}),
            ),
            "NOT_FOUND",
            Value::Null,
        ),
        (
            refer(
                json!({"referToPartnerGroupId": "garbage", "lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": REASONING}),
            ),
            "VALIDATION",
            json!("referToPartnerGroupId"),
        ),
    ] {
        let (c, f) = update_err(&app, Some(&w.lena), input.clone()).await;
        assert_eq!(c, code, "{input}");
        if field != Value::Null {
            assert_eq!(f, field, "{input}");
        }
    }
    // The raiser and the resident's coordinator may not refer through it.
    let basis = json!({"lawfulBasis": "SAFEGUARDING_DUTY", "lawfulBasisReasoning": REASONING});
    assert_eq!(
        update_err(&app, Some(&w.tom), refer(basis.clone())).await.0,
        "FORBIDDEN"
    );
    assert_eq!(
        update_err(&app, Some(&w.priya), refer(basis.clone()))
            .await
            .0,
        "FORBIDDEN"
    );
    assert_eq!(app.snapshot(), before);
    assert!(referral_mail(&app).is_empty());

    // Triaged HIGH and referred under the safeguarding duty: sent at once,
    // urgent, from Lena for Riverside Friends.
    let mut input = refer(basis.clone());
    input["triage"] = json!("HIGH");
    let data = app
        .ok(Some(&w.lena.access), REFER, json!({ "i": input }))
        .await;
    let done = &data["updateSafeguardingConcern"];
    assert_eq!(done["status"], "TRIAGED");
    let r = &done["referral"];
    assert_eq!(r["status"], "SENT");
    assert_eq!(r["reason"], "SAFEGUARDING");
    assert_eq!(r["urgency"], "URGENT");
    assert_eq!(r["lawfulBasis"], "SAFEGUARDING_DUTY");
    assert_eq!(r["lawfulBasisReasoning"], REASONING);
    assert_eq!(r["consentId"], Value::Null);
    assert_eq!(r["referrer"]["displayName"], "Lena Ward");
    assert_eq!(r["referringGroup"]["name"], "Riverside Friends");
    assert_eq!(r["partner"]["name"], "Riverside Council Adult Social Care");
    let kinds: Vec<(&str, &str)> = done["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap(), e["note"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("RAISED", ""),
            ("TRIAGED", "HIGH"),
            (
                "REFERRED",
                "Referred to Riverside Council Adult Social Care."
            )
        ]
    );
    // The partner's inbox hears of it once, without the details.
    let mail = referral_mail(&app);
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "safeguarding@council.example.org");
    assert!(!mail[0].1.contains("Edna"), "{}", mail[0].1);
    // The change names the referral; the referral is audited on its own.
    let last = audits(&app).pop().unwrap();
    assert_eq!(last.action, "UPDATE");
    assert_eq!(last.detail, "triage HIGH; referral; status OPEN -> TRIAGED");
    // Lena and admins see the referral on the concern; the raiser does not.
    let q = "query($id: ID!) { node(id: $id) { ... on SafeguardingConcern { referral { id status } } } }";
    let seen = app.ok(Some(&w.lena.access), q, json!({ "id": id })).await;
    assert_eq!(seen["node"]["referral"]["id"], r["id"]);
    let seen = app.ok(Some(&w.admin.access), q, json!({ "id": id })).await;
    assert_eq!(seen["node"]["referral"]["status"], "SENT");
    let seen = app.ok(Some(&w.tom.access), q, json!({ "id": id })).await;
    assert_eq!(seen["node"]["referral"], Value::Null);
    // The safeguarding referral itself: not for Edna (it could put her at
    // risk), nor for her group's coordinator; another lead of the group
    // follows it.
    let other_lead = app.register("lee@example.org", "Lee Grant").await;
    let m = join(&app, &other_lead, &w.riverside).await;
    make_lead(&app, &w.priya, &m).await;
    let look = "query($id: ID!) { referral(id: $id) { status } }";
    for who in [&w.edna, &w.priya, &w.tom, &w.pat] {
        assert_eq!(
            app.err(Some(&who.access), look, json!({"id": r["id"]}))
                .await,
            "FORBIDDEN"
        );
        let mine = app
            .ok(Some(&who.access), "{ referrals { totalCount } }", json!({}))
            .await;
        assert_eq!(mine["referrals"]["totalCount"], 0);
    }
    let seen = app
        .ok(Some(&other_lead.access), look, json!({"id": r["id"]}))
        .await;
    assert_eq!(seen["referral"]["status"], "SENT");

    // Once referred, never twice.
    let before = app.snapshot();
    assert_eq!(
        update_err(&app, Some(&w.lena), refer(basis.clone()))
            .await
            .0,
        "INVALID_TRANSITION"
    );
    assert_eq!(app.snapshot(), before);

    // With Edna's consent instead: a routine-looking concern not yet
    // triaged goes as SOON.
    let purpose = kith::domain::referrals::consent_purpose(
        kith::domain::groups::GroupKind::CouncilAdultSocialCare,
    );
    let consent = app
        .ok(
            Some(&w.edna.access),
            "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }",
            json!({"i": {"purpose": purpose, "given": true}}),
        )
        .await["recordConsent"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let second = raise(&app, &w.sam, &w.edna.person_id, false).await;
    let input = json!({"concernId": second["id"], "referToPartnerGroupId": council,
                       "referralDetails": "Worried about her money; she asked us to refer her.",
                       "referralConsentId": consent});
    let data = app
        .ok(Some(&w.lena.access), REFER, json!({ "i": input }))
        .await;
    let r = &data["updateSafeguardingConcern"]["referral"];
    assert_eq!(r["consentId"], json!(consent));
    assert_eq!(r["lawfulBasis"], Value::Null);
    assert_eq!(r["urgency"], "SOON");
    assert_eq!(data["updateSafeguardingConcern"]["status"], "OPEN");
    assert_eq!(referral_mail(&app).len(), 2);
}

both_backends!(
    volunteer_raises_a_concern,
    resident_raises_about_themselves,
    immediate_risk_emails_each_lead_once,
    only_the_raiser_leads_and_admins_see_a_concern,
    lead_works_a_concern_to_closure,
    invalid_moves_write_nothing,
    bad_inputs_write_nothing,
    reads_and_changes_are_audited,
    lists_follow_who_may_see,
    lead_refers_a_concern_to_the_council,
);
