//! Volunteers: their profile (skills, languages, weekly availability, travel
//! radius, location) and vetting recorded by a coordinator.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::db::schema::{memberships, vettings, volunteer_profiles};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{access_to, signed_in, Actor};
use crate::domain::groups::{text_enum, MemberRole, MembershipStatus};
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};

text_enum! {
    /// DBS check level, weakest first.
    VettingLevel {
        None => "NONE",
        Basic => "BASIC",
        Standard => "STANDARD",
        Enhanced => "ENHANCED",
    }
}

impl VettingLevel {
    fn rank(self) -> u8 {
        match self {
            VettingLevel::None => 0,
            VettingLevel::Basic => 1,
            VettingLevel::Standard => 2,
            VettingLevel::Enhanced => 3,
        }
    }

    /// True when this level satisfies a requirement of `required`.
    pub fn satisfies(self, required: VettingLevel) -> bool {
        self.rank() >= required.rank()
    }
}

text_enum! {
    /// A day of the week.
    Weekday {
        Monday => "MONDAY",
        Tuesday => "TUESDAY",
        Wednesday => "WEDNESDAY",
        Thursday => "THURSDAY",
        Friday => "FRIDAY",
        Saturday => "SATURDAY",
        Sunday => "SUNDAY",
    }
}

/// A weekly window when a volunteer is usually free (local time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityWindow {
    pub day: String,
    pub start: String,
    pub end: String,
}

/// A volunteer's profile as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = volunteer_profiles)]
pub struct VolunteerProfile {
    pub person_id: i64,
    pub skills: String,
    pub languages: String,
    pub availability: String,
    pub travel_radius_km: Option<i32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub updated_at: NaiveDateTime,
}

impl VolunteerProfile {
    pub fn skills(&self) -> Vec<String> {
        split_list(&self.skills)
    }

    pub fn languages(&self) -> Vec<String> {
        split_list(&self.languages)
    }

    pub fn availability(&self) -> Vec<AvailabilityWindow> {
        serde_json::from_str(&self.availability).unwrap_or_default()
    }
}

/// Split a stored newline-separated list.
pub fn split_list(s: &str) -> Vec<String> {
    s.lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Normalise a list of short labels (skills, languages): trimmed, lower
/// case, no duplicates, each at most 50 characters, at most 30 of them.
pub fn normalise_labels(field: &'static str, items: &[String]) -> AppResult<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let label = validate::text(field, item, 1, 50)?.to_lowercase();
        if label.contains('\n') {
            return Err(AppError::validation(
                field,
                "Each entry must be on one line.",
            ));
        }
        if !out.contains(&label) {
            out.push(label);
        }
    }
    if out.len() > 30 {
        return Err(AppError::validation(field, "Give at most 30 entries."));
    }
    Ok(out.join("\n"))
}

/// Changes to my volunteer profile. `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub availability: Option<Vec<AvailabilityWindow>>,
    pub travel_radius_km: Option<i32>,
    pub location: Option<(f64, f64)>,
}

/// Check a latitude/longitude pair.
pub fn check_location(field: &'static str, lat: f64, lng: f64) -> AppResult<()> {
    if !(-90.0..=90.0).contains(&lat)
        || !(-180.0..=180.0).contains(&lng)
        || !lat.is_finite()
        || !lng.is_finite()
    {
        return Err(AppError::validation(
            field,
            "Latitude must be between -90 and 90 and longitude between -180 and 180.",
        ));
    }
    Ok(())
}

fn check_window(w: &AvailabilityWindow) -> AppResult<AvailabilityWindow> {
    let day = Weekday::parse(&w.day)
        .ok_or_else(|| AppError::validation("availability", "Unknown day of the week."))?;
    let parse = |t: &str| NaiveTime::parse_from_str(t.trim(), "%H:%M");
    let (Ok(start), Ok(end)) = (parse(&w.start), parse(&w.end)) else {
        return Err(AppError::validation(
            "availability",
            "Times must look like 09:30.",
        ));
    };
    if end <= start {
        return Err(AppError::validation(
            "availability",
            "Each window must end after it starts.",
        ));
    }
    Ok(AvailabilityWindow {
        day: day.as_str().to_string(),
        start: start.format("%H:%M").to_string(),
        end: end.format("%H:%M").to_string(),
    })
}

pub fn find_profile(conn: &mut DbConn, person_id: i64) -> AppResult<Option<VolunteerProfile>> {
    Ok(volunteer_profiles::table
        .find(person_id)
        .select(VolunteerProfile::as_select())
        .first(conn)
        .optional()?)
}

/// Create or change the signed-in person's volunteer profile.
pub fn update_profile(
    conn: &mut DbConn,
    actor: &Actor,
    input: ProfileInput,
    now: NaiveDateTime,
) -> AppResult<VolunteerProfile> {
    let viewer = signed_in(actor)?;
    let skills = input
        .skills
        .as_deref()
        .map(|s| normalise_labels("skills", s))
        .transpose()?;
    let languages = input
        .languages
        .as_deref()
        .map(|s| normalise_labels("languages", s))
        .transpose()?;
    let availability = match &input.availability {
        None => None,
        Some(ws) => {
            if ws.len() > 28 {
                return Err(AppError::validation(
                    "availability",
                    "Give at most 28 windows.",
                ));
            }
            let checked = ws.iter().map(check_window).collect::<AppResult<Vec<_>>>()?;
            Some(
                serde_json::to_string(&checked)
                    .map_err(|e| AppError::internal("availability", e))?,
            )
        }
    };
    if let Some(r) = input.travel_radius_km {
        if !(0..=200).contains(&r) {
            return Err(AppError::validation(
                "travelRadiusKm",
                "Travel radius must be between 0 and 200 km.",
            ));
        }
    }
    if let Some((lat, lng)) = input.location {
        check_location("location", lat, lng)?;
    }
    write_tx(conn, |conn| {
        let existing = find_profile(conn, viewer.person_id)?;
        let base = existing.unwrap_or(VolunteerProfile {
            person_id: viewer.person_id,
            skills: String::new(),
            languages: String::new(),
            availability: "[]".into(),
            travel_radius_km: None,
            latitude: None,
            longitude: None,
            updated_at: now,
        });
        let values = (
            volunteer_profiles::person_id.eq(viewer.person_id),
            volunteer_profiles::skills.eq(skills.unwrap_or(base.skills)),
            volunteer_profiles::languages.eq(languages.unwrap_or(base.languages)),
            volunteer_profiles::availability.eq(availability.unwrap_or(base.availability)),
            volunteer_profiles::travel_radius_km
                .eq(input.travel_radius_km.or(base.travel_radius_km)),
            volunteer_profiles::latitude.eq(input.location.map(|l| l.0).or(base.latitude)),
            volunteer_profiles::longitude.eq(input.location.map(|l| l.1).or(base.longitude)),
            volunteer_profiles::updated_at.eq(now),
        );
        diesel::delete(volunteer_profiles::table.find(viewer.person_id)).execute(conn)?;
        let profile = diesel::insert_into(volunteer_profiles::table)
            .values(values)
            .returning(volunteer_profiles::all_columns)
            .get_result(conn)?;
        Ok(profile)
    })
}

/// A vetting record as stored. The latest record for a person is current.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = vettings)]
pub struct Vetting {
    pub id: i64,
    pub person_id: i64,
    pub level: String,
    pub reference: String,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    pub verified_by: i64,
    pub group_id: i64,
    pub recorded_at: NaiveDateTime,
}

impl Vetting {
    pub fn level(&self) -> VettingLevel {
        VettingLevel::parse(&self.level).unwrap_or(VettingLevel::None)
    }

    /// The level that counts on `today`: nothing once expired.
    pub fn effective_level(&self, today: NaiveDate) -> VettingLevel {
        match self.expires_on {
            Some(exp) if exp <= today => VettingLevel::None,
            _ => self.level(),
        }
    }

    /// The certificate reference with all but its last four characters hidden.
    pub fn masked_reference(&self) -> String {
        let chars: Vec<char> = self.reference.chars().collect();
        let keep = chars.len().min(4);
        let hidden = chars.len() - keep;
        "•".repeat(hidden.max(4)) + &chars[hidden..].iter().collect::<String>()
    }
}

/// Input to [`record_vetting`].
#[derive(Debug, Clone)]
pub struct VettingInput {
    pub person_id: i64,
    pub level: VettingLevel,
    pub reference: String,
    pub issued_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
}

/// Record a volunteer's DBS check (a coordinator of one of their groups).
pub fn record_vetting(
    conn: &mut DbConn,
    actor: &Actor,
    input: VettingInput,
    now: NaiveDateTime,
) -> AppResult<Vetting> {
    let viewer = signed_in(actor)?;
    let reference = validate::text("reference", &input.reference, 1, 64)?;
    let today = now.date();
    if input.issued_on > today {
        return Err(AppError::validation(
            "issuedOn",
            "The issue date cannot be in the future.",
        ));
    }
    if let Some(exp) = input.expires_on {
        if exp <= input.issued_on {
            return Err(AppError::validation(
                "expiresOn",
                "The expiry date must be after the issue date.",
            ));
        }
    }
    write_tx(conn, |conn| {
        crate::domain::people::find(conn, input.person_id)?
            .ok_or(AppError::NotFound("That person"))?;
        let group_id =
            match access_to(conn, &viewer, input.person_id)?.managing_group {
                Some(g) => g,
                None if viewer.is_admin => {
                    // Admins record against any group the volunteer is in.
                    memberships::table
                        .filter(memberships::person_id.eq(input.person_id))
                        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                        .select(memberships::group_id)
                        .first(conn)
                        .optional()?
                        .ok_or_else(|| {
                            AppError::conflict("This person is not an active member of any group.")
                        })?
                }
                None => return Err(AppError::forbidden(
                    "Only coordinators of one of this volunteer's groups can record their vetting.",
                )),
            };
        let vetting: Vetting = diesel::insert_into(vettings::table)
            .values((
                vettings::person_id.eq(input.person_id),
                vettings::level.eq(input.level.as_str()),
                vettings::reference.eq(&reference),
                vettings::issued_on.eq(input.issued_on),
                vettings::expires_on.eq(input.expires_on),
                vettings::verified_by.eq(viewer.person_id),
                vettings::group_id.eq(group_id),
                vettings::recorded_at.eq(now),
            ))
            .returning(vettings::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "vetting.record",
            "Person",
            input.person_id,
            input.level.as_str(),
            now,
        )?;
        Ok(vetting)
    })
}

/// Profiles of many people at once (for DataLoaders).
pub fn find_profiles(conn: &mut DbConn, person_ids: &[i64]) -> AppResult<Vec<VolunteerProfile>> {
    Ok(volunteer_profiles::table
        .filter(volunteer_profiles::person_id.eq_any(person_ids))
        .select(VolunteerProfile::as_select())
        .load(conn)?)
}

/// The current (latest) vetting record of each of many people, in one query.
pub fn current_vettings(conn: &mut DbConn, person_ids: &[i64]) -> AppResult<Vec<Vetting>> {
    let all: Vec<Vetting> = vettings::table
        .filter(vettings::person_id.eq_any(person_ids))
        .order((vettings::person_id.asc(), vettings::id.desc()))
        .select(Vetting::as_select())
        .load(conn)?;
    let mut latest: Vec<Vetting> = Vec::new();
    for v in all {
        if latest.last().map(|l| l.person_id) != Some(v.person_id) {
            latest.push(v);
        }
    }
    Ok(latest)
}

/// A person's current (latest) vetting record.
pub fn current_vetting(conn: &mut DbConn, person_id: i64) -> AppResult<Option<Vetting>> {
    Ok(vettings::table
        .filter(vettings::person_id.eq(person_id))
        .order(vettings::id.desc())
        .select(Vetting::as_select())
        .first(conn)
        .optional()?)
}

/// Days before expiry at which volunteers and coordinators are warned.
pub const EXPIRY_WARNING_DAYS: [i32; 3] = [60, 30, 7];

/// Warn about DBS checks that expire soon: for each current check expiring
/// within 60 days, the tightest of the 60/30/7-day warnings that applies is
/// sent once to the volunteer and the coordinators of the group that
/// recorded it. Returns how many warnings were sent. Idempotent.
pub fn warn_expiring(conn: &mut DbConn, public_url: &str, now: NaiveDateTime) -> AppResult<usize> {
    use crate::db::schema::{people, vetting_warnings};
    use diesel::dsl::max;
    let today = now.date();
    let horizon = today + chrono::Duration::days(EXPIRY_WARNING_DAYS[0] as i64);
    let candidates: Vec<Vetting> = vettings::table
        .filter(vettings::expires_on.gt(today))
        .filter(vettings::expires_on.le(horizon))
        .select(Vetting::as_select())
        .load(conn)?;
    if candidates.is_empty() {
        return Ok(0);
    }
    let person_ids: Vec<i64> = candidates.iter().map(|v| v.person_id).collect();
    let latest: Vec<(i64, Option<i64>)> = vettings::table
        .filter(vettings::person_id.eq_any(&person_ids))
        .group_by(vettings::person_id)
        .select((vettings::person_id, max(vettings::id)))
        .load(conn)?;
    let mut sent = 0;
    for v in candidates {
        if !latest
            .iter()
            .any(|(p, id)| *p == v.person_id && *id == Some(v.id))
        {
            continue; // superseded by a newer check
        }
        let Some(expires) = v.expires_on else {
            continue;
        };
        let days_left = (expires - today).num_days() as i32;
        let Some(threshold) = EXPIRY_WARNING_DAYS
            .iter()
            .rev()
            .copied()
            .find(|d| days_left <= *d)
        else {
            continue;
        };
        let fresh = write_tx(conn, |conn| {
            let inserted = diesel::insert_into(vetting_warnings::table)
                .values((
                    vetting_warnings::vetting_id.eq(v.id),
                    vetting_warnings::days.eq(threshold),
                    vetting_warnings::sent_at.eq(now),
                ))
                .execute(conn);
            match inserted {
                Ok(_) => {}
                Err(e) if crate::error::is_unique_violation(&e) => return Ok(false),
                Err(e) => return Err(e.into()),
            }
            let volunteer = crate::domain::people::find(conn, v.person_id)?
                .ok_or(AppError::NotFound("That person"))?;
            let mut recipients: Vec<(String, String)> = Vec::new();
            if let (Some(email), false) = (volunteer.email.clone(), volunteer.do_not_contact) {
                recipients.push((email, volunteer.display_name.clone()));
            }
            let coordinators: Vec<(Option<String>, String)> = memberships::table
                .inner_join(people::table)
                .filter(memberships::group_id.eq(v.group_id))
                .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .filter(people::disabled_at.is_null())
                .filter(people::id.ne(v.person_id))
                .select((people::email, people::display_name))
                .load(conn)?;
            recipients.extend(
                coordinators
                    .into_iter()
                    .filter_map(|(e, n)| e.map(|e| (e, n))),
            );
            for (email, name) in recipients {
                crate::mail::outbox::enqueue(
                    conn,
                    public_url,
                    crate::mail::outbox::OutgoingMail {
                        kind: "vetting_expiry",
                        to: &email,
                        context: serde_json::json!({
                            "name": name,
                            "volunteer": volunteer.display_name,
                            "level": v.level().as_str().to_lowercase(),
                            "expires": expires.format("%-d %B %Y").to_string(),
                            "days": days_left,
                            "link": format!("{public_url}/volunteers/{}", v.person_id),
                        }),
                        attachment: None,
                    },
                    now,
                )?;
            }
            Ok(true)
        })?;
        sent += fresh as usize;
    }
    Ok(sent)
}
