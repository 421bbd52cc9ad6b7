//! Help requests: a resident's ask (shopping, a lift, a chat…) handled by one
//! group. OPEN → ASSIGNED → COMPLETED, or CANCELLED (from OPEN or ASSIGNED),
//! or EXPIRED by the hourly job once the last preferred window has passed.
//!
//! Volunteers browsing open requests see minimised details only (first
//! name, area, a rough distance). The address, phone, private notes and full
//! name are shown only to the assigned volunteer, the group's coordinators,
//! admins and the resident ([`access`]); every such read by someone other
//! than the resident is logged in `sensitive_reads`. Every change made by
//! someone other than the resident is audited.
//!
//! Changes lock the request row ([`lock_help_request`]) inside a write
//! transaction, so two coordinators assigning at once give one ASSIGNED and
//! one `INVALID_TRANSITION`.

mod access;
mod lifecycle;
pub mod matching;

pub use access::*;
pub use lifecycle::*;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{groups as groups_table, help_requests, resident_profiles};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{active_role, can_coordinate, signed_in, Actor};
use crate::domain::groups::{self, text_enum};
use crate::domain::page::{self, bad_cursor, Cursor, Page};
use crate::domain::shifts::Near;
use crate::domain::{audit, people, residents, validate};
use crate::error::{AppError, AppResult};

text_enum! {
    /// What kind of help is asked for.
    HelpCategory {
        Shopping => "SHOPPING",
        PrescriptionCollection => "PRESCRIPTION_COLLECTION",
        Transport => "TRANSPORT",
        Befriending => "BEFRIENDING",
        OddJobs => "ODD_JOBS",
        DigitalHelp => "DIGITAL_HELP",
        FormFilling => "FORM_FILLING",
        Other => "OTHER",
    }
}

impl HelpCategory {
    /// Whether this kind of help usually means going into the resident's
    /// home (shopping, prescriptions and lifts are handed over at the door).
    pub fn usually_at_home(self) -> bool {
        !matches!(
            self,
            HelpCategory::Shopping | HelpCategory::PrescriptionCollection | HelpCategory::Transport
        )
    }
}

text_enum! {
    /// How soon help is needed.
    HelpUrgency {
        Routine => "ROUTINE",
        Soon => "SOON",
        Urgent => "URGENT",
    }
}

impl HelpUrgency {
    /// Sort rank: the open listing shows the highest first.
    pub fn rank(self) -> i32 {
        match self {
            HelpUrgency::Routine => 1,
            HelpUrgency::Soon => 2,
            HelpUrgency::Urgent => 3,
        }
    }
}

text_enum! {
    /// Where a help request stands.
    HelpStatus {
        Open => "OPEN",
        Assigned => "ASSIGNED",
        Completed => "COMPLETED",
        Cancelled => "CANCELLED",
        Expired => "EXPIRED",
    }
}

/// A help request as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = help_requests)]
pub struct HelpRequest {
    pub id: i64,
    pub resident_id: i64,
    pub group_id: i64,
    pub requested_by: i64,
    pub category: String,
    pub description: String,
    pub notes: String,
    pub urgency: String,
    pub urgency_rank: i32,
    pub preferred_times: String,
    pub last_window_ends_at: NaiveDateTime,
    pub status: String,
    pub assigned_volunteer_id: Option<i64>,
    pub assigned_by: Option<i64>,
    pub assigned_at: Option<NaiveDateTime>,
    pub minutes: Option<i32>,
    pub completion_notes: Option<String>,
    pub completed_by: Option<i64>,
    pub completed_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub cancelled_by: Option<i64>,
    pub cancelled_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub required_skills: String,
    pub home_visit: bool,
}

impl HelpRequest {
    pub fn status(&self) -> HelpStatus {
        HelpStatus::parse(&self.status).unwrap_or(HelpStatus::Open)
    }

    pub fn category(&self) -> HelpCategory {
        HelpCategory::parse(&self.category).unwrap_or(HelpCategory::Other)
    }

    pub fn urgency(&self) -> HelpUrgency {
        HelpUrgency::parse(&self.urgency).unwrap_or(HelpUrgency::Routine)
    }

    /// Skills whoever helps should have (lower case).
    pub fn required_skills(&self) -> Vec<String> {
        crate::domain::volunteers::split_list(&self.required_skills)
    }

    /// The preferred windows, (start, end) in UTC, in the order given.
    pub fn windows(&self) -> Vec<(NaiveDateTime, NaiveDateTime)> {
        decode_windows(&self.preferred_times)
    }
}

const WINDOW_TIME: &str = "%Y-%m-%dT%H:%M:%S";

fn encode_windows(windows: &[(NaiveDateTime, NaiveDateTime)]) -> String {
    windows
        .iter()
        .map(|(s, e)| format!("{}/{}", s.format(WINDOW_TIME), e.format(WINDOW_TIME)))
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_windows(text: &str) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    text.split(',')
        .filter_map(|pair| {
            let (s, e) = pair.split_once('/')?;
            Some((
                NaiveDateTime::parse_from_str(s, WINDOW_TIME).ok()?,
                NaiveDateTime::parse_from_str(e, WINDOW_TIME).ok()?,
            ))
        })
        .collect()
}

/// Most preferred windows a request may give.
pub const MAX_WINDOWS: usize = 10;
/// The longest preferred window.
pub const MAX_WINDOW_HOURS: i64 = 12;

/// Input to [`request_help`].
#[derive(Debug, Clone)]
pub struct NewHelpRequest {
    /// The resident to help; `None` means the caller.
    pub resident_id: Option<i64>,
    pub group_id: i64,
    pub category: HelpCategory,
    pub description: String,
    pub notes: Option<String>,
    pub urgency: HelpUrgency,
    pub preferred_times: Vec<(NaiveDateTime, NaiveDateTime)>,
    /// Skills whoever helps should have.
    pub required_skills: Vec<String>,
    /// Whether helping means going into the home; `None` takes the
    /// category's usual answer ([`HelpCategory::usually_at_home`]).
    pub home_visit: Option<bool>,
}

fn check_windows(
    windows: &[(NaiveDateTime, NaiveDateTime)],
    now: NaiveDateTime,
) -> AppResult<Vec<(NaiveDateTime, NaiveDateTime)>> {
    if windows.is_empty() || windows.len() > MAX_WINDOWS {
        return Err(AppError::validation(
            "preferredTimes",
            format!("Give between 1 and {MAX_WINDOWS} preferred times."),
        ));
    }
    let mut out = Vec::with_capacity(windows.len());
    for &(s, e) in windows {
        // Whole seconds are all that is stored.
        let s = s.with_nanosecond_zero();
        let e = e.with_nanosecond_zero();
        if e <= s {
            return Err(AppError::validation(
                "preferredTimes",
                "Each preferred time must end after it starts.",
            ));
        }
        if e - s > Duration::hours(MAX_WINDOW_HOURS) {
            return Err(AppError::validation(
                "preferredTimes",
                format!("Each preferred time can be at most {MAX_WINDOW_HOURS} hours long."),
            ));
        }
        if e <= now {
            return Err(AppError::validation(
                "preferredTimes",
                "Each preferred time must end in the future.",
            ));
        }
        out.push((s, e));
    }
    Ok(out)
}

trait ZeroNanos {
    fn with_nanosecond_zero(self) -> Self;
}

impl ZeroNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<HelpRequest>> {
    Ok(help_requests::table
        .find(id)
        .select(HelpRequest::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<HelpRequest>> {
    Ok(help_requests::table
        .filter(help_requests::id.eq_any(ids))
        .select(HelpRequest::as_select())
        .load(conn)?)
}

/// Lock a help request row for the rest of the transaction. PostgreSQL
/// takes a row lock; on SQLite the write transaction already holds the
/// database lock.
pub fn lock_help_request(conn: &mut DbConn, id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        help_requests::table
            .find(id)
            .select(help_requests::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Raise a help request: for the caller, or for a resident the caller can
/// act for (recorded as `requested_by` and audited). The resident must be an
/// active member of the handling group, or the caller must coordinate it.
/// An URGENT request is emailed at once to the best-matching volunteers
/// ([`matching::alert_urgent`]).
pub fn request_help(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    input: NewHelpRequest,
    now: NaiveDateTime,
) -> AppResult<HelpRequest> {
    let viewer = signed_in(actor)?;
    let resident_id = input.resident_id.unwrap_or(viewer.person_id);
    let description = validate::text("description", &input.description, 3, 500)?;
    let notes = validate::text("notes", input.notes.as_deref().unwrap_or(""), 0, 2000)?;
    let windows = check_windows(&input.preferred_times, now)?;
    let required_skills =
        crate::domain::volunteers::normalise_labels("requiredSkills", &input.required_skills)?;
    let home_visit = input
        .home_visit
        .unwrap_or_else(|| input.category.usually_at_home());
    let last_end = windows.iter().map(|w| w.1).max().unwrap_or(now);
    write_tx(conn, |conn| {
        if people::find(conn, resident_id)?.is_none()
            || !residents::can_act_for(conn, &viewer, resident_id)?
        {
            return Err(AppError::NotFound("That resident"));
        }
        groups::find(conn, input.group_id)?.ok_or(AppError::NotFound("That group"))?;
        let member = active_role(conn, resident_id, input.group_id)?.is_some();
        if !member && !can_coordinate(conn, &viewer, input.group_id)? {
            return Err(AppError::forbidden(
                "The resident must be a member of this group, or you must coordinate it.",
            ));
        }
        let request: HelpRequest = diesel::insert_into(help_requests::table)
            .values((
                help_requests::resident_id.eq(resident_id),
                help_requests::group_id.eq(input.group_id),
                help_requests::requested_by.eq(viewer.person_id),
                help_requests::category.eq(input.category.as_str()),
                help_requests::description.eq(&description),
                help_requests::notes.eq(&notes),
                help_requests::urgency.eq(input.urgency.as_str()),
                help_requests::urgency_rank.eq(input.urgency.rank()),
                help_requests::preferred_times.eq(encode_windows(&windows)),
                help_requests::last_window_ends_at.eq(last_end),
                help_requests::status.eq(HelpStatus::Open.as_str()),
                help_requests::created_at.eq(now),
                help_requests::updated_at.eq(now),
                help_requests::required_skills.eq(&required_skills),
                help_requests::home_visit.eq(home_visit),
            ))
            .returning(help_requests::all_columns)
            .get_result(conn)?;
        audit_for(conn, viewer.person_id, &request, "help.request", "", now)?;
        if request.urgency() == HelpUrgency::Urgent {
            matching::alert_urgent(conn, public_url, &request, viewer.person_id, now)?;
        }
        Ok(request)
    })
}

/// Audit an action on a request unless the resident did it themself.
pub(crate) fn audit_for(
    conn: &mut DbConn,
    actor_id: i64,
    request: &HelpRequest,
    action: &str,
    detail: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    if actor_id == request.resident_id {
        return Ok(());
    }
    audit::record(
        conn,
        Some(actor_id),
        action,
        "HelpRequest",
        request.id,
        detail,
        now,
    )
}

/// An open request in the volunteers' listing, with its distance from the
/// searched point when there was one.
pub type Listed = (HelpRequest, Option<f64>);

/// Great-circle distance in kilometres.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lng1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lng2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// A distance rounded to the nearest half kilometre (so it cannot pin down
/// an address).
pub fn rough_km(km: f64) -> f64 {
    (km * 2.0).round() / 2.0
}

/// Parse a category filter given as text ("SHOPPING", "shopping").
pub fn parse_category(text: &str) -> AppResult<HelpCategory> {
    let normal = text.trim().to_uppercase().replace([' ', '-'], "_");
    HelpCategory::parse(&normal).ok_or_else(|| {
        AppError::validation(
            "category",
            "That is not a help category (for example SHOPPING or TRANSPORT).",
        )
    })
}

/// OPEN requests for signed-in volunteers: most urgent first, then oldest.
/// `near` keeps requests whose resident's stored position falls in the
/// circle's bounding box, and gives each its distance from the point.
pub fn open_requests(
    conn: &mut DbConn,
    actor: &Actor,
    near: Option<Near>,
    category: Option<HelpCategory>,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Listed>> {
    signed_in(actor)?;
    if let Some(n) = near {
        n.check()?;
    }
    let base = || {
        let mut q = help_requests::table
            .left_join(
                resident_profiles::table
                    .on(resident_profiles::person_id.eq(help_requests::resident_id)),
            )
            .filter(help_requests::status.eq(HelpStatus::Open.as_str()))
            .into_boxed();
        if let Some(c) = category {
            q = q.filter(help_requests::category.eq(c.as_str()));
        }
        if let Some(n) = near {
            let (lat0, lat1, lng0, lng1) = n.bounds();
            q = q
                .filter(resident_profiles::latitude.between(lat0, lat1))
                .filter(resident_profiles::longitude.between(lng0, lng1));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        let (rank, created) = decode_open_key(&c.key)?;
        q = q.filter(
            help_requests::urgency_rank
                .lt(rank)
                .or(help_requests::urgency_rank.eq(rank).and(
                    help_requests::created_at
                        .gt(created)
                        .or(help_requests::created_at
                            .eq(created)
                            .and(help_requests::id.gt(c.id))),
                )),
        );
    }
    let rows: Vec<(HelpRequest, Option<f64>, Option<f64>)> = q
        .order((
            help_requests::urgency_rank.desc(),
            help_requests::created_at.asc(),
            help_requests::id.asc(),
        ))
        .limit(first + 1)
        .select((
            HelpRequest::as_select(),
            resident_profiles::latitude.nullable(),
            resident_profiles::longitude.nullable(),
        ))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(r, lat, lng)| {
            let distance = match (near, lat, lng) {
                (Some(n), Some(lat), Some(lng)) => Some(rough_km(haversine_km(
                    (n.latitude, n.longitude),
                    (lat, lng),
                ))),
                _ => None,
            };
            let key = format!("{}|{}", r.urgency_rank, page::format_time(r.created_at));
            (Cursor::new(key, r.id), (r, distance))
        })
        .collect();
    Ok(page::finish(rows, first, total))
}

fn decode_open_key(key: &str) -> AppResult<(i32, NaiveDateTime)> {
    let (rank, created) = key.split_once('|').ok_or_else(bad_cursor)?;
    Ok((
        rank.parse().map_err(|_| bad_cursor())?,
        page::parse_time(created)?,
    ))
}

/// The caller's own help requests (as the resident), newest first.
pub fn my_requests(
    conn: &mut DbConn,
    actor: &Actor,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<HelpRequest>> {
    let viewer = signed_in(actor)?;
    let mine = || {
        help_requests::table
            .filter(help_requests::resident_id.eq(viewer.person_id))
            .into_boxed()
    };
    let total: i64 = mine().count().get_result(conn)?;
    let mut q = mine();
    if let Some(c) = after {
        let created = c.time()?;
        q = q.filter(
            help_requests::created_at
                .lt(created)
                .or(help_requests::created_at
                    .eq(created)
                    .and(help_requests::id.lt(c.id))),
        );
    }
    let rows: Vec<HelpRequest> = q
        .order((help_requests::created_at.desc(), help_requests::id.desc()))
        .limit(first + 1)
        .select(HelpRequest::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|r| (Cursor::at(r.created_at, r.id), r))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// The name of a group, for emails.
pub(crate) fn group_name(conn: &mut DbConn, group_id: i64) -> AppResult<String> {
    Ok(groups_table::table
        .find(group_id)
        .select(groups_table::name)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}
