//! Shifts and sign-ups.

use async_graphql::{Context, Enum, InputObject, Object, ID};
use chrono::{DateTime, Utc};

use super::accounts::PersonNode;
use super::groups::GroupNode;
use super::loaders::load;
use super::relay::{connection, wants_node_field, KithConnection};
use super::volunteers::{DbsLevelGql, GeoPoint};
use super::{actor, gql, ids, loaders, run, run_list, state};
use crate::domain::groups::Membership;
use crate::domain::page;
use crate::domain::shifts::{self, Near, NewShift, Shift, ShiftChanges, Signup};
use crate::error::AppError;

/// Whether a shift will happen.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "ShiftStatus", remote = "crate::domain::shifts::ShiftStatus")]
pub enum ShiftStatusGql {
    /// It will happen.
    Scheduled,
    /// It has been called off.
    Cancelled,
}

/// Where a sign-up stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "SignupStatus", remote = "crate::domain::shifts::SignupStatus")]
pub enum SignupStatusGql {
    /// The volunteer has a place.
    Confirmed,
    /// The shift is full; the volunteer is on the waiting list, in order.
    Waitlisted,
    /// The sign-up was cancelled.
    Cancelled,
}

/// Search around a point.
#[derive(InputObject, Clone, Copy)]
pub struct GeoFilter {
    /// Degrees north.
    pub latitude: f64,
    /// Degrees east.
    pub longitude: f64,
    /// How far from the point, in kilometres (at most 200).
    pub radius_km: f64,
}

impl From<GeoFilter> for Near {
    fn from(g: GeoFilter) -> Self {
        Near {
            latitude: g.latitude,
            longitude: g.longitude,
            radius_km: g.radius_km,
        }
    }
}

/// A volunteer slot: for an activity or on its own, with its (confirmed,
/// waitlisted) counts when they were read with it.
pub struct ShiftNode(pub Shift, pub Option<(i64, i64)>);

impl ShiftNode {
    pub fn new(shift: Shift) -> Self {
        ShiftNode(shift, None)
    }
}

/// A volunteer slot: for an activity or on its own.
#[Object(name = "Shift")]
impl ShiftNode {
    /// The shift's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Shift", self.0.id)
    }

    /// The group running it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<GroupNode> {
        load(&loaders(ctx).groups, self.0.group_id)
            .await?
            .map(GroupNode)
            .ok_or_else(|| gql(AppError::NotFound("That group")))
    }

    /// The activity it serves, once that activity is published.
    async fn activity(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::activities::ActivityNode>> {
        let Some(id) = self.0.activity_id else {
            return Ok(None);
        };
        let activity = load(&loaders(ctx).activities, id).await?;
        Ok(activity
            .filter(|a| a.is_public())
            .map(super::activities::ActivityNode))
    }

    /// What the shift is.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// More about what volunteers will do.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// When it starts.
    async fn starts_at(&self) -> DateTime<Utc> {
        self.0.starts_at.and_utc()
    }

    /// When it ends.
    async fn ends_at(&self) -> DateTime<Utc> {
        self.0.ends_at.and_utc()
    }

    /// Where it happens, in words.
    async fn location(&self) -> &str {
        &self.0.location
    }

    /// Where it happens, on the map.
    async fn coordinates(&self) -> Option<GeoPoint> {
        Some(GeoPoint {
            latitude: self.0.latitude?,
            longitude: self.0.longitude?,
        })
    }

    /// How many volunteers it needs.
    async fn places(&self) -> i32 {
        self.0.places
    }

    /// Confirmed volunteers so far (never more than `places`).
    async fn confirmed_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.counts(ctx).await?.0)
    }

    /// Volunteers on the waiting list.
    async fn waitlist_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.counts(ctx).await?.1)
    }

    /// Skills a volunteer needs on their profile.
    async fn required_skills(&self) -> Vec<String> {
        self.0.required_skills()
    }

    /// The DBS check a volunteer needs.
    async fn required_vetting(&self) -> DbsLevelGql {
        self.0.required_vetting().into()
    }

    /// Only members of the group can sign up (and see it).
    async fn members_only(&self) -> bool {
        self.0.members_only
    }

    /// Whether volunteers can join a waiting list once it is full.
    async fn waitlist(&self) -> bool {
        self.0.waitlist
    }

    /// Whether it will happen.
    async fn status(&self) -> ShiftStatusGql {
        self.0.status().into()
    }

    /// Why it was cancelled, if it was.
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }

    /// My own sign-up for this shift, if any.
    async fn my_signup(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ShiftSignupNode>> {
        if actor(ctx).is_none() {
            return Ok(None);
        }
        Ok(load(&loaders(ctx).my_signups, self.0.id)
            .await?
            .map(ShiftSignupNode::new))
    }

    /// Everyone signed up, in queue order (the group's coordinators).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn signups(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last sign-up already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ShiftSignupNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let id = self.0.id;
        if after_c.is_none() {
            // The first page, batched across the shifts of the page being
            // resolved: the viewer's memberships and every sign-up, one
            // statement each.
            let viewer = actor(ctx);
            crate::domain::authz::signed_in(&viewer).map_err(gql)?;
            let membership = if viewer.is_some_and(|v| v.is_admin) {
                None
            } else {
                load(&loaders(ctx).my_memberships, self.0.group_id).await?
            };
            if !coordinates(&viewer, membership.as_ref()) {
                return Err(gql(crate::error::AppError::forbidden(
                    "Only the group's coordinators can do this.",
                )));
            }
            let all = load(&loaders(ctx).shift_signups, id)
                .await?
                .unwrap_or_default();
            let total = all.len() as i64;
            let rows = all
                .into_iter()
                .take(first_n as usize + 1)
                .map(|s| (page::Cursor::new("", s.queue_position), s))
                .collect();
            return Ok(connection(
                page::finish(rows, first_n, total),
                false,
                ShiftSignupNode::new,
            ));
        }
        let page = run(ctx, move |conn, actor, _, _| {
            shifts::list_signups(conn, actor, id, first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, ShiftSignupNode::new))
    }
}

impl ShiftNode {
    async fn counts(&self, ctx: &Context<'_>) -> async_graphql::Result<(i64, i64)> {
        if let Some(counts) = self.1 {
            return Ok(counts);
        }
        Ok(load(&loaders(ctx).shift_counts, self.0.id)
            .await?
            .unwrap_or((0, 0)))
    }
}

/// A volunteer's place (or waiting-list entry) on a shift, with its shift
/// when that was read with it.
pub struct ShiftSignupNode(pub Signup, pub Option<Box<ShiftNode>>);

impl ShiftSignupNode {
    pub fn new(signup: Signup) -> Self {
        ShiftSignupNode(signup, None)
    }
}

/// A volunteer's place (or waiting-list entry) on a shift.
#[Object(name = "ShiftSignup")]
impl ShiftSignupNode {
    /// The sign-up's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("ShiftSignup", self.0.id)
    }

    /// The shift.
    async fn shift(&self, ctx: &Context<'_>) -> async_graphql::Result<ShiftNode> {
        if let Some(shift) = &self.1 {
            return Ok(ShiftNode(shift.0.clone(), shift.1));
        }
        load(&loaders(ctx).shifts, self.0.shift_id)
            .await?
            .map(ShiftNode::new)
            .ok_or_else(|| gql(AppError::NotFound("That shift")))
    }

    /// The volunteer.
    async fn volunteer(&self, ctx: &Context<'_>) -> async_graphql::Result<PersonNode> {
        load(&loaders(ctx).people, self.0.volunteer_id)
            .await?
            .map(PersonNode::new)
            .ok_or_else(|| gql(AppError::NotFound("That person")))
    }

    /// Confirmed, waitlisted or cancelled.
    async fn status(&self) -> SignupStatusGql {
        self.0.status().into()
    }

    /// Minutes of attendance a coordinator confirmed, once recorded.
    async fn attended_minutes(&self) -> Option<i32> {
        self.0.attended_minutes
    }

    /// When the volunteer signed up (or last re-joined).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.updated_at.and_utc()
    }
}

/// A new shift.
#[derive(InputObject)]
pub struct CreateShiftInput {
    /// The group running it.
    pub group_id: ID,
    /// The activity it serves, if any.
    pub activity_id: Option<ID>,
    /// What the shift is (2 to 120 characters).
    pub title: String,
    /// More about what volunteers will do.
    pub description: Option<String>,
    /// When it starts (in the future).
    pub starts_at: DateTime<Utc>,
    /// When it ends (at most 24 hours later).
    pub ends_at: DateTime<Utc>,
    /// Where, in words.
    pub location: Option<String>,
    /// Where, on the map.
    pub coordinates: Option<GeoPoint>,
    /// How many volunteers it needs (1 to 1000).
    pub places: i32,
    /// Skills volunteers need.
    #[graphql(default)]
    pub required_skills: Vec<String>,
    /// DBS check volunteers need (default none).
    pub required_vetting: Option<DbsLevelGql>,
    /// Only group members can sign up (default false).
    #[graphql(default)]
    pub members_only: bool,
    /// Keep a waiting list once full (default true).
    #[graphql(default = true)]
    pub waitlist: bool,
}

/// Changes to a shift. Leave a field out to keep it as it is.
#[derive(InputObject)]
pub struct UpdateShiftInput {
    /// The shift to change.
    pub id: ID,
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New start time (everyone signed up is emailed).
    pub starts_at: Option<DateTime<Utc>>,
    /// New end time (everyone signed up is emailed).
    pub ends_at: Option<DateTime<Utc>>,
    /// New place (everyone signed up is emailed).
    pub location: Option<String>,
    /// New map position.
    pub coordinates: Option<GeoPoint>,
    /// New number of places (not below those confirmed; more places promote from the waiting list).
    pub places: Option<i32>,
    /// New required skills.
    pub required_skills: Option<Vec<String>>,
    /// New required DBS check.
    pub required_vetting: Option<DbsLevelGql>,
    /// Members only or not.
    pub members_only: Option<bool>,
    /// Keep a waiting list or not.
    pub waitlist: Option<bool>,
}

#[derive(Default)]
pub struct ShiftQuery;

#[Object]
impl ShiftQuery {
    /// Shifts still to come, soonest first. Public, but members-only shifts
    /// are listed only to the group's members.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn upcoming_shifts(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only this group's shifts.")] group_id: Option<ID>,
        #[graphql(desc = "Only shifts ending after this time (default now).")] from: Option<
            DateTime<Utc>,
        >,
        #[graphql(desc = "Only shifts within this distance of a point.")] near: Option<GeoFilter>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last shift already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ShiftNode>> {
        let group = group_id
            .map(|g| ids::group("groupId", &g))
            .transpose()
            .map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let from = from
            .map(|f| f.naive_utc())
            .unwrap_or_else(|| state(ctx).clock.now_naive());
        let wants_signups = wants_node_field(ctx, "signups");
        let signups_shown = signups_shown(ctx);
        let (page, signups) = run_list(ctx, move |conn, actor, _, _| {
            let page = shifts::upcoming(
                conn,
                actor,
                group,
                from,
                near.map(Into::into),
                first_n,
                after_c,
            )?;
            // The sign-ups the page will show (those of shifts the viewer
            // coordinates), with their volunteers, in the same call.
            let signups = if wants_signups {
                let ids: Vec<i64> = page
                    .items
                    .iter()
                    .filter(|(_, l)| coordinates(actor, l.membership.as_ref()))
                    .map(|(_, l)| l.shift.id)
                    .collect();
                let rows = if ids.is_empty() {
                    Vec::new()
                } else {
                    // One more than shown, to tell whether more follow.
                    shifts::signups_with_volunteers(conn, &ids, signups_shown.map(|n| n + 1))?
                };
                Some((ids, rows))
            } else {
                None
            };
            Ok((page, signups))
        })
        .await?;
        prime_listed(loaders(ctx), &page.items, signups);
        Ok(connection(page, has_prev, |l| {
            ShiftNode(l.shift, Some((l.confirmed, l.waitlisted)))
        }))
    }
}

/// How many sign-ups each shift of a listing will show, when every selection
/// of its `signups` asks for a first page without `totalCount` (the most
/// any of them asks for); `None` when the listing must read them all.
fn signups_shown(ctx: &Context<'_>) -> Option<i64> {
    let mut shown: Option<i64> = None;
    for node in super::relay::node_selections(ctx) {
        for signups in node.selection_set().filter(|f| f.name() == "signups") {
            match super::relay::first_page_of(&signups)? {
                (_, true) => return None,
                (n, false) => shown = Some(shown.map_or(n, |s| s.max(n))),
            }
        }
    }
    shown
}

/// Whether the viewer may see a shift's sign-ups, given their membership of
/// its group: an admin, or one of the group's active coordinators.
fn coordinates(actor: &crate::domain::authz::Actor, membership: Option<&Membership>) -> bool {
    actor.is_some_and(|v| v.is_admin)
        || membership.is_some_and(|m| {
            m.role() == crate::domain::groups::MemberRole::Coordinator
                && m.status() == crate::domain::groups::MembershipStatus::Active
        })
}

/// The shifts whose sign-ups a listing read, and those sign-ups with their
/// volunteers.
type ListedSignups = (Vec<i64>, Vec<(Signup, crate::domain::people::Person)>);

/// Tell the request's loaders what a listing read with its page, so the
/// shifts' groups, counts, the viewer's memberships and (where read) the
/// sign-ups and their volunteers need no further statement.
fn prime_listed(
    loaders: &super::loaders::Loaders,
    items: &[(page::Cursor, shifts::Listed)],
    signups: Option<ListedSignups>,
) {
    loaders.groups.prime(
        items
            .iter()
            .map(|(_, l)| (l.group.id, Some(l.group.clone()))),
    );
    loaders.my_memberships.prime(
        items
            .iter()
            .map(|(_, l)| (l.group.id, l.membership.clone())),
    );
    if let Some((ids, rows)) = signups {
        let mut by_shift: std::collections::HashMap<i64, Vec<Signup>> =
            ids.into_iter().map(|id| (id, Vec::new())).collect();
        let mut people = Vec::with_capacity(rows.len());
        for (signup, person) in rows {
            people.push((person.id, Some(person)));
            by_shift.entry(signup.shift_id).or_default().push(signup);
        }
        loaders.people.prime(people);
        loaders
            .shift_signups
            .prime(by_shift.into_iter().map(|(id, rows)| (id, Some(rows))));
    }
}

#[derive(Default)]
pub struct ShiftMutation;

#[Object]
impl ShiftMutation {
    /// Post a shift (the group's coordinators).
    async fn create_shift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new shift.")] input: CreateShiftInput,
    ) -> async_graphql::Result<ShiftNode> {
        let group_id = ids::group("groupId", &input.group_id).map_err(gql)?;
        let activity_id = input
            .activity_id
            .as_ref()
            .map(|a| ids::decode("activityId", "Activity", "That activity", a))
            .transpose()
            .map_err(gql)?;
        let new = NewShift {
            group_id,
            activity_id,
            title: input.title,
            description: input.description,
            starts_at: input.starts_at.naive_utc(),
            ends_at: input.ends_at.naive_utc(),
            location: input.location,
            coordinates: input.coordinates.map(|c| (c.latitude, c.longitude)),
            places: input.places,
            required_skills: input.required_skills,
            required_vetting: input
                .required_vetting
                .map(Into::into)
                .unwrap_or(crate::domain::volunteers::VettingLevel::None),
            members_only: input.members_only,
            waitlist: input.waitlist,
        };
        run(ctx, move |conn, actor, _, now| {
            shifts::create_shift(conn, actor, new, now)
        })
        .await
        .map(ShiftNode::new)
    }

    /// Change a shift (the group's coordinators). Changing time or place
    /// emails everyone signed up.
    async fn update_shift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateShiftInput,
    ) -> async_graphql::Result<ShiftNode> {
        let id = ids::decode("id", "Shift", "That shift", &input.id).map_err(gql)?;
        let changes = ShiftChanges {
            title: input.title,
            description: input.description,
            starts_at: input.starts_at.map(|t| t.naive_utc()),
            ends_at: input.ends_at.map(|t| t.naive_utc()),
            location: input.location,
            coordinates: input.coordinates.map(|c| (c.latitude, c.longitude)),
            places: input.places,
            required_skills: input.required_skills,
            required_vetting: input.required_vetting.map(Into::into),
            members_only: input.members_only,
            waitlist: input.waitlist,
        };
        run(ctx, move |conn, actor, st, now| {
            shifts::update_shift(conn, &st.config.public_url, actor, id, changes, now)
        })
        .await
        .map(ShiftNode::new)
    }

    /// Cancel a shift (the group's coordinators); everyone signed up is emailed.
    async fn cancel_shift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The shift.")] id: ID,
        #[graphql(desc = "Why, in a sentence volunteers will read.")] reason: String,
    ) -> async_graphql::Result<ShiftNode> {
        let id = ids::decode("id", "Shift", "That shift", &id).map_err(gql)?;
        run(ctx, move |conn, actor, st, now| {
            shifts::cancel_shift(conn, &st.config.public_url, actor, id, &reason, now)
        })
        .await
        .map(ShiftNode::new)
    }

    /// Sign up for a shift: CONFIRMED while places remain, then WAITLISTED
    /// (`SHIFT_FULL` when it keeps no waiting list). Refused with
    /// `ALREADY_SIGNED_UP`, `SHIFT_CLASH`, `VETTING_REQUIRED` or `SKILL_REQUIRED`.
    async fn sign_up_for_shift(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The shift.")] shift_id: ID,
    ) -> async_graphql::Result<ShiftSignupNode> {
        let id = ids::decode("shiftId", "Shift", "That shift", &shift_id).map_err(gql)?;
        let done = run(ctx, move |conn, actor, st, now| {
            shifts::sign_up_with_shift(conn, &st.config.public_url, actor, id, now)
        })
        .await?;
        // The reply shows the shift and its counts as the sign-up left them.
        let shift = ShiftNode(done.shift, Some((done.confirmed, done.waitlisted)));
        Ok(ShiftSignupNode(done.signup, Some(Box::new(shift))))
    }

    /// Cancel a sign-up (the volunteer or the group's coordinators). A freed
    /// place goes to the first on the waiting list, who is emailed.
    async fn cancel_shift_signup(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sign-up.")] signup_id: ID,
    ) -> async_graphql::Result<ShiftSignupNode> {
        let id = ids::decode("signupId", "ShiftSignup", "That sign-up", &signup_id).map_err(gql)?;
        run(ctx, move |conn, actor, st, now| {
            shifts::cancel_signup(conn, &st.config.public_url, actor, id, now)
        })
        .await
        .map(ShiftSignupNode::new)
    }

    /// Record a confirmed volunteer's attendance in minutes (the group's
    /// coordinators, once the shift has started).
    async fn record_shift_attendance(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The sign-up.")] signup_id: ID,
        #[graphql(desc = "Minutes given, 1 to 1440.")] minutes: i32,
    ) -> async_graphql::Result<ShiftSignupNode> {
        let id = ids::decode("signupId", "ShiftSignup", "That sign-up", &signup_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            shifts::record_attendance(conn, actor, id, minutes, now)
        })
        .await
        .map(ShiftSignupNode::new)
    }
}
