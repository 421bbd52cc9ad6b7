//! Data rights: the audit trail of a person's record, a copy of everything
//! Kith holds about the caller, and erasing a resident's personal data.
//!
//! The audit trail merges two append-only logs about one person: audit
//! events whose `person_id` names them (changes, exports, erasure, views of
//! the trail itself) and `sensitive_reads` of their contact details. Only
//! admins and the safeguarding leads of a group the person actively belongs
//! to may read it, and each look is itself recorded.
//!
//! Erasure keeps the person's row (the ledger, safeguarding records and the
//! audit trail point at it) and blanks what identifies them or describes
//! them; balances, statuses and timelines stay as they were.

use std::cmp::Ordering;

use chrono::{NaiveDateTime, SecondsFormat};
use diesel::prelude::*;
use serde_json::{json, Map, Value};

use crate::db::schema::{
    activity_bookings, audit_events, calendar_feeds, check_in_events, check_in_plans, check_ins,
    consents, emergency_contacts, groups, help_offers, help_requests, login_failures, memberships,
    outcome_surveys, password_resets, people, referral_events, referrals, refresh_tokens,
    resident_profiles, safeguarding_concerns, sensitive_reads, sessions, shift_signups, shifts,
    time_accounts, time_transfers, vettings, volunteer_profiles,
};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{signed_in, Actor, Viewer};
use crate::domain::checkins::{CheckIn, CheckInPlan};
use crate::domain::groups::{MemberRole, MembershipStatus};
use crate::domain::help::HelpRequest;
use crate::domain::ledger::{TimeAccount, TimeTransfer};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::people::{self as people_domain, Person};
use crate::domain::residents::{Consent, EmergencyContact, ResidentProfile};
use crate::domain::shifts::Signup;
use crate::domain::volunteers::{Vetting, VolunteerProfile};
use crate::domain::{accounts, audit, validate};
use crate::error::{AppError, AppResult};

/// The display name an erased person is left with.
pub const ERASED_NAME: &str = "Erased person";

/// Which log an audit-trail entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrailSource {
    /// An `audit_events` row.
    Event,
    /// A `sensitive_reads` row.
    Read,
}

impl TrailSource {
    /// Within one instant, events are listed before reads.
    fn rank(self) -> u8 {
        match self {
            TrailSource::Event => 1,
            TrailSource::Read => 0,
        }
    }

    fn tag(self) -> &'static str {
        match self {
            TrailSource::Event => "e",
            TrailSource::Read => "r",
        }
    }
}

/// One read or change of a person's data, from either log.
#[derive(Debug, Clone, PartialEq)]
pub struct TrailEntry {
    pub source: TrailSource,
    /// The row's id in its own log.
    pub id: i64,
    pub actor_id: Option<i64>,
    /// READ, CREATE, UPDATE, DELETE, EXPORT, ERASE...
    pub action: String,
    /// The kind of record: ResidentProfile, EmergencyContact, Consent...
    pub record_type: String,
    pub record_id: Option<i64>,
    /// Why the data was used.
    pub purpose: String,
    /// Which fields, never their values.
    pub detail: String,
    pub at: NaiveDateTime,
}

impl TrailEntry {
    fn cursor(&self) -> Cursor {
        Cursor::new(
            format!("{}|{}", page::format_time(self.at), self.source.tag()),
            self.id,
        )
    }

    /// Newest first; within one instant events before reads, then the
    /// latest row first.
    fn newest_first(a: &TrailEntry, b: &TrailEntry) -> Ordering {
        b.at.cmp(&a.at)
            .then(b.source.rank().cmp(&a.source.rank()))
            .then(b.id.cmp(&a.id))
    }
}

/// The record type sensitive reads are listed under: the resident's
/// contact details.
pub const READ_RECORD_TYPE: &str = "ResidentProfile";

/// Where a page of the trail resumes: after this instant, log and row.
fn trail_after(c: &Cursor) -> AppResult<(NaiveDateTime, TrailSource, i64)> {
    let (time, tag) = c.key.rsplit_once('|').ok_or_else(page::bad_cursor)?;
    let source = match tag {
        "e" => TrailSource::Event,
        "r" => TrailSource::Read,
        _ => return Err(page::bad_cursor()),
    };
    Ok((page::parse_time(time)?, source, c.id))
}

/// True when the viewer is an active safeguarding lead of a group the
/// person is an active member of. One query.
fn leads_a_group_of(conn: &mut DbConn, viewer_id: i64, person_id: i64) -> AppResult<bool> {
    let (lead, member) = diesel::alias!(memberships as lead, memberships as member);
    let n: i64 = lead
        .inner_join(
            member.on(member
                .field(memberships::group_id)
                .eq(lead.field(memberships::group_id))),
        )
        .filter(lead.field(memberships::person_id).eq(viewer_id))
        .filter(
            lead.field(memberships::role)
                .eq(MemberRole::SafeguardingLead.as_str()),
        )
        .filter(
            lead.field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .filter(member.field(memberships::person_id).eq(person_id))
        .filter(
            member
                .field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Why the viewer may read a person's audit trail, or `FORBIDDEN`.
fn trail_purpose(conn: &mut DbConn, viewer: &Viewer, person_id: i64) -> AppResult<&'static str> {
    if viewer.is_admin {
        return Ok("administration");
    }
    if leads_a_group_of(conn, viewer.person_id, person_id)? {
        return Ok("safeguarding oversight");
    }
    Err(AppError::forbidden(
        "Only administrators and the safeguarding leads of this person's groups can see their audit trail.",
    ))
}

type EventRow = (
    i64,
    Option<i64>,
    String,
    String,
    i64,
    String,
    String,
    NaiveDateTime,
);

fn event_entry(
    (id, actor_id, action, record_type, record_id, detail, purpose, at): EventRow,
) -> TrailEntry {
    TrailEntry {
        source: TrailSource::Event,
        id,
        actor_id,
        action,
        record_type,
        record_id: Some(record_id),
        purpose,
        detail,
        at,
    }
}

type ReadRow = (i64, i64, String, String, NaiveDateTime);

fn read_entry((id, reader_id, fields, reason, at): ReadRow) -> TrailEntry {
    TrailEntry {
        source: TrailSource::Read,
        id,
        actor_id: Some(reader_id),
        action: "READ".to_string(),
        record_type: READ_RECORD_TYPE.to_string(),
        record_id: None,
        purpose: reason,
        detail: fields,
        at,
    }
}

/// A page of everything read or changed about a person, newest first:
/// audit events about them merged with the reads of their details. After
/// the access check, a page costs two counts and one query per log, plus
/// recording the look.
pub fn audit_trail(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: i64,
    first: i64,
    after: Option<Cursor>,
    now: NaiveDateTime,
) -> AppResult<Page<TrailEntry>> {
    let viewer = signed_in(actor)?;
    let after = after.as_ref().map(trail_after).transpose()?;
    write_tx(conn, |conn| {
        let purpose = trail_purpose(conn, &viewer, person_id)?;
        if people_domain::find(conn, person_id)?.is_none() {
            return Err(AppError::NotFound("That person"));
        }
        let events_total: i64 = audit_events::table
            .filter(audit_events::person_id.eq(person_id))
            .count()
            .get_result(conn)?;
        let reads_total: i64 = sensitive_reads::table
            .filter(sensitive_reads::resident_id.eq(person_id))
            .count()
            .get_result(conn)?;

        let mut events = audit_events::table
            .filter(audit_events::person_id.eq(person_id))
            .into_boxed();
        let mut reads = sensitive_reads::table
            .filter(sensitive_reads::resident_id.eq(person_id))
            .into_boxed();
        match after {
            Some((t, TrailSource::Event, id)) => {
                events = events.filter(
                    audit_events::at
                        .lt(t)
                        .or(audit_events::at.eq(t).and(audit_events::id.lt(id))),
                );
                reads = reads.filter(sensitive_reads::at.le(t));
            }
            Some((t, TrailSource::Read, id)) => {
                events = events.filter(audit_events::at.lt(t));
                reads = reads.filter(
                    sensitive_reads::at
                        .lt(t)
                        .or(sensitive_reads::at.eq(t).and(sensitive_reads::id.lt(id))),
                );
            }
            None => {}
        }
        let event_rows: Vec<EventRow> = events
            .order((audit_events::at.desc(), audit_events::id.desc()))
            .limit(first + 1)
            .select((
                audit_events::id,
                audit_events::actor_id,
                audit_events::action,
                audit_events::subject_type,
                audit_events::subject_id,
                audit_events::detail,
                audit_events::purpose,
                audit_events::at,
            ))
            .load(conn)?;
        let read_rows: Vec<ReadRow> = reads
            .order((sensitive_reads::at.desc(), sensitive_reads::id.desc()))
            .limit(first + 1)
            .select((
                sensitive_reads::id,
                sensitive_reads::reader_id,
                sensitive_reads::fields,
                sensitive_reads::reason,
                sensitive_reads::at,
            ))
            .load(conn)?;
        let mut entries: Vec<TrailEntry> = event_rows
            .into_iter()
            .map(event_entry)
            .chain(read_rows.into_iter().map(read_entry))
            .collect();
        entries.sort_by(TrailEntry::newest_first);
        entries.truncate(first as usize + 1);
        let rows = entries.into_iter().map(|e| (e.cursor(), e)).collect();

        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "READ",
                record_type: "AuditTrail",
                record_id: person_id,
                person_id,
                purpose,
                detail: "",
                at: now,
            },
        )?;
        Ok(page::finish(rows, first, events_total + reads_total))
    })
}

fn time(t: NaiveDateTime) -> Value {
    Value::String(t.and_utc().to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn opt_time(t: Option<NaiveDateTime>) -> Value {
    t.map(time).unwrap_or(Value::Null)
}

/// Build a JSON object from (key, value) pairs. Keys come out in sorted
/// order, so the same data always gives the same document.
fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Map<String, Value>>(),
    )
}

fn person_json(p: &Person) -> Value {
    object([
        ("id", json!(p.id)),
        ("displayName", json!(p.display_name)),
        ("email", json!(p.email)),
        ("isAdmin", json!(p.is_admin)),
        ("contactChannel", json!(p.contact_channel)),
        ("language", json!(p.language)),
        ("accessibilityNeeds", json!(p.accessibility_needs)),
        ("doNotContact", json!(p.do_not_contact)),
        ("createdBy", json!(p.created_by)),
        ("createdAt", time(p.created_at)),
        ("updatedAt", time(p.updated_at)),
        ("disabledAt", opt_time(p.disabled_at)),
        ("erasedAt", opt_time(p.erased_at)),
    ])
}

fn resident_profile_json(p: &ResidentProfile) -> Value {
    object([
        ("area", json!(p.area)),
        ("latitude", json!(p.latitude)),
        ("longitude", json!(p.longitude)),
        ("address", json!(p.address)),
        ("phone", json!(p.phone)),
        ("whatMatters", json!(p.what_matters)),
        ("needs", json!(p.needs)),
        ("riskEnablement", json!(p.risk_enablement)),
        ("budgetPence", json!(p.budget_pence)),
        ("budgetIsDirectPayment", json!(p.budget_direct_payment)),
        ("updatedBy", json!(p.updated_by)),
        ("createdAt", time(p.created_at)),
        ("updatedAt", time(p.updated_at)),
    ])
}

fn contact_json(c: &EmergencyContact) -> Value {
    object([
        ("id", json!(c.id)),
        ("position", json!(c.position)),
        ("name", json!(c.name)),
        ("relationship", json!(c.relationship)),
        ("phone", json!(c.phone)),
        ("email", json!(c.email)),
        ("createdBy", json!(c.created_by)),
        ("createdAt", time(c.created_at)),
    ])
}

fn consent_json(c: &Consent) -> Value {
    object([
        ("id", json!(c.id)),
        ("purpose", json!(c.purpose)),
        ("given", json!(c.given)),
        ("note", json!(c.note)),
        ("recordedBy", json!(c.recorded_by)),
        ("recordedAt", time(c.recorded_at)),
    ])
}

fn volunteer_profile_json(v: &VolunteerProfile) -> Value {
    object([
        ("skills", json!(v.skills)),
        ("languages", json!(v.languages)),
        ("availability", json!(v.availability)),
        ("travelRadiusKm", json!(v.travel_radius_km)),
        ("latitude", json!(v.latitude)),
        ("longitude", json!(v.longitude)),
        ("updatedAt", time(v.updated_at)),
    ])
}

fn vetting_json(v: &Vetting) -> Value {
    object([
        ("id", json!(v.id)),
        ("level", json!(v.level)),
        ("reference", json!(v.reference)),
        ("issuedOn", json!(v.issued_on.to_string())),
        ("expiresOn", json!(v.expires_on.map(|d| d.to_string()))),
        ("verifiedBy", json!(v.verified_by)),
        ("groupId", json!(v.group_id)),
        ("recordedAt", time(v.recorded_at)),
    ])
}

/// A help request the caller is the resident of: everything about it.
fn help_as_resident_json(r: &HelpRequest) -> Value {
    object([
        ("id", json!(r.id)),
        ("groupId", json!(r.group_id)),
        ("requestedBy", json!(r.requested_by)),
        ("category", json!(r.category)),
        ("description", json!(r.description)),
        ("notes", json!(r.notes)),
        ("urgency", json!(r.urgency)),
        ("preferredTimes", json!(r.preferred_times)),
        ("status", json!(r.status)),
        ("assignedVolunteerId", json!(r.assigned_volunteer_id)),
        ("assignedAt", opt_time(r.assigned_at)),
        ("minutes", json!(r.minutes)),
        ("completionNotes", json!(r.completion_notes)),
        ("completedAt", opt_time(r.completed_at)),
        ("cancelReason", json!(r.cancel_reason)),
        ("cancelledAt", opt_time(r.cancelled_at)),
        ("createdAt", time(r.created_at)),
        ("updatedAt", time(r.updated_at)),
    ])
}

/// A help request the caller helped with: their part in it, without the
/// resident's own description, notes or details.
fn help_as_volunteer_json(r: &HelpRequest) -> Value {
    object([
        ("id", json!(r.id)),
        ("groupId", json!(r.group_id)),
        ("category", json!(r.category)),
        ("status", json!(r.status)),
        ("assignedAt", opt_time(r.assigned_at)),
        ("minutes", json!(r.minutes)),
        ("completionNotes", json!(r.completion_notes)),
        ("completedAt", opt_time(r.completed_at)),
    ])
}

fn plan_json(p: &CheckInPlan, me: i64) -> Value {
    let role = if p.resident_id == me {
        "resident"
    } else {
        "volunteer"
    };
    object([
        ("id", json!(p.id)),
        ("role", json!(role)),
        ("residentId", json!(p.resident_id)),
        ("groupId", json!(p.group_id)),
        ("volunteerId", json!(p.volunteer_id)),
        ("backupVolunteerId", json!(p.backup_volunteer_id)),
        ("recurrence", json!(p.recurrence)),
        ("firstDueAt", time(p.first_due_at)),
        ("channel", json!(p.channel)),
        ("graceMinutes", json!(p.grace_minutes)),
        ("riskLevel", json!(p.risk_level)),
        ("status", json!(p.status)),
        ("pausedUntil", json!(p.paused_until.map(|d| d.to_string()))),
        ("endedAt", opt_time(p.ended_at)),
        ("createdBy", json!(p.created_by)),
        ("createdAt", time(p.created_at)),
    ])
}

fn check_in_json(c: &CheckIn, me: i64) -> Value {
    let role = if c.resident_id == me {
        "resident"
    } else {
        "volunteer"
    };
    object([
        ("id", json!(c.id)),
        ("role", json!(role)),
        ("planId", json!(c.plan_id)),
        ("residentId", json!(c.resident_id)),
        ("volunteerId", json!(c.volunteer_id)),
        ("channel", json!(c.channel)),
        ("dueAt", time(c.due_at)),
        ("status", json!(c.status)),
        ("outcome", json!(c.outcome)),
        ("concerns", json!(c.concerns)),
        ("notes", json!(c.notes)),
        ("minutes", json!(c.minutes)),
        ("recordedBy", json!(c.recorded_by)),
        ("recordedAt", opt_time(c.recorded_at)),
        ("missedAt", opt_time(c.missed_at)),
        ("resolvedAt", opt_time(c.resolved_at)),
        ("resolutionNote", json!(c.resolution_note)),
    ])
}

fn account_json(a: &TimeAccount) -> Value {
    object([
        ("id", json!(a.id)),
        ("balanceMinutes", json!(a.balance_minutes)),
        ("givenMinutes", json!(a.given_minutes)),
        ("receivedMinutes", json!(a.received_minutes)),
        ("lowerLimitMinutes", json!(a.lower_limit_minutes)),
        ("createdAt", time(a.created_at)),
    ])
}

fn transfer_json(t: &TimeTransfer, account_id: i64) -> Value {
    let change = if t.to_account_id == account_id {
        t.minutes
    } else {
        -t.minutes
    };
    object([
        ("id", json!(t.id)),
        ("fromAccountId", json!(t.from_account_id)),
        ("toAccountId", json!(t.to_account_id)),
        ("minutes", json!(t.minutes)),
        ("changeMinutes", json!(change)),
        ("kind", json!(t.kind)),
        ("reason", json!(t.reason)),
        ("recordedBy", json!(t.recorded_by)),
        ("sourceKind", json!(t.source_kind)),
        ("sourceId", json!(t.source_id)),
        ("reversesTransferId", json!(t.reverses_transfer_id)),
        ("createdAt", time(t.created_at)),
    ])
}

type ReferralRow = (
    i64,
    i64,
    Option<i64>,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    String,
    String,
    String,
    (
        Option<NaiveDateTime>,
        Option<NaiveDateTime>,
        NaiveDateTime,
        NaiveDateTime,
    ),
);

type ReferralEventRow = (
    i64,
    i64,
    Option<i64>,
    Option<String>,
    String,
    String,
    NaiveDateTime,
);

type ConcernRow = (i64, i64, String, String, bool, NaiveDateTime);

type AccessRow = (
    i64,
    Option<i64>,
    Option<String>,
    String,
    String,
    i64,
    String,
    String,
    NaiveDateTime,
);

type ReadAccessRow = (i64, i64, String, String, String, NaiveDateTime);

/// Everything Kith holds about the signed-in caller, as a pretty JSON
/// document with keys in a stable (sorted) order. One statement per
/// section, whatever the number of rows; the export is itself audited.
pub fn export_my_data(conn: &mut DbConn, actor: &Actor, now: NaiveDateTime) -> AppResult<String> {
    let viewer = signed_in(actor)?;
    let me = viewer.person_id;
    write_tx(conn, |conn| {
        let person = people_domain::find(conn, me)?.ok_or(AppError::Unauthenticated)?;

        let profile: Option<ResidentProfile> = resident_profiles::table
            .find(me)
            .select(ResidentProfile::as_select())
            .first(conn)
            .optional()?;
        let contacts: Vec<EmergencyContact> = emergency_contacts::table
            .filter(emergency_contacts::resident_id.eq(me))
            .order(emergency_contacts::position.asc())
            .select(EmergencyContact::as_select())
            .load(conn)?;
        let consent_rows: Vec<Consent> = consents::table
            .filter(consents::resident_id.eq(me))
            .order(consents::id.asc())
            .select(Consent::as_select())
            .load(conn)?;

        let membership_rows: Vec<(i64, i64, String, String, String, NaiveDateTime)> =
            memberships::table
                .inner_join(groups::table)
                .filter(memberships::person_id.eq(me))
                .order(memberships::id.asc())
                .select((
                    memberships::id,
                    memberships::group_id,
                    groups::name,
                    memberships::role,
                    memberships::status,
                    memberships::created_at,
                ))
                .load(conn)?;

        let volunteer: Option<VolunteerProfile> = volunteer_profiles::table
            .find(me)
            .select(VolunteerProfile::as_select())
            .first(conn)
            .optional()?;
        let vetting_rows: Vec<Vetting> = vettings::table
            .filter(vettings::person_id.eq(me))
            .order(vettings::id.asc())
            .select(Vetting::as_select())
            .load(conn)?;

        let signup_rows: Vec<(Signup, String, NaiveDateTime, NaiveDateTime, i64)> =
            shift_signups::table
                .inner_join(shifts::table)
                .filter(shift_signups::volunteer_id.eq(me))
                .order(shift_signups::id.asc())
                .select((
                    Signup::as_select(),
                    shifts::title,
                    shifts::starts_at,
                    shifts::ends_at,
                    shifts::group_id,
                ))
                .load(conn)?;

        let booking_rows: Vec<(i64, i64, NaiveDateTime, String, NaiveDateTime)> =
            activity_bookings::table
                .filter(activity_bookings::person_id.eq(me))
                .order(activity_bookings::id.asc())
                .select((
                    activity_bookings::id,
                    activity_bookings::activity_id,
                    activity_bookings::occurrence_starts_at,
                    activity_bookings::status,
                    activity_bookings::created_at,
                ))
                .load(conn)?;

        let help_rows: Vec<HelpRequest> = help_requests::table
            .filter(
                help_requests::resident_id
                    .eq(me)
                    .or(help_requests::assigned_volunteer_id.eq(me)),
            )
            .order(help_requests::id.asc())
            .select(HelpRequest::as_select())
            .load(conn)?;
        let offer_rows: Vec<(i64, NaiveDateTime)> = help_offers::table
            .filter(help_offers::volunteer_id.eq(me))
            .order(help_offers::id.asc())
            .select((help_offers::help_request_id, help_offers::created_at))
            .load(conn)?;

        let plan_rows: Vec<CheckInPlan> = check_in_plans::table
            .filter(
                check_in_plans::resident_id
                    .eq(me)
                    .or(check_in_plans::volunteer_id.eq(me))
                    .or(check_in_plans::backup_volunteer_id.eq(me)),
            )
            .order(check_in_plans::id.asc())
            .select(CheckInPlan::as_select())
            .load(conn)?;
        let check_in_rows: Vec<CheckIn> = check_ins::table
            .filter(
                check_ins::resident_id
                    .eq(me)
                    .or(check_ins::volunteer_id.eq(me))
                    .or(check_ins::recorded_by.eq(me)),
            )
            .order((check_ins::due_at.asc(), check_ins::id.asc()))
            .select(CheckIn::as_select())
            .load(conn)?;

        let account: Option<TimeAccount> = time_accounts::table
            .filter(time_accounts::person_id.eq(me))
            .select(TimeAccount::as_select())
            .first(conn)
            .optional()?;
        let transfer_rows: Vec<TimeTransfer> = match &account {
            Some(a) => time_transfers::table
                .filter(
                    time_transfers::from_account_id
                        .eq(a.id)
                        .or(time_transfers::to_account_id.eq(a.id)),
                )
                .order(time_transfers::id.asc())
                .select(TimeTransfer::as_select())
                .load(conn)?,
            None => Vec::new(),
        };

        // Safeguarding referrals are withheld from the person they are
        // about, as they are in the app: telling them could put them at
        // risk (for example where the harm is at home).
        let referral_rows: Vec<ReferralRow> = referrals::table
            .filter(referrals::resident_id.eq(me))
            .filter(
                referrals::reason
                    .ne(crate::domain::referrals::ReferralReason::Safeguarding.as_str()),
            )
            .order(referrals::id.asc())
            .select((
                referrals::id,
                referrals::partner_group_id,
                referrals::referring_group_id,
                referrals::referrer_id,
                referrals::reason,
                referrals::details,
                referrals::urgency,
                referrals::consent_id,
                referrals::lawful_basis,
                referrals::lawful_basis_reasoning,
                referrals::status,
                referrals::outcome,
                (
                    referrals::sent_at,
                    referrals::acknowledged_at,
                    referrals::created_at,
                    referrals::updated_at,
                ),
            ))
            .load(conn)?;
        let referral_event_rows: Vec<ReferralEventRow> = referral_events::table
            .inner_join(referrals::table)
            .filter(referrals::resident_id.eq(me))
            .order(referral_events::id.asc())
            .select((
                referral_events::id,
                referral_events::referral_id,
                referral_events::actor_id,
                referral_events::from_status,
                referral_events::to_status,
                referral_events::note,
                referral_events::at,
            ))
            .load(conn)?;

        let concern_rows: Vec<ConcernRow> = safeguarding_concerns::table
            .filter(safeguarding_concerns::raised_by.eq(me))
            .order(safeguarding_concerns::id.asc())
            .select((
                safeguarding_concerns::id,
                safeguarding_concerns::person_id,
                safeguarding_concerns::category,
                safeguarding_concerns::what_happened,
                safeguarding_concerns::immediate_risk,
                safeguarding_concerns::created_at,
            ))
            .load(conn)?;

        // The outcome surveys answered by or for me.
        #[allow(clippy::type_complexity)]
        let survey_rows: Vec<(
            i64,
            i64,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            NaiveDateTime,
        )> = outcome_surveys::table
            .filter(outcome_surveys::resident_id.eq(me))
            .order(outcome_surveys::id.asc())
            .select((
                outcome_surveys::id,
                outcome_surveys::submitted_by,
                outcome_surveys::area,
                outcome_surveys::period,
                outcome_surveys::control,
                outcome_surveys::social_contact,
                outcome_surveys::safety,
                outcome_surveys::information,
                outcome_surveys::quality_of_life,
                outcome_surveys::submitted_at,
            ))
            .load(conn)?;

        let access_rows: Vec<AccessRow> = audit_events::table
            .left_join(people::table.on(people::id.nullable().eq(audit_events::actor_id)))
            .filter(audit_events::person_id.eq(me))
            .order((audit_events::at.asc(), audit_events::id.asc()))
            .select((
                audit_events::id,
                audit_events::actor_id,
                people::display_name.nullable(),
                audit_events::action,
                audit_events::subject_type,
                audit_events::subject_id,
                audit_events::purpose,
                audit_events::detail,
                audit_events::at,
            ))
            .load(conn)?;
        let read_rows: Vec<ReadAccessRow> = sensitive_reads::table
            .inner_join(people::table.on(people::id.eq(sensitive_reads::reader_id)))
            .filter(sensitive_reads::resident_id.eq(me))
            .order((sensitive_reads::at.asc(), sensitive_reads::id.asc()))
            .select((
                sensitive_reads::id,
                sensitive_reads::reader_id,
                people::display_name,
                sensitive_reads::fields,
                sensitive_reads::reason,
                sensitive_reads::at,
            ))
            .load(conn)?;

        let mut record_access: Vec<(NaiveDateTime, u8, i64, Value)> = access_rows
            .into_iter()
            .map(
                |(id, actor_id, name, action, record_type, record_id, purpose, detail, at)| {
                    (
                        at,
                        TrailSource::Event.rank(),
                        id,
                        object([
                            ("at", time(at)),
                            ("actorId", json!(actor_id)),
                            ("actorName", json!(actor_display_name(actor_id, name))),
                            ("action", json!(action)),
                            ("recordType", json!(record_type)),
                            ("recordId", json!(record_id)),
                            ("purpose", json!(purpose)),
                            ("detail", json!(detail)),
                        ]),
                    )
                },
            )
            .chain(
                read_rows
                    .into_iter()
                    .map(|(id, reader_id, name, fields, reason, at)| {
                        (
                            at,
                            TrailSource::Read.rank(),
                            id,
                            object([
                                ("at", time(at)),
                                ("actorId", json!(reader_id)),
                                ("actorName", json!(name)),
                                ("action", json!("READ")),
                                ("recordType", json!(READ_RECORD_TYPE)),
                                ("recordId", Value::Null),
                                ("purpose", json!(reason)),
                                ("detail", json!(fields)),
                            ]),
                        )
                    }),
            )
            .collect();
        // Oldest first; within one instant reads before events, the reverse
        // of the audit trail's newest-first order.
        record_access.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));

        let mut events_by_referral: std::collections::BTreeMap<i64, Vec<Value>> =
            std::collections::BTreeMap::new();
        for (id, referral_id, actor_id, from, to, note, at) in referral_event_rows {
            events_by_referral
                .entry(referral_id)
                .or_default()
                .push(object([
                    ("id", json!(id)),
                    ("actorId", json!(actor_id)),
                    ("fromStatus", json!(from)),
                    ("toStatus", json!(to)),
                    ("note", json!(note)),
                    ("at", time(at)),
                ]));
        }

        let document = object([
            ("exportedAt", time(now)),
            ("person", person_json(&person)),
            (
                "residentProfile",
                profile.as_ref().map_or(Value::Null, resident_profile_json),
            ),
            (
                "emergencyContacts",
                Value::Array(contacts.iter().map(contact_json).collect()),
            ),
            (
                "consents",
                Value::Array(consent_rows.iter().map(consent_json).collect()),
            ),
            (
                "memberships",
                Value::Array(
                    membership_rows
                        .into_iter()
                        .map(|(id, group_id, name, role, status, created_at)| {
                            object([
                                ("id", json!(id)),
                                ("groupId", json!(group_id)),
                                ("groupName", json!(name)),
                                ("role", json!(role)),
                                ("status", json!(status)),
                                ("createdAt", time(created_at)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "volunteerProfile",
                volunteer
                    .as_ref()
                    .map_or(Value::Null, volunteer_profile_json),
            ),
            (
                "vettings",
                Value::Array(vetting_rows.iter().map(vetting_json).collect()),
            ),
            (
                "shiftSignups",
                Value::Array(
                    signup_rows
                        .into_iter()
                        .map(|(s, title, starts_at, ends_at, group_id)| {
                            object([
                                ("id", json!(s.id)),
                                ("shiftId", json!(s.shift_id)),
                                ("shiftTitle", json!(title)),
                                ("groupId", json!(group_id)),
                                ("startsAt", time(starts_at)),
                                ("endsAt", time(ends_at)),
                                ("status", json!(s.status)),
                                ("attendedMinutes", json!(s.attended_minutes)),
                                ("createdAt", time(s.created_at)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "activityBookings",
                Value::Array(
                    booking_rows
                        .into_iter()
                        .map(|(id, activity_id, starts_at, status, created_at)| {
                            object([
                                ("id", json!(id)),
                                ("activityId", json!(activity_id)),
                                ("occurrenceStartsAt", time(starts_at)),
                                ("status", json!(status)),
                                ("createdAt", time(created_at)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "helpRequests",
                object([
                    (
                        "asResident",
                        Value::Array(
                            help_rows
                                .iter()
                                .filter(|r| r.resident_id == me)
                                .map(help_as_resident_json)
                                .collect(),
                        ),
                    ),
                    (
                        "asVolunteer",
                        Value::Array(
                            help_rows
                                .iter()
                                .filter(|r| r.assigned_volunteer_id == Some(me))
                                .map(help_as_volunteer_json)
                                .collect(),
                        ),
                    ),
                    (
                        "offers",
                        Value::Array(
                            offer_rows
                                .into_iter()
                                .map(|(request, at)| {
                                    object([
                                        ("helpRequestId", json!(request)),
                                        ("offeredAt", time(at)),
                                    ])
                                })
                                .collect(),
                        ),
                    ),
                ]),
            ),
            (
                "checkInPlans",
                Value::Array(plan_rows.iter().map(|p| plan_json(p, me)).collect()),
            ),
            (
                "checkIns",
                Value::Array(check_in_rows.iter().map(|c| check_in_json(c, me)).collect()),
            ),
            (
                "timeAccount",
                match &account {
                    Some(a) => {
                        let mut v = account_json(a);
                        v["transfers"] = Value::Array(
                            transfer_rows
                                .iter()
                                .map(|t| transfer_json(t, a.id))
                                .collect(),
                        );
                        v
                    }
                    None => Value::Null,
                },
            ),
            (
                "referrals",
                Value::Array(
                    referral_rows
                        .into_iter()
                        .map(
                            |(
                                id,
                                partner,
                                referring,
                                referrer,
                                reason,
                                details,
                                urgency,
                                consent_id,
                                lawful_basis,
                                reasoning,
                                status,
                                outcome,
                                (sent_at, acknowledged_at, created_at, updated_at),
                            )| {
                                object([
                                    ("id", json!(id)),
                                    ("partnerGroupId", json!(partner)),
                                    ("referringGroupId", json!(referring)),
                                    ("referrerId", json!(referrer)),
                                    ("reason", json!(reason)),
                                    ("details", json!(details)),
                                    ("urgency", json!(urgency)),
                                    ("consentId", json!(consent_id)),
                                    ("lawfulBasis", json!(lawful_basis)),
                                    ("lawfulBasisReasoning", json!(reasoning)),
                                    ("status", json!(status)),
                                    ("outcome", json!(outcome)),
                                    ("sentAt", opt_time(sent_at)),
                                    ("acknowledgedAt", opt_time(acknowledged_at)),
                                    ("createdAt", time(created_at)),
                                    ("updatedAt", time(updated_at)),
                                    (
                                        "events",
                                        Value::Array(
                                            events_by_referral.remove(&id).unwrap_or_default(),
                                        ),
                                    ),
                                ])
                            },
                        )
                        .collect(),
                ),
            ),
            (
                "safeguardingConcernsRaised",
                Value::Array(
                    concern_rows
                        .into_iter()
                        .map(|(id, about, category, what, immediate, at)| {
                            object([
                                ("id", json!(id)),
                                ("aboutPersonId", json!(about)),
                                ("category", json!(category)),
                                ("whatHappened", json!(what)),
                                ("immediateRisk", json!(immediate)),
                                ("raisedAt", time(at)),
                            ])
                        })
                        .collect(),
                ),
            ),
            (
                "outcomeSurveys",
                Value::Array(
                    survey_rows
                        .into_iter()
                        .map(
                            |(id, by, area, period, control, social, safety, info, quality, at)| {
                                object([
                                    ("id", json!(id)),
                                    ("submittedBy", json!(by)),
                                    ("area", json!(area)),
                                    ("period", json!(period)),
                                    ("controlOverDailyLife", json!(control)),
                                    ("socialContact", json!(social)),
                                    ("feelingSafe", json!(safety)),
                                    ("findingInformation", json!(info)),
                                    ("qualityOfLife", json!(quality)),
                                    ("submittedAt", time(at)),
                                ])
                            },
                        )
                        .collect(),
                ),
            ),
            (
                "recordAccess",
                Value::Array(record_access.into_iter().map(|(_, _, _, v)| v).collect()),
            ),
        ]);
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(me),
                action: "EXPORT",
                record_type: "Person",
                record_id: me,
                person_id: me,
                purpose: "the person's own request for their data",
                detail: "",
                at: now,
            },
        )?;
        serde_json::to_string_pretty(&document)
            .map_err(|e| AppError::internal("writing a data export", e))
    })
}

/// The name shown for whoever did something: their display name, or Kith
/// itself for automatic work.
pub fn actor_display_name(actor_id: Option<i64>, name: Option<String>) -> String {
    match (actor_id, name) {
        (_, Some(name)) => name,
        (None, None) => "Kith (automatic)".to_string(),
        (Some(_), None) => "Unknown person".to_string(),
    }
}

/// What erasure blanks, for the audit event's detail.
const ERASED_DETAIL: &str = "people,resident_profiles,emergency_contacts,consents,help_requests,check_ins,check_in_events,referrals,volunteer_profiles,calendar_feeds,sessions";

/// Erase a person's personal data (admins), keeping the records others rely
/// on: the ledger, safeguarding concerns, audit events and reads, and
/// referral statuses and timelines. One transaction; a person already
/// erased is `INVALID_TRANSITION`. Their sessions and refresh tokens end,
/// and with no email or password left they cannot sign in again.
pub fn erase_person(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let viewer = signed_in(actor)?;
    crate::domain::authz::require_admin(&viewer)?;
    let reason = validate::text("reason", reason, 3, 500)?;
    if viewer.person_id == person_id {
        return Err(AppError::validation(
            "residentId",
            "You cannot erase your own account.",
        ));
    }
    write_tx(conn, |conn| {
        crate::domain::shifts::lock_person(conn, person_id)?;
        let person =
            people_domain::find(conn, person_id)?.ok_or(AppError::NotFound("That person"))?;
        if person.erased_at.is_some() {
            return Err(AppError::InvalidTransition(
                "This person's data has already been erased.".to_string(),
            ));
        }

        diesel::update(people::table.find(person_id))
            .set((
                people::display_name.eq(ERASED_NAME),
                people::email.eq(None::<String>),
                people::password_hash.eq(None::<String>),
                people::disabled_at.eq(person.disabled_at.unwrap_or(now)),
                people::erased_at.eq(now),
                people::language.eq(""),
                people::accessibility_needs.eq(""),
                people::do_not_contact.eq(true),
                people::updated_at.eq(now),
            ))
            .execute(conn)?;

        diesel::update(resident_profiles::table.find(person_id))
            .set((
                resident_profiles::address.eq(""),
                resident_profiles::phone.eq(""),
                resident_profiles::what_matters.eq(""),
                resident_profiles::needs.eq(""),
                resident_profiles::risk_enablement.eq(""),
                resident_profiles::latitude.eq(None::<f64>),
                resident_profiles::longitude.eq(None::<f64>),
                resident_profiles::budget_pence.eq(None::<i32>),
                resident_profiles::budget_direct_payment.eq(false),
                resident_profiles::updated_by.eq(viewer.person_id),
                resident_profiles::updated_at.eq(now),
            ))
            .execute(conn)?;

        diesel::update(
            emergency_contacts::table.filter(emergency_contacts::resident_id.eq(person_id)),
        )
        .set((
            emergency_contacts::name.eq(""),
            emergency_contacts::relationship.eq(""),
            emergency_contacts::phone.eq(""),
            emergency_contacts::email.eq(None::<String>),
        ))
        .execute(conn)?;

        diesel::update(consents::table.filter(consents::resident_id.eq(person_id)))
            .set(consents::note.eq(""))
            .execute(conn)?;

        diesel::update(help_requests::table.filter(help_requests::resident_id.eq(person_id)))
            .set((
                help_requests::description.eq(""),
                help_requests::notes.eq(""),
            ))
            .execute(conn)?;
        diesel::update(
            help_requests::table
                .filter(help_requests::resident_id.eq(person_id))
                .filter(help_requests::completion_notes.is_not_null()),
        )
        .set(help_requests::completion_notes.eq(""))
        .execute(conn)?;
        diesel::update(
            help_requests::table
                .filter(help_requests::resident_id.eq(person_id))
                .filter(help_requests::cancel_reason.is_not_null()),
        )
        .set(help_requests::cancel_reason.eq(""))
        .execute(conn)?;

        diesel::update(check_ins::table.filter(check_ins::resident_id.eq(person_id)))
            .set(check_ins::notes.eq(""))
            .execute(conn)?;
        diesel::update(
            check_ins::table
                .filter(check_ins::resident_id.eq(person_id))
                .filter(check_ins::resolution_note.is_not_null()),
        )
        .set(check_ins::resolution_note.eq(""))
        .execute(conn)?;
        // Escalation records name the emergency contacts who were told.
        diesel::update(
            check_in_events::table
                .filter(
                    check_in_events::check_in_id.eq_any(
                        check_ins::table
                            .filter(check_ins::resident_id.eq(person_id))
                            .select(check_ins::id),
                    ),
                )
                .filter(check_in_events::recipient.like("contact:%")),
        )
        .set((
            check_in_events::recipient_name.eq(""),
            check_in_events::detail.eq(""),
        ))
        .execute(conn)?;

        // No more calls or visits: plans end, future check-ins are
        // withdrawn, escalations stop, and requests for help still open
        // are cancelled (by the admin who erased the person).
        use crate::domain::checkins::{CheckInStatus, PlanStatus};
        use crate::domain::help::HelpStatus;
        diesel::update(
            check_in_plans::table
                .filter(check_in_plans::resident_id.eq(person_id))
                .filter(check_in_plans::status.ne(PlanStatus::Ended.as_str())),
        )
        .set((
            check_in_plans::status.eq(PlanStatus::Ended.as_str()),
            check_in_plans::ended_at.eq(Some(now)),
            check_in_plans::updated_at.eq(now),
        ))
        .execute(conn)?;
        diesel::update(
            check_ins::table
                .filter(check_ins::resident_id.eq(person_id))
                .filter(check_ins::status.eq(CheckInStatus::Scheduled.as_str())),
        )
        .set(check_ins::status.eq(CheckInStatus::Cancelled.as_str()))
        .execute(conn)?;
        diesel::update(
            check_ins::table
                .filter(check_ins::resident_id.eq(person_id))
                .filter(check_ins::status.eq(CheckInStatus::Missed.as_str()))
                .filter(check_ins::resolved_at.is_null()),
        )
        .set((
            check_ins::resolved_at.eq(Some(now)),
            check_ins::resolved_by.eq(Some(viewer.person_id)),
            check_ins::resolution_note.eq(Some("")),
            check_ins::next_step_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
        diesel::update(
            help_requests::table
                .filter(help_requests::resident_id.eq(person_id))
                .filter(
                    help_requests::status
                        .eq_any([HelpStatus::Open.as_str(), HelpStatus::Assigned.as_str()]),
                ),
        )
        .set((
            help_requests::status.eq(HelpStatus::Cancelled.as_str()),
            help_requests::cancel_reason.eq(Some("")),
            help_requests::cancelled_by.eq(Some(viewer.person_id)),
            help_requests::cancelled_at.eq(Some(now)),
            help_requests::updated_at.eq(now),
        ))
        .execute(conn)?;

        diesel::update(referrals::table.filter(referrals::resident_id.eq(person_id)))
            .set(referrals::details.eq(""))
            .execute(conn)?;

        diesel::update(volunteer_profiles::table.find(person_id))
            .set((
                volunteer_profiles::latitude.eq(None::<f64>),
                volunteer_profiles::longitude.eq(None::<f64>),
            ))
            .execute(conn)?;
        diesel::delete(calendar_feeds::table.find(person_id)).execute(conn)?;

        // No way back in: every session ends, every refresh token expires,
        // and any password-reset link stops working.
        accounts::revoke_all_sessions(conn, person_id, "erased", now)?;
        diesel::update(
            refresh_tokens::table
                .filter(
                    refresh_tokens::session_id.eq_any(
                        sessions::table
                            .filter(sessions::person_id.eq(person_id))
                            .select(sessions::id),
                    ),
                )
                .filter(refresh_tokens::expires_at.gt(now)),
        )
        .set(refresh_tokens::expires_at.eq(now))
        .execute(conn)?;
        diesel::update(
            password_resets::table
                .filter(password_resets::person_id.eq(person_id))
                .filter(password_resets::used_at.is_null()),
        )
        .set(password_resets::used_at.eq(now))
        .execute(conn)?;
        if let Some(email) = &person.email {
            diesel::delete(login_failures::table.filter(login_failures::email.eq(email)))
                .execute(conn)?;
        }

        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "ERASE",
                record_type: "Person",
                record_id: person_id,
                person_id,
                purpose: &reason,
                detail: ERASED_DETAIL,
                at: now,
            },
        )?;
        Ok(())
    })
}
