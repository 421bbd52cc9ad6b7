//! Materialising check-ins ahead and reminding volunteers.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use super::{CheckIn, CheckInPlan, CheckInStatus, PlanStatus};
use crate::calendar::recurrence;
use crate::db::schema::{check_in_plans, check_ins};
use crate::db::{write_tx, DbConn};
use crate::domain::people;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// How far ahead check-ins are written.
pub const HORIZON_DAYS: i64 = 14;
/// How long before the due time the volunteer is reminded.
pub const REMINDER_MINUTES: i64 = 60;
/// Plans handled per transaction by the materialiser.
const PLAN_CHUNK: i64 = 1000;
/// Rows per multi-row INSERT.
const ROW_CHUNK: usize = 500;

type NewCheckIn = (
    diesel::dsl::Eq<check_ins::plan_id, i64>,
    diesel::dsl::Eq<check_ins::resident_id, i64>,
    diesel::dsl::Eq<check_ins::group_id, i64>,
    diesel::dsl::Eq<check_ins::volunteer_id, i64>,
    diesel::dsl::Eq<check_ins::channel, String>,
    diesel::dsl::Eq<check_ins::due_at, NaiveDateTime>,
    diesel::dsl::Eq<check_ins::overdue_at, NaiveDateTime>,
    diesel::dsl::Eq<check_ins::remind_at, NaiveDateTime>,
    diesel::dsl::Eq<check_ins::risk_rank, i32>,
    diesel::dsl::Eq<check_ins::status, &'static str>,
    diesel::dsl::Eq<check_ins::created_at, NaiveDateTime>,
);

/// Write the check-ins of `plans` due before `horizon` that are not written
/// yet (from each plan's `materialised_until`, or the end of its pause),
/// then move each plan's mark to `horizon`. Existing (plan, due time) rows
/// are left alone, so running this again adds nothing. Check-ins more than
/// a day in the past when first written (only after the scheduler was off
/// for over two weeks) are not created: they would escalate stale alarms to
/// emergency contacts. Returns the number of rows written. Call inside a
/// write transaction.
pub fn materialise_plans(
    conn: &mut DbConn,
    plans: &[CheckInPlan],
    now: NaiveDateTime,
    horizon: NaiveDateTime,
) -> AppResult<usize> {
    let mut rows: Vec<NewCheckIn> = Vec::new();
    let mut done: Vec<i64> = Vec::with_capacity(plans.len());
    for plan in plans {
        let mut from = plan.materialised_until.max(now - Duration::days(1));
        match plan.status() {
            PlanStatus::Ended => continue,
            PlanStatus::Paused => match plan.paused_until {
                None => continue,
                Some(day) => from = from.max(super::london_midnight(day)),
            },
            PlanStatus::Active => {}
        }
        done.push(plan.id);
        if from >= horizon {
            continue;
        }
        let dues = recurrence::occurrences(
            plan.first_due_at,
            Some(&plan.recurrence),
            &[],
            from,
            horizon,
            recurrence::MAX_OCCURRENCES,
        )
        .map_err(AppError::InvalidRecurrence)?;
        for due in dues {
            rows.push((
                check_ins::plan_id.eq(plan.id),
                check_ins::resident_id.eq(plan.resident_id),
                check_ins::group_id.eq(plan.group_id),
                check_ins::volunteer_id.eq(plan.volunteer_id),
                check_ins::channel.eq(plan.channel.clone()),
                check_ins::due_at.eq(due),
                check_ins::overdue_at.eq(due + Duration::minutes(plan.grace_minutes as i64)),
                check_ins::remind_at.eq(due - Duration::minutes(REMINDER_MINUTES)),
                check_ins::risk_rank.eq(plan.risk_rank),
                check_ins::status.eq(CheckInStatus::Scheduled.as_str()),
                check_ins::created_at.eq(now),
            ));
        }
    }
    let mut written = 0;
    for chunk in rows.chunks(ROW_CHUNK) {
        let insert = diesel::insert_into(check_ins::table)
            .values(chunk)
            .on_conflict((check_ins::plan_id, check_ins::due_at))
            .do_nothing();
        // The multi-backend connection does not batch: address each backend.
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    for ids in done.chunks(ROW_CHUNK) {
        diesel::update(check_in_plans::table.filter(check_in_plans::id.eq_any(ids)))
            .filter(check_in_plans::materialised_until.lt(horizon))
            .set(check_in_plans::materialised_until.eq(horizon))
            .execute(conn)?;
    }
    Ok(written)
}

/// The scheduler's materialiser: every active plan (and every plan paused
/// until a date inside the window) gets its check-ins for the next 14 days.
/// Plans whose pause has ended become active again. Idempotent: a second
/// run at the same time writes nothing. Returns the rows written.
pub fn materialise(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let horizon = now + Duration::days(HORIZON_DAYS);
    let today = crate::domain::time::london_date(now);
    diesel::update(check_in_plans::table)
        .filter(check_in_plans::status.eq(PlanStatus::Paused.as_str()))
        .filter(check_in_plans::paused_until.le(today))
        .set((
            check_in_plans::status.eq(PlanStatus::Active.as_str()),
            check_in_plans::paused_until.eq(None::<chrono::NaiveDate>),
            check_in_plans::updated_at.eq(now),
        ))
        .execute(conn)?;
    let mut written = 0;
    let mut after = 0i64;
    loop {
        let batch: usize = write_tx(conn, |conn| {
            let plans: Vec<CheckInPlan> = check_in_plans::table
                .filter(check_in_plans::id.gt(after))
                .filter(check_in_plans::materialised_until.lt(horizon))
                .filter(
                    check_in_plans::status.eq(PlanStatus::Active.as_str()).or(
                        check_in_plans::status
                            .eq(PlanStatus::Paused.as_str())
                            .and(check_in_plans::paused_until.is_not_null()),
                    ),
                )
                .order(check_in_plans::id.asc())
                .limit(PLAN_CHUNK)
                .select(CheckInPlan::as_select())
                .load(conn)?;
            let Some(last) = plans.last() else {
                return Ok(usize::MAX);
            };
            after = last.id;
            materialise_plans(conn, &plans, now, horizon)
        })?;
        if batch == usize::MAX {
            return Ok(written);
        }
        written += batch;
    }
}

/// Remind volunteers of check-ins due within the hour (once each, never
/// after the due time). Claims the rows in one statement, so two instances
/// never remind twice. Returns how many reminders were sent.
pub fn send_reminders(conn: &mut DbConn, public_url: &str, now: NaiveDateTime) -> AppResult<usize> {
    let mut sent = 0;
    loop {
        let n = write_tx(conn, |conn| {
            let due: Vec<i64> = check_ins::table
                .filter(check_ins::status.eq(CheckInStatus::Scheduled.as_str()))
                .filter(check_ins::remind_at.le(now))
                .filter(check_ins::reminded_at.is_null())
                .filter(check_ins::due_at.gt(now))
                .order(check_ins::remind_at.asc())
                .limit(200)
                .select(check_ins::id)
                .load(conn)?;
            if due.is_empty() {
                return Ok(0);
            }
            let claimed: Vec<CheckIn> = diesel::update(check_ins::table)
                .filter(check_ins::id.eq_any(&due))
                .filter(check_ins::reminded_at.is_null())
                .set(check_ins::reminded_at.eq(Some(now)))
                .returning(check_ins::all_columns)
                .get_results(conn)?;
            remind(conn, public_url, &claimed, now)?;
            Ok(claimed.len())
        })?;
        if n == 0 {
            return Ok(sent);
        }
        sent += n;
    }
}

fn remind(
    conn: &mut DbConn,
    public_url: &str,
    claimed: &[CheckIn],
    now: NaiveDateTime,
) -> AppResult<()> {
    let mut ids: Vec<i64> = claimed
        .iter()
        .flat_map(|c| [c.volunteer_id, c.resident_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let found: HashMap<i64, people::Person> = people::find_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for c in claimed {
        let Some(volunteer) = found.get(&c.volunteer_id) else {
            continue;
        };
        let resident = found
            .get(&c.resident_id)
            .map(|p| p.display_name.clone())
            .unwrap_or_default();
        let (channel, detail) = match volunteer.email.as_deref() {
            Some(to) if !volunteer.do_not_contact && volunteer.disabled_at.is_none() => {
                outbox::enqueue(
                    conn,
                    public_url,
                    OutgoingMail {
                        kind: "checkin_reminder",
                        to,
                        context: json!({
                            "name": volunteer.display_name,
                            "resident": resident,
                            "how": c.channel().verb(),
                            "when": crate::domain::time::describe_local_time(c.due_at),
                            "link": format!("{public_url}/check-ins/{}", c.id),
                        }),
                        attachment: None,
                    },
                    now,
                )?;
                ("EMAIL", String::new())
            }
            _ => ("NONE", "No email address to remind them at.".to_string()),
        };
        super::event(
            conn,
            c.id,
            "REMINDED",
            0,
            "VOLUNTEER",
            &format!("person:{}", volunteer.id),
            &volunteer.display_name,
            channel,
            &detail,
            None,
            now,
        )?;
    }
    Ok(())
}

impl super::CheckInChannel {
    /// "phone", "visit", "video call" for sentences.
    pub fn verb(self) -> &'static str {
        match self {
            super::CheckInChannel::Phone => "phone",
            super::CheckInChannel::Visit => "visit",
            super::CheckInChannel::Video => "video call",
        }
    }
}
