//! Safeguarding concerns: anyone signed in may raise a concern that someone
//! they know through Kith (or they themselves) is being harmed or is at
//! risk of harm. The safeguarding leads of the person's groups triage it,
//! record what they did, may refer it to the council's safeguarding team,
//! decide and close it.
//!
//! A concern is OPEN when raised, TRIAGED once a lead has judged how
//! serious it is (it may be triaged again as things change), and CLOSED
//! after a decision with reasoning has been recorded. Actions and a
//! referral may be recorded while it is open or triaged; a decision needs a
//! triage, closing needs a decision, and a closed concern is final. Every
//! change is a `safeguarding_events` row.
//!
//! Who sees a concern: the person who raised it (what they raised and
//! where it stands, not the leads' case work), the active safeguarding
//! leads of the groups the person actively belongs to, and platform admins.
//! Never anyone else: not other volunteers, not coordinators (a coordinator
//! is not a lead), and not the person it is about unless they raised it.
//! Only leads and admins change a concern. A concern with an immediate
//! risk emails each lead at once, with a link and never the person's name
//! or what happened. Every read and change is in the audit trail.

use std::collections::{BTreeMap, HashMap, HashSet};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use crate::db::schema::{groups, memberships, people, safeguarding_concerns, safeguarding_events};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{access_to, signed_in, Actor, Viewer};
use crate::domain::groups::{text_enum, MemberRole, MembershipStatus};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::referrals::{self, LawfulBasis, NewReferral, ReferralReason, ReferralUrgency};
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// The record type and purpose named in audit events.
pub const RECORD_TYPE: &str = "SafeguardingConcern";
pub const PURPOSE: &str = "safeguarding";

/// Length limits, in characters.
pub const WHAT_HAPPENED_MIN: usize = 10;
pub const WHAT_HAPPENED_MAX: usize = 10_000;
pub const ACTION_MAX: usize = 4_000;
pub const DECISION_MAX: usize = 1_000;
pub const REASONING_MAX: usize = 4_000;

text_enum! {
    /// The kind of abuse or neglect, as the Care Act 2014 statutory
    /// guidance names them.
    Category {
        Physical => "PHYSICAL",
        Sexual => "SEXUAL",
        Psychological => "PSYCHOLOGICAL",
        Financial => "FINANCIAL",
        Neglect => "NEGLECT",
        SelfNeglect => "SELF_NEGLECT",
        Domestic => "DOMESTIC",
        Discriminatory => "DISCRIMINATORY",
        Organisational => "ORGANISATIONAL",
        ModernSlavery => "MODERN_SLAVERY",
    }
}

impl Category {
    /// Plain words, for emails.
    pub fn label(self) -> &'static str {
        match self {
            Category::Physical => "physical abuse",
            Category::Sexual => "sexual abuse",
            Category::Psychological => "psychological or emotional abuse",
            Category::Financial => "financial or material abuse",
            Category::Neglect => "neglect",
            Category::SelfNeglect => "self-neglect",
            Category::Domestic => "domestic abuse",
            Category::Discriminatory => "discriminatory abuse",
            Category::Organisational => "organisational abuse",
            Category::ModernSlavery => "modern slavery",
        }
    }
}

text_enum! {
    /// How serious a lead judges a concern to be, and so how fast to act.
    Triage {
        Low => "LOW",
        Medium => "MEDIUM",
        High => "HIGH",
        Critical => "CRITICAL",
    }
}

text_enum! {
    /// Where a concern stands.
    ConcernStatus {
        Open => "OPEN",
        Triaged => "TRIAGED",
        Closed => "CLOSED",
    }
}

text_enum! {
    /// What one timeline entry records.
    EventKind {
        Raised => "RAISED",
        Triaged => "TRIAGED",
        Action => "ACTION",
        Referred => "REFERRED",
        Decided => "DECIDED",
        Closed => "CLOSED",
    }
}

/// A concern as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = safeguarding_concerns)]
pub struct Concern {
    pub id: i64,
    pub person_id: i64,
    pub raised_by: i64,
    pub category: String,
    pub what_happened: String,
    pub immediate_risk: bool,
    pub status: String,
    pub triage: Option<String>,
    pub decision: Option<String>,
    pub decision_reasoning: String,
    pub referral_id: Option<i64>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Concern {
    pub fn category(&self) -> Category {
        Category::parse(&self.category).unwrap_or(Category::Neglect)
    }

    pub fn status(&self) -> ConcernStatus {
        ConcernStatus::parse(&self.status).unwrap_or(ConcernStatus::Open)
    }

    pub fn triage(&self) -> Option<Triage> {
        self.triage.as_deref().and_then(Triage::parse)
    }
}

/// One entry on a concern's timeline.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = safeguarding_events)]
pub struct ConcernEvent {
    pub id: i64,
    pub concern_id: i64,
    pub actor_id: i64,
    pub kind: String,
    pub note: String,
    pub at: NaiveDateTime,
}

impl ConcernEvent {
    pub fn kind(&self) -> EventKind {
        EventKind::parse(&self.kind).unwrap_or(EventKind::Action)
    }
}

/// The viewer's relation to one concern. The person a concern is about has
/// none of these unless they raised it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConcernAccess {
    /// The viewer raised it.
    pub raiser: bool,
    /// The viewer is an active safeguarding lead of a group the person
    /// actively belongs to (and is not the person).
    pub lead: bool,
    /// The viewer is a platform admin (and not the person).
    pub admin: bool,
}

impl ConcernAccess {
    /// May see the concern at all.
    pub fn can_see(&self) -> bool {
        self.raiser || self.lead || self.admin
    }

    /// May see and record the case work (triage, actions, referral,
    /// decision, timeline) and change the concern.
    pub fn can_manage(&self) -> bool {
        self.lead || self.admin
    }

    /// Why the viewer may see it, for the audit trail.
    fn role(&self) -> &'static str {
        if self.lead {
            "safeguarding lead"
        } else if self.admin {
            "admin"
        } else {
            "raiser"
        }
    }

    /// The fields a read shows this viewer, for the audit trail.
    fn fields(&self) -> &'static str {
        if self.can_manage() {
            "category,whatHappened,immediateRisk,status,raisedBy,triage,decision,decisionReasoning,referral,events"
        } else {
            "category,whatHappened,immediateRisk,status,raisedBy"
        }
    }
}

/// The concern's opaque global id as the API shows it, for links in emails.
pub fn global_id(id: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{RECORD_TYPE}:{id}"))
}

/// Where a lead opens a concern.
pub fn link(public_url: &str, id: i64) -> String {
    format!("{public_url}/safeguarding/{}", global_id(id))
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Concern>> {
    Ok(safeguarding_concerns::table
        .find(id)
        .select(Concern::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Concern>> {
    Ok(safeguarding_concerns::table
        .filter(safeguarding_concerns::id.eq_any(ids))
        .select(Concern::as_select())
        .load(conn)?)
}

/// Lock a concern row for the rest of the transaction (PostgreSQL; SQLite
/// writers already hold the database lock).
pub fn lock_concern(conn: &mut DbConn, id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        safeguarding_concerns::table
            .find(id)
            .select(safeguarding_concerns::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// The groups a person actively belongs to where `lead_id` is an active
/// safeguarding lead, as (person, group) pairs for each of `person_ids`,
/// in one query.
pub fn led_memberships(
    conn: &mut DbConn,
    lead_id: i64,
    person_ids: &[i64],
) -> AppResult<Vec<(i64, i64)>> {
    let (mine, theirs) = diesel::alias!(memberships as lead_m, memberships as member_m);
    Ok(mine
        .inner_join(
            theirs.on(theirs
                .field(memberships::group_id)
                .eq(mine.field(memberships::group_id))),
        )
        .filter(mine.field(memberships::person_id).eq(lead_id))
        .filter(
            mine.field(memberships::role)
                .eq(MemberRole::SafeguardingLead.as_str()),
        )
        .filter(
            mine.field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .filter(theirs.field(memberships::person_id).eq_any(person_ids))
        .filter(
            theirs
                .field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .order(theirs.field(memberships::group_id).asc())
        .select((
            theirs.field(memberships::person_id),
            theirs.field(memberships::group_id),
        ))
        .load(conn)?)
}

/// The viewer's relation to each concern, in one query whatever the count.
pub fn access(
    conn: &mut DbConn,
    viewer: &Viewer,
    concerns: &[Concern],
) -> AppResult<Vec<(i64, ConcernAccess)>> {
    let person_ids: Vec<i64> = concerns.iter().map(|c| c.person_id).collect();
    let led: HashSet<i64> = led_memberships(conn, viewer.person_id, &person_ids)?
        .into_iter()
        .map(|(person, _)| person)
        .collect();
    Ok(concerns
        .iter()
        .map(|c| {
            let subject = c.person_id == viewer.person_id;
            (
                c.id,
                ConcernAccess {
                    raiser: c.raised_by == viewer.person_id,
                    lead: !subject && led.contains(&c.person_id),
                    admin: !subject && viewer.is_admin,
                },
            )
        })
        .collect())
}

/// The viewer's relation to one concern.
pub fn access_one(
    conn: &mut DbConn,
    viewer: &Viewer,
    concern: &Concern,
) -> AppResult<ConcernAccess> {
    Ok(access(conn, viewer, std::slice::from_ref(concern))?
        .pop()
        .map(|(_, a)| a)
        .unwrap_or_default())
}

/// A concern the actor may see, with their relation to it, or `None`.
pub fn visible(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
) -> AppResult<Option<(Concern, ConcernAccess)>> {
    let Some(viewer) = actor else {
        return Ok(None);
    };
    let Some(concern) = find(conn, id)? else {
        return Ok(None);
    };
    let a = access_one(conn, viewer, &concern)?;
    Ok(a.can_see().then_some((concern, a)))
}

/// One concern for the actor: `NOT_FOUND` when there is none, `FORBIDDEN`
/// when it is not theirs to see.
pub fn get(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<(Concern, ConcernAccess)> {
    let viewer = signed_in(actor)?;
    let concern = find(conn, id)?.ok_or(AppError::NotFound("That safeguarding concern"))?;
    let a = access_one(conn, &viewer, &concern)?;
    if !a.can_see() {
        return Err(AppError::forbidden(
            "Only the person who raised a concern, the safeguarding leads of the person's groups and admins can see it.",
        ));
    }
    Ok((concern, a))
}

/// May the viewer raise a concern about this person? Themselves always;
/// otherwise anyone who can see the person (admins, coordinators of their
/// groups) or who actively belongs to a group the person actively belongs
/// to (the volunteers who visit, call and help them).
fn may_raise_about(conn: &mut DbConn, viewer: &Viewer, person_id: i64) -> AppResult<bool> {
    if viewer.person_id == person_id || access_to(conn, viewer, person_id)?.view {
        return Ok(true);
    }
    let (mine, theirs) = diesel::alias!(memberships as raiser_m, memberships as subject_m);
    let shared: i64 = mine
        .inner_join(
            theirs.on(theirs
                .field(memberships::group_id)
                .eq(mine.field(memberships::group_id))),
        )
        .filter(mine.field(memberships::person_id).eq(viewer.person_id))
        .filter(
            mine.field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .filter(theirs.field(memberships::person_id).eq(person_id))
        .filter(
            theirs
                .field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .count()
        .get_result(conn)?;
    Ok(shared > 0)
}

/// Input to [`raise`].
#[derive(Debug, Clone)]
pub struct NewConcern {
    pub person_id: i64,
    pub category: Category,
    pub what_happened: String,
    pub immediate_risk: bool,
}

/// A safeguarding lead to alert, and the groups they lead that the person
/// belongs to.
struct LeadToAlert {
    name: String,
    email: String,
    groups: Vec<String>,
}

/// The active safeguarding leads of every group the person actively
/// belongs to who can be emailed: with an address, not disabled or erased,
/// not asking not to be contacted, and neither the person nor `except`.
fn leads_to_alert(conn: &mut DbConn, person_id: i64, except: i64) -> AppResult<Vec<LeadToAlert>> {
    let person_groups: Vec<i64> = memberships::table
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .select(memberships::group_id)
        .load(conn)?;
    if person_groups.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(i64, String, Option<String>, String)> = memberships::table
        .inner_join(people::table)
        .inner_join(groups::table)
        .filter(memberships::group_id.eq_any(&person_groups))
        .filter(memberships::role.eq(MemberRole::SafeguardingLead.as_str()))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(people::id.ne(person_id))
        .filter(people::id.ne(except))
        .filter(people::disabled_at.is_null())
        .filter(people::erased_at.is_null())
        .filter(people::do_not_contact.eq(false))
        .filter(people::email.is_not_null())
        .order((people::id.asc(), groups::id.asc()))
        .select((
            people::id,
            people::display_name,
            people::email,
            groups::name,
        ))
        .load(conn)?;
    let mut by_lead: BTreeMap<i64, LeadToAlert> = BTreeMap::new();
    for (id, name, email, group) in rows {
        let Some(email) = email else { continue };
        by_lead
            .entry(id)
            .or_insert_with(|| LeadToAlert {
                name,
                email,
                groups: Vec::new(),
            })
            .groups
            .push(group);
    }
    Ok(by_lead.into_values().collect())
}

/// Join names as "A", "A and B", "A, B and C".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[derive(Insertable)]
#[diesel(table_name = safeguarding_events)]
struct NewEvent<'a> {
    concern_id: i64,
    actor_id: i64,
    kind: &'a str,
    note: &'a str,
    at: NaiveDateTime,
}

fn event(
    conn: &mut DbConn,
    concern_id: i64,
    actor_id: i64,
    kind: EventKind,
    note: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(safeguarding_events::table)
        .values(NewEvent {
            concern_id,
            actor_id,
            kind: kind.as_str(),
            note,
            at,
        })
        .execute(conn)?;
    Ok(())
}

fn audit_access(
    conn: &mut DbConn,
    viewer: &Viewer,
    concern: &Concern,
    action: &str,
    detail: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    audit::access(
        conn,
        &audit::Access {
            actor_id: Some(viewer.person_id),
            action,
            record_type: RECORD_TYPE,
            record_id: concern.id,
            person_id: concern.person_id,
            purpose: PURPOSE,
            detail,
            at,
        },
    )
}

/// Raise a concern (anyone signed in, about themselves or someone they
/// know through Kith). With an immediate risk, every safeguarding lead of
/// the person's groups is emailed at once.
pub fn raise(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    input: NewConcern,
    now: NaiveDateTime,
) -> AppResult<(Concern, ConcernAccess)> {
    let viewer = signed_in(actor)?;
    let what_happened = validate::text(
        "whatHappened",
        &input.what_happened,
        WHAT_HAPPENED_MIN,
        WHAT_HAPPENED_MAX,
    )?;
    write_tx(conn, |conn| {
        let person = crate::domain::people::find(conn, input.person_id)?
            .filter(|p| p.erased_at.is_none())
            .ok_or(AppError::NotFound("That person"))?;
        if !may_raise_about(conn, &viewer, person.id)? {
            return Err(AppError::NotFound("That person"));
        }
        let concern: Concern = diesel::insert_into(safeguarding_concerns::table)
            .values((
                safeguarding_concerns::person_id.eq(person.id),
                safeguarding_concerns::raised_by.eq(viewer.person_id),
                safeguarding_concerns::category.eq(input.category.as_str()),
                safeguarding_concerns::what_happened.eq(&what_happened),
                safeguarding_concerns::immediate_risk.eq(input.immediate_risk),
                safeguarding_concerns::status.eq(ConcernStatus::Open.as_str()),
                safeguarding_concerns::decision_reasoning.eq(""),
                safeguarding_concerns::created_at.eq(now),
                safeguarding_concerns::updated_at.eq(now),
            ))
            .returning(safeguarding_concerns::all_columns)
            .get_result(conn)?;
        let mut note = String::new();
        if input.immediate_risk {
            let leads = leads_to_alert(conn, person.id, viewer.person_id)?;
            let link = link(public_url, concern.id);
            for lead in &leads {
                outbox::enqueue(
                    conn,
                    public_url,
                    OutgoingMail {
                        kind: "safeguarding_immediate",
                        to: &lead.email,
                        context: json!({
                            "name": lead.name,
                            "category": input.category.label(),
                            "group": and_list(&lead.groups),
                            "link": link,
                        }),
                        attachment: None,
                    },
                    now,
                )?;
            }
            note = match leads.len() {
                0 => "Immediate risk: no safeguarding lead could be emailed.".to_string(),
                1 => "Immediate risk: 1 safeguarding lead emailed.".to_string(),
                n => format!("Immediate risk: {n} safeguarding leads emailed."),
            };
        }
        event(
            conn,
            concern.id,
            viewer.person_id,
            EventKind::Raised,
            &note,
            now,
        )?;
        audit_access(
            conn,
            &viewer,
            &concern,
            "CREATE",
            "category,whatHappened,immediateRisk",
            now,
        )?;
        let a = access_one(conn, &viewer, &concern)?;
        Ok((concern, a))
    })
}

/// A referral of a concern to a statutory partner's safeguarding team
/// (the council's adult social care, usually): under the person's consent
/// for that kind of partner, or a lawful basis with its reasoning.
#[derive(Debug, Clone)]
pub struct ConcernReferral {
    pub partner_group_id: i64,
    /// What the partner needs to know.
    pub details: String,
    pub consent_id: Option<i64>,
    pub lawful_basis: Option<LawfulBasis>,
    pub lawful_basis_reasoning: String,
}

/// Changes to a concern (its leads and admins). `None` leaves a part as
/// is; parts apply in this order: triage, action, referral, decision,
/// close.
#[derive(Debug, Clone, Default)]
pub struct ConcernChanges {
    pub concern_id: i64,
    pub triage: Option<Triage>,
    /// An action taken, added to the timeline.
    pub action: Option<String>,
    /// Refer the concern to a partner (once per concern).
    pub referral: Option<ConcernReferral>,
    pub decision: Option<String>,
    /// Why: required with a decision.
    pub decision_reasoning: Option<String>,
    pub close: bool,
}

/// How soon a partner should act on a referral, from the triage (or,
/// before triage, from whether the raiser saw an immediate risk).
fn referral_urgency(triage: Option<Triage>, immediate_risk: bool) -> ReferralUrgency {
    match triage {
        Some(Triage::Critical | Triage::High) => ReferralUrgency::Urgent,
        Some(Triage::Medium) => ReferralUrgency::Soon,
        Some(Triage::Low) => ReferralUrgency::Routine,
        None if immediate_risk => ReferralUrgency::Urgent,
        None => ReferralUrgency::Soon,
    }
}

/// Name a referral's input errors after this API's fields.
fn referral_error(err: AppError) -> AppError {
    match err {
        AppError::Validation { field, message } => AppError::Validation {
            field: match field {
                "details" => "referralDetails",
                "partnerGroupId" | "reason" => "referToPartnerGroupId",
                "consentId" => "referralConsentId",
                other => other,
            },
            message,
        },
        other => other,
    }
}

/// Triage, record an action, refer, decide or close a concern (its
/// safeguarding leads and admins). Each part is a timeline event; the
/// whole change is one audit event.
pub fn update(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    changes: ConcernChanges,
    now: NaiveDateTime,
) -> AppResult<(Concern, ConcernAccess)> {
    let viewer = signed_in(actor)?;
    let action = changes
        .action
        .as_deref()
        .map(|a| validate::text("action", a, 3, ACTION_MAX))
        .transpose()?;
    let decision = match (&changes.decision, &changes.decision_reasoning) {
        (Some(d), Some(r)) => Some((
            validate::text("decision", d, 3, DECISION_MAX)?,
            validate::text("decisionReasoning", r, 10, REASONING_MAX)?,
        )),
        (Some(_), None) => {
            return Err(AppError::validation(
                "decisionReasoning",
                "Give the reasoning for the decision.",
            ))
        }
        (None, Some(_)) => {
            return Err(AppError::validation(
                "decision",
                "Reasoning goes with a decision: give the decision too.",
            ))
        }
        (None, None) => None,
    };
    if changes.triage.is_none()
        && action.is_none()
        && changes.referral.is_none()
        && decision.is_none()
        && !changes.close
    {
        return Err(AppError::validation(
            "input",
            "Say what to change: a triage, an action, a referral, a decision or closing the concern.",
        ));
    }
    write_tx(conn, |conn| {
        lock_concern(conn, changes.concern_id)?;
        let concern = find(conn, changes.concern_id)?
            .ok_or(AppError::NotFound("That safeguarding concern"))?;
        let access = access_one(conn, &viewer, &concern)?;
        if !access.can_see() {
            return Err(AppError::forbidden(
                "Only the safeguarding leads of the person's groups and admins can update a concern.",
            ));
        }
        if !access.can_manage() {
            return Err(AppError::forbidden(
                "Only the safeguarding leads of the person's groups and admins can update a concern.",
            ));
        }
        let from = concern.status();
        if from == ConcernStatus::Closed {
            return Err(AppError::InvalidTransition(
                "This concern is closed, so it cannot be changed.".into(),
            ));
        }
        let mut status = from;
        let mut triage = concern.triage.clone();
        let mut decided = concern.decision.clone();
        let mut reasoning = concern.decision_reasoning.clone();
        let mut closed = (None, None);
        let mut detail: Vec<String> = Vec::new();
        if let Some(t) = changes.triage {
            let note = match concern.triage() {
                Some(before) if before != t => format!("{} (was {})", t.as_str(), before.as_str()),
                _ => t.as_str().to_string(),
            };
            event(
                conn,
                concern.id,
                viewer.person_id,
                EventKind::Triaged,
                &note,
                now,
            )?;
            detail.push(format!("triage {note}"));
            triage = Some(t.as_str().to_string());
            status = ConcernStatus::Triaged;
        }
        if let Some(a) = &action {
            event(
                conn,
                concern.id,
                viewer.person_id,
                EventKind::Action,
                a,
                now,
            )?;
            detail.push("action".into());
        }
        let mut referral_id = concern.referral_id;
        if let Some(r) = &changes.referral {
            if referral_id.is_some() {
                return Err(AppError::InvalidTransition(
                    "This concern has already been referred.".into(),
                ));
            }
            let referring_group_id = led_memberships(conn, viewer.person_id, &[concern.person_id])?
                .first()
                .map(|(_, group)| *group);
            let referral = referrals::create(
                conn,
                &viewer,
                NewReferral {
                    resident_id: concern.person_id,
                    partner_group_id: r.partner_group_id,
                    referring_group_id,
                    reason: ReferralReason::Safeguarding,
                    details: r.details.clone(),
                    urgency: referral_urgency(
                        triage.as_deref().and_then(Triage::parse),
                        concern.immediate_risk,
                    ),
                    consent_id: r.consent_id,
                    lawful_basis: r.lawful_basis,
                    lawful_basis_reasoning: r.lawful_basis_reasoning.clone(),
                    check_in_id: None,
                    draft: false,
                },
                public_url,
                now,
            )
            .map_err(referral_error)?;
            let partner = crate::domain::groups::find(conn, referral.partner_group_id)?
                .map(|g| g.name)
                .unwrap_or_default();
            let note = format!("Referred to {partner}.");
            event(
                conn,
                concern.id,
                viewer.person_id,
                EventKind::Referred,
                &note,
                now,
            )?;
            detail.push("referral".into());
            referral_id = Some(referral.id);
        }
        if let Some((d, r)) = &decision {
            if status != ConcernStatus::Triaged {
                return Err(AppError::InvalidTransition(
                    "Triage the concern before recording a decision.".into(),
                ));
            }
            let note = format!("{d}\nReasoning: {r}");
            event(
                conn,
                concern.id,
                viewer.person_id,
                EventKind::Decided,
                &note,
                now,
            )?;
            detail.push("decision,decisionReasoning".into());
            decided = Some(d.clone());
            reasoning = r.clone();
        }
        if changes.close {
            if decided.is_none() {
                return Err(AppError::InvalidTransition(
                    "Record a decision with its reasoning before closing the concern.".into(),
                ));
            }
            event(
                conn,
                concern.id,
                viewer.person_id,
                EventKind::Closed,
                "",
                now,
            )?;
            status = ConcernStatus::Closed;
            closed = (Some(now), Some(viewer.person_id));
        }
        if status != from {
            detail.push(format!("status {} -> {}", from.as_str(), status.as_str()));
        }
        let updated: Concern = diesel::update(safeguarding_concerns::table.find(concern.id))
            .set((
                safeguarding_concerns::status.eq(status.as_str()),
                safeguarding_concerns::triage.eq(&triage),
                safeguarding_concerns::decision.eq(&decided),
                safeguarding_concerns::decision_reasoning.eq(&reasoning),
                safeguarding_concerns::referral_id.eq(referral_id),
                safeguarding_concerns::closed_at.eq(closed.0),
                safeguarding_concerns::closed_by.eq(closed.1),
                safeguarding_concerns::updated_at.eq(now),
            ))
            .returning(safeguarding_concerns::all_columns)
            .get_result(conn)?;
        audit_access(conn, &viewer, &updated, "UPDATE", &detail.join("; "), now)?;
        Ok((updated, access))
    })
}

/// Record that the viewer was shown each of these concerns: one audit
/// event per concern they may see. Returns the ids recorded (and so
/// shown); the others are not the viewer's to see.
pub fn record_reads(
    conn: &mut DbConn,
    viewer: &Viewer,
    ids: &[i64],
    now: NaiveDateTime,
) -> AppResult<Vec<i64>> {
    write_tx(conn, |conn| {
        let concerns = find_many(conn, ids)?;
        let access: HashMap<i64, ConcernAccess> =
            access(conn, viewer, &concerns)?.into_iter().collect();
        let mut shown = Vec::new();
        for c in &concerns {
            let Some(a) = access.get(&c.id).filter(|a| a.can_see()) else {
                continue;
            };
            let detail = format!("{} (as {})", a.fields(), a.role());
            audit_access(conn, viewer, c, "READ", &detail, now)?;
            shown.push(c.id);
        }
        Ok(shown)
    })
}

/// Each concern's timeline, oldest first.
pub fn events_of(
    conn: &mut DbConn,
    concern_ids: &[i64],
) -> AppResult<Vec<(i64, Vec<ConcernEvent>)>> {
    let rows: Vec<ConcernEvent> = safeguarding_events::table
        .filter(safeguarding_events::concern_id.eq_any(concern_ids))
        .order((
            safeguarding_events::concern_id.asc(),
            safeguarding_events::id.asc(),
        ))
        .select(ConcernEvent::as_select())
        .load(conn)?;
    let mut out: BTreeMap<i64, Vec<ConcernEvent>> = BTreeMap::new();
    for e in rows {
        out.entry(e.concern_id).or_default().push(e);
    }
    Ok(out.into_iter().collect())
}

/// The concerns the viewer may see, newest first: admins all (but those
/// about themselves that others raised), safeguarding leads those about
/// the members of their groups, and everyone the ones they raised.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    status: Option<ConcernStatus>,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<(Concern, ConcernAccess)>> {
    let viewer = signed_in(actor)?;
    let me = viewer.person_id;
    let led_groups: Vec<i64> = memberships::table
        .filter(memberships::person_id.eq(me))
        .filter(memberships::role.eq(MemberRole::SafeguardingLead.as_str()))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .select(memberships::group_id)
        .load(conn)?;
    let base = || {
        let mut q = safeguarding_concerns::table.into_boxed();
        if viewer.is_admin {
            q = q.filter(
                safeguarding_concerns::raised_by
                    .eq(me)
                    .or(safeguarding_concerns::person_id.ne(me)),
            );
        } else {
            let members = memberships::table
                .filter(memberships::group_id.eq_any(led_groups.clone()))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .select(memberships::person_id);
            q = q.filter(
                safeguarding_concerns::raised_by
                    .eq(me)
                    .or(safeguarding_concerns::person_id
                        .ne(me)
                        .and(safeguarding_concerns::person_id.eq_any(members))),
            );
        }
        if let Some(s) = status {
            q = q.filter(safeguarding_concerns::status.eq(s.as_str()));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        q = q.filter(safeguarding_concerns::id.lt(c.id));
    }
    let rows: Vec<Concern> = q
        .order(safeguarding_concerns::id.desc())
        .limit(first + 1)
        .select(Concern::as_select())
        .load(conn)?;
    let access: HashMap<i64, ConcernAccess> = access(conn, &viewer, &rows)?.into_iter().collect();
    let rows = rows
        .into_iter()
        .map(|c| {
            let a = access.get(&c.id).copied().unwrap_or_default();
            (Cursor::at(c.created_at, c.id), (c, a))
        })
        .collect();
    Ok(page::finish(rows, first, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_naturally() {
        assert_eq!(and_list(&[]), "");
        assert_eq!(and_list(&["A".into()]), "A");
        assert_eq!(and_list(&["A".into(), "B".into()]), "A and B");
        assert_eq!(
            and_list(&["A".into(), "B".into(), "C".into()]),
            "A, B and C"
        );
    }

    #[test]
    fn global_id_matches_the_api() {
        assert_eq!(
            global_id(7),
            crate::graphql::ids::encode("SafeguardingConcern", 7).to_string()
        );
    }
}
