//! Both migration folders hold the same migrations, and every migration
//! applies, reverts and applies again on both backends.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Backend;
use kith::db::{self, ConnectionManager};

fn names(folder: &str) -> BTreeSet<(String, bool, bool)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(folder);
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                p.join("up.sql").is_file(),
                p.join("down.sql").is_file(),
            )
        })
        .collect()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = names("sqlite");
    let postgres = names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ"
    );
    assert!(
        sqlite.iter().all(|(_, up, down)| *up && *down),
        "every migration needs up.sql and down.sql"
    );
}

fn round_trip(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let target = common::fresh_target(backend, dir.path());
    let mut conn = ConnectionManager::connect(&target).unwrap();
    let expected = names("sqlite").len();
    assert_eq!(db::migrate(&mut conn).unwrap(), expected);
    assert_eq!(
        db::migrate(&mut conn).unwrap(),
        0,
        "second run applied something"
    );
    assert_eq!(db::revert_all(&mut conn).unwrap(), expected);
    assert_eq!(db::migrate(&mut conn).unwrap(), expected);
}

#[test]
fn up_down_up_on_sqlite() {
    round_trip(Backend::Sqlite);
}

#[test]
fn up_down_up_on_postgres() {
    round_trip(Backend::Postgres);
}

#[test]
fn sqlite_connections_use_the_required_pragmas() {
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text};
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Num {
        #[diesel(sql_type = BigInt)]
        v: i64,
    }
    let dir = tempfile::tempdir().unwrap();
    let target = common::fresh_target(Backend::Sqlite, dir.path());
    let mut conn = ConnectionManager::connect(&target).unwrap();
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(mode.journal_mode, "wal");
    let fk: Num = diesel::sql_query("SELECT foreign_keys AS v FROM pragma_foreign_keys")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(fk.v, 1);
    let busy: Num = diesel::sql_query("SELECT timeout AS v FROM pragma_busy_timeout")
        .get_result(&mut conn)
        .unwrap();
    assert!(busy.v >= 5000);
    let sync: Num = diesel::sql_query("SELECT synchronous AS v FROM pragma_synchronous")
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(sync.v, 1, "synchronous should be NORMAL");
}

#[test]
fn unknown_database_urls_are_a_clear_startup_error() {
    for url in [
        "mysql://root@localhost/kith",
        "kith",
        "http://example.org/db",
    ] {
        let err = kith::config::DatabaseTarget::parse(url)
            .unwrap_err()
            .to_string();
        assert!(err.contains("DATABASE_URL"), "{url}: {err}");
    }
}
