//! The one list of scheduled jobs, [`JOBS`].
//!
//! To add a job, add one [`JobSpec`] to the list: a stable kebab-case name
//! (it keys `job_runs` and names the `KITH_JOB_<NAME>_CRON` override, so never
//! rename it), a one-line description for `kith jobs list`, a default cron
//! expression (six fields, seconds first, UTC), how it [`Runs`], and the
//! function. Most jobs are database work once per slot:
//!
//! ```ignore
//! JobSpec {
//!     name: "check-in-reminders",
//!     description: "Remind volunteers of check-ins due within the hour",
//!     default_cron: "0 */5 * * * *",
//!     runs: Runs::OncePerSlot,
//!     run: |ctx, now| in_db(ctx, now, |conn, _state, at| {
//!         let n = crate::domain::checkins::send_reminders(conn, at)?;
//!         Ok(Outcome::counted(n, format!("reminded {n}")))
//!     }),
//! },
//! ```
//!
//! Everything else follows from the entry: the scheduler runs it, the
//! environment can change or disable its schedule, `kith jobs list` and
//! `kith jobs run NAME` know it, and a server that was down catches up on
//! the slots it missed. The function runs "as of" `now` (a slot's time during
//! catch-up, `--now` from the command line): use `now`/`at`, never the
//! clock, and make it idempotent. Work that must await (publishing events,
//! sending mail) writes `|ctx, now| Box::pin(async move { ... })` instead of
//! [`in_db`].

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::JobContext;
use crate::db::schema::{login_failures, password_resets, refresh_tokens, sessions};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::mail::outbox;
use crate::state::AppState;

/// What a job function returns.
pub type JobFuture = Pin<Box<dyn Future<Output = AppResult<Outcome>> + Send>>;

/// A job: given the context and the time it runs as of, do the work.
pub type JobFn = fn(JobContext, DateTime<Utc>) -> JobFuture;

/// How runs of a job are shared between server instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// At most once per slot across every instance: the runner claims
    /// `(name, slot)` in `job_runs` before calling the function, and a
    /// restarted server runs the slots it missed (see `jobs::catch_up`).
    OncePerSlot,
    /// On every tick on every instance, with no record in `job_runs`; the
    /// function itself must be safe to run on several instances at once (the
    /// outbox relay claims individual rows).
    EveryTick,
}

/// One scheduled job. See the module documentation for how to add one.
#[derive(Debug, Clone, Copy)]
pub struct JobSpec {
    /// Stable kebab-case name: the `job_runs` key and the CLI name.
    pub name: &'static str,
    /// One line for `kith jobs list`.
    pub description: &'static str,
    /// Six-field cron expression (seconds first, UTC), unless
    /// `KITH_JOB_<NAME>_CRON` says otherwise.
    pub default_cron: &'static str,
    pub runs: Runs,
    pub run: JobFn,
}

impl JobSpec {
    /// The environment variable that overrides this job's schedule.
    pub fn env_var(&self) -> String {
        crate::config::job_cron_var(self.name)
    }
}

/// What one run did: a few words for the log and `kith jobs run`, and
/// whether it found anything to do (idle runs are logged at debug level).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub summary: String,
    pub idle: bool,
}

impl Outcome {
    /// A run that handled `n` things (idle when `n` is 0).
    pub fn counted(n: usize, summary: impl Into<String>) -> Self {
        Outcome {
            summary: summary.into(),
            idle: n == 0,
        }
    }

    /// A per-slot run that did not happen because the slot was taken.
    pub fn slot_taken() -> Self {
        Outcome {
            summary: "slot already taken".into(),
            idle: true,
        }
    }
}

/// Run synchronous database work on the blocking pool, as of `now` (passed
/// on as the naive UTC time the database stores). The usual body of a job.
pub fn in_db<F>(ctx: JobContext, now: DateTime<Utc>, work: F) -> JobFuture
where
    F: FnOnce(&mut DbConn, &AppState, NaiveDateTime) -> AppResult<Outcome> + Send + 'static,
{
    Box::pin(async move {
        let state = ctx.state.clone();
        ctx.state
            .db
            .run(move |conn| work(conn, &state, now.naive_utc()))
            .await
    })
}

/// Every job, in the order `kith jobs list` shows them.
pub const JOBS: &[JobSpec] = &[
    JobSpec {
        name: "outbox-relay",
        description: "Send due emails from the outbox, retrying failures with backoff",
        default_cron: "*/5 * * * * *",
        runs: Runs::EveryTick,
        run: |ctx, now| {
            Box::pin(async move {
                let r = outbox::relay(
                    &ctx.state.db,
                    &ctx.transport,
                    &ctx.state.config.mail_from,
                    now,
                )
                .await?;
                Ok(Outcome::counted(
                    r.sent + r.failed,
                    format!("sent {}, failed {}", r.sent, r.failed),
                ))
            })
        },
    },
    JobSpec {
        name: "housekeeping",
        description: "Forget old login failures and expired or revoked reset and refresh tokens",
        default_cron: "0 7 * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, _state, at| {
                let n = housekeep(conn, at)?;
                Ok(Outcome::counted(n.total(), n.to_string()))
            })
        },
    },
    JobSpec {
        name: "vetting-expiry",
        description: "Warn volunteers and coordinators of DBS checks expiring in 60, 30 and 7 days",
        default_cron: "0 30 7 * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, state, at| {
                let n =
                    crate::domain::volunteers::warn_expiring(conn, &state.config.public_url, at)?;
                Ok(Outcome::counted(
                    n,
                    format!("warned of {n} expiring checks"),
                ))
            })
        },
    },
    JobSpec {
        name: "activity-horizon",
        description: "Materialise the dates of repeating activities about 400 days ahead",
        default_cron: "0 15 2 * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, _state, at| {
                let n = crate::domain::activities::extend_horizon(conn, at)?;
                Ok(Outcome::counted(n, format!("materialised {n} dates")))
            })
        },
    },
    JobSpec {
        name: "help-expiry",
        description: "Expire open help requests whose last preferred window has ended",
        default_cron: "0 20 * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, _state, at| {
                let n = crate::domain::help::expire(conn, at)?;
                Ok(Outcome::counted(n, format!("expired {n}")))
            })
        },
    },
    JobSpec {
        name: "check-in-schedule",
        description: "Write every active check-in plan's check-ins for the next 14 days",
        default_cron: "0 5 * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, _state, at| {
                let n = crate::domain::checkins::materialise(conn, at)?;
                Ok(Outcome::counted(n, format!("scheduled {n} check-ins")))
            })
        },
    },
    JobSpec {
        name: "check-in-reminders",
        description: "Remind volunteers of check-ins due within the hour",
        default_cron: "0 */5 * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, state, at| {
                let n = crate::domain::checkins::send_reminders(conn, &state.config.public_url, at)?;
                Ok(Outcome::counted(n, format!("reminded {n}")))
            })
        },
    },
    JobSpec {
        name: "check-in-escalation",
        description: "Mark check-ins with no outcome after their grace period missed, and run due escalation steps",
        default_cron: "0 * * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| Box::pin(escalate_check_ins(ctx, now)),
    },
    JobSpec {
        name: "referral-acknowledgements",
        description: "Remind partners of referrals not acknowledged in their agreed time, and tell the referrers",
        default_cron: "0 15 * * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, state, at| {
                let n = crate::domain::referrals::acknowledgements_overdue(
                    conn,
                    &state.config.public_url,
                    at,
                )?;
                Ok(Outcome::counted(n, format!("reminded {n}")))
            })
        },
    },
    JobSpec {
        name: "outcome-survey-invitations",
        description: "Invite residents to answer the outcome survey every six months (email, or their groups' call list)",
        default_cron: "0 0 10 * * *",
        runs: Runs::OncePerSlot,
        run: |ctx, now| {
            in_db(ctx, now, |conn, state, at| {
                let n = crate::domain::outcomes::invite_due(conn, &state.config.public_url, at)?;
                Ok(Outcome::counted(n, format!("invited {n}")))
            })
        },
    },
];

/// Misses, then due escalation steps; then tell subscribers (on every
/// instance) about each check-in that moved.
async fn escalate_check_ins(ctx: JobContext, now: DateTime<Utc>) -> AppResult<Outcome> {
    let state = ctx.state.clone();
    let (missed, moved) = ctx
        .state
        .db
        .run(move |conn| {
            let at = now.naive_utc();
            let missed = crate::domain::checkins::detect_misses(conn, at)?;
            let moved = crate::domain::checkins::escalate_due(
                conn,
                &state.config.public_url,
                state.config.escalation,
                at,
            )?;
            Ok((missed, moved))
        })
        .await?;
    let mut told = std::collections::BTreeSet::new();
    for (check_in_id, group_id) in missed.iter().chain(moved.iter()) {
        if told.insert(*check_in_id) {
            ctx.state
                .events
                .publish(crate::events::Event::CheckInEscalated {
                    check_in_id: *check_in_id,
                    group_id: *group_id,
                })
                .await;
        }
    }
    Ok(Outcome::counted(
        missed.len() + moved.len(),
        format!("{} missed, {} escalated", missed.len(), moved.len()),
    ))
}

/// The job with this name.
pub fn find(name: &str) -> Option<&'static JobSpec> {
    JOBS.iter().find(|j| j.name == name)
}

/// Every job name, in list order.
pub fn names() -> Vec<&'static str> {
    JOBS.iter().map(|j| j.name).collect()
}

/// What housekeeping removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Housekept {
    pub login_failures: usize,
    pub password_resets: usize,
    pub refresh_tokens: usize,
}

impl Housekept {
    fn total(&self) -> usize {
        self.login_failures + self.password_resets + self.refresh_tokens
    }
}

impl std::fmt::Display for Housekept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "removed {} login failures, {} reset tokens, {} refresh tokens",
            self.login_failures, self.password_resets, self.refresh_tokens
        )
    }
}

/// Forget login failures and reset tokens more than a day old, and refresh
/// tokens of sessions revoked or tokens expired more than a day ago. The
/// sessions themselves are kept as a record of sign-ins.
pub(crate) fn housekeep(conn: &mut DbConn, at: NaiveDateTime) -> AppResult<Housekept> {
    let cutoff = at - Duration::days(1);
    let login_failures =
        diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(cutoff)))
            .execute(conn)?;
    let password_resets =
        diesel::delete(password_resets::table.filter(password_resets::expires_at.lt(cutoff)))
            .execute(conn)?;
    let dead_sessions = sessions::table
        .filter(sessions::revoked_at.lt(cutoff))
        .select(sessions::id);
    let mut refresh = diesel::delete(
        refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(dead_sessions)),
    )
    .execute(conn)?;
    refresh += diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(cutoff)))
        .execute(conn)?;
    Ok(Housekept {
        login_failures,
        password_resets,
        refresh_tokens: refresh,
    })
}
