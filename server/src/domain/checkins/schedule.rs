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

/// One scheduled check-in, written with `INSERT … ON CONFLICT (plan_id,
/// due_at) DO NOTHING` on SQLite. Written out here rather than with
/// diesel's `on_conflict`, which marks its statement as not to be kept
/// prepared: a hundred thousand plans' rows would each be parsed and
/// planned again.
struct InsertCheckIn<'a> {
    binds: [crate::db::Bind<'a>; 11],
}

const INSERT_CHECK_IN: &str = "INSERT INTO check_ins (plan_id, resident_id, group_id, \
     volunteer_id, channel, due_at, overdue_at, remind_at, risk_rank, status, created_at) \
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, due_at) DO NOTHING";

impl<'a> InsertCheckIn<'a> {
    fn new(
        plan: &'a CheckInPlan,
        due: NaiveDateTime,
        overdue: NaiveDateTime,
        remind: NaiveDateTime,
        status: &'static str,
        now: NaiveDateTime,
    ) -> Self {
        use crate::db::Bind;
        InsertCheckIn {
            binds: [
                Bind::Id(plan.id),
                Bind::Id(plan.resident_id),
                Bind::Id(plan.group_id),
                Bind::Id(plan.volunteer_id),
                Bind::Text(&plan.channel),
                Bind::Time(due),
                Bind::Time(overdue),
                Bind::Time(remind),
                Bind::Int(plan.risk_rank),
                Bind::Text(status),
                Bind::Time(now),
            ],
        }
    }
}

/// [`InsertCheckIn`]'s statement cache key: its SQL never changes.
struct InsertCheckInId;

impl diesel::query_builder::QueryId for InsertCheckIn<'_> {
    type QueryId = InsertCheckInId;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::QueryFragment<diesel::sqlite::Sqlite> for InsertCheckIn<'_> {
    fn walk_ast<'b>(
        &'b self,
        out: diesel::query_builder::AstPass<'_, 'b, diesel::sqlite::Sqlite>,
    ) -> QueryResult<()> {
        crate::db::walk_template(out, INSERT_CHECK_IN, &self.binds)
    }
}

impl RunQueryDsl<diesel::SqliteConnection> for InsertCheckIn<'_> {}

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
    // Each distinct rule is parsed once, and the dates of plans that share
    // a rule, a time of day and a phase are computed once.
    let mut expander = recurrence::Expander::default();
    // (plan, due time) of each row to write.
    let mut rows: Vec<(&CheckInPlan, NaiveDateTime)> = Vec::new();
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
        let dues = expander
            .occurrences(plan.first_due_at, &plan.recurrence, from, horizon)
            .map_err(AppError::InvalidRecurrence)?;
        rows.extend(dues.iter().map(|&due| (plan, due)));
    }
    let overdue =
        |plan: &CheckInPlan, due: NaiveDateTime| due + Duration::minutes(plan.grace_minutes as i64);
    let remind = |due: NaiveDateTime| due - Duration::minutes(REMINDER_MINUTES);
    let mut written = 0;
    // The multi-backend connection does not batch: address each backend.
    match conn {
        DbConn::Pg(pg) => {
            // One statement for all the rows, as arrays: PostgreSQL parses
            // and plans it once, however many rows there are.
            use diesel::sql_types::{Array, BigInt, Integer, Text, Timestamp};
            if !rows.is_empty() {
                let column = |f: fn(&CheckInPlan) -> i64| -> Vec<i64> {
                    rows.iter().map(|(plan, _)| f(plan)).collect()
                };
                let plan_ids = column(|p| p.id);
                let residents = column(|p| p.resident_id);
                let groups = column(|p| p.group_id);
                let volunteers = column(|p| p.volunteer_id);
                let channels: Vec<&str> = rows.iter().map(|(p, _)| p.channel.as_str()).collect();
                let dues: Vec<NaiveDateTime> = rows.iter().map(|(_, due)| *due).collect();
                let overdues: Vec<NaiveDateTime> =
                    rows.iter().map(|(p, due)| overdue(p, *due)).collect();
                let reminds: Vec<NaiveDateTime> =
                    rows.iter().map(|(_, due)| remind(*due)).collect();
                let ranks: Vec<i32> = rows.iter().map(|(p, _)| p.risk_rank).collect();
                written += diesel::sql_query(
                    "INSERT INTO check_ins (plan_id, resident_id, group_id, volunteer_id, channel, \
                     due_at, overdue_at, remind_at, risk_rank, status, created_at) \
                     SELECT r.*, $10, $11 FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     AS r (plan_id, resident_id, group_id, volunteer_id, channel, due_at, \
                     overdue_at, remind_at, risk_rank) \
                     ON CONFLICT (plan_id, due_at) DO NOTHING",
                )
                .bind::<Array<BigInt>, _>(plan_ids)
                .bind::<Array<BigInt>, _>(residents)
                .bind::<Array<BigInt>, _>(groups)
                .bind::<Array<BigInt>, _>(volunteers)
                .bind::<Array<Text>, _>(channels)
                .bind::<Array<Timestamp>, _>(dues)
                .bind::<Array<Timestamp>, _>(overdues)
                .bind::<Array<Timestamp>, _>(reminds)
                .bind::<Array<Integer>, _>(ranks)
                .bind::<Text, _>(CheckInStatus::Scheduled.as_str())
                .bind::<Timestamp, _>(now)
                .execute(pg)?;
            }
            if !done.is_empty() {
                // `= ANY($1)`: one array, however many plans.
                diesel::update(check_in_plans::table.filter(check_in_plans::id.eq_any(&done)))
                    .filter(check_in_plans::materialised_until.lt(horizon))
                    .set(check_in_plans::materialised_until.eq(horizon))
                    .execute(pg)?;
            }
        }
        DbConn::Sqlite(lite) => {
            // One row per INSERT, prepared once per connection. SQLite
            // copies every page a multi-row INSERT changes to a statement
            // journal first, so that it can undo just that statement; with
            // the rows spread over check_ins' indexes, that copying cost
            // more than the inserts. A one-row INSERT needs no such journal.
            for &(plan, due) in &rows {
                let status = CheckInStatus::Scheduled.as_str();
                let row =
                    InsertCheckIn::new(plan, due, overdue(plan, due), remind(due), status, now);
                written += row.execute(lite)?;
            }
            for ids in done.chunks(ROW_CHUNK) {
                diesel::update(check_in_plans::table.filter(check_in_plans::id.eq_any(ids)))
                    .filter(check_in_plans::materialised_until.lt(horizon))
                    .set(check_in_plans::materialised_until.eq(horizon))
                    .execute(lite)?;
            }
        }
    }
    Ok(written)
}

/// The scheduler's materialiser: every active plan (and every plan paused
/// until a date inside the window) gets its check-ins for the next 14 days.
/// Plans whose pause has ended become active again. Idempotent: a second
/// run at the same time writes nothing. Returns the rows written.
pub fn materialise(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    /// Plans per transaction on SQLite ([`PLAN_CHUNK`] on PostgreSQL).
    /// SQLite writes every page a transaction changed when it commits, and
    /// the rows of a thousand plans already touch pages all over check_ins'
    /// indexes, so a few large transactions cost far less there than many
    /// small ones. Each holds the write lock for about a second at most.
    const SQLITE_PLANS_PER_TX: usize = 25_000;
    /// SQLite's page cache while materialising, in KiB (so a transaction's
    /// changed index pages stay in memory until it commits).
    const SQLITE_CACHE_KIB: i64 = 64 * 1024;

    #[derive(QueryableByName)]
    struct CacheSize {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        cache_size: i64,
    }

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
    let is_due = |plan: &CheckInPlan| {
        plan.materialised_until < horizon
            && (plan.status == PlanStatus::Active.as_str()
                || (plan.status == PlanStatus::Paused.as_str() && plan.paused_until.is_some()))
    };
    // Which plans are behind: one pass over the (status, materialised_until)
    // index. (Paging through the plans in id order with this filter made
    // SQLite, which keeps no statistics, read and sort the index's whole
    // remaining range for every page.) Each transaction below reads its
    // range of plans again by primary key and checks them again, so a plan
    // changed in between is handled as it now is.
    let mut ids: Vec<i64> = check_in_plans::table
        .filter(check_in_plans::materialised_until.lt(horizon))
        .filter(
            check_in_plans::status
                .eq(PlanStatus::Active.as_str())
                .or(check_in_plans::status
                    .eq(PlanStatus::Paused.as_str())
                    .and(check_in_plans::paused_until.is_not_null())),
        )
        .select(check_in_plans::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    ids.sort_unstable();
    let per_tx = match conn {
        DbConn::Pg(_) => PLAN_CHUNK as usize,
        DbConn::Sqlite(_) => SQLITE_PLANS_PER_TX,
    };
    let cache_kib = match conn {
        DbConn::Sqlite(lite) => {
            let was = diesel::sql_query("PRAGMA cache_size").get_result::<CacheSize>(lite)?;
            diesel::sql_query(format!("PRAGMA cache_size = -{SQLITE_CACHE_KIB}")).execute(lite)?;
            Some(was.cache_size)
        }
        DbConn::Pg(_) => None,
    };
    let mut run = || -> AppResult<usize> {
        let mut written = 0;
        for page in ids.chunks(per_tx) {
            let (first, last) = (page[0], page[page.len() - 1]);
            written += write_tx(conn, |conn| {
                let mut plans: Vec<CheckInPlan> = check_in_plans::table
                    .filter(check_in_plans::id.between(first, last))
                    .order(check_in_plans::id.asc())
                    .select(CheckInPlan::as_select())
                    .load(conn)?;
                plans.retain(|p| is_due(p));
                materialise_plans(conn, &plans, now, horizon)
            })?;
        }
        Ok(written)
    };
    let result = run();
    let restored = match (cache_kib, &mut *conn) {
        (Some(was), DbConn::Sqlite(lite)) => {
            diesel::sql_query(format!("PRAGMA cache_size = {was}"))
                .execute(lite)
                .map(|_| ())
        }
        _ => Ok(()),
    };
    let written = result?;
    restored?;
    Ok(written)
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
                // remind_at is due_at - REMINDER_MINUTES: the due_at range
                // lets the (status, due_at) index find the candidates.
                .filter(check_ins::due_at.gt(now))
                .filter(check_ins::due_at.le(now + Duration::minutes(REMINDER_MINUTES)))
                .filter(check_ins::remind_at.le(now))
                .filter(check_ins::reminded_at.is_null())
                .order(check_ins::due_at.asc())
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
