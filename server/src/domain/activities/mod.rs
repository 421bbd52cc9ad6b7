//! Activities: what groups run for residents, one-off or repeating.
//!
//! A repeating activity keeps its rule (RRULE, expanded in Europe/London
//! local time) and its left-out dates; its occurrences are also materialised
//! in `activity_occurrences` up to [`HORIZON_DAYS`] ahead (topped up daily by
//! [`extend_horizon`]) so listings filter by time in SQL. Residents book a
//! single occurrence ([`bookings`]).

mod bookings;
mod import;

pub use bookings::*;
pub use import::*;

use chrono::{Duration, NaiveDateTime};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Timestamp};

use crate::calendar::recurrence;
use crate::db::schema::{activities, activity_occurrences};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::groups::{self, text_enum};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::shifts::Near;
use crate::domain::volunteers::check_location;
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};

text_enum! {
    /// Where an activity stands.
    ActivityStatus {
        Draft => "DRAFT",
        Published => "PUBLISHED",
        Cancelled => "CANCELLED",
    }
}

/// How far ahead occurrences are materialised.
pub const HORIZON_DAYS: i64 = 400;
/// The job tops up activities whose materialised occurrences end sooner.
const TOP_UP_DAYS: i64 = 370;
/// The longest single occurrence.
const MAX_LENGTH_DAYS: i64 = 7;

/// An activity as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = activities)]
pub struct Activity {
    pub id: i64,
    pub group_id: i64,
    pub title: String,
    pub description: String,
    pub category: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub all_day: bool,
    pub recurrence: Option<String>,
    pub exdates: String,
    pub capacity: Option<i32>,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accessibility: String,
    pub cost_pence: i32,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub sequence: i32,
    pub ical_uid: Option<String>,
    pub occurrences_until: NaiveDateTime,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

impl Activity {
    pub fn status(&self) -> ActivityStatus {
        ActivityStatus::parse(&self.status).unwrap_or(ActivityStatus::Draft)
    }

    /// Occurrence starts (UTC) left out of the series.
    pub fn exdates(&self) -> Vec<NaiveDateTime> {
        recurrence::parse_exdates(&self.exdates)
    }

    /// How long each occurrence lasts.
    pub fn length(&self) -> Duration {
        self.ends_at - self.starts_at
    }

    /// Occurrences (start, end) that end after `from` and start before
    /// `until`, oldest first, at most `limit`. Computed from the rule, so no
    /// database round trip.
    pub fn occurrences(
        &self,
        from: NaiveDateTime,
        until: NaiveDateTime,
        limit: usize,
    ) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        let length = self.length();
        recurrence::occurrences(
            self.starts_at,
            self.recurrence.as_deref(),
            &self.exdates(),
            from - length + Duration::seconds(1),
            until,
            limit,
        )
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s, s + length))
        .collect()
    }

    /// Whether anyone may see it without being one of the group's
    /// coordinators: published, or cancelled after being published.
    pub fn is_public(&self) -> bool {
        self.published_at.is_some()
    }
}

/// What a new activity (or an imported one) is.
#[derive(Debug, Clone, Default)]
pub struct ActivityFields {
    pub title: String,
    pub description: Option<String>,
    pub category: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub all_day: bool,
    pub recurrence: Option<String>,
    pub exdates: Vec<NaiveDateTime>,
    pub capacity: Option<i32>,
    pub location: Option<String>,
    pub coordinates: Option<(f64, f64)>,
    pub accessibility: Option<String>,
    pub cost_pence: i32,
    pub min_age: Option<i32>,
    pub max_age: Option<i32>,
}

/// Fields checked and put in stored form.
#[derive(Debug, Clone, PartialEq)]
struct CheckedFields {
    title: String,
    description: String,
    category: String,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    all_day: bool,
    recurrence: Option<String>,
    exdates: String,
    capacity: Option<i32>,
    location: String,
    coordinates: Option<(f64, f64)>,
    accessibility: String,
    cost_pence: i32,
    min_age: Option<i32>,
    max_age: Option<i32>,
}

/// Check an activity's fields. With `strict_exdates`, a left-out date that
/// is not one of the activity's dates is an error (a typing slip); an
/// import drops such dates instead.
fn check_fields(f: ActivityFields, strict_exdates: bool) -> AppResult<CheckedFields> {
    let title = validate::text("title", &f.title, 2, 120)?;
    let description = validate::text(
        "description",
        f.description.as_deref().unwrap_or(""),
        0,
        4000,
    )?;
    let category = validate::text("category", &f.category, 2, 40)?.to_lowercase();
    if category.contains('\n') {
        return Err(AppError::validation(
            "category",
            "The category must be on one line.",
        ));
    }
    let location = validate::text("location", f.location.as_deref().unwrap_or(""), 0, 200)?;
    let accessibility = validate::text(
        "accessibility",
        f.accessibility.as_deref().unwrap_or(""),
        0,
        1000,
    )?;
    if f.ends_at <= f.starts_at {
        return Err(AppError::validation(
            "endsAt",
            "An activity must end after it starts.",
        ));
    }
    if f.ends_at - f.starts_at > Duration::days(MAX_LENGTH_DAYS) {
        return Err(AppError::validation(
            "endsAt",
            "Each time an activity runs can last at most 7 days.",
        ));
    }
    if let Some((lat, lng)) = f.coordinates {
        check_location("coordinates", lat, lng)?;
    }
    if let Some(c) = f.capacity {
        if !(1..=10_000).contains(&c) {
            return Err(AppError::validation(
                "capacity",
                "Capacity must be between 1 and 10000.",
            ));
        }
    }
    if !(0..=1_000_000).contains(&f.cost_pence) {
        return Err(AppError::validation(
            "costPence",
            "The cost must be between 0 and 1000000 pence.",
        ));
    }
    for (field, age) in [("minAge", f.min_age), ("maxAge", f.max_age)] {
        if age.is_some_and(|a| !(0..=120).contains(&a)) {
            return Err(AppError::validation(
                field,
                "Ages must be between 0 and 120.",
            ));
        }
    }
    if let (Some(lo), Some(hi)) = (f.min_age, f.max_age) {
        if lo > hi {
            return Err(AppError::validation(
                "maxAge",
                "The oldest age must not be below the youngest.",
            ));
        }
    }
    let recurrence = match f.recurrence.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(rule) => {
            Some(recurrence::check_rule(rule, f.starts_at).map_err(AppError::InvalidRecurrence)?)
        }
    };
    let mut exdates = Vec::new();
    for ex in f.exdates {
        let is_date = recurrence::has_occurrence(f.starts_at, recurrence.as_deref(), &[], ex)
            .map_err(AppError::InvalidRecurrence)?;
        if is_date {
            exdates.push(ex);
        } else if strict_exdates {
            return Err(AppError::validation(
                "exdates",
                format!(
                    "{} is not one of the activity's dates, so it cannot be left out.",
                    crate::domain::time::describe_local(ex, ex + (f.ends_at - f.starts_at))
                ),
            ));
        }
    }
    if recurrence.is_none() && !exdates.is_empty() {
        return Err(AppError::validation(
            "exdates",
            "Only a repeating activity can leave dates out.",
        ));
    }
    Ok(CheckedFields {
        title,
        description,
        category,
        starts_at: f.starts_at,
        ends_at: f.ends_at,
        all_day: f.all_day,
        recurrence,
        exdates: recurrence::format_exdates(&exdates),
        capacity: f.capacity,
        location,
        coordinates: f.coordinates,
        accessibility,
        cost_pence: f.cost_pence,
        min_age: f.min_age,
        max_age: f.max_age,
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Activity>> {
    Ok(activities::table
        .find(id)
        .select(Activity::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Activity>> {
    Ok(activities::table
        .filter(activities::id.eq_any(ids))
        .select(Activity::as_select())
        .load(conn)?)
}

/// Post a new activity as a draft (the group's coordinators).
pub fn create_activity(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    fields: ActivityFields,
    now: NaiveDateTime,
) -> AppResult<Activity> {
    let viewer = signed_in(actor)?;
    let checked = check_fields(fields, true)?;
    write_tx(conn, |conn| {
        groups::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, group_id)?;
        let activity = insert(conn, group_id, &checked, None, viewer.person_id, now)?;
        if !has_dates_after(conn, activity.id, now)? {
            return Err(AppError::validation(
                "startsAt",
                "The activity has no dates in the future.",
            ));
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            "activity.create",
            "Activity",
            activity.id,
            "",
            now,
        )?;
        Ok(activity)
    })
}

fn insert(
    conn: &mut DbConn,
    group_id: i64,
    f: &CheckedFields,
    ical_uid: Option<&str>,
    created_by: i64,
    now: NaiveDateTime,
) -> AppResult<Activity> {
    let until = now + Duration::days(HORIZON_DAYS);
    let activity: Activity = diesel::insert_into(activities::table)
        .values((
            activities::group_id.eq(group_id),
            activities::title.eq(&f.title),
            activities::description.eq(&f.description),
            activities::category.eq(&f.category),
            activities::starts_at.eq(f.starts_at),
            activities::ends_at.eq(f.ends_at),
            activities::all_day.eq(f.all_day),
            activities::recurrence.eq(&f.recurrence),
            activities::exdates.eq(&f.exdates),
            activities::capacity.eq(f.capacity),
            activities::location.eq(&f.location),
            activities::latitude.eq(f.coordinates.map(|c| c.0)),
            activities::longitude.eq(f.coordinates.map(|c| c.1)),
            activities::accessibility.eq(&f.accessibility),
            activities::cost_pence.eq(f.cost_pence),
            activities::min_age.eq(f.min_age),
            activities::max_age.eq(f.max_age),
            activities::status.eq(ActivityStatus::Draft.as_str()),
            activities::sequence.eq(0),
            activities::ical_uid.eq(ical_uid),
            activities::occurrences_until.eq(until),
            activities::created_by.eq(created_by),
            activities::created_at.eq(now),
            activities::updated_at.eq(now),
        ))
        .returning(activities::all_columns)
        .get_result(conn)?;
    materialise(conn, &activity, activity.starts_at, until)?;
    Ok(activity)
}

/// Write the activity's occurrences starting in `[from, until)`.
fn materialise(
    conn: &mut DbConn,
    activity: &Activity,
    from: NaiveDateTime,
    until: NaiveDateTime,
) -> AppResult<usize> {
    let starts = recurrence::occurrences(
        activity.starts_at,
        activity.recurrence.as_deref(),
        &activity.exdates(),
        from,
        until,
        recurrence::MAX_OCCURRENCES,
    )
    .map_err(AppError::InvalidRecurrence)?;
    let length = activity.length();
    let rows: Vec<_> = starts
        .iter()
        .map(|s| {
            (
                activity_occurrences::activity_id.eq(activity.id),
                activity_occurrences::starts_at.eq(*s),
                activity_occurrences::ends_at.eq(*s + length),
            )
        })
        .collect();
    // Multi-row inserts, one statement per chunk; the multi-backend
    // connection does not batch, so each backend is addressed directly.
    let mut written = 0;
    for chunk in rows.chunks(200) {
        let insert = diesel::insert_into(activity_occurrences::table).values(chunk);
        written += match conn {
            DbConn::Pg(pg) => insert.execute(pg)?,
            DbConn::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(written)
}

fn has_dates_after(conn: &mut DbConn, activity_id: i64, now: NaiveDateTime) -> AppResult<bool> {
    Ok(diesel::select(diesel::dsl::exists(
        activity_occurrences::table
            .filter(activity_occurrences::activity_id.eq(activity_id))
            .filter(activity_occurrences::ends_at.gt(now)),
    ))
    .get_result(conn)?)
}

/// Lock an activity row for the rest of the transaction (PostgreSQL; on
/// SQLite the write transaction already holds the database lock).
pub fn lock_activity(conn: &mut DbConn, activity_id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        activities::table
            .find(activity_id)
            .select(activities::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Publish a draft so everyone can find and book it.
pub fn publish_activity(
    conn: &mut DbConn,
    actor: &Actor,
    id: i64,
    now: NaiveDateTime,
) -> AppResult<Activity> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        lock_activity(conn, id)?;
        let activity = find(conn, id)?.ok_or(AppError::NotFound("That activity"))?;
        require_coordinator(conn, &viewer, activity.group_id)?;
        match activity.status() {
            ActivityStatus::Draft => {}
            ActivityStatus::Published => {
                return Err(AppError::InvalidTransition(
                    "This activity is already published.".into(),
                ))
            }
            ActivityStatus::Cancelled => {
                return Err(AppError::InvalidTransition(
                    "A cancelled activity cannot be published.".into(),
                ))
            }
        }
        if !has_dates_after(conn, id, now)? {
            return Err(AppError::validation(
                "id",
                "This activity has no dates in the future, so there is nothing to publish.",
            ));
        }
        let updated: Activity = diesel::update(activities::table.find(id))
            .set((
                activities::status.eq(ActivityStatus::Published.as_str()),
                activities::published_at.eq(now),
                activities::updated_at.eq(now),
            ))
            .returning(activities::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "activity.publish",
            "Activity",
            id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

/// Cancel an activity (the group's coordinators). Bookings of dates still
/// to come are cancelled with it and their holders emailed; calendars see it
/// as cancelled.
pub fn cancel_activity(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<Activity> {
    let viewer = signed_in(actor)?;
    let reason = validate::text("reason", reason, 1, 500)?;
    write_tx(conn, |conn| {
        lock_activity(conn, id)?;
        let activity = find(conn, id)?.ok_or(AppError::NotFound("That activity"))?;
        require_coordinator(conn, &viewer, activity.group_id)?;
        if activity.status() == ActivityStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "This activity is already cancelled.".into(),
            ));
        }
        let updated: Activity = diesel::update(activities::table.find(id))
            .set((
                activities::status.eq(ActivityStatus::Cancelled.as_str()),
                activities::cancel_reason.eq(&reason),
                activities::sequence.eq(activity.sequence + 1),
                activities::updated_at.eq(now),
            ))
            .returning(activities::all_columns)
            .get_result(conn)?;
        bookings::cancel_future_bookings(conn, public_url, &updated, now)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "activity.cancel",
            "Activity",
            id,
            &reason,
            now,
        )?;
        Ok(updated)
    })
}

/// Filters for the public listing.
#[derive(Debug, Clone, Default)]
pub struct ActivityFilter {
    pub group_id: Option<i64>,
    pub category: Option<String>,
    pub from: NaiveDateTime,
    pub to: Option<NaiveDateTime>,
    pub near: Option<Near>,
}

/// Published activities with a date in the window, the soonest next date
/// first. One statement for the rows and one for the total.
pub fn list_published(
    conn: &mut DbConn,
    filter: ActivityFilter,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<(Activity, NaiveDateTime)>> {
    if let Some(n) = filter.near {
        n.check()?;
    }
    let from = filter.from;
    let to = filter
        .to
        .unwrap_or(from + Duration::days(HORIZON_DAYS * 10));
    if to <= from {
        return Err(AppError::validation("to", "`to` must be after `from`."));
    }
    let category = filter.category.as_deref().map(|c| c.trim().to_lowercase());
    // The first date of each activity inside the window.
    let next = move || {
        sql::<Nullable<Timestamp>>(
            "(SELECT MIN(o.starts_at) FROM activity_occurrences o \
             WHERE o.activity_id = activities.id AND o.ends_at > ",
        )
        .bind::<Timestamp, _>(from)
        .sql(" AND o.starts_at < ")
        .bind::<Timestamp, _>(to)
        .sql(")")
    };
    let base = || {
        let mut q = activities::table
            .filter(activities::status.eq(ActivityStatus::Published.as_str()))
            .filter(next().is_not_null())
            .into_boxed();
        if let Some(g) = filter.group_id {
            q = q.filter(activities::group_id.eq(g));
        }
        if let Some(c) = category.clone() {
            q = q.filter(activities::category.eq(c));
        }
        if let Some(n) = filter.near {
            let (lat0, lat1, lng0, lng1) = n.bounds();
            q = q
                .filter(activities::latitude.between(lat0, lat1))
                .filter(activities::longitude.between(lng0, lng1));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        let key = c.time()?;
        q = q.filter(
            next()
                .gt(key)
                .or(next().eq(key).and(activities::id.gt(c.id))),
        );
    }
    let rows: Vec<(Activity, Option<NaiveDateTime>)> = q
        .order((next().asc(), activities::id.asc()))
        .limit(first + 1)
        .select((Activity::as_select(), next()))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .filter_map(|(a, next)| {
            let next = next?;
            Some((Cursor::at(next, a.id), (a, next)))
        })
        .collect();
    Ok(page::finish(rows, first, total))
}

/// A group's activities for its coordinators (drafts too), newest first.
pub fn list_for_group(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Activity>> {
    let viewer = signed_in(actor)?;
    require_coordinator(conn, &viewer, group_id)?;
    let total: i64 = activities::table
        .filter(activities::group_id.eq(group_id))
        .count()
        .get_result(conn)?;
    let mut q = activities::table
        .filter(activities::group_id.eq(group_id))
        .into_boxed();
    if let Some(c) = after {
        q = q.filter(activities::id.lt(c.id));
    }
    let rows: Vec<Activity> = q
        .order(activities::id.desc())
        .limit(first + 1)
        .select(Activity::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|a| (Cursor::new("", a.id), a))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Whether the viewer may see this activity: public ones to everyone,
/// drafts to the group's coordinators.
pub fn can_see(conn: &mut DbConn, actor: &Actor, activity: &Activity) -> AppResult<bool> {
    if activity.is_public() {
        return Ok(true);
    }
    match actor {
        None => Ok(false),
        Some(v) => crate::domain::authz::can_coordinate(conn, v, activity.group_id),
    }
}

/// Daily: materialise occurrences of repeating activities that are running
/// out, so listings always see about a year ahead. Returns rows written.
pub fn extend_horizon(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let until = now + Duration::days(HORIZON_DAYS);
    let due: Vec<Activity> = activities::table
        .filter(activities::occurrences_until.lt(now + Duration::days(TOP_UP_DAYS)))
        .filter(activities::recurrence.is_not_null())
        .filter(activities::status.ne(ActivityStatus::Cancelled.as_str()))
        .select(Activity::as_select())
        .load(conn)?;
    let mut written = 0;
    for activity in due {
        written += write_tx(conn, |conn| {
            // Re-read under the lock: another instance may have topped it up.
            lock_activity(conn, activity.id)?;
            let Some(current) = find(conn, activity.id)? else {
                return Ok(0);
            };
            if current.occurrences_until >= until {
                return Ok(0);
            }
            let n = materialise(conn, &current, current.occurrences_until, until)?;
            diesel::update(activities::table.find(current.id))
                .set(activities::occurrences_until.eq(until))
                .execute(conn)?;
            Ok(n)
        })?;
    }
    Ok(written)
}
