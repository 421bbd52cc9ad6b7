//! Referrals to statutory partners: making them, the partner's queue, the
//! status moves with their timeline, partner settings, and the live
//! `referralUpdated` feed.

use std::collections::HashMap;

use async_graphql::dataloader::Loader;
use async_graphql::{Context, Enum, InputObject, Object, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::stream::{Stream, StreamExt};

use super::accounts::PersonNode;
use super::errors::LoadError;
use super::groups::GroupNode;
use super::loaders::load;
use super::relay::{connection, KithConnection};
use super::{gql, ids, loaders, run, state};
use crate::db::Db;
use crate::domain::authz;
use crate::domain::page;
use crate::domain::referrals::{
    self, NewReferral, PartnerProfile, Referral, ReferralEvent, ReferralStatus,
};
use crate::error::AppError;
use crate::events::Event;

/// Why a resident is being referred.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ReferralReason",
    remote = "crate::domain::referrals::ReferralReason"
)]
pub enum ReferralReasonGql {
    /// An assessment of care and support needs.
    CareAssessment,
    /// Physical health.
    Health,
    /// Mental health.
    MentalHealth,
    /// Housing: repairs, adaptations, homelessness.
    Housing,
    /// Safety at home: falls, fire.
    HomeSafety,
    /// Money: benefits, debt.
    Financial,
    /// Support for an unpaid carer.
    CarerSupport,
    /// Safeguarding: a risk of abuse or neglect (to the council's team).
    Safeguarding,
    /// Something else.
    Other,
}

/// How soon the partner should act.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ReferralUrgency",
    remote = "crate::domain::referrals::ReferralUrgency"
)]
pub enum ReferralUrgencyGql {
    /// In the usual time.
    Routine,
    /// Sooner than usual.
    Soon,
    /// Now.
    Urgent,
}

/// A lawful basis for sharing without the resident's consent.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "LawfulBasis", remote = "crate::domain::referrals::LawfulBasis")]
pub enum LawfulBasisGql {
    /// To protect someone's life (UK GDPR article 6(1)(d)).
    VitalInterests,
    /// The council's duty to make safeguarding enquiries (Care Act 2014 s42).
    SafeguardingDuty,
    /// A legal obligation.
    LegalObligation,
    /// A task in the public interest.
    PublicTask,
}

/// Where a referral stands. DRAFT → SENT → ACKNOWLEDGED → ACCEPTED |
/// DECLINED | REDIRECTED; ACCEPTED → IN_PROGRESS → CLOSED.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ReferralStatus",
    remote = "crate::domain::referrals::ReferralStatus"
)]
pub enum ReferralStatusGql {
    /// Not sent yet.
    Draft,
    /// Sent; waiting for the partner to acknowledge it.
    Sent,
    /// The partner has it.
    Acknowledged,
    /// The partner will act on it.
    Accepted,
    /// The partner will not act on it (the note says why).
    Declined,
    /// Passed to another partner, as a new linked referral.
    Redirected,
    /// The partner is working on it.
    InProgress,
    /// Finished (the outcome is recorded).
    Closed,
}

/// A referral of a resident to a statutory partner.
pub struct ReferralNode(pub Referral);

/// A referral to a statutory partner, with its timeline. Seen by the
/// referrer, the referring group's coordinators, the partner's staff, the
/// resident and admins; each look is in the audit trail.
#[Object(name = "Referral")]
impl ReferralNode {
    /// The referral's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Referral", self.0.id)
    }

    /// Whom it is about.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.resident_id).await
    }

    /// The partner it was sent to.
    async fn partner(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        group(ctx, self.0.partner_group_id).await
    }

    /// The group that made it, if any.
    async fn referring_group(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<GroupNode>> {
        match self.0.referring_group_id {
            Some(g) => group(ctx, g).await,
            None => Ok(None),
        }
    }

    /// Who made it.
    async fn referrer(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.referrer_id).await
    }

    /// The check-in whose concern led to it.
    async fn check_in_id(&self) -> Option<ID> {
        self.0.check_in_id.map(|c| ids::encode("CheckIn", c))
    }

    /// The referral this one was redirected from.
    async fn redirected_from_id(&self) -> Option<ID> {
        self.0
            .redirected_from_id
            .map(|r| ids::encode("Referral", r))
    }

    /// Why.
    async fn reason(&self) -> ReferralReasonGql {
        self.0.reason().into()
    }

    /// What the partner needs to know.
    async fn details(&self) -> &str {
        &self.0.details
    }

    /// How soon.
    async fn urgency(&self) -> ReferralUrgencyGql {
        self.0.urgency().into()
    }

    /// The resident's consent it was shared under, if any.
    async fn consent_id(&self) -> Option<ID> {
        self.0.consent_id.map(|c| ids::encode("Consent", c))
    }

    /// The lawful basis it was shared under without consent, if any.
    async fn lawful_basis(&self) -> Option<LawfulBasisGql> {
        self.0.lawful_basis().map(Into::into)
    }

    /// Why sharing without consent was justified.
    async fn lawful_basis_reasoning(&self) -> Option<&str> {
        self.0
            .lawful_basis
            .as_ref()
            .map(|_| self.0.lawful_basis_reasoning.as_str())
    }

    /// Where it stands.
    async fn status(&self) -> ReferralStatusGql {
        self.0.status().into()
    }

    /// The outcome, once closed.
    async fn outcome(&self) -> Option<&str> {
        (self.0.status() == ReferralStatus::Closed).then_some(self.0.outcome.as_str())
    }

    /// When it was sent.
    async fn sent_at(&self) -> Option<DateTime<Utc>> {
        self.0.sent_at.map(|t| t.and_utc())
    }

    /// When the partner aims to have acknowledged it by.
    async fn acknowledge_by(&self) -> Option<DateTime<Utc>> {
        self.0.acknowledge_by.map(|t| t.and_utc())
    }

    /// When the partner acknowledged it.
    async fn acknowledged_at(&self) -> Option<DateTime<Utc>> {
        self.0.acknowledged_at.map(|t| t.and_utc())
    }

    /// Sent, not acknowledged, and past the partner's agreed time.
    async fn acknowledgement_overdue(&self, ctx: &Context<'_>) -> bool {
        self.0.acknowledgement_overdue(state(ctx).clock.now_naive())
    }

    /// When it was made.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// Every move, oldest first: who, from what, to what, the note, when.
    async fn timeline(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<ReferralEventNode>> {
        Ok(load(&loaders(ctx).referral_events, self.0.id)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ReferralEventNode)
            .collect())
    }
}

async fn person(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<PersonNode>> {
    Ok(load(&loaders(ctx).people, id).await?.map(PersonNode::new))
}

async fn group(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<GroupNode>> {
    Ok(load(&loaders(ctx).groups, id).await?.map(GroupNode))
}

/// One move on a referral's timeline.
pub struct ReferralEventNode(pub ReferralEvent);

/// One move on a referral: who made it, from which status to which, the
/// note, and when. A reminder that acknowledgement is overdue is a move
/// from SENT to SENT made by Kith (no actor).
#[Object(name = "ReferralEvent")]
impl ReferralEventNode {
    /// Who made the move (none: Kith itself).
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        match self.0.actor_id {
            Some(a) => person(ctx, a).await,
            None => Ok(None),
        }
    }

    /// The status before (none when the referral was made).
    async fn from_status(&self) -> Option<ReferralStatusGql> {
        self.0
            .from_status
            .as_deref()
            .and_then(ReferralStatus::parse)
            .map(Into::into)
    }

    /// The status after.
    async fn to_status(&self) -> ReferralStatusGql {
        ReferralStatus::parse(&self.0.to_status)
            .unwrap_or(ReferralStatus::Draft)
            .into()
    }

    /// Why: a decline reason, an outcome, a redirect, a note.
    async fn note(&self) -> &str {
        &self.0.note
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
}

/// The timeline of each referral, oldest move first.
pub struct ReferralEventsLoader(pub Db);

impl Loader<i64> for ReferralEventsLoader {
    type Value = Vec<ReferralEvent>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<ReferralEvent>>, LoadError> {
        let ids = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| referrals::timelines(conn, &ids))
            .await?;
        let mut out: HashMap<i64, Vec<ReferralEvent>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for e in rows {
            out.entry(e.referral_id).or_default().push(e);
        }
        Ok(out)
    }
}

/// A new referral.
#[derive(InputObject)]
pub struct CreateReferralInput {
    /// Whom it is about.
    pub resident_id: ID,
    /// The statutory partner (a group of kind COUNCIL_ADULT_SOCIAL_CARE,
    /// NHS, HOUSING, FIRE_AND_RESCUE or OTHER_STATUTORY).
    pub partner_group_id: ID,
    /// The group making it (default: the check-in's group).
    pub referring_group_id: Option<ID>,
    /// Why.
    pub reason: ReferralReasonGql,
    /// What the partner needs to know (10 to 8,000 characters).
    pub details: String,
    /// How soon (default ROUTINE).
    #[graphql(default_with = "ReferralUrgencyGql::Routine")]
    pub urgency: ReferralUrgencyGql,
    /// The resident's current consent for this kind of partner: a consent
    /// with purpose "share with <kind>", for example "share with nhs" or
    /// "share with council adult social care".
    pub consent_id: Option<ID>,
    /// Or a lawful basis for sharing without consent ...
    pub lawful_basis: Option<LawfulBasisGql>,
    /// ... with the reasoning (at least 20 characters).
    pub lawful_basis_reasoning: Option<String>,
    /// The check-in whose concern led to it (its volunteer may refer).
    pub check_in_id: Option<ID>,
    /// Keep it as a draft instead of sending it now.
    #[graphql(default = false)]
    pub draft: bool,
}

/// A statutory partner's referral settings.
#[derive(InputObject)]
pub struct PartnerProfileInput {
    /// The inbox told of new referrals (empty: the group's contact email).
    pub referral_email: Option<String>,
    /// The reasons it accepts (empty: any).
    pub accepted_reasons: Option<Vec<ReferralReasonGql>>,
    /// Working days to acknowledge a referral (1 to 30; default 2).
    pub acknowledge_within_working_days: Option<i32>,
}

fn decode_referral(field: &'static str, id: &ID) -> Result<i64, AppError> {
    ids::decode(field, "Referral", "That referral", id)
}

#[derive(Default)]
pub struct ReferralQuery;

#[Object]
impl ReferralQuery {
    /// One referral: `FORBIDDEN` when it exists but is not mine to see.
    async fn referral(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The referral.")] id: ID,
    ) -> async_graphql::Result<ReferralNode> {
        let id = decode_referral("id", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            referrals::get(conn, actor, id, now)
        })
        .await
        .map(ReferralNode)
    }

    /// Referrals, newest first: a partner's queue (its staff), or every
    /// referral I may see (made by me or my groups, or about me).
    async fn referrals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A partner's queue (its staff only).")] partner_group_id: Option<ID>,
        #[graphql(desc = "Only referrals in this status.")] status: Option<ReferralStatusGql>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last referral already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<ReferralNode>> {
        let partner = partner_group_id
            .map(|g| ids::group("partnerGroupId", &g))
            .transpose()
            .map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let status = status.map(Into::into);
        let page = run(ctx, move |conn, actor, _, now| {
            referrals::list(conn, actor, partner, status, first_n, after_c, now)
        })
        .await?;
        Ok(connection(page, has_prev, ReferralNode))
    }
}

#[derive(Default)]
pub struct ReferralMutation;

#[Object]
impl ReferralMutation {
    /// Refer a resident to a statutory partner, with their consent for that
    /// kind of partner or a lawful basis (`CONSENT_REQUIRED` otherwise). The
    /// partner's inbox gets an email with a link and no personal details.
    async fn create_referral(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The referral.")] input: CreateReferralInput,
    ) -> async_graphql::Result<ReferralNode> {
        let new = NewReferral {
            resident_id: ids::person("residentId", &input.resident_id).map_err(gql)?,
            partner_group_id: ids::group("partnerGroupId", &input.partner_group_id).map_err(gql)?,
            referring_group_id: input
                .referring_group_id
                .as_ref()
                .map(|g| ids::group("referringGroupId", g))
                .transpose()
                .map_err(gql)?,
            reason: input.reason.into(),
            details: input.details,
            urgency: input.urgency.into(),
            consent_id: input
                .consent_id
                .as_ref()
                .map(|c| ids::decode("consentId", "Consent", "That consent", c))
                .transpose()
                .map_err(gql)?,
            lawful_basis: input.lawful_basis.map(Into::into),
            lawful_basis_reasoning: input.lawful_basis_reasoning.unwrap_or_default(),
            check_in_id: input
                .check_in_id
                .as_ref()
                .map(|c| ids::decode("checkInId", "CheckIn", "That check-in", c))
                .transpose()
                .map_err(gql)?,
            draft: input.draft,
        };
        let r = run(ctx, move |conn, actor, st, now| {
            let viewer = authz::signed_in(actor)?;
            referrals::create(conn, &viewer, new, &st.config.public_url, now)
        })
        .await?;
        publish(ctx, r.id).await;
        Ok(ReferralNode(r))
    }

    /// Move a referral on: the partner's staff acknowledge, accept, decline
    /// (say why in `note`), redirect (name `redirectToPartnerId`), start and
    /// close it (the outcome in `note`); the referrer sends a draft. Other
    /// moves are `INVALID_TRANSITION`. A redirect returns the original,
    /// now REDIRECTED; the new referral is linked from it.
    async fn update_referral_status(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The referral.")] referral_id: ID,
        #[graphql(desc = "The new status.")] status: ReferralStatusGql,
        #[graphql(desc = "A note: required to decline (why) and to close (the outcome).")]
        note: Option<String>,
        #[graphql(desc = "For REDIRECTED: the partner it goes to instead.")]
        redirect_to_partner_id: Option<ID>,
    ) -> async_graphql::Result<ReferralNode> {
        let id = decode_referral("referralId", &referral_id).map_err(gql)?;
        let redirect = redirect_to_partner_id
            .map(|g| ids::group("redirectToPartnerId", &g))
            .transpose()
            .map_err(gql)?;
        let to = status.into();
        let (r, created) = run(ctx, move |conn, actor, st, now| {
            referrals::update_status(
                conn,
                actor,
                id,
                to,
                note,
                redirect,
                &st.config.public_url,
                now,
            )
        })
        .await?;
        publish(ctx, r.id).await;
        if let Some(new) = created {
            publish(ctx, new.id).await;
        }
        Ok(ReferralNode(r))
    }

    /// Set a statutory partner's referral inbox, the reasons it accepts and
    /// how many working days it takes to acknowledge (its coordinators).
    async fn update_partner_profile(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The partner group.")] group_id: ID,
        #[graphql(desc = "What to change; anything left out stays as it is.")]
        input: PartnerProfileInput,
    ) -> async_graphql::Result<GroupNode> {
        let id = ids::group("groupId", &group_id).map_err(gql)?;
        let profile = PartnerProfile {
            referral_email: input.referral_email,
            accepted_reasons: input
                .accepted_reasons
                .map(|rs| rs.into_iter().map(Into::into).collect()),
            acknowledge_days: input.acknowledge_within_working_days,
        };
        run(ctx, move |conn, actor, _, now| {
            referrals::update_partner_profile(conn, actor, id, profile, now)
        })
        .await
        .map(GroupNode)
    }
}

async fn publish(ctx: &Context<'_>, referral_id: i64) {
    state(ctx)
        .events
        .publish(Event::ReferralUpdated { referral_id })
        .await;
}

#[derive(Default)]
pub struct ReferralSubscription;

#[Subscription]
impl ReferralSubscription {
    /// The referral each time it moves, across every server instance (for
    /// anyone who may see it).
    async fn referral_updated(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The referral to watch.")] referral_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = ReferralNode>> {
        let id = decode_referral("referralId", &referral_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            let viewer = authz::signed_in(actor)?;
            if referrals::visible_ids(conn, &viewer, &[id])?.is_empty() {
                return Err(AppError::NotFound("That referral"));
            }
            Ok(())
        })
        .await?;
        let actor = super::actor(ctx);
        let st = state(ctx).clone();
        let stream = st.events.stream().await.filter_map(move |event| {
            let st = st.clone();
            async move {
                match event {
                    Event::ReferralUpdated { referral_id } if referral_id == id => {
                        let now = st.clock.now_naive();
                        st.db
                            .run(move |conn| referrals::find_visible(conn, &actor, &[id], now))
                            .await
                            .ok()
                            .and_then(|mut v| v.pop())
                            .map(ReferralNode)
                    }
                    _ => None,
                }
            }
        });
        Ok(stream)
    }
}

/// The referral, if the actor may see it (for `node`); the look is audited.
pub fn visible(
    conn: &mut crate::db::DbConn,
    actor: &authz::Actor,
    id: i64,
    now: chrono::NaiveDateTime,
) -> crate::error::AppResult<Option<Referral>> {
    Ok(referrals::find_visible(conn, actor, &[id], now)?.pop())
}
