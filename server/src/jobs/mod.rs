//! Scheduled work.
//!
//! Every job is one entry in [`JOBS`] (see [`registry`] for how to add one):
//! a name, a description, a default cron schedule and a function of
//! `(context, now)` that returns a short summary. Jobs are idempotent and
//! take the time they run "as of" as an argument, so tests, catch-up and
//! `kith jobs run --now` can run them at any time.
//!
//! Per-slot jobs ([`Runs::OncePerSlot`]) run at most once per slot across
//! every server instance: a slot is the latest time at or before `now` that
//! the job's schedule fires, and [`run_job`] claims `(job, slot)` in
//! `job_runs` before running, a row only one instance can insert. A failed
//! run gives its claim back, so a later catch-up or `kith jobs run` retries
//! that slot. When a server starts, [`catch_up`] runs the slots each job
//! missed while no server was running, oldest first, each as of its own time.
//!
//! [`start`] wires the list to tokio-cron-scheduler, using each job's
//! configured schedule (`KITH_JOB_<NAME>_CRON`, resolved in [`Config`]).

pub mod registry;
pub mod schedule;

use anyhow::Context as _;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use croner::Cron;
use diesel::prelude::*;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::config::Config;
use crate::db::schema::job_runs;
use crate::db::DbConn;
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::mail::outbox::{self, RelayReport};
use crate::mail::Transport;
use crate::state::AppState;

pub use registry::{find, in_db, names, JobFn, JobFuture, JobSpec, Outcome, Runs, JOBS};

/// Catch-up looks back at most this far...
pub const CATCH_UP_WINDOW: Duration = Duration::days(7);
/// ...and runs at most this many slots per job (the newest).
pub const CATCH_UP_MAX_SLOTS: usize = 200;

/// What jobs need: the shared state and the mail transport.
#[derive(Clone)]
pub struct JobContext {
    pub state: AppState,
    pub transport: Transport,
}

/// Claim a job's time slot for this instance. False when another instance
/// (or an earlier run of this one) already has it.
pub fn claim_slot(
    conn: &mut DbConn,
    job: &str,
    slot: NaiveDateTime,
    instance: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let inserted = diesel::insert_into(job_runs::table)
        .values((
            job_runs::job.eq(job),
            job_runs::slot.eq(slot),
            job_runs::instance.eq(instance),
            job_runs::started_at.eq(now),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Mark a claimed slot finished.
pub fn finish_slot(
    conn: &mut DbConn,
    job: &str,
    slot: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(job_runs::table.find((job, slot)))
        .set(job_runs::finished_at.eq(Some(now)))
        .execute(conn)?;
    Ok(())
}

/// Give back a claim whose run failed, so the slot can be run again.
fn release_slot(conn: &mut DbConn, job: &str, slot: NaiveDateTime, instance: &str) {
    let released = diesel::delete(
        job_runs::table
            .filter(job_runs::job.eq(job))
            .filter(job_runs::slot.eq(slot))
            .filter(job_runs::instance.eq(instance))
            .filter(job_runs::finished_at.is_null()),
    )
    .execute(conn);
    if let Err(e) = released {
        tracing::error!(job, %slot, error = %e, "could not release the slot of a failed run");
    }
}

/// The latest slot of `job` claimed at or before `now`, if it ever ran.
pub fn last_claimed_slot(
    conn: &mut DbConn,
    job: &str,
    now: NaiveDateTime,
) -> AppResult<Option<NaiveDateTime>> {
    Ok(job_runs::table
        .filter(job_runs::job.eq(job))
        .filter(job_runs::slot.le(now))
        .select(diesel::dsl::max(job_runs::slot))
        .first::<Option<NaiveDateTime>>(conn)?)
}

/// One row of `job_runs`.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct RunRecord {
    pub job: String,
    pub slot: NaiveDateTime,
    pub instance: String,
    pub started_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// The finished run of `job` with the latest slot.
pub fn last_finished_run(conn: &mut DbConn, job: &str) -> AppResult<Option<RunRecord>> {
    Ok(job_runs::table
        .filter(job_runs::job.eq(job))
        .filter(job_runs::finished_at.is_not_null())
        .order(job_runs::slot.desc())
        .select((
            job_runs::job,
            job_runs::slot,
            job_runs::instance,
            job_runs::started_at,
            job_runs::finished_at,
        ))
        .first::<RunRecord>(conn)
        .optional()?)
}

/// The schedule a job's slots follow: its configured one, or its default
/// when configuration disabled it (so running it by hand still has slots).
pub fn slot_cron<'a>(config: &'a Config, spec: &'a JobSpec) -> &'a str {
    config
        .job_schedules
        .cron(spec.name)
        .unwrap_or(spec.default_cron)
}

fn parsed_cron(config: &Config, spec: &JobSpec) -> AppResult<Cron> {
    let expr = slot_cron(config, spec);
    schedule::parse_cron(expr)
        .map_err(|e| AppError::internal(&format!("job {}: schedule `{expr}`", spec.name), e))
}

/// The slot of a job at `now`: the latest time at or before `now` that its
/// schedule fires.
pub fn slot_at(config: &Config, spec: &JobSpec, now: DateTime<Utc>) -> AppResult<DateTime<Utc>> {
    let cron = parsed_cron(config, spec)?;
    schedule::latest_at_or_before(&cron, now).ok_or_else(|| {
        AppError::internal(
            &format!("job {}", spec.name),
            "its schedule has not fired in decades",
        )
    })
}

/// What one run of a job did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRun {
    pub job: &'static str,
    /// The slot claimed (per-slot jobs only).
    pub slot: Option<DateTime<Utc>>,
    /// False when the slot was already taken and nothing ran.
    pub ran: bool,
    pub outcome: Outcome,
}

/// Run one job as of `now`. A per-slot job first claims its slot at `now`
/// and does nothing if another run has it; a failed run releases the claim.
pub async fn run_job(
    ctx: &JobContext,
    spec: &'static JobSpec,
    now: DateTime<Utc>,
) -> AppResult<JobRun> {
    if spec.runs == Runs::EveryTick {
        let outcome = (spec.run)(ctx.clone(), now).await?;
        return Ok(JobRun {
            job: spec.name,
            slot: None,
            ran: true,
            outcome,
        });
    }
    let slot = slot_at(&ctx.state.config, spec, now)?;
    let at = slot.naive_utc();
    let job = spec.name;
    let instance = ctx.state.instance_id.clone();
    let started = ctx.state.clock.now_naive();
    let claimed = {
        let instance = instance.clone();
        ctx.state
            .db
            .run(move |conn| claim_slot(conn, job, at, &instance, started))
            .await?
    };
    if !claimed {
        return Ok(JobRun {
            job,
            slot: Some(slot),
            ran: false,
            outcome: Outcome::slot_taken(),
        });
    }
    match (spec.run)(ctx.clone(), now).await {
        Ok(outcome) => {
            let finished = ctx.state.clock.now_naive();
            ctx.state
                .db
                .run(move |conn| finish_slot(conn, job, at, finished))
                .await?;
            Ok(JobRun {
                job,
                slot: Some(slot),
                ran: true,
                outcome,
            })
        }
        Err(e) => {
            let _ = ctx
                .state
                .db
                .run(move |conn| {
                    release_slot(conn, job, at, &instance);
                    Ok(())
                })
                .await;
            Err(e)
        }
    }
}

/// What catch-up did for one job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatchUp {
    pub job: &'static str,
    /// The job's latest claimed slot before catching up.
    pub last_slot: NaiveDateTime,
    /// The missed slots, oldest first (a run may find its slot taken by
    /// another instance catching up at the same time).
    pub runs: Vec<JobRun>,
    /// The newest missed slot left out by the limits (7 days, 200 slots):
    /// it and every slot between `last_slot` and it were skipped.
    pub skipped_from: Option<DateTime<Utc>>,
    /// Why catching up stopped early, if it did: the first failure ends a
    /// job's catch-up, leaving its later slots for the next start.
    pub error: Option<String>,
}

/// Run, for every enabled per-slot job that has run before, each slot it
/// missed between its latest claimed slot and `now`: oldest first, each as
/// of its own time, claimed like a scheduled run (so several instances
/// starting together run each slot once). Looks back at most
/// [`CATCH_UP_WINDOW`] and runs at most [`CATCH_UP_MAX_SLOTS`] per job; a job
/// that never ran has nothing to catch up from.
pub async fn catch_up(ctx: &JobContext, now: DateTime<Utc>) -> Vec<CatchUp> {
    let mut reports = Vec::new();
    for spec in JOBS.iter().filter(|j| j.runs == Runs::OncePerSlot) {
        let Some(expr) = ctx.state.config.job_schedules.cron(spec.name) else {
            continue;
        };
        let cron = match schedule::parse_cron(expr) {
            Ok(cron) => cron,
            Err(e) => {
                tracing::error!(job = spec.name, error = %e, "cannot catch up");
                continue;
            }
        };
        let job = spec.name;
        let at = now.naive_utc();
        let last = match ctx
            .state
            .db
            .run(move |conn| last_claimed_slot(conn, job, at))
            .await
        {
            Ok(Some(last)) => last,
            Ok(None) => continue,
            Err(e) => {
                tracing::error!(job, error = %e, "cannot catch up");
                continue;
            }
        };
        let missed = schedule::missed_slots(
            &cron,
            last.and_utc(),
            now,
            CATCH_UP_WINDOW,
            CATCH_UP_MAX_SLOTS,
        );
        let mut report = CatchUp {
            job,
            last_slot: last,
            runs: Vec::new(),
            skipped_from: missed.skipped_from,
            error: None,
        };
        for slot in missed.slots {
            match run_job(ctx, spec, slot).await {
                Ok(run) => report.runs.push(run),
                Err(e) => {
                    report.error = Some(e.to_string());
                    break;
                }
            }
        }
        reports.push(report);
    }
    reports
}

fn log_catch_up(reports: &[CatchUp]) {
    for r in reports {
        if let Some(from) = r.skipped_from {
            tracing::warn!(
                job = r.job,
                last_slot = %r.last_slot,
                "catch-up skipped the missed slots after the last run up to {from} (it looks back at most {} days and runs at most {} slots)",
                CATCH_UP_WINDOW.num_days(),
                CATCH_UP_MAX_SLOTS
            );
        }
        let ran = r.runs.iter().filter(|run| run.ran).count();
        if !r.runs.is_empty() {
            tracing::info!(
                job = r.job,
                missed = r.runs.len(),
                ran,
                "caught up on missed slots"
            );
        }
        if let Some(e) = &r.error {
            tracing::error!(job = r.job, error = %e, "catch-up stopped: later slots wait for the next start");
        }
    }
}

/// One scheduled run, logged.
async fn scheduled_run(ctx: &JobContext, spec: &'static JobSpec) {
    match run_job(ctx, spec, ctx.state.clock.now()).await {
        Ok(run) if run.outcome.idle => {
            tracing::debug!(job = run.job, slot = ?run.slot, "{}", run.outcome.summary)
        }
        Ok(run) => tracing::info!(job = run.job, slot = ?run.slot, "{}", run.outcome.summary),
        Err(e) => tracing::error!(job = spec.name, error = %e, "job failed"),
    }
}

/// Schedule every enabled job, catch up on missed slots, then start the
/// scheduler. Returns it so the caller keeps it alive.
pub async fn start(ctx: JobContext) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    for spec in JOBS {
        let Some(cron) = ctx.state.config.job_schedules.cron(spec.name) else {
            tracing::info!(job = spec.name, "job disabled by {}", spec.env_var());
            continue;
        };
        let job_ctx = ctx.clone();
        let job = Job::new_async(cron, move |_id, _lock| {
            let ctx = job_ctx.clone();
            Box::pin(async move { scheduled_run(&ctx, spec).await })
        })
        .with_context(|| format!("scheduling job {} on `{cron}`", spec.name))?;
        scheduler.add(job).await?;
        tracing::debug!(job = spec.name, cron, "job scheduled");
    }
    // The jobs are added (and their next fire times fixed) before catching
    // up, so a fire time that passes meanwhile still runs once the scheduler
    // starts.
    log_catch_up(&catch_up(&ctx, ctx.state.clock.now()).await);
    scheduler.start().await?;
    Ok(scheduler)
}

/// Run a named job once as of `now`, as `kith jobs run` does.
pub async fn run_by_name(ctx: &JobContext, name: &str, now: DateTime<Utc>) -> AppResult<JobRun> {
    let spec = find(name).ok_or_else(|| {
        AppError::validation(
            "name",
            format!(
                "no job is called `{name}`; the jobs are {}",
                names().join(", ")
            ),
        )
    })?;
    run_job(ctx, spec, now).await
}

// Typed shortcuts for tests and callers that want numbers rather than a
// summary. Each claims its job's slot at `now` exactly as [`run_job`] does
// and calls the same domain function as the job's entry in [`JOBS`].

/// Run a per-slot job and keep its typed result: `None` when the slot was
/// already taken.
async fn once_per_slot<T, F>(
    ctx: &JobContext,
    job: &'static str,
    now: DateTime<Utc>,
    work: F,
) -> AppResult<Option<T>>
where
    F: FnOnce(&mut DbConn, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let spec = find(job).ok_or_else(|| AppError::internal("job", format!("unknown job {job}")))?;
    let slot = slot_at(&ctx.state.config, spec, now)?.naive_utc();
    let at = now.naive_utc();
    let instance = ctx.state.instance_id.clone();
    let clock = ctx.state.clock.clone();
    ctx.state
        .db
        .run(move |conn| {
            if !claim_slot(conn, job, slot, &instance, clock.now_naive())? {
                return Ok(None);
            }
            match work(conn, at) {
                Ok(done) => {
                    finish_slot(conn, job, slot, clock.now_naive())?;
                    Ok(Some(done))
                }
                Err(e) => {
                    release_slot(conn, job, slot, &instance);
                    Err(e)
                }
            }
        })
        .await
}

/// Send due emails (the `outbox-relay` job).
pub async fn relay_outbox(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<RelayReport> {
    outbox::relay(
        &ctx.state.db,
        &ctx.transport,
        &ctx.state.config.mail_from,
        now,
    )
    .await
}

/// The `housekeeping` job; false when its slot was already taken.
pub async fn housekeeping(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<bool> {
    let ran = once_per_slot(ctx, "housekeeping", now, registry::housekeep).await?;
    Ok(ran.is_some())
}

/// The `vetting-expiry` job: how many expiring checks were warned of.
pub async fn vetting_expiry(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<Option<usize>> {
    let public_url = ctx.state.config.public_url.clone();
    once_per_slot(ctx, "vetting-expiry", now, move |conn, at| {
        crate::domain::volunteers::warn_expiring(conn, &public_url, at)
    })
    .await
}

/// The `activity-horizon` job: how many activity dates were written.
pub async fn activity_horizon(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<Option<usize>> {
    once_per_slot(
        ctx,
        "activity-horizon",
        now,
        crate::domain::activities::extend_horizon,
    )
    .await
}

/// The `help-expiry` job: how many open help requests expired.
pub async fn expire_help_requests(
    ctx: &JobContext,
    now: DateTime<Utc>,
) -> AppResult<Option<usize>> {
    once_per_slot(ctx, "help-expiry", now, crate::domain::help::expire).await
}
