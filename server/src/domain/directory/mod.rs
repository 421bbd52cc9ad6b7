//! The open directory of local support: published activities with a date
//! still to come, and the groups that run them, searchable by anyone
//! without signing in.
//!
//! Filters: free text, category (or taxonomy term), distance from a point
//! or a postcode district's centroid, the London weekday of a coming date,
//! and age. Drafts, cancelled activities and activities whose dates have
//! all passed never appear.
//!
//! **Ranking.** First the text match score: 4 when the search text is in
//! the title, plus 2 when it is in the group's name, plus 1 when it is in
//! the description (so a title match always outranks any other mix; 0
//! without search text, and with search text only scores above 0 are
//! listed). Then the distance from the searched point, nearest first (an
//! activity without a place of its own is placed at its group's postcode
//! district centroid; one with neither comes last). Then the id.
//!
//! **Distance** is the equirectangular approximation (the same number is
//! used to filter, rank and show, so the order and the figures always
//! agree); within the 200 km a search may cover it is within 0.5% of the
//! great-circle distance. Text matching ignores the case of ASCII letters
//! and treats the search text as one phrase.
//!
//! One statement ranks the page (and counts the whole list with a window
//! function), a second loads the page's activities with their groups.

pub mod identifiers;
mod postcodes;
pub mod taxonomy;

pub use postcodes::*;

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Nullable, Text, Timestamp};

use crate::db::schema::{activities, groups};
use crate::db::DbConn;
use crate::domain::activities::{Activity, ActivityStatus, HORIZON_DAYS};
use crate::domain::checkins::london_midnight;
use crate::domain::groups::Group;
use crate::domain::page::{self, bad_cursor, Cursor, Page};
use crate::domain::volunteers::Weekday;
use crate::error::{AppError, AppResult};

use taxonomy::Term;

/// Points for the search text appearing in the title.
pub const TITLE_POINTS: i32 = 4;
/// Points for the search text appearing in the group's name.
pub const GROUP_POINTS: i32 = 2;
/// Points for the search text appearing in the description.
pub const DESCRIPTION_POINTS: i32 = 1;
/// The widest search radius.
pub const MAX_RADIUS_KM: f64 = 200.0;
/// Longest search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;
/// Kilometres per degree of latitude (and of longitude at the equator).
const KM_PER_DEGREE: f64 = 111.195;
/// Sort key of activities without a distance: after every real one.
const NO_DISTANCE: f64 = 1.0e18;

/// Which categories to list.
#[derive(Debug, Clone, Default)]
pub enum CategoryFilter {
    /// Every category.
    #[default]
    Any,
    /// One category, as groups write it (compared in lower case).
    Category(String),
    /// The categories a taxonomy term covers (for `other`: those no term names).
    Term(&'static Term),
}

/// The point a search is around.
#[derive(Debug, Clone)]
pub enum Place {
    /// A point on the map.
    Point { latitude: f64, longitude: f64 },
    /// A full postcode or a district, searched from the district's centroid.
    Postcode(String),
}

/// A place to search around, and how far.
#[derive(Debug, Clone)]
pub struct Origin {
    pub place: Place,
    /// Only activities within this distance; `None` ranks by distance
    /// without leaving any out.
    pub radius_km: Option<f64>,
    /// The input field errors about the place are reported on.
    pub field: &'static str,
}

/// What to look for. Build `search` with [`search_text`].
#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    /// Lower-case search phrase.
    pub search: Option<String>,
    pub category: CategoryFilter,
    pub near: Option<Origin>,
    /// Only activities with a coming date on this London weekday.
    pub day: Option<Weekday>,
    /// Only activities open to someone of this age (no limit when the
    /// activity gives none).
    pub age: Option<i32>,
    /// Only activities whose youngest age is at least this (none given
    /// counts as 0). The Open Referral UK `minimum_age` filter.
    pub minimum_age_at_least: Option<i32>,
    /// Only activities whose oldest age is given and at most this. The Open
    /// Referral UK `maximum_age` filter.
    pub maximum_age_at_most: Option<i32>,
    /// Only this activity.
    pub activity_id: Option<i64>,
}

/// How to page through the results.
#[derive(Debug, Clone)]
pub enum Paging {
    /// Relay style: `first` after a cursor.
    Keyset { first: i64, after: Option<Cursor> },
    /// Numbered pages: skip `offset`, take `limit`.
    Offset { offset: i64, limit: i64 },
}

/// One directory entry.
#[derive(Debug, Clone)]
pub struct Listed {
    pub activity: Activity,
    pub group: Group,
    /// Where it is placed: its own coordinates, else its group's district
    /// centroid.
    pub position: Option<(f64, f64)>,
    /// Whether `position` is the group's district centroid.
    pub placed_by_district: bool,
    /// The text match score (see the module documentation).
    pub score: i32,
    /// Kilometres from the searched point, when there was one.
    pub distance_km: Option<f64>,
}

/// Normalise search text: trimmed, inner spaces collapsed, lower case.
/// `None` when blank; `VALIDATION` on `field` when too long.
pub fn search_text(field: &'static str, text: Option<&str>) -> AppResult<Option<String>> {
    let Some(text) = text else { return Ok(None) };
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return Ok(None);
    }
    let phrase = words.join(" ").to_lowercase();
    if phrase.chars().count() > MAX_SEARCH_CHARS {
        return Err(AppError::validation(
            field,
            format!("Search text can be at most {MAX_SEARCH_CHARS} characters."),
        ));
    }
    if phrase.chars().any(char::is_control) {
        return Err(AppError::validation(
            field,
            "Search text contains characters that are not allowed.",
        ));
    }
    Ok(Some(phrase))
}

/// Check an age given as a filter.
pub fn check_age(field: &'static str, age: i32) -> AppResult<i32> {
    if (0..=120).contains(&age) {
        Ok(age)
    } else {
        Err(AppError::validation(
            field,
            "Ages must be between 0 and 120.",
        ))
    }
}

/// Check a search radius in kilometres.
pub fn check_radius(field: &'static str, km: f64) -> AppResult<f64> {
    if km.is_finite() && km > 0.0 && km <= MAX_RADIUS_KM {
        Ok(km)
    } else {
        Err(AppError::validation(
            field,
            "The radius must be more than 0 and at most 200 km.",
        ))
    }
}

/// The directory: matching entries, ranked, one page of them.
pub fn search(
    conn: &mut DbConn,
    filter: &ServiceFilter,
    paging: &Paging,
    now: NaiveDateTime,
) -> AppResult<Page<Listed>> {
    let origin = resolve_origin(conn, filter.near.as_ref())?;
    let (limit, offset, after) = match paging {
        Paging::Keyset { first, after } => (*first, 0, after.clone()),
        Paging::Offset { offset, limit } => (*limit, *offset, None),
    };
    let after = after.map(|c| decode_key(&c)).transpose()?;
    let ranked: Vec<Ranked> = ranked_query(
        conn,
        filter,
        origin,
        now,
        Some(Window {
            after,
            limit: limit + 1,
            offset,
        }),
    )
    .load(conn)?;
    let total = match ranked.first() {
        Some(r) => r.total,
        None if after.is_some() || offset > 0 => ranked_query(conn, filter, origin, now, None)
            .load::<Counted>(conn)?
            .first()
            .map_or(0, |c| c.n),
        None => 0,
    };
    let ids: Vec<i64> = ranked.iter().map(|r| r.id).collect();
    let mut loaded: std::collections::HashMap<i64, (Activity, Group)> = activities::table
        .inner_join(groups::table)
        .filter(activities::id.eq_any(&ids))
        // Cancelled between the two statements: left out all the same.
        .filter(activities::status.eq(ActivityStatus::Published.as_str()))
        .select((Activity::as_select(), Group::as_select()))
        .load::<(Activity, Group)>(conn)?
        .into_iter()
        .map(|(a, g)| (a.id, (a, g)))
        .collect();
    let rows = ranked
        .into_iter()
        .filter_map(|r| {
            let (activity, group) = loaded.remove(&r.id)?;
            let position = r.lat.zip(r.lng);
            let placed_by_district = position.is_some() && activity.latitude.is_none();
            Some((
                Cursor::new(format!("{}|{}", r.score, r.dkey), r.id),
                Listed {
                    activity,
                    group,
                    position,
                    placed_by_district,
                    score: r.score,
                    distance_km: r.d2.map(f64::sqrt),
                },
            ))
        })
        .collect();
    Ok(page::finish(rows, limit, total))
}

/// One directory entry by its activity id: `None` unless it is listed (a
/// published activity with a date still to come).
pub fn find_listed(
    conn: &mut DbConn,
    activity_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<Listed>> {
    let filter = ServiceFilter {
        activity_id: Some(activity_id),
        ..ServiceFilter::default()
    };
    let page = search(
        conn,
        &filter,
        &Paging::Offset {
            offset: 0,
            limit: 1,
        },
        now,
    )?;
    Ok(page.items.into_iter().next().map(|(_, l)| l))
}

/// The searched point and its radius.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    latitude: f64,
    longitude: f64,
    radius_km: Option<f64>,
}

fn resolve_origin(conn: &mut DbConn, near: Option<&Origin>) -> AppResult<Option<Resolved>> {
    let Some(origin) = near else { return Ok(None) };
    let radius_km = origin
        .radius_km
        .map(|r| check_radius(origin.field, r))
        .transpose()?;
    let (latitude, longitude) = match &origin.place {
        Place::Point {
            latitude,
            longitude,
        } => {
            crate::domain::volunteers::check_location(origin.field, *latitude, *longitude)?;
            (*latitude, *longitude)
        }
        Place::Postcode(postcode) => {
            let area = centroid_of(conn, origin.field, postcode)?;
            (area.latitude, area.longitude)
        }
    };
    Ok(Some(Resolved {
        latitude,
        longitude,
        radius_km,
    }))
}

/// A ranked row: the id and sort keys, the position and the list's size.
#[derive(QueryableByName)]
struct Ranked {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Integer)]
    score: i32,
    #[diesel(sql_type = Nullable<Double>)]
    lat: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    lng: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    d2: Option<f64>,
    #[diesel(sql_type = Double)]
    dkey: f64,
    #[diesel(sql_type = BigInt)]
    total: i64,
}

#[derive(QueryableByName)]
struct Counted {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A cursor's sort key: (score, distance key).
fn decode_key(cursor: &Cursor) -> AppResult<(i32, f64, i64)> {
    let (score, dkey) = cursor.key.split_once('|').ok_or_else(bad_cursor)?;
    let score: i32 = score.parse().map_err(|_| bad_cursor())?;
    let dkey: f64 = dkey.parse().map_err(|_| bad_cursor())?;
    if !dkey.is_finite() {
        return Err(bad_cursor());
    }
    Ok((score, dkey, cursor.id))
}

/// Which rows of the ranked list to return; `None` counts them instead.
struct Window {
    after: Option<(i32, f64, i64)>,
    limit: i64,
    offset: i64,
}

/// The starts (UTC) of each London day that falls on `day`, from today to
/// the end of the materialised horizon: [midnight, next midnight).
fn weekday_ranges(day: Weekday, now: NaiveDateTime) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let target = match day {
        Weekday::Monday => chrono::Weekday::Mon,
        Weekday::Tuesday => chrono::Weekday::Tue,
        Weekday::Wednesday => chrono::Weekday::Wed,
        Weekday::Thursday => chrono::Weekday::Thu,
        Weekday::Friday => chrono::Weekday::Fri,
        Weekday::Saturday => chrono::Weekday::Sat,
        Weekday::Sunday => chrono::Weekday::Sun,
    };
    let today = crate::domain::time::london_date(now);
    let last = crate::domain::time::london_date(now + Duration::days(HORIZON_DAYS + 1));
    let ahead = (7 + target.num_days_from_monday() as i64
        - today.weekday().num_days_from_monday() as i64)
        % 7;
    let mut out = Vec::new();
    let mut date = today + Duration::days(ahead);
    while date <= last {
        out.push((
            london_midnight(date),
            london_midnight(date + Duration::days(1)),
        ));
        date += Duration::days(7);
    }
    out
}

/// Values bound to a statement.
enum Param {
    Text(String),
    Int(i32),
    BigInt(i64),
    Double(f64),
    Time(NaiveDateTime),
}

/// SQL text with numbered placeholders (`$n` on PostgreSQL, `?n` on
/// SQLite), so one value can be used in several places.
struct Statement {
    sql: String,
    params: Vec<Param>,
    marker: char,
}

type DbBackend = <DbConn as diesel::Connection>::Backend;

impl Statement {
    fn new(conn: &DbConn) -> Self {
        Statement {
            sql: String::new(),
            params: Vec::new(),
            marker: match conn {
                DbConn::Pg(_) => '$',
                DbConn::Sqlite(_) => '?',
            },
        }
    }

    fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Bind a value and return its placeholder.
    fn param(&mut self, value: Param) -> String {
        self.params.push(value);
        format!("{}{}", self.marker, self.params.len())
    }

    fn load<R>(self, conn: &mut DbConn) -> AppResult<Vec<R>>
    where
        R: diesel::QueryableByName<DbBackend> + 'static,
    {
        let mut q = diesel::sql_query(self.sql).into_boxed::<DbBackend>();
        for p in self.params {
            q = match p {
                Param::Text(v) => q.bind::<Text, _>(v),
                Param::Int(v) => q.bind::<Integer, _>(v),
                Param::BigInt(v) => q.bind::<BigInt, _>(v),
                Param::Double(v) => q.bind::<Double, _>(v),
                Param::Time(v) => q.bind::<Timestamp, _>(v),
            };
        }
        Ok(q.load(conn)?)
    }
}

/// Escape LIKE wildcards; `\` is the escape character.
fn like_pattern(phrase: &str) -> String {
    format!(
        "%{}%",
        phrase
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    )
}

/// The ranking statement: the filtered activities with their score,
/// position and distance, counted with a window function; then the
/// window's rows in rank order. Without a window, only the count.
fn ranked_query(
    conn: &DbConn,
    f: &ServiceFilter,
    origin: Option<Resolved>,
    now: NaiveDateTime,
    window: Option<Window>,
) -> Statement {
    let mut s = Statement::new(conn);
    let lat = "COALESCE(a.latitude, pa.latitude)";
    let lng = "COALESCE(a.longitude, pa.longitude)";

    let score = match &f.search {
        Some(phrase) => {
            let p = s.param(Param::Text(like_pattern(phrase)));
            format!(
                "(CASE WHEN LOWER(a.title) LIKE {p} ESCAPE '\\' THEN {TITLE_POINTS} ELSE 0 END \
                 + CASE WHEN g.search_name LIKE {p} ESCAPE '\\' THEN {GROUP_POINTS} ELSE 0 END \
                 + CASE WHEN LOWER(a.description) LIKE {p} ESCAPE '\\' THEN {DESCRIPTION_POINTS} ELSE 0 END)"
            )
        }
        None => "CAST(0 AS INTEGER)".to_string(),
    };
    let d2 = match origin {
        Some(o) => {
            let lat0 = s.param(Param::Double(o.latitude));
            let lng0 = s.param(Param::Double(o.longitude));
            let ky = s.param(Param::Double(KM_PER_DEGREE));
            let kx = s.param(Param::Double(KM_PER_DEGREE * o.latitude.to_radians().cos()));
            format!(
                "(({lat} - {lat0}) * {ky}) * (({lat} - {lat0}) * {ky}) \
                 + (({lng} - {lng0}) * {kx}) * (({lng} - {lng0}) * {kx})"
            )
        }
        None => "CAST(NULL AS DOUBLE PRECISION)".to_string(),
    };

    // Innermost: the candidates, with their keys.
    let mut inner = format!(
        "SELECT a.id AS id, {score} AS score, {lat} AS lat, {lng} AS lng, {d2} AS d2 \
         FROM activities a \
         JOIN groups g ON g.id = a.group_id \
         LEFT JOIN postcode_areas pa ON pa.district = g.postcode_area \
         WHERE a.status = "
    );
    inner.push_str(&s.param(Param::Text(ActivityStatus::Published.as_str().into())));
    let now_p = s.param(Param::Time(now));
    let _ = write!(
        inner,
        " AND EXISTS (SELECT 1 FROM activity_occurrences o \
         WHERE o.activity_id = a.id AND o.ends_at > {now_p}"
    );
    if let Some(day) = f.day {
        let ranges: Vec<String> = weekday_ranges(day, now)
            .into_iter()
            .map(|(from, to)| {
                let from = s.param(Param::Time(from));
                let to = s.param(Param::Time(to));
                format!("(o.starts_at >= {from} AND o.starts_at < {to})")
            })
            .collect();
        let _ = write!(inner, " AND ({})", ranges.join(" OR "));
    }
    inner.push(')');
    if let Some(id) = f.activity_id {
        let _ = write!(inner, " AND a.id = {}", s.param(Param::BigInt(id)));
    }
    match &f.category {
        CategoryFilter::Any => {}
        CategoryFilter::Category(c) => {
            let p = s.param(Param::Text(c.trim().to_lowercase()));
            let _ = write!(inner, " AND a.category = {p}");
        }
        CategoryFilter::Term(term) => {
            let (op, list) = if term.code == taxonomy::OTHER {
                ("NOT IN", taxonomy::named_categories())
            } else {
                ("IN", term.categories.to_vec())
            };
            let placeholders: Vec<String> = list
                .into_iter()
                .map(|c| s.param(Param::Text(c.to_string())))
                .collect();
            let _ = write!(inner, " AND a.category {op} ({})", placeholders.join(", "));
        }
    }
    if let Some(age) = f.age {
        let p = s.param(Param::Int(age));
        let _ = write!(
            inner,
            " AND (a.min_age IS NULL OR a.min_age <= {p}) AND (a.max_age IS NULL OR a.max_age >= {p})"
        );
    }
    if let Some(min) = f.minimum_age_at_least {
        let p = s.param(Param::Int(min));
        let _ = write!(inner, " AND COALESCE(a.min_age, 0) >= {p}");
    }
    if let Some(max) = f.maximum_age_at_most {
        let p = s.param(Param::Int(max));
        let _ = write!(inner, " AND a.max_age IS NOT NULL AND a.max_age <= {p}");
    }
    let radius = origin.and_then(|o| o.radius_km.map(|r| (o, r)));
    if let Some((o, r)) = radius {
        // A bounding box first.
        let dlat = r / KM_PER_DEGREE;
        let dlng = r / (KM_PER_DEGREE * o.latitude.to_radians().cos().abs().max(0.01));
        let (s0, n0) = (
            s.param(Param::Double(o.latitude - dlat)),
            s.param(Param::Double(o.latitude + dlat)),
        );
        let (w0, e0) = (
            s.param(Param::Double(o.longitude - dlng)),
            s.param(Param::Double(o.longitude + dlng)),
        );
        // Two branches, so each can read its own part of the index on
        // (status, latitude, longitude): activities placed by their own
        // coordinates, and those without, placed at their group's centroid.
        inner = format!(
            "{inner} AND a.latitude BETWEEN {s0} AND {n0} AND a.longitude BETWEEN {w0} AND {e0} \
             UNION ALL {inner} AND a.latitude IS NULL \
             AND pa.latitude BETWEEN {s0} AND {n0} AND pa.longitude BETWEEN {w0} AND {e0}"
        );
    }

    // Middle: drop non-matches and those too far, count the rest.
    let mut keep = vec!["1 = 1".to_string()];
    if f.search.is_some() {
        keep.push("c.score > 0".into());
    }
    if let Some((_, r)) = radius {
        let p = s.param(Param::Double(r * r));
        keep.push(format!("c.d2 <= {p}"));
    }
    let keep = keep.join(" AND ");

    let Some(w) = window else {
        s.push(&format!(
            "SELECT COUNT(*) AS n FROM ({inner}) c WHERE {keep}"
        ));
        return s;
    };
    let none = s.param(Param::Double(NO_DISTANCE));
    let middle = format!(
        "SELECT c.id AS id, c.score AS score, c.lat AS lat, c.lng AS lng, c.d2 AS d2, \
         COALESCE(c.d2, {none}) AS dkey, COUNT(*) OVER () AS total \
         FROM ({inner}) c WHERE {keep}"
    );
    let mut outer = format!(
        "SELECT r.id AS id, r.score AS score, r.lat AS lat, r.lng AS lng, r.d2 AS d2, \
         r.dkey AS dkey, r.total AS total FROM ({middle}) r"
    );
    if let Some((score, dkey, id)) = w.after {
        let sp = s.param(Param::Int(score));
        let dp = s.param(Param::Double(dkey));
        let ip = s.param(Param::BigInt(id));
        let _ = write!(
            outer,
            " WHERE (r.score < {sp} OR (r.score = {sp} AND (r.dkey > {dp} \
             OR (r.dkey = {dp} AND r.id > {ip}))))"
        );
    }
    let limit = s.param(Param::BigInt(w.limit));
    let offset = s.param(Param::BigInt(w.offset));
    let _ = write!(
        outer,
        " ORDER BY r.score DESC, r.dkey ASC, r.id ASC LIMIT {limit} OFFSET {offset}"
    );
    s.push(&outer);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn weekday_ranges_are_london_days() {
        // Monday 23 November 2026, 09:00 UTC.
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let tuesdays = weekday_ranges(Weekday::Tuesday, now);
        let first = tuesdays[0];
        assert_eq!(first.0.to_string(), "2026-11-24 00:00:00");
        assert_eq!(first.1.to_string(), "2026-11-25 00:00:00");
        // In British Summer Time a London day starts at 23:00 UTC.
        let summer = tuesdays
            .iter()
            .find(|(s, _)| s.date() == NaiveDate::from_ymd_opt(2027, 6, 28).unwrap())
            .expect("a Tuesday in June 2027");
        assert_eq!(summer.0.to_string(), "2027-06-28 23:00:00");
        assert_eq!(summer.1.to_string(), "2027-06-29 23:00:00");
        assert!(tuesdays.len() >= 57 && tuesdays.len() <= 59);
        // Today counts when it is the day asked for.
        let mondays = weekday_ranges(Weekday::Monday, now);
        assert_eq!(mondays[0].0.to_string(), "2026-11-23 00:00:00");
    }

    #[test]
    fn search_text_is_normalised() {
        assert_eq!(search_text("search", None).unwrap(), None);
        assert_eq!(search_text("search", Some("   ")).unwrap(), None);
        assert_eq!(
            search_text("search", Some("  Lunch   CLUB ")).unwrap(),
            Some("lunch club".into())
        );
        let long = "x".repeat(MAX_SEARCH_CHARS + 1);
        assert_eq!(
            search_text("text", Some(&long)).unwrap_err().field(),
            Some("text")
        );
        assert_eq!(like_pattern("50%_\\"), "%50\\%\\_\\\\%");
    }
}
