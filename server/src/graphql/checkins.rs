//! Check-ins: plans, recording, the coordinators' overdue dashboard and the
//! live `checkInEscalated` feed.

use async_graphql::{Context, Enum, InputObject, Object, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::stream::{Stream, StreamExt};

use super::accounts::PersonNode;
use super::groups::GroupNode;
use super::loaders::load;
use super::relay::{connection, wants_node_field, KithConnection};
use super::scalars::Date;
use super::{gql, ids, loaders, run, run_list, state};
use crate::domain::authz::{self, Actor};
use crate::domain::checkins::{self, CheckIn, CheckInEvent, CheckInPlan, NewPlan, Recording};
use crate::domain::page;
use crate::error::AppError;
use crate::events::Event;

/// How the volunteer makes contact.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CheckInChannel",
    remote = "crate::domain::checkins::CheckInChannel"
)]
pub enum CheckInChannelGql {
    /// A phone call.
    Phone,
    /// A visit at home (the volunteer needs a current DBS check).
    Visit,
    /// A video call.
    Video,
}

/// How much is at stake if a check-in is missed.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "RiskLevel", remote = "crate::domain::checkins::RiskLevel")]
pub enum RiskLevelGql {
    /// Low.
    Low,
    /// Medium (the default).
    Medium,
    /// High: listed first on the dashboard.
    High,
}

/// Where a plan stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CheckInPlanStatus",
    remote = "crate::domain::checkins::PlanStatus"
)]
pub enum PlanStatusGql {
    /// Check-ins are being scheduled.
    Active,
    /// Paused until a date, or until resumed.
    Paused,
    /// Ended: no more check-ins.
    Ended,
}

/// Where one check-in stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "CheckInStatus",
    remote = "crate::domain::checkins::CheckInStatus"
)]
pub enum CheckInStatusGql {
    /// Due, nothing recorded yet.
    Scheduled,
    /// Recorded as well, a concern, or declined.
    Completed,
    /// No answer, or nothing recorded in time: escalated until resolved.
    Missed,
    /// Withdrawn because the plan was paused or ended.
    Cancelled,
}

/// What happened when the volunteer tried to make contact.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CheckInOutcome", remote = "crate::domain::checkins::Outcome")]
pub enum OutcomeGql {
    /// They are well.
    Well,
    /// In touch, with a concern (give flags).
    Concern,
    /// Could not reach them: the check-in is missed and escalates.
    NoAnswer,
    /// They did not want a check-in this time.
    Declined,
}

/// What a concern is about.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ConcernFlag", remote = "crate::domain::checkins::ConcernFlag")]
pub enum ConcernFlagGql {
    /// Lonely or isolated.
    Loneliness,
    /// Physical or mental health.
    Health,
    /// Safety at home (falls, fire, repairs).
    HomeSafety,
    /// Money worries.
    Money,
    /// Not eating well, no food in.
    Food,
    /// Their carer is struggling.
    CarerStrain,
    /// Something else.
    Other,
}

/// Who tells a resident's check-ins, how often and how.
pub struct CheckInPlanNode(pub CheckInPlan);

/// Who checks in with a resident, how often (an RRULE in UK time) and how.
/// Seen by the group's coordinators, the plan's volunteers and the resident
/// (or those acting for them).
#[Object(name = "CheckInPlan")]
impl CheckInPlanNode {
    /// The plan's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("CheckInPlan", self.0.id)
    }

    /// Who is checked in on.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.resident_id).await
    }

    /// The group responsible.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        Ok(load(&loaders(ctx).groups, self.0.group_id)
            .await?
            .map(GroupNode))
    }

    /// Who makes the check-ins.
    async fn volunteer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.volunteer_id).await
    }

    /// Told first when a check-in is missed.
    async fn backup_volunteer(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PersonNode>> {
        match self.0.backup_volunteer_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// The repeat rule (RFC 5545 RRULE), in UK local time.
    async fn recurrence(&self) -> &str {
        &self.0.recurrence
    }

    /// The first check-in.
    async fn first_due_at(&self) -> DateTime<Utc> {
        self.0.first_due_at.and_utc()
    }

    /// Phone, visit or video.
    async fn channel(&self) -> CheckInChannelGql {
        self.0.channel().into()
    }

    /// Minutes after the due time before a check-in with nothing recorded
    /// counts as missed.
    async fn grace_minutes(&self) -> i32 {
        self.0.grace_minutes
    }

    /// Low, medium or high.
    async fn risk_level(&self) -> RiskLevelGql {
        self.0.risk_level().into()
    }

    /// Active, paused or ended.
    async fn status(&self) -> PlanStatusGql {
        self.0.status().into()
    }

    /// When paused until a date: check-ins start again that day.
    async fn paused_until(&self) -> Option<Date> {
        self.0.paused_until.map(Date)
    }

    /// When it ended.
    async fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.0.ended_at.map(|t| t.and_utc())
    }
}

async fn person(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<PersonNode>> {
    Ok(load(&loaders(ctx).people, id).await?.map(PersonNode::new))
}

/// One scheduled contact with a resident.
pub struct CheckInNode(pub CheckIn);

/// One thing that happened to a check-in: a reminder, the outcome, the
/// miss, each escalation step (who was told, when, how), the resolution and
/// each all clear.
pub struct CheckInEventNode(CheckInEvent);

/// One thing that happened to a check-in: a reminder, an outcome, the miss,
/// each escalation step (who was told, when, how), the resolution and each
/// all clear.
#[Object(name = "CheckInEvent")]
impl CheckInEventNode {
    /// REMINDED, RECORDED, MISSED, ESCALATED, RESOLVED or ALL_CLEAR.
    async fn kind(&self) -> &str {
        &self.0.kind
    }

    /// For ESCALATED: the step, 1 first.
    async fn step(&self) -> i32 {
        self.0.step
    }

    /// Who was told: VOLUNTEER, BACKUP, COORDINATOR or EMERGENCY_CONTACT
    /// (empty for events that told nobody).
    async fn audience(&self) -> &str {
        &self.0.audience
    }

    /// Their name.
    async fn recipient_name(&self) -> &str {
        &self.0.recipient_name
    }

    /// How: EMAIL, PHONE (coordinators asked to phone), or NONE (no way to
    /// reach them on file).
    async fn channel(&self) -> &str {
        &self.0.channel
    }

    /// More detail in words (the outcome, a resolution note…).
    async fn detail(&self) -> &str {
        &self.0.detail
    }

    /// Who did it, for events someone did.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        match self.0.actor_id {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
}

/// One scheduled contact with a resident, seen by the group's coordinators,
/// the plan's volunteers and the resident.
#[Object(name = "CheckIn")]
impl CheckInNode {
    /// The check-in's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("CheckIn", self.0.id)
    }

    /// The plan it belongs to.
    async fn plan(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CheckInPlanNode>> {
        Ok(load(&loaders(ctx).check_in_plans, self.0.plan_id)
            .await?
            .map(CheckInPlanNode))
    }

    /// Who is checked in on.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.resident_id).await
    }

    /// Who makes it.
    async fn volunteer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.volunteer_id).await
    }

    /// The group responsible.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        Ok(load(&loaders(ctx).groups, self.0.group_id)
            .await?
            .map(GroupNode))
    }

    /// Phone, visit or video.
    async fn channel(&self) -> CheckInChannelGql {
        self.0.channel().into()
    }

    /// When it is due.
    async fn due_at(&self) -> DateTime<Utc> {
        self.0.due_at.and_utc()
    }

    /// When it counts as missed if nothing is recorded.
    async fn overdue_at(&self) -> DateTime<Utc> {
        self.0.overdue_at.and_utc()
    }

    /// Scheduled, completed, missed or cancelled.
    async fn status(&self) -> CheckInStatusGql {
        self.0.status().into()
    }

    /// What happened, once recorded.
    async fn outcome(&self) -> Option<OutcomeGql> {
        self.0.outcome().map(Into::into)
    }

    /// What a CONCERN is about.
    async fn concerns(&self) -> Vec<ConcernFlagGql> {
        self.0.concerns().into_iter().map(Into::into).collect()
    }

    /// Next steps worth considering for the concerns raised.
    async fn suggested_next_steps(&self) -> Vec<&'static str> {
        self.0
            .concerns()
            .into_iter()
            .map(|c| c.suggestion())
            .collect()
    }

    /// The volunteer's notes.
    async fn notes(&self) -> &str {
        &self.0.notes
    }

    /// Minutes spent.
    async fn minutes(&self) -> Option<i32> {
        self.0.minutes
    }

    /// When the outcome was recorded.
    async fn recorded_at(&self) -> Option<DateTime<Utc>> {
        self.0.recorded_at.map(|t| t.and_utc())
    }

    /// Who recorded it.
    async fn recorded_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        match self.0.recorded_by {
            Some(id) => person(ctx, id).await,
            None => Ok(None),
        }
    }

    /// When it was missed.
    async fn missed_at(&self) -> Option<DateTime<Utc>> {
        self.0.missed_at.map(|t| t.and_utc())
    }

    /// How many escalation steps have run.
    async fn escalation_step(&self) -> i32 {
        self.0.escalation_step
    }

    /// When the next escalation step runs, while escalating.
    async fn next_escalation_at(&self) -> Option<DateTime<Utc>> {
        self.0.next_step_at.map(|t| t.and_utc())
    }

    /// When the escalation was resolved.
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at.map(|t| t.and_utc())
    }

    /// Why it was resolved.
    async fn resolution_note(&self) -> Option<&str> {
        self.0.resolution_note.as_deref()
    }

    /// Everything that happened to it, oldest first.
    async fn events(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CheckInEventNode>> {
        Ok(load(&loaders(ctx).check_in_events, self.0.id)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(CheckInEventNode)
            .collect())
    }
}

/// A new check-in plan.
#[derive(InputObject)]
pub struct CreateCheckInPlanInput {
    /// The resident (an active member of the group).
    pub resident_id: ID,
    /// The group responsible (you must coordinate it).
    pub group_id: ID,
    /// Who makes the check-ins (an active member of the group).
    pub volunteer_id: ID,
    /// Told first when a check-in is missed.
    pub backup_volunteer_id: Option<ID>,
    /// How often: an RFC 5545 RRULE in UK local time, e.g.
    /// "FREQ=WEEKLY;BYDAY=MO,TH". At most daily.
    pub recurrence: String,
    /// The first check-in: in the future, on a day the rule includes.
    pub first_due_at: DateTime<Utc>,
    /// Phone, visit (needs vetted volunteers) or video.
    pub channel: CheckInChannelGql,
    /// Minutes after the due time before it counts as missed (0 to 1440,
    /// default 60).
    #[graphql(default = 60)]
    pub grace_minutes: i32,
    /// How much is at stake (default MEDIUM).
    #[graphql(default_with = "RiskLevelGql::Medium")]
    pub risk_level: RiskLevelGql,
}

/// What happened at a check-in.
#[derive(InputObject)]
pub struct RecordCheckInInput {
    /// The check-in.
    pub check_in_id: ID,
    /// What happened.
    pub outcome: OutcomeGql,
    /// For CONCERN: what about (at least one).
    #[graphql(default)]
    pub concerns: Vec<ConcernFlagGql>,
    /// Notes for the coordinators (up to 2000 characters).
    pub notes: Option<String>,
    /// Minutes spent (0 to 600).
    pub minutes: Option<i32>,
}

fn plan_id(id: &ID) -> async_graphql::Result<i64> {
    ids::decode("planId", "CheckInPlan", "That check-in plan", id).map_err(gql)
}

fn check_in_id(field: &'static str, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(field, "CheckIn", "That check-in", id).map_err(gql)
}

#[derive(Default)]
pub struct CheckInQuery;

#[Object]
impl CheckInQuery {
    /// Check-ins I make (as a volunteer) or receive (as a resident),
    /// soonest first. Default: from the start of today for 14 days.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn my_check_ins(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "From (default: the start of today, UK time).")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Until (default: 14 days after `from`).")] to: Option<DateTime<Utc>>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last check-in already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<CheckInNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, now| {
            checkins::my_check_ins(
                conn,
                actor,
                from.map(|t| t.naive_utc()),
                to.map(|t| t.naive_utc()),
                first_n,
                after_c,
                now,
            )
        })
        .await?;
        Ok(connection(page, has_prev, CheckInNode))
    }

    /// The coordinators' dashboard: missed check-ins not yet resolved, and
    /// ones past due that the scheduler has not yet picked up. Most at risk
    /// first, then the longest overdue. One group, or all I coordinate.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn overdue_check_ins(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One group (default: every group I coordinate).")] group_id: Option<ID>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last check-in already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<CheckInNode>> {
        let group = group_id
            .map(|g| ids::group("groupId", &g))
            .transpose()
            .map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        // The residents and volunteers the page shows, read in the same call.
        let wants_people = wants_node_field(ctx, "resident") || wants_node_field(ctx, "volunteer");
        let (page, people) = run_list(ctx, move |conn, actor, _, now| {
            let page = checkins::overdue(conn, actor, group, first_n, after_c, now)?;
            let people = if wants_people && !page.items.is_empty() {
                let mut ids: Vec<i64> = page
                    .items
                    .iter()
                    .flat_map(|(_, (c, _))| [c.resident_id, c.volunteer_id])
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                crate::domain::people::find_many(conn, &ids)?
            } else {
                Vec::new()
            };
            Ok((page, people))
        })
        .await?;
        let loaders = loaders(ctx);
        loaders
            .groups
            .prime(page.items.iter().map(|(_, (_, g))| (g.id, Some(g.clone()))));
        loaders
            .people
            .prime(people.into_iter().map(|p| (p.id, Some(p))));
        Ok(connection(page, has_prev, |(c, _)| CheckInNode(c)))
    }

    /// A resident's check-in plans, newest first (the resident, those
    /// acting for them, and coordinators of their groups).
    async fn check_in_plans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The resident (default: me).")] resident_id: Option<ID>,
    ) -> async_graphql::Result<Vec<CheckInPlanNode>> {
        let resident = resident_id
            .map(|r| ids::person("residentId", &r))
            .transpose()
            .map_err(gql)?;
        let plans = run(ctx, move |conn, actor, _, _| {
            let viewer = authz::signed_in(actor)?;
            let resident = resident.unwrap_or(viewer.person_id);
            let plans = checkins::plans_of_resident(conn, resident)?;
            let mut out = Vec::new();
            for p in plans {
                if checkins::plan_access(conn, &viewer, &p)?.can_see() {
                    out.push(p);
                }
            }
            Ok(out)
        })
        .await?;
        Ok(plans.into_iter().map(CheckInPlanNode).collect())
    }
}

#[derive(Default)]
pub struct CheckInMutation;

#[Object]
impl CheckInMutation {
    /// Start checking in on a resident (the group's coordinators). The next
    /// 14 days of check-ins are scheduled at once. `VETTING_REQUIRED` for a
    /// visit plan without vetted volunteers; `INVALID_RECURRENCE` for a bad
    /// rule; `CONSENT_REQUIRED` when the resident does not want volunteers
    /// to contact them.
    async fn create_check_in_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan.")] input: CreateCheckInPlanInput,
    ) -> async_graphql::Result<CheckInPlanNode> {
        let new = NewPlan {
            resident_id: ids::person("residentId", &input.resident_id).map_err(gql)?,
            group_id: ids::group("groupId", &input.group_id).map_err(gql)?,
            volunteer_id: ids::person("volunteerId", &input.volunteer_id).map_err(gql)?,
            backup_volunteer_id: input
                .backup_volunteer_id
                .as_ref()
                .map(|b| ids::person("backupVolunteerId", b))
                .transpose()
                .map_err(gql)?,
            recurrence: input.recurrence,
            first_due_at: input.first_due_at.naive_utc(),
            channel: input.channel.into(),
            grace_minutes: input.grace_minutes,
            risk_level: input.risk_level.into(),
        };
        run(ctx, move |conn, actor, _, now| {
            checkins::create_plan(conn, actor, new, now)
        })
        .await
        .map(CheckInPlanNode)
    }

    /// Pause a plan, until a date (check-ins start again that day) or until
    /// resumed: the resident, someone acting for them, or the coordinators.
    async fn pause_check_in_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan.")] plan_id: ID,
        #[graphql(desc = "The day check-ins start again (default: until resumed).")] until: Option<
            Date,
        >,
    ) -> async_graphql::Result<CheckInPlanNode> {
        let id = self::plan_id(&plan_id)?;
        run(ctx, move |conn, actor, _, now| {
            checkins::pause_plan(conn, actor, id, until.map(|d| d.0), now)
        })
        .await
        .map(CheckInPlanNode)
    }

    /// Resume a paused plan at once.
    async fn resume_check_in_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan.")] plan_id: ID,
    ) -> async_graphql::Result<CheckInPlanNode> {
        let id = self::plan_id(&plan_id)?;
        run(ctx, move |conn, actor, _, now| {
            checkins::resume_plan(conn, actor, id, now)
        })
        .await
        .map(CheckInPlanNode)
    }

    /// End a plan for good (the group's coordinators): future check-ins are
    /// withdrawn.
    async fn end_check_in_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan.")] plan_id: ID,
    ) -> async_graphql::Result<CheckInPlanNode> {
        let id = self::plan_id(&plan_id)?;
        run(ctx, move |conn, actor, _, now| {
            checkins::end_plan(conn, actor, id, now)
        })
        .await
        .map(CheckInPlanNode)
    }

    /// Record what happened (the plan's volunteers or the coordinators).
    /// NO_ANSWER makes it MISSED at once and starts the escalation; any other
    /// outcome on a missed check-in resolves it and sends the all clear.
    async fn record_check_in(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "What happened.")] input: RecordCheckInInput,
    ) -> async_graphql::Result<CheckInNode> {
        let recording = Recording {
            check_in_id: check_in_id("checkInId", &input.check_in_id)?,
            outcome: input.outcome.into(),
            concerns: input.concerns.into_iter().map(Into::into).collect(),
            notes: input.notes,
            minutes: input.minutes,
        };
        run(ctx, move |conn, actor, st, now| {
            checkins::record_check_in(conn, &st.config.public_url, actor, recording, now)
        })
        .await
        .map(CheckInNode)
    }

    /// End a missed check-in's escalation with a note (the coordinators or
    /// the plan's volunteers): no more steps, and everyone who was alerted
    /// hears the all clear.
    async fn resolve_check_in_escalation(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The check-in.")] check_in_id: ID,
        #[graphql(desc = "What was found (3 to 2000 characters).")] note: String,
    ) -> async_graphql::Result<CheckInNode> {
        let id = self::check_in_id("checkInId", &check_in_id)?;
        run(ctx, move |conn, actor, st, now| {
            checkins::resolve_escalation(conn, &st.config.public_url, actor, id, &note, now)
        })
        .await
        .map(CheckInNode)
    }
}

#[derive(Default)]
pub struct CheckInSubscription;

#[Subscription]
impl CheckInSubscription {
    /// Each escalation step of a missed check-in in the group, as it runs
    /// (the group's coordinators), across every server instance.
    async fn check_in_escalated(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group to watch.")] group_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = CheckInNode>> {
        let id = ids::group("groupId", &group_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            crate::domain::groups::find(conn, id)?.ok_or(AppError::NotFound("That group"))?;
            let viewer = authz::signed_in(actor)?;
            authz::require_coordinator(conn, &viewer, id)
        })
        .await?;
        let st = state(ctx).clone();
        let stream = st.events.stream().await.filter_map(move |event| {
            let st = st.clone();
            async move {
                match event {
                    Event::CheckInEscalated {
                        check_in_id,
                        group_id,
                    } if group_id == id => st
                        .db
                        .run(move |conn| checkins::find(conn, check_in_id))
                        .await
                        .ok()
                        .flatten()
                        .map(CheckInNode),
                    _ => None,
                }
            }
        });
        Ok(stream)
    }
}

/// Whether the actor may see a check-in (for `node`).
pub fn visible(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    id: i64,
) -> crate::error::AppResult<Option<CheckIn>> {
    let Some(viewer) = actor else {
        return Ok(None);
    };
    let Some(c) = checkins::find(conn, id)? else {
        return Ok(None);
    };
    Ok(checkins::check_in_access(conn, viewer, &c)?
        .can_see()
        .then_some(c))
}

/// Whether the actor may see a plan (for `node`).
pub fn visible_plan(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    id: i64,
) -> crate::error::AppResult<Option<CheckInPlan>> {
    let Some(viewer) = actor else {
        return Ok(None);
    };
    let Some(p) = checkins::find_plan(conn, id)? else {
        return Ok(None);
    };
    Ok(checkins::plan_access(conn, viewer, &p)?
        .can_see()
        .then_some(p))
}
