//! Referrals to statutory partners (council, NHS, housing, fire and rescue),
//! carried through to an outcome: DRAFT → SENT → ACKNOWLEDGED → ACCEPTED |
//! DECLINED | REDIRECTED, ACCEPTED → IN_PROGRESS → CLOSED. Every move is a
//! `referral_events` row, shown as a timeline to everyone involved.
//!
//! A referral shares personal data, so it needs the resident's current
//! consent for that kind of partner, or a recorded lawful basis for sharing
//! without it. Emails to a partner's inbox carry no personal details, only a
//! link. Every read and change is in the audit trail.

mod access;
mod lifecycle;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{referral_events, referrals};
use crate::domain::groups::{text_enum, GroupKind};

pub use access::{can_view, find_visible, get, list, partner_role, timelines, visible_ids};
pub use lifecycle::{
    acknowledgements_overdue, create, update_partner_profile, update_status, working_days_after,
    PartnerProfile,
};

text_enum! {
    /// Why a resident is being referred.
    ReferralReason {
        CareAssessment => "CARE_ASSESSMENT",
        Health => "HEALTH",
        MentalHealth => "MENTAL_HEALTH",
        Housing => "HOUSING",
        HomeSafety => "HOME_SAFETY",
        Financial => "FINANCIAL",
        CarerSupport => "CARER_SUPPORT",
        Safeguarding => "SAFEGUARDING",
        Other => "OTHER",
    }
}

impl ReferralReason {
    /// Plain words for emails and timelines.
    pub fn label(self) -> &'static str {
        match self {
            ReferralReason::CareAssessment => "a care assessment",
            ReferralReason::Health => "health",
            ReferralReason::MentalHealth => "mental health",
            ReferralReason::Housing => "housing",
            ReferralReason::HomeSafety => "safety at home",
            ReferralReason::Financial => "money",
            ReferralReason::CarerSupport => "support for a carer",
            ReferralReason::Safeguarding => "safeguarding",
            ReferralReason::Other => "other support",
        }
    }
}

text_enum! {
    /// How soon the partner should act.
    ReferralUrgency {
        Routine => "ROUTINE",
        Soon => "SOON",
        Urgent => "URGENT",
    }
}

text_enum! {
    /// A lawful basis for sharing without the resident's consent (UK GDPR
    /// article 6 and 9; the Care Act 2014 section 42 duty).
    LawfulBasis {
        VitalInterests => "VITAL_INTERESTS",
        SafeguardingDuty => "SAFEGUARDING_DUTY",
        LegalObligation => "LEGAL_OBLIGATION",
        PublicTask => "PUBLIC_TASK",
    }
}

text_enum! {
    /// Where a referral stands.
    ReferralStatus {
        Draft => "DRAFT",
        Sent => "SENT",
        Acknowledged => "ACKNOWLEDGED",
        Accepted => "ACCEPTED",
        Declined => "DECLINED",
        Redirected => "REDIRECTED",
        InProgress => "IN_PROGRESS",
        Closed => "CLOSED",
    }
}

/// Which side of a referral may make a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The referrer and the referring group's coordinators.
    Referrer,
    /// The partner's staff.
    Partner,
}

impl ReferralStatus {
    /// Plain words for emails.
    pub fn label(self) -> &'static str {
        match self {
            ReferralStatus::Draft => "a draft",
            ReferralStatus::Sent => "sent",
            ReferralStatus::Acknowledged => "acknowledged",
            ReferralStatus::Accepted => "accepted",
            ReferralStatus::Declined => "declined",
            ReferralStatus::Redirected => "passed to another service",
            ReferralStatus::InProgress => "in progress",
            ReferralStatus::Closed => "closed",
        }
    }

    /// The moves allowed from here, and who makes each. Any other move is
    /// an invalid transition.
    pub fn next(self) -> &'static [(ReferralStatus, Side)] {
        use ReferralStatus::*;
        match self {
            Draft => &[(Sent, Side::Referrer)],
            Sent => &[(Acknowledged, Side::Partner)],
            Acknowledged => &[
                (Accepted, Side::Partner),
                (Declined, Side::Partner),
                (Redirected, Side::Partner),
            ],
            Accepted => &[(InProgress, Side::Partner)],
            InProgress => &[(Closed, Side::Partner)],
            Declined | Redirected | Closed => &[],
        }
    }
}

/// The consent purpose that covers referrals to a kind of partner, as
/// recorded with `recordConsent` (for example "share with nhs" or "share
/// with council adult social care").
pub fn consent_purpose(kind: GroupKind) -> String {
    format!(
        "share with {}",
        kind.as_str().to_lowercase().replace('_', " ")
    )
}

/// A referral as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = referrals)]
pub struct Referral {
    pub id: i64,
    pub resident_id: i64,
    pub partner_group_id: i64,
    pub referring_group_id: Option<i64>,
    pub referrer_id: i64,
    pub check_in_id: Option<i64>,
    pub redirected_from_id: Option<i64>,
    pub reason: String,
    pub details: String,
    pub urgency: String,
    pub consent_id: Option<i64>,
    pub lawful_basis: Option<String>,
    pub lawful_basis_reasoning: String,
    pub status: String,
    pub outcome: String,
    pub sent_at: Option<NaiveDateTime>,
    pub acknowledge_by: Option<NaiveDateTime>,
    pub acknowledged_at: Option<NaiveDateTime>,
    pub overdue_notified_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Referral {
    pub fn status(&self) -> ReferralStatus {
        ReferralStatus::parse(&self.status).unwrap_or(ReferralStatus::Draft)
    }

    pub fn reason(&self) -> ReferralReason {
        ReferralReason::parse(&self.reason).unwrap_or(ReferralReason::Other)
    }

    pub fn urgency(&self) -> ReferralUrgency {
        ReferralUrgency::parse(&self.urgency).unwrap_or(ReferralUrgency::Routine)
    }

    pub fn lawful_basis(&self) -> Option<LawfulBasis> {
        self.lawful_basis.as_deref().and_then(LawfulBasis::parse)
    }

    /// Sent, not yet acknowledged, and past the partner's agreed time.
    pub fn acknowledgement_overdue(&self, now: NaiveDateTime) -> bool {
        self.status() == ReferralStatus::Sent && self.acknowledge_by.is_some_and(|by| by <= now)
    }
}

/// One move on a referral's timeline.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = referral_events)]
pub struct ReferralEvent {
    pub id: i64,
    pub referral_id: i64,
    pub actor_id: Option<i64>,
    pub from_status: Option<String>,
    pub to_status: String,
    pub note: String,
    pub at: NaiveDateTime,
}

/// What a new referral says.
#[derive(Debug, Clone)]
pub struct NewReferral {
    pub resident_id: i64,
    pub partner_group_id: i64,
    /// The group making the referral (default: the check-in's group).
    pub referring_group_id: Option<i64>,
    pub reason: ReferralReason,
    pub details: String,
    pub urgency: ReferralUrgency,
    /// The resident's consent record for this kind of partner.
    pub consent_id: Option<i64>,
    /// Or a lawful basis for sharing without consent, with reasoning.
    pub lawful_basis: Option<LawfulBasis>,
    pub lawful_basis_reasoning: String,
    /// The check-in whose concern led to this referral.
    pub check_in_id: Option<i64>,
    /// Keep as a draft instead of sending now.
    pub draft: bool,
}
