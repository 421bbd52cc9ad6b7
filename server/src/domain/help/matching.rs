//! Matching volunteers to a help request, and alerting them to urgent ones.
//!
//! Candidates are the active members of the request's group who have a
//! volunteer profile (never the resident, never a disabled account). When
//! the resident's location is on file, SQL keeps only volunteers whose own
//! travel radius, as a bounding box around them, reaches the resident; the
//! exact great-circle distance then decides. A request that means going
//! into the home needs a current DBS check of at least BASIC. Everyone left
//! is scored on six factors, each with a reason the coordinator can read:
//!
//! | factor        | points | full marks when                                   |
//! |---------------|--------|---------------------------------------------------|
//! | skills        | 30     | has every skill asked for (or none was asked for)  |
//! | distance      | 25     | lives next door (falls to 0 at their travel radius)|
//! | availability  | 20     | is usually free at every preferred time            |
//! | continuity    | 10     | has helped this resident before                    |
//! | language      | 10     | speaks the resident's language                     |
//! | vetting       | 5      | has a current DBS check                            |
//!
//! Ties go to the nearer volunteer, then the longer-standing account.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, Duration, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Europe::London;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double};
use serde_json::json;

use super::{access_one, find, group_name, haversine_km, rough_km, HelpRequest, HelpStatus};
use crate::db::schema::{help_requests, memberships, people as people_table, volunteer_profiles};
use crate::db::DbConn;
use crate::domain::authz::{signed_in, Actor};
use crate::domain::groups::MembershipStatus;
use crate::domain::volunteers::{
    self, AvailabilityWindow, VettingLevel, VolunteerProfile, Weekday,
};
use crate::domain::{people, residents};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

/// The most suggestions one call returns.
pub const MAX_SUGGESTIONS: i64 = 50;
/// How many of the best-matching volunteers are emailed about an URGENT request.
pub const URGENT_ALERTS: usize = 10;

const SKILLS: f64 = 30.0;
const DISTANCE: f64 = 25.0;
const AVAILABILITY: f64 = 20.0;
const CONTINUITY: i32 = 10;
const LANGUAGE: i32 = 10;
const VETTING: i32 = 5;

/// What a reason is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Skills,
    Distance,
    Availability,
    Continuity,
    Language,
    Vetting,
}

/// One line of "why": the factor, the points it gave and a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub factor: Factor,
    pub points: i32,
    pub text: String,
}

/// A volunteer who could help, with their score (0–100) and the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct VolunteerMatch {
    pub person_id: i64,
    pub score: i32,
    /// Kilometres from the resident, when both locations are known.
    pub distance_km: Option<f64>,
    pub reasons: Vec<Reason>,
}

/// Volunteers for a request, best first (the group's coordinators and
/// admins). `first` is 1 to [`MAX_SUGGESTIONS`].
pub fn suggest(
    conn: &mut DbConn,
    actor: &Actor,
    help_request_id: i64,
    first: i64,
    now: NaiveDateTime,
) -> AppResult<Vec<VolunteerMatch>> {
    let viewer = signed_in(actor)?;
    if !(1..=MAX_SUGGESTIONS).contains(&first) {
        return Err(AppError::validation(
            "first",
            format!("Ask for between 1 and {MAX_SUGGESTIONS} suggestions."),
        ));
    }
    let request = find(conn, help_request_id)?.ok_or(AppError::NotFound("That help request"))?;
    let access = access_one(conn, &viewer, &request)?;
    if !access.can_see(&request) {
        return Err(AppError::NotFound("That help request"));
    }
    if !(access.coordinator || access.admin) {
        return Err(AppError::forbidden(
            "Only the group's coordinators can see suggested volunteers.",
        ));
    }
    let mut ranked = rank(conn, &request, None, now)?;
    ranked.truncate(first as usize);
    Ok(ranked)
}

/// How one volunteer fits a request, or `None` when they cannot take it
/// (not in the group, too far, not vetted for a home visit).
pub fn fit(
    conn: &mut DbConn,
    request: &HelpRequest,
    person_id: i64,
    now: NaiveDateTime,
) -> AppResult<Option<VolunteerMatch>> {
    Ok(rank(conn, request, Some(person_id), now)?.pop())
}

/// Every volunteer who can take the request, best first. `only` limits the
/// candidates to one person.
pub fn rank(
    conn: &mut DbConn,
    request: &HelpRequest,
    only: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<Vec<VolunteerMatch>> {
    let profile = residents::find_profile(conn, request.resident_id)?;
    let home = profile.and_then(|p| Some((p.latitude?, p.longitude?)));
    let language = people::find(conn, request.resident_id)?
        .map(|p| ResidentLanguage::new(&p.language))
        .unwrap_or_default();

    let mut q = memberships::table
        .inner_join(
            volunteer_profiles::table.on(volunteer_profiles::person_id.eq(memberships::person_id)),
        )
        .inner_join(people_table::table.on(people_table::id.eq(memberships::person_id)))
        .filter(memberships::group_id.eq(request.group_id))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::person_id.ne(request.resident_id))
        .filter(people_table::disabled_at.is_null())
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(memberships::person_id.eq(id));
    }
    if let Some((lat, lng)) = home {
        // Each volunteer's reach as a box around them: degrees per km of
        // latitude, and of longitude at the resident's latitude (1% slack
        // for the curvature the box ignores). The exact check follows.
        let per_km_lat = 1.01 / 111.0;
        let per_km_lng = 1.01 / (111.0 * lat.to_radians().cos().abs().max(0.01));
        q = q.filter(
            sql::<Bool>("volunteer_profiles.latitude BETWEEN ")
                .bind::<Double, _>(lat)
                .sql(" - volunteer_profiles.travel_radius_km * ")
                .bind::<Double, _>(per_km_lat)
                .sql(" AND ")
                .bind::<Double, _>(lat)
                .sql(" + volunteer_profiles.travel_radius_km * ")
                .bind::<Double, _>(per_km_lat)
                .sql(" AND volunteer_profiles.longitude BETWEEN ")
                .bind::<Double, _>(lng)
                .sql(" - volunteer_profiles.travel_radius_km * ")
                .bind::<Double, _>(per_km_lng)
                .sql(" AND ")
                .bind::<Double, _>(lng)
                .sql(" + volunteer_profiles.travel_radius_km * ")
                .bind::<Double, _>(per_km_lng),
        );
    }
    let candidates: Vec<VolunteerProfile> = q.select(VolunteerProfile::as_select()).load(conn)?;

    // Exact distance first: it is cheap and drops the box's corners.
    let mut near: Vec<(VolunteerProfile, Option<f64>)> = Vec::with_capacity(candidates.len());
    for v in candidates {
        let distance = match (home, v.latitude, v.longitude, v.travel_radius_km) {
            (None, ..) => None,
            (Some(h), Some(lat), Some(lng), Some(radius)) => {
                let d = haversine_km(h, (lat, lng));
                if d > radius as f64 {
                    continue;
                }
                Some(d)
            }
            _ => continue,
        };
        near.push((v, distance));
    }

    let ids: Vec<i64> = near.iter().map(|(v, _)| v.person_id).collect();
    let today = now.date();
    let mut vetting: HashMap<i64, VettingLevel> = HashMap::with_capacity(ids.len());
    // Keep each IN list well inside both backends' bind-parameter limits.
    for chunk in ids.chunks(2000) {
        for v in volunteers::current_vettings(conn, chunk)? {
            vetting.insert(v.person_id, v.effective_level(today));
        }
    }
    let helped = helped_before(conn, request)?;
    let windows = Segments::new(&request.windows());
    let required = request.required_skills();

    let mut out: Vec<VolunteerMatch> = Vec::with_capacity(near.len());
    for (v, distance) in near {
        let level = vetting
            .get(&v.person_id)
            .copied()
            .unwrap_or(VettingLevel::None);
        if request.home_visit && !level.satisfies(VettingLevel::Basic) {
            continue;
        }
        let reasons = vec![
            skills_reason(&required, &v.skills()),
            distance_reason(distance, v.travel_radius_km),
            windows.reason(&v.availability()),
            continuity_reason(helped.get(&v.person_id).copied().unwrap_or(0)),
            language.reason(&v.languages()),
            vetting_reason(level, request.home_visit),
        ];
        out.push(VolunteerMatch {
            person_id: v.person_id,
            score: reasons.iter().map(|r| r.points).sum(),
            distance_km: distance,
            reasons,
        });
    }
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| {
                let da = a.distance_km.unwrap_or(f64::INFINITY);
                let db = b.distance_km.unwrap_or(f64::INFINITY);
                da.total_cmp(&db)
            })
            .then_with(|| a.person_id.cmp(&b.person_id))
    });
    Ok(out)
}

/// How many of the resident's other requests each volunteer took on
/// (assigned now, or completed).
fn helped_before(conn: &mut DbConn, request: &HelpRequest) -> AppResult<HashMap<i64, i64>> {
    let rows: Vec<Option<i64>> = help_requests::table
        .filter(help_requests::resident_id.eq(request.resident_id))
        .filter(help_requests::id.ne(request.id))
        .filter(help_requests::status.eq_any([
            HelpStatus::Assigned.as_str(),
            HelpStatus::Completed.as_str(),
        ]))
        .select(help_requests::assigned_volunteer_id)
        .load(conn)?;
    let mut counts = HashMap::new();
    for id in rows.into_iter().flatten() {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

fn skills_reason(required: &[String], has: &[String]) -> Reason {
    if required.is_empty() {
        return Reason {
            factor: Factor::Skills,
            points: SKILLS as i32,
            text: "No particular skills are needed.".into(),
        };
    }
    let (got, missing): (Vec<&String>, Vec<&String>) =
        required.iter().partition(|s| has.contains(s));
    let list = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    let text = if missing.is_empty() {
        format!("Has the skills needed: {}.", list(&got))
    } else if got.is_empty() {
        format!("Has none of the skills needed ({}).", list(&missing))
    } else {
        format!(
            "Has {} of {} skills needed ({}); not {}.",
            got.len(),
            required.len(),
            list(&got),
            list(&missing)
        )
    };
    Reason {
        factor: Factor::Skills,
        points: (SKILLS * got.len() as f64 / required.len() as f64).round() as i32,
        text,
    }
}

fn distance_reason(distance: Option<f64>, radius: Option<i32>) -> Reason {
    match (distance, radius) {
        (Some(d), Some(r)) => {
            let share = if r > 0 { 1.0 - d / r as f64 } else { 1.0 };
            Reason {
                factor: Factor::Distance,
                points: (DISTANCE * share.clamp(0.0, 1.0)).round() as i32,
                text: format!("{d:.1} km away, within their {r} km travel radius."),
            }
        }
        _ => Reason {
            factor: Factor::Distance,
            points: 0,
            text: "Distance unknown: the resident's location is not on file.".into(),
        },
    }
}

fn continuity_reason(times: i64) -> Reason {
    let text = match times {
        0 => "Has not helped this resident before.".to_string(),
        1 => "Has helped this resident before.".to_string(),
        n => format!("Has helped this resident before ({n} times)."),
    };
    Reason {
        factor: Factor::Continuity,
        points: if times > 0 { CONTINUITY } else { 0 },
        text,
    }
}

fn vetting_reason(level: VettingLevel, home_visit: bool) -> Reason {
    let vetted = level.satisfies(VettingLevel::Basic);
    let text = match (vetted, home_visit) {
        (true, true) => format!(
            "DBS check: {} (a home visit needs at least basic).",
            level.as_str().to_lowercase()
        ),
        (true, false) => format!("DBS check: {}.", level.as_str().to_lowercase()),
        (false, _) => "No current DBS check (not needed: this is not a home visit).".into(),
    };
    Reason {
        factor: Factor::Vetting,
        points: if vetted { VETTING } else { 0 },
        text,
    }
}

/// The resident's language and the ways a volunteer might write it
/// ("cy", "cym", "welsh").
#[derive(Default)]
struct ResidentLanguage {
    name: String,
    spellings: HashSet<String>,
}

impl ResidentLanguage {
    fn new(label: &str) -> Self {
        let label = label.trim().to_lowercase();
        if label.is_empty() {
            return Self::default();
        }
        let titled = {
            let mut c = label.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        };
        let found = isolang::Language::from_639_1(&label)
            .or_else(|| isolang::Language::from_639_3(&label))
            .or_else(|| isolang::Language::from_name(&titled));
        let mut spellings = HashSet::from([label.clone()]);
        let name = match found {
            Some(lang) => {
                spellings.insert(lang.to_639_3().to_string());
                if let Some(code) = lang.to_639_1() {
                    spellings.insert(code.to_string());
                }
                spellings.insert(lang.to_name().to_lowercase());
                lang.to_name().to_string()
            }
            None => titled,
        };
        ResidentLanguage { name, spellings }
    }

    fn reason(&self, speaks: &[String]) -> Reason {
        let (points, text) = if self.spellings.is_empty() {
            (0, "The resident's language is not on file.".to_string())
        } else if speaks.iter().any(|l| self.spellings.contains(l)) {
            (
                LANGUAGE,
                format!("Speaks {}, the resident's language.", self.name),
            )
        } else if speaks.is_empty() {
            (0, "Has not listed the languages they speak.".to_string())
        } else {
            (
                0,
                format!("Does not list {} among their languages.", self.name),
            )
        };
        Reason {
            factor: Factor::Language,
            points,
            text,
        }
    }
}

/// The preferred windows cut at local midnight: (weekday, start, end) in
/// London time, one list per window.
struct Segments(Vec<Vec<(String, NaiveDateTime, NaiveDateTime)>>);

impl Segments {
    fn new(windows: &[(NaiveDateTime, NaiveDateTime)]) -> Self {
        let local = |t: &NaiveDateTime| London.from_utc_datetime(t).naive_local();
        Segments(
            windows
                .iter()
                .map(|(s, e)| {
                    let (s, e) = (local(s), local(e));
                    let mut parts = Vec::new();
                    let mut day = s.date();
                    while day.and_time(NaiveTime::MIN) < e {
                        let from = s.max(day.and_time(NaiveTime::MIN));
                        let next = day + Duration::days(1);
                        let to = e.min(next.and_time(NaiveTime::MIN));
                        if to > from {
                            parts.push((weekday_name(day.weekday()).to_string(), from, to));
                        }
                        day = next;
                    }
                    parts
                })
                .collect(),
        )
    }

    /// Minutes of each window the volunteer is usually free for.
    fn overlaps(&self, free: &[AvailabilityWindow]) -> Vec<(i64, i64)> {
        let hm = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
        self.0
            .iter()
            .map(|parts| {
                let mut overlap = 0;
                let mut length = 0;
                for (day, from, to) in parts {
                    length += (*to - *from).num_minutes();
                    for w in free.iter().filter(|w| &w.day == day) {
                        let (Some(ws), Some(we)) = (hm(&w.start), hm(&w.end)) else {
                            continue;
                        };
                        let date = from.date();
                        let start = (*from).max(date.and_time(ws));
                        let end = (*to).min(date.and_time(we));
                        if end > start {
                            overlap += (end - start).num_minutes();
                        }
                    }
                }
                (overlap, length)
            })
            .collect()
    }

    fn reason(&self, free: &[AvailabilityWindow]) -> Reason {
        let total = self.0.len();
        if free.is_empty() || total == 0 {
            return Reason {
                factor: Factor::Availability,
                points: 0,
                text: "Has not said when they are usually free.".into(),
            };
        }
        // A window counts when they are free for half an hour of it (or
        // all of a shorter one).
        let covered = self
            .overlaps(free)
            .into_iter()
            .filter(|&(overlap, length)| overlap > 0 && overlap >= length.min(30))
            .count();
        let text = match covered {
            0 => "Not usually free at the preferred times.".to_string(),
            n if n == total => {
                if total == 1 {
                    "Usually free at the preferred time.".to_string()
                } else {
                    format!("Usually free at all {total} preferred times.")
                }
            }
            n => format!("Usually free at {n} of {total} preferred times."),
        };
        Reason {
            factor: Factor::Availability,
            points: (AVAILABILITY * covered as f64 / total as f64).round() as i32,
            text,
        }
    }
}

fn weekday_name(day: chrono::Weekday) -> &'static str {
    let w = match day {
        chrono::Weekday::Mon => Weekday::Monday,
        chrono::Weekday::Tue => Weekday::Tuesday,
        chrono::Weekday::Wed => Weekday::Wednesday,
        chrono::Weekday::Thu => Weekday::Thursday,
        chrono::Weekday::Fri => Weekday::Friday,
        chrono::Weekday::Sat => Weekday::Saturday,
        chrono::Weekday::Sun => Weekday::Sunday,
    };
    w.as_str()
}

/// Email the best-matching volunteers about a new URGENT request: at most
/// [`URGENT_ALERTS`], never the person who raised it, never someone who
/// asked not to be contacted, and nobody at all when the resident has not
/// agreed to contact by volunteers. The email carries no personal details:
/// the kind of help, the area, a rough distance, when, and a link.
pub fn alert_urgent(
    conn: &mut DbConn,
    public_url: &str,
    request: &HelpRequest,
    raised_by: i64,
    now: NaiveDateTime,
) -> AppResult<usize> {
    if !super::volunteers_may_contact(conn, request.resident_id)? {
        return Ok(0);
    }
    let area = residents::find_profile(conn, request.resident_id)?
        .map(|p| p.area)
        .unwrap_or_default();
    let group = group_name(conn, request.group_id)?;
    let when = request
        .windows()
        .first()
        .map(|(s, e)| crate::domain::time::describe_local(*s, *e))
        .unwrap_or_default();
    let matches: Vec<VolunteerMatch> = rank(conn, request, None, now)?
        .into_iter()
        .filter(|m| m.person_id != raised_by)
        .collect();
    // Enough to find ten who can be emailed, without loading everyone.
    let ids: Vec<i64> = matches.iter().take(200).map(|m| m.person_id).collect();
    let found: HashMap<i64, people::Person> = people::find_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut sent = 0;
    for m in &matches {
        if sent == URGENT_ALERTS {
            break;
        }
        let Some(person) = found.get(&m.person_id) else {
            continue;
        };
        let Some(email) = person.email.as_deref() else {
            continue;
        };
        if person.do_not_contact {
            continue;
        }
        outbox::enqueue(
            conn,
            public_url,
            OutgoingMail {
                kind: "help_urgent",
                to: email,
                context: json!({
                    "name": person.display_name,
                    "group": group,
                    "what": request.category.replace('_', " ").to_lowercase(),
                    "area": area,
                    "distance": m.distance_km.map(rough_km),
                    "when": when,
                    "link": format!("{public_url}/help/{}", request.id),
                }),
                attachment: None,
            },
            now,
        )?;
        sent += 1;
    }
    Ok(sent)
}
