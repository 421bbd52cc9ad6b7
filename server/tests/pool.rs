//! The connection pool: connections are not tested with a query when they
//! are checked out, so a connection that was lost (the database restarted,
//! the socket dropped) must be thrown away after the one piece of work that
//! found it closed, and the next piece of work must get a fresh one.

mod common;

use common::{fresh_target, Backend};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer};
use kith::db::{Db, DbConn};

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = BigInt)]
    one: i64,
}

fn backend_pid(conn: &mut DbConn) -> i32 {
    diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(conn)
        .expect("backend pid")
        .pid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_postgres_connection_fails_one_piece_of_work_then_is_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = fresh_target(Backend::Postgres, dir.path());
    // One connection, so the second piece of work would reuse the first's.
    let db = Db::open(&target, 1).expect("open database");
    let first = db.run(|conn| Ok(backend_pid(conn))).await.expect("first");

    // Another session ends that backend, as a restart would.
    let kith::config::DatabaseTarget::Postgres(url) = &target else {
        unreachable!()
    };
    let mut admin = diesel::PgConnection::establish(url).expect("admin connection");
    admin
        .batch_execute(&format!("SELECT pg_terminate_backend({first})"))
        .expect("terminate");

    // The work that meets the closed connection fails with an error ...
    let lost = db
        .run(|conn| {
            diesel::sql_query("SELECT 1::bigint AS one")
                .get_result::<One>(conn)
                .map_err(Into::into)
        })
        .await;
    assert!(lost.is_err(), "a terminated backend cannot answer");

    // ... and the pool replaces it: the next work runs on a new backend.
    let next = db
        .run(|conn| {
            let pid = backend_pid(conn);
            let one = diesel::sql_query("SELECT 1::bigint AS one").get_result::<One>(conn)?;
            Ok((pid, one.one))
        })
        .await
        .expect("the pool hands out a working connection");
    assert_ne!(next.0, first, "the lost connection was not reused");
    assert_eq!(next.1, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_statement_does_not_discard_a_healthy_connection() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = fresh_target(backend, dir.path());
        let db = Db::open(&target, 1).expect("open database");
        let marker = db
            .run(|conn| {
                conn.batch_execute("CREATE TEMPORARY TABLE marker (x INTEGER)")?;
                Ok(())
            })
            .await;
        marker.expect("temporary table");
        let bad = db
            .run(|conn| {
                conn.batch_execute("SELECT * FROM no_such_table")?;
                Ok(())
            })
            .await;
        assert!(bad.is_err(), "{backend:?}: the bad statement fails");
        // A temporary table lives as long as its connection: still there
        // means the same connection came back.
        db.run(|conn| {
            conn.batch_execute("INSERT INTO marker (x) VALUES (1)")?;
            Ok(())
        })
        .await
        .unwrap_or_else(|e| panic!("{backend:?}: the connection was kept: {e}"));
    }
}

/// `db::id_in` (a list of ids as one bound value, so the statement stays
/// prepared) finds exactly the rows whose ids are listed, none for an empty
/// list, and the same rows again once its statement is cached.
async fn an_id_list_finds_exactly_its_rows(app: common::TestApp) {
    kith::seed::demo(&app.state).await.expect("demo data");
    let mut conn = app.conn();
    let everyone = kith::domain::people::find_many(&mut conn, &(1..=1000).collect::<Vec<_>>())
        .expect("everyone");
    assert!(everyone.len() >= 3, "the demo has people");
    let wanted = [everyone[0].id, everyone[2].id, 987_654_321];
    let mut expected = vec![everyone[0].id, everyone[2].id];
    expected.sort_unstable();
    for _ in 0..2 {
        let mut found: Vec<i64> = kith::domain::people::find_many(&mut conn, &wanted)
            .expect("some")
            .into_iter()
            .map(|p| p.id)
            .collect();
        found.sort_unstable();
        assert_eq!(found, expected);
    }
    let none = kith::domain::people::find_many(&mut conn, &[]).expect("none");
    assert!(none.is_empty());
}

both_backends!(an_id_list_finds_exactly_its_rows);
