//! Scheduled work. Every job is a plain, idempotent function of
//! `(&JobContext, now)` so tests call it directly at any simulated time;
//! [`start`] only wires those functions to tokio-cron-scheduler.
//!
//! Jobs that must run once per time slot across all server instances claim
//! the slot first ([`claim_slot`]): a row keyed by (job, slot) that only one
//! instance can insert. The outbox relay claims individual rows instead.

use chrono::{DateTime, Duration, DurationRound, NaiveDateTime, Utc};
use diesel::prelude::*;
use tokio_cron_scheduler::{Job, JobScheduler};

use crate::db::schema::{job_runs, login_failures, password_resets, refresh_tokens, sessions};
use crate::db::DbConn;
use crate::error::{is_unique_violation, AppResult};
use crate::mail::outbox::{self, RelayReport};
use crate::mail::Transport;
use crate::state::AppState;

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

/// Send due emails.
pub async fn relay_outbox(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<RelayReport> {
    outbox::relay(
        &ctx.state.db,
        &ctx.transport,
        &ctx.state.config.mail_from,
        now,
    )
    .await
}

/// The hour a time falls in: the slot of hourly jobs.
fn hour_slot(now: DateTime<Utc>) -> NaiveDateTime {
    now.duration_trunc(Duration::hours(1))
        .unwrap_or(now)
        .naive_utc()
}

/// The (UTC) day a time falls in: the slot of daily jobs.
fn day_slot(now: DateTime<Utc>) -> NaiveDateTime {
    now.date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap_or(now.naive_utc())
}

/// Do `work` once per (job, slot) across all instances: claim the slot, run
/// the work at `now`, mark the slot finished. `None` when the slot was
/// already claimed.
async fn once_per_slot<T, F>(
    ctx: &JobContext,
    job: &'static str,
    slot: NaiveDateTime,
    now: DateTime<Utc>,
    work: F,
) -> AppResult<Option<T>>
where
    F: FnOnce(&mut DbConn, NaiveDateTime) -> AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    let at = now.naive_utc();
    let instance = ctx.state.instance_id.clone();
    ctx.state
        .db
        .run(move |conn| {
            if !claim_slot(conn, job, slot, &instance, at)? {
                return Ok(None);
            }
            let done = work(conn, at)?;
            finish_slot(conn, job, slot, at)?;
            Ok(Some(done))
        })
        .await
}

/// Hourly housekeeping: forget expired login failures, used or expired
/// reset and refresh tokens. Runs once per hour slot across instances.
pub async fn housekeeping(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<bool> {
    let ran = once_per_slot(ctx, "housekeeping", hour_slot(now), now, |conn, at| {
        diesel::delete(
            login_failures::table.filter(login_failures::failed_at.lt(at - Duration::days(1))),
        )
        .execute(conn)?;
        diesel::delete(
            password_resets::table.filter(password_resets::expires_at.lt(at - Duration::days(1))),
        )
        .execute(conn)?;
        // Refresh tokens of revoked sessions and expired ones can go; the
        // sessions themselves are kept as a record of sign-ins.
        let dead_sessions = sessions::table
            .filter(sessions::revoked_at.lt(at - Duration::days(1)))
            .select(sessions::id);
        diesel::delete(
            refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(dead_sessions)),
        )
        .execute(conn)?;
        diesel::delete(
            refresh_tokens::table.filter(refresh_tokens::expires_at.lt(at - Duration::days(1))),
        )
        .execute(conn)?;
        Ok(())
    })
    .await?;
    Ok(ran.is_some())
}

/// Daily: warn about DBS checks expiring in 60, 30 and 7 days. Runs once
/// per day slot across instances; each warning is sent once whatever runs.
pub async fn vetting_expiry(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<Option<usize>> {
    let public_url = ctx.state.config.public_url.clone();
    once_per_slot(
        ctx,
        "vetting-expiry",
        day_slot(now),
        now,
        move |conn, at| crate::domain::volunteers::warn_expiring(conn, &public_url, at),
    )
    .await
}

/// Daily: materialise the dates of repeating activities about a year ahead,
/// so listings keep finding them. Runs once per day slot across instances;
/// writing the same dates twice is impossible (a re-check under the lock).
pub async fn activity_horizon(ctx: &JobContext, now: DateTime<Utc>) -> AppResult<Option<usize>> {
    once_per_slot(ctx, "activity-horizon", day_slot(now), now, |conn, at| {
        crate::domain::activities::extend_horizon(conn, at)
    })
    .await
}

/// Hourly: expire OPEN help requests whose last preferred window has ended,
/// in one statement. Runs once per hour slot across instances; a second run
/// finds nothing left to expire.
pub async fn expire_help_requests(
    ctx: &JobContext,
    now: DateTime<Utc>,
) -> AppResult<Option<usize>> {
    once_per_slot(ctx, "help-expiry", hour_slot(now), now, |conn, at| {
        crate::domain::help::expire(conn, at)
    })
    .await
}

/// Start the scheduler with every job. Returns it so the caller keeps it alive.
pub async fn start(ctx: JobContext) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    let relay_ctx = ctx.clone();
    scheduler
        .add(Job::new_repeated_async(
            std::time::Duration::from_secs(5),
            move |_id, _lock| {
                let ctx = relay_ctx.clone();
                Box::pin(async move {
                    let now = ctx.state.clock.now();
                    match relay_outbox(&ctx, now).await {
                        Ok(r) if r.sent + r.failed > 0 => {
                            tracing::info!(sent = r.sent, failed = r.failed, "outbox relay")
                        }
                        Ok(_) => {}
                        Err(e) => tracing::error!(error = %e, "outbox relay failed"),
                    }
                })
            },
        )?)
        .await?;
    let hk_ctx = ctx.clone();
    scheduler
        .add(Job::new_async("0 7 * * * *", move |_id, _lock| {
            let ctx = hk_ctx.clone();
            Box::pin(async move {
                if let Err(e) = housekeeping(&ctx, ctx.state.clock.now()).await {
                    tracing::error!(error = %e, "housekeeping failed");
                }
            })
        })?)
        .await?;
    let vet_ctx = ctx.clone();
    scheduler
        .add(Job::new_async("0 30 7 * * *", move |_id, _lock| {
            let ctx = vet_ctx.clone();
            Box::pin(async move {
                match vetting_expiry(&ctx, ctx.state.clock.now()).await {
                    Ok(Some(n)) => tracing::info!(warnings = n, "DBS expiry warnings"),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "DBS expiry warnings failed"),
                }
            })
        })?)
        .await?;
    let horizon_ctx = ctx.clone();
    scheduler
        .add(Job::new_async("0 15 2 * * *", move |_id, _lock| {
            let ctx = horizon_ctx.clone();
            Box::pin(async move {
                match activity_horizon(&ctx, ctx.state.clock.now()).await {
                    Ok(Some(n)) => tracing::info!(dates = n, "activity dates materialised"),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "activity dates job failed"),
                }
            })
        })?)
        .await?;
    let help_ctx = ctx.clone();
    scheduler
        .add(Job::new_async("0 20 * * * *", move |_id, _lock| {
            let ctx = help_ctx.clone();
            Box::pin(async move {
                match expire_help_requests(&ctx, ctx.state.clock.now()).await {
                    Ok(Some(n)) if n > 0 => tracing::info!(expired = n, "help requests expired"),
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, "help request expiry failed"),
                }
            })
        })?)
        .await?;
    scheduler.start().await?;
    Ok(scheduler)
}
