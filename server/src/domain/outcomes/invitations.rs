//! Asking residents to answer the survey, every six months.
//!
//! The `outcome-survey-invitations` job invites each resident whose last
//! answers and last invitation are both more than six months old (or who
//! has neither), once per survey period: the (resident, period) key of
//! `outcome_invitations` makes a second run, or a run on another instance,
//! invite nobody twice. Residents who asked not to be contacted, and erased
//! or disabled people, are never invited.
//!
//! Those whose preferred channel is email (and who have an address) get an
//! email through the outbox. Everyone else (phone, text, post, in person,
//! or email without an address) goes on their groups' call list
//! ([`call_list`]) for a coordinator to reach them the way they prefer and
//! answer with them, until they have answered for the period.

use chrono::{Months, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use super::Period;
use crate::db::schema::{
    memberships, outcome_invitations, outcome_surveys, people, resident_profiles,
};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::groups::MembershipStatus;
use crate::domain::page::{self, Cursor, Page};
use crate::domain::people::ContactChannel;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// Residents are asked again this long after their last answers or
/// invitation.
pub const INVITE_EVERY_MONTHS: u32 = 6;

/// Residents looked at per batch.
const BATCH: i64 = 500;

/// An invitation as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = outcome_invitations)]
pub struct Invitation {
    pub resident_id: i64,
    pub period: String,
    /// EMAIL when an email was queued; otherwise the channel the resident
    /// prefers (PHONE for email without an address).
    pub channel: String,
    pub invited_at: NaiveDateTime,
}

/// Invite every resident who is due, as of `now`. Returns how many were
/// invited by this run.
pub fn invite_due(conn: &mut DbConn, public_url: &str, now: NaiveDateTime) -> AppResult<usize> {
    let period = Period::at(now);
    let label = period.label();
    let cutoff = now
        .checked_sub_months(Months::new(INVITE_EVERY_MONTHS))
        .unwrap_or(NaiveDateTime::MIN);
    let mut invited = 0;
    let mut after = 0i64;
    loop {
        let batch: Vec<(i64, String, Option<String>, String)> = people::table
            .filter(people::id.gt(after))
            .filter(
                people::id.eq_any(resident_profiles::table.select(resident_profiles::person_id)),
            )
            .filter(people::erased_at.is_null())
            .filter(people::disabled_at.is_null())
            .filter(people::do_not_contact.eq(false))
            .filter(
                people::id.ne_all(
                    outcome_invitations::table
                        .filter(
                            outcome_invitations::period
                                .eq(label.clone())
                                .or(outcome_invitations::invited_at.gt(cutoff)),
                        )
                        .select(outcome_invitations::resident_id),
                ),
            )
            .filter(
                people::id.ne_all(
                    outcome_surveys::table
                        .filter(outcome_surveys::submitted_at.gt(cutoff))
                        .select(outcome_surveys::resident_id),
                ),
            )
            .order(people::id.asc())
            .limit(BATCH)
            .select((
                people::id,
                people::display_name,
                people::email,
                people::contact_channel,
            ))
            .load(conn)?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.0;
        for (id, name, email, preferred) in batch {
            if invite(conn, public_url, period, id, &name, email, &preferred, now)? {
                invited += 1;
            }
        }
    }
    Ok(invited)
}

/// Invite one resident for a period, in its own transaction; false when
/// they were already invited (by another run or instance).
#[allow(clippy::too_many_arguments)]
fn invite(
    conn: &mut DbConn,
    public_url: &str,
    period: Period,
    resident_id: i64,
    name: &str,
    email: Option<String>,
    preferred: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let preferred = ContactChannel::parse(preferred).unwrap_or(ContactChannel::Email);
    let email = email.filter(|_| preferred == ContactChannel::Email);
    let channel = match (&email, preferred) {
        (Some(_), _) => ContactChannel::Email,
        (None, ContactChannel::Email) => ContactChannel::Phone,
        (None, other) => other,
    };
    write_tx(conn, |conn| {
        let insert = diesel::insert_into(outcome_invitations::table)
            .values((
                outcome_invitations::resident_id.eq(resident_id),
                outcome_invitations::period.eq(period.label()),
                outcome_invitations::channel.eq(channel.as_str()),
                outcome_invitations::invited_at.eq(now),
            ))
            .on_conflict((
                outcome_invitations::resident_id,
                outcome_invitations::period,
            ))
            .do_nothing();
        let inserted = match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
        if inserted == 0 {
            return Ok(false);
        }
        if let Some(to) = &email {
            outbox::enqueue(
                conn,
                public_url,
                OutgoingMail {
                    kind: "outcome_survey_invitation",
                    to,
                    context: json!({
                        "name": name,
                        "period": period.describe(),
                        "link": format!("{}/outcome-survey", public_url.trim_end_matches('/')),
                    }),
                    attachment: None,
                },
                now,
            )?;
        }
        Ok(true)
    })
}

/// One resident on a group's call list.
#[derive(Debug, Clone, PartialEq)]
pub struct CallListEntry {
    pub invitation: Invitation,
    pub display_name: String,
    pub language: String,
    pub accessibility_needs: String,
}

/// The group's residents invited this period by phone, text, post or in
/// person who have not answered yet, by resident (the group's
/// coordinators). Residents who have since asked not to be contacted, or
/// were erased, drop off the list.
pub fn call_list(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    first: i64,
    after: Option<Cursor>,
    now: NaiveDateTime,
) -> AppResult<Page<CallListEntry>> {
    let viewer = signed_in(actor)?;
    crate::domain::groups::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
    require_coordinator(conn, &viewer, group_id)?;
    let label = Period::at(now).label();
    let base = || {
        outcome_invitations::table
            .inner_join(people::table)
            .filter(outcome_invitations::period.eq(label.clone()))
            .filter(outcome_invitations::channel.ne(ContactChannel::Email.as_str()))
            .filter(
                outcome_invitations::resident_id.eq_any(
                    memberships::table
                        .filter(memberships::group_id.eq(group_id))
                        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                        .select(memberships::person_id),
                ),
            )
            .filter(
                outcome_invitations::resident_id.ne_all(
                    outcome_surveys::table
                        .filter(outcome_surveys::period.eq(label.clone()))
                        .select(outcome_surveys::resident_id),
                ),
            )
            .filter(people::erased_at.is_null())
            .filter(people::do_not_contact.eq(false))
            .into_boxed()
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        q = q.filter(outcome_invitations::resident_id.gt(c.id));
    }
    let rows: Vec<(Invitation, String, String, String)> = q
        .order(outcome_invitations::resident_id.asc())
        .limit(first + 1)
        .select((
            Invitation::as_select(),
            people::display_name,
            people::language,
            people::accessibility_needs,
        ))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(
            |(invitation, display_name, language, accessibility_needs)| {
                (
                    Cursor::new("r", invitation.resident_id),
                    CallListEntry {
                        invitation,
                        display_name,
                        language,
                        accessibility_needs,
                    },
                )
            },
        )
        .collect();
    Ok(page::finish(rows, first, total))
}
