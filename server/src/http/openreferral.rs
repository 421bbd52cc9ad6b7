//! The open directory as Open Referral UK (HSDS 3.0, UK profile) JSON:
//!
//! * `GET /openreferral/services`: a page of services (one-to-one fields
//!   and the organisation), filtered by `text` (or `search`),
//!   `taxonomy_term_id`, `taxonomy_id`, `postcode` or `lat` + `lng` with
//!   `proximity` (metres), `day`, `minimum_age`, `maximum_age`; paged by
//!   `page` (from 1) and `per_page` (default 50, at most 100);
//! * `GET /openreferral/services/{id}`: one service, fully nested;
//! * `GET /openreferral/taxonomies` and `/openreferral/taxonomies/{id}`:
//!   the fixed Kith activity taxonomy.
//!
//! Ids are UUIDs (see `domain::directory::identifiers`). A service is a
//! published activity with a date still to come; drafts, cancelled
//! activities and those whose dates have all passed are not found. Bad
//! parameters are 400 with `{"code", "field", "message"}`; unknown ids 404.
//! `minimum_age` and `maximum_age` follow the UK API: services whose
//! youngest age is at least, and whose oldest age is at most, the value.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Europe::London;
use poem::http::{header, StatusCode};
use poem::web::{Data, Json, Path};
use poem::{handler, IntoResponse, Request, Response};
use serde_json::{json, Map, Value};

use super::HttpState;
use crate::domain::directory::identifiers::{fixed_uuid, record_id, record_uuid, Record};
use crate::domain::directory::taxonomy::{self, Term};
use crate::domain::directory::{
    self, CategoryFilter, Listed, Origin, Paging, Place, ServiceFilter,
};
use crate::domain::volunteers::Weekday;
use crate::error::AppError;

/// Services per page unless `per_page` says otherwise.
pub const DEFAULT_PER_PAGE: i64 = 50;
/// The most services a page may hold.
pub const MAX_PER_PAGE: i64 = 100;
/// The widest `proximity`, in metres.
const MAX_PROXIMITY_M: f64 = 200_000.0;

/// `GET /openreferral/services`
#[handler]
pub async fn services(req: &Request, state: Data<&HttpState>) -> Response {
    let query = match Params::parse(req.uri().query()) {
        Ok(q) => q,
        Err(e) => return error(e),
    };
    let (filter, page, per_page) = match list_filter(&query) {
        Ok(v) => v,
        Err(e) => return error(e),
    };
    let now = state.app.clock.now_naive();
    let paging = Paging::Offset {
        offset: (page - 1) * per_page,
        limit: per_page,
    };
    let found = state
        .app
        .db
        .run(move |conn| directory::search(conn, &filter, &paging, now))
        .await;
    let found = match found {
        Ok(f) => f,
        Err(e) => return error(e),
    };
    let public_url = &state.app.config.public_url;
    let contents: Vec<Value> = found
        .items
        .iter()
        .map(|(_, l)| service_summary(l, public_url))
        .collect();
    json_ok(paged(contents, found.total, page, per_page))
}

/// `GET /openreferral/services/{id}`
#[handler]
pub async fn service(Path(id): Path<String>, state: Data<&HttpState>) -> Response {
    let public_url = state.app.config.public_url.clone();
    let Some(activity_id) = record_id(Record::Service, &id, &public_url) else {
        return not_found("There is no service with this id.");
    };
    let now = state.app.clock.now_naive();
    let found = state
        .app
        .db
        .run(move |conn| directory::find_listed(conn, activity_id, now))
        .await;
    match found {
        Ok(Some(listed)) => json_ok(service_full(&listed, &public_url, now)),
        Ok(None) => not_found("There is no service with this id."),
        Err(e) => error(e),
    }
}

/// `GET /openreferral/taxonomies`
#[handler]
pub async fn taxonomies(req: &Request) -> Response {
    let query = match Params::parse(req.uri().query()) {
        Ok(q) => q,
        Err(e) => return error(e),
    };
    let paging = query.page().and_then(|p| Ok((p, query.per_page()?)));
    let (page, per_page) = match paging {
        Ok(v) => v,
        Err(e) => return error(e),
    };
    let all = [taxonomy_json()];
    let contents: Vec<Value> = all
        .into_iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .collect();
    json_ok(paged(contents, 1, page, per_page))
}

/// `GET /openreferral/taxonomies/{id}`
#[handler]
pub async fn taxonomy_by_id(Path(id): Path<String>) -> Response {
    if uuid::Uuid::parse_str(id.trim()).ok() == Some(taxonomy_uuid()) {
        json_ok(taxonomy_json())
    } else {
        not_found("There is no taxonomy with this id.")
    }
}

/// Query parameters, first value of each name.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>) -> Result<Self, AppError> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or(""))
            .map(Params)
            .map_err(|_| AppError::validation("query", "The query string could not be read."))
    }

    /// A parameter's value, trimmed; `None` when absent or blank.
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn int(&self, name: &'static str, what: &str) -> Result<Option<i64>, AppError> {
        self.get(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| AppError::validation(name, format!("`{name}` must be {what}.")))
            })
            .transpose()
    }

    fn number(&self, name: &'static str) -> Result<Option<f64>, AppError> {
        self.get(name)
            .map(|v| {
                v.parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| {
                        AppError::validation(name, format!("`{name}` must be a number."))
                    })
            })
            .transpose()
    }

    fn page(&self) -> Result<i64, AppError> {
        let page = self.int("page", "a whole number from 1")?.unwrap_or(1);
        if !(1..=1_000_000).contains(&page) {
            return Err(AppError::validation(
                "page",
                "`page` counts from 1 (and goes up to 1000000).",
            ));
        }
        Ok(page)
    }

    fn per_page(&self) -> Result<i64, AppError> {
        let n = self
            .int("per_page", "a whole number from 1 to 100")?
            .unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&n) {
            return Err(AppError::validation(
                "per_page",
                format!("`per_page` must be between 1 and {MAX_PER_PAGE}."),
            ));
        }
        Ok(n)
    }

    fn age(&self, name: &'static str) -> Result<Option<i32>, AppError> {
        self.int(name, "a whole number of years")?
            .map(|a| {
                i32::try_from(a)
                    .map_err(|_| AppError::validation(name, "Ages must be between 0 and 120."))
                    .and_then(|a| directory::check_age(name, a))
            })
            .transpose()
    }
}

/// Read the list filters and paging.
fn list_filter(q: &Params) -> Result<(ServiceFilter, i64, i64), AppError> {
    let page = q.page()?;
    let per_page = q.per_page()?;
    let (text_field, text) = match q.get("text") {
        Some(t) => ("text", Some(t)),
        None => ("search", q.get("search")),
    };
    let search = directory::search_text(text_field, text)?;
    let category = match (q.get("taxonomy_term_id"), q.get("taxonomy_id")) {
        (Some(term), _) => CategoryFilter::Term(term_by_id("taxonomy_term_id", term)?),
        (None, Some(id)) => {
            if uuid::Uuid::parse_str(id).ok() == Some(taxonomy_uuid()) {
                CategoryFilter::Any
            } else {
                // Earlier versions of the UK API named a term here.
                CategoryFilter::Term(term_by_id("taxonomy_id", id)?)
            }
        }
        (None, None) => CategoryFilter::Any,
    };
    let proximity = q.number("proximity")?;
    let radius_km = proximity
        .map(|m| {
            if m > 0.0 && m <= MAX_PROXIMITY_M {
                Ok(m / 1000.0)
            } else {
                Err(AppError::validation(
                    "proximity",
                    "`proximity` is in metres: more than 0 and at most 200000.",
                ))
            }
        })
        .transpose()?;
    let lat = q.number("lat")?;
    let lng = q.number("lng")?;
    let near = match (q.get("postcode"), lat, lng) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(AppError::validation(
                "postcode",
                "Give a postcode or `lat` and `lng`, not both.",
            ))
        }
        (Some(postcode), None, None) => Some(Origin {
            place: Place::Postcode(postcode.to_string()),
            radius_km,
            field: "postcode",
        }),
        (None, Some(latitude), Some(longitude)) => {
            if !(-90.0..=90.0).contains(&latitude) {
                return Err(AppError::validation(
                    "lat",
                    "`lat` must be between -90 and 90.",
                ));
            }
            if !(-180.0..=180.0).contains(&longitude) {
                return Err(AppError::validation(
                    "lng",
                    "`lng` must be between -180 and 180.",
                ));
            }
            Some(Origin {
                place: Place::Point {
                    latitude,
                    longitude,
                },
                radius_km,
                field: "lat",
            })
        }
        (None, Some(_), None) => return Err(AppError::validation("lng", "Give `lng` with `lat`.")),
        (None, None, Some(_)) => return Err(AppError::validation("lat", "Give `lat` with `lng`.")),
        (None, None, None) => {
            if radius_km.is_some() {
                return Err(AppError::validation(
                    "proximity",
                    "`proximity` needs a `postcode`, or `lat` and `lng`, to measure from.",
                ));
            }
            None
        }
    };
    let day = q.get("day").map(parse_day).transpose()?;
    let filter = ServiceFilter {
        search,
        category,
        near,
        day,
        minimum_age_at_least: q.age("minimum_age")?,
        maximum_age_at_most: q.age("maximum_age")?,
        ..ServiceFilter::default()
    };
    Ok((filter, page, per_page))
}

/// A day as `MO`…`SU` (iCalendar) or its English name.
fn parse_day(text: &str) -> Result<Weekday, AppError> {
    let t = text.trim().to_uppercase();
    let day = match t.as_str() {
        "MO" | "MON" | "MONDAY" => Weekday::Monday,
        "TU" | "TUE" | "TUESDAY" => Weekday::Tuesday,
        "WE" | "WED" | "WEDNESDAY" => Weekday::Wednesday,
        "TH" | "THU" | "THURSDAY" => Weekday::Thursday,
        "FR" | "FRI" | "FRIDAY" => Weekday::Friday,
        "SA" | "SAT" | "SATURDAY" => Weekday::Saturday,
        "SU" | "SUN" | "SUNDAY" => Weekday::Sunday,
        _ => {
            return Err(AppError::validation(
                "day",
                "`day` must be a day of the week: MO, TU, WE, TH, FR, SA or SU.",
            ))
        }
    };
    Ok(day)
}

fn term_by_id(field: &'static str, id: &str) -> Result<&'static Term, AppError> {
    let uuid = uuid::Uuid::parse_str(id).ok();
    taxonomy::TERMS
        .iter()
        .find(|t| Some(term_uuid(t)) == uuid)
        .ok_or_else(|| {
            AppError::validation(
                field,
                "There is no such taxonomy term: see /openreferral/taxonomies for the terms.",
            )
        })
}

fn taxonomy_uuid() -> uuid::Uuid {
    fixed_uuid(&format!("taxonomy:{}", taxonomy::TAXONOMY_CODE))
}

fn term_uuid(term: &Term) -> uuid::Uuid {
    fixed_uuid(&format!("term:{}", term.code))
}

fn taxonomy_json() -> Value {
    json!({
        "id": taxonomy_uuid().to_string(),
        "name": taxonomy::TAXONOMY_NAME,
        "description": taxonomy::TAXONOMY_DESCRIPTION,
        "version": taxonomy::TAXONOMY_VERSION,
        "taxonomy_terms": taxonomy::TERMS.iter().map(term_json).collect::<Vec<_>>(),
    })
}

fn term_json(term: &Term) -> Value {
    json!({
        "id": term_uuid(term).to_string(),
        "code": term.code,
        "name": term.name,
        "term": term.name,
        "description": term.description,
        "taxonomy": taxonomy::TAXONOMY_NAME,
        "taxonomy_id": taxonomy_uuid().to_string(),
        "version": taxonomy::TAXONOMY_VERSION,
        "language": "en",
    })
}

/// The UK API's page envelope around `contents`.
fn paged(contents: Vec<Value>, total: i64, page: i64, per_page: i64) -> Value {
    let total_pages = (total + per_page - 1) / per_page;
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// Insert `value` unless it is absent.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v.into());
    }
}

fn service_id(l: &Listed, public_url: &str) -> String {
    record_uuid(Record::Service, l.activity.id, public_url).to_string()
}

fn organization_json(l: &Listed, public_url: &str) -> Value {
    let g = &l.group;
    let mut org = Map::new();
    org.insert(
        "id".into(),
        record_uuid(Record::Organization, g.id, public_url)
            .to_string()
            .into(),
    );
    org.insert("name".into(), g.name.clone().into());
    org.insert("description".into(), g.description.clone().into());
    put(&mut org, "email", g.contact_email.clone());
    Value::Object(org)
}

fn money(pence: i32) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

fn fees_description(pence: i32) -> String {
    if pence == 0 {
        "Free".into()
    } else {
        format!("{} each time", money(pence))
    }
}

fn eligibility(min: Option<i32>, max: Option<i32>) -> Option<String> {
    match (min, max) {
        (Some(lo), Some(hi)) => Some(format!("Ages {lo} to {hi}")),
        (Some(lo), None) => Some(format!("Ages {lo} and over")),
        (None, Some(hi)) => Some(format!("Ages up to {hi}")),
        (None, None) => None,
    }
}

/// A time as RFC 3339 UTC with milliseconds, as the profile asks.
fn utc_millis(t: NaiveDateTime) -> String {
    t.and_utc().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The one-to-one fields of a service, and its organisation: a list item.
fn service_summary(l: &Listed, public_url: &str) -> Value {
    let a = &l.activity;
    let id = service_id(l, public_url);
    let mut s = Map::new();
    s.insert("id".into(), id.clone().into());
    s.insert(
        "organization_id".into(),
        record_uuid(Record::Organization, a.group_id, public_url)
            .to_string()
            .into(),
    );
    s.insert("name".into(), a.title.clone().into());
    s.insert("description".into(), a.description.clone().into());
    s.insert(
        "url".into(),
        format!("{public_url}/openreferral/services/{id}").into(),
    );
    put(&mut s, "email", l.group.contact_email.clone());
    s.insert("status".into(), "active".into());
    s.insert(
        "fees_description".into(),
        fees_description(a.cost_pence).into(),
    );
    put(
        &mut s,
        "eligibility_description",
        eligibility(a.min_age, a.max_age),
    );
    put(&mut s, "minimum_age", a.min_age);
    put(&mut s, "maximum_age", a.max_age);
    s.insert("last_modified".into(), utc_millis(a.updated_at).into());
    s.insert("organization".into(), organization_json(l, public_url));
    Value::Object(s)
}

/// A service with everything about it.
fn service_full(l: &Listed, public_url: &str, now: NaiveDateTime) -> Value {
    let a = &l.activity;
    let id = service_id(l, public_url);
    let mut s = match service_summary(l, public_url) {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    let term = taxonomy::term_for(&a.category);
    s.insert(
        "attributes".into(),
        json!([{
            "id": record_uuid(Record::Attribute, a.id, public_url).to_string(),
            "link_id": id,
            "link_entity": "service",
            "taxonomy_term_id": term_uuid(term).to_string(),
            "taxonomy_term": term_json(term),
            "label": a.category,
        }]),
    );
    s.insert(
        "cost_options".into(),
        json!([{
            "id": record_uuid(Record::CostOption, a.id, public_url).to_string(),
            "service_id": id,
            "option": "Each time",
            "amount": f64::from(a.cost_pence) / 100.0,
            "currency": "GBP",
            "amount_description": fees_description(a.cost_pence),
        }]),
    );
    let contacts: Vec<Value> = l
        .group
        .contact_email
        .iter()
        .map(|email| {
            json!({
                "id": record_uuid(Record::Contact, a.id, public_url).to_string(),
                "service_id": id,
                "name": l.group.name,
                "email": email,
            })
        })
        .collect();
    s.insert("contacts".into(), contacts.into());
    s.insert(
        "schedules".into(),
        json!([schedule_json(l, &id, public_url, now)]),
    );
    s.insert(
        "service_at_locations".into(),
        location_json(l, &id, public_url)
            .into_iter()
            .collect::<Vec<_>>()
            .into(),
    );
    Value::Object(s)
}

/// Where a service happens, when Kith knows anything about it.
fn location_json(l: &Listed, service_id: &str, public_url: &str) -> Option<Value> {
    let a = &l.activity;
    if a.location.is_empty() && l.position.is_none() {
        return None;
    }
    let location_id = record_uuid(Record::Location, a.id, public_url).to_string();
    let district = l.group.postcode_area.as_deref().unwrap_or_default();
    let mut loc = Map::new();
    loc.insert("id".into(), location_id.clone().into());
    loc.insert("location_type".into(), "physical".into());
    let name = if a.location.is_empty() {
        format!("Postcode district {district}")
    } else {
        a.location.clone()
    };
    loc.insert("name".into(), name.into());
    if l.placed_by_district {
        loc.insert(
            "description".into(),
            format!(
                "The map point is the centre of postcode district {district}, not the exact place."
            )
            .into(),
        );
    }
    if let Some((lat, lng)) = l.position {
        loc.insert("latitude".into(), lat.into());
        loc.insert("longitude".into(), lng.into());
    }
    loc.insert("addresses".into(), json!([]));
    if !a.accessibility.is_empty() {
        loc.insert(
            "accessibility".into(),
            json!([{
                "id": record_uuid(Record::Accessibility, a.id, public_url).to_string(),
                "location_id": location_id,
                "description": a.accessibility,
            }]),
        );
    }
    Some(json!({
        "id": record_uuid(Record::ServiceAtLocation, a.id, public_url).to_string(),
        "service_id": service_id,
        "location_id": location_id,
        "location": Value::Object(loc),
    }))
}

/// The parts of a repeat rule (normal form: upper case, `;`-separated).
fn rule_parts(rule: &str) -> Vec<(&str, &str)> {
    rule.split(';').filter_map(|p| p.split_once('=')).collect()
}

/// The two-letter day of a London date.
fn ical_day(date: chrono::NaiveDate) -> &'static str {
    use chrono::Datelike;
    ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][date.weekday().num_days_from_monday() as usize]
}

/// "12:00+00:00": the London wall-clock time and its offset then.
fn local_time_with_offset(utc: NaiveDateTime) -> String {
    London
        .from_utc_datetime(&utc)
        .format("%H:%M%:z")
        .to_string()
}

/// A London date from an RRULE UNTIL (`20270131` or `20270131T235959Z`).
fn until_date(value: &str) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(value.get(..8)?, "%Y%m%d").ok()?;
    let local = match value.get(8..) {
        Some(rest) if rest.ends_with('Z') => {
            let utc = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").ok()?;
            London.from_utc_datetime(&utc).date_naive()
        }
        _ => date,
    };
    Some(local.format("%Y-%m-%d").to_string())
}

/// The activity's timing as an HSDS schedule: the RRULE's parts where the
/// profile has fields for them (its `freq` is WEEKLY or MONTHLY only, so a
/// daily rule becomes weekly on every day), the rule itself in
/// `description`, and opening times in UK local time.
fn schedule_json(l: &Listed, service_id: &str, public_url: &str, now: NaiveDateTime) -> Value {
    let a = &l.activity;
    let first_local = London.from_utc_datetime(&a.starts_at).date_naive();
    let next = a
        .occurrences(
            now,
            now + chrono::Duration::days(crate::domain::activities::HORIZON_DAYS),
            1,
        )
        .into_iter()
        .next()
        .unwrap_or((a.starts_at, a.ends_at));
    let mut s = Map::new();
    s.insert(
        "id".into(),
        record_uuid(Record::Schedule, a.id, public_url)
            .to_string()
            .into(),
    );
    s.insert("service_id".into(), service_id.into());
    let date = |d: chrono::NaiveDate| Value::from(d.format("%Y-%m-%d").to_string());
    s.insert("valid_from".into(), date(first_local));
    s.insert("dtstart".into(), date(first_local));
    if !a.all_day {
        s.insert("opens_at".into(), local_time_with_offset(next.0).into());
        s.insert("closes_at".into(), local_time_with_offset(next.1).into());
    }
    let when = crate::domain::time::describe_local(next.0, next.1);
    match a.recurrence.as_deref() {
        None => {
            s.insert("valid_to".into(), date(first_local));
            s.insert("description".into(), format!("{when} (UK time).").into());
        }
        Some(rule) => {
            let parts = rule_parts(rule);
            let get = |k: &str| parts.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
            let expressible = parts.iter().all(|(k, _)| {
                matches!(
                    *k,
                    "FREQ" | "INTERVAL" | "BYDAY" | "BYMONTHDAY" | "UNTIL" | "COUNT" | "WKST"
                )
            });
            let interval: i64 = get("INTERVAL").and_then(|i| i.parse().ok()).unwrap_or(1);
            let (freq, byday, bymonthday) = match (get("FREQ"), get("BYDAY"), get("BYMONTHDAY")) {
                (Some("WEEKLY"), byday, None) => (
                    Some("WEEKLY"),
                    Some(byday.unwrap_or(ical_day(first_local)).to_string()),
                    None,
                ),
                (Some("MONTHLY"), byday, bymonthday) => (
                    Some("MONTHLY"),
                    byday.map(str::to_string),
                    bymonthday.map(str::to_string).or_else(|| {
                        byday
                            .is_none()
                            .then(|| chrono::Datelike::day(&first_local).to_string())
                    }),
                ),
                (Some("DAILY"), byday, None) if interval == 1 => (
                    Some("WEEKLY"),
                    Some(byday.unwrap_or("MO,TU,WE,TH,FR,SA,SU").to_string()),
                    None,
                ),
                _ => (None, None, None),
            };
            if let (true, Some(freq)) = (expressible, freq) {
                s.insert("freq".into(), freq.into());
                s.insert(
                    "interval".into(),
                    (if get("FREQ") == Some("DAILY") {
                        1
                    } else {
                        interval
                    })
                    .into(),
                );
                put(&mut s, "byday", byday);
                put(&mut s, "bymonthday", bymonthday);
                if let Some(until) = get("UNTIL").and_then(until_date) {
                    s.insert("until".into(), until.clone().into());
                    s.insert("valid_to".into(), until.into());
                }
                put(
                    &mut s,
                    "count",
                    get("COUNT").and_then(|c| c.parse::<i64>().ok()),
                );
                put(&mut s, "wkst", get("WKST").map(str::to_string));
            }
            s.insert(
                "description".into(),
                format!(
                    "Repeats by the iCalendar rule RRULE:{rule} in UK local time (Europe/London). Next: {when}."
                )
                .into(),
            );
        }
    }
    s.insert(
        "notes".into(),
        "Times are UK local time (Europe/London); the offset shown is the one in force on the next date."
            .into(),
    );
    s.insert(
        "schedule_link".into(),
        crate::calendar::feeds::group_feed_url(
            public_url,
            crate::graphql::ids::encode("Group", a.group_id).as_str(),
        )
        .into(),
    );
    Value::Object(s)
}

fn json_ok(body: Value) -> Response {
    Json(body)
        .with_header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .with_header(header::CACHE_CONTROL, "public, max-age=60")
        .into_response()
}

fn not_found(message: &str) -> Response {
    Json(json!({ "code": "NOT_FOUND", "message": message }))
        .with_status(StatusCode::NOT_FOUND)
        .with_header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .into_response()
}

/// A domain error as JSON: 400 for bad parameters, else 500 (already logged
/// where it was raised; the message never carries internals).
fn error(e: AppError) -> Response {
    let status = match e {
        AppError::Validation { .. } => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut body = json!({ "code": e.code(), "message": e.to_string() });
    if let Some(field) = e.field() {
        body["field"] = field.into();
    }
    Json(body)
        .with_status(status)
        .with_header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_dates_are_london_dates() {
        assert_eq!(until_date("20270131").as_deref(), Some("2027-01-31"));
        // 23:30 UTC on 30 June is 00:30 on 1 July in London.
        assert_eq!(
            until_date("20270630T233000Z").as_deref(),
            Some("2027-07-01")
        );
        assert_eq!(until_date("nonsense"), None);
    }

    #[test]
    fn days_and_money() {
        assert_eq!(parse_day("tu").unwrap(), Weekday::Tuesday);
        assert_eq!(parse_day("Sunday").unwrap(), Weekday::Sunday);
        assert_eq!(parse_day("someday").unwrap_err().field(), Some("day"));
        assert_eq!(fees_description(350), "£3.50 each time");
        assert_eq!(fees_description(0), "Free");
        assert_eq!(money(5), "£0.05");
    }
}
