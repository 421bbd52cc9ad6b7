//! The job registry, schedules from configuration, slots claimed once
//! across instances, catch-up after downtime, and `kith jobs`.

mod common;

use std::collections::HashSet;
use std::process::{Command, Output};

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use common::{epoch, TestApp};
use diesel::prelude::*;
use kith::config::{check_job_vars, job_cron_var, resolve_job_schedules, JobSchedules};
use kith::db::schema::{job_runs, login_failures};
use kith::db::Db;
use kith::error::AppError;
use kith::jobs::{self, JobContext, JobSpec, Outcome, Runs, JOBS};
use kith::mail::Transport;
use kith::state::AppState;

async fn a_slot_is_claimed_once(app: TestApp) {
    let now = app.state.clock.now_naive();
    let mut conn = app.conn();
    assert!(jobs::claim_slot(&mut conn, "nightly", now, "instance-a", now).unwrap());
    assert!(!jobs::claim_slot(&mut conn, "nightly", now, "instance-b", now).unwrap());
    assert!(jobs::claim_slot(&mut conn, "other-job", now, "instance-b", now).unwrap());
    jobs::finish_slot(&mut conn, "nightly", now, now).unwrap();
}

async fn concurrent_claims_have_one_winner(app: TestApp) {
    let now = app.state.clock.now_naive();
    let mut handles = Vec::new();
    for i in 0..8 {
        let db = app.state.db.clone();
        handles.push(tokio::spawn(async move {
            db.run(move |conn| jobs::claim_slot(conn, "hourly", now, &format!("i{i}"), now))
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for h in handles {
        winners += h.await.unwrap() as usize;
    }
    assert_eq!(winners, 1);
}

async fn housekeeping_runs_once_per_hour(app: TestApp) {
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    let now = app.state.clock.now();
    assert!(jobs::housekeeping(&ctx, now).await.unwrap());
    assert!(
        !jobs::housekeeping(&ctx, now + chrono::Duration::minutes(5))
            .await
            .unwrap()
    );
    assert!(jobs::housekeeping(&ctx, now + chrono::Duration::hours(1))
        .await
        .unwrap());
}

async fn development_mail_is_written_as_files(app: TestApp) {
    let dir = app.dir.path().join("mail");
    std::fs::create_dir_all(&dir).unwrap();
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(dir.clone()),
    };
    app.register("ann@example.org", "Ann").await;
    app.ok(
        None,
        "mutation { requestPasswordReset(email: \"ann@example.org\") }",
        serde_json::json!({}),
    )
    .await;
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("Subject: Reset your Kith password"));
}

// ---------------------------------------------------------------- registry

#[test]
fn registry_names_are_unique_and_default_schedules_parse() {
    let mut names = HashSet::new();
    let mut vars = HashSet::new();
    for job in JOBS {
        assert!(names.insert(job.name), "{} listed twice", job.name);
        assert!(vars.insert(job.env_var()), "{} clashes", job.env_var());
        assert!(
            !job.name.is_empty()
                && !job.name.starts_with('-')
                && !job.name.ends_with('-')
                && job
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            job.name
        );
        assert!(!job.description.is_empty() && !job.description.contains('\n'));
        jobs::schedule::parse_cron(job.default_cron)
            .unwrap_or_else(|e| panic!("{}: `{}`: {e}", job.name, job.default_cron));
        assert_eq!(jobs::find(job.name).map(|j| j.name), Some(job.name));
    }
    // The slot names that existing databases already hold.
    for (name, runs, cron) in [
        ("outbox-relay", Runs::EveryTick, "*/5 * * * * *"),
        ("housekeeping", Runs::OncePerSlot, "0 7 * * * *"),
        ("vetting-expiry", Runs::OncePerSlot, "0 30 7 * * *"),
        ("activity-horizon", Runs::OncePerSlot, "0 15 2 * * *"),
        ("help-expiry", Runs::OncePerSlot, "0 20 * * * *"),
    ] {
        let job = jobs::find(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!((job.runs, job.default_cron), (runs, cron), "{name}");
    }
    assert!(jobs::find("nope").is_none());
    assert_eq!(job_cron_var("help-expiry"), "KITH_JOB_HELP_EXPIRY_CRON");
    assert_eq!(job_cron_var("outbox-relay"), "KITH_JOB_OUTBOX_RELAY_CRON");
}

fn defaults() -> impl Iterator<Item = (&'static str, &'static str)> {
    JOBS.iter().map(|j| (j.name, j.default_cron))
}

/// Schedules as the environment `vars` would make them.
fn schedules(vars: &[(&str, &str)]) -> anyhow::Result<JobSchedules> {
    resolve_job_schedules(defaults(), |name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
}

#[test]
fn schedules_come_from_the_environment() {
    let plain = schedules(&[]).unwrap();
    for job in JOBS {
        let s = plain.get(job.name).unwrap();
        assert_eq!(s.cron.as_deref(), Some(job.default_cron));
        assert!(!s.from_env);
    }
    let set = schedules(&[
        ("KITH_JOB_HELP_EXPIRY_CRON", " 0 */10 * * * * "),
        ("KITH_JOB_VETTING_EXPIRY_CRON", ""),
        ("KITH_JOB_HOUSEKEEPING_CRON", "   "),
    ])
    .unwrap();
    assert_eq!(set.cron("help-expiry"), Some("0 */10 * * * *"));
    assert!(set.get("help-expiry").unwrap().from_env);
    assert_eq!(set.cron("vetting-expiry"), None, "empty disables");
    assert!(set.get("vetting-expiry").unwrap().from_env);
    assert_eq!(set.cron("housekeeping"), None, "blank disables");
    assert_eq!(set.cron("outbox-relay"), Some("*/5 * * * * *"));
    assert_eq!(set.cron("no-such-job"), None);

    for bad in ["0 20 * * *", "0 61 * * * *", "hourly", "0 0 0 31 2 *"] {
        let err = schedules(&[("KITH_JOB_HELP_EXPIRY_CRON", bad)])
            .unwrap_err()
            .to_string();
        assert!(err.contains("KITH_JOB_HELP_EXPIRY_CRON"), "{err}");
        assert!(err.contains(bad), "{err}");
        assert!(err.contains("six fields"), "{err}");
    }
    // A default that does not parse is caught too (a mistake in the list).
    let err = resolve_job_schedules([("broken", "nonsense")], |_| None).unwrap_err();
    assert!(err.to_string().contains("broken"), "{err}");
    let err = resolve_job_schedules([("twice", "0 * * * * *"), ("twice", "0 * * * * *")], |_| {
        None
    })
    .unwrap_err();
    assert!(err.to_string().contains("twice"), "{err}");

    // A variable naming no job is refused rather than silently ignored.
    let names = || JOBS.iter().map(|j| j.name);
    check_job_vars(
        names(),
        ["PATH".to_string(), "KITH_JOB_HELP_EXPIRY_CRON".to_string()],
    )
    .unwrap();
    let err = check_job_vars(names(), ["KITH_JOB_HELP_EXPIRE_CRON".to_string()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("KITH_JOB_HELP_EXPIRE_CRON") && err.contains("KITH_JOB_HELP_EXPIRY_CRON"),
        "{err}"
    );
}

#[test]
fn test_configs_get_the_default_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::test_config(
        dir.path(),
        kith::config::DatabaseTarget::Sqlite(dir.path().join("kith.db")),
        kith::config::Environment::Development,
    );
    assert_eq!(config.job_schedules, schedules(&[]).unwrap());
}

// ------------------------------------------------------------------ helpers

fn context(app: &TestApp) -> JobContext {
    JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    }
}

/// The same server with other schedules (as if started with `vars` set).
fn context_with(app: &TestApp, vars: &[(&str, &str)]) -> JobContext {
    let mut config = (*app.state.config).clone();
    config.job_schedules = schedules(vars).unwrap();
    JobContext {
        state: AppState::new(config, app.state.db.clone(), app.state.clock.clone()),
        transport: Transport::Files(app.dir.path().join("mail")),
    }
}

/// A second server instance: its own pool on the same database.
fn second_instance(app: &TestApp) -> JobContext {
    let config = (*app.state.config).clone();
    let db = Db::open(&config.database, 4).unwrap();
    JobContext {
        state: AppState::new(config, db, app.state.clock.clone()),
        transport: Transport::Files(app.dir.path().join("mail")),
    }
}

fn job(name: &str) -> &'static JobSpec {
    jobs::find(name).unwrap()
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn add_login_failure(app: &TestApp, at: NaiveDateTime) {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::email.eq("someone@example.org"),
            login_failures::failed_at.eq(at),
        ))
        .execute(&mut *app.conn())
        .unwrap();
}

/// The claimed slots of a job, oldest first, and whether each finished.
fn runs_of(app: &TestApp, name: &str) -> Vec<(NaiveDateTime, bool)> {
    job_runs::table
        .filter(job_runs::job.eq(name))
        .order(job_runs::slot.asc())
        .select((job_runs::slot, job_runs::finished_at.is_not_null()))
        .load(&mut *app.conn())
        .unwrap()
}

// ------------------------------------------------------------ slots and runs

async fn a_job_runs_once_per_slot_across_instances(app: TestApp) {
    let now = epoch(); // 09:00; housekeeping's slot is 08:07
    add_login_failure(&app, (now - Duration::days(2)).naive_utc());
    add_login_failure(&app, (now - Duration::days(3)).naive_utc());
    add_login_failure(&app, (now - Duration::hours(1)).naive_utc());
    let here = context(&app);
    let there = second_instance(&app);
    let spec = job("housekeeping");
    let (a, b) = tokio::join!(
        jobs::run_job(&here, spec, now),
        jobs::run_job(&there, spec, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.slot, Some(utc(2026, 11, 23, 8, 7)));
    assert_eq!(a.slot, b.slot);
    assert!(
        a.ran != b.ran,
        "exactly one instance runs the slot: {a:?} {b:?}"
    );
    let (winner, loser) = if a.ran { (a, b) } else { (b, a) };
    assert_eq!(
        winner.outcome.summary,
        "removed 2 login failures, 0 reset tokens, 0 refresh tokens"
    );
    assert_eq!(loser.outcome, Outcome::slot_taken());
    assert_eq!(app.count("login_failures"), 1);
    // Later in the same slot, from either instance or the typed shortcut: nothing.
    for ctx in [&here, &there] {
        let again = jobs::run_job(ctx, spec, now + Duration::minutes(6))
            .await
            .unwrap();
        assert!(!again.ran);
        assert_eq!(again.outcome.summary, "slot already taken");
    }
    assert!(!jobs::housekeeping(&here, now).await.unwrap());
    assert_eq!(
        runs_of(&app, "housekeeping"),
        vec![(utc(2026, 11, 23, 8, 7).naive_utc(), true)]
    );
    // The next slot starts at 09:07.
    let next = jobs::run_job(&there, spec, now + Duration::minutes(7))
        .await
        .unwrap();
    assert!(next.ran);
    assert_eq!(next.slot, Some(utc(2026, 11, 23, 9, 7)));
    assert_eq!(runs_of(&app, "housekeeping").len(), 2);
    // By name, as `kith jobs run` does; an unknown name is refused.
    let run = jobs::run_by_name(&here, "help-expiry", now).await.unwrap();
    assert_eq!((run.ran, run.outcome.summary.as_str()), (true, "expired 0"));
    let before = app.snapshot();
    let runs_before = app.count("job_runs");
    assert!(matches!(
        jobs::run_by_name(&here, "help-expiri", now).await,
        Err(AppError::Validation { .. })
    ));
    assert_eq!(
        (app.snapshot(), app.count("job_runs")),
        (before, runs_before)
    );
}

async fn the_outbox_relay_runs_every_tick(app: TestApp) {
    let ctx = context(&app);
    let relay = job("outbox-relay");
    for _ in 0..2 {
        let run = jobs::run_job(&ctx, relay, epoch()).await.unwrap();
        assert_eq!(run.slot, None);
        assert!(run.ran && run.outcome.idle);
        assert_eq!(run.outcome.summary, "sent 0, failed 0");
    }
    assert_eq!(app.count("job_runs"), 0, "the relay claims rows, not slots");
}

async fn slots_follow_the_configured_schedule(app: TestApp) {
    // Every ten minutes instead of hourly at :20.
    let ctx = context_with(&app, &[("KITH_JOB_HELP_EXPIRY_CRON", "0 */10 * * * *")]);
    let spec = job("help-expiry");
    let now = epoch();
    let slot = |t| jobs::slot_at(&ctx.state.config, spec, t).unwrap();
    assert_eq!(slot(now + Duration::minutes(5)), now);
    assert_eq!(
        slot(now + Duration::minutes(10)),
        now + Duration::minutes(10)
    );
    assert!(
        jobs::run_job(&ctx, spec, now + Duration::minutes(5))
            .await
            .unwrap()
            .ran
    );
    assert!(
        !jobs::run_job(&ctx, spec, now + Duration::minutes(9))
            .await
            .unwrap()
            .ran
    );
    assert!(
        jobs::run_job(&ctx, spec, now + Duration::minutes(10))
            .await
            .unwrap()
            .ran
    );
    // The default schedule puts both of those times in the 08:20 slot.
    let default = context(&app);
    assert_eq!(
        jobs::slot_at(&default.state.config, spec, now + Duration::minutes(10)).unwrap(),
        utc(2026, 11, 23, 8, 20)
    );
    // A disabled job run by hand keeps the slots of its default schedule.
    let off = context_with(&app, &[("KITH_JOB_HELP_EXPIRY_CRON", "")]);
    assert_eq!(
        jobs::slot_at(&off.state.config, spec, now).unwrap(),
        utc(2026, 11, 23, 8, 20)
    );
}

/// A job outside the registry that always fails.
static FAILING: JobSpec = JobSpec {
    name: "test-failing",
    description: "Fails",
    default_cron: "0 0 * * * *",
    runs: Runs::OncePerSlot,
    run: |_ctx, _now| Box::pin(async { Err(AppError::conflict("not today")) }),
};

/// The same job, succeeding.
static SUCCEEDING: JobSpec = JobSpec {
    name: "test-failing",
    description: "Works",
    default_cron: "0 0 * * * *",
    runs: Runs::OncePerSlot,
    run: |_ctx, _now| Box::pin(async { Ok(Outcome::counted(1, "did it")) }),
};

async fn a_failed_run_gives_its_slot_back(app: TestApp) {
    let ctx = context(&app);
    let err = jobs::run_job(&ctx, &FAILING, epoch()).await.unwrap_err();
    assert!(matches!(err, AppError::Conflict(_)), "{err:?}");
    assert!(runs_of(&app, "test-failing").is_empty());
    let run = jobs::run_job(&ctx, &SUCCEEDING, epoch()).await.unwrap();
    assert!(run.ran);
    assert_eq!(run.outcome.summary, "did it");
    assert_eq!(
        runs_of(&app, "test-failing"),
        vec![(utc(2026, 11, 23, 9, 0).naive_utc(), true)]
    );
}

// ---------------------------------------------------------------- catch-up

async fn catch_up_runs_each_missed_slot_once(app: TestApp) {
    let ctx = context(&app);
    let start = epoch(); // 09:00
                         // Ran before the downtime: housekeeping's 08:07 slot, help-expiry's 08:20.
    assert!(jobs::housekeeping(&ctx, start).await.unwrap());
    assert_eq!(
        jobs::expire_help_requests(&ctx, start).await.unwrap(),
        Some(0)
    );
    // Login failures that housekeeping forgets a day later: as of the 10:07
    // slot and as of the 12:07 slot, so each run sees its own time.
    let day_before = start - Duration::days(1);
    add_login_failure(&app, (day_before + Duration::minutes(30)).naive_utc());
    add_login_failure(&app, (day_before + Duration::minutes(150)).naive_utc());

    // Down until 14:00.
    let now = start + Duration::hours(5);
    let reports = jobs::catch_up(&ctx, now).await;
    let names: Vec<_> = reports.iter().map(|r| r.job).collect();
    assert_eq!(
        names,
        vec!["housekeeping", "help-expiry"],
        "jobs that never ran have nothing to catch up from; the relay is not slotted"
    );
    let hk = &reports[0];
    assert_eq!(hk.last_slot, utc(2026, 11, 23, 8, 7).naive_utc());
    assert_eq!((hk.skipped_from, hk.error.as_ref()), (None, None));
    let slots: Vec<_> = hk.runs.iter().map(|r| r.slot.unwrap()).collect();
    assert_eq!(
        slots,
        (9..=13)
            .map(|h| utc(2026, 11, 23, h, 7))
            .collect::<Vec<_>>()
    );
    assert!(hk.runs.iter().all(|r| r.ran));
    let removed: Vec<_> = hk
        .runs
        .iter()
        .map(|r| r.outcome.summary.split(' ').nth(1).unwrap().to_string())
        .collect();
    assert_eq!(removed, ["0", "1", "0", "1", "0"], "{:?}", hk.runs);
    let help = &reports[1];
    assert_eq!(help.runs.len(), 5);
    assert_eq!(help.runs[0].slot, Some(utc(2026, 11, 23, 9, 20)));
    assert_eq!(help.runs[4].slot, Some(utc(2026, 11, 23, 13, 20)));
    assert_eq!(runs_of(&app, "housekeeping").len(), 6);
    assert!(runs_of(&app, "housekeeping").iter().all(|(_, done)| *done));
    assert!(runs_of(&app, "vetting-expiry").is_empty());
    assert!(runs_of(&app, "activity-horizon").is_empty());

    // Catching up again runs nothing.
    let before = app.count("job_runs");
    let again = jobs::catch_up(&ctx, now).await;
    assert!(again.iter().all(|r| r.runs.is_empty()), "{again:?}");
    assert_eq!(app.count("job_runs"), before);

    // Two instances starting together after more downtime: each slot once.
    let later = now + Duration::hours(3); // 17:00: slots 14, 15, 16
    let there = second_instance(&app);
    let (a, b) = tokio::join!(jobs::catch_up(&ctx, later), jobs::catch_up(&there, later));
    for name in ["housekeeping", "help-expiry"] {
        let ran: usize = a
            .iter()
            .chain(&b)
            .filter(|r| r.job == name)
            .map(|r| r.runs.iter().filter(|run| run.ran).count())
            .sum();
        assert_eq!(ran, 3, "{name}: {a:?} {b:?}");
        assert_eq!(runs_of(&app, name).len(), 9, "{name}");
    }
}

async fn catch_up_is_bounded(app: TestApp) {
    let ctx = context(&app);
    let now = epoch();
    // Housekeeping last ran ten days ago: only the last seven days run.
    let long_ago = now - Duration::days(10);
    assert!(jobs::housekeeping(&ctx, long_ago).await.unwrap());
    let reports = jobs::catch_up(&ctx, now).await;
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.runs.len(), 7 * 24);
    assert_eq!(r.runs[0].slot, Some(utc(2026, 11, 16, 9, 7)));
    assert_eq!(r.runs.last().unwrap().slot, Some(utc(2026, 11, 23, 8, 7)));
    assert_eq!(r.skipped_from, Some(utc(2026, 11, 16, 8, 7)));
    assert_eq!(runs_of(&app, "housekeeping").len(), 1 + 7 * 24);

    // Every minute, down for a day: the newest 200 slots run.
    let minutely = context_with(&app, &[("KITH_JOB_HELP_EXPIRY_CRON", "0 * * * * *")]);
    let yesterday = now - Duration::days(1);
    assert_eq!(
        jobs::expire_help_requests(&minutely, yesterday)
            .await
            .unwrap(),
        Some(0)
    );
    let reports = jobs::catch_up(&minutely, now).await;
    let r = reports.iter().find(|r| r.job == "help-expiry").unwrap();
    assert_eq!(r.runs.len(), 200);
    assert_eq!(r.runs.last().unwrap().slot, Some(now));
    assert_eq!(r.runs[0].slot, Some(now - Duration::minutes(199)));
    assert_eq!(r.skipped_from, Some(now - Duration::minutes(200)));

    // A disabled job does not catch up.
    let off = context_with(&app, &[("KITH_JOB_HELP_EXPIRY_CRON", "")]);
    let before = app.count("job_runs");
    let reports = jobs::catch_up(&off, now + Duration::hours(2)).await;
    assert!(
        reports.iter().all(|r| r.job != "help-expiry"),
        "{reports:?}"
    );
    assert_eq!(
        app.count("job_runs"),
        before + 2,
        "only housekeeping's 09:07 and 10:07"
    );
}

both_backends!(
    a_slot_is_claimed_once,
    concurrent_claims_have_one_winner,
    housekeeping_runs_once_per_hour,
    development_mail_is_written_as_files,
    a_job_runs_once_per_slot_across_instances,
    the_outbox_relay_runs_every_tick,
    slots_follow_the_configured_schedule,
    a_failed_run_gives_its_slot_back,
    catch_up_runs_each_missed_slot_once,
    catch_up_is_bounded,
);

// --------------------------------------------------------------- the CLI

/// Run the `kith` binary on the test's SQLite database, with a clean
/// environment plus `env`.
fn kith(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = app.dir.path();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kith"));
    cmd.env_clear()
        .env("KITH_DATA_DIR", dir)
        .env("DATABASE_URL", dir.join("kith.db"))
        .env("KITH_LOG", "warn");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args).output().expect("run kith")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_runs_a_job_as_of_a_time() {
    let app = TestApp::new(common::Backend::Sqlite).await;
    add_login_failure(&app, (epoch() - Duration::days(2)).naive_utc());
    let at = [
        "jobs",
        "run",
        "housekeeping",
        "--now",
        "2026-11-23T09:00:00Z",
    ];
    let out = kith(&app, &at, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "housekeeping (slot 2026-11-23 08:07:00 UTC): removed 1 login failures, 0 reset tokens, 0 refresh tokens\n"
    );
    assert_eq!(app.count("login_failures"), 0);
    // The same slot again: nothing runs, and that is not an error.
    let out = kith(&app, &at, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with(": slot already taken\n"),
        "{}",
        stdout(&out)
    );

    // The list shows schedules, the last run and what each job does.
    let out = kith(
        &app,
        &["jobs", "list"],
        &[("KITH_JOB_VETTING_EXPIRY_CRON", "")],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let list = stdout(&out);
    for job in JOBS {
        let line = list
            .lines()
            .find(|l| l.starts_with(&format!("{} ", job.name)))
            .unwrap_or_else(|| panic!("{} missing:\n{list}", job.name));
        assert!(line.contains(job.description), "{line}");
    }
    let line = |name: &str| {
        list.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap()
            .to_string()
    };
    assert!(line("housekeeping").contains("0 7 * * * *"), "{list}");
    assert!(
        line("housekeeping").contains("(slot 2026-11-23 08:07:00)"),
        "{list}"
    );
    assert!(line("vetting-expiry").contains("disabled [env]"), "{list}");
    assert!(line("help-expiry").contains("never"), "{list}");
    assert!(line("outbox-relay").contains("*/5 * * * * *"), "{list}");

    // Mail goes through the configured transport (here: files).
    app.register("ann@example.org", "Ann").await;
    app.ok(
        None,
        "mutation { requestPasswordReset(email: \"ann@example.org\") }",
        serde_json::json!({}),
    )
    .await;
    let out = kith(
        &app,
        &[
            "jobs",
            "run",
            "outbox-relay",
            "--now",
            "2026-11-23T09:00:30Z",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "outbox-relay: sent 1, failed 0\n");
    let mails = std::fs::read_dir(app.dir.path().join("mail"))
        .unwrap()
        .count();
    assert_eq!(mails, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_refuses_bad_input_and_changes_nothing() {
    let app = TestApp::new(common::Backend::Sqlite).await;
    add_login_failure(&app, (epoch() - Duration::days(2)).naive_utc());
    let before = (
        app.snapshot(),
        app.count("job_runs"),
        app.count("login_failures"),
    );

    let out = kith(&app, &["jobs", "run", "house-keeping"], &[]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("no job is called `house-keeping`"), "{err}");
    for job in JOBS {
        assert!(err.contains(job.name), "{err}");
    }

    let out = kith(
        &app,
        &["jobs", "run", "housekeeping", "--now", "23/11/2026 09:00"],
        &[],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("--now") && err.contains("RFC 3339"), "{err}");

    let out = kith(
        &app,
        &["jobs", "run", "housekeeping"],
        &[("KITH_JOB_HELP_EXPIRY_CRON", "0 20 * * *")],
    );
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("KITH_JOB_HELP_EXPIRY_CRON `0 20 * * *`"),
        "{err}"
    );

    let out = kith(
        &app,
        &["jobs", "list"],
        &[("KITH_JOB_HELP_EXPIRE_CRON", "")],
    );
    assert!(!out.status.success());
    assert!(stderr(&out).contains("KITH_JOB_HELP_EXPIRE_CRON names no job"));

    assert_eq!(
        (
            app.snapshot(),
            app.count("job_runs"),
            app.count("login_failures")
        ),
        before
    );

    // A database that was never migrated is refused before any job runs.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kith"))
        .env_clear()
        .env("KITH_DATA_DIR", empty.path())
        .args(["jobs", "run", "housekeeping"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("run `kith migrate` first"),
        "{}",
        stderr(&out)
    );
}
