//! Recording a check-in's outcome, and the lists people work from.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{
    check_in_access, find, finish_escalation, lock_check_in, CheckIn, CheckInStatus, ConcernFlag,
    Outcome,
};
use crate::db::schema::{check_in_events, check_ins, groups};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{can_coordinate, signed_in, Actor};
use crate::domain::groups::Group;
use crate::domain::page::{self, bad_cursor, Cursor, Page};
use crate::domain::{people, validate};
use crate::error::{AppError, AppResult};

/// How early before its due time a check-in can be recorded.
pub const EARLIEST_RECORD_HOURS: i64 = 12;

/// Input to [`record_check_in`].
#[derive(Debug, Clone)]
pub struct Recording {
    pub check_in_id: i64,
    pub outcome: Outcome,
    pub concerns: Vec<ConcernFlag>,
    pub notes: Option<String>,
    pub minutes: Option<i32>,
}

/// Record what happened (the plan's volunteers or the group's
/// coordinators). WELL, CONCERN and DECLINED complete the check-in; if it
/// had been missed, that also resolves its escalation and sends the all
/// clear. NO_ANSWER makes a scheduled check-in MISSED at once, so its
/// escalation starts with the next scheduler run.
pub fn record_check_in(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    input: Recording,
    now: NaiveDateTime,
) -> AppResult<CheckIn> {
    let viewer = signed_in(actor)?;
    let notes = validate::text("notes", input.notes.as_deref().unwrap_or(""), 0, 2000)?;
    if let Some(m) = input.minutes {
        if !(0..=600).contains(&m) {
            return Err(AppError::validation(
                "minutes",
                "Minutes must be between 0 and 600.",
            ));
        }
    }
    let mut concerns = input.concerns.clone();
    concerns.sort_by_key(|c| c.as_str());
    concerns.dedup();
    match (input.outcome, concerns.is_empty()) {
        (Outcome::Concern, true) => {
            return Err(AppError::validation(
                "concerns",
                "Say what the concern is about (at least one flag).",
            ))
        }
        (Outcome::Concern, false) | (_, true) => {}
        (_, false) => {
            return Err(AppError::validation(
                "concerns",
                "Concern flags go with the CONCERN outcome only.",
            ))
        }
    }
    write_tx(conn, |conn| {
        lock_check_in(conn, input.check_in_id)?;
        let c = find(conn, input.check_in_id)?.ok_or(AppError::NotFound("That check-in"))?;
        let access = check_in_access(conn, &viewer, &c)?;
        if !access.can_see() {
            return Err(AppError::NotFound("That check-in"));
        }
        if !(access.coordinator || access.volunteer) {
            return Err(AppError::forbidden(
                "Only the plan's volunteers or the group's coordinators can record a check-in.",
            ));
        }
        let escalating = c.is_escalating();
        match c.status() {
            CheckInStatus::Scheduled => {}
            CheckInStatus::Missed if escalating && input.outcome != Outcome::NoAnswer => {}
            CheckInStatus::Missed if escalating => {
                return Err(AppError::InvalidTransition(
                    "This check-in is already missed and being escalated.".into(),
                ))
            }
            other => {
                return Err(AppError::InvalidTransition(format!(
                    "This check-in is {}{}, so it cannot be recorded.",
                    other.as_str().to_lowercase(),
                    if other == CheckInStatus::Missed {
                        " and resolved"
                    } else {
                        ""
                    }
                )))
            }
        }
        if now < c.due_at - Duration::hours(EARLIEST_RECORD_HOURS) {
            return Err(AppError::validation(
                "checkInId",
                "This check-in is not due yet: record it on the day.",
            ));
        }
        let status = if input.outcome == Outcome::NoAnswer {
            CheckInStatus::Missed
        } else {
            CheckInStatus::Completed
        };
        let flags = concerns
            .iter()
            .map(|f| f.as_str())
            .collect::<Vec<_>>()
            .join(",");
        let missed_now = status == CheckInStatus::Missed;
        let updated: CheckIn = diesel::update(check_ins::table.find(c.id))
            .set((
                check_ins::status.eq(status.as_str()),
                check_ins::outcome.eq(Some(input.outcome.as_str())),
                check_ins::concerns.eq(&flags),
                check_ins::notes.eq(&notes),
                check_ins::minutes.eq(input.minutes),
                check_ins::recorded_by.eq(Some(viewer.person_id)),
                check_ins::recorded_at.eq(Some(now)),
            ))
            .returning(check_ins::all_columns)
            .get_result(conn)?;
        if missed_now {
            diesel::update(check_ins::table.find(c.id))
                .set((
                    check_ins::missed_at.eq(Some(now)),
                    check_ins::next_step_at.eq(Some(now)),
                ))
                .execute(conn)?;
        }
        // Each recording is its own event: number them (a no answer, then
        // a later success, are both kept).
        let earlier: i64 = check_in_events::table
            .filter(check_in_events::check_in_id.eq(c.id))
            .filter(check_in_events::kind.eq("RECORDED"))
            .count()
            .get_result(conn)?;
        diesel::insert_into(check_in_events::table)
            .values((
                check_in_events::check_in_id.eq(c.id),
                check_in_events::kind.eq("RECORDED"),
                check_in_events::step.eq(earlier as i32 + 1),
                check_in_events::detail.eq(input.outcome.as_str()),
                check_in_events::actor_id.eq(Some(viewer.person_id)),
                check_in_events::at.eq(now),
            ))
            .execute(conn)?;
        // The time bank: the group pays whoever made the contact (the
        // recorder when they are one of the plan's volunteers, otherwise the
        // check-in's volunteer).
        if status == CheckInStatus::Completed {
            if let Some(m) = input.minutes.filter(|m| *m > 0) {
                let giver = if access.volunteer {
                    viewer.person_id
                } else {
                    c.volunteer_id
                };
                crate::domain::ledger::credit(
                    conn,
                    crate::domain::ledger::Owner::Group(c.group_id),
                    giver,
                    m as i64,
                    crate::domain::ledger::TransferKind::CheckIn,
                    ("CHECK_IN", c.id),
                    "Check-in",
                    Some(viewer.person_id),
                    now,
                )?;
            }
        }
        if escalating {
            let who = people::find(conn, viewer.person_id)?
                .map(|p| p.display_name)
                .unwrap_or_default();
            let note = format!(
                "{who} recorded the check-in as {}.",
                input.outcome.as_str().to_lowercase().replace('_', " ")
            );
            finish_escalation(conn, public_url, &updated, viewer.person_id, &note, now)?;
        }
        find(conn, c.id)?.ok_or(AppError::NotFound("That check-in"))
    })
}

/// Check-ins I make (as the volunteer) or receive (as the resident) in a
/// window, soonest first. Defaults: from the start of today (London) for
/// 14 days.
pub fn my_check_ins(
    conn: &mut DbConn,
    actor: &Actor,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    first: i64,
    after: Option<Cursor>,
    now: NaiveDateTime,
) -> AppResult<Page<CheckIn>> {
    let viewer = signed_in(actor)?;
    let from =
        from.unwrap_or_else(|| super::london_midnight(crate::domain::time::london_date(now)));
    let to = to.unwrap_or(from + Duration::days(super::HORIZON_DAYS));
    if to <= from {
        return Err(AppError::validation("to", "`to` must be after `from`."));
    }
    if to - from > Duration::days(366) {
        return Err(AppError::validation(
            "to",
            "Ask for at most a year of check-ins at a time.",
        ));
    }
    let me = viewer.person_id;
    let base = || {
        check_ins::table
            .filter(
                check_ins::volunteer_id
                    .eq(me)
                    .or(check_ins::resident_id.eq(me)),
            )
            .filter(check_ins::due_at.ge(from))
            .filter(check_ins::due_at.lt(to))
            .filter(check_ins::status.ne(CheckInStatus::Cancelled.as_str()))
            .into_boxed()
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        let t = c.time()?;
        q = q.filter(
            check_ins::due_at
                .gt(t)
                .or(check_ins::due_at.eq(t).and(check_ins::id.gt(c.id))),
        );
    }
    let rows: Vec<CheckIn> = q
        .order((check_ins::due_at.asc(), check_ins::id.asc()))
        .limit(first + 1)
        .select(CheckIn::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|c| (Cursor::at(c.due_at, c.id), c))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Overdue check-ins for a coordinator's dashboard: missed and unresolved,
/// or past due plus grace and not yet picked up by the scheduler. Most at
/// risk first (the plan's risk level), then the longest overdue. One group,
/// or every group the viewer coordinates. Each with its group, read in the
/// same statement.
pub fn overdue(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: Option<i64>,
    first: i64,
    after: Option<Cursor>,
    now: NaiveDateTime,
) -> AppResult<Page<(CheckIn, Group)>> {
    let viewer = signed_in(actor)?;
    let mut coordinated_by = None;
    let groups: Option<Vec<i64>> = match group_id {
        Some(g) => {
            crate::domain::groups::find(conn, g)?.ok_or(AppError::NotFound("That group"))?;
            if !can_coordinate(conn, &viewer, g)? {
                return Err(AppError::forbidden(
                    "Only the group's coordinators can see its overdue check-ins.",
                ));
            }
            Some(vec![g])
        }
        None if viewer.is_admin => None,
        // The groups the viewer coordinates, as a subquery of the page's.
        None => {
            coordinated_by = Some(viewer.person_id);
            None
        }
    };
    let base = || {
        let mut q = check_ins::table
            .inner_join(groups::table.on(groups::id.eq(check_ins::group_id)))
            // Implied by the branches below; stated so that the planner
            // reads the group index by (group, status) instead of every
            // missed check-in of every group (scripts/bench: 860 ms -> 5 ms
            // on SQLite with a million check-ins).
            // (Two comparisons rather than `eq_any`, whose `IN (?, ?)`
            // diesel never keeps prepared on SQLite.)
            .filter(
                check_ins::status
                    .eq(CheckInStatus::Missed.as_str())
                    .or(check_ins::status.eq(CheckInStatus::Scheduled.as_str())),
            )
            .filter(
                check_ins::status
                    .eq(CheckInStatus::Missed.as_str())
                    .and(check_ins::resolved_at.is_null())
                    .or(check_ins::status
                        .eq(CheckInStatus::Scheduled.as_str())
                        .and(check_ins::due_at.le(now))
                        .and(check_ins::overdue_at.le(now))),
            )
            .into_boxed();
        if let Some(gs) = &groups {
            q = q.filter(check_ins::group_id.eq_any(gs.clone()));
        }
        if let Some(person) = coordinated_by {
            q = q.filter(crate::db::coordinated_by(check_ins::group_id, person));
        }
        q
    };
    let total = page::total(|| base().count().get_result(conn))?;
    let mut q = base();
    if let Some(c) = after {
        let (rank, due) = decode_key(&c.key)?;
        q = q.filter(
            check_ins::risk_rank
                .lt(rank)
                .or(check_ins::risk_rank.eq(rank).and(
                    check_ins::due_at
                        .gt(due)
                        .or(check_ins::due_at.eq(due).and(check_ins::id.gt(c.id))),
                )),
        );
    }
    let rows: Vec<(CheckIn, Group)> = q
        .order((
            check_ins::risk_rank.desc(),
            check_ins::due_at.asc(),
            check_ins::id.asc(),
        ))
        .limit(first + 1)
        .select((CheckIn::as_select(), Group::as_select()))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(c, g)| {
            let key = format!("{}|{}", c.risk_rank, page::format_time(c.due_at));
            (Cursor::new(key, c.id), (c, g))
        })
        .collect();
    Ok(page::finish(rows, first, total))
}

fn decode_key(key: &str) -> AppResult<(i32, NaiveDateTime)> {
    let (rank, due) = key.split_once('|').ok_or_else(bad_cursor)?;
    Ok((
        rank.parse().map_err(|_| bad_cursor())?,
        page::parse_time(due)?,
    ))
}
