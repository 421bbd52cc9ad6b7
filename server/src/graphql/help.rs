//! Help requests: raising, the volunteers' open listing, offers,
//! assignment, completion and cancellation.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::stream::{Stream, StreamExt};

use super::accounts::PersonNode;
use super::groups::GroupNode;
use super::loaders::load;
use super::relay::{connection, KithConnection};
use super::shifts::GeoFilter;
use super::{actor, gql, ids, loaders, run, state};
use crate::domain::help::matching::{self, VolunteerMatch};
use crate::domain::help::{
    self, HelpAccess, HelpDetails, HelpRequest, HelpStatus, HelpUrgency, NewHelpRequest,
};
use crate::domain::page;
use crate::domain::shifts::Near;
use crate::error::AppError;
use crate::events::Event;

/// What kind of help is asked for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "HelpCategory", remote = "crate::domain::help::HelpCategory")]
pub enum HelpCategoryGql {
    /// Picking up groceries or other shopping.
    Shopping,
    /// Collecting a prescription from the pharmacy.
    PrescriptionCollection,
    /// A lift or someone to go along to an appointment.
    Transport,
    /// A friendly visit or call.
    Befriending,
    /// Small jobs around the home or garden.
    OddJobs,
    /// Help with a phone, tablet, computer or getting online.
    DigitalHelp,
    /// Help filling in forms.
    FormFilling,
    /// Anything else.
    Other,
}

/// How soon help is needed.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "HelpUrgency", remote = "crate::domain::help::HelpUrgency")]
pub enum HelpUrgencyGql {
    /// Whenever suits, within the preferred times.
    Routine,
    /// In the next few days.
    Soon,
    /// As soon as possible; listed first.
    Urgent,
}

/// Where a help request stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "HelpRequestStatus", remote = "crate::domain::help::HelpStatus")]
pub enum HelpRequestStatusGql {
    /// Waiting for a volunteer; listed for volunteers.
    Open,
    /// A coordinator has assigned a volunteer.
    Assigned,
    /// Done, with the minutes given.
    Completed,
    /// Called off by the resident, someone acting for them or a coordinator.
    Cancelled,
    /// Nobody was assigned before the last preferred time ended.
    Expired,
}

/// A time when the resident would like the help.
#[derive(SimpleObject, InputObject, Clone, Copy)]
#[graphql(input_name = "TimeWindowInput")]
pub struct TimeWindow {
    /// From.
    pub starts_at: DateTime<Utc>,
    /// Until (after `startsAt`, at most 12 hours later).
    pub ends_at: DateTime<Utc>,
}

/// A resident's request for help, handled by one group.
pub struct HelpRequestNode {
    pub request: HelpRequest,
    /// Kilometres from the searched point, when listed with `near`.
    pub distance_km: Option<f64>,
}

impl HelpRequestNode {
    pub fn new(request: HelpRequest) -> Self {
        HelpRequestNode {
            request,
            distance_km: None,
        }
    }

    async fn access(&self, ctx: &Context<'_>) -> async_graphql::Result<HelpAccess> {
        if actor(ctx).is_none() {
            return Ok(HelpAccess::default());
        }
        Ok(load(&loaders(ctx).help_access, self.request.id)
            .await?
            .unwrap_or_default())
    }

    async fn details(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<HelpDetails>> {
        if actor(ctx).is_none() {
            return Ok(None);
        }
        let now = state(ctx).clock.now_naive();
        loaders(ctx).help_details.load(self.request.id, now).await
    }
}

/// A resident's request for help, handled by one group. Volunteers browsing
/// open requests see only minimised details. `address`, `phone`, `notes` and
/// `residentName` are shown only to the assigned volunteer (while assigned),
/// the group's coordinators, admins and the resident; everyone else gets
/// null. Each response that shows them to someone other than the resident
/// is logged once per request as a sensitive read.
#[Object(name = "HelpRequest")]
impl HelpRequestNode {
    /// The request's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("HelpRequest", self.request.id)
    }

    /// Open, assigned, completed, cancelled or expired.
    async fn status(&self) -> HelpRequestStatusGql {
        self.request.status().into()
    }

    /// What kind of help.
    async fn category(&self) -> HelpCategoryGql {
        self.request.category().into()
    }

    /// How soon.
    async fn urgency(&self) -> HelpUrgencyGql {
        self.request.urgency().into()
    }

    /// A short summary that is safe for any volunteer to read.
    async fn description(&self) -> &str {
        &self.request.description
    }

    /// Skills whoever helps should have (lower case).
    async fn required_skills(&self) -> Vec<String> {
        self.request.required_skills()
    }

    /// Whether helping means going into the resident's home (the volunteer
    /// then needs a DBS check of at least BASIC).
    async fn home_visit(&self) -> bool {
        self.request.home_visit
    }

    /// When the resident would like the help.
    async fn preferred_times(&self) -> Vec<TimeWindow> {
        self.request
            .windows()
            .into_iter()
            .map(|(s, e)| TimeWindow {
                starts_at: s.and_utc(),
                ends_at: e.and_utc(),
            })
            .collect()
    }

    /// When it was raised.
    async fn created_at(&self) -> DateTime<Utc> {
        self.request.created_at.and_utc()
    }

    /// The group handling it.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<GroupNode> {
        load(&loaders(ctx).groups, self.request.group_id)
            .await?
            .map(GroupNode)
            .ok_or_else(|| gql(AppError::NotFound("That group")))
    }

    /// The resident's first name only.
    async fn resident_first_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load(&loaders(ctx).people, self.request.resident_id)
            .await?
            .and_then(|p| p.display_name.split_whitespace().next().map(str::to_string))
            .unwrap_or_default())
    }

    /// The area on the resident's profile (empty when not given).
    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        Ok(load(&loaders(ctx).help_areas, self.request.resident_id)
            .await?
            .unwrap_or_default())
    }

    /// Roughly how far from the searched point, to the nearest half
    /// kilometre: only when listed with `near`, else null.
    async fn rough_distance_km(&self) -> Option<f64> {
        self.distance_km
    }

    /// The volunteer assigned, if any (shown to the resident, those who
    /// manage them, the group's coordinators and the volunteer).
    async fn assigned_volunteer(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PersonNode>> {
        let Some(id) = self.request.assigned_volunteer_id else {
            return Ok(None);
        };
        if !self.access(ctx).await?.sees_assignee() {
            return Ok(None);
        }
        Ok(load(&loaders(ctx).people, id).await?.map(PersonNode::new))
    }

    /// Volunteers who offered to help, in the order they offered (the
    /// group's coordinators; null for everyone else).
    async fn offers(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Vec<PersonNode>>> {
        if !self.access(ctx).await?.sees_offers() {
            return Ok(None);
        }
        let ids = load(&loaders(ctx).help_offers, self.request.id)
            .await?
            .unwrap_or_default();
        let people = loaders(ctx)
            .people
            .load_many(ids.iter().copied())
            .await
            .map_err(|e| e.into_gql())?;
        Ok(Some(
            ids.iter()
                .filter_map(|id| people.get(id).cloned())
                .map(PersonNode::new)
                .collect(),
        ))
    }

    /// Minutes given, once completed.
    async fn minutes(&self) -> Option<i32> {
        (self.request.status() == HelpStatus::Completed)
            .then_some(self.request.minutes)
            .flatten()
    }

    /// Why it was cancelled, if it was.
    async fn cancel_reason(&self) -> Option<&str> {
        self.request.cancel_reason.as_deref()
    }

    /// Sensitive: the resident's address. Null unless you are the assigned
    /// volunteer, a coordinator of the group, an admin or the resident.
    async fn address(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.details(ctx).await?.map(|d| d.address))
    }

    /// Sensitive: the resident's phone number. Null unless you are the
    /// assigned volunteer, a coordinator of the group, an admin or the resident.
    async fn phone(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.details(ctx).await?.map(|d| d.phone))
    }

    /// Sensitive: private notes for whoever helps. Null unless you are the
    /// assigned volunteer, a coordinator of the group, an admin or the resident.
    async fn notes(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.details(ctx).await?.map(|d| d.notes))
    }

    /// Sensitive: the resident's full name. Null unless you are the assigned
    /// volunteer, a coordinator of the group, an admin or the resident.
    async fn resident_name(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        Ok(self.details(ctx).await?.map(|d| d.resident_name))
    }
}

/// A new help request.
#[derive(InputObject)]
pub struct RequestHelpInput {
    /// The resident who needs help (default: me). Coordinators and others who
    /// manage a resident may raise a request for them.
    pub resident_id: Option<ID>,
    /// The group that will handle it: the resident must be an active member,
    /// or you must coordinate it.
    pub group_id: ID,
    /// What kind of help.
    pub category: HelpCategoryGql,
    /// A short summary any volunteer may read (3 to 500 characters); keep
    /// private details for `notes`.
    pub description: String,
    /// Private notes for the assigned volunteer and coordinators (up to 2000
    /// characters).
    pub notes: Option<String>,
    /// How soon (default ROUTINE).
    #[graphql(default_with = "HelpUrgencyGql::Routine")]
    pub urgency: HelpUrgencyGql,
    /// 1 to 10 windows, each at most 12 hours long and ending in the future.
    pub preferred_times: Vec<TimeWindow>,
    /// Skills whoever helps should have, for example "driving" (at most 30).
    #[graphql(default)]
    pub required_skills: Vec<String>,
    /// Whether helping means going into the home. Default: yes, except for
    /// shopping, prescription collection and transport.
    pub home_visit: Option<bool>,
}

/// What a match reason is about.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "MatchFactor", remote = "crate::domain::help::matching::Factor")]
pub enum MatchFactorGql {
    /// The skills the request asks for (up to 30 points).
    Skills,
    /// Distance from the resident, within the volunteer's travel radius (up to 25).
    Distance,
    /// Usually free at the preferred times (up to 20).
    Availability,
    /// Has helped this resident before (10).
    Continuity,
    /// Speaks the resident's language (10).
    Language,
    /// Holds a current DBS check (5); home visits need at least BASIC.
    Vetting,
}

/// One reason behind a match score.
#[derive(SimpleObject)]
pub struct MatchReason {
    /// What it is about.
    pub factor: MatchFactorGql,
    /// Points it gave.
    pub points: i32,
    /// In plain words.
    pub text: String,
}

/// A volunteer who could take a help request, with why.
pub struct VolunteerMatchNode(VolunteerMatch);

/// A volunteer who could take a help request: their score out of 100 and
/// the reasons for it, one per factor.
#[Object(name = "VolunteerMatch")]
impl VolunteerMatchNode {
    /// The volunteer.
    async fn volunteer(&self, ctx: &Context<'_>) -> async_graphql::Result<PersonNode> {
        load(&loaders(ctx).people, self.0.person_id)
            .await?
            .map(PersonNode::new)
            .ok_or_else(|| gql(AppError::NotFound("That volunteer")))
    }

    /// 0 to 100: the sum of the reasons' points.
    async fn score(&self) -> i32 {
        self.0.score
    }

    /// Kilometres from the resident (one decimal place), when both
    /// locations are known.
    async fn distance_km(&self) -> Option<f64> {
        self.0.distance_km.map(|d| (d * 10.0).round() / 10.0)
    }

    /// Why, factor by factor.
    async fn reasons(&self) -> Vec<MatchReason> {
        self.0
            .reasons
            .iter()
            .map(|r| MatchReason {
                factor: r.factor.into(),
                points: r.points,
                text: r.text.clone(),
            })
            .collect()
    }
}

#[derive(Default)]
pub struct HelpQuery;

#[Object]
impl HelpQuery {
    /// OPEN help requests, for signed-in volunteers: most urgent first, then
    /// oldest. Details are minimised (first name, area, rough distance).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn open_help_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only requests from residents near this point.")] near: Option<GeoFilter>,
        #[graphql(desc = "Only this category, for example SHOPPING.")] category: Option<String>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last request already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<HelpRequestNode>> {
        let category = category
            .as_deref()
            .map(help::parse_category)
            .transpose()
            .map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, _| {
            help::open_requests(
                conn,
                actor,
                near.map(Into::into),
                category,
                first_n,
                after_c,
            )
        })
        .await?;
        Ok(connection(page, has_prev, |(request, distance_km)| {
            HelpRequestNode {
                request,
                distance_km,
            }
        }))
    }

    /// Volunteers who could take a request, best first, each with a score
    /// and the reasons for it (the group's coordinators). Only active
    /// members of the group within their own travel radius of the resident,
    /// and for home visits only those with a current DBS check.
    #[graphql(complexity = "first.unwrap_or(10).clamp(0, 50) as usize * child_complexity + 1")]
    async fn suggested_volunteers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] help_request_id: ID,
        #[graphql(desc = "How many to return (default 10, at most 50).")] first: Option<i32>,
    ) -> async_graphql::Result<Vec<VolunteerMatchNode>> {
        let id = request_id(&help_request_id)?;
        let first = i64::from(first.unwrap_or(10));
        let found = run(ctx, move |conn, actor, _, now| {
            matching::suggest(conn, actor, id, first, now)
        })
        .await?;
        Ok(found.into_iter().map(VolunteerMatchNode).collect())
    }

    /// My own help requests (as the resident), newest first.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn my_help_requests(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last request already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<HelpRequestNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, _| {
            help::my_requests(conn, actor, first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, HelpRequestNode::new))
    }
}

fn request_id(id: &ID) -> async_graphql::Result<i64> {
    ids::decode("helpRequestId", "HelpRequest", "That help request", id).map_err(gql)
}

#[derive(Default)]
pub struct HelpMutation;

#[Object]
impl HelpMutation {
    /// Ask for help, for yourself or for a resident you act for.
    async fn request_help(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] input: RequestHelpInput,
    ) -> async_graphql::Result<HelpRequestNode> {
        let resident_id = input
            .resident_id
            .as_ref()
            .map(|r| ids::person("residentId", r))
            .transpose()
            .map_err(gql)?;
        let new = NewHelpRequest {
            resident_id,
            group_id: ids::group("groupId", &input.group_id).map_err(gql)?,
            category: input.category.into(),
            description: input.description,
            notes: input.notes,
            urgency: input.urgency.into(),
            required_skills: input.required_skills,
            home_visit: input.home_visit,
            preferred_times: input
                .preferred_times
                .iter()
                .map(|w| (w.starts_at.naive_utc(), w.ends_at.naive_utc()))
                .collect(),
        };
        let request = run(ctx, move |conn, actor, st, now| {
            help::request_help(conn, &st.config.public_url, actor, new, now)
        })
        .await?;
        state(ctx)
            .events
            .publish(Event::HelpRequestOpened {
                help_request_id: request.id,
            })
            .await;
        Ok(HelpRequestNode::new(request))
    }

    /// Offer to help with an open request. Coordinators see the offers;
    /// offering twice is a `CONFLICT`.
    async fn offer_help(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] help_request_id: ID,
    ) -> async_graphql::Result<HelpRequestNode> {
        let id = request_id(&help_request_id)?;
        run(ctx, move |conn, actor, _, now| {
            help::offer_help(conn, actor, id, now)
        })
        .await
        .map(HelpRequestNode::new)
    }

    /// Assign an open request to a volunteer in its group (the group's
    /// coordinators). `CONSENT_REQUIRED` when the resident has withdrawn
    /// consent to contact by volunteers or asked not to be contacted. The
    /// volunteer is emailed a link.
    async fn assign_help_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] help_request_id: ID,
        #[graphql(desc = "The volunteer, an active member of the group.")] volunteer_id: ID,
    ) -> async_graphql::Result<HelpRequestNode> {
        let id = request_id(&help_request_id)?;
        let volunteer = ids::person("volunteerId", &volunteer_id).map_err(gql)?;
        run(ctx, move |conn, actor, st, now| {
            help::assign(conn, &st.config.public_url, actor, id, volunteer, now)
        })
        .await
        .map(HelpRequestNode::new)
    }

    /// Mark an assigned request done (the assigned volunteer or the group's
    /// coordinators).
    async fn complete_help_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] help_request_id: ID,
        #[graphql(desc = "Minutes given, 1 to 1440.")] minutes: i32,
        #[graphql(desc = "Anything the coordinators should know (up to 2000 characters).")]
        notes: Option<String>,
    ) -> async_graphql::Result<HelpRequestNode> {
        let id = request_id(&help_request_id)?;
        run(ctx, move |conn, actor, _, now| {
            help::complete(conn, actor, id, minutes, notes, now)
        })
        .await
        .map(HelpRequestNode::new)
    }

    /// Cancel an open or assigned request (the resident, someone acting for
    /// them, or the group's coordinators).
    async fn cancel_help_request(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request.")] help_request_id: ID,
        #[graphql(desc = "Why, in a sentence.")] reason: String,
    ) -> async_graphql::Result<HelpRequestNode> {
        let id = request_id(&help_request_id)?;
        run(ctx, move |conn, actor, _, now| {
            help::cancel(conn, actor, id, &reason, now)
        })
        .await
        .map(HelpRequestNode::new)
    }
}

#[derive(Default)]
pub struct HelpSubscription;

#[Subscription]
impl HelpSubscription {
    /// Newly raised help requests that I could take (signed-in volunteers):
    /// I am an active member of the handling group with a volunteer
    /// profile, within my travel radius of the resident, and vetted when it
    /// is a home visit. `near` narrows it to a circle; by default only
    /// URGENT requests are pushed. Minimised details, as in
    /// `openHelpRequests`.
    async fn help_request_opened(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only requests from residents in this circle.")] near: Option<GeoFilter>,
        #[graphql(
            desc = "The least urgency to be told about (default URGENT).",
            default_with = "HelpUrgencyGql::Urgent"
        )]
        minimum_urgency: HelpUrgencyGql,
    ) -> async_graphql::Result<impl Stream<Item = HelpRequestNode>> {
        let near: Option<Near> = near.map(Into::into);
        let viewer = run(ctx, move |_, actor, _, _| {
            if let Some(n) = near {
                n.check()?;
            }
            crate::domain::authz::signed_in(actor)
        })
        .await?;
        let minimum = HelpUrgency::from(minimum_urgency).rank();
        let st = state(ctx).clone();
        let stream = st.events.stream().await.filter_map(move |event| {
            let st = st.clone();
            async move {
                let Event::HelpRequestOpened { help_request_id } = event else {
                    return None;
                };
                let now = st.clock.now_naive();
                st.db
                    .run(move |conn| {
                        opened_for(conn, help_request_id, viewer.person_id, near, minimum, now)
                    })
                    .await
                    .ok()
                    .flatten()
            }
        });
        Ok(stream)
    }
}

/// The new request as the subscriber should see it, or `None` when it is
/// not for them.
fn opened_for(
    conn: &mut crate::db::DbConn,
    id: i64,
    person_id: i64,
    near: Option<Near>,
    minimum_urgency: i32,
    now: chrono::NaiveDateTime,
) -> crate::error::AppResult<Option<HelpRequestNode>> {
    let Some(request) = help::find(conn, id)? else {
        return Ok(None);
    };
    if request.status() != HelpStatus::Open
        || request.urgency_rank < minimum_urgency
        || !help::volunteers_may_contact(conn, request.resident_id)?
    {
        return Ok(None);
    }
    let Some(fit) = matching::fit(conn, &request, person_id, now)? else {
        return Ok(None);
    };
    let distance = match near {
        None => fit.distance_km,
        Some(n) => {
            let home = crate::domain::residents::find_profile(conn, request.resident_id)?
                .and_then(|p| Some((p.latitude?, p.longitude?)));
            let Some(home) = home else {
                return Ok(None);
            };
            let d = help::haversine_km((n.latitude, n.longitude), home);
            if d > n.radius_km {
                return Ok(None);
            }
            Some(d)
        }
    };
    Ok(Some(HelpRequestNode {
        request,
        distance_km: distance.map(help::rough_km),
    }))
}
