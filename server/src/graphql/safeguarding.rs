//! Safeguarding concerns: raising one, the leads' case work (triage,
//! actions, decision, closing) and the list each person may see. Every
//! response that shows a concern is in the audit trail once per concern.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_graphql::dataloader::{DataLoader, Loader};
use async_graphql::{Context, Enum, InputObject, Object, ID};
use chrono::{DateTime, NaiveDateTime, Utc};

use super::accounts::PersonNode;
use super::errors::LoadError;
use super::loaders::load;
use super::referrals::{LawfulBasisGql, ReferralNode};
use super::relay::{connection, KithConnection};
use super::{gql, ids, loaders, run, state};
use crate::db::Db;
use crate::domain::authz::Actor;
use crate::domain::safeguarding::{
    self, Concern, ConcernAccess, ConcernChanges, ConcernEvent, ConcernReferral, NewConcern,
};
use crate::domain::{page, referrals};
use crate::error::AppError;

/// The kind of abuse or neglect (Care Act 2014 statutory guidance).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SafeguardingCategory",
    remote = "crate::domain::safeguarding::Category"
)]
pub enum CategoryGql {
    /// Physical abuse: hitting, pushing, restraint, misuse of medication.
    Physical,
    /// Sexual abuse, including harassment and exploitation.
    Sexual,
    /// Psychological or emotional abuse: threats, humiliation, control,
    /// isolation.
    Psychological,
    /// Financial or material abuse: theft, fraud, scams, pressure over
    /// money, wills or property.
    Financial,
    /// Neglect by someone responsible for their care.
    Neglect,
    /// Self-neglect: not caring for their own hygiene, health or
    /// surroundings, including hoarding.
    SelfNeglect,
    /// Domestic abuse by a partner or family member, including coercive
    /// control.
    Domestic,
    /// Discriminatory abuse: because of race, sex, disability, age,
    /// religion, sexuality or another protected characteristic.
    Discriminatory,
    /// Organisational abuse: poor care or practice in a care setting or
    /// service.
    Organisational,
    /// Modern slavery: forced labour, trafficking, domestic servitude.
    ModernSlavery,
}

/// How serious a safeguarding lead judges a concern to be.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SafeguardingTriage",
    remote = "crate::domain::safeguarding::Triage"
)]
pub enum TriageGql {
    /// No risk of significant harm: support or advice, no urgency.
    Low,
    /// Some risk: act within days.
    Medium,
    /// Serious risk of harm: act today.
    High,
    /// Immediate danger: act now (emergency services, police).
    Critical,
}

/// Where a concern stands: OPEN when raised, TRIAGED once a lead has
/// judged it, CLOSED after a decision.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SafeguardingConcernStatus",
    remote = "crate::domain::safeguarding::ConcernStatus"
)]
pub enum StatusGql {
    /// Raised, waiting for a safeguarding lead to triage it.
    Open,
    /// Triaged: a lead is working on it.
    Triaged,
    /// Decided and closed; it can no longer change.
    Closed,
}

/// What one entry on a concern's timeline records.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SafeguardingEventKind",
    remote = "crate::domain::safeguarding::EventKind"
)]
pub enum EventKindGql {
    /// The concern was raised (the note says who was alerted).
    Raised,
    /// A lead triaged it (the note gives the level).
    Triaged,
    /// An action taken (the note says what).
    Action,
    /// It was referred to a partner's safeguarding team.
    Referred,
    /// A decision, with its reasoning.
    Decided,
    /// It was closed.
    Closed,
}

/// A concern that someone is being harmed or is at risk of harm.
pub struct SafeguardingConcernNode {
    concern: Concern,
    access: ConcernAccess,
    /// The read is already in the audit trail (a change made in this
    /// request records itself).
    recorded: bool,
}

impl SafeguardingConcernNode {
    /// A concern found by a query: the first field shown records the read.
    pub fn new((concern, access): (Concern, ConcernAccess)) -> Self {
        SafeguardingConcernNode {
            concern,
            access,
            recorded: false,
        }
    }

    /// A concern just raised or changed, whose audit event covers this
    /// response.
    fn changed((concern, access): (Concern, ConcernAccess)) -> Self {
        SafeguardingConcernNode {
            concern,
            access,
            recorded: true,
        }
    }

    /// Record the read (once per concern per request) before showing
    /// anything.
    async fn shown(&self, ctx: &Context<'_>) -> async_graphql::Result<()> {
        if self.recorded {
            return Ok(());
        }
        let now = state(ctx).clock.now_naive();
        if loaders(ctx)
            .safeguarding
            .reads
            .load(self.concern.id, now)
            .await?
        {
            Ok(())
        } else {
            Err(gql(AppError::NotFound("That safeguarding concern")))
        }
    }

    /// Shown, and the viewer may see the leads' case work.
    async fn case_work(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.shown(ctx).await?;
        Ok(self.access.can_manage())
    }
}

/// A concern that someone is being harmed or is at risk of harm. Seen only
/// by whoever raised it, the safeguarding leads of the groups the person
/// belongs to and admins; never by the person it is about unless they
/// raised it. The raiser sees what they raised and where it stands; the
/// leads' case work (triage, decision, timeline) is for leads and admins.
/// Every response that shows a concern is in the audit trail.
#[Object(name = "SafeguardingConcern")]
impl SafeguardingConcernNode {
    /// The concern's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode(safeguarding::RECORD_TYPE, self.concern.id)
    }

    /// Whom the concern is about.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        self.shown(ctx).await?;
        person(ctx, self.concern.person_id).await
    }

    /// Who raised it (leads, admins, and the raiser themselves).
    async fn raised_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        self.shown(ctx).await?;
        if self.access.can_manage() || self.access.raiser {
            person(ctx, self.concern.raised_by).await
        } else {
            Ok(None)
        }
    }

    /// The kind of abuse or neglect.
    async fn category(&self, ctx: &Context<'_>) -> async_graphql::Result<CategoryGql> {
        self.shown(ctx).await?;
        Ok(self.concern.category().into())
    }

    /// What happened, in the raiser's words.
    async fn what_happened(&self, ctx: &Context<'_>) -> async_graphql::Result<&str> {
        self.shown(ctx).await?;
        Ok(&self.concern.what_happened)
    }

    /// Whether the raiser said the person is at immediate risk (the leads
    /// were emailed at once).
    async fn immediate_risk(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        self.shown(ctx).await?;
        Ok(self.concern.immediate_risk)
    }

    /// Open, triaged or closed.
    async fn status(&self, ctx: &Context<'_>) -> async_graphql::Result<StatusGql> {
        self.shown(ctx).await?;
        Ok(self.concern.status().into())
    }

    /// How serious a lead judged it (null until triaged, and for anyone
    /// but leads and admins).
    async fn triage(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<TriageGql>> {
        Ok(if self.case_work(ctx).await? {
            self.concern.triage().map(Into::into)
        } else {
            None
        })
    }

    /// The decision (null until decided, and for anyone but leads and
    /// admins).
    async fn decision(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(if self.case_work(ctx).await? {
            self.concern.decision.as_deref()
        } else {
            None
        })
    }

    /// Why the decision was made (leads and admins; null until decided).
    async fn decision_reasoning(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(
            if self.case_work(ctx).await? && self.concern.decision.is_some() {
                Some(self.concern.decision_reasoning.as_str())
            } else {
                None
            },
        )
    }

    /// The referral to a partner's safeguarding team, once referred (leads
    /// and admins, who may see the referral; null for anyone else).
    async fn referral(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ReferralNode>> {
        let Some(id) = self.concern.referral_id else {
            return Ok(None);
        };
        if !self.case_work(ctx).await? {
            return Ok(None);
        }
        let found = run(ctx, move |conn, actor, _, now| {
            referrals::find_visible(conn, actor, &[id], now)
        })
        .await?;
        Ok(found.into_iter().next().map(ReferralNode))
    }

    /// Everything done about it, oldest first (leads and admins; null for
    /// anyone else).
    async fn events(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<SafeguardingEventNode>>> {
        if !self.case_work(ctx).await? {
            return Ok(None);
        }
        Ok(Some(
            load(&loaders(ctx).safeguarding.events, self.concern.id)
                .await?
                .unwrap_or_default()
                .into_iter()
                .map(SafeguardingEventNode)
                .collect(),
        ))
    }

    /// True when you may update it (its safeguarding leads and admins,
    /// until it is closed).
    async fn viewer_can_update(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(self.case_work(ctx).await?
            && self.concern.status() != safeguarding::ConcernStatus::Closed)
    }

    /// When it was raised.
    async fn created_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        self.shown(ctx).await?;
        Ok(self.concern.created_at.and_utc())
    }

    /// When it last changed.
    async fn updated_at(&self, ctx: &Context<'_>) -> async_graphql::Result<DateTime<Utc>> {
        self.shown(ctx).await?;
        Ok(self.concern.updated_at.and_utc())
    }

    /// When it was closed.
    async fn closed_at(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<DateTime<Utc>>> {
        self.shown(ctx).await?;
        Ok(self.concern.closed_at.map(|t| t.and_utc()))
    }
}

async fn person(ctx: &Context<'_>, id: i64) -> async_graphql::Result<Option<PersonNode>> {
    Ok(load(&loaders(ctx).people, id).await?.map(PersonNode::new))
}

/// One entry on a concern's timeline.
pub struct SafeguardingEventNode(ConcernEvent);

/// One entry on a concern's timeline: what was done, by whom, when.
#[Object(name = "SafeguardingEvent")]
impl SafeguardingEventNode {
    /// Raised, triaged, an action, referred, decided or closed.
    async fn kind(&self) -> EventKindGql {
        self.0.kind().into()
    }

    /// What: the triage level, the action taken, the decision with its
    /// reasoning, who was alerted.
    async fn note(&self) -> &str {
        &self.0.note
    }

    /// Who did it.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        person(ctx, self.0.actor_id).await
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
}

/// A new safeguarding concern.
#[derive(InputObject)]
pub struct RaiseConcernInput {
    /// Whom it is about: yourself, or someone you know through Kith.
    pub person_id: ID,
    /// The kind of abuse or neglect (your best judgement).
    pub category: CategoryGql,
    /// What happened or what you noticed, in your own words (10 to 10000
    /// characters). Only the safeguarding leads and admins read it.
    pub what_happened: String,
    /// True when the person is in danger now: the safeguarding leads are
    /// emailed at once. If someone is in immediate danger, call 999 too.
    pub immediate_risk: bool,
}

/// Changes to a concern (its safeguarding leads and admins). Give at least
/// one; they apply in this order: triage, action, referral, decision,
/// close.
#[derive(InputObject)]
pub struct UpdateConcernInput {
    /// The concern.
    pub concern_id: ID,
    /// How serious it is; the first triage moves an OPEN concern to
    /// TRIAGED, later ones re-triage it.
    pub triage: Option<TriageGql>,
    /// An action taken, added to the timeline (3 to 4000 characters).
    pub action: Option<String>,
    /// Refer the concern to a statutory partner's safeguarding team (the
    /// council's adult social care, usually), once per concern. Needs
    /// `referralDetails`, and the person's consent (`referralConsentId`)
    /// or a `lawfulBasis` with `lawfulBasisReasoning`.
    pub refer_to_partner_group_id: Option<ID>,
    /// What the partner needs to know (10 to 8000 characters).
    pub referral_details: Option<String>,
    /// The person's current consent to share with that kind of partner.
    pub referral_consent_id: Option<ID>,
    /// Or the lawful basis for sharing without consent (usually
    /// SAFEGUARDING_DUTY or VITAL_INTERESTS) ...
    pub lawful_basis: Option<LawfulBasisGql>,
    /// ... and why it applies (at least 20 characters).
    pub lawful_basis_reasoning: Option<String>,
    /// The decision (3 to 1000 characters); needs a triage first, and
    /// `decisionReasoning`.
    pub decision: Option<String>,
    /// Why the decision was made (10 to 4000 characters); required with a
    /// decision.
    pub decision_reasoning: Option<String>,
    /// Close the concern (needs a decision). A closed concern cannot
    /// change.
    #[graphql(default)]
    pub close: bool,
}

fn concern_id(field: &'static str, id: &ID) -> async_graphql::Result<i64> {
    ids::decode(
        field,
        safeguarding::RECORD_TYPE,
        "That safeguarding concern",
        id,
    )
    .map_err(gql)
}

#[derive(Default)]
pub struct SafeguardingQuery;

#[Object]
impl SafeguardingQuery {
    /// One concern: `FORBIDDEN` when it exists but is not yours to see
    /// (only its raiser, the safeguarding leads of the person's groups and
    /// admins see a concern). Each look is in the audit trail.
    async fn safeguarding_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern.")] id: ID,
    ) -> async_graphql::Result<SafeguardingConcernNode> {
        let id = concern_id("id", &id)?;
        run(ctx, move |conn, actor, _, _| {
            safeguarding::get(conn, actor, id)
        })
        .await
        .map(SafeguardingConcernNode::new)
    }

    /// Safeguarding concerns you may see, newest first: for safeguarding
    /// leads, those about members of their groups; for admins, all; for
    /// everyone, the ones they raised.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn safeguarding_concerns(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only concerns in this state.")] status: Option<StatusGql>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last concern already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<SafeguardingConcernNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, _| {
            safeguarding::list(conn, actor, status.map(Into::into), first_n, after_c)
        })
        .await?;
        Ok(connection(page, has_prev, SafeguardingConcernNode::new))
    }
}

#[derive(Default)]
pub struct SafeguardingMutation;

#[Object]
impl SafeguardingMutation {
    /// Raise a safeguarding concern about yourself or someone you know
    /// through Kith. With `immediateRisk`, the safeguarding leads of the
    /// person's groups are emailed at once (a link, never the details).
    /// `NOT_FOUND` for a person you cannot see.
    async fn raise_safeguarding_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The concern.")] input: RaiseConcernInput,
    ) -> async_graphql::Result<SafeguardingConcernNode> {
        let new = NewConcern {
            person_id: ids::person("personId", &input.person_id).map_err(gql)?,
            category: input.category.into(),
            what_happened: input.what_happened,
            immediate_risk: input.immediate_risk,
        };
        run(ctx, move |conn, actor, st, now| {
            safeguarding::raise(conn, &st.config.public_url, actor, new, now)
        })
        .await
        .map(SafeguardingConcernNode::changed)
    }

    /// Triage a concern, record an action, refer it to a partner's
    /// safeguarding team, decide (with reasoning) or close it: the
    /// safeguarding leads of the person's groups and admins (`FORBIDDEN`
    /// for the raiser). `INVALID_TRANSITION` to decide before triage, close
    /// before a decision, refer twice, or change a closed concern;
    /// `CONSENT_REQUIRED` to refer without consent or a lawful basis.
    async fn update_safeguarding_concern(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateConcernInput,
    ) -> async_graphql::Result<SafeguardingConcernNode> {
        let concern_id = concern_id("concernId", &input.concern_id)?;
        let referral = match input.refer_to_partner_group_id {
            Some(partner) => Some(ConcernReferral {
                partner_group_id: ids::group("referToPartnerGroupId", &partner).map_err(gql)?,
                details: input.referral_details.ok_or_else(|| {
                    gql(AppError::validation(
                        "referralDetails",
                        "Say what the partner needs to know about the concern.",
                    ))
                })?,
                consent_id: input
                    .referral_consent_id
                    .as_ref()
                    .map(|c| ids::decode("referralConsentId", "Consent", "That consent", c))
                    .transpose()
                    .map_err(gql)?,
                lawful_basis: input.lawful_basis.map(Into::into),
                lawful_basis_reasoning: input.lawful_basis_reasoning.unwrap_or_default(),
            }),
            None if input.referral_details.is_some()
                || input.referral_consent_id.is_some()
                || input.lawful_basis.is_some()
                || input.lawful_basis_reasoning.is_some() =>
            {
                return Err(gql(AppError::validation(
                    "referToPartnerGroupId",
                    "Name the partner to refer the concern to.",
                )))
            }
            None => None,
        };
        let changes = ConcernChanges {
            concern_id,
            triage: input.triage.map(Into::into),
            action: input.action,
            referral,
            decision: input.decision,
            decision_reasoning: input.decision_reasoning,
            close: input.close,
        };
        run(ctx, move |conn, actor, st, now| {
            safeguarding::update(conn, &st.config.public_url, actor, changes, now)
        })
        .await
        .map(SafeguardingConcernNode::changed)
    }
}

/// Whether the actor may see a concern (for `node`).
pub fn visible(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    id: i64,
) -> crate::error::AppResult<Option<SafeguardingConcernNode>> {
    Ok(safeguarding::visible(conn, actor, id)?.map(SafeguardingConcernNode::new))
}

/// The per-request loaders of this area.
pub struct SafeguardingLoaders {
    pub reads: ReadsOnce,
    pub events: DataLoader<EventsLoader>,
}

impl SafeguardingLoaders {
    pub fn new(db: Db, actor: Actor) -> Self {
        SafeguardingLoaders {
            reads: ReadsOnce {
                loader: DataLoader::new(
                    ReadLoader {
                        db: db.clone(),
                        actor,
                    },
                    tokio::spawn,
                )
                .delay(super::loaders::BATCH_DELAY),
                cells: Default::default(),
            },
            events: DataLoader::new(EventsLoader(db), tokio::spawn)
                .delay(super::loaders::BATCH_DELAY),
        }
    }
}

/// Records each concern shown in a response in the audit trail exactly
/// once, however many of its fields are asked for and however they race;
/// concerns shown together are recorded in one transaction.
pub struct ReadsOnce {
    loader: DataLoader<ReadLoader>,
    cells: Mutex<HashMap<i64, Arc<tokio::sync::OnceCell<bool>>>>,
}

impl ReadsOnce {
    /// True once the read of this concern is recorded; false when the
    /// viewer may not see it.
    pub async fn load(&self, id: i64, now: NaiveDateTime) -> async_graphql::Result<bool> {
        let cell = self
            .cells
            .lock()
            .map_err(|_| gql(AppError::Internal))?
            .entry(id)
            .or_default()
            .clone();
        cell.get_or_try_init(|| async {
            self.loader
                .load_one((id, now))
                .await
                .map(|shown| shown.is_some())
                .map_err(LoadError::into_gql)
        })
        .await
        .copied()
    }
}

pub struct ReadLoader {
    db: Db,
    actor: Actor,
}

impl Loader<(i64, NaiveDateTime)> for ReadLoader {
    type Value = ();
    type Error = LoadError;

    async fn load(
        &self,
        keys: &[(i64, NaiveDateTime)],
    ) -> Result<HashMap<(i64, NaiveDateTime), ()>, LoadError> {
        let Some(viewer) = self.actor else {
            return Ok(HashMap::new());
        };
        let keys = keys.to_vec();
        let rows = self
            .db
            .run(move |conn| {
                let mut out = Vec::new();
                let mut times: Vec<NaiveDateTime> = keys.iter().map(|k| k.1).collect();
                times.sort();
                times.dedup();
                for now in times {
                    let ids: Vec<i64> = keys.iter().filter(|k| k.1 == now).map(|k| k.0).collect();
                    for id in safeguarding::record_reads(conn, &viewer, &ids, now)? {
                        out.push(((id, now), ()));
                    }
                }
                Ok(out)
            })
            .await?;
        Ok(rows.into_iter().collect())
    }
}

/// Each concern's timeline, by concern id.
pub struct EventsLoader(Db);

impl Loader<i64> for EventsLoader {
    type Value = Vec<ConcernEvent>;
    type Error = LoadError;

    async fn load(&self, keys: &[i64]) -> Result<HashMap<i64, Vec<ConcernEvent>>, LoadError> {
        let keys = keys.to_vec();
        let rows = self
            .0
            .run(move |conn| safeguarding::events_of(conn, &keys))
            .await?;
        Ok(rows.into_iter().collect())
    }
}
