//! How long the check-in materialiser takes over 100,000 plans, on SQLite
//! and on PostgreSQL.
//!
//! Each backend gets a fresh database migrated the way the server does it,
//! loaded from a fixed-seed generator with 200 groups (a coordinator each),
//! 5,000 volunteers, 100,000 residents and 102,000 plans: 100,000 active,
//! 1,000 paused (until a date inside or after the window) and 1,000 ended.
//! Every plan has already been materialised up to `now + 7 days`, so the run
//! at `now` writes the following week (up to `now + 14 days`, the horizon).
//!
//! Per backend and round: reset (no check-ins, every mark back at
//! `now + 7 days`), time `checkins::materialise(conn, now)`, check every
//! row against an expansion of the rules computed here without the rrule
//! crate, then time an immediate re-run at the same `now`, which must
//! write nothing. A breakdown then times reading the plans, expanding the
//! rules and writing the rows separately.
//!
//! Targets: the run in at most 1.5 s on SQLite and 5 s on PostgreSQL, the
//! re-run in at most 2.5 s on either.
//!
//! PostgreSQL: a new database `kith_bench_<random>` in the cluster named by
//! `KITH_BENCH_DATABASE_URL` (default
//! `postgres://postgres@127.0.0.1:55432/postgres`), dropped at the end.
//!
//! The results are printed and written into `bench/checkins.md` (between
//! its result markers; the rest of the file is kept). Run it with
//! `scripts/bench-checkins` (or `cargo bench -p kith --bench checkins`).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Europe::London;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use kith::calendar::recurrence;
use kith::config::DatabaseTarget;
use kith::db::schema::{check_in_plans, check_ins, groups, memberships, people};
use kith::db::{write_tx, Db, DbConn};
use kith::domain::checkins::{self, CheckInPlan, HORIZON_DAYS};
use kith::error::AppResult;

/// The seed of the data set: change it and the numbers are not comparable.
const SEED: u64 = 0x6b69_7468_6368_6b31;
const GROUPS: usize = 200;
const VOLUNTEERS: usize = 5_000;
const RESIDENTS: usize = 100_000;
/// Active plans; every 51st plan is paused or ended instead, on top.
const ACTIVE_PLANS: usize = 100_000;
const PLANS: usize = ACTIVE_PLANS + ACTIVE_PLANS / 50;
/// Plans are materialised already this far ahead of `now`.
const ALREADY_DAYS: i64 = 7;
/// Timed rounds per backend (`KITH_BENCH_ROUNDS` overrides).
const ROUNDS: usize = 3;
/// Rows per multi-row INSERT when loading.
const LOAD_CHUNK: usize = 1_000;
/// Plans read per query in the breakdown.
const PAGE: usize = 1_000;

const SQLITE_RUN_TARGET: f64 = 1.5;
const POSTGRES_RUN_TARGET: f64 = 5.0;
const RERUN_TARGET: f64 = 2.5;

const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:55432/postgres";

const BEGIN_MARK: &str = "<!-- checkins-bench:results:begin -->";
const END_MARK: &str = "<!-- checkins-bench:results:end -->";

/// SplitMix64: small, fast, and the same sequence everywhere.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// What a plan's rule says, for the independent expansion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// `FREQ=WEEKLY;BYDAY=..` (bit n = n days after Monday).
    Weekly(u8),
    /// `FREQ=DAILY`.
    Daily,
    /// `FREQ=WEEKLY;INTERVAL=2;BYDAY=..`.
    Fortnightly(u8),
}

impl Rule {
    fn text(self) -> String {
        match self {
            Rule::Weekly(days) => format!("FREQ=WEEKLY;BYDAY={}", byday(days)),
            Rule::Daily => "FREQ=DAILY".into(),
            Rule::Fortnightly(days) => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={}", byday(days)),
        }
    }

    /// Whether the series (starting on local date `first`) has a date on `day`.
    fn has(self, first: NaiveDate, day: NaiveDate) -> bool {
        if day < first {
            return false;
        }
        let bit = 1u8 << day.weekday().num_days_from_monday();
        match self {
            Rule::Daily => true,
            Rule::Weekly(days) => days & bit != 0,
            Rule::Fortnightly(days) => {
                let weeks = (monday(day) - monday(first)).num_days() / 7;
                days & bit != 0 && weeks % 2 == 0
            }
        }
    }

    fn label(self) -> &'static str {
        match self {
            Rule::Weekly(days) if days.count_ones() == 1 => "weekly, one day",
            Rule::Weekly(_) => "weekly, Monday and Thursday",
            Rule::Daily => "daily",
            Rule::Fortnightly(_) => "fortnightly",
        }
    }
}

fn byday(days: u8) -> String {
    const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    (0..7)
        .filter(|n| days & (1 << n) != 0)
        .map(|n| CODES[n])
        .collect::<Vec<_>>()
        .join(",")
}

fn monday(day: NaiveDate) -> NaiveDate {
    day - Duration::days(day.weekday().num_days_from_monday() as i64)
}

/// A London wall-clock time in UTC (the data never falls in a clock change).
fn london_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    London
        .from_local_datetime(&local)
        .single()
        .expect("an unambiguous London time")
        .naive_utc()
}

fn london_midnight(day: NaiveDate) -> NaiveDateTime {
    London
        .from_local_datetime(&day.and_time(NaiveTime::MIN))
        .earliest()
        .expect("midnight exists in London")
        .naive_utc()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Active,
    Paused(NaiveDate),
    Ended,
}

/// One generated plan, as the independent expansion needs it.
struct PlanSpec {
    id: i64,
    rule: Rule,
    first_local: NaiveDateTime,
    grace: i32,
    status: Status,
}

impl PlanSpec {
    /// Due times the run at `now` must write, computed without rrule: every
    /// local date the rule includes, at the first date's wall-clock time,
    /// inside [mark or end of pause, horizon).
    fn expected(&self, now: NaiveDateTime) -> Vec<NaiveDateTime> {
        let horizon = now + Duration::days(HORIZON_DAYS);
        // Never more than a day back (the mark is ahead of that here).
        let mut from = (now + Duration::days(ALREADY_DAYS)).max(now - Duration::days(1));
        match self.status {
            Status::Ended => return vec![],
            Status::Paused(until) => from = from.max(london_midnight(until)),
            Status::Active => {}
        }
        let first = self.first_local.date();
        let mut out = Vec::new();
        let mut day = from.date() - Duration::days(1);
        while day <= horizon.date() + Duration::days(1) {
            if self.rule.has(first, day) {
                let due = london_to_utc(day.and_time(self.first_local.time()));
                if due >= from && due < horizon {
                    out.push(due);
                }
            }
            day += Duration::days(1);
        }
        out
    }
}

/// The generated data set.
struct DataSet {
    now: NaiveDateTime,
    plans: Vec<PlanSpec>,
}

/// A folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let path = std::env::temp_dir().join(format!(
            "kith-bench-checkins-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A throwaway PostgreSQL database, dropped with this guard.
struct PgDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn create(admin_url: &str) -> Self {
        let name = format!("kith_bench_{}", uuid::Uuid::new_v4().simple());
        let mut admin = diesel::PgConnection::establish(admin_url).unwrap_or_else(|e| {
            panic!(
                "cannot reach PostgreSQL at {} ({e}); set KITH_BENCH_DATABASE_URL or run scripts/bench-checkins",
                kith::config::redact_url(admin_url)
            )
        });
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the bench database");
        let without_query = admin_url.split('?').next().unwrap_or(admin_url);
        let base = without_query
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(without_query);
        PgDatabase {
            admin_url: admin_url.to_string(),
            url: format!("{base}/{name}?sslmode=disable&gssencmode=disable"),
            name,
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        match diesel::PgConnection::establish(&self.admin_url) {
            Ok(mut admin) => {
                if let Err(e) = admin.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                )) {
                    eprintln!("checkins bench: could not drop {}: {e}", self.name);
                }
            }
            Err(e) => eprintln!("checkins bench: could not drop {}: {e}", self.name),
        }
    }
}

/// One timed round.
struct Round {
    written: usize,
    run_s: f64,
    run_cpu: Cpu,
    rerun_written: usize,
    rerun_s: f64,
}

/// CPU seconds spent in this process and in the PostgreSQL backend serving
/// the connection (when its /proc entry is readable): on a shared machine
/// the wall-clock time also counts waiting for a core.
#[derive(Clone, Copy, Default)]
struct Cpu {
    client_s: f64,
    server_s: Option<f64>,
}

/// utime + stime of a /proc stat file, in seconds.
fn cpu_seconds(stat: &str) -> Option<f64> {
    let text = std::fs::read_to_string(stat).ok()?;
    // The command name (field 2) may contain spaces: count from after it.
    let rest = &text[text.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
}

fn clock_ticks() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(100.0)
}

/// Reads the CPU counters before and after a measurement.
struct CpuMeter {
    server_stat: Option<String>,
}

impl CpuMeter {
    fn new(conn: &mut DbConn) -> Self {
        #[derive(QueryableByName)]
        struct Pid {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            pid: i32,
        }
        let server_stat = match conn {
            DbConn::Pg(_) => diesel::sql_query("SELECT pg_backend_pid() AS pid")
                .get_result::<Pid>(conn)
                .ok()
                .map(|p| format!("/proc/{}/stat", p.pid))
                .filter(|path| cpu_seconds(path).is_some()),
            DbConn::Sqlite(_) => None,
        };
        CpuMeter { server_stat }
    }

    fn read(&self) -> Cpu {
        Cpu {
            client_s: cpu_seconds("/proc/self/stat").unwrap_or(0.0),
            server_s: self.server_stat.as_deref().and_then(cpu_seconds),
        }
    }

    fn since(&self, start: Cpu) -> Cpu {
        let now = self.read();
        Cpu {
            client_s: now.client_s - start.client_s,
            server_s: now.server_s.zip(start.server_s).map(|(a, b)| a - b),
        }
    }
}

/// The separately timed parts of one run.
struct Breakdown {
    select_s: f64,
    expand_s: f64,
    expand_baseline_s: f64,
    occurrences: usize,
}

struct BackendResult {
    name: &'static str,
    version: String,
    load_s: f64,
    rounds: Vec<Round>,
    breakdown: Breakdown,
    run_target: f64,
}

fn main() {
    let data = generate();
    let expected_rows: usize = data.plans.iter().map(|p| p.expected(data.now).len()).sum();
    eprintln!(
        "checkins bench: {} plans, {} check-ins expected in the week",
        data.plans.len(),
        expected_rows
    );

    let rounds = std::env::var("KITH_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .filter(|r| *r > 0)
        .unwrap_or(ROUNDS);
    // `KITH_BENCH_BACKENDS=sqlite` (or `postgres`) runs one backend only,
    // and then bench/checkins.md is left alone.
    let only = std::env::var("KITH_BENCH_BACKENDS")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let wants = |name: &str| only.is_empty() || only.split(',').any(|b| b.trim() == name);

    let mut results = Vec::new();
    if wants("sqlite") {
        let dir = TempDir::new();
        let target = DatabaseTarget::Sqlite(dir.0.join("kith.db"));
        results.push(bench_backend(
            "SQLite",
            &target,
            &data,
            SQLITE_RUN_TARGET,
            rounds,
        ));
    }
    if wants("postgres") {
        let admin_url = std::env::var("KITH_BENCH_DATABASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_POSTGRES_URL.to_string());
        let database = PgDatabase::create(&admin_url);
        let target = DatabaseTarget::Postgres(database.url.clone());
        results.push(bench_backend(
            "PostgreSQL",
            &target,
            &data,
            POSTGRES_RUN_TARGET,
            rounds,
        ));
        drop(database);
    }

    let report = render(&results, &data, expected_rows);
    println!("{report}");
    if only.is_empty() {
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/checkins.md");
        write_report(&out, &report);
        eprintln!("checkins bench: wrote bench/checkins.md");
    }

    let missed: Vec<String> = results
        .iter()
        .filter(|r| {
            median(r.rounds.iter().map(|x| x.run_s)) > r.run_target
                || median(r.rounds.iter().map(|x| x.rerun_s)) > RERUN_TARGET
        })
        .map(|r| r.name.to_string())
        .collect();
    if !missed.is_empty() {
        eprintln!("checkins bench: target missed on {}", missed.join(", "));
    }
}

/// The people, groups and plans, from the seed.
fn generate() -> DataSet {
    let mut rng = SplitMix64(SEED);
    // Monday 23 November 2026, 03:00 UTC (03:00 GMT): the nightly run.
    let now = NaiveDate::from_ymd_opt(2026, 11, 23)
        .and_then(|d| d.and_hms_opt(3, 0, 0))
        .expect("now");
    let today = now.date();
    let mut plans = Vec::with_capacity(PLANS);
    for i in 0..PLANS {
        // The first date: a day in the last four months (across the end of
        // summer time on 25 October), at 09:00 to 17:45 local time.
        let mut first = today - Duration::days(rng.range(1, 120) as i64);
        let kind = rng.unit();
        let rule = if kind < 0.68 {
            Rule::Weekly(1 << first.weekday().num_days_from_monday())
        } else if kind < 0.80 {
            // Monday and Thursday: start on the latest of either on or
            // before the drawn day.
            while !matches!(first.weekday(), Weekday::Mon | Weekday::Thu) {
                first -= Duration::days(1);
            }
            Rule::Weekly(0b0000_1001)
        } else if kind < 0.88 {
            Rule::Daily
        } else {
            let day = first.weekday().num_days_from_monday();
            if rng.unit() < 0.5 {
                Rule::Fortnightly(1 << day)
            } else {
                Rule::Fortnightly((1 << day) | (1 << ((day + 3) % 7)))
            }
        };
        let time = NaiveTime::from_hms_opt(rng.range(9, 17) as u32, 15 * rng.range(0, 3) as u32, 0)
            .expect("time of day");
        let status = if i % 51 == 25 {
            if (i / 51) % 2 == 0 {
                // Away until a day inside the window, or after it.
                Status::Paused(today + Duration::days(rng.range(8, 20) as i64))
            } else {
                Status::Ended
            }
        } else {
            Status::Active
        };
        plans.push(PlanSpec {
            id: i as i64 + 1,
            rule,
            first_local: first.and_time(time),
            grace: 30 + 15 * rng.range(0, 6) as i32,
            status,
        });
    }
    DataSet { now, plans }
}

/// Person ids: coordinators, then volunteers, then residents.
fn coordinator_id(group: usize) -> i64 {
    group as i64 + 1
}

fn volunteer_id(index: usize) -> i64 {
    (GROUPS + index) as i64 + 1
}

fn resident_id(index: usize) -> i64 {
    (GROUPS + VOLUNTEERS + index) as i64 + 1
}

/// Insert rows in chunks on whichever backend `conn` is.
macro_rules! insert_all {
    ($conn:expr, $table:expr, $rows:expr) => {
        for chunk in $rows.chunks(LOAD_CHUNK) {
            let insert = diesel::insert_into($table).values(chunk);
            match &mut *$conn {
                DbConn::Sqlite(c) => insert.execute(c)?,
                DbConn::Pg(c) => insert.execute(c)?,
            };
        }
    };
}

/// Load everything in one write transaction with multi-row INSERTs.
fn load(conn: &mut DbConn, data: &DataSet) -> AppResult<()> {
    let now = data.now;
    let mut rng = SplitMix64(SEED ^ 0x5eed);
    let joined = now - Duration::days(400);

    let mut person_rows = Vec::with_capacity(GROUPS + VOLUNTEERS + RESIDENTS);
    for g in 0..GROUPS {
        person_rows.push((
            people::id.eq(coordinator_id(g)),
            people::email.eq(Some(format!("coordinator{g}@kith.bench"))),
            people::display_name.eq(format!("Coordinator {g}")),
            people::language.eq("en"),
            people::created_at.eq(joined),
            people::updated_at.eq(joined),
        ));
    }
    for v in 0..VOLUNTEERS {
        person_rows.push((
            people::id.eq(volunteer_id(v)),
            people::email.eq(Some(format!("volunteer{v}@kith.bench"))),
            people::display_name.eq(format!("Volunteer {v}")),
            people::language.eq("en"),
            people::created_at.eq(joined),
            people::updated_at.eq(joined),
        ));
    }
    for r in 0..RESIDENTS {
        person_rows.push((
            people::id.eq(resident_id(r)),
            people::email.eq(None::<String>),
            people::display_name.eq(format!("Resident {r}")),
            people::language.eq(if r % 9 == 0 { "cy" } else { "en" }),
            people::created_at.eq(joined),
            people::updated_at.eq(joined),
        ));
    }

    let group_rows: Vec<_> = (0..GROUPS)
        .map(|g| {
            let name = format!("Good Neighbours {g}");
            (
                groups::id.eq(g as i64 + 1),
                groups::search_name.eq(name.to_lowercase()),
                groups::name.eq(name),
                groups::kind.eq("VOLUNTARY_GROUP"),
                groups::join_policy.eq("APPROVAL"),
                groups::area.eq(format!("Ward {g}")),
                groups::created_by.eq(coordinator_id(g)),
                groups::created_at.eq(joined),
                groups::updated_at.eq(joined),
            )
        })
        .collect();

    let membership = |group: usize, person: i64, role: &'static str| {
        (
            memberships::group_id.eq(group as i64 + 1),
            memberships::person_id.eq(person),
            memberships::role.eq(role),
            memberships::status.eq("ACTIVE"),
            memberships::decided_by.eq(Some(coordinator_id(group))),
            memberships::decided_at.eq(Some(joined)),
            memberships::created_at.eq(joined),
            memberships::updated_at.eq(joined),
        )
    };
    let mut membership_rows = Vec::with_capacity(GROUPS + VOLUNTEERS + RESIDENTS);
    membership_rows.extend((0..GROUPS).map(|g| membership(g, coordinator_id(g), "COORDINATOR")));
    membership_rows
        .extend((0..VOLUNTEERS).map(|v| membership(v % GROUPS, volunteer_id(v), "MEMBER")));
    membership_rows
        .extend((0..RESIDENTS).map(|r| membership(r % GROUPS, resident_id(r), "MEMBER")));

    let per_group = VOLUNTEERS / GROUPS;
    let mark = now + Duration::days(ALREADY_DAYS);
    let plan_rows: Vec<_> = data
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let resident = i % RESIDENTS;
            let group = resident % GROUPS;
            let k = rng.range(0, per_group as u64 - 1) as usize;
            let volunteer = volunteer_id(group + GROUPS * k);
            let backup =
                (rng.unit() < 0.5).then(|| volunteer_id(group + GROUPS * ((k + 1) % per_group)));
            let (risk, rank) = match rng.range(0, 9) {
                0..=4 => ("LOW", 1),
                5..=7 => ("MEDIUM", 2),
                _ => ("HIGH", 3),
            };
            let first_due_at = london_to_utc(p.first_local);
            let created = first_due_at - Duration::days(rng.range(1, 10) as i64);
            let (status, paused_until, ended_at) = match p.status {
                Status::Active => ("ACTIVE", None, None),
                Status::Paused(until) => ("PAUSED", Some(until), None),
                Status::Ended => ("ENDED", None, Some(now - Duration::days(3))),
            };
            (
                check_in_plans::id.eq(p.id),
                check_in_plans::resident_id.eq(resident_id(resident)),
                check_in_plans::group_id.eq(group as i64 + 1),
                check_in_plans::volunteer_id.eq(volunteer),
                check_in_plans::backup_volunteer_id.eq(backup),
                check_in_plans::recurrence.eq(p.rule.text()),
                check_in_plans::first_due_at.eq(first_due_at),
                check_in_plans::channel.eq(if rng.unit() < 0.7 { "PHONE" } else { "VISIT" }),
                check_in_plans::grace_minutes.eq(p.grace),
                check_in_plans::risk_level.eq(risk),
                check_in_plans::risk_rank.eq(rank),
                check_in_plans::status.eq(status),
                check_in_plans::paused_until.eq(paused_until),
                check_in_plans::ended_at.eq(ended_at),
                check_in_plans::materialised_until.eq(mark),
                check_in_plans::created_by.eq(coordinator_id(group)),
                check_in_plans::created_at.eq(created),
                check_in_plans::updated_at.eq(created),
            )
        })
        .collect();

    write_tx(conn, |conn| {
        insert_all!(conn, people::table, person_rows);
        insert_all!(conn, groups::table, group_rows);
        insert_all!(conn, memberships::table, membership_rows);
        insert_all!(conn, check_in_plans::table, plan_rows);
        Ok(())
    })?;
    if let DbConn::Pg(pg) = conn {
        // Explicit ids leave the sequences behind; a live server's tables
        // have planner statistics (autovacuum).
        for statement in [
            "SELECT setval(pg_get_serial_sequence('people', 'id'), (SELECT max(id) FROM people))",
            "SELECT setval(pg_get_serial_sequence('groups', 'id'), (SELECT max(id) FROM groups))",
            "SELECT setval(pg_get_serial_sequence('check_in_plans', 'id'), \
             (SELECT max(id) FROM check_in_plans))",
            "VACUUM ANALYZE",
        ] {
            pg.batch_execute(statement)?;
        }
    }
    Ok(())
}

/// Back to the state before the run: no check-ins, every mark at
/// `now + 7 days`.
fn reset(conn: &mut DbConn, data: &DataSet) -> AppResult<()> {
    let mark = data.now + Duration::days(ALREADY_DAYS);
    write_tx(conn, |conn| {
        diesel::delete(check_ins::table).execute(conn)?;
        diesel::update(check_in_plans::table)
            .set(check_in_plans::materialised_until.eq(mark))
            .execute(conn)?;
        Ok(())
    })?;
    match conn {
        DbConn::Pg(pg) => {
            // One statement per call: VACUUM cannot run in a multi-statement string.
            pg.batch_execute("VACUUM ANALYZE check_ins")?;
            pg.batch_execute("VACUUM ANALYZE check_in_plans")?;
        }
        DbConn::Sqlite(lite) => lite.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);")?,
    }
    Ok(())
}

/// Every row the run wrote is one the rules imply, with the plan's grace
/// and reminder offsets; nothing is missing; every plan it handled has its
/// mark at the horizon.
fn verify(conn: &mut DbConn, data: &DataSet) {
    let now = data.now;
    let horizon = now + Duration::days(HORIZON_DAYS);
    let mut expected: Vec<(i64, NaiveDateTime)> = data
        .plans
        .iter()
        .flat_map(|p| p.expected(now).into_iter().map(move |d| (p.id, d)))
        .collect();
    expected.sort_unstable();
    let rows: Vec<(i64, NaiveDateTime, NaiveDateTime, NaiveDateTime, String)> = check_ins::table
        .select((
            check_ins::plan_id,
            check_ins::due_at,
            check_ins::overdue_at,
            check_ins::remind_at,
            check_ins::status,
        ))
        .order((check_ins::plan_id.asc(), check_ins::due_at.asc()))
        .load(conn)
        .expect("load check-ins");
    let got: Vec<(i64, NaiveDateTime)> = rows.iter().map(|r| (r.0, r.1)).collect();
    if got != expected {
        let missing: Vec<_> = expected
            .iter()
            .filter(|e| got.binary_search(e).is_err())
            .take(5)
            .collect();
        let extra: Vec<_> = got
            .iter()
            .filter(|g| expected.binary_search(g).is_err())
            .take(5)
            .collect();
        let duplicates = got.windows(2).filter(|w| w[0] == w[1]).count();
        panic!(
            "check-ins differ from the rules: {} written, {} expected, {duplicates} duplicates; \
             missing e.g. {missing:?}; unexpected e.g. {extra:?}",
            got.len(),
            expected.len()
        );
    }
    let grace: HashMap<i64, i32> = data.plans.iter().map(|p| (p.id, p.grace)).collect();
    for (plan, due, overdue, remind, status) in &rows {
        assert_eq!(
            *overdue - *due,
            Duration::minutes(grace[plan] as i64),
            "grace of plan {plan}"
        );
        assert_eq!(
            *due - *remind,
            Duration::minutes(checkins::REMINDER_MINUTES),
            "reminder of plan {plan}"
        );
        assert_eq!(status, "SCHEDULED");
    }
    let handled = data
        .plans
        .iter()
        .filter(|p| !matches!(p.status, Status::Ended))
        .count() as i64;
    let at_horizon: i64 = check_in_plans::table
        .filter(check_in_plans::materialised_until.eq(horizon))
        .count()
        .get_result(conn)
        .expect("count marks");
    assert_eq!(at_horizon, handled, "plans materialised to the horizon");
}

fn count_check_ins(conn: &mut DbConn) -> i64 {
    check_ins::table
        .count()
        .get_result(conn)
        .expect("count check-ins")
}

fn bench_backend(
    name: &'static str,
    target: &DatabaseTarget,
    data: &DataSet,
    run_target: f64,
    rounds_wanted: usize,
) -> BackendResult {
    let db = Db::open(target, 2).expect("open database");
    db.migrate().expect("migrate");
    let mut pooled = db.get().expect("connection");
    let conn: &mut DbConn = &mut pooled;
    let version = server_version(conn);

    let started = Instant::now();
    load(conn, data).expect("load the data set");
    let load_s = started.elapsed().as_secs_f64();
    eprintln!("checkins bench: {name}: data set loaded in {load_s:.1} s");

    let now = data.now;
    let meter = CpuMeter::new(conn);
    let mut rounds = Vec::with_capacity(rounds_wanted);
    for round in 1..=rounds_wanted {
        if round > 1 {
            reset(conn, data).expect("reset");
        }
        let cpu = meter.read();
        let started = Instant::now();
        let written = checkins::materialise(conn, now).expect("materialise");
        let run_s = started.elapsed().as_secs_f64();
        let run_cpu = meter.since(cpu);
        verify(conn, data);
        let before = count_check_ins(conn);
        let started = Instant::now();
        let rerun_written = checkins::materialise(conn, now).expect("materialise again");
        let rerun_s = started.elapsed().as_secs_f64();
        assert_eq!(rerun_written, 0, "the re-run writes nothing");
        assert_eq!(count_check_ins(conn), before, "the re-run adds no rows");
        eprintln!(
            "checkins bench: {name} round {round}: {written} rows in {run_s:.3} s (CPU: bench {:.3} s, server {}); re-run {rerun_written} rows in {rerun_s:.3} s",
            run_cpu.client_s,
            run_cpu.server_s.map(|s| format!("{s:.3} s")).unwrap_or_else(|| "-".into()),
        );
        rounds.push(Round {
            written,
            run_s,
            run_cpu,
            rerun_written,
            rerun_s,
        });
    }

    reset(conn, data).expect("reset");
    let breakdown = breakdown(conn, data);
    eprintln!(
        "checkins bench: {name} breakdown: read plans {:.3} s, expand {:.3} s (series by series: {:.3} s)",
        breakdown.select_s, breakdown.expand_s, breakdown.expand_baseline_s
    );
    drop(pooled);
    drop(db);
    BackendResult {
        name,
        version,
        load_s,
        rounds,
        breakdown,
        run_target,
    }
}

/// Parts of the work of `materialise`, timed alone: finding and reading
/// the plans that are behind, and expanding their rules. Writing the rows
/// and moving the marks is the rest of a run.
fn breakdown(conn: &mut DbConn, data: &DataSet) -> Breakdown {
    let now = data.now;
    let horizon = now + Duration::days(HORIZON_DAYS);

    // As `materialise` reads them: the ids of the plans behind, then the
    // plans by id range (the cost hardly depends on the page size).
    let started = Instant::now();
    let mut ids: Vec<i64> = check_in_plans::table
        .filter(check_in_plans::materialised_until.lt(horizon))
        .filter(
            check_in_plans::status
                .eq("ACTIVE")
                .or(check_in_plans::status
                    .eq("PAUSED")
                    .and(check_in_plans::paused_until.is_not_null())),
        )
        .select(check_in_plans::id)
        .load(conn)
        .expect("plan ids");
    ids.sort_unstable();
    let mut plans: Vec<CheckInPlan> = Vec::with_capacity(ids.len());
    for page in ids.chunks(PAGE) {
        let mut loaded: Vec<CheckInPlan> = check_in_plans::table
            .filter(check_in_plans::id.between(page[0], page[page.len() - 1]))
            .order(check_in_plans::id.asc())
            .select(CheckInPlan::as_select())
            .load(conn)
            .expect("load plans");
        loaded.retain(|p| {
            p.materialised_until < horizon
                && (p.status == "ACTIVE" || (p.status == "PAUSED" && p.paused_until.is_some()))
        });
        plans.extend(loaded);
    }
    let select_s = started.elapsed().as_secs_f64();

    let window = |p: &CheckInPlan| {
        let mut from = p.materialised_until.max(now - Duration::days(1));
        if let Some(day) = p.paused_until {
            from = from.max(london_midnight(day));
        }
        from
    };

    // The expansion the materialiser uses.
    let started = Instant::now();
    let mut expander = recurrence::Expander::default();
    let mut occurrences = 0;
    for plan in &plans {
        let from = window(plan);
        if from >= horizon {
            continue;
        }
        occurrences += expander
            .occurrences(plan.first_due_at, &plan.recurrence, from, horizon)
            .expect("expand")
            .len();
    }
    let expand_s = started.elapsed().as_secs_f64();

    // The general expansion, series by series, for comparison.
    let started = Instant::now();
    let mut baseline = Vec::new();
    for plan in &plans {
        let from = window(plan);
        if from >= horizon {
            continue;
        }
        baseline.push(
            recurrence::occurrences(
                plan.first_due_at,
                Some(&plan.recurrence),
                &[],
                from,
                horizon,
                recurrence::MAX_OCCURRENCES,
            )
            .expect("expand"),
        );
    }
    let expand_baseline_s = started.elapsed().as_secs_f64();

    // Both give the same dates, plan by plan.
    let mut expander = recurrence::Expander::default();
    let mut general = baseline.iter();
    for plan in &plans {
        let from = window(plan);
        if from >= horizon {
            continue;
        }
        let shared = expander
            .occurrences(plan.first_due_at, &plan.recurrence, from, horizon)
            .expect("expand");
        assert_eq!(Some(&shared.to_vec()), general.next(), "plan {}", plan.id);
    }

    Breakdown {
        select_s,
        expand_s,
        expand_baseline_s,
        occurrences,
    }
}

#[derive(QueryableByName)]
struct Version {
    #[diesel(sql_type = Text)]
    version: String,
}

fn server_version(conn: &mut DbConn) -> String {
    let query = match conn {
        DbConn::Sqlite(_) => "SELECT sqlite_version() AS version",
        DbConn::Pg(_) => "SELECT current_setting('server_version') AS version",
    };
    diesel::sql_query(query)
        .get_result::<Version>(conn)
        .map(|v| v.version)
        .unwrap_or_else(|_| "unknown".into())
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn machine() -> (String, String, String) {
    let nproc = std::process::Command::new("nproc")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .or_else(|| {
            std::thread::available_parallelism()
                .ok()
                .map(|n| n.to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let rustc = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    (nproc, cpu, rustc)
}

fn met(value: f64, target: f64) -> &'static str {
    if value <= target {
        "yes"
    } else {
        "**no**"
    }
}

fn render(results: &[BackendResult], data: &DataSet, expected_rows: usize) -> String {
    let (nproc, cpu, rustc) = machine();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Run at `now` = {} UTC (a Monday, 03:00 GMT); the plans were materialised up to \
         `now + 7 days`, so the run writes the week up to the horizon, `now + 14 days`. \
         Every run's rows were checked one by one against the rules.\n",
        data.now.format("%Y-%m-%d %H:%M")
    );
    out.push_str("| backend | run: rows written | run: s (median) | target | met | re-run: rows | re-run: s (median) | target | met |\n");
    out.push_str("|---|---:|---:|---:|---|---:|---:|---:|---|\n");
    for r in results {
        let run = median(r.rounds.iter().map(|x| x.run_s));
        let rerun = median(r.rounds.iter().map(|x| x.rerun_s));
        let _ = writeln!(
            out,
            "| {} | {} | {:.2} | ≤ {:.1} | {} | {} | {:.2} | ≤ {:.1} | {} |",
            r.name,
            r.rounds[0].written,
            run,
            r.run_target,
            met(run, r.run_target),
            r.rounds.iter().map(|x| x.rerun_written).max().unwrap_or(0),
            rerun,
            RERUN_TARGET,
            met(rerun, RERUN_TARGET),
        );
    }

    out.push_str("\nEvery round (each starts from the same state: no check-ins, marks at `now + 7 days`):\n\n");
    out.push_str("| backend | round | rows written | run s | run CPU s, bench process | run CPU s, PostgreSQL backend | re-run rows | re-run s |\n");
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in results {
        for (i, x) in r.rounds.iter().enumerate() {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {:.3} | {:.2} | {} | {} | {:.3} |",
                r.name,
                i + 1,
                x.written,
                x.run_s,
                x.run_cpu.client_s,
                x.run_cpu
                    .server_s
                    .map(|s| format!("{s:.2}"))
                    .unwrap_or_else(|| "-".into()),
                x.rerun_written,
                x.rerun_s
            );
        }
    }

    out.push_str("\nWhere the time goes: finding and reading the plans and expanding their rules, timed alone; the rest of the median run is writing the rows and moving the marks:\n\n");
    out.push_str("| backend | read plans s | expand rules s | write rows and marks s (the rest) | expand series by series with `recurrence::occurrences` s (for comparison) |\n");
    out.push_str("|---|---:|---:|---:|---:|\n");
    for r in results {
        let b = &r.breakdown;
        let run = median(r.rounds.iter().map(|x| x.run_s));
        let _ = writeln!(
            out,
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            r.name,
            b.select_s,
            b.expand_s,
            (run - b.select_s - b.expand_s).max(0.0),
            b.expand_baseline_s
        );
    }

    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for p in &data.plans {
        let label = p.rule.label();
        match kinds.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => kinds.push((label, 1)),
        }
    }
    let active = data
        .plans
        .iter()
        .filter(|p| p.status == Status::Active)
        .count();
    let paused = data
        .plans
        .iter()
        .filter(|p| matches!(p.status, Status::Paused(_)))
        .count();
    let ended = data.plans.len() - active - paused;
    out.push_str("\nData set (seed fixed in the bench):\n\n");
    let _ = writeln!(
        out,
        "- {GROUPS} groups with a coordinator each, {VOLUNTEERS} volunteers, {RESIDENTS} residents, all members of their group."
    );
    let _ = writeln!(
        out,
        "- {} plans: {active} active, {paused} paused (until a day inside the window or after it), {ended} ended.",
        data.plans.len()
    );
    let _ = writeln!(
        out,
        "- Rules: {}. First dates in the last 120 days (across the end of summer time), at 09:00 to 17:45 London time; grace 30 to 120 minutes; phone or visit; low, medium or high risk.",
        kinds
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(
        out,
        "- Check-ins the week implies: {expected_rows}; expansions counted in the breakdown: {}.",
        results
            .first()
            .map(|r| r.breakdown.occurrences)
            .unwrap_or(0)
    );
    for r in results {
        let _ = writeln!(
            out,
            "- {} {}: data set loaded in {:.1} s.",
            r.name, r.version, r.load_s
        );
    }

    out.push_str("\nMachine:\n\n");
    let _ = writeln!(out, "- CPUs (`nproc`): {nproc}");
    let _ = writeln!(out, "- CPU model: {cpu}");
    let _ = writeln!(out, "- {rustc}, release (bench) profile");
    out
}

/// Put the results between the markers of `path`, keeping the rest.
fn write_report(path: &Path, report: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create bench/");
    }
    let block = format!("{BEGIN_MARK}\n{report}{END_MARK}");
    let text = match std::fs::read_to_string(path) {
        Ok(old) => match (old.find(BEGIN_MARK), old.find(END_MARK)) {
            (Some(b), Some(e)) if b < e => {
                format!("{}{block}{}", &old[..b], &old[e + END_MARK.len()..])
            }
            _ => format!("{old}\n{block}\n"),
        },
        Err(_) => format!("# Check-in materialiser benchmark\n\n{block}\n"),
    };
    std::fs::write(path, text).expect("write bench/checkins.md");
}
