//! Outcome surveys and published outcomes: answering (as the resident or
//! for them), refusals that write nothing, the six-monthly invitations and
//! the call list, the public report with suppressed and rounded figures,
//! its CSV download, and a property test proving that no suppressed count
//! can be worked out from the rest of a report.

mod common;

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use common::{epoch, Session, TestApp};
use kith::domain::outcomes::{self, Figure, Question, RawFigures};
use proptest::prelude::*;
use serde_json::{json, Value};

const CREATE_RESIDENT: &str =
    "mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }";
const PROFILE: &str =
    "mutation($i: ResidentProfileInput!) { updateResidentProfile(input: $i) { area } }";
const SUBMIT: &str = "mutation($i: OutcomeSurveyInput!) { submitOutcomeSurvey(input: $i) { id area period onBehalf controlOverDailyLife socialContact feelingSafe findingInformation qualityOfLife submittedAt resident { displayName } submittedBy { displayName } } }";
const LATEST: &str = "query($r: ID) { latestOutcomeSurvey(residentId: $r) { id feelingSafe } }";
const CALL_LIST: &str = "query($g: ID!, $first: Int, $after: String) { outcomeSurveyCallList(groupId: $g, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { displayName channel language invitedAt resident { id residentProfile { phone } } } } } }";
const REPORT: &str = "query($a: String, $f: Date, $t: Date) { publishedOutcomes(area: $a, from: $f, to: $t) { area from to periods method respondents { value suppressed share } questions { question text answers { answer text value suppressed share } } service { hoursGiven { value suppressed share } checkInsDue { value suppressed share } checkInsOnTime { value suppressed share } checkInsMissed { value suppressed share } checkInsEscalated { value suppressed share } referralsSent { value suppressed share } referralsAcknowledgedInTime { value suppressed share } residents { value suppressed share } residentsGivingTime { value suppressed share } } } }";

fn answers(control: &str, social: &str, safe: &str, info: &str, quality: &str) -> Value {
    json!({
        "controlOverDailyLife": control,
        "socialContact": social,
        "feelingSafe": safe,
        "findingInformation": info,
        "qualityOfLife": quality,
    })
}

fn for_resident(resident: &str, mut a: Value) -> Value {
    a["residentId"] = json!(resident);
    json!({ "i": a })
}

struct World {
    coord: Session,
    group: String,
    outsider: Session,
}

async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let outsider = app.register("out@example.org", "Olu Ade").await;
    World {
        coord,
        group,
        outsider,
    }
}

async fn resident(app: &TestApp, w: &World, name: &str, profile: Value) -> String {
    app.ok(
        Some(&w.coord.access),
        CREATE_RESIDENT,
        json!({"i": {"groupId": w.group, "displayName": name, "profile": profile}}),
    )
    .await["createResident"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn set_clock(app: &TestApp, t: DateTime<Utc>) {
    let now = app.state.clock.now();
    assert!(t >= now, "the clock only moves forwards");
    app.state.clock.advance(t - now);
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
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

fn count(app: &TestApp, table: &str) -> i64 {
    app.count(table)
}

async fn answering_for_yourself_and_for_a_resident(app: TestApp) {
    let w = world(&app).await;
    let edna = resident(&app, &w, "Edna Morris", json!({"area": " Riverside ward "})).await;
    let audits = count(&app, "audit_events");
    let d = app
        .ok(
            Some(&w.coord.access),
            SUBMIT,
            for_resident(
                &edna,
                answers(
                    "ADEQUATE",
                    "ISOLATED",
                    "AS_SAFE_AS_I_WANT",
                    "NEVER_TRIED",
                    "GOOD",
                ),
            ),
        )
        .await;
    let s = &d["submitOutcomeSurvey"];
    assert_eq!(s["area"], "Riverside ward");
    assert_eq!(s["period"], "2026-H2");
    assert_eq!(s["onBehalf"], true);
    assert_eq!(s["socialContact"], "ISOLATED");
    assert_eq!(s["resident"]["displayName"], "Edna Morris");
    assert_eq!(s["submittedBy"]["displayName"], "Priya Shah");
    assert_eq!(
        count(&app, "audit_events"),
        audits + 1,
        "the answers are on record"
    );

    // Answering again in the same period replaces the answers.
    set_clock(&app, at("2026-12-01T10:00:00Z"));
    let coord = login(&app, "coord@example.org").await;
    let again = app
        .ok(
            Some(&coord.access),
            SUBMIT,
            for_resident(
                &edna,
                answers(
                    "ADEQUATE",
                    "ADEQUATE",
                    "NOT_AT_ALL_SAFE",
                    "NEVER_TRIED",
                    "GOOD",
                ),
            ),
        )
        .await;
    assert_eq!(again["submitOutcomeSurvey"]["id"], s["id"]);
    assert_eq!(
        again["submitOutcomeSurvey"]["feelingSafe"],
        "NOT_AT_ALL_SAFE"
    );
    assert_eq!(
        again["submitOutcomeSurvey"]["submittedAt"],
        "2026-12-01T10:00:00+00:00"
    );
    assert_eq!(count(&app, "outcome_surveys"), 1);
    let latest = app
        .ok(Some(&coord.access), LATEST, json!({"r": edna}))
        .await;
    assert_eq!(
        latest["latestOutcomeSurvey"]["feelingSafe"],
        "NOT_AT_ALL_SAFE"
    );

    // A resident with an account answers for themselves; a new period is a
    // new set of answers.
    let rose = app.register("rose@example.org", "Rose Hall").await;
    app.ok(
        Some(&rose.access),
        PROFILE,
        json!({"i": {"profile": {"area": "Hillside"}}}),
    )
    .await;
    let mine = app
        .ok(
            Some(&rose.access),
            SUBMIT,
            json!({"i": answers("AS_MUCH_AS_I_WANT", "ADEQUATE", "ADEQUATELY_SAFE", "FAIRLY_EASY", "VERY_GOOD")}),
        )
        .await;
    assert_eq!(mine["submitOutcomeSurvey"]["onBehalf"], false);
    assert_eq!(mine["submitOutcomeSurvey"]["area"], "Hillside");
    set_clock(&app, at("2027-01-05T10:00:00Z"));
    let rose = login(&app, "rose@example.org").await;
    let next = app
        .ok(
            Some(&rose.access),
            SUBMIT,
            json!({"i": answers("AS_MUCH_AS_I_WANT", "ADEQUATE", "ADEQUATELY_SAFE", "FAIRLY_EASY", "VERY_GOOD")}),
        )
        .await;
    assert_eq!(next["submitOutcomeSurvey"]["period"], "2027-H1");
    assert_ne!(
        next["submitOutcomeSurvey"]["id"],
        mine["submitOutcomeSurvey"]["id"]
    );
    assert_eq!(count(&app, "outcome_surveys"), 3);
    // Nobody else sees anyone's answers.
    let outsider = login(&app, "out@example.org").await;
    let hidden = app
        .ok(Some(&outsider.access), LATEST, json!({"r": rose.person_id}))
        .await;
    assert_eq!(hidden["latestOutcomeSurvey"], Value::Null);
}

async fn refused_answers_write_nothing(app: TestApp) {
    let w = world(&app).await;
    let edna = resident(&app, &w, "Edna Morris", json!({"area": "Riverside ward"})).await;
    let good = || {
        answers(
            "ADEQUATE",
            "ADEQUATE",
            "AS_SAFE_AS_I_WANT",
            "VERY_EASY",
            "GOOD",
        )
    };
    let before = app.snapshot();
    // Not signed in.
    assert_eq!(
        app.err(None, SUBMIT, for_resident(&edna, good())).await,
        "UNAUTHENTICATED"
    );
    // Someone who does not act for her: as if she did not exist.
    assert_eq!(
        app.err(
            Some(&w.outsider.access),
            SUBMIT,
            for_resident(&edna, good())
        )
        .await,
        "NOT_FOUND"
    );
    // Nobody with that id, an id of another kind, and no id at all.
    let nobody = kith::graphql::ids::encode("Person", 999_999).0;
    assert_eq!(
        app.err(Some(&w.coord.access), SUBMIT, for_resident(&nobody, good()))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            SUBMIT,
            for_resident(&w.group, good())
        )
        .await,
        "NOT_FOUND"
    );
    let resp = app
        .gql(
            Some(&w.coord.access),
            SUBMIT,
            for_resident("not an id", good()),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(resp["errors"][0]["extensions"]["field"], "residentId");
    // A person who is not a resident (no resident profile): the
    // coordinator answering for themselves.
    let resp = app
        .gql(Some(&w.coord.access), SUBMIT, json!({"i": good()}))
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(resp["errors"][0]["extensions"]["field"], "residentId");
    // An answer the question does not have.
    let mut bad = good();
    bad["feelingSafe"] = json!("QUITE_SAFE");
    assert_eq!(
        app.err(Some(&w.coord.access), SUBMIT, for_resident(&edna, bad))
            .await,
        "VALIDATION"
    );
    assert_eq!(app.snapshot(), before);
}

fn mail_to(app: &TestApp, kind: &str) -> Vec<String> {
    let mut to: Vec<String> = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.to_address)
        .collect();
    to.sort();
    to
}

fn invite(app: &TestApp, t: DateTime<Utc>) -> usize {
    outcomes::invite_due(&mut app.conn(), "http://kith.test", t.naive_utc()).unwrap()
}

async fn residents_are_invited_every_six_months(app: TestApp) {
    let w = world(&app).await;
    // Edna has no email (the call list, by phone); Dan prefers post; Nina
    // asked not to be contacted; Rose has her own account and email.
    let edna = resident(
        &app,
        &w,
        "Edna Morris",
        json!({"area": "Riverside ward", "phone": "01632 960001"}),
    )
    .await;
    let dan = resident(
        &app,
        &w,
        "Dan Price",
        json!({"area": "Riverside ward", "contactChannel": "POST"}),
    )
    .await;
    resident(
        &app,
        &w,
        "Nina Shah",
        json!({"area": "Riverside ward", "doNotContact": true}),
    )
    .await;
    let rose = app.register("rose@example.org", "Rose Hall").await;
    app.ok(
        Some(&rose.access),
        PROFILE,
        json!({"i": {"profile": {"area": "Riverside ward"}}}),
    )
    .await;
    app.ok(
        Some(&rose.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": w.group}),
    )
    .await;
    // An erased resident is never invited.
    let gone = resident(&app, &w, "Gone Away", json!({"area": "Riverside ward"})).await;
    let admin = app.admin("admin@example.org").await;
    app.ok(
        Some(&admin.access),
        "mutation($r: ID!, $why: String!) { eraseResident(residentId: $r, reason: $why) }",
        json!({"r": gone, "why": "They asked us to erase their data."}),
    )
    .await;

    let job = kith::jobs::find("outcome-survey-invitations").expect("the job is registered");
    assert!(!job.description.is_empty());

    assert_eq!(invite(&app, epoch()), 3, "Edna, Dan and Rose");
    assert_eq!(
        mail_to(&app, "outcome_survey_invitation"),
        vec!["rose@example.org"]
    );
    let mail = kith::mail::outbox::all(&mut app.conn())
        .unwrap()
        .into_iter()
        .find(|m| m.kind == "outcome_survey_invitation")
        .unwrap();
    assert!(mail.body_text.contains("July to December 2026"));
    assert!(mail.body_text.contains("http://kith.test/outcome-survey"));
    // Running again, now or later in the period, invites nobody twice.
    assert_eq!(invite(&app, epoch()), 0);
    assert_eq!(invite(&app, at("2026-12-20T10:00:00Z")), 0);
    assert_eq!(count(&app, "outcome_invitations"), 3);
    assert_eq!(mail_to(&app, "outcome_survey_invitation").len(), 1);

    // The coordinators' call list: Edna by phone, Dan by post.
    let list = app
        .ok(Some(&w.coord.access), CALL_LIST, json!({"g": w.group}))
        .await["outcomeSurveyCallList"]
        .clone();
    assert_eq!(list["totalCount"], 2);
    let names: Vec<(&str, &str)> = list["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["node"]["displayName"].as_str().unwrap(),
                e["node"]["channel"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(names, vec![("Edna Morris", "PHONE"), ("Dan Price", "POST")]);
    assert_eq!(
        list["edges"][0]["node"]["resident"]["residentProfile"]["phone"],
        "01632 960001"
    );
    // Paging.
    let first = app
        .ok(
            Some(&w.coord.access),
            CALL_LIST,
            json!({"g": w.group, "first": 1}),
        )
        .await["outcomeSurveyCallList"]
        .clone();
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    let rest = app
        .ok(
            Some(&w.coord.access),
            CALL_LIST,
            json!({"g": w.group, "first": 1, "after": first["pageInfo"]["endCursor"]}),
        )
        .await["outcomeSurveyCallList"]
        .clone();
    assert_eq!(rest["edges"][0]["node"]["displayName"], "Dan Price");
    assert_eq!(rest["pageInfo"]["hasNextPage"], false);
    // Only the group's coordinators see it, and asking writes nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&w.outsider.access), CALL_LIST, json!({"g": w.group}))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.err(None, CALL_LIST, json!({"g": w.group})).await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.err(Some(&w.coord.access), CALL_LIST, json!({"g": edna}))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(app.snapshot(), before);

    // Once Edna has answered (on the phone, with the coordinator), she is
    // off the list.
    app.ok(
        Some(&w.coord.access),
        SUBMIT,
        for_resident(
            &edna,
            answers(
                "ADEQUATE",
                "ADEQUATE",
                "AS_SAFE_AS_I_WANT",
                "VERY_EASY",
                "GOOD",
            ),
        ),
    )
    .await;
    let list = app
        .ok(Some(&w.coord.access), CALL_LIST, json!({"g": w.group}))
        .await;
    assert_eq!(list["outcomeSurveyCallList"]["totalCount"], 1);
    assert_eq!(
        list["outcomeSurveyCallList"]["edges"][0]["node"]["resident"]["id"],
        json!(dan)
    );

    // In the new period, nobody is asked again until six months have
    // passed since their last answers or invitation.
    set_clock(&app, at("2027-01-10T10:00:00Z"));
    let rose = login(&app, "rose@example.org").await;
    app.ok(
        Some(&rose.access),
        SUBMIT,
        json!({"i": answers("ADEQUATE", "ADEQUATE", "AS_SAFE_AS_I_WANT", "VERY_EASY", "GOOD")}),
    )
    .await;
    assert_eq!(invite(&app, at("2027-01-10T10:00:00Z")), 0);
    assert_eq!(invite(&app, at("2027-05-23T08:59:00Z")), 0);
    // Six months after the invitations (23 November, 09:00): Edna and Dan,
    // not Rose (who answered in January).
    assert_eq!(invite(&app, at("2027-05-23T09:01:00Z")), 2);
    assert_eq!(invite(&app, at("2027-05-24T11:00:00Z")), 0);
    assert_eq!(count(&app, "outcome_invitations"), 5);
    assert_eq!(mail_to(&app, "outcome_survey_invitation").len(), 1);
}

async fn two_instances_invite_each_resident_once(app: TestApp) {
    let w = world(&app).await;
    for i in 0..12 {
        let id = resident(
            &app,
            &w,
            &format!("Resident {i}"),
            json!({"area": "Riverside ward"}),
        )
        .await;
        if i % 2 == 0 {
            // Half of them by email.
            use diesel::prelude::*;
            use kith::db::schema::people;
            let raw = kith::graphql::ids::decode_any("id", &async_graphql::ID(id))
                .unwrap()
                .1;
            diesel::update(people::table.find(raw))
                .set(people::email.eq(format!("r{i}@example.org")))
                .execute(&mut *app.conn())
                .unwrap();
        }
    }
    let now = epoch().naive_utc();
    let mut handles = Vec::new();
    for _ in 0..2 {
        let db = app.state.db.clone();
        handles.push(tokio::spawn(async move {
            db.run(move |conn| outcomes::invite_due(conn, "http://kith.test", now))
                .await
                .unwrap()
        }));
    }
    let mut invited = 0;
    for h in handles {
        invited += h.await.unwrap();
    }
    assert_eq!(invited, 12);
    assert_eq!(count(&app, "outcome_invitations"), 12);
    assert_eq!(mail_to(&app, "outcome_survey_invitation").len(), 6);
}

/// `n` copies of each answer, in order.
fn expand(counts: &[(&'static str, usize)]) -> Vec<&'static str> {
    counts
        .iter()
        .flat_map(|(a, n)| std::iter::repeat_n(*a, *n))
        .collect()
}

/// A figure as a test compares it: value, suppressed, share.
type Shown = (Option<i64>, bool, Option<f64>);

fn figure(v: &Value) -> Shown {
    (
        v["value"].as_i64(),
        v["suppressed"].as_bool().unwrap(),
        v["share"].as_f64(),
    )
}

fn answer_figures(report: &Value, q: usize) -> Vec<Shown> {
    report["questions"][q]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(figure)
        .collect()
}

const S: Shown = (None, true, None);

fn shown(v: i64, share: f64) -> Shown {
    (Some(v), false, Some(share))
}

async fn published_outcomes_are_suppressed_and_rounded(app: TestApp) {
    let w = world(&app).await;
    // 23 respondents in Riverside ward.
    let control = expand(&[
        ("AS_MUCH_AS_I_WANT", 10),
        ("ADEQUATE", 8),
        ("SOME_BUT_NOT_ENOUGH", 4),
        ("NO_CONTROL", 1),
    ]);
    let social = expand(&[("AS_MUCH_AS_I_WANT", 15), ("ADEQUATE", 8)]);
    let safe = expand(&[("AS_SAFE_AS_I_WANT", 20), ("ADEQUATELY_SAFE", 3)]);
    let info = expand(&[
        ("VERY_EASY", 5),
        ("FAIRLY_EASY", 5),
        ("FAIRLY_DIFFICULT", 5),
        ("VERY_DIFFICULT", 5),
        ("NEVER_TRIED", 3),
    ]);
    let quality = expand(&[
        ("COULD_NOT_BE_BETTER", 5),
        ("VERY_GOOD", 6),
        ("GOOD", 7),
        ("ALRIGHT", 5),
    ]);
    for i in 0..23 {
        let r = resident(
            &app,
            &w,
            &format!("Riverside {i}"),
            json!({"area": "Riverside ward"}),
        )
        .await;
        app.ok(
            Some(&w.coord.access),
            SUBMIT,
            for_resident(
                &r,
                answers(control[i], social[i], safe[i], info[i], quality[i]),
            ),
        )
        .await;
    }
    // 3 respondents in Hillside, all answering alike.
    for i in 0..3 {
        let r = resident(
            &app,
            &w,
            &format!("Hillside {i}"),
            json!({"area": "Hillside"}),
        )
        .await;
        app.ok(
            Some(&w.coord.access),
            SUBMIT,
            for_resident(
                &r,
                answers(
                    "ADEQUATE",
                    "ADEQUATE",
                    "AS_SAFE_AS_I_WANT",
                    "VERY_EASY",
                    "GOOD",
                ),
            ),
        )
        .await;
    }

    // While the period runs nothing of it is published: the default is the
    // latest period that has ended, and asking for this one is refused.
    let d = app.ok(None, REPORT, json!({"a": "Riverside ward"})).await;
    assert_eq!(d["publishedOutcomes"]["periods"], json!(["2026-H1"]));
    assert_eq!(
        figure(&d["publishedOutcomes"]["respondents"]),
        (Some(0), false, None)
    );
    let before = app.snapshot();
    let resp = app
        .gql(
            None,
            REPORT,
            json!({"a": "Riverside ward", "f": "2026-07-01"}),
        )
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(resp["errors"][0]["extensions"]["field"], "from");
    let resp = app
        .gql(None, REPORT, json!({"f": "2026-05-01", "t": "2026-01-01"}))
        .await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "from");
    let resp = app.gql(None, REPORT, json!({"a": "x".repeat(101)})).await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "area");
    assert_eq!(
        app.err(None, REPORT, json!({"f": "23/11/2026"})).await,
        "VALIDATION"
    );
    assert_eq!(app.snapshot(), before);

    // Once it has ended, anyone may read it, signed in or not.
    set_clock(&app, at("2027-01-04T09:00:00Z"));
    let d = app
        .ok(
            None,
            REPORT,
            json!({"a": "Riverside ward", "f": "2026-09-01", "t": "2026-10-01"}),
        )
        .await;
    let r = &d["publishedOutcomes"];
    assert_eq!(r["area"], "Riverside ward");
    assert_eq!(r["from"], "2026-07-01");
    assert_eq!(r["to"], "2026-12-31");
    assert_eq!(r["periods"], json!(["2026-H2"]));
    assert_eq!(figure(&r["respondents"]), (Some(25), false, None));
    // Control: 10, 8, 4, 1 → 10, 10, suppressed, suppressed.
    assert_eq!(
        answer_figures(r, 0),
        vec![shown(10, 0.4), shown(10, 0.4), S, S]
    );
    assert_eq!(
        r["questions"][0]["answers"][0]["text"],
        "I have as much control over my daily life as I want"
    );
    // Social contact: 15, 8, 0, 0 → 15, 10, 0, 0.
    assert_eq!(
        answer_figures(r, 1),
        vec![shown(15, 0.6), shown(10, 0.4), shown(0, 0.0), shown(0, 0.0)]
    );
    // Feeling safe: 20, 3 → the 3 is suppressed, and so is the 20, which
    // with the total would give it away.
    assert_eq!(
        answer_figures(r, 2),
        vec![S, S, shown(0, 0.0), shown(0, 0.0)]
    );
    // Information: 5, 5, 5, 5, 3 → one 5 goes with the 3.
    assert_eq!(
        answer_figures(r, 3),
        vec![S, shown(5, 0.2), shown(5, 0.2), shown(5, 0.2), S]
    );
    // Quality of life: 5, 6, 7, 5 → 5, 5, 5, 5.
    assert_eq!(
        answer_figures(r, 4),
        vec![
            shown(5, 0.2),
            shown(5, 0.2),
            shown(5, 0.2),
            shown(5, 0.2),
            shown(0, 0.0),
            shown(0, 0.0),
            shown(0, 0.0)
        ]
    );
    assert_eq!(figure(&r["service"]["residents"]), (Some(25), false, None));
    assert_eq!(
        figure(&r["service"]["residentsGivingTime"]),
        (Some(0), false, Some(0.0))
    );
    prove_suppressed_cells_hide(r);

    // Hillside's 3 respondents: nothing shown, not even the zeros.
    let d = app
        .ok(None, REPORT, json!({"a": "Hillside", "t": "2026-12-31"}))
        .await;
    let h = &d["publishedOutcomes"];
    assert_eq!(figure(&h["respondents"]), S);
    for q in 0..5 {
        assert!(answer_figures(h, q).iter().all(|f| *f == S), "{q}");
    }
    prove_suppressed_cells_hide(h);
    // Every area together: 26.
    let d = app.ok(None, REPORT, json!({"t": "2026-12-31"})).await;
    assert_eq!(d["publishedOutcomes"]["area"], Value::Null);
    assert_eq!(
        figure(&d["publishedOutcomes"]["respondents"]),
        (Some(25), false, None)
    );
    prove_suppressed_cells_hide(&d["publishedOutcomes"]);

    // The same figures as CSV.
    let cli =
        poem::test::TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    let resp = cli
        .get("/outcomes.csv")
        .query("area", &"Riverside ward")
        .query("from", &"2026-07-01")
        .query("to", &"2026-12-31")
        .send()
        .await;
    resp.assert_status_is_ok();
    resp.assert_header("content-type", "text/csv; charset=utf-8; header=present");
    resp.assert_header(
        "content-disposition",
        "attachment; filename=\"outcomes-riverside-ward-2026-07-01-to-2026-12-31.csv\"",
    );
    let body = resp.0.into_body().into_string().await.unwrap();
    assert!(body.ends_with("\r\n") && !body.replace("\r\n", "").contains('\n'));
    let rows = common::python_json(
        "import csv, io, json, sys\nprint(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline='')))))",
        &body,
    );
    let rows = rows.as_array().unwrap();
    let mut expected = vec![(
        "RESPONDENTS".to_string(),
        String::new(),
        figure(&r["respondents"]),
    )];
    for q in r["questions"].as_array().unwrap() {
        for a in q["answers"].as_array().unwrap() {
            expected.push((
                q["question"].as_str().unwrap().to_string(),
                a["answer"].as_str().unwrap().to_string(),
                figure(a),
            ));
        }
    }
    let got: Vec<(String, String, Shown)> = rows
        .iter()
        .filter(|row| row["section"] == "survey")
        .map(|row| {
            assert_eq!(row["area"], "Riverside ward");
            assert_eq!(row["from"], "2026-07-01");
            assert_eq!(row["to"], "2026-12-31");
            (
                row["measure"].as_str().unwrap().to_string(),
                row["answer"].as_str().unwrap().to_string(),
                (
                    row["value"].as_str().unwrap().parse().ok(),
                    row["suppressed"] == "true",
                    row["share"].as_str().unwrap().parse().ok(),
                ),
            )
        })
        .collect();
    assert_eq!(got, expected);
    let wording = rows
        .iter()
        .find(|row| row["measure"] == "SOCIAL_CONTACT" && row["answer"] == "ISOLATED")
        .unwrap();
    assert_eq!(
        wording["text"],
        "I have little social contact with people and feel socially isolated"
    );
    assert_eq!(
        rows.iter()
            .filter(|row| row["section"] == "service")
            .count(),
        9
    );
    // Bad parameters: a clear error, as GraphQL gives it.
    let resp = cli
        .get("/outcomes.csv")
        .query("to", &"31/12/2026")
        .send()
        .await;
    resp.assert_status(poem::http::StatusCode::BAD_REQUEST);
    let body: Value =
        serde_json::from_str(&resp.0.into_body().into_string().await.unwrap()).unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(body["errors"][0]["extensions"]["field"], "to");
}

async fn service_figures_count_what_happened(app: TestApp) {
    let w = world(&app).await;
    let tom = app.register("tom@example.org", "Tom Evans").await;
    app.ok(
        Some(&tom.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": w.group}),
    )
    .await;
    let edna = resident(&app, &w, "Edna Morris", json!({"area": "Riverside ward"})).await;
    // Tom phones Edna every day from tomorrow.
    let plan = app
        .ok(
            Some(&w.coord.access),
            "mutation($i: CreateCheckInPlanInput!) { createCheckInPlan(input: $i) { id } }",
            json!({"i": {"residentId": edna, "groupId": w.group, "volunteerId": tom.person_id,
                "recurrence": "FREQ=DAILY", "firstDueAt": "2026-11-24T10:00:00Z", "channel": "PHONE",
                "graceMinutes": 60}}),
        )
        .await;
    assert!(plan["createCheckInPlan"]["id"].is_string());
    let due: Vec<String> = {
        let d = app
            .ok(
                Some(&tom.access),
                "{ myCheckIns(first: 100) { edges { node { id dueAt } } } }",
                json!({}),
            )
            .await;
        d["myCheckIns"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(due.len() >= 3);
    // The first on time with 30 minutes, the second missed and escalated,
    // the third recorded late (after its grace period) with 45 minutes.
    const RECORD: &str =
        "mutation($i: RecordCheckInInput!) { recordCheckIn(input: $i) { status } }";
    set_clock(&app, at("2026-11-24T10:20:00Z"));
    let tom = login(&app, "tom@example.org").await;
    app.ok(
        Some(&tom.access),
        RECORD,
        json!({"i": {"checkInId": due[0], "outcome": "WELL", "minutes": 30}}),
    )
    .await;
    {
        let mut conn = app.conn();
        let t = at("2026-11-25T11:30:00Z").naive_utc();
        kith::domain::checkins::detect_misses(&mut conn, t).unwrap();
        kith::domain::checkins::escalate_due(
            &mut conn,
            "http://kith.test",
            kith::domain::checkins::EscalationPolicy::default(),
            t,
        )
        .unwrap();
    }
    set_clock(&app, at("2026-11-26T11:20:00Z"));
    let tom = login(&app, "tom@example.org").await;
    app.ok(
        Some(&tom.access),
        RECORD,
        json!({"i": {"checkInId": due[2], "outcome": "WELL", "minutes": 45}}),
    )
    .await;

    // Two referrals of Edna to the council: one acknowledged within the
    // two working days agreed, one late.
    let admin = app.admin("admin@example.org").await;
    let council = app
        .ok(
            Some(&admin.access),
            "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
            json!({"i": {"name": "Riverside Council", "kind": "COUNCIL_ADULT_SOCIAL_CARE", "joinPolicy": "OPEN", "area": "Riverside"}}),
        )
        .await["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&admin.access),
        "mutation($g: ID!, $i: PartnerProfileInput!) { updatePartnerProfile(groupId: $g, input: $i) { id } }",
        json!({"g": council, "i": {"referralEmail": "referrals@council.example.org", "acknowledgeWithinWorkingDays": 2}}),
    )
    .await;
    let coord = login(&app, "coord@example.org").await;
    let consent = app
        .ok(
            Some(&coord.access),
            "mutation($i: RecordConsentInput!) { recordConsent(input: $i) { id } }",
            json!({"i": {"residentId": edna, "purpose": "share with council adult social care", "given": true}}),
        )
        .await["recordConsent"]["id"]
        .clone();
    let mut sent = Vec::new();
    for _ in 0..2 {
        sent.push(
            app.ok(
                Some(&coord.access),
                "mutation($i: CreateReferralInput!) { createReferral(input: $i) { id acknowledgeBy } }",
                json!({"i": {"residentId": edna, "partnerGroupId": council, "referringGroupId": w.group,
                    "reason": "CARE_ASSESSMENT", "details": "Struggling with the stairs.", "urgency": "SOON",
                    "consentId": consent}}),
            )
            .await["createReferral"]["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    const MOVE: &str = "mutation($r: ID!) { updateReferralStatus(referralId: $r, status: ACKNOWLEDGED) { status } }";
    app.ok(Some(&admin.access), MOVE, json!({"r": sent[0]}))
        .await;
    set_clock(&app, at("2026-12-10T10:00:00Z"));
    let admin = login(&app, "admin@example.org").await;
    app.ok(Some(&admin.access), MOVE, json!({"r": sent[1]}))
        .await;

    let period = outcomes::Period::of(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let raw =
        outcomes::raw_figures(&mut app.conn(), Some("Riverside ward"), period, period).unwrap();
    // Everything due in the period: the materialised check-ins, 14 days
    // ahead of the last scheduling.
    assert!(raw.check_ins_due >= 3);
    assert_eq!(raw.check_ins_on_time, 1);
    assert!(raw.check_ins_missed >= 1);
    assert!(raw.check_ins_escalated >= 1);
    assert!(raw.check_ins_escalated <= raw.check_ins_missed);
    // Hours count where the time was received: the group (in Riverside)
    // paid for both check-ins, so none in Riverside ward.
    assert_eq!(raw.given_minutes, 0);
    assert_eq!(raw.givers, 0);
    assert_eq!(raw.residents, 1);
    assert_eq!(raw.residents_giving_time, 0);
    assert_eq!(raw.referrals_sent, 2);
    assert_eq!(raw.referrals_acknowledged_in_time, 1);
    // Another area sees none of it.
    let other = outcomes::raw_figures(&mut app.conn(), Some("Hillside"), period, period).unwrap();
    assert_eq!(other.check_ins_due, 0);
    assert_eq!(other.given_minutes, 0);
    assert_eq!(other.residents, 0);
    assert_eq!(other.referrals_sent, 0);

    let riverside =
        outcomes::raw_figures(&mut app.conn(), Some("Riverside"), period, period).unwrap();
    assert_eq!(riverside.given_minutes, 75);
    assert_eq!(riverside.givers, 1);
    assert_eq!(
        riverside.check_ins_due, 0,
        "no resident lives in 'Riverside'"
    );

    // Published: all small, so all suppressed; 1 hour from 1 person too.
    set_clock(&app, at("2027-01-04T09:00:00Z"));
    let d = app.ok(None, REPORT, json!({"a": "Riverside"})).await;
    assert_eq!(figure(&d["publishedOutcomes"]["service"]["hoursGiven"]), S);
    let d = app.ok(None, REPORT, json!({"a": "Riverside ward"})).await;
    let s = &d["publishedOutcomes"]["service"];
    assert_eq!(figure(&s["hoursGiven"]), (Some(0), false, None));
    assert_eq!(figure(&s["checkInsOnTime"]), S);
    assert_eq!(figure(&s["residents"]), S);
    assert_eq!(
        figure(&s["residentsGivingTime"]),
        S,
        "a zero under a suppressed figure"
    );
}

async fn wording_is_in_the_schema(_app: TestApp) {
    let sdl = kith::graphql::sdl();
    for q in Question::ALL {
        for (code, wording) in q.answers() {
            assert!(sdl.contains(code), "{code}");
            assert!(sdl.contains(wording), "{wording}");
        }
    }
}

both_backends!(
    answering_for_yourself_and_for_a_resident,
    refused_answers_write_nothing,
    residents_are_invited_every_six_months,
    two_instances_invite_each_resident_once,
    published_outcomes_are_suppressed_and_rounded,
    service_figures_count_what_happened,
);

#[tokio::test]
async fn answer_wording_is_in_the_schema() {
    wording_is_in_the_schema(TestApp::new(common::Backend::Sqlite).await).await;
}

// ---------------------------------------------------------------------
// Proof that suppressed counts stay hidden.
//
// An attacker knows the rules and sees every published figure of a report.
// From a published figure they know its true count lies in a set: 0 is
// exact, 5 means 5..=7 (3 and 4 would have been suppressed), any other
// multiple of 5 means itself ± 2. A suppressed figure is at least 1 (at
// least 0 when the figure it is part of is suppressed too). The parts of
// each breakdown add up to their figure; some parts (the rest) are never
// published and are only known to be at least 0. By brute force over
// every combination of true counts the attacker's sets allow (with sums
// as sets, not ranges), we list the true counts each suppressed figure
// could have: there must be at least two, and the real one among them.
// ---------------------------------------------------------------------

/// Larger than any count the tests generate.
const LIMIT: i64 = 60;

/// What a published figure says about its true count.
fn candidates(value: Option<i64>, suppressed: bool, parent_suppressed: bool) -> BTreeSet<i64> {
    match value {
        Some(0) => [0].into(),
        Some(5) => (5..=7).collect(),
        Some(v) => (v - 2..=v + 2).collect(),
        None => {
            assert!(suppressed);
            (if parent_suppressed { 0 } else { 1 }..=LIMIT).collect()
        }
    }
}

/// Every sum of one value from each set (as a set, capped at LIMIT).
fn sums(sets: &[BTreeSet<i64>]) -> BTreeSet<i64> {
    let size = LIMIT as usize + 1;
    let mut acc = vec![false; size];
    acc[0] = true;
    for s in sets {
        let mut next = vec![false; size];
        for a in (0..size).filter(|&a| acc[a]) {
            for &b in s {
                if a + (b as usize) < size {
                    next[a + b as usize] = true;
                }
            }
        }
        acc = next;
    }
    (0..size).filter(|&a| acc[a]).map(|a| a as i64).collect()
}

/// The values part `i` of a breakdown of `total` can take.
fn part_values(total: &BTreeSet<i64>, parts: &[BTreeSet<i64>], i: usize) -> BTreeSet<i64> {
    let others: Vec<BTreeSet<i64>> = parts
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, s)| s.clone())
        .collect();
    let rest = sums(&others);
    parts[i]
        .iter()
        .copied()
        .filter(|y| total.iter().any(|t| t >= y && rest.contains(&(t - y))))
        .collect()
}

fn cand(f: &Figure, parent: Option<&Figure>) -> BTreeSet<i64> {
    candidates(f.value, f.suppressed, parent.is_some_and(|p| p.suppressed))
}

fn hides(what: &str, values: &BTreeSet<i64>, truth: i64) {
    assert!(
        values.contains(&truth),
        "{what}: the truth {truth} is not among {values:?}"
    );
    assert!(
        values.len() >= 2,
        "{what} = {truth} can be worked out: {values:?}"
    );
}

/// Check a published survey: respondents and each question.
fn check_survey(respondents: &Figure, questions: &[Vec<Figure>], truth: Option<&[Vec<i64>]>) {
    let parts: Vec<Vec<BTreeSet<i64>>> = questions
        .iter()
        .map(|q| q.iter().map(|f| cand(f, Some(respondents))).collect())
        .collect();
    // The respondents: their own figure and every question's sum.
    let mut total = cand(respondents, None);
    for p in &parts {
        let s = sums(p);
        total.retain(|t| s.contains(t));
    }
    let n_true = truth.map(|t| t[0].iter().sum::<i64>());
    if respondents.suppressed {
        hides(
            "respondents",
            &total,
            n_true.unwrap_or(*total.iter().next().unwrap()),
        );
    }
    for (q, figures) in questions.iter().enumerate() {
        for (i, f) in figures.iter().enumerate() {
            if f.suppressed {
                let values = part_values(&total, &parts[q], i);
                let real = truth
                    .map(|t| t[q][i])
                    .unwrap_or(*values.iter().next().unwrap_or(&-1));
                hides(&format!("question {q} answer {i}"), &values, real);
            }
        }
    }
}

/// A figure as the GraphQL report shows it.
fn from_json(v: &Value) -> Figure {
    Figure {
        value: v["value"].as_i64(),
        suppressed: v["suppressed"].as_bool().unwrap(),
        share: v["share"].as_f64(),
    }
}

/// The proof run on a report as published over GraphQL (the true counts
/// unknown: only that at least two are possible).
fn prove_suppressed_cells_hide(report: &Value) {
    let respondents = from_json(&report["respondents"]);
    let questions: Vec<Vec<Figure>> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            q["answers"]
                .as_array()
                .unwrap()
                .iter()
                .map(from_json)
                .collect()
        })
        .collect();
    check_survey(&respondents, &questions, None);
}

/// Check-ins: due = on time + missed + a rest; missed = escalated + a rest.
fn check_check_ins(
    due: &Figure,
    on_time: &Figure,
    missed: &Figure,
    escalated: &Figure,
    raw: &RawFigures,
) {
    let (cd, co, cm, ce) = (
        cand(due, None),
        cand(on_time, Some(due)),
        cand(missed, Some(due)),
        cand(escalated, Some(missed)),
    );
    let mut seen: [BTreeSet<i64>; 4] = Default::default();
    for &d in &cd {
        for &o in co.iter().filter(|&&o| o <= d) {
            for &m in cm.iter().filter(|&&m| o + m <= d) {
                for &e in ce.iter().filter(|&&e| e <= m) {
                    seen[0].insert(d);
                    seen[1].insert(o);
                    seen[2].insert(m);
                    seen[3].insert(e);
                }
            }
        }
    }
    let truth = [
        raw.check_ins_due,
        raw.check_ins_on_time,
        raw.check_ins_missed,
        raw.check_ins_escalated,
    ];
    for (i, f) in [due, on_time, missed, escalated].into_iter().enumerate() {
        if f.suppressed {
            hides(&format!("check-in figure {i}"), &seen[i], truth[i]);
        }
    }
}

/// A figure with one published part and a hidden rest.
fn check_pair(what: &str, whole: &Figure, part: &Figure, truth: (i64, i64)) {
    let (cw, cp) = (cand(whole, None), cand(part, Some(whole)));
    let wholes: BTreeSet<i64> = cw
        .iter()
        .copied()
        .filter(|w| cp.iter().any(|p| p <= w))
        .collect();
    let parts: BTreeSet<i64> = cp
        .iter()
        .copied()
        .filter(|p| cw.iter().any(|w| p <= w))
        .collect();
    if whole.suppressed {
        hides(what, &wholes, truth.0);
    }
    if part.suppressed {
        hides(what, &parts, truth.1);
    }
}

/// Respondents' answers, skewed towards small counts per answer.
fn respondents() -> impl Strategy<Value = Vec<[usize; 5]>> {
    let pick = |n: usize| {
        prop_oneof![
            3 => Just(0usize),
            2 => 0..n,
            1 => Just(n - 1),
        ]
    };
    prop::collection::vec(
        (pick(4), pick(4), pick(4), pick(5), pick(7)).prop_map(|(a, b, c, d, e)| [a, b, c, d, e]),
        0..40,
    )
}

fn service() -> impl Strategy<Value = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)> {
    (0i64..40, 0i64..40, 0i64..30, 0i64..200, 0i64..12).prop_flat_map(
        |(due, sent, residents, minutes, givers)| {
            (
                Just(due),
                0..=due,
                Just(sent),
                0..=sent,
                Just(residents),
                0..=residents,
                Just(minutes * 20),
                Just(givers),
            )
                .prop_flat_map(
                    |(due, on_time, sent, in_time, residents, giving, minutes, givers)| {
                        (0..=due - on_time).prop_flat_map(move |missed| {
                            (0..=missed).prop_map(move |escalated| {
                                (
                                    due, on_time, missed, escalated, sent, in_time, residents,
                                    giving, minutes, givers,
                                )
                            })
                        })
                    },
                )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn no_suppressed_count_can_be_worked_out(people in respondents(), s in service()) {
        let mut answers: Vec<Vec<i64>> = Question::ALL.iter().map(|q| vec![0; q.answers().len()]).collect();
        for person in &people {
            for (q, &a) in person.iter().enumerate() {
                answers[q][a] += 1;
            }
        }
        let (due, on_time, missed, escalated, sent, in_time, residents, giving, minutes, givers) = s;
        let raw = RawFigures {
            answers: answers.clone(),
            given_minutes: minutes,
            givers,
            check_ins_due: due,
            check_ins_on_time: on_time,
            check_ins_missed: missed,
            check_ins_escalated: escalated,
            referrals_sent: sent,
            referrals_acknowledged_in_time: in_time,
            residents,
            residents_giving_time: giving,
        };
        let (resp, questions, service) = outcomes::publish(&raw);

        // The rules themselves: 1 to 4 never shown, everything shown a
        // multiple of 5 within 2 of the truth (0 exact).
        let n = people.len() as i64;
        let mut shown = vec![(resp, n)];
        for (q, figures) in questions.iter().enumerate() {
            for (i, f) in figures.answers.iter().enumerate() {
                shown.push((*f, answers[q][i]));
            }
        }
        for (f, truth) in [
            (service.check_ins_due, due), (service.check_ins_on_time, on_time),
            (service.check_ins_missed, missed), (service.check_ins_escalated, escalated),
            (service.referrals_sent, sent), (service.referrals_acknowledged_in_time, in_time),
            (service.residents, residents), (service.residents_giving_time, giving),
        ] {
            shown.push((f, truth));
        }
        for (f, truth) in &shown {
            match f.value {
                Some(v) => {
                    prop_assert!(!f.suppressed);
                    prop_assert!(!(1..=4).contains(truth), "{truth} shown as {v}");
                    prop_assert_eq!(v % 5, 0);
                    prop_assert!((v - truth).abs() <= 2, "{truth} shown as {v}");
                    prop_assert!(v != 0 || *truth == 0);
                }
                None => prop_assert!(f.suppressed),
            }
        }
        let hours = (minutes + 30) / 60;
        match service.hours_given.value {
            Some(v) => {
                prop_assert!(!(1..=4).contains(&hours) && !(1..=4).contains(&givers));
                prop_assert!((v - hours).abs() <= 2);
            }
            None => prop_assert!((1..=4).contains(&hours) || (1..=4).contains(&givers)),
        }

        // And the proof.
        let figures: Vec<Vec<Figure>> = questions.iter().map(|q| q.answers.clone()).collect();
        check_survey(&resp, &figures, Some(&answers));
        check_check_ins(
            &service.check_ins_due,
            &service.check_ins_on_time,
            &service.check_ins_missed,
            &service.check_ins_escalated,
            &raw,
        );
        check_pair("referrals", &service.referrals_sent, &service.referrals_acknowledged_in_time, (sent, in_time));
        check_pair("residents", &service.residents, &service.residents_giving_time, (residents, giving));
    }
}
