//! Test harness: a fresh Kith per test on SQLite (a temp file) or
//! PostgreSQL (a new database in the cluster named by
//! `KITH_TEST_DATABASE_URL`, which `scripts/test` starts), and helpers to
//! run GraphQL as a given person.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{TimeZone, Utc};
use diesel::connection::SimpleConnection;
use diesel::Connection;
use futures_util::StreamExt;
use kith::config::{CommonArgs, Config, DatabaseTarget, Environment};
use kith::db::{Db, PooledConn};
use kith::graphql::{authenticate_bearer, build_schema, prepare, KithSchema};
use kith::state::{AppState, Clock};
use serde_json::{json, Value};
use std::time::Duration;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Run the same async test body on both backends, as `<name>::sqlite` and
/// `<name>::postgres`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::TestApp::new($crate::common::Backend::Sqlite).await).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::TestApp::new($crate::common::Backend::Postgres).await).await
            }
        }
    )+};
}

/// The start of every test's simulated clock.
pub fn epoch() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap()
}

pub struct TestApp {
    pub backend: Backend,
    pub state: AppState,
    pub schema: KithSchema,
    pub dir: tempfile::TempDir,
}

/// The PostgreSQL server URL for tests. Missing means the test cannot run,
/// which is a failure, never a silent skip.
pub fn postgres_admin_url() -> String {
    std::env::var("KITH_TEST_DATABASE_URL").unwrap_or_else(|_| {
        panic!("KITH_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
    })
}

/// Create an empty PostgreSQL database and return its URL.
pub fn fresh_postgres_database() -> String {
    let admin = postgres_admin_url();
    let name = format!("kith_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn =
        diesel::PgConnection::establish(&admin).expect("connect to the test PostgreSQL server");
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create test database");
    let without_query = admin.split('?').next().unwrap_or(&admin);
    let base = without_query
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(without_query);
    // The test cluster is on loopback without TLS or GSS encryption; saying
    // so keeps libpq from starting either negotiation in pool or listener
    // threads that may still be connecting when a test process exits.
    format!("{base}/{name}?sslmode=disable&gssencmode=disable")
}

/// A database target for a backend, in `dir` for SQLite.
pub fn fresh_target(backend: Backend, dir: &std::path::Path) -> DatabaseTarget {
    match backend {
        Backend::Sqlite => DatabaseTarget::Sqlite(dir.join("kith.db")),
        Backend::Postgres => DatabaseTarget::Postgres(fresh_postgres_database()),
    }
}

pub fn test_config(
    dir: &std::path::Path,
    database: DatabaseTarget,
    environment: Environment,
) -> Config {
    let args = CommonArgs {
        data_dir: dir.to_path_buf(),
        database_url: None,
        environment: Environment::Development,
        smtp_url: None,
        mail_from: "Kith <no-reply@kith.test>".into(),
        public_url: "http://kith.test".into(),
        jwt_secret: Some("test-secret-test-secret-test-secret!".into()),
        db_pool_size: 8,
        web_dir: PathBuf::from("/nonexistent"),
    };
    let mut config = Config::from_args(&args).expect("test config");
    config.database = database;
    config.environment = environment;
    config
}

impl TestApp {
    pub async fn new(backend: Backend) -> Self {
        Self::with_env(backend, Environment::Development).await
    }

    pub async fn with_env(backend: Backend, environment: Environment) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = fresh_target(backend, dir.path());
        let config = test_config(dir.path(), target.clone(), environment);
        let db = Db::open(&target, 8).expect("open database");
        db.migrate().expect("migrate");
        let state = AppState::new(config, db, Clock::fixed(epoch()));
        let schema = build_schema(state.clone());
        TestApp {
            backend,
            state,
            schema,
            dir,
        }
    }

    pub fn conn(&self) -> PooledConn {
        self.state.db.get().expect("connection")
    }

    /// Run a GraphQL request as whoever `token` signs in (or anonymously),
    /// exactly as the HTTP layer does, and return the JSON response.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let header = token.map(|t| format!("Bearer {t}"));
        let actor = authenticate_bearer(&self.state, header.as_deref())
            .await
            .expect("the database says who the token belongs to");
        let request = async_graphql::Request::new(query)
            .variables(async_graphql::Variables::from_json(variables));
        let response = self
            .schema
            .execute(prepare(request, &self.state, actor))
            .await;
        serde_json::to_value(&response).expect("response serialises")
    }

    /// Run a request that must succeed; return its `data`.
    pub async fn ok(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let resp = self.gql(token, query, variables).await;
        assert!(resp.get("errors").is_none(), "unexpected errors: {resp:#}");
        resp["data"].clone()
    }

    /// Run a request that must fail; return the first error's code.
    pub async fn err(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let resp = self.gql(token, query, variables).await;
        error_code(&resp).unwrap_or_else(|| panic!("expected an error, got {resp:#}"))
    }

    /// Register a person and return (access token, refresh token, person id).
    pub async fn register(&self, email: &str, name: &str) -> Session {
        let data = self
            .ok(
                None,
                "mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken person { id } } }",
                json!({"i": {"email": email, "password": "a perfectly fine passphrase", "displayName": name}}),
            )
            .await;
        Session::from(&data["register"])
    }

    /// Swap a session's refresh token for fresh tokens (after moving the clock).
    pub async fn refresh(&self, session: &Session) -> Session {
        let data = self
            .ok(
                None,
                "mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken person { id } } }",
                json!({"t": session.refresh}),
            )
            .await;
        Session::from(&data["refreshSession"])
    }

    /// Register a person and make them a platform admin.
    pub async fn admin(&self, email: &str) -> Session {
        let s = self.register(email, "Admin").await;
        {
            use diesel::prelude::*;
            use kith::db::schema::people;
            let mut conn = self.conn();
            diesel::update(people::table.filter(people::email.eq(email)))
                .set(people::is_admin.eq(true))
                .execute(&mut *conn)
                .unwrap();
        }
        s
    }

    /// Create a group as `who` and return its id.
    pub async fn create_group(&self, who: &Session, name: &str, policy: &str) -> String {
        let data = self
            .ok(
                Some(&who.access),
                "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id } }",
                json!({"i": {"name": name, "kind": "VOLUNTARY_GROUP", "joinPolicy": policy, "area": "Riverside"}}),
            )
            .await;
        data["createGroup"]["id"].as_str().unwrap().to_string()
    }

    /// Count rows in a table (to show a failed operation changed nothing).
    pub fn count(&self, table: &str) -> i64 {
        use diesel::prelude::*;
        use diesel::sql_types::BigInt;
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = BigInt)]
            n: i64,
        }
        let mut conn = self.conn();
        let c: Count = diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
            .get_result(&mut *conn)
            .unwrap();
        c.n
    }

    /// Every row of every table that a failed operation must leave alone,
    /// as counts, to compare before and after.
    pub fn snapshot(&self) -> Vec<(&'static str, i64)> {
        [
            "people",
            "sessions",
            "refresh_tokens",
            "groups",
            "memberships",
            "outbox",
            "audit_events",
            "password_resets",
            "volunteer_profiles",
            "vettings",
            "shifts",
            "shift_signups",
            "calendar_feeds",
            "activities",
            "activity_occurrences",
            "activity_bookings",
            "resident_profiles",
            "emergency_contacts",
            "consents",
            "sensitive_reads",
            "help_requests",
            "help_offers",
            "check_in_plans",
            "check_ins",
            "check_in_events",
            "time_accounts",
            "time_transfers",
            "time_entries",
            "referrals",
            "referral_events",
            "safeguarding_concerns",
            "safeguarding_events",
            "outcome_surveys",
            "outcome_invitations",
        ]
        .into_iter()
        .map(|t| (t, self.count(t)))
        .collect()
    }
}

/// A signed-in person in a test.
#[derive(Debug, Clone)]
pub struct Session {
    pub access: String,
    pub refresh: String,
    pub person_id: String,
}

impl From<&Value> for Session {
    fn from(v: &Value) -> Self {
        Session {
            access: v["accessToken"].as_str().expect("accessToken").to_string(),
            refresh: v["refreshToken"]
                .as_str()
                .expect("refreshToken")
                .to_string(),
            person_id: v["person"]["id"].as_str().expect("person id").to_string(),
        }
    }
}

/// The first error's `extensions.code`, if any.
pub fn error_code(resp: &Value) -> Option<String> {
    resp["errors"][0]["extensions"]["code"]
        .as_str()
        .map(str::to_string)
}

/// Run a Python script (the interpreter `scripts/test` prepared) with `input`
/// on stdin and read the JSON it prints: the independent parsers (Python's
/// `icalendar`, `email`) that check what Kith writes.
pub fn python_json(script: &str, input: &str) -> Value {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let python = std::env::var("KITH_TEST_SMTP_PYTHON").unwrap_or_else(|_| "python3".into());
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 (scripts/test installs it with icalendar and aiosmtpd)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("writing to python");
    let out = child.wait_with_output().expect("python ran");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python printed JSON")
}

/// Subscribe as `who` on the test app and wait until the subscription listens.
pub async fn subscribe(
    app: &TestApp,
    who: &Session,
    query: &str,
) -> tokio::sync::mpsc::UnboundedReceiver<Value> {
    subscribe_on(&app.state, &app.schema, who, query).await
}

/// Subscribe on one server instance (its state and schema) and wait until
/// the subscription is listening.
pub async fn subscribe_on(
    state: &kith::state::AppState,
    schema: &kith::graphql::KithSchema,
    who: &Session,
    query: &str,
) -> tokio::sync::mpsc::UnboundedReceiver<Value> {
    let actor = kith::graphql::authenticate_bearer(state, Some(&format!("Bearer {}", who.access)))
        .await
        .expect("the database says who the token belongs to");
    let request = async_graphql::Request::new(query);
    let mut stream = schema.execute_stream(kith::graphql::prepare(request, state, actor));
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let listening = state.events.subscribers();
    tokio::spawn(async move {
        while let Some(resp) = stream.next().await {
            if tx.send(serde_json::to_value(&resp).unwrap()).is_err() {
                break;
            }
        }
    });
    for _ in 0..500 {
        if state.events.subscribers() > listening {
            return rx;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the subscription never started listening");
}

pub async fn next(rx: &mut tokio::sync::mpsc::UnboundedReceiver<Value>) -> Value {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("an event within 10 s")
        .expect("stream open")
}
