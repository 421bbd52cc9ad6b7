//! Importing a group's existing calendar file as draft activities.
//!
//! The whole file is read first: a file that cannot be read imports nothing
//! (`INVALID_CALENDAR` with the line and reason). Events are matched to
//! earlier imports by their UID, so importing the same file again updates
//! instead of duplicating. Everything is written in one transaction.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{
    check_fields, find_many, insert, materialise, Activity, ActivityFields, ActivityStatus,
    HORIZON_DAYS,
};
use crate::calendar::import::{parse_calendar, ImportedEvent, SkippedEvent};
use crate::db::schema::{activities, activity_occurrences};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::{audit, groups};
use crate::error::{AppError, AppResult};

/// The category given to imported activities until a coordinator sets one.
pub const IMPORTED_CATEGORY: &str = "other";
/// The largest calendar file accepted, in bytes.
pub const MAX_ICS_BYTES: usize = 1024 * 1024;

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub created: Vec<Activity>,
    pub updated: Vec<Activity>,
    pub unchanged: Vec<Activity>,
    pub skipped: Vec<SkippedEvent>,
}

/// Import a calendar file into a group as draft activities (the group's
/// coordinators).
pub fn import_calendar(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    ics: &str,
    now: NaiveDateTime,
) -> AppResult<ImportReport> {
    let viewer = signed_in(actor)?;
    if ics.len() > MAX_ICS_BYTES {
        return Err(AppError::validation(
            "ics",
            "The calendar file is too large (at most 1 MB).",
        ));
    }
    let parsed = parse_calendar(ics, now).map_err(|e| AppError::InvalidCalendar {
        line: e.line,
        reason: e.reason,
    })?;
    write_tx(conn, |conn| {
        groups::find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, group_id)?;
        let mut report = ImportReport {
            skipped: parsed.skipped,
            ..ImportReport::default()
        };
        let uids: Vec<&str> = parsed.events.iter().map(|e| e.uid.as_str()).collect();
        let existing_ids: Vec<i64> = activities::table
            .filter(activities::group_id.eq(group_id))
            .filter(activities::ical_uid.eq_any(&uids))
            .select(activities::id)
            .load(conn)?;
        let existing = find_many(conn, &existing_ids)?;
        for event in parsed.events {
            let known = existing
                .iter()
                .find(|a| a.ical_uid.as_deref() == Some(event.uid.as_str()));
            match import_one(conn, group_id, viewer.person_id, &event, known, now)? {
                Outcome::Created(a) => report.created.push(a),
                Outcome::Updated(a) => report.updated.push(a),
                Outcome::Unchanged(a) => report.unchanged.push(a),
                Outcome::Skipped(reason) => report.skipped.push(SkippedEvent {
                    uid: Some(event.uid.clone()),
                    summary: Some(event.summary.clone()),
                    line: event.line,
                    reason,
                }),
            }
        }
        report.skipped.sort_by_key(|s| s.line);
        audit::record(
            conn,
            Some(viewer.person_id),
            "activity.import",
            "Group",
            group_id,
            &format!(
                "created {}, updated {}, unchanged {}, skipped {}",
                report.created.len(),
                report.updated.len(),
                report.unchanged.len(),
                report.skipped.len()
            ),
            now,
        )?;
        Ok(report)
    })
}

enum Outcome {
    Created(Activity),
    Updated(Activity),
    Unchanged(Activity),
    Skipped(String),
}

fn import_one(
    conn: &mut DbConn,
    group_id: i64,
    person_id: i64,
    event: &ImportedEvent,
    known: Option<&Activity>,
    now: NaiveDateTime,
) -> AppResult<Outcome> {
    let fields = ActivityFields {
        title: event.summary.clone(),
        description: Some(event.description.clone()),
        category: known
            .map(|a| a.category.clone())
            .unwrap_or_else(|| IMPORTED_CATEGORY.into()),
        starts_at: event.starts_at,
        ends_at: event.ends_at,
        all_day: event.all_day,
        recurrence: event.recurrence.clone(),
        exdates: event.exdates.clone(),
        capacity: known.and_then(|a| a.capacity),
        location: Some(event.location.clone()),
        coordinates: known.and_then(|a| Some((a.latitude?, a.longitude?))),
        accessibility: known.map(|a| a.accessibility.clone()),
        cost_pence: known.map(|a| a.cost_pence).unwrap_or(0),
        min_age: known.and_then(|a| a.min_age),
        max_age: known.and_then(|a| a.max_age),
    };
    let checked = match check_fields(fields, false) {
        Ok(c) => c,
        Err(e @ (AppError::Validation { .. } | AppError::InvalidRecurrence(_))) => {
            return Ok(Outcome::Skipped(e.to_string()))
        }
        Err(e) => return Err(e),
    };
    let upcoming = crate::calendar::recurrence::occurrences(
        checked.starts_at,
        checked.recurrence.as_deref(),
        &crate::calendar::recurrence::parse_exdates(&checked.exdates),
        now - (checked.ends_at - checked.starts_at),
        now + Duration::days(HORIZON_DAYS),
        1,
    )
    .unwrap_or_default();
    if upcoming.is_empty() {
        return Ok(Outcome::Skipped("it has no dates still to come".into()));
    }
    let Some(old) = known else {
        let created = insert(conn, group_id, &checked, Some(&event.uid), person_id, now)?;
        return Ok(Outcome::Created(created));
    };
    if old.status() == ActivityStatus::Cancelled {
        return Ok(Outcome::Skipped(
            "it was cancelled in Kith, so it is not changed by an import".into(),
        ));
    }
    let same = old.title == checked.title
        && old.description == checked.description
        && old.location == checked.location
        && old.starts_at == checked.starts_at
        && old.ends_at == checked.ends_at
        && old.all_day == checked.all_day
        && old.recurrence == checked.recurrence
        && old.exdates == checked.exdates;
    if same {
        return Ok(Outcome::Unchanged(old.clone()));
    }
    let until = now + Duration::days(HORIZON_DAYS);
    let updated: Activity = diesel::update(activities::table.find(old.id))
        .set((
            activities::title.eq(&checked.title),
            activities::description.eq(&checked.description),
            activities::location.eq(&checked.location),
            activities::starts_at.eq(checked.starts_at),
            activities::ends_at.eq(checked.ends_at),
            activities::all_day.eq(checked.all_day),
            activities::recurrence.eq(&checked.recurrence),
            activities::exdates.eq(&checked.exdates),
            activities::sequence.eq(old.sequence + 1),
            activities::occurrences_until.eq(until),
            activities::updated_at.eq(now),
        ))
        .returning(activities::all_columns)
        .get_result(conn)?;
    diesel::delete(
        activity_occurrences::table.filter(activity_occurrences::activity_id.eq(old.id)),
    )
    .execute(conn)?;
    materialise(conn, &updated, updated.starts_at, until)?;
    Ok(Outcome::Updated(updated))
}
