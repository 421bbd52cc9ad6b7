//! Making a referral, moving it along, the partner's profile, and the
//! acknowledgement reminders.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use diesel::prelude::*;
use serde_json::json;

use super::access::{can_view, side};
use super::{
    consent_purpose, LawfulBasis, NewReferral, Referral, ReferralReason, ReferralStatus, Side,
};
use crate::db::schema::groups as group_rows;
use crate::db::schema::{consents, referral_events, referrals};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{signed_in, Actor, Viewer};
use crate::domain::groups::{self, Group, MemberRole};
use crate::domain::{audit, checkins, people, validate};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// The shortest reasoning accepted for sharing without consent.
const MIN_REASONING: usize = 20;

/// The end (London midnight) of the `days`-th working day (Monday to
/// Friday) after the London date of `from`.
pub fn working_days_after(from: NaiveDateTime, days: i32) -> NaiveDateTime {
    let mut day: NaiveDate = crate::domain::time::london_date(from);
    let mut left = days.max(0);
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    checkins::london_midnight(day + Duration::days(1))
}

fn event(
    conn: &mut DbConn,
    referral_id: i64,
    actor: Option<i64>,
    from: Option<ReferralStatus>,
    to: ReferralStatus,
    note: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(referral_events::table)
        .values((
            referral_events::referral_id.eq(referral_id),
            referral_events::actor_id.eq(actor),
            referral_events::from_status.eq(from.map(|s| s.as_str())),
            referral_events::to_status.eq(to.as_str()),
            referral_events::note.eq(note),
            referral_events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

fn audit_change(
    conn: &mut DbConn,
    viewer: &Viewer,
    r: &Referral,
    action: &str,
    detail: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    audit::access(
        conn,
        &audit::Access {
            actor_id: Some(viewer.person_id),
            action,
            record_type: "Referral",
            record_id: r.id,
            person_id: r.resident_id,
            purpose: "referral",
            detail,
            at,
        },
    )
}

/// Check that the referral may be shared with this partner: the resident's
/// current consent for the partner's kind, or a lawful basis with reasoning.
fn check_basis(
    conn: &mut DbConn,
    resident_id: i64,
    partner: &Group,
    consent_id: Option<i64>,
    lawful_basis: Option<LawfulBasis>,
    reasoning: &str,
) -> AppResult<()> {
    if let Some(basis) = lawful_basis {
        if reasoning.trim().chars().count() < MIN_REASONING {
            return Err(AppError::validation(
                "lawfulBasisReasoning",
                format!(
                    "Say why sharing without consent is justified ({} is not enough on its own).",
                    basis.as_str()
                ),
            ));
        }
        return Ok(());
    }
    let purpose = consent_purpose(partner.kind());
    let Some(consent_id) = consent_id else {
        return Err(AppError::ConsentRequired(format!(
            "A referral needs the resident's consent (\"{purpose}\") or a lawful basis for sharing without it."
        )));
    };
    // The consent must be the resident's, for this kind of partner, given,
    // and still the latest word on that purpose (not withdrawn since).
    if current_consent(conn, resident_id, &purpose)? == Some(consent_id) {
        Ok(())
    } else {
        Err(AppError::ConsentRequired(format!(
            "That is not the resident's current consent to \"{purpose}\"."
        )))
    }
}

/// The resident's latest consent record for a purpose, if it gives consent.
fn current_consent(conn: &mut DbConn, resident_id: i64, purpose: &str) -> AppResult<Option<i64>> {
    let latest: Option<(i64, bool)> = consents::table
        .filter(consents::resident_id.eq(resident_id))
        .filter(consents::purpose.eq(purpose))
        .order(consents::id.desc())
        .select((consents::id, consents::given))
        .first(conn)
        .optional()?;
    Ok(latest.and_then(|(id, given)| given.then_some(id)))
}

fn partner_group(conn: &mut DbConn, id: i64, field: &'static str) -> AppResult<Group> {
    let g = groups::find(conn, id)?.ok_or(AppError::NotFound("That partner"))?;
    if !g.kind().is_statutory() {
        return Err(AppError::validation(
            field,
            format!("{} is not a statutory partner.", g.name),
        ));
    }
    Ok(g)
}

fn accepts(partner: &Group, reason: ReferralReason) -> bool {
    partner.accepted_reasons.trim().is_empty()
        || partner
            .accepted_reasons
            .split(',')
            .any(|r| r.trim() == reason.as_str())
}

/// Email the partner's inbox about a referral it has been sent (no personal
/// details: the reason, the urgency and a link).
fn tell_partner(
    conn: &mut DbConn,
    public_url: &str,
    partner: &Group,
    r: &Referral,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(to) = partner
        .referral_email
        .clone()
        .or_else(|| partner.contact_email.clone())
    else {
        return Ok(());
    };
    outbox::enqueue(
        conn,
        public_url,
        OutgoingMail {
            kind: "referral_new",
            to: &to,
            context: json!({
                "partner": partner.name,
                "reason": r.reason().label(),
                "urgency": r.urgency().as_str(),
                "acknowledge_by": r.acknowledge_by.map(ack_day).unwrap_or_default(),
                "link": format!("{public_url}/referrals/{}", r.id),
            }),
            attachment: None,
        },
        now,
    )?;
    Ok(())
}

/// The last working day before a deadline at London midnight, in words.
fn ack_day(by: NaiveDateTime) -> String {
    let day = crate::domain::time::london_date(by - Duration::minutes(1));
    day.format("%A %-d %B %Y").to_string()
}

/// Email the referrer that the partner moved their referral.
fn tell_referrer(
    conn: &mut DbConn,
    public_url: &str,
    partner: &Group,
    r: &Referral,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(referrer) = people::find(conn, r.referrer_id)? else {
        return Ok(());
    };
    let Some(to) = referrer
        .email
        .clone()
        .filter(|_| !referrer.do_not_contact && referrer.disabled_at.is_none())
    else {
        return Ok(());
    };
    outbox::enqueue(
        conn,
        public_url,
        OutgoingMail {
            kind: "referral_updated",
            to: &to,
            context: json!({
                "name": referrer.display_name,
                "partner": partner.name,
                "reason": r.reason().label(),
                "status": r.status().label(),
                "sent": r.sent_at.or(Some(r.created_at)).map(|t| crate::domain::time::london_date(t).format("%-d %B %Y").to_string()),
                "link": format!("{public_url}/referrals/{}", r.id),
            }),
            attachment: None,
        },
        now,
    )?;
    Ok(())
}

/// Make a referral: sent at once (the partner's inbox is emailed) unless
/// kept as a draft. The referrer must be the resident, an admin, a
/// coordinator or safeguarding lead of a referring group the resident
/// belongs to, or the volunteer or a coordinator of the check-in it comes
/// from. Without the resident's current consent for this kind of partner or
/// a lawful basis with reasoning it is `CONSENT_REQUIRED`, and nothing is
/// written.
pub fn create(
    conn: &mut DbConn,
    viewer: &Viewer,
    input: NewReferral,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<Referral> {
    let details = validate::text("details", &input.details, 10, 8000)?;
    let reasoning = validate::text(
        "lawfulBasisReasoning",
        &input.lawful_basis_reasoning,
        0,
        4000,
    )?;
    write_tx(conn, |conn| {
        let resident =
            people::find(conn, input.resident_id)?.ok_or(AppError::NotFound("That resident"))?;
        if resident.erased_at.is_some() {
            return Err(AppError::NotFound("That resident"));
        }
        let partner = partner_group(conn, input.partner_group_id, "partnerGroupId")?;
        if !accepts(&partner, input.reason) {
            return Err(AppError::validation(
                "reason",
                format!(
                    "{} does not take referrals about {}.",
                    partner.name,
                    input.reason.label()
                ),
            ));
        }
        // The check-in it comes from: the concern must be recorded, and its
        // group is the referring group unless another is named.
        let mut referring = input.referring_group_id;
        let mut allowed = viewer.is_admin || viewer.person_id == resident.id;
        if let Some(c) = input.check_in_id {
            let check_in = checkins::find(conn, c)?.ok_or(AppError::NotFound("That check-in"))?;
            if check_in.resident_id != resident.id {
                return Err(AppError::validation(
                    "checkInId",
                    "That check-in is about someone else.",
                ));
            }
            if check_in.outcome.as_deref() != Some(checkins::Outcome::Concern.as_str()) {
                return Err(AppError::validation(
                    "checkInId",
                    "Only a check-in that raised a concern can lead to a referral.",
                ));
            }
            let coordinator =
                crate::domain::authz::can_coordinate(conn, viewer, check_in.group_id)?;
            if check_in.volunteer_id == viewer.person_id || coordinator {
                allowed = true;
            }
            if referring.is_none() {
                referring = Some(check_in.group_id);
            }
        }
        if let Some(g) = referring {
            groups::find(conn, g)?.ok_or(AppError::NotFound("That group"))?;
            let role = crate::domain::authz::active_role(conn, viewer.person_id, g)?;
            if matches!(
                role,
                Some(MemberRole::Coordinator | MemberRole::SafeguardingLead)
            ) && crate::domain::authz::active_role(conn, resident.id, g)?.is_some()
            {
                allowed = true;
            }
        }
        if !allowed {
            return Err(AppError::forbidden(
                "Only the resident, their group's coordinators or safeguarding leads, or the volunteer who recorded the concern can refer them.",
            ));
        }
        check_basis(
            conn,
            resident.id,
            &partner,
            input.consent_id,
            input.lawful_basis,
            &reasoning,
        )?;
        let status = if input.draft {
            ReferralStatus::Draft
        } else {
            ReferralStatus::Sent
        };
        let sent_at = (!input.draft).then_some(now);
        let r: Referral = diesel::insert_into(referrals::table)
            .values((
                referrals::resident_id.eq(resident.id),
                referrals::partner_group_id.eq(partner.id),
                referrals::referring_group_id.eq(referring),
                referrals::referrer_id.eq(viewer.person_id),
                referrals::check_in_id.eq(input.check_in_id),
                referrals::reason.eq(input.reason.as_str()),
                referrals::details.eq(&details),
                referrals::urgency.eq(input.urgency.as_str()),
                referrals::consent_id.eq(input
                    .lawful_basis
                    .is_none()
                    .then_some(input.consent_id)
                    .flatten()),
                referrals::lawful_basis.eq(input.lawful_basis.map(|b| b.as_str())),
                referrals::lawful_basis_reasoning.eq(if input.lawful_basis.is_some() {
                    reasoning.as_str()
                } else {
                    ""
                }),
                referrals::status.eq(status.as_str()),
                referrals::sent_at.eq(sent_at),
                referrals::acknowledge_by
                    .eq(sent_at.map(|t| working_days_after(t, partner.acknowledge_days))),
                referrals::created_at.eq(now),
                referrals::updated_at.eq(now),
            ))
            .returning(referrals::all_columns)
            .get_result(conn)?;
        event(conn, r.id, Some(viewer.person_id), None, status, "", now)?;
        audit_change(conn, viewer, &r, "CREATE", status.as_str(), now)?;
        if status == ReferralStatus::Sent {
            tell_partner(conn, public_url, &partner, &r, now)?;
        }
        Ok(r)
    })
}

/// Move a referral on. Partner staff acknowledge, accept, decline (with a
/// reason), redirect (to another partner, which gets a new linked referral)
/// and close (with the outcome); the referrer's side sends a draft. Any
/// other move is `INVALID_TRANSITION`. The referrer is emailed when the
/// partner moves it. Returns the referral and, for a redirect, the new one.
#[allow(clippy::too_many_arguments)]
pub fn update_status(
    conn: &mut DbConn,
    actor: &Actor,
    referral_id: i64,
    to: ReferralStatus,
    note: Option<String>,
    redirect_to: Option<i64>,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<(Referral, Option<Referral>)> {
    let viewer = signed_in(actor)?;
    let note = validate::text("note", note.as_deref().unwrap_or(""), 0, 4000)?;
    write_tx(conn, |conn| {
        let r: Referral = referrals::table
            .find(referral_id)
            .select(Referral::as_select())
            .first(conn)
            .optional()?
            .ok_or(AppError::NotFound("That referral"))?;
        if !can_view(conn, &viewer, &r)? {
            return Err(AppError::forbidden(
                "Only the referrer's side and the partner's staff can move a referral.",
            ));
        }
        let from = r.status();
        let Some(&(_, needed)) = from.next().iter().find(|(s, _)| *s == to) else {
            return Err(AppError::InvalidTransition(format!(
                "A referral that is {} cannot become {}.",
                from.as_str(),
                to.as_str()
            )));
        };
        let mine = side(conn, &viewer, &r)?;
        if mine != Some(needed) && !viewer.is_admin {
            return Err(AppError::forbidden(match needed {
                Side::Partner => "Only the partner's staff can do this.",
                Side::Referrer => {
                    "Only the referrer or the referring group's coordinators can do this."
                }
            }));
        }
        match to {
            ReferralStatus::Declined if note.is_empty() => {
                return Err(AppError::validation(
                    "note",
                    "Say why the referral is declined.",
                ))
            }
            ReferralStatus::Closed if note.is_empty() => {
                return Err(AppError::validation(
                    "note",
                    "Record the outcome when closing.",
                ))
            }
            ReferralStatus::Redirected if redirect_to.is_none() => {
                return Err(AppError::validation(
                    "redirectToPartnerId",
                    "Name the partner the referral goes to instead.",
                ))
            }
            _ => {}
        }
        if to != ReferralStatus::Redirected && redirect_to.is_some() {
            return Err(AppError::validation(
                "redirectToPartnerId",
                "Only a redirect names another partner.",
            ));
        }
        let partner =
            groups::find(conn, r.partner_group_id)?.ok_or(AppError::NotFound("That partner"))?;
        // The new partner of a redirect, checked before anything is written.
        let target = match redirect_to {
            Some(id) => {
                let g = partner_group(conn, id, "redirectToPartnerId")?;
                if g.id == r.partner_group_id {
                    return Err(AppError::validation(
                        "redirectToPartnerId",
                        "Redirect to a different partner.",
                    ));
                }
                // Shared on the same lawful basis, or on the resident's
                // current consent for the new kind of partner.
                let consent = match r.lawful_basis() {
                    Some(_) => None,
                    None => current_consent(conn, r.resident_id, &consent_purpose(g.kind()))?,
                };
                check_basis(
                    conn,
                    r.resident_id,
                    &g,
                    consent,
                    r.lawful_basis(),
                    &r.lawful_basis_reasoning,
                )?;
                Some((g, consent))
            }
            None => None,
        };
        // Conditional on the status read above, so two staff moving it at
        // once cannot both succeed.
        let sent_at = (to == ReferralStatus::Sent).then_some(now);
        let moved = diesel::update(
            referrals::table
                .find(r.id)
                .filter(referrals::status.eq(from.as_str())),
        )
        .set((
            referrals::status.eq(to.as_str()),
            referrals::updated_at.eq(now),
        ))
        .execute(conn)?;
        if moved == 0 {
            return Err(AppError::InvalidTransition(
                "Someone else has just moved this referral; look again.".into(),
            ));
        }
        match to {
            ReferralStatus::Sent => {
                diesel::update(referrals::table.find(r.id))
                    .set((
                        referrals::sent_at.eq(sent_at),
                        referrals::acknowledge_by
                            .eq(sent_at.map(|t| working_days_after(t, partner.acknowledge_days))),
                    ))
                    .execute(conn)?;
            }
            ReferralStatus::Acknowledged => {
                diesel::update(referrals::table.find(r.id))
                    .set(referrals::acknowledged_at.eq(Some(now)))
                    .execute(conn)?;
            }
            ReferralStatus::Closed => {
                diesel::update(referrals::table.find(r.id))
                    .set(referrals::outcome.eq(&note))
                    .execute(conn)?;
            }
            _ => {}
        }
        let event_note = match &target {
            Some((g, _)) if note.is_empty() => format!("Passed to {}.", g.name),
            Some((g, _)) => format!("Passed to {}. {note}", g.name),
            None => note.clone(),
        };
        event(
            conn,
            r.id,
            Some(viewer.person_id),
            Some(from),
            to,
            &event_note,
            now,
        )?;
        audit_change(conn, &viewer, &r, "UPDATE", to.as_str(), now)?;
        let updated: Referral = referrals::table
            .find(r.id)
            .select(Referral::as_select())
            .first(conn)?;
        if to == ReferralStatus::Sent {
            tell_partner(conn, public_url, &partner, &updated, now)?;
        } else {
            tell_referrer(conn, public_url, &partner, &updated, now)?;
        }
        // A redirect sends a new referral, linked to this one, to the new
        // partner on the same basis.
        let created = match target {
            Some((g, consent)) => {
                let new: Referral = diesel::insert_into(referrals::table)
                    .values((
                        referrals::resident_id.eq(r.resident_id),
                        referrals::partner_group_id.eq(g.id),
                        referrals::referring_group_id.eq(r.referring_group_id),
                        referrals::referrer_id.eq(r.referrer_id),
                        referrals::check_in_id.eq(r.check_in_id),
                        referrals::redirected_from_id.eq(Some(r.id)),
                        referrals::reason.eq(&r.reason),
                        referrals::details.eq(&r.details),
                        referrals::urgency.eq(&r.urgency),
                        referrals::consent_id.eq(consent),
                        referrals::lawful_basis.eq(&r.lawful_basis),
                        referrals::lawful_basis_reasoning.eq(&r.lawful_basis_reasoning),
                        referrals::status.eq(ReferralStatus::Sent.as_str()),
                        referrals::sent_at.eq(Some(now)),
                        referrals::acknowledge_by
                            .eq(Some(working_days_after(now, g.acknowledge_days))),
                        referrals::created_at.eq(now),
                        referrals::updated_at.eq(now),
                    ))
                    .returning(referrals::all_columns)
                    .get_result(conn)?;
                event(
                    conn,
                    new.id,
                    Some(viewer.person_id),
                    None,
                    ReferralStatus::Sent,
                    &format!("Redirected by {}.", partner.name),
                    now,
                )?;
                audit_change(conn, &viewer, &new, "CREATE", "REDIRECTED", now)?;
                tell_partner(conn, public_url, &g, &new, now)?;
                Some(new)
            }
            None => None,
        };
        Ok((updated, created))
    })
}

/// A statutory partner's referral settings.
#[derive(Debug, Clone, Default)]
pub struct PartnerProfile {
    /// The inbox that is told of new referrals (None: leave as is; Some(""):
    /// fall back to the group's contact email).
    pub referral_email: Option<String>,
    /// The reasons it accepts (None: leave as is; empty: any).
    pub accepted_reasons: Option<Vec<ReferralReason>>,
    /// Working days to acknowledge (1 to 30).
    pub acknowledge_days: Option<i32>,
}

/// Set a partner's inbox, accepted reasons and acknowledgement time (its
/// coordinators or an admin).
pub fn update_partner_profile(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    profile: PartnerProfile,
    now: NaiveDateTime,
) -> AppResult<Group> {
    let viewer = signed_in(actor)?;
    let email = match profile.referral_email.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(e) => Some(Some(validate::email("referralEmail", e)?)),
    };
    if let Some(d) = profile.acknowledge_days {
        if !(1..=30).contains(&d) {
            return Err(AppError::validation(
                "acknowledgeWithinWorkingDays",
                "Between 1 and 30 working days.",
            ));
        }
    }
    write_tx(conn, |conn| {
        let g = groups::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        crate::domain::authz::require_coordinator(conn, &viewer, group_id)?;
        if !g.kind().is_statutory() {
            return Err(AppError::validation(
                "groupId",
                "Only statutory partners take referrals.",
            ));
        }
        let reasons = profile.accepted_reasons.as_ref().map(|rs| {
            let mut v: Vec<&str> = rs.iter().map(|r| r.as_str()).collect();
            v.sort_unstable();
            v.dedup();
            v.join(",")
        });
        diesel::update(group_rows::table.find(group_id))
            .set((
                group_rows::referral_email.eq(email.clone().unwrap_or(g.referral_email.clone())),
                group_rows::accepted_reasons.eq(reasons.unwrap_or(g.accepted_reasons.clone())),
                group_rows::acknowledge_days
                    .eq(profile.acknowledge_days.unwrap_or(g.acknowledge_days)),
                group_rows::updated_at.eq(now),
            ))
            .execute(conn)?;
        crate::domain::audit::record(
            conn,
            Some(viewer.person_id),
            "PARTNER_PROFILE_UPDATED",
            "Group",
            group_id,
            "",
            now,
        )?;
        groups::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))
    })
}

/// Referrals sent and not acknowledged by the partner's agreed time: remind
/// the partner's inbox and tell the referrer, once each. Returns how many.
pub fn acknowledgements_overdue(
    conn: &mut DbConn,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<usize> {
    write_tx(conn, |conn| {
        // Claimed in one statement, so two instances never remind twice.
        let due: Vec<Referral> = diesel::update(
            referrals::table
                .filter(referrals::status.eq(ReferralStatus::Sent.as_str()))
                .filter(referrals::acknowledge_by.le(now))
                .filter(referrals::overdue_notified_at.is_null()),
        )
        .set(referrals::overdue_notified_at.eq(Some(now)))
        .returning(referrals::all_columns)
        .get_results(conn)?;
        for r in &due {
            let Some(partner) = groups::find(conn, r.partner_group_id)? else {
                continue;
            };
            let by = r.acknowledge_by.map(ack_day).unwrap_or_default();
            let sent = r
                .sent_at
                .map(|t| {
                    crate::domain::time::london_date(t)
                        .format("%-d %B %Y")
                        .to_string()
                })
                .unwrap_or_default();
            let base = json!({
                "partner": partner.name,
                "reason": r.reason().label(),
                "sent": sent,
                "acknowledge_by": by,
                "link": format!("{public_url}/referrals/{}", r.id),
            });
            if let Some(to) = partner
                .referral_email
                .clone()
                .or(partner.contact_email.clone())
            {
                let mut ctx = base.clone();
                ctx["audience"] = json!("PARTNER");
                outbox::enqueue(
                    conn,
                    public_url,
                    OutgoingMail {
                        kind: "referral_ack_overdue",
                        to: &to,
                        context: ctx,
                        attachment: None,
                    },
                    now,
                )?;
            }
            if let Some(referrer) = people::find(conn, r.referrer_id)? {
                if let Some(to) = referrer
                    .email
                    .clone()
                    .filter(|_| !referrer.do_not_contact && referrer.disabled_at.is_none())
                {
                    let mut ctx = base.clone();
                    ctx["audience"] = json!("REFERRER");
                    ctx["name"] = json!(referrer.display_name);
                    outbox::enqueue(
                        conn,
                        public_url,
                        OutgoingMail {
                            kind: "referral_ack_overdue",
                            to: &to,
                            context: ctx,
                            attachment: None,
                        },
                        now,
                    )?;
                }
            }
            event(
                conn,
                r.id,
                None,
                Some(ReferralStatus::Sent),
                ReferralStatus::Sent,
                &format!(
                    "Not acknowledged by {by}: {} reminded, referrer told.",
                    partner.name
                ),
                now,
            )?;
        }
        Ok(due.len())
    })
}
