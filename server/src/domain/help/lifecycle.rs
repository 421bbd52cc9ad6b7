//! Offers, assignment, completion, cancellation and expiry.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{access_one, audit_for, find, group_name, lock_help_request, HelpRequest, HelpStatus};
use crate::db::schema::{help_offers, help_requests};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{active_role, signed_in, Actor, Viewer};
use crate::domain::{people, residents, validate};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// Lock and load a request the viewer may see (others get `NOT_FOUND`).
fn locked(conn: &mut DbConn, viewer: &Viewer, id: i64) -> AppResult<HelpRequest> {
    lock_help_request(conn, id)?;
    let request = find(conn, id)?.ok_or(AppError::NotFound("That help request"))?;
    if !access_one(conn, viewer, &request)?.can_see(&request) {
        return Err(AppError::NotFound("That help request"));
    }
    Ok(request)
}

fn not_open(request: &HelpRequest, doing: &str) -> AppError {
    AppError::InvalidTransition(format!(
        "This help request is {}, so it cannot be {doing}.",
        request.status.to_lowercase()
    ))
}

/// Offer to help with an OPEN request (any signed-in volunteer but the
/// resident). One offer per volunteer and request (`CONFLICT` for a repeat).
pub fn offer_help(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    now: NaiveDateTime,
) -> AppResult<HelpRequest> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let request = locked(conn, &viewer, id)?;
        if request.status() != HelpStatus::Open {
            return Err(not_open(&request, "offered for"));
        }
        if request.resident_id == viewer.person_id {
            return Err(AppError::validation(
                "helpRequestId",
                "You cannot offer to help with your own request.",
            ));
        }
        let already: i64 = help_offers::table
            .filter(help_offers::help_request_id.eq(id))
            .filter(help_offers::volunteer_id.eq(viewer.person_id))
            .count()
            .get_result(conn)?;
        let repeat = || AppError::conflict("You have already offered to help with this request.");
        if already > 0 {
            return Err(repeat());
        }
        diesel::insert_into(help_offers::table)
            .values((
                help_offers::help_request_id.eq(id),
                help_offers::volunteer_id.eq(viewer.person_id),
                help_offers::created_at.eq(now),
            ))
            .execute(conn)
            .map_err(|e| {
                if is_unique_violation(&e) {
                    repeat()
                } else {
                    e.into()
                }
            })?;
        audit_for(conn, viewer.person_id, &request, "help.offer", "", now)?;
        Ok(request)
    })
}

/// False when the resident has withdrawn consent to contact by volunteers
/// or asked not to be contacted at all.
pub fn volunteers_may_contact(conn: &mut DbConn, resident_id: i64) -> AppResult<bool> {
    let resident = people::find(conn, resident_id)?.ok_or(AppError::NotFound("That resident"))?;
    Ok(!resident.do_not_contact
        && residents::consent_given(conn, resident_id, residents::CONTACT_BY_VOLUNTEERS)?
            != Some(false))
}

/// Assign an OPEN request to a volunteer who is an active member of its
/// group (the group's coordinators). Refused with `CONSENT_REQUIRED` when
/// the resident withdrew consent to contact by volunteers or asked not to be
/// contacted. The volunteer is emailed a link, never the details.
pub fn assign(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    id: i64,
    volunteer_id: i64,
    now: NaiveDateTime,
) -> AppResult<HelpRequest> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let request = locked(conn, &viewer, id)?;
        let access = access_one(conn, &viewer, &request)?;
        if !(access.coordinator || access.admin) {
            return Err(AppError::forbidden(
                "Only the group's coordinators can assign help requests.",
            ));
        }
        if request.status() != HelpStatus::Open {
            return Err(not_open(&request, "assigned"));
        }
        if !volunteers_may_contact(conn, request.resident_id)? {
            return Err(AppError::ConsentRequired(
                "This resident has not agreed to be contacted by volunteers.".into(),
            ));
        }
        if volunteer_id == request.resident_id
            || active_role(conn, volunteer_id, request.group_id)?.is_none()
        {
            return Err(AppError::validation(
                "volunteerId",
                "The volunteer must be an active member of the group handling this request.",
            ));
        }
        let updated: HelpRequest = diesel::update(help_requests::table.find(id))
            .set((
                help_requests::status.eq(HelpStatus::Assigned.as_str()),
                help_requests::assigned_volunteer_id.eq(Some(volunteer_id)),
                help_requests::assigned_by.eq(Some(viewer.person_id)),
                help_requests::assigned_at.eq(Some(now)),
                help_requests::updated_at.eq(now),
            ))
            .returning(help_requests::all_columns)
            .get_result(conn)?;
        email_assigned(conn, public_url, &updated, volunteer_id, now)?;
        audit_for(
            conn,
            viewer.person_id,
            &updated,
            "help.assign",
            &format!("volunteer {volunteer_id}"),
            now,
        )?;
        Ok(updated)
    })
}

/// Tell a volunteer they have been assigned: the kind of help, the group and
/// a link. The address, phone and notes are only ever shown in Kith.
fn email_assigned(
    conn: &mut DbConn,
    public_url: &str,
    request: &HelpRequest,
    volunteer_id: i64,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(volunteer) = people::find(conn, volunteer_id)? else {
        return Ok(());
    };
    let Some(email) = volunteer.email.as_deref() else {
        return Ok(());
    };
    if volunteer.do_not_contact || volunteer.disabled_at.is_some() {
        return Ok(());
    }
    let group = group_name(conn, request.group_id)?;
    outbox::enqueue(
        conn,
        public_url,
        OutgoingMail {
            kind: "help_assigned",
            to: email,
            context: json!({
                "name": volunteer.display_name,
                "group": group,
                "what": category_words(request),
                "link": format!("{public_url}/help/{}", request.id),
            }),
            attachment: None,
        },
        now,
    )?;
    Ok(())
}

fn category_words(request: &HelpRequest) -> String {
    request.category.replace('_', " ").to_lowercase()
}

/// Complete an ASSIGNED request with the minutes given (the assigned
/// volunteer or the group's coordinators).
pub fn complete(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    minutes: i32,
    notes: Option<String>,
    now: NaiveDateTime,
) -> AppResult<HelpRequest> {
    let viewer = signed_in(actor)?;
    if !(1..=1440).contains(&minutes) {
        return Err(AppError::validation(
            "minutes",
            "Minutes must be between 1 and 1440.",
        ));
    }
    let notes = notes
        .as_deref()
        .map(|n| validate::text("notes", n, 0, 2000))
        .transpose()?;
    write_tx(conn, |conn| {
        let request = locked(conn, &viewer, id)?;
        let access = access_one(conn, &viewer, &request)?;
        if !(access.assigned || access.coordinator || access.admin) {
            return Err(AppError::forbidden(
                "Only the assigned volunteer or the group's coordinators can complete this.",
            ));
        }
        if request.status() != HelpStatus::Assigned {
            return Err(not_open(&request, "completed"));
        }
        let updated: HelpRequest = diesel::update(help_requests::table.find(id))
            .set((
                help_requests::status.eq(HelpStatus::Completed.as_str()),
                help_requests::minutes.eq(Some(minutes)),
                help_requests::completion_notes.eq(notes),
                help_requests::completed_by.eq(Some(viewer.person_id)),
                help_requests::completed_at.eq(Some(now)),
                help_requests::updated_at.eq(now),
            ))
            .returning(help_requests::all_columns)
            .get_result(conn)?;
        audit_for(
            conn,
            viewer.person_id,
            &updated,
            "help.complete",
            &format!("{minutes} minutes"),
            now,
        )?;
        if let Some(volunteer) = updated.assigned_volunteer_id {
            credit_help(
                conn,
                &updated,
                volunteer,
                minutes as i64,
                viewer.person_id,
                now,
            )?;
        }
        Ok(updated)
    })
}

/// The time bank: the resident pays the volunteer for completed help, or,
/// when the resident's account cannot go that low, the group's pot does (so
/// nobody goes without help for want of credit). Once per request.
fn credit_help(
    conn: &mut DbConn,
    request: &HelpRequest,
    volunteer: i64,
    minutes: i64,
    recorded_by: i64,
    now: NaiveDateTime,
) -> AppResult<()> {
    use crate::domain::ledger::{self, Owner, TransferKind};
    let reason = format!(
        "Help with {}",
        request.category.replace('_', " ").to_lowercase()
    );
    let source = ("HELP_REQUEST", request.id);
    let by_resident = ledger::credit(
        conn,
        Owner::Person(request.resident_id),
        volunteer,
        minutes,
        TransferKind::HelpRequest,
        source,
        &reason,
        Some(recorded_by),
        now,
    );
    match by_resident {
        Err(AppError::InsufficientBalance) => {
            ledger::credit(
                conn,
                Owner::Group(request.group_id),
                volunteer,
                minutes,
                TransferKind::HelpRequest,
                source,
                &format!("{reason} (covered by the group)"),
                Some(recorded_by),
                now,
            )?;
            Ok(())
        }
        Err(e) => Err(e),
        Ok(_) => Ok(()),
    }
}

/// Cancel an OPEN or ASSIGNED request (the resident, someone who can act
/// for them, or the group's coordinators).
pub fn cancel(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<HelpRequest> {
    let viewer = signed_in(actor)?;
    let reason = validate::text("reason", reason, 1, 500)?;
    write_tx(conn, |conn| {
        let request = locked(conn, &viewer, id)?;
        let access = access_one(conn, &viewer, &request)?;
        if !(access.resident || access.manages_resident || access.coordinator || access.admin) {
            return Err(AppError::forbidden(
                "Only the resident, someone acting for them or the group's coordinators can cancel this.",
            ));
        }
        if !matches!(request.status(), HelpStatus::Open | HelpStatus::Assigned) {
            return Err(not_open(&request, "cancelled"));
        }
        let updated: HelpRequest = diesel::update(help_requests::table.find(id))
            .set((
                help_requests::status.eq(HelpStatus::Cancelled.as_str()),
                help_requests::cancel_reason.eq(Some(&reason)),
                help_requests::cancelled_by.eq(Some(viewer.person_id)),
                help_requests::cancelled_at.eq(Some(now)),
                help_requests::updated_at.eq(now),
            ))
            .returning(help_requests::all_columns)
            .get_result(conn)?;
        audit_for(
            conn,
            viewer.person_id,
            &updated,
            "help.cancel",
            &reason,
            now,
        )?;
        Ok(updated)
    })
}

/// Expire every OPEN request whose last preferred window has ended, in one
/// statement. Returns how many changed; running it again changes nothing.
pub fn expire(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::update(
        help_requests::table
            .filter(help_requests::status.eq(HelpStatus::Open.as_str()))
            .filter(help_requests::last_window_ends_at.le(now)),
    )
    .set((
        help_requests::status.eq(HelpStatus::Expired.as_str()),
        help_requests::updated_at.eq(now),
    ))
    .execute(conn)?)
}

/// The volunteers who offered, per request, in offer order.
pub fn offers(conn: &mut DbConn, request_ids: &[i64]) -> AppResult<Vec<(i64, Vec<i64>)>> {
    let rows: Vec<(i64, i64)> = help_offers::table
        .filter(help_offers::help_request_id.eq_any(request_ids))
        .order((help_offers::help_request_id, help_offers::id))
        .select((help_offers::help_request_id, help_offers::volunteer_id))
        .load(conn)?;
    let mut out: std::collections::HashMap<i64, Vec<i64>> =
        request_ids.iter().map(|id| (*id, Vec::new())).collect();
    for (request, volunteer) in rows {
        out.entry(request).or_default().push(volunteer);
    }
    Ok(out.into_iter().collect())
}
