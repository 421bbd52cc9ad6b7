//! Calendar feeds: a person's private feed of their confirmed shifts,
//! bookings and check-ins to make, and each group's public feed of its
//! published activities.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{Calendar, Event};
use crate::auth::token;
use crate::config::public_host;
use crate::db::schema::{
    activities, activity_bookings, calendar_feeds, check_ins, groups, people, shift_signups, shifts,
};
use crate::db::{write_tx, DbConn};
use crate::domain::activities::{Activity, ActivityStatus, BookingStatus};
use crate::domain::authz::{signed_in, Actor};
use crate::domain::shifts::{ShiftStatus, SignupStatus};
use crate::error::AppResult;

/// How far back a feed reaches.
const FEED_HISTORY_DAYS: i64 = 30;

/// A confirmed shift as the feed needs it: id, sequence, last change,
/// start, end, title, location, description, status, group name.
type FeedRow = (
    i64,
    i32,
    NaiveDateTime,
    NaiveDateTime,
    NaiveDateTime,
    String,
    String,
    String,
    String,
    String,
);

/// The person's feed token, created on first use. The caller has checked
/// that the viewer is this person.
pub fn feed_token(conn: &mut DbConn, person_id: i64, now: NaiveDateTime) -> AppResult<String> {
    write_tx(conn, |conn| {
        let existing: Option<String> = calendar_feeds::table
            .find(person_id)
            .select(calendar_feeds::token)
            .first(conn)
            .optional()?;
        match existing {
            Some(t) => Ok(t),
            None => new_token(conn, person_id, now),
        }
    })
}

/// Replace the signed-in person's feed token; the old feed URL stops working.
pub fn rotate_feed_token(
    conn: &mut DbConn,
    actor: &Actor,
    now: NaiveDateTime,
) -> AppResult<String> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        diesel::delete(calendar_feeds::table.find(viewer.person_id)).execute(conn)?;
        new_token(conn, viewer.person_id, now)
    })
}

fn new_token(conn: &mut DbConn, person_id: i64, now: NaiveDateTime) -> AppResult<String> {
    let t = token::generate();
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::person_id.eq(person_id),
            calendar_feeds::token.eq(&t),
            calendar_feeds::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(t)
}

/// The private feed URL for a token.
pub fn feed_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/calendar/person/{token}.ics")
}

/// Build a person's feed from a feed token: their confirmed shifts and
/// booked activity dates from 30 days ago on (cancelled shifts stay in the feed, marked cancelled, so
/// calendars remove them). `None` when the token is unknown or the person
/// disabled.
pub fn person_feed(
    conn: &mut DbConn,
    feed_token: &str,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<Option<Calendar>> {
    let person: Option<(i64, String, Option<NaiveDateTime>)> = calendar_feeds::table
        .inner_join(people::table)
        .filter(calendar_feeds::token.eq(feed_token))
        .select((people::id, people::display_name, people::disabled_at))
        .first(conn)
        .optional()?;
    let Some((person_id, name, None)) = person else {
        return Ok(None);
    };
    let rows: Vec<FeedRow> = shift_signups::table
        .inner_join(shifts::table.inner_join(groups::table))
        .filter(shift_signups::volunteer_id.eq(person_id))
        .filter(shift_signups::status.eq(SignupStatus::Confirmed.as_str()))
        .filter(shifts::ends_at.gt(now - Duration::days(FEED_HISTORY_DAYS)))
        .order((shifts::starts_at.asc(), shifts::id.asc()))
        .select((
            shifts::id,
            shifts::sequence,
            shifts::updated_at,
            shifts::starts_at,
            shifts::ends_at,
            shifts::title,
            shifts::location,
            shifts::description,
            shifts::status,
            groups::name,
        ))
        .load(conn)?;
    let events = rows
        .into_iter()
        .map(
            |(id, sequence, stamp, starts, ends, title, location, description, status, group)| {
                Event {
                    uid: shift_uid(id, public_url),
                    sequence,
                    stamp,
                    starts,
                    ends,
                    summary: format!("{title} ({group})"),
                    location,
                    description,
                    url: Some(format!("{public_url}/shifts/{id}")),
                    cancelled: status == ShiftStatus::Cancelled.as_str(),
                    ..Event::default()
                }
            },
        )
        .collect();
    let mut events: Vec<Event> = events;
    let bookings: Vec<(i64, NaiveDateTime, NaiveDateTime, Activity, String)> =
        activity_bookings::table
            .inner_join(activities::table.inner_join(groups::table))
            .filter(activity_bookings::person_id.eq(person_id))
            .filter(activity_bookings::status.eq(BookingStatus::Booked.as_str()))
            .filter(
                activity_bookings::occurrence_starts_at.gt(now - Duration::days(FEED_HISTORY_DAYS)),
            )
            .order((
                activity_bookings::occurrence_starts_at.asc(),
                activity_bookings::id.asc(),
            ))
            .select((
                activity_bookings::id,
                activity_bookings::occurrence_starts_at,
                activity_bookings::updated_at,
                Activity::as_select(),
                groups::name,
            ))
            .load(conn)?;
    for (booking_id, starts, booked_at, activity, group) in bookings {
        events.push(Event {
            uid: booking_uid(booking_id, public_url),
            sequence: activity.sequence,
            stamp: booked_at.max(activity.updated_at),
            starts,
            ends: starts + activity.length(),
            summary: format!("{} ({group})", activity.title),
            location: activity.location.clone(),
            description: activity.description.clone(),
            url: Some(format!("{public_url}/activities/{}", activity.id)),
            cancelled: activity.status() == ActivityStatus::Cancelled,
            all_day: activity.all_day,
            ..Event::default()
        });
    }
    // Check-ins to make: the resident's name and how, never their address.
    let residents = diesel::alias!(people as residents);
    let calls: Vec<(crate::domain::checkins::CheckIn, String)> = check_ins::table
        .inner_join(residents.on(residents.field(people::id).eq(check_ins::resident_id)))
        .filter(check_ins::volunteer_id.eq(person_id))
        .filter(check_ins::due_at.gt(now - Duration::days(FEED_HISTORY_DAYS)))
        .order((check_ins::due_at.asc(), check_ins::id.asc()))
        .select((
            crate::domain::checkins::CheckIn::as_select(),
            residents.field(people::display_name),
        ))
        .load(conn)?;
    for (c, resident) in calls {
        use crate::domain::checkins::{CheckInChannel, CheckInStatus};
        let cancelled = c.status() == CheckInStatus::Cancelled;
        let minutes = if c.channel() == CheckInChannel::Visit {
            60
        } else {
            30
        };
        events.push(Event {
            uid: check_in_uid(c.id, public_url),
            sequence: i32::from(cancelled),
            stamp: c.recorded_at.unwrap_or(c.created_at),
            starts: c.due_at,
            ends: c.due_at + Duration::minutes(minutes),
            summary: format!("Check in with {resident} ({})", c.channel().verb()),
            description: "Record how it went in Kith, even if there was no answer.".into(),
            url: Some(format!("{public_url}/check-ins/{}", c.id)),
            cancelled,
            ..Event::default()
        });
    }
    events.sort_by(|a, b| a.starts.cmp(&b.starts).then_with(|| a.uid.cmp(&b.uid)));
    Ok(Some(Calendar {
        name: format!("Kith: {name}"),
        method: "PUBLISH",
        events,
    }))
}

/// The UID of a check-in's calendar event.
pub fn check_in_uid(check_in_id: i64, public_url: &str) -> String {
    format!("checkin-{check_in_id}@{}", public_host(public_url))
}

/// The UID of a shift's calendar event, the same in feeds and emails.
pub fn shift_uid(shift_id: i64, public_url: &str) -> String {
    format!("shift-{shift_id}@{}", public_host(public_url))
}

/// The UID of a booked activity date's calendar event.
pub fn booking_uid(booking_id: i64, public_url: &str) -> String {
    format!("booking-{booking_id}@{}", public_host(public_url))
}

/// The UID of an activity's (possibly repeating) calendar event.
pub fn activity_uid(activity_id: i64, public_url: &str) -> String {
    format!("activity-{activity_id}@{}", public_host(public_url))
}

/// The public feed URL of a group, by its global id.
pub fn group_feed_url(public_url: &str, group_global_id: &str) -> String {
    format!("{public_url}/calendar/group/{group_global_id}.ics")
}

/// A group's public feed: its published activities (and those cancelled
/// after publishing, marked cancelled so calendars remove them). Repeating
/// activities are one event with their RRULE and EXDATEs, not expanded.
/// `None` when the group does not exist.
pub fn group_feed(
    conn: &mut DbConn,
    group_id: i64,
    public_url: &str,
) -> AppResult<Option<Calendar>> {
    let name: Option<String> = groups::table
        .find(group_id)
        .select(groups::name)
        .first(conn)
        .optional()?;
    let Some(name) = name else {
        return Ok(None);
    };
    let rows: Vec<Activity> = activities::table
        .filter(activities::group_id.eq(group_id))
        .filter(activities::published_at.is_not_null())
        .order((activities::starts_at.asc(), activities::id.asc()))
        .select(Activity::as_select())
        .load(conn)?;
    let events = rows
        .into_iter()
        .map(|a| {
            let url = format!("{public_url}/activities/{}", a.id);
            activity_event(&a, public_url, url)
        })
        .collect();
    Ok(Some(Calendar {
        name: format!("{name} (Kith)"),
        method: "PUBLISH",
        events,
    }))
}

/// An activity as one calendar event: the same UID, SEQUENCE and repeat
/// rule in the group feed and in the activity's own file, so a calendar
/// that has both keeps one copy.
fn activity_event(a: &Activity, public_url: &str, url: String) -> Event {
    Event {
        uid: activity_uid(a.id, public_url),
        sequence: a.sequence,
        stamp: a.updated_at,
        starts: a.starts_at,
        ends: a.ends_at,
        summary: a.title.clone(),
        location: a.location.clone(),
        description: a.description.clone(),
        url: Some(url),
        cancelled: a.status() == ActivityStatus::Cancelled,
        exdates: a.exdates(),
        rrule: a.recurrence.clone(),
        all_day: a.all_day,
    }
}

/// One activity's public calendar file (for "Add to calendar"): a single
/// event carrying its repeat rule, marked cancelled if it was cancelled
/// after publishing. Nothing about who booked. `None` unless the activity
/// was published (drafts are not public). `page_url` is its page in the
/// web app.
pub fn activity_feed(
    conn: &mut DbConn,
    activity_id: i64,
    public_url: &str,
    page_url: String,
) -> AppResult<Option<Calendar>> {
    let row: Option<(Activity, String)> = activities::table
        .inner_join(groups::table)
        .filter(activities::id.eq(activity_id))
        .filter(activities::published_at.is_not_null())
        .select((Activity::as_select(), groups::name))
        .first(conn)
        .optional()?;
    let Some((activity, group)) = row else {
        return Ok(None);
    };
    Ok(Some(Calendar {
        name: format!("{} – {group} (Kith)", activity.title),
        method: "PUBLISH",
        events: vec![activity_event(&activity, public_url, page_url)],
    }))
}
