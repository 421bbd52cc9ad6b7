//! Volunteer shifts and sign-ups.
//!
//! Places are never overbooked. Every change to a shift's sign-ups runs in a
//! write transaction that locks the shift (a sign-up: the volunteer, then the
//! shift) before it counts and decides: row locks on PostgreSQL, while
//! SQLite's `BEGIN IMMEDIATE` already serialises writers. A unique key on
//! (shift, volunteer) backs "no duplicates", and `queue_position` records
//! arrival order for the waiting list.

pub mod signup_sql;
mod signups;

pub use signups::*;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::calendar::invites::{self, Method};
use crate::db::schema::{memberships, shift_signups, shifts};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::groups::{self, text_enum, MembershipStatus};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::volunteers::{check_location, normalise_labels, split_list, VettingLevel};
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

text_enum! {
    /// Whether a shift will happen.
    ShiftStatus {
        Scheduled => "SCHEDULED",
        Cancelled => "CANCELLED",
    }
}

/// A shift as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = shifts)]
pub struct Shift {
    pub id: i64,
    pub group_id: i64,
    pub activity_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub places: i32,
    pub required_skills: String,
    pub required_vetting: String,
    pub members_only: bool,
    pub waitlist: bool,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub sequence: i32,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Shift {
    pub fn status(&self) -> ShiftStatus {
        ShiftStatus::parse(&self.status).unwrap_or(ShiftStatus::Scheduled)
    }

    pub fn required_vetting(&self) -> VettingLevel {
        VettingLevel::parse(&self.required_vetting).unwrap_or(VettingLevel::None)
    }

    pub fn required_skills(&self) -> Vec<String> {
        split_list(&self.required_skills)
    }
}

/// A point and a radius to search around.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

impl Near {
    /// The bounding box of the circle: (min lat, max lat, min lng, max lng).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let dlat = self.radius_km / 111.0;
        let dlng = self.radius_km / (111.0 * self.latitude.to_radians().cos().abs().max(0.01));
        (
            self.latitude - dlat,
            self.latitude + dlat,
            self.longitude - dlng,
            self.longitude + dlng,
        )
    }

    pub fn check(&self) -> AppResult<()> {
        check_location("near", self.latitude, self.longitude)?;
        if !(self.radius_km > 0.0 && self.radius_km <= 200.0) {
            return Err(AppError::validation(
                "near",
                "The radius must be more than 0 and at most 200 km.",
            ));
        }
        Ok(())
    }
}

/// Input to [`create_shift`].
#[derive(Debug, Clone)]
pub struct NewShift {
    pub group_id: i64,
    pub activity_id: Option<i64>,
    pub title: String,
    pub description: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub location: Option<String>,
    pub coordinates: Option<(f64, f64)>,
    pub places: i32,
    pub required_skills: Vec<String>,
    pub required_vetting: VettingLevel,
    pub members_only: bool,
    pub waitlist: bool,
}

/// Changes to a shift. `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ShiftChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub location: Option<String>,
    pub coordinates: Option<(f64, f64)>,
    pub places: Option<i32>,
    pub required_skills: Option<Vec<String>>,
    pub required_vetting: Option<VettingLevel>,
    pub members_only: Option<bool>,
    pub waitlist: Option<bool>,
}

const MAX_PLACES: i32 = 1000;

fn check_times(starts: NaiveDateTime, ends: NaiveDateTime) -> AppResult<()> {
    if ends <= starts {
        return Err(AppError::validation(
            "endsAt",
            "A shift must end after it starts.",
        ));
    }
    if ends - starts > Duration::hours(24) {
        return Err(AppError::validation(
            "endsAt",
            "A shift can last at most 24 hours.",
        ));
    }
    Ok(())
}

fn check_places(places: i32) -> AppResult<()> {
    if !(1..=MAX_PLACES).contains(&places) {
        return Err(AppError::validation(
            "places",
            format!("Places must be between 1 and {MAX_PLACES}."),
        ));
    }
    Ok(())
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Shift>> {
    Ok(shifts::table
        .find(id)
        .select(Shift::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Shift>> {
    Ok(shifts::table
        .filter(shifts::id.eq_any(ids))
        .select(Shift::as_select())
        .load(conn)?)
}

/// Post a shift (the group's coordinators).
pub fn create_shift(
    conn: &mut DbConn,
    actor: &Actor,
    input: NewShift,
    now: NaiveDateTime,
) -> AppResult<Shift> {
    let viewer = signed_in(actor)?;
    let title = validate::text("title", &input.title, 2, 120)?;
    let description = validate::text(
        "description",
        input.description.as_deref().unwrap_or(""),
        0,
        4000,
    )?;
    let location = validate::text("location", input.location.as_deref().unwrap_or(""), 0, 200)?;
    check_times(input.starts_at, input.ends_at)?;
    if input.starts_at < now {
        return Err(AppError::validation(
            "startsAt",
            "A new shift cannot start in the past.",
        ));
    }
    check_places(input.places)?;
    if let Some((lat, lng)) = input.coordinates {
        check_location("coordinates", lat, lng)?;
    }
    let skills = normalise_labels("requiredSkills", &input.required_skills)?;
    write_tx(conn, |conn| {
        groups::find(conn, input.group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, input.group_id)?;
        if let Some(activity_id) = input.activity_id {
            check_activity(conn, activity_id, input.group_id)?;
        }
        let shift: Shift = diesel::insert_into(shifts::table)
            .values((
                shifts::group_id.eq(input.group_id),
                shifts::activity_id.eq(input.activity_id),
                shifts::title.eq(&title),
                shifts::description.eq(&description),
                shifts::starts_at.eq(input.starts_at),
                shifts::ends_at.eq(input.ends_at),
                shifts::location.eq(&location),
                shifts::latitude.eq(input.coordinates.map(|c| c.0)),
                shifts::longitude.eq(input.coordinates.map(|c| c.1)),
                shifts::places.eq(input.places),
                shifts::required_skills.eq(&skills),
                shifts::required_vetting.eq(input.required_vetting.as_str()),
                shifts::members_only.eq(input.members_only),
                shifts::waitlist.eq(input.waitlist),
                shifts::status.eq(ShiftStatus::Scheduled.as_str()),
                shifts::sequence.eq(0),
                shifts::created_by.eq(viewer.person_id),
                shifts::created_at.eq(now),
                shifts::updated_at.eq(now),
            ))
            .returning(shifts::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "shift.create",
            "Shift",
            shift.id,
            "",
            now,
        )?;
        Ok(shift)
    })
}

/// A shift can serve only a live activity of its own group.
fn check_activity(conn: &mut DbConn, activity_id: i64, group_id: i64) -> AppResult<()> {
    use crate::domain::activities::{self, ActivityStatus};
    let activity = activities::find(conn, activity_id)?
        .filter(|a| a.group_id == group_id)
        .ok_or(AppError::NotFound("That activity"))?;
    if activity.status() == ActivityStatus::Cancelled {
        return Err(AppError::validation(
            "activityId",
            "That activity has been cancelled, so it cannot have new shifts.",
        ));
    }
    Ok(())
}

/// Change a shift (the group's coordinators). A change of time or place
/// emails everyone signed up; more places promote from the waiting list;
/// places cannot drop below the confirmed sign-ups.
pub fn update_shift(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    shift_id: i64,
    changes: ShiftChanges,
    now: NaiveDateTime,
) -> AppResult<Shift> {
    let viewer = signed_in(actor)?;
    let title = changes
        .title
        .as_deref()
        .map(|t| validate::text("title", t, 2, 120))
        .transpose()?;
    let description = changes
        .description
        .as_deref()
        .map(|d| validate::text("description", d, 0, 4000))
        .transpose()?;
    let location = changes
        .location
        .as_deref()
        .map(|l| validate::text("location", l, 0, 200))
        .transpose()?;
    if let Some(p) = changes.places {
        check_places(p)?;
    }
    if let Some((lat, lng)) = changes.coordinates {
        check_location("coordinates", lat, lng)?;
    }
    let skills = changes
        .required_skills
        .as_deref()
        .map(|s| normalise_labels("requiredSkills", s))
        .transpose()?;
    write_tx(conn, |conn| {
        lock_shift(conn, shift_id)?;
        let shift = find(conn, shift_id)?.ok_or(AppError::NotFound("That shift"))?;
        require_coordinator(conn, &viewer, shift.group_id)?;
        if shift.status() == ShiftStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "A cancelled shift cannot be changed.".into(),
            ));
        }
        let starts = changes.starts_at.unwrap_or(shift.starts_at);
        let ends = changes.ends_at.unwrap_or(shift.ends_at);
        check_times(starts, ends)?;
        let places = changes.places.unwrap_or(shift.places);
        let (confirmed, _) = counts_for(conn, shift_id)?;
        if (places as i64) < confirmed {
            return Err(AppError::validation(
                "places",
                format!(
                    "{confirmed} volunteers are already confirmed; places cannot go below that."
                ),
            ));
        }
        let location = location.unwrap_or(shift.location.clone());
        let moved =
            starts != shift.starts_at || ends != shift.ends_at || location != shift.location;
        let updated: Shift = diesel::update(shifts::table.find(shift_id))
            .set((
                shifts::title.eq(title.unwrap_or(shift.title.clone())),
                shifts::description.eq(description.unwrap_or(shift.description.clone())),
                shifts::starts_at.eq(starts),
                shifts::ends_at.eq(ends),
                shifts::location.eq(&location),
                shifts::latitude.eq(changes.coordinates.map(|c| c.0).or(shift.latitude)),
                shifts::longitude.eq(changes.coordinates.map(|c| c.1).or(shift.longitude)),
                shifts::places.eq(places),
                shifts::required_skills.eq(skills.unwrap_or(shift.required_skills.clone())),
                shifts::required_vetting.eq(changes
                    .required_vetting
                    .map(|v| v.as_str().to_string())
                    .unwrap_or(shift.required_vetting.clone())),
                shifts::members_only.eq(changes.members_only.unwrap_or(shift.members_only)),
                shifts::waitlist.eq(changes.waitlist.unwrap_or(shift.waitlist)),
                shifts::sequence.eq(shift.sequence + if moved { 1 } else { 0 }),
                shifts::updated_at.eq(now),
            ))
            .returning(shifts::all_columns)
            .get_result(conn)?;
        if moved {
            notify_signed_up(
                conn,
                public_url,
                &updated,
                "shift_changed",
                Method::Request,
                now,
            )?;
        }
        promote_waitlisted(conn, public_url, &updated, now)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "shift.update",
            "Shift",
            shift_id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

/// Cancel a shift (the group's coordinators); everyone signed up is told.
pub fn cancel_shift(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    shift_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<Shift> {
    let viewer = signed_in(actor)?;
    let reason = validate::text("reason", reason, 1, 500)?;
    write_tx(conn, |conn| {
        lock_shift(conn, shift_id)?;
        let shift = find(conn, shift_id)?.ok_or(AppError::NotFound("That shift"))?;
        require_coordinator(conn, &viewer, shift.group_id)?;
        if shift.status() == ShiftStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "This shift is already cancelled.".into(),
            ));
        }
        let updated: Shift = diesel::update(shifts::table.find(shift_id))
            .set((
                shifts::status.eq(ShiftStatus::Cancelled.as_str()),
                shifts::cancel_reason.eq(&reason),
                shifts::sequence.eq(shift.sequence + 1),
                shifts::updated_at.eq(now),
            ))
            .returning(shifts::all_columns)
            .get_result(conn)?;
        notify_signed_up(
            conn,
            public_url,
            &updated,
            "shift_cancelled",
            Method::Cancel,
            now,
        )?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "shift.cancel",
            "Shift",
            shift_id,
            &reason,
            now,
        )?;
        Ok(updated)
    })
}

/// Email everyone confirmed or waitlisted on a shift. Confirmed volunteers
/// also get a calendar invitation (`invite`) with the shift's current
/// SEQUENCE; the waiting list has nothing in their calendars to update.
fn notify_signed_up(
    conn: &mut DbConn,
    public_url: &str,
    shift: &Shift,
    kind: &str,
    invite: Method,
    now: NaiveDateTime,
) -> AppResult<()> {
    use crate::db::schema::people;
    let rows: Vec<(Option<String>, String, String)> = shift_signups::table
        .inner_join(people::table)
        .filter(shift_signups::shift_id.eq(shift.id))
        .filter(shift_signups::status.eq_any([
            SignupStatus::Confirmed.as_str(),
            SignupStatus::Waitlisted.as_str(),
        ]))
        .filter(people::do_not_contact.eq(false))
        .filter(people::disabled_at.is_null())
        .order(shift_signups::queue_position.asc())
        .select((people::email, people::display_name, shift_signups::status))
        .load(conn)?;
    let group = group_name(conn, shift.group_id)?;
    for (email, name, status) in rows {
        let Some(email) = email else { continue };
        let attachment = (status == SignupStatus::Confirmed.as_str())
            .then(|| invites::shift_attachment(shift, &group, invite, public_url, now));
        outbox::enqueue(
            conn,
            public_url,
            OutgoingMail {
                kind,
                to: &email,
                context: shift_context(shift, &group, &name, public_url),
                attachment,
            },
            now,
        )?;
    }
    Ok(())
}

/// One shift email for one volunteer.
pub(super) struct ShiftMail<'a> {
    /// Template kind.
    pub kind: &'a str,
    /// The calendar invitation to attach, if any.
    pub invite: Option<Method>,
    /// Added to the template context (an object, or null for nothing).
    pub extra: serde_json::Value,
}

/// Email one volunteer about a shift. Nobody without an address, who asked
/// not to be contacted, or who is disabled is emailed.
pub(super) fn email_volunteer(
    conn: &mut DbConn,
    public_url: &str,
    shift: &Shift,
    person_id: i64,
    mail: ShiftMail<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some(person) = crate::domain::people::find(conn, person_id)? else {
        return Ok(());
    };
    if !can_email(&person) {
        // Spares reading the group's name for nothing.
        return Ok(());
    }
    let group = group_name(conn, shift.group_id)?;
    email_person(conn, public_url, shift, &group, &person, mail, now)
}

/// Whether a person can be emailed: has an address, has not asked not to
/// be contacted and is not disabled.
fn can_email(person: &crate::domain::people::Person) -> bool {
    Recipient::of(person).email.is_some()
}

/// Whom a shift email is for: their name, and their address when they may
/// be emailed (they have one, have not asked not to be contacted and are
/// not disabled).
#[derive(Debug, Clone, Copy)]
pub(super) struct Recipient<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
}

impl<'a> Recipient<'a> {
    pub fn of(person: &'a crate::domain::people::Person) -> Self {
        Self::from_parts(
            &person.display_name,
            person.email.as_deref(),
            person.do_not_contact,
            person.disabled_at,
        )
    }

    /// The same from the columns a statement read.
    pub fn from_parts(
        name: &'a str,
        email: Option<&'a str>,
        do_not_contact: bool,
        disabled_at: Option<NaiveDateTime>,
    ) -> Self {
        Recipient {
            name,
            email: email.filter(|_| !do_not_contact && disabled_at.is_none()),
        }
    }
}

/// [`email_volunteer`] with the person and the group's name already read.
pub(super) fn email_person(
    conn: &mut DbConn,
    public_url: &str,
    shift: &Shift,
    group: &str,
    person: &crate::domain::people::Person,
    mail: ShiftMail<'_>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let to = Recipient::of(person);
    if let Some(prepared) = prepare_mail(public_url, shift, group, to, mail, now)? {
        prepared.insert(conn, now)?;
    }
    Ok(())
}

/// A shift email rendered for [`outbox::Prepared::insert`], or `None` when
/// the recipient may not be emailed.
pub(super) fn prepare_mail(
    public_url: &str,
    shift: &Shift,
    group: &str,
    to: Recipient<'_>,
    mail: ShiftMail<'_>,
    now: NaiveDateTime,
) -> AppResult<Option<outbox::Prepared>> {
    let Some(email) = to.email else {
        return Ok(None);
    };
    let mut context = shift_context(shift, group, to.name, public_url);
    if let (Some(context), serde_json::Value::Object(extra)) = (context.as_object_mut(), mail.extra)
    {
        context.extend(extra);
    }
    let prepared = outbox::prepare(
        public_url,
        OutgoingMail {
            kind: mail.kind,
            to: email,
            context,
            attachment: mail
                .invite
                .map(|m| invites::shift_attachment(shift, group, m, public_url, now)),
        },
    )?;
    Ok(Some(prepared))
}

fn group_name(conn: &mut DbConn, group_id: i64) -> AppResult<String> {
    Ok(groups::find(conn, group_id)?
        .map(|g| g.name)
        .unwrap_or_default())
}

/// What shift emails show.
pub fn shift_context(
    shift: &Shift,
    group: &str,
    name: &str,
    public_url: &str,
) -> serde_json::Value {
    json!({
        "name": name,
        "title": shift.title,
        "group": group,
        "when": crate::domain::time::describe_local(shift.starts_at, shift.ends_at),
        "location": shift.location,
        "reason": shift.cancel_reason,
        "link": format!("{public_url}/shifts/{}", shift.id),
    })
}

/// Confirmed and waitlisted counts of one shift.
pub fn counts_for(conn: &mut DbConn, shift_id: i64) -> AppResult<(i64, i64)> {
    let rows = counts(conn, &[shift_id])?;
    Ok(rows.first().map(|r| (r.1, r.2)).unwrap_or((0, 0)))
}

/// (shift id, confirmed, waitlisted) for many shifts at once.
pub fn counts(conn: &mut DbConn, shift_ids: &[i64]) -> AppResult<Vec<(i64, i64, i64)>> {
    use diesel::dsl::count_star;
    let rows: Vec<(i64, String, i64)> = shift_signups::table
        .filter(shift_signups::shift_id.eq_any(shift_ids))
        .filter(shift_signups::status.eq_any([
            SignupStatus::Confirmed.as_str(),
            SignupStatus::Waitlisted.as_str(),
        ]))
        .group_by((shift_signups::shift_id, shift_signups::status))
        .select((shift_signups::shift_id, shift_signups::status, count_star()))
        .load(conn)?;
    let mut out: std::collections::HashMap<i64, (i64, i64)> =
        shift_ids.iter().map(|id| (*id, (0, 0))).collect();
    for (id, status, n) in rows {
        if let Some(entry) = out.get_mut(&id) {
            if status == SignupStatus::Confirmed.as_str() {
                entry.0 = n;
            } else {
                entry.1 = n;
            }
        }
    }
    Ok(out.into_iter().map(|(id, (c, w))| (id, c, w)).collect())
}

/// A shift in a listing, with what a listing shows of it, read in the same
/// statement as the page: its group, its counts, and the viewer's own
/// membership of its group (if any).
#[derive(Debug, Clone)]
pub struct Listed {
    pub shift: Shift,
    pub group: groups::Group,
    pub membership: Option<groups::Membership>,
    pub confirmed: i64,
    pub waitlisted: i64,
}

/// Upcoming scheduled shifts, soonest first, each with its group, counts and
/// the viewer's membership (one statement, or two when the total is asked
/// for). Members-only shifts are listed only to members of their group.
pub fn upcoming(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: Option<i64>,
    from: NaiveDateTime,
    near: Option<Near>,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Listed>> {
    use crate::db::fragment as sql;
    use crate::db::schema::groups as groups_t;
    use diesel::sql_types::BigInt;

    if let Some(n) = near {
        n.check()?;
    }
    // The viewer's membership of each shift's group is joined (there is at
    // most one a group): it both lets members see members-only shifts and
    // answers the page's access checks.
    let viewer_id = actor.map(|v| v.person_id).unwrap_or(0);
    let is_admin = actor.is_some_and(|v| v.is_admin);
    let base = || {
        let mut q = shifts::table
            .inner_join(groups_t::table)
            .left_join(
                memberships::table.on(memberships::group_id
                    .eq(shifts::group_id)
                    .and(memberships::person_id.eq(viewer_id))),
            )
            .filter(shifts::status.eq(ShiftStatus::Scheduled.as_str()))
            .filter(shifts::ends_at.gt(from))
            .into_boxed();
        if !is_admin {
            q = q.filter(
                shifts::members_only
                    .eq(false)
                    .or(memberships::status.eq(MembershipStatus::Active.as_str())),
            );
        }
        if let Some(g) = group_id {
            q = q.filter(shifts::group_id.eq(g));
        }
        if let Some(n) = near {
            let (lat0, lat1, lng0, lng1) = n.bounds();
            q = q
                .filter(shifts::latitude.between(lat0, lat1))
                .filter(shifts::longitude.between(lng0, lng1));
        }
        q
    };
    let total = page::total(|| base().count().get_result(conn))?;
    let mut q = base();
    if let Some(c) = after {
        let key = c.time()?;
        q = q.filter(
            shifts::starts_at
                .gt(key)
                .or(shifts::starts_at.eq(key).and(shifts::id.gt(c.id))),
        );
    }
    // The counts as correlated subqueries: two index lookups a row on
    // (shift_id, status, queue_position).
    let rows: Vec<(Shift, groups::Group, Option<groups::Membership>, i64, i64)> = q
        .order((shifts::starts_at.asc(), shifts::id.asc()))
        .limit(first + 1)
        .select((
            Shift::as_select(),
            groups::Group::as_select(),
            Option::<groups::Membership>::as_select(),
            sql::<BigInt>(
                "(SELECT COUNT(*) FROM shift_signups c \
                 WHERE c.shift_id = shifts.id AND c.status = 'CONFIRMED')",
            ),
            sql::<BigInt>(
                "(SELECT COUNT(*) FROM shift_signups w \
                 WHERE w.shift_id = shifts.id AND w.status = 'WAITLISTED')",
            ),
        ))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(shift, group, membership, confirmed, waitlisted)| {
            (
                Cursor::at(shift.starts_at, shift.id),
                Listed {
                    shift,
                    group,
                    membership,
                    confirmed,
                    waitlisted,
                },
            )
        })
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Lock a shift row for the rest of the transaction. PostgreSQL takes a row
/// lock; on SQLite the write transaction already holds the database lock.
pub fn lock_shift(conn: &mut DbConn, shift_id: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        shifts::table
            .find(shift_id)
            .select(shifts::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Lock a volunteer's row and then a shift's, in one statement, for a
/// sign-up that found them held by another (see [`sign_up_with_shift`]).
/// Locks are taken person first, as [`lock_person`] and [`lock_shift`]
/// would. PostgreSQL only; on SQLite the write transaction holds the
/// database lock.
pub fn lock_person_and_shift(conn: &mut DbConn, person_id: i64, shift_id: i64) -> AppResult<()> {
    use crate::db::schema::people;
    if let DbConn::Pg(pg) = conn {
        people::table
            .inner_join(shifts::table.on(shifts::id.eq(shift_id)))
            .filter(people::id.eq(person_id))
            .select(people::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}

/// Lock a person row (a volunteer signing up), so one volunteer's sign-ups
/// are decided one at a time and cannot clash.
pub fn lock_person(conn: &mut DbConn, person_id: i64) -> AppResult<()> {
    use crate::db::schema::people;
    if let DbConn::Pg(pg) = conn {
        people::table
            .find(person_id)
            .select(people::id)
            .for_update()
            .first::<i64>(pg)
            .optional()?;
    }
    Ok(())
}
