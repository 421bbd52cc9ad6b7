//! Database access: one connection type over SQLite and PostgreSQL, an r2d2
//! pool, embedded migrations, and [`Db::run`], the one place that moves
//! blocking diesel work off the async runtime.

pub mod schema;
mod sql;

pub use sql::{coordinated_by, first_signups, fragment, id_in, walk_template, Bind};

use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{
    AnsiTransactionManager, Instrumentation, InstrumentationEvent, SimpleConnection,
    TransactionManager,
};
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::config::{redact_url, DatabaseTarget};
use crate::error::{AppError, AppResult};

/// Migrations for each backend. Both folders hold the same migration names.
pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// A connection to either backend. Query code is written once against this
/// type; backend-specific SQL is confined to small functions that match on it.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which engine a pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl DbConn {
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// Per connection: WAL so readers never wait for the writer; a 32 MiB page
/// cache (the default is 2 MiB); and the file read through a shared memory
/// map of up to 2 GiB rather than a `pread` and a copy per page.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 15000; \
     PRAGMA synchronous = NORMAL; \
     PRAGMA cache_size = -32768; \
     PRAGMA mmap_size = 2147418112; \
     PRAGMA temp_store = MEMORY;";

/// Opens connections for the pool, applying SQLite pragmas on each one.
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    target: DatabaseTarget,
}

impl ConnectionManager {
    pub fn connect(target: &DatabaseTarget) -> diesel::ConnectionResult<DbConn> {
        let mut conn = match target {
            DatabaseTarget::Postgres(url) => DbConn::Pg(PgConnection::establish(url)?),
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                DbConn::Sqlite(conn)
            }
        };
        conn.set_instrumentation(CountStatements);
        Ok(conn)
    }
}

/// How many SQL statements one piece of work sent, for the statement budget
/// (at most three per GraphQL request). Transaction control (`BEGIN`,
/// `COMMIT`, savepoints) is counted apart from the statements that do work.
#[derive(Debug, Default)]
pub struct StatementCounts {
    statements: AtomicU32,
    transaction_control: AtomicU32,
}

impl StatementCounts {
    pub fn statements(&self) -> u32 {
        self.statements.load(Ordering::Relaxed)
    }

    pub fn transaction_control(&self) -> u32 {
        self.transaction_control.load(Ordering::Relaxed)
    }
}

thread_local! {
    /// The counts of the work running on this thread, if it is being counted.
    static COUNTING: RefCell<Option<Arc<StatementCounts>>> = const { RefCell::new(None) };
    /// Set when a statement on this thread found its connection closed (a
    /// PostgreSQL restart, a dropped socket); the pool then discards that
    /// connection when it comes back (see [`ConnectionManager::has_broken`]).
    static CONNECTION_LOST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Counts into [`COUNTING`] while it is set; otherwise does nothing but one
/// thread-local read per statement. Also notes a lost connection.
struct CountStatements;

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery {
            error:
                Some(diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::ClosedConnection,
                    _,
                )),
            ..
        } = event
        {
            CONNECTION_LOST.with(|lost| lost.set(true));
        }
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            COUNTING.with(|slot| {
                if let Some(counts) = slot.borrow().as_ref() {
                    let sql = query.to_string();
                    let word = sql
                        .trim_start()
                        .split(|c: char| !c.is_ascii_alphabetic())
                        .next()
                        .unwrap_or("")
                        .to_ascii_uppercase();
                    let counter = match word.as_str() {
                        "BEGIN" | "COMMIT" | "ROLLBACK" | "SAVEPOINT" | "RELEASE" => {
                            &counts.transaction_control
                        }
                        _ => &counts.statements,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    tracing::trace!(target: "kith::sql", %sql, "counted statement");
                }
            });
        }
    }
}

/// Sets [`COUNTING`] for as long as it lives, then puts back what was there.
struct CountingScope(Option<Arc<StatementCounts>>);

impl CountingScope {
    fn enter(counts: Option<Arc<StatementCounts>>) -> Option<Self> {
        let counts = counts?;
        let previous = COUNTING.with(|slot| slot.replace(Some(counts)));
        Some(CountingScope(previous))
    }
}

impl Drop for CountingScope {
    fn drop(&mut self) {
        let previous = self.0.take();
        COUNTING.with(|slot| *slot.borrow_mut() = previous);
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        Self::connect(&self.target).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    /// Called as a connection goes back to the pool, on the thread that used
    /// it. Connections are not tested with a query when they are checked
    /// out (that would be a round trip per unit of work); instead one whose
    /// statement found it closed is dropped here, so only the request that
    /// met a lost connection fails.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        let lost = CONNECTION_LOST.with(|lost| lost.replace(false));
        lost || <DbConn as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// A pooled connection handed to domain code.
pub type PooledConn = PooledConnection<ConnectionManager>;

/// The database handle shared by the server, jobs and tests.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    /// One permit a pooled connection: [`Db::run`] waits for a permit on the
    /// async side, so a blocking thread only starts once a connection is
    /// free, instead of many threads queueing on the pool's lock.
    permits: Arc<tokio::sync::Semaphore>,
    backend: Backend,
    /// Where [`Db::run`] counts the statements it sends, if anywhere.
    counts: Option<Arc<StatementCounts>>,
}

impl Db {
    /// Open a pool. For SQLite the parent folder is created first.
    pub fn open(target: &DatabaseTarget, pool_size: u32) -> anyhow::Result<Self> {
        let backend = match target {
            DatabaseTarget::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)?;
                }
                Backend::Sqlite
            }
            DatabaseTarget::Postgres(_) => Backend::Postgres,
        };
        let pool = Pool::builder()
            .max_size(pool_size)
            .min_idle(Some(1))
            .test_on_check_out(false)
            .connection_timeout(Duration::from_secs(10))
            .build(ConnectionManager {
                target: target.clone(),
            })
            .map_err(|e| {
                anyhow::anyhow!(
                    "could not connect to the database ({}): {e}",
                    describe(target)
                )
            })?;
        Ok(Db {
            pool,
            permits: Arc::new(tokio::sync::Semaphore::new(pool_size as usize)),
            backend,
            counts: None,
        })
    }

    /// The same pool, counting every statement that work run through the
    /// returned handle sends (not the pool's own checks) into `counts`.
    pub fn counting(&self, counts: Arc<StatementCounts>) -> Db {
        Db {
            counts: Some(counts),
            ..self.clone()
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for synchronous callers (CLI, tests). Async code uses [`Db::run`].
    pub fn get(&self) -> AppResult<PooledConn> {
        Ok(self.pool.get()?)
    }

    /// Run blocking diesel work on the blocking thread pool. This is the only
    /// place in Kith that calls `spawn_blocking` for database work.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        let counts = self.counts.clone();
        // Waiting for a permit is waiting for a connection, without holding
        // a thread. A request whose wait is abandoned (the client went away)
        // gives up its place.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::internal("database pool closed", e))?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut conn = pool.get()?;
            let _counting = CountingScope::enter(counts);
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::internal("database task failed", e))?
    }

    /// Apply any pending migrations.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.pool.get()?;
        migrate(&mut conn)
    }

    /// True when the database answers and no migration is pending.
    pub fn ready(&self) -> Result<(), String> {
        let mut conn = self
            .pool
            .get()
            .map_err(|_| "database unreachable".to_string())?;
        let pending = match &mut *conn {
            DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
            DbConn::Pg(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
        };
        match pending {
            Ok(false) => Ok(()),
            Ok(true) => Err("migrations pending".into()),
            Err(_) => Err("database unreachable".into()),
        }
    }
}

/// Apply pending migrations on one connection, returning how many ran.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<usize> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConn::Pg(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
    Ok(applied)
}

/// Revert every migration (used by the migration round-trip test).
pub fn revert_all(conn: &mut DbConn) -> anyhow::Result<usize> {
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConn::Pg(c) => c
            .revert_all_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
    }
    .map_err(|e| anyhow::anyhow!("reverting migrations failed: {e}"))?;
    Ok(reverted)
}

fn describe(target: &DatabaseTarget) -> String {
    match target {
        DatabaseTarget::Sqlite(path) => format!("SQLite file {}", path.display()),
        DatabaseTarget::Postgres(url) => format!("PostgreSQL {}", redact_url(url)),
    }
}

/// Run `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite, so concurrent
/// writers queue on the database lock instead of failing half-way, and a
/// normal transaction on PostgreSQL. Everything in `f` commits or nothing does.
pub fn write_tx<T, F>(conn: &mut DbConn, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    match conn {
        DbConn::Pg(_) => conn.transaction(f),
        DbConn::Sqlite(inner) => {
            let nested = AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?
                .is_some();
            if nested {
                // Already inside a write transaction: a savepoint suffices.
                return conn.transaction(f);
            }
            // Writers in this process queue here, in turn, rather than in
            // SQLite's busy handler, which sleeps and retries (1 ms, 2 ms,
            // 5 ms, …) and so leaves the lock idle between writers.
            // Writers in other processes still meet the busy timeout.
            let _turn = SqliteWriterTurn::take();
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            let result = f(conn);
            let DbConn::Sqlite(inner) = conn else {
                unreachable!("backend cannot change inside a transaction")
            };
            match result {
                Ok(value) => {
                    if let Err(e) = AnsiTransactionManager::commit_transaction(inner) {
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                        return Err(e.into());
                    }
                    Ok(value)
                }
                Err(err) => {
                    if let Err(e) = AnsiTransactionManager::rollback_transaction(inner) {
                        tracing::error!(error = %e, "rollback failed");
                    }
                    Err(err)
                }
            }
        }
    }
}

/// The turn of one SQLite write transaction in this process (see
/// [`write_tx`]). One for the process rather than a database: a process
/// serves one database, and tests that open several only write in turn.
struct SqliteWriterTurn(Option<std::sync::MutexGuard<'static, ()>>);

static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// Whether this thread holds [`SQLITE_WRITER`], so a write transaction
    /// opened on a second connection by the same thread does not wait for
    /// itself.
    static HOLDS_WRITER_TURN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl SqliteWriterTurn {
    fn take() -> Self {
        if HOLDS_WRITER_TURN.with(std::cell::Cell::get) {
            return SqliteWriterTurn(None);
        }
        let guard = SQLITE_WRITER
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        HOLDS_WRITER_TURN.with(|held| held.set(true));
        SqliteWriterTurn(Some(guard))
    }
}

impl Drop for SqliteWriterTurn {
    fn drop(&mut self) {
        if self.0.take().is_some() {
            HOLDS_WRITER_TURN.with(|held| held.set(false));
        }
    }
}
