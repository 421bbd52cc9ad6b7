//! Booking a place at one occurrence of an activity.
//!
//! Capacity is never exceeded: a booking runs in a write transaction that
//! first locks the activity (row lock on PostgreSQL; SQLite's `BEGIN
//! IMMEDIATE` already serialises writers), then counts and decides. A unique
//! key on (activity, occurrence, person) backs "no double booking"; a
//! cancelled booking is re-used if the person books the same date again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{find, lock_activity, Activity, ActivityStatus};
use crate::calendar::feeds::booking_uid;
use crate::calendar::{Calendar, Event};
use crate::db::schema::{activity_bookings, activity_occurrences};
use crate::db::{write_tx, DbConn};
use crate::domain::audit;
use crate::domain::authz::{can_coordinate, signed_in, Actor, Viewer};
use crate::domain::groups::text_enum;
use crate::domain::page::{self, Cursor, Page};
use crate::domain::time::describe_local;
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};
use crate::mail::Attachment;
use serde_json::json;

text_enum! {
    /// Where a booking stands.
    BookingStatus {
        Booked => "BOOKED",
        Cancelled => "CANCELLED",
    }
}

/// A booking as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = activity_bookings)]
pub struct Booking {
    pub id: i64,
    pub activity_id: i64,
    pub occurrence_starts_at: NaiveDateTime,
    pub person_id: i64,
    pub status: String,
    pub booked_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
}

impl Booking {
    pub fn status(&self) -> BookingStatus {
        BookingStatus::parse(&self.status).unwrap_or(BookingStatus::Cancelled)
    }
}

pub fn find_booking(conn: &mut DbConn, id: i64) -> AppResult<Option<Booking>> {
    Ok(activity_bookings::table
        .find(id)
        .select(Booking::as_select())
        .first(conn)
        .optional()?)
}

/// The person who holds a booking, or the group's coordinators.
pub fn can_view_booking(conn: &mut DbConn, viewer: &Viewer, booking: &Booking) -> AppResult<bool> {
    if booking.person_id == viewer.person_id || viewer.is_admin {
        return Ok(true);
    }
    match find(conn, booking.activity_id)? {
        Some(a) => can_coordinate(conn, viewer, a.group_id),
        None => Ok(false),
    }
}

/// Places booked at one occurrence.
pub fn booked_count(conn: &mut DbConn, activity_id: i64, starts: NaiveDateTime) -> AppResult<i64> {
    Ok(activity_bookings::table
        .filter(activity_bookings::activity_id.eq(activity_id))
        .filter(activity_bookings::occurrence_starts_at.eq(starts))
        .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str()))
        .count()
        .get_result(conn)?)
}

/// Booked places for many (activity, occurrence start) pairs at once.
pub fn booked_counts(
    conn: &mut DbConn,
    keys: &[(i64, NaiveDateTime)],
) -> AppResult<Vec<((i64, NaiveDateTime), i64)>> {
    use diesel::dsl::count_star;
    let ids: Vec<i64> = keys.iter().map(|k| k.0).collect();
    let starts: Vec<NaiveDateTime> = keys.iter().map(|k| k.1).collect();
    let rows: Vec<(i64, NaiveDateTime, i64)> = activity_bookings::table
        .filter(activity_bookings::activity_id.eq_any(&ids))
        .filter(activity_bookings::occurrence_starts_at.eq_any(&starts))
        .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str()))
        .group_by((
            activity_bookings::activity_id,
            activity_bookings::occurrence_starts_at,
        ))
        .select((
            activity_bookings::activity_id,
            activity_bookings::occurrence_starts_at,
            count_star(),
        ))
        .load(conn)?;
    Ok(keys
        .iter()
        .map(|k| {
            let n = rows
                .iter()
                .find(|r| r.0 == k.0 && r.1 == k.1)
                .map(|r| r.2)
                .unwrap_or(0);
            (*k, n)
        })
        .collect())
}

/// Book a place at one occurrence of a published activity, for myself.
/// `ACTIVITY_FULL` when every place is taken; `ALREADY_BOOKED` twice.
pub fn book(
    conn: &mut DbConn,
    actor: &Actor,
    activity_id: i64,
    occurrence_starts_at: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<Booking> {
    let viewer = signed_in(actor)?;
    let person_id = viewer.person_id;
    write_tx(conn, |conn| {
        lock_activity(conn, activity_id)?;
        let activity = find(conn, activity_id)?
            .filter(Activity::is_public)
            .ok_or(AppError::NotFound("That activity"))?;
        match activity.status() {
            ActivityStatus::Published => {}
            _ => {
                return Err(AppError::InvalidTransition(
                    "This activity has been cancelled, so it cannot be booked.".into(),
                ))
            }
        }
        let is_date: bool = diesel::select(diesel::dsl::exists(
            activity_occurrences::table
                .filter(activity_occurrences::activity_id.eq(activity_id))
                .filter(activity_occurrences::starts_at.eq(occurrence_starts_at)),
        ))
        .get_result(conn)?;
        if !is_date {
            return Err(AppError::validation(
                "occurrenceStartsAt",
                "The activity does not run at that time. Choose one of its dates.",
            ));
        }
        if occurrence_starts_at <= now {
            return Err(AppError::validation(
                "occurrenceStartsAt",
                "That date has already started, so it can no longer be booked.",
            ));
        }
        let existing: Option<Booking> = activity_bookings::table
            .filter(activity_bookings::activity_id.eq(activity_id))
            .filter(activity_bookings::occurrence_starts_at.eq(occurrence_starts_at))
            .filter(activity_bookings::person_id.eq(person_id))
            .select(Booking::as_select())
            .first(conn)
            .optional()?;
        if existing
            .as_ref()
            .is_some_and(|b| b.status() == BookingStatus::Booked)
        {
            return Err(AppError::AlreadyBooked);
        }
        if let Some(capacity) = activity.capacity {
            if booked_count(conn, activity_id, occurrence_starts_at)? >= capacity as i64 {
                return Err(AppError::ActivityFull);
            }
        }
        let booking: Booking = match existing {
            Some(old) => diesel::update(activity_bookings::table.find(old.id))
                .set((
                    activity_bookings::status.eq(BookingStatus::Booked.as_str()),
                    activity_bookings::booked_by.eq(person_id),
                    activity_bookings::updated_at.eq(now),
                    activity_bookings::cancelled_at.eq(None::<NaiveDateTime>),
                ))
                .returning(activity_bookings::all_columns)
                .get_result(conn)?,
            None => diesel::insert_into(activity_bookings::table)
                .values((
                    activity_bookings::activity_id.eq(activity_id),
                    activity_bookings::occurrence_starts_at.eq(occurrence_starts_at),
                    activity_bookings::person_id.eq(person_id),
                    activity_bookings::status.eq(BookingStatus::Booked.as_str()),
                    activity_bookings::booked_by.eq(person_id),
                    activity_bookings::created_at.eq(now),
                    activity_bookings::updated_at.eq(now),
                ))
                .returning(activity_bookings::all_columns)
                .get_result(conn)?,
        };
        audit::record(
            conn,
            Some(person_id),
            "booking.create",
            "Booking",
            booking.id,
            "",
            now,
        )?;
        Ok(booking)
    })
}

/// Cancel a booking (the person who holds it, or the group's coordinators).
pub fn cancel_booking(
    conn: &mut DbConn,
    actor: &Actor,
    booking_id: i64,
    now: NaiveDateTime,
) -> AppResult<Booking> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let booking = find_booking(conn, booking_id)?.ok_or(AppError::NotFound("That booking"))?;
        lock_activity(conn, booking.activity_id)?;
        let activity =
            find(conn, booking.activity_id)?.ok_or(AppError::NotFound("That booking"))?;
        if booking.person_id != viewer.person_id
            && !can_coordinate(conn, &viewer, activity.group_id)?
        {
            return Err(AppError::NotFound("That booking"));
        }
        if booking.status() == BookingStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "This booking is already cancelled.".into(),
            ));
        }
        let updated: Booking = diesel::update(activity_bookings::table.find(booking_id))
            .set((
                activity_bookings::status.eq(BookingStatus::Cancelled.as_str()),
                activity_bookings::updated_at.eq(now),
                activity_bookings::cancelled_at.eq(now),
            ))
            .returning(activity_bookings::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "booking.cancel",
            "Booking",
            booking_id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

/// When an activity is cancelled, so are its bookings still to come; each
/// person booked is emailed with a calendar cancellation for that date.
/// `activity` is the activity as cancelled (reason and new sequence).
pub(super) fn cancel_future_bookings(
    conn: &mut DbConn,
    public_url: &str,
    activity: &Activity,
    now: NaiveDateTime,
) -> AppResult<usize> {
    use crate::db::schema::{groups, people};
    let activity_id = activity.id;
    let group: String = groups::table
        .find(activity.group_id)
        .select(groups::name)
        .first(conn)?;
    let booked: Vec<(i64, NaiveDateTime, Option<String>, String)> = activity_bookings::table
        .inner_join(people::table)
        .filter(activity_bookings::activity_id.eq(activity_id))
        .filter(activity_bookings::occurrence_starts_at.gt(now))
        .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(people::do_not_contact.eq(false))
        .filter(people::disabled_at.is_null())
        .order(activity_bookings::id.asc())
        .select((
            activity_bookings::id,
            activity_bookings::occurrence_starts_at,
            people::email,
            people::display_name,
        ))
        .load(conn)?;
    for (booking_id, starts, email, name) in booked {
        let Some(email) = email else { continue };
        let ends = starts + activity.length();
        let calendar = Calendar {
            name: "Kith".into(),
            method: "CANCEL",
            events: vec![Event {
                uid: booking_uid(booking_id, public_url),
                sequence: activity.sequence,
                stamp: now,
                starts,
                ends,
                summary: format!("{} ({group})", activity.title),
                location: activity.location.clone(),
                cancelled: true,
                all_day: activity.all_day,
                ..Event::default()
            }],
        };
        outbox::enqueue(
            conn,
            public_url,
            OutgoingMail {
                kind: "activity_cancelled",
                to: &email,
                context: json!({
                    "name": name,
                    "title": activity.title,
                    "group": group,
                    "when": describe_local(starts, ends),
                    "location": activity.location,
                    "reason": activity.cancel_reason,
                    "link": format!("{public_url}/activities"),
                }),
                attachment: Some(Attachment {
                    name: "cancel.ics".into(),
                    content_type: "text/calendar; method=CANCEL; charset=utf-8".into(),
                    body: calendar.to_ics(),
                }),
            },
            now,
        )?;
    }
    Ok(diesel::update(
        activity_bookings::table
            .filter(activity_bookings::activity_id.eq(activity_id))
            .filter(activity_bookings::occurrence_starts_at.gt(now))
            .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str())),
    )
    .set((
        activity_bookings::status.eq(BookingStatus::Cancelled.as_str()),
        activity_bookings::updated_at.eq(now),
        activity_bookings::cancelled_at.eq(now),
    ))
    .execute(conn)?)
}

/// My bookings of dates starting at or after `from`, soonest first.
pub fn my_bookings(
    conn: &mut DbConn,
    actor: &Actor,
    from: NaiveDateTime,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Booking>> {
    let viewer = signed_in(actor)?;
    let base = || {
        activity_bookings::table
            .filter(activity_bookings::person_id.eq(viewer.person_id))
            .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str()))
            .filter(activity_bookings::occurrence_starts_at.ge(from))
            .into_boxed()
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        let key = c.time()?;
        q = q.filter(
            activity_bookings::occurrence_starts_at.gt(key).or(
                activity_bookings::occurrence_starts_at
                    .eq(key)
                    .and(activity_bookings::id.gt(c.id)),
            ),
        );
    }
    let rows: Vec<Booking> = q
        .order((
            activity_bookings::occurrence_starts_at.asc(),
            activity_bookings::id.asc(),
        ))
        .limit(first + 1)
        .select(Booking::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|b| (Cursor::at(b.occurrence_starts_at, b.id), b))
        .collect();
    Ok(page::finish(rows, first, total))
}
