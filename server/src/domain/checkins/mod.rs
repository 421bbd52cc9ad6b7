//! Preventive check-ins: a plan says who contacts a resident, how and how
//! often (an RRULE expanded in Europe/London time); the scheduler
//! materialises each occurrence 14 days ahead as a SCHEDULED check-in (one
//! row per plan and due time, so re-running adds nothing), reminds the
//! volunteer before it is due, and treats silence as a miss, never as
//! "well".
//!
//! A check-in is SCHEDULED until someone records an outcome: WELL, CONCERN
//! (with flags) or DECLINED make it COMPLETED; NO_ANSWER, or nothing by the
//! due time plus the plan's grace, makes it MISSED. A missed check-in
//! escalates one step at a time ([`escalation`]): backup volunteer, then the
//! group's coordinators, then the resident's emergency contacts in order,
//! each step once and only while unresolved, until someone resolves it and
//! everyone alerted hears the all clear. Every step is an event on the
//! check-in: who was told, when and how.

mod escalation;
mod plans;
mod record;
mod schedule;

pub use escalation::*;
pub use plans::*;
pub use record::*;
pub use schedule::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{check_in_events, check_in_plans, check_ins};
use crate::db::DbConn;
use crate::domain::authz::{can_coordinate, Viewer};
use crate::domain::groups::text_enum;
use crate::domain::residents;
use crate::error::AppResult;

text_enum! {
    /// How the volunteer makes contact.
    CheckInChannel {
        Phone => "PHONE",
        Visit => "VISIT",
        Video => "VIDEO",
    }
}

text_enum! {
    /// How much is at stake if a check-in is missed: the dashboard shows
    /// the highest first.
    RiskLevel {
        Low => "LOW",
        Medium => "MEDIUM",
        High => "HIGH",
    }
}

impl RiskLevel {
    pub fn rank(self) -> i32 {
        match self {
            RiskLevel::Low => 1,
            RiskLevel::Medium => 2,
            RiskLevel::High => 3,
        }
    }
}

text_enum! {
    /// Where a plan stands.
    PlanStatus {
        Active => "ACTIVE",
        Paused => "PAUSED",
        Ended => "ENDED",
    }
}

text_enum! {
    /// Where one check-in stands.
    CheckInStatus {
        Scheduled => "SCHEDULED",
        Completed => "COMPLETED",
        Missed => "MISSED",
        Cancelled => "CANCELLED",
    }
}

text_enum! {
    /// What happened when the volunteer tried to make contact.
    Outcome {
        Well => "WELL",
        Concern => "CONCERN",
        NoAnswer => "NO_ANSWER",
        Declined => "DECLINED",
    }
}

text_enum! {
    /// What a CONCERN is about.
    ConcernFlag {
        Loneliness => "LONELINESS",
        Health => "HEALTH",
        HomeSafety => "HOME_SAFETY",
        Money => "MONEY",
        Food => "FOOD",
        CarerStrain => "CARER_STRAIN",
        Other => "OTHER",
    }
}

impl ConcernFlag {
    /// A next step worth considering for this concern.
    pub fn suggestion(self) -> &'static str {
        match self {
            ConcernFlag::Loneliness => {
                "Suggest a local activity or a befriending visit, and think about more frequent check-ins."
            }
            ConcernFlag::Health => {
                "Encourage contact with their GP; if they agree, refer to the NHS (a referral from this check-in)."
            }
            ConcernFlag::HomeSafety => {
                "Consider a home fire safety visit or a referral to the council for adaptations."
            }
            ConcernFlag::Money => {
                "Offer help with benefits or debt advice; consider a referral to the council."
            }
            ConcernFlag::Food => {
                "Raise a shopping help request, or point them to local food support."
            }
            ConcernFlag::CarerStrain => {
                "Their carer may be entitled to a carer's assessment: consider a referral to adult social care."
            }
            ConcernFlag::Other => "Talk it through with the group's coordinators.",
        }
    }
}

/// A check-in plan as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = check_in_plans)]
pub struct CheckInPlan {
    pub id: i64,
    pub resident_id: i64,
    pub group_id: i64,
    pub volunteer_id: i64,
    pub backup_volunteer_id: Option<i64>,
    pub recurrence: String,
    pub first_due_at: NaiveDateTime,
    pub channel: String,
    pub grace_minutes: i32,
    pub risk_level: String,
    pub risk_rank: i32,
    pub status: String,
    pub paused_until: Option<chrono::NaiveDate>,
    pub ended_at: Option<NaiveDateTime>,
    pub materialised_until: NaiveDateTime,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CheckInPlan {
    pub fn status(&self) -> PlanStatus {
        PlanStatus::parse(&self.status).unwrap_or(PlanStatus::Active)
    }

    pub fn channel(&self) -> CheckInChannel {
        CheckInChannel::parse(&self.channel).unwrap_or(CheckInChannel::Phone)
    }

    pub fn risk_level(&self) -> RiskLevel {
        RiskLevel::parse(&self.risk_level).unwrap_or(RiskLevel::Medium)
    }
}

/// One check-in as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = check_ins)]
pub struct CheckIn {
    pub id: i64,
    pub plan_id: i64,
    pub resident_id: i64,
    pub group_id: i64,
    pub volunteer_id: i64,
    pub channel: String,
    pub due_at: NaiveDateTime,
    pub overdue_at: NaiveDateTime,
    pub remind_at: NaiveDateTime,
    pub risk_rank: i32,
    pub status: String,
    pub outcome: Option<String>,
    pub concerns: String,
    pub notes: String,
    pub minutes: Option<i32>,
    pub recorded_by: Option<i64>,
    pub recorded_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub missed_at: Option<NaiveDateTime>,
    pub escalation_step: i32,
    pub next_step_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub resolved_by: Option<i64>,
    pub resolution_note: Option<String>,
    pub created_at: NaiveDateTime,
}

impl CheckIn {
    pub fn status(&self) -> CheckInStatus {
        CheckInStatus::parse(&self.status).unwrap_or(CheckInStatus::Scheduled)
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome.as_deref().and_then(Outcome::parse)
    }

    pub fn channel(&self) -> CheckInChannel {
        CheckInChannel::parse(&self.channel).unwrap_or(CheckInChannel::Phone)
    }

    pub fn concerns(&self) -> Vec<ConcernFlag> {
        self.concerns
            .split(',')
            .filter_map(ConcernFlag::parse)
            .collect()
    }

    /// Missed and nobody has resolved it yet.
    pub fn is_escalating(&self) -> bool {
        self.status() == CheckInStatus::Missed && self.resolved_at.is_none()
    }
}

/// One thing that happened to a check-in.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = check_in_events)]
pub struct CheckInEvent {
    pub id: i64,
    pub check_in_id: i64,
    pub kind: String,
    pub step: i32,
    pub audience: String,
    pub recipient: String,
    pub recipient_name: String,
    pub channel: String,
    pub detail: String,
    pub actor_id: Option<i64>,
    pub at: NaiveDateTime,
}

pub fn find_plan(conn: &mut DbConn, id: i64) -> AppResult<Option<CheckInPlan>> {
    Ok(check_in_plans::table
        .find(id)
        .select(CheckInPlan::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_plans(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<CheckInPlan>> {
    Ok(check_in_plans::table
        .filter(check_in_plans::id.eq_any(ids))
        .select(CheckInPlan::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<CheckIn>> {
    Ok(check_ins::table
        .find(id)
        .select(CheckIn::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<CheckIn>> {
    Ok(check_ins::table
        .filter(check_ins::id.eq_any(ids))
        .select(CheckIn::as_select())
        .load(conn)?)
}

/// The events of many check-ins, oldest first (for DataLoaders).
pub fn events_of(conn: &mut DbConn, check_in_ids: &[i64]) -> AppResult<Vec<CheckInEvent>> {
    Ok(check_in_events::table
        .filter(check_in_events::check_in_id.eq_any(check_in_ids))
        .order((
            check_in_events::check_in_id.asc(),
            check_in_events::id.asc(),
        ))
        .select(CheckInEvent::as_select())
        .load(conn)?)
}

/// Lock a check-in row for the rest of the transaction (PostgreSQL; on
/// SQLite the write transaction already holds the database lock).
pub fn lock_check_in(conn: &mut DbConn, id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        check_ins::table
            .find(id)
            .select(check_ins::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Lock a plan row for the rest of the transaction.
pub fn lock_plan(conn: &mut DbConn, id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        check_in_plans::table
            .find(id)
            .select(check_in_plans::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// What the viewer may do with a plan or its check-ins.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanAccess {
    /// The group's coordinators and admins: everything.
    pub coordinator: bool,
    /// The primary or backup volunteer: see and record.
    pub volunteer: bool,
    /// The resident or someone who manages them: see, pause and resume.
    pub resident_side: bool,
}

impl PlanAccess {
    pub fn can_see(&self) -> bool {
        self.coordinator || self.volunteer || self.resident_side
    }
}

/// The viewer's relation to a plan.
pub fn plan_access(
    conn: &mut DbConn,
    viewer: &Viewer,
    plan: &CheckInPlan,
) -> AppResult<PlanAccess> {
    Ok(PlanAccess {
        coordinator: can_coordinate(conn, viewer, plan.group_id)?,
        volunteer: viewer.person_id == plan.volunteer_id
            || Some(viewer.person_id) == plan.backup_volunteer_id,
        resident_side: residents::can_act_for(conn, viewer, plan.resident_id)?,
    })
}

/// The viewer's relation to one check-in (through its plan).
pub fn check_in_access(
    conn: &mut DbConn,
    viewer: &Viewer,
    check_in: &CheckIn,
) -> AppResult<PlanAccess> {
    let plan = find_plan(conn, check_in.plan_id)?;
    let mut access = match plan {
        Some(p) => plan_access(conn, viewer, &p)?,
        None => PlanAccess::default(),
    };
    // Whoever the occurrence was given to (a past primary volunteer too).
    access.volunteer |= viewer.person_id == check_in.volunteer_id;
    Ok(access)
}

/// Which of these check-ins the viewer may see, by id (for DataLoaders and
/// node lookups), in a fixed number of queries.
pub fn visible_ids(
    conn: &mut DbConn,
    viewer: &Viewer,
    items: &[CheckIn],
) -> AppResult<std::collections::HashSet<i64>> {
    use std::collections::HashMap;
    let plan_ids: Vec<i64> = items.iter().map(|c| c.plan_id).collect();
    let plans: HashMap<i64, CheckInPlan> = find_plans(conn, &plan_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out = std::collections::HashSet::new();
    let mut group_ok: HashMap<i64, bool> = HashMap::new();
    let mut resident_ok: HashMap<i64, bool> = HashMap::new();
    for c in items {
        let backup = plans.get(&c.plan_id).and_then(|p| p.backup_volunteer_id);
        let mut ok = viewer.is_admin
            || viewer.person_id == c.volunteer_id
            || Some(viewer.person_id) == backup
            || plans.get(&c.plan_id).map(|p| p.volunteer_id) == Some(viewer.person_id);
        if !ok {
            ok = match group_ok.get(&c.group_id) {
                Some(v) => *v,
                None => {
                    let v = can_coordinate(conn, viewer, c.group_id)?;
                    group_ok.insert(c.group_id, v);
                    v
                }
            };
        }
        if !ok {
            ok = match resident_ok.get(&c.resident_id) {
                Some(v) => *v,
                None => {
                    let v = residents::can_act_for(conn, viewer, c.resident_id)?;
                    resident_ok.insert(c.resident_id, v);
                    v
                }
            };
        }
        if ok {
            out.insert(c.id);
        }
    }
    Ok(out)
}
