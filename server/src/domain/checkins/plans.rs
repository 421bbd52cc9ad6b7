//! Creating, pausing, resuming and ending check-in plans.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{
    find_plan, lock_plan, materialise_plans, plan_access, CheckInChannel, CheckInPlan,
    CheckInStatus, PlanStatus, RiskLevel, HORIZON_DAYS,
};
use crate::calendar::recurrence;
use crate::db::schema::{check_in_events, check_in_plans, check_ins};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{active_role, require_coordinator, signed_in, Actor};
use crate::domain::volunteers::{self, VettingLevel};
use crate::domain::{audit, help, people};
use crate::error::{AppError, AppResult};

/// The longest grace after the due time before a check-in counts as missed.
pub const MAX_GRACE_MINUTES: i32 = 24 * 60;

/// Input to [`create_plan`].
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub resident_id: i64,
    pub group_id: i64,
    pub volunteer_id: i64,
    pub backup_volunteer_id: Option<i64>,
    pub recurrence: String,
    pub first_due_at: NaiveDateTime,
    pub channel: CheckInChannel,
    pub grace_minutes: i32,
    pub risk_level: RiskLevel,
}

/// Check that a volunteer can carry a plan: an active member of the group,
/// not the resident, and vetted (BASIC at least, current) for visits.
fn check_volunteer(
    conn: &mut DbConn,
    field: &'static str,
    person_id: i64,
    plan: &NewPlan,
    today: NaiveDate,
) -> AppResult<()> {
    if person_id == plan.resident_id {
        return Err(AppError::validation(
            field,
            "The resident cannot be their own check-in volunteer.",
        ));
    }
    if people::find(conn, person_id)?.is_none()
        || active_role(conn, person_id, plan.group_id)?.is_none()
    {
        return Err(AppError::validation(
            field,
            "The volunteer must be an active member of the group.",
        ));
    }
    if plan.channel == CheckInChannel::Visit {
        let level = volunteers::current_vetting(conn, person_id)?
            .map(|v| v.effective_level(today))
            .unwrap_or(VettingLevel::None);
        if !level.satisfies(VettingLevel::Basic) {
            return Err(AppError::VettingRequired(format!(
                "Home visits need a volunteer with a current DBS check (at least basic); the {} has none.",
                if field == "volunteerId" { "volunteer" } else { "backup volunteer" }
            )));
        }
    }
    Ok(())
}

/// Start a plan (the group's coordinators). Its first 14 days of check-ins
/// are written at once.
pub fn create_plan(
    conn: &mut DbConn,
    actor: &Actor,
    input: NewPlan,
    now: NaiveDateTime,
) -> AppResult<CheckInPlan> {
    let viewer = signed_in(actor)?;
    if !(0..=MAX_GRACE_MINUTES).contains(&input.grace_minutes) {
        return Err(AppError::validation(
            "graceMinutes",
            "The grace period must be between 0 and 1440 minutes.",
        ));
    }
    use chrono::Timelike;
    let first_due_at = input
        .first_due_at
        .with_nanosecond(0)
        .unwrap_or(input.first_due_at);
    if first_due_at <= now {
        return Err(AppError::validation(
            "firstDueAt",
            "The first check-in must be in the future.",
        ));
    }
    let rule = recurrence::check_rule(&input.recurrence, first_due_at)
        .map_err(AppError::InvalidRecurrence)?;
    if input.backup_volunteer_id == Some(input.volunteer_id) {
        return Err(AppError::validation(
            "backupVolunteerId",
            "The backup must be someone other than the volunteer.",
        ));
    }
    write_tx(conn, |conn| {
        crate::domain::groups::find(conn, input.group_id)?
            .ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, input.group_id)?;
        if people::find(conn, input.resident_id)?.is_none()
            || active_role(conn, input.resident_id, input.group_id)?.is_none()
        {
            return Err(AppError::validation(
                "residentId",
                "The resident must be an active member of the group.",
            ));
        }
        if !help::volunteers_may_contact(conn, input.resident_id)? {
            return Err(AppError::ConsentRequired(
                "This resident has not agreed to be contacted by volunteers.".into(),
            ));
        }
        let today = now.date();
        check_volunteer(conn, "volunteerId", input.volunteer_id, &input, today)?;
        if let Some(backup) = input.backup_volunteer_id {
            check_volunteer(conn, "backupVolunteerId", backup, &input, today)?;
        }
        let plan: CheckInPlan = diesel::insert_into(check_in_plans::table)
            .values((
                check_in_plans::resident_id.eq(input.resident_id),
                check_in_plans::group_id.eq(input.group_id),
                check_in_plans::volunteer_id.eq(input.volunteer_id),
                check_in_plans::backup_volunteer_id.eq(input.backup_volunteer_id),
                check_in_plans::recurrence.eq(&rule),
                check_in_plans::first_due_at.eq(first_due_at),
                check_in_plans::channel.eq(input.channel.as_str()),
                check_in_plans::grace_minutes.eq(input.grace_minutes),
                check_in_plans::risk_level.eq(input.risk_level.as_str()),
                check_in_plans::risk_rank.eq(input.risk_level.rank()),
                check_in_plans::status.eq(PlanStatus::Active.as_str()),
                check_in_plans::materialised_until.eq(first_due_at),
                check_in_plans::created_by.eq(viewer.person_id),
                check_in_plans::created_at.eq(now),
                check_in_plans::updated_at.eq(now),
            ))
            .returning(check_in_plans::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "checkin_plan.create",
            "CheckInPlan",
            plan.id,
            &format!("resident {}", plan.resident_id),
            now,
        )?;
        materialise_plans(
            conn,
            std::slice::from_ref(&plan),
            now,
            now + Duration::days(HORIZON_DAYS),
        )?;
        Ok(find_plan(conn, plan.id)?.unwrap_or(plan))
    })
}

/// Lock and load a plan the viewer may change. `coordinator_only` limits it
/// to the group's coordinators; otherwise the resident's side may too.
fn changeable(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i64,
    coordinator_only: bool,
) -> AppResult<(i64, CheckInPlan)> {
    let viewer = signed_in(actor)?;
    lock_plan(conn, plan_id)?;
    let plan = find_plan(conn, plan_id)?.ok_or(AppError::NotFound("That check-in plan"))?;
    let access = plan_access(conn, &viewer, &plan)?;
    if !access.can_see() {
        return Err(AppError::NotFound("That check-in plan"));
    }
    let allowed = access.coordinator || (!coordinator_only && access.resident_side);
    if !allowed {
        return Err(AppError::forbidden(if coordinator_only {
            "Only the group's coordinators can do that."
        } else {
            "Only the resident, someone acting for them or the group's coordinators can do that."
        }));
    }
    Ok((viewer.person_id, plan))
}

/// Take future SCHEDULED check-ins off the plan from `from` (until `until`
/// when given): rows nothing has happened to are removed, the rest (already
/// reminded) are CANCELLED.
fn withdraw_future(
    conn: &mut DbConn,
    plan_id: i64,
    from: NaiveDateTime,
    until: Option<NaiveDateTime>,
) -> AppResult<()> {
    let with_events = check_in_events::table.select(check_in_events::check_in_id);
    let mut untouched = diesel::delete(check_ins::table)
        .filter(check_ins::plan_id.eq(plan_id))
        .filter(check_ins::status.eq(CheckInStatus::Scheduled.as_str()))
        .filter(check_ins::due_at.ge(from))
        .filter(check_ins::id.ne_all(with_events))
        .into_boxed();
    if let Some(u) = until {
        untouched = untouched.filter(check_ins::due_at.lt(u));
    }
    untouched.execute(conn)?;
    let mut rest = diesel::update(check_ins::table)
        .filter(check_ins::plan_id.eq(plan_id))
        .filter(check_ins::status.eq(CheckInStatus::Scheduled.as_str()))
        .filter(check_ins::due_at.ge(from))
        .into_boxed();
    if let Some(u) = until {
        rest = rest.filter(check_ins::due_at.lt(u));
    }
    rest.set(check_ins::status.eq(CheckInStatus::Cancelled.as_str()))
        .execute(conn)?;
    Ok(())
}

/// Local midnight (Europe/London) at the start of `day`, in UTC.
pub fn london_midnight(day: NaiveDate) -> NaiveDateTime {
    use chrono::TimeZone;
    chrono_tz::Europe::London
        .from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map(|t| t.naive_utc())
        .unwrap_or(day.and_time(chrono::NaiveTime::MIN))
}

/// Pause a plan, until a date (exclusive: check-ins start again that day)
/// or until resumed. Future check-ins in the pause are withdrawn. The
/// resident, someone acting for them, or the group's coordinators.
pub fn pause_plan(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i64,
    until: Option<NaiveDate>,
    now: NaiveDateTime,
) -> AppResult<CheckInPlan> {
    write_tx(conn, |conn| {
        let (actor_id, plan) = changeable(conn, actor, plan_id, false)?;
        if plan.status() == PlanStatus::Ended {
            return Err(AppError::InvalidTransition(
                "This plan has ended, so it cannot be paused.".into(),
            ));
        }
        let until_at = until.map(london_midnight);
        if let Some(u) = until_at {
            if u <= now {
                return Err(AppError::validation(
                    "until",
                    "The pause must end on a date in the future.",
                ));
            }
        }
        withdraw_future(conn, plan.id, now, until_at)?;
        diesel::update(check_in_plans::table.find(plan.id))
            .set((
                check_in_plans::status.eq(PlanStatus::Paused.as_str()),
                check_in_plans::paused_until.eq(until),
                check_in_plans::updated_at.eq(now),
            ))
            .execute(conn)?;
        audit_unless_resident(conn, actor_id, &plan, "checkin_plan.pause", now)?;
        find_plan(conn, plan.id)?.ok_or(AppError::NotFound("That check-in plan"))
    })
}

/// Resume a paused plan: check-ins from now on come back at once.
pub fn resume_plan(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i64,
    now: NaiveDateTime,
) -> AppResult<CheckInPlan> {
    write_tx(conn, |conn| {
        let (actor_id, plan) = changeable(conn, actor, plan_id, false)?;
        if plan.status() != PlanStatus::Paused {
            return Err(AppError::InvalidTransition(format!(
                "This plan is {}, not paused.",
                plan.status.to_lowercase()
            )));
        }
        resume_now(conn, &plan, now)?;
        audit_unless_resident(conn, actor_id, &plan, "checkin_plan.resume", now)?;
        find_plan(conn, plan.id)?.ok_or(AppError::NotFound("That check-in plan"))
    })
}

/// Make a paused plan active from `now` and write its next 14 days.
pub(super) fn resume_now(
    conn: &mut DbConn,
    plan: &CheckInPlan,
    now: NaiveDateTime,
) -> AppResult<()> {
    // Bring back check-ins that were cancelled by the pause, then fill the
    // gap: the unique (plan, due time) key skips the ones that exist.
    diesel::update(check_ins::table)
        .filter(check_ins::plan_id.eq(plan.id))
        .filter(check_ins::status.eq(CheckInStatus::Cancelled.as_str()))
        .filter(check_ins::due_at.ge(now))
        .set(check_ins::status.eq(CheckInStatus::Scheduled.as_str()))
        .execute(conn)?;
    let from = plan.materialised_until.min(now).max(plan.first_due_at);
    diesel::update(check_in_plans::table.find(plan.id))
        .set((
            check_in_plans::status.eq(PlanStatus::Active.as_str()),
            check_in_plans::paused_until.eq(None::<NaiveDate>),
            check_in_plans::materialised_until.eq(from),
            check_in_plans::updated_at.eq(now),
        ))
        .execute(conn)?;
    let fresh = find_plan(conn, plan.id)?.ok_or(AppError::NotFound("That check-in plan"))?;
    materialise_plans(
        conn,
        std::slice::from_ref(&fresh),
        now,
        now + Duration::days(HORIZON_DAYS),
    )?;
    Ok(())
}

/// End a plan for good (the group's coordinators): no more check-ins.
pub fn end_plan(
    conn: &mut DbConn,
    actor: &Actor,
    plan_id: i64,
    now: NaiveDateTime,
) -> AppResult<CheckInPlan> {
    write_tx(conn, |conn| {
        let (actor_id, plan) = changeable(conn, actor, plan_id, true)?;
        if plan.status() == PlanStatus::Ended {
            return Err(AppError::InvalidTransition(
                "This plan has already ended.".into(),
            ));
        }
        withdraw_future(conn, plan.id, now, None)?;
        diesel::update(check_in_plans::table.find(plan.id))
            .set((
                check_in_plans::status.eq(PlanStatus::Ended.as_str()),
                check_in_plans::ended_at.eq(Some(now)),
                check_in_plans::updated_at.eq(now),
            ))
            .execute(conn)?;
        audit_unless_resident(conn, actor_id, &plan, "checkin_plan.end", now)?;
        find_plan(conn, plan.id)?.ok_or(AppError::NotFound("That check-in plan"))
    })
}

fn audit_unless_resident(
    conn: &mut DbConn,
    actor_id: i64,
    plan: &CheckInPlan,
    action: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    if actor_id == plan.resident_id {
        return Ok(());
    }
    audit::record(
        conn,
        Some(actor_id),
        action,
        "CheckInPlan",
        plan.id,
        &format!("resident {}", plan.resident_id),
        now,
    )
}

/// A resident's plans, newest first (the caller checks access).
pub fn plans_of_resident(conn: &mut DbConn, resident_id: i64) -> AppResult<Vec<CheckInPlan>> {
    Ok(check_in_plans::table
        .filter(check_in_plans::resident_id.eq(resident_id))
        .order(check_in_plans::id.desc())
        .select(CheckInPlan::as_select())
        .load(conn)?)
}
