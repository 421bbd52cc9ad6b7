//! The statement budget: what each benchmark workload's GraphQL request
//! sends, whatever the page size, counted by the
//! connection layer (`KITH_COUNT_SQL_STATEMENTS`) and reported in the
//! `Kith-Sql-Statements` header. Signing in (the bearer token's session
//! check) is one of the three.

mod common;

use std::sync::Arc;

use common::TestApp;
use kith::db::StatementCounts;
use poem::test::TestClient;
use serde_json::{json, Value};

// The brief's budget is 3 statements per request, and every workload keeps
// to it: the lists and the statement read their pages' related rows with
// them, and a sign-up decides inside its write on SQLite, and on PostgreSQL
// locks and reads in one statement and writes the sign-up with its email in
// the next.
const BUDGET: u32 = 3;

const UPCOMING_SHIFTS: &str = "query ($first: Int) { upcomingShifts(first: $first) {
    edges { node { id title startsAt endsAt places confirmedCount waitlistCount
        group { id name }
        signups(first: 20) { edges { node { id status volunteer { id displayName } } } } } }
    pageInfo { hasNextPage endCursor } } }";

const STATEMENT: &str = "{ me { timeAccount { balanceMinutes transfers(first: 20) {
    edges { node { id kind minutes change reason createdAt } } } } } }";

const OVERDUE: &str = "query ($first: Int) { overdueCheckIns(first: $first) {
    edges { node { id dueAt overdueAt status escalationStep
        resident { id displayName } volunteer { id displayName } group { id name } } }
    pageInfo { hasNextPage endCursor } } }";

const SIGN_UP: &str = "mutation ($shift: ID!) { signUpForShift(shiftId: $shift) {
    id status shift { id confirmedCount waitlistCount } } }";

fn client(app: &TestApp) -> TestClient<impl poem::Endpoint> {
    let mut state = app.state.clone();
    let mut config = (*state.config).clone();
    config.count_sql_statements = true;
    state.config = Arc::new(config);
    TestClient::new(kith::http::routes(state, app.schema.clone()))
}

/// POST one request; its data (errors fail the test) and statement count.
async fn counted(
    cli: &TestClient<impl poem::Endpoint>,
    token: &str,
    query: &str,
    variables: Value,
) -> (Value, u32) {
    let resp = cli
        .post("/graphql")
        .header("authorization", format!("Bearer {token}"))
        .content_type("application/json")
        .body(json!({"query": query, "variables": variables}).to_string())
        .send()
        .await;
    resp.assert_status_is_ok();
    let statements: u32 = resp
        .0
        .headers()
        .get("kith-sql-statements")
        .expect("no statement count")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let text = resp.0.into_body().into_string().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert!(body.get("errors").is_none(), "{query}: {body}");
    (body["data"].clone(), statements)
}

async fn login(app: &TestApp, email: &str) -> String {
    let data = app
        .ok(
            None,
            "mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
            json!({"e": email, "p": "kith demo 2026"}),
        )
        .await;
    data["login"]["accessToken"].as_str().unwrap().to_string()
}

async fn workloads_stay_within_the_statement_budget(app: TestApp) {
    // KITH_LOG=kith::sql=trace shows each counted statement.
    if let Ok(filter) = std::env::var("KITH_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
            .with_test_writer()
            .try_init();
    }
    kith::seed::demo(&app.state).await.expect("demo data");
    let cli = client(&app);
    let volunteer = login(&app, "volunteer@kith.example").await;
    let coordinator = login(&app, "coordinator@kith.example").await;

    // Upcoming shifts with their groups and volunteers (which only the
    // groups' coordinators see): the same count for a page of one and a
    // full page.
    let (one, one_count) = counted(&cli, &coordinator, UPCOMING_SHIFTS, json!({"first": 1})).await;
    let (all, many) = counted(&cli, &coordinator, UPCOMING_SHIFTS, json!({"first": 20})).await;
    let shifts = all["upcomingShifts"]["edges"].as_array().unwrap();
    assert_eq!(one["upcomingShifts"]["edges"].as_array().unwrap().len(), 1);
    assert!(shifts.len() >= 3, "the demo has several shifts: {all}");
    let signups: usize = shifts
        .iter()
        .map(|s| s["node"]["signups"]["edges"].as_array().unwrap().len())
        .sum();
    assert!(signups >= 2, "some demo shifts have volunteers: {all}");

    // The first look at a time account opens it (a write); from then on
    // it is read.
    let (_, opening) = counted(&cli, &volunteer, STATEMENT, json!({})).await;
    assert!(opening <= BUDGET + 2, "opening the account: {opening}");
    let (data, ledger) = counted(&cli, &volunteer, STATEMENT, json!({})).await;
    assert!(data["me"]["timeAccount"]["balanceMinutes"].is_i64());

    // The sign-up mutation, on a shift Tom has not signed up for.
    let free = shifts
        .iter()
        .map(|s| &s["node"])
        .find(|s| s["title"] == "Coffee morning helpers")
        .expect("the coffee morning shift");
    let (data, sign_up) = counted(&cli, &volunteer, SIGN_UP, json!({"shift": free["id"]})).await;
    assert_eq!(data["signUpForShift"]["status"], "CONFIRMED");

    // A fortnight on, the demo's check-ins of this week are overdue.
    kith::domain::checkins::materialise(&mut app.conn(), app.state.clock.now_naive()).unwrap();
    app.state.clock.advance(chrono::Duration::days(14));
    let coordinator = login(&app, "coordinator@kith.example").await;
    let (data, overdue) = counted(&cli, &coordinator, OVERDUE, json!({"first": 50})).await;
    assert!(
        !data["overdueCheckIns"]["edges"]
            .as_array()
            .unwrap()
            .is_empty(),
        "the demo has overdue check-ins: {data}"
    );

    // Each list reads its rows' related records with its page, so the
    // count is the same for a page of one and a full page.
    let (_, few) = counted(&cli, &coordinator, OVERDUE, json!({"first": 1})).await;
    assert!(ledger <= BUDGET, "balance and statement: {ledger}");
    assert!(
        many <= BUDGET,
        "upcoming shifts: {many} statements for 20 shifts"
    );
    assert_eq!(
        one_count, many,
        "upcoming shifts: a page of one and a page of 20"
    );
    assert!(overdue <= BUDGET, "overdue check-ins: {overdue}");
    assert_eq!(few, overdue, "overdue check-ins: a page of one and of 50");
    assert!(sign_up <= BUDGET, "sign-up: {sign_up}");
}

both_backends!(workloads_stay_within_the_statement_budget);

/// The counter itself: statements run through a counting handle are
/// counted, transaction control apart, and a handle without one counts
/// nothing.
async fn the_counter_counts_what_runs_through_it(app: TestApp) {
    use diesel::connection::SimpleConnection;
    let counts = Arc::new(StatementCounts::default());
    let db = app.state.db.counting(counts.clone());
    db.run(|conn| {
        kith::db::write_tx(conn, |conn| {
            conn.batch_execute("SELECT 1")?;
            conn.batch_execute("SELECT 2")?;
            Ok(())
        })
    })
    .await
    .unwrap();
    assert_eq!(counts.statements(), 2);
    assert_eq!(counts.transaction_control(), 2, "BEGIN and COMMIT");
    app.state
        .db
        .run(|conn| Ok(conn.batch_execute("SELECT 3")?))
        .await
        .unwrap();
    assert_eq!(counts.statements(), 2);
}

both_backends!(the_counter_counts_what_runs_through_it);
