//! Signing up for shifts, cancelling, the waiting list and attendance.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{email_volunteer, find, lock_shift, signup_sql, Shift, ShiftMail, ShiftStatus};
use crate::calendar::invites::Method;
use crate::db::schema::{shift_signups, shifts};
use crate::db::{write_tx, DbConn};
use crate::domain::audit;
use crate::domain::authz::{can_coordinate, require_coordinator, signed_in, Actor, Viewer};
use crate::domain::groups::text_enum;
use crate::domain::page::{self, Cursor, Page};
use crate::domain::time::describe_local;
use crate::domain::volunteers::{current_vetting, find_profile, VettingLevel};
use crate::error::{is_unique_violation, AppError, AppResult};

text_enum! {
    /// Where a sign-up stands.
    SignupStatus {
        Confirmed => "CONFIRMED",
        Waitlisted => "WAITLISTED",
        Cancelled => "CANCELLED",
    }
}

/// A volunteer's sign-up for a shift, as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = shift_signups)]
pub struct Signup {
    pub id: i64,
    pub shift_id: i64,
    pub volunteer_id: i64,
    pub status: String,
    pub queue_position: i64,
    pub attended_minutes: Option<i32>,
    pub attendance_recorded_by: Option<i64>,
    pub attendance_recorded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Signup {
    pub fn status(&self) -> SignupStatus {
        SignupStatus::parse(&self.status).unwrap_or(SignupStatus::Cancelled)
    }
}

pub fn find_signup(conn: &mut DbConn, id: i64) -> AppResult<Option<Signup>> {
    Ok(shift_signups::table
        .find(id)
        .select(Signup::as_select())
        .first(conn)
        .optional()?)
}

/// The person's sign-ups (any status) for the given shifts.
pub fn signups_of_in(
    conn: &mut DbConn,
    person_id: i64,
    shift_ids: &[i64],
) -> AppResult<Vec<Signup>> {
    Ok(shift_signups::table
        .filter(shift_signups::volunteer_id.eq(person_id))
        .filter(shift_signups::shift_id.eq_any(shift_ids))
        .select(Signup::as_select())
        .load(conn)?)
}

/// May the viewer see this sign-up? The volunteer and the group's coordinators.
pub fn can_view_signup(
    conn: &mut DbConn,
    viewer: &Viewer,
    signup: &Signup,
    shift: &Shift,
) -> AppResult<bool> {
    Ok(signup.volunteer_id == viewer.person_id || can_coordinate(conn, viewer, shift.group_id)?)
}

/// A shift's sign-ups in queue order (the group's coordinators).
pub fn list_signups(
    conn: &mut DbConn,
    actor: &Actor,
    shift_id: i64,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Signup>> {
    let viewer = signed_in(actor)?;
    let shift = find(conn, shift_id)?.ok_or(AppError::NotFound("That shift"))?;
    require_coordinator(conn, &viewer, shift.group_id)?;
    let total: i64 = shift_signups::table
        .filter(shift_signups::shift_id.eq(shift_id))
        .count()
        .get_result(conn)?;
    let mut q = shift_signups::table
        .filter(shift_signups::shift_id.eq(shift_id))
        .into_boxed();
    if let Some(c) = after {
        q = q.filter(shift_signups::queue_position.gt(c.id));
    }
    let rows: Vec<Signup> = q
        .order(shift_signups::queue_position.asc())
        .limit(first + 1)
        .select(Signup::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|s| (Cursor::new("", s.queue_position), s))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Every sign-up of each of `shift_ids`, in queue order, in one statement:
/// the first page of `Shift.signups` for a whole page of shifts. The caller
/// has checked the viewer coordinates each shift's group.
pub fn signups_of_shifts(conn: &mut DbConn, shift_ids: &[i64]) -> AppResult<Vec<Signup>> {
    Ok(shift_signups::table
        .filter(shift_signups::shift_id.eq_any(shift_ids))
        .order((shift_signups::shift_id, shift_signups::queue_position))
        .select(Signup::as_select())
        .load(conn)?)
}

/// [`signups_of_shifts`], each with its volunteer, in one statement: all
/// of them, or with `first`, only each shift's first that many.
pub fn signups_with_volunteers(
    conn: &mut DbConn,
    shift_ids: &[i64],
    first: Option<i64>,
) -> AppResult<Vec<(Signup, crate::domain::people::Person)>> {
    use crate::db::schema::people;
    let mut q = shift_signups::table
        .inner_join(people::table)
        .filter(crate::db::id_in(shift_signups::shift_id, shift_ids))
        .into_boxed();
    if let Some(n) = first {
        q = q.filter(crate::db::first_signups(shift_ids, n));
    }
    Ok(
        q.order((shift_signups::shift_id, shift_signups::queue_position))
            .select((
                Signup::as_select(),
                crate::domain::people::Person::as_select(),
            ))
            .load(conn)?,
    )
}

/// Sign the viewer up for a shift: CONFIRMED while places remain, then
/// WAITLISTED (or `SHIFT_FULL` without a waiting list). The volunteer is
/// emailed either way; a confirmation carries a calendar invitation.
pub fn sign_up(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    shift_id: i64,
    now: NaiveDateTime,
) -> AppResult<Signup> {
    Ok(sign_up_with_shift(conn, public_url, actor, shift_id, now)?.signup)
}

/// A new sign-up, with its shift and the shift's counts as they stand after
/// it (for the caller to show without reading them again).
#[derive(Debug, Clone)]
pub struct SignedUp {
    pub signup: Signup,
    pub shift: Shift,
    pub confirmed: i64,
    pub waitlisted: i64,
}

/// What deciding a sign-up needs, read in one statement: the shift, the
/// volunteer, the group's name, whether the volunteer is an active member,
/// their earlier sign-up (if any), the shift's counts and last queue
/// position, and a clashing confirmed shift of theirs (if any, and only
/// looked for when the shift has a place free).
type DecisionRow = (
    crate::domain::people::Person,
    Shift,
    String,
    bool,
    Option<i64>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
);

/// A [`DecisionRow`] by name.
struct Decision {
    volunteer: crate::domain::people::Person,
    shift: Shift,
    group: String,
    member: bool,
    existing: Option<(i64, String)>,
    confirmed: i64,
    waitlisted: i64,
    last_position: i64,
    clash_id: Option<i64>,
}

/// Read what deciding a sign-up needs. On PostgreSQL the same statement
/// locks the volunteer's row and then the shift's (`FOR UPDATE`, in that
/// order, as [`super::lock_person`] and [`lock_shift`] would), so the
/// volunteer's sign-ups are decided one at a time (two cannot clash) and so
/// are the shift's (it is never overbooked). With `skip_locked` it does not
/// wait for rows another transaction holds: it reads nothing instead, and
/// the caller waits for the locks on their own before reading again (what
/// a statement read while it waited would be older than its locks).
fn read_decision(
    conn: &mut DbConn,
    person_id: i64,
    shift_id: i64,
    skip_locked: bool,
) -> AppResult<Option<Decision>> {
    use crate::db::fragment as sql;
    use crate::db::schema::people;
    use diesel::sql_types::{BigInt, Bool, Nullable, Text};
    let confirmed = SignupStatus::Confirmed.as_str();
    let waitlisted = SignupStatus::Waitlisted.as_str();
    let scheduled = ShiftStatus::Scheduled.as_str();
    let active = crate::domain::groups::MembershipStatus::Active.as_str();
    // Each subquery is an index lookup: memberships (group_id, person_id),
    // shift_signups (shift_id, volunteer_id), (shift_id, status, …) and
    // (volunteer_id, status).
    // A macro, not a value: `as_select` is typed for one backend, and the
    // query runs on PostgreSQL's own connection to be locked.
    macro_rules! query {
        () => {
            people::table
                .inner_join(shifts::table.on(shifts::id.eq(shift_id)))
                .filter(people::id.eq(person_id))
                .select((
                    crate::domain::people::Person::as_select(),
                    Shift::as_select(),
                    sql::<Text>("COALESCE((SELECT g.name FROM groups g WHERE g.id = shifts.group_id), '')"),
                    sql::<Bool>(format!(
                        "EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = shifts.group_id \
                         AND m.person_id = people.id AND m.status = '{active}')"
                    )),
                    sql::<Nullable<BigInt>>(
                        "(SELECT e.id FROM shift_signups e \
                         WHERE e.shift_id = shifts.id AND e.volunteer_id = people.id)",
                    ),
                    sql::<Nullable<Text>>(
                        "(SELECT e.status FROM shift_signups e \
                         WHERE e.shift_id = shifts.id AND e.volunteer_id = people.id)",
                    ),
                    sql::<BigInt>(format!(
                        "(SELECT COUNT(*) FROM shift_signups c \
                         WHERE c.shift_id = shifts.id AND c.status = '{confirmed}')"
                    )),
                    sql::<BigInt>(format!(
                        "(SELECT COUNT(*) FROM shift_signups w \
                         WHERE w.shift_id = shifts.id AND w.status = '{waitlisted}')"
                    )),
                    sql::<Nullable<BigInt>>(
                        "(SELECT MAX(q.queue_position) FROM shift_signups q WHERE q.shift_id = shifts.id)",
                    ),
                    // Only when a place is free, the one case a clash refuses: it
                    // reads every confirmed sign-up of the volunteer's.
                    sql::<Nullable<BigInt>>(format!(
                        "CASE WHEN (SELECT COUNT(*) FROM shift_signups c \
                         WHERE c.shift_id = shifts.id AND c.status = '{confirmed}') < shifts.places \
                         THEN (SELECT o.id FROM shift_signups x JOIN shifts o ON o.id = x.shift_id \
                         WHERE x.volunteer_id = people.id AND x.status = '{confirmed}' \
                         AND o.status = '{scheduled}' AND o.id <> shifts.id \
                         AND o.starts_at < shifts.ends_at AND o.ends_at > shifts.starts_at \
                         ORDER BY o.starts_at, o.id LIMIT 1) END"
                    )),
                ))
        };
    }
    let row: Option<DecisionRow> = match conn {
        DbConn::Pg(pg) if skip_locked => {
            query!().for_update().skip_locked().first(pg).optional()?
        }
        DbConn::Pg(pg) => query!().for_update().first(pg).optional()?,
        conn => query!().first(conn).optional()?,
    };
    Ok(row.map(
        |(
            volunteer,
            shift,
            group,
            member,
            existing_id,
            existing_status,
            confirmed,
            waitlisted,
            last_position,
            clash_id,
        )| Decision {
            volunteer,
            shift,
            group,
            member,
            existing: existing_id.zip(existing_status),
            confirmed,
            waitlisted,
            last_position: last_position.unwrap_or(0),
            clash_id,
        },
    ))
}

/// How many times a PostgreSQL sign-up reads and decides before giving up
/// (see [`signup_sql::SignUpWithMail`]). Reads after the first are made
/// under the locks, so they are current unless a change skipped them.
const SIGN_UP_ATTEMPTS: usize = 3;

/// [`sign_up`], returning the shift and its counts too.
///
/// Three statements, signing in included, on the way to a sign-up:
/// - SQLite: one `INSERT` that decides and writes the plain case
///   ([`signup_sql::QuickSignUp`]), and one to queue the email. When the
///   plain case does not hold (an error to report, a sign-up made again
///   after cancelling, a shift that needs vetting or skills), the sign-up
///   is decided from [`read_decision`] instead.
/// - PostgreSQL: [`read_decision`], which takes the row locks if no other
///   transaction holds them, and one statement that writes the sign-up and
///   its email together if the counts are still the ones read
///   ([`signup_sql::SignUpWithMail`]). When another sign-up holds the rows,
///   it waits for them with [`super::lock_person_and_shift`], reads again
///   and writes without the guard: two statements more, and the rows are
///   held for one read and one write.
pub fn sign_up_with_shift(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    shift_id: i64,
    now: NaiveDateTime,
) -> AppResult<SignedUp> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        if let DbConn::Sqlite(sqlite) = conn {
            let quick =
                signup_sql::QuickSignUp::new(shift_id, viewer.person_id, viewer.is_admin, now);
            if let Some(row) = quick.run(sqlite)? {
                return quick_signed_up(conn, public_url, row, now);
            }
        }
        // Whether this transaction held the rows before its read: a read
        // that took the locks itself may be older than them.
        let mut locked = false;
        for _ in 0..SIGN_UP_ATTEMPTS {
            let Some(decision) = read_decision(conn, viewer.person_id, shift_id, !locked)? else {
                if locked || !matches!(conn, DbConn::Pg(_)) {
                    return Err(AppError::NotFound("That shift"));
                }
                super::lock_person_and_shift(conn, viewer.person_id, shift_id)?;
                locked = true;
                continue;
            };
            let status = decide(conn, &viewer, &decision, now)?;
            let guarded = !locked;
            let done = write_signup(conn, public_url, &viewer, decision, status, guarded, now)?;
            if let Some(done) = done {
                return Ok(done);
            }
            locked = true;
        }
        Err(AppError::conflict(
            "Sign-ups for this shift are changing fast. Please try again.",
        ))
    })
}

/// Check a sign-up against the rules, in the order the errors are given,
/// and decide whether it is confirmed or waitlisted.
fn decide(
    conn: &mut DbConn,
    viewer: &Viewer,
    d: &Decision,
    now: NaiveDateTime,
) -> AppResult<SignupStatus> {
    let shift = &d.shift;
    if shift.members_only && !d.member && !viewer.is_admin {
        return Err(AppError::NotFound("That shift"));
    }
    if shift.status() == ShiftStatus::Cancelled {
        return Err(AppError::InvalidTransition(
            "This shift has been cancelled.".into(),
        ));
    }
    if shift.starts_at <= now {
        return Err(AppError::conflict("This shift has already started."));
    }
    if d.existing
        .as_ref()
        .is_some_and(|(_, s)| s != SignupStatus::Cancelled.as_str())
    {
        return Err(AppError::AlreadySignedUp);
    }
    check_eligible(conn, viewer.person_id, shift, now)?;
    if d.confirmed < shift.places as i64 {
        if let Some(other) = d.clash_id {
            return Err(AppError::ShiftClash(clash_description(conn, other)?));
        }
        Ok(SignupStatus::Confirmed)
    } else if shift.waitlist {
        Ok(SignupStatus::Waitlisted)
    } else {
        Err(AppError::ShiftFull)
    }
}

/// The email a new sign-up sends: a confirmation with a calendar
/// invitation, or the volunteer's place on the waiting list (`waitlisted`
/// counts them: queue positions only grow, so they are last in it).
fn signup_mail(status: SignupStatus, waitlisted: i64) -> ShiftMail<'static> {
    if status == SignupStatus::Confirmed {
        ShiftMail {
            kind: "shift_signup_confirmed",
            invite: Some(Method::Request),
            extra: serde_json::Value::Null,
        }
    } else {
        ShiftMail {
            kind: "shift_waitlisted",
            invite: None,
            extra: serde_json::json!({ "position": waitlisted }),
        }
    }
}

/// The counts after a sign-up with `status` joins `confirmed` and
/// `waitlisted`.
fn counts_after(status: SignupStatus, confirmed: i64, waitlisted: i64) -> (i64, i64) {
    if status == SignupStatus::Confirmed {
        (confirmed + 1, waitlisted)
    } else {
        (confirmed, waitlisted + 1)
    }
}

/// Finish a sign-up [`signup_sql::QuickSignUp`] wrote: queue its email.
fn quick_signed_up(
    conn: &mut DbConn,
    public_url: &str,
    row: signup_sql::QuickSignedUp,
    now: NaiveDateTime,
) -> AppResult<SignedUp> {
    let (signup, shift, group, confirmed, waitlisted, name, email, do_not_contact, disabled_at) =
        row;
    let status = signup.status();
    let (confirmed, waitlisted) = counts_after(status, confirmed, waitlisted);
    let to = super::Recipient::from_parts(&name, email.as_deref(), do_not_contact, disabled_at);
    let mail = signup_mail(status, waitlisted);
    if let Some(mail) = super::prepare_mail(public_url, &shift, &group, to, mail, now)? {
        mail.insert(conn, now)?;
    }
    Ok(SignedUp {
        signup,
        shift,
        confirmed,
        waitlisted,
    })
}

/// Write a decided sign-up and queue its email. On PostgreSQL a `guarded`
/// write (of a decision read by the statement that took the locks) is
/// `None` when the shift's sign-ups changed before the locks were taken.
fn write_signup(
    conn: &mut DbConn,
    public_url: &str,
    viewer: &Viewer,
    d: Decision,
    status: SignupStatus,
    guarded: bool,
    now: NaiveDateTime,
) -> AppResult<Option<SignedUp>> {
    let position = d.last_position + 1;
    let (confirmed, waitlisted) = counts_after(status, d.confirmed, d.waitlisted);
    let to = super::Recipient::of(&d.volunteer);
    let mail = signup_mail(status, waitlisted);
    let mail = super::prepare_mail(public_url, &d.shift, &d.group, to, mail, now)?;
    let signup: Signup = match (d.existing, &mut *conn) {
        (None, DbConn::Pg(pg)) => {
            let signup = signup_sql::NewSignup {
                shift_id: d.shift.id,
                person_id: viewer.person_id,
                status,
                position,
            };
            let guard = guarded.then_some(signup_sql::Guard {
                confirmed: d.confirmed,
                waitlisted: d.waitlisted,
                last_position: d.last_position,
            });
            let statement =
                signup_sql::SignUpWithMail::new(&signup, guard.as_ref(), now, mail.as_ref());
            // The email, if any, was written by the same statement.
            return Ok(statement
                .run(pg)
                .map_err(already_signed_up)?
                .map(|signup| SignedUp {
                    signup,
                    shift: d.shift,
                    confirmed,
                    waitlisted,
                }));
        }
        (Some((old, _)), conn) => diesel::update(shift_signups::table.find(old))
            .set((
                shift_signups::status.eq(status.as_str()),
                shift_signups::queue_position.eq(position),
                shift_signups::updated_at.eq(now),
            ))
            .returning(shift_signups::all_columns)
            .get_result(conn)?,
        (None, conn) => diesel::insert_into(shift_signups::table)
            .values((
                shift_signups::shift_id.eq(d.shift.id),
                shift_signups::volunteer_id.eq(viewer.person_id),
                shift_signups::status.eq(status.as_str()),
                shift_signups::queue_position.eq(position),
                shift_signups::created_at.eq(now),
                shift_signups::updated_at.eq(now),
            ))
            .returning(shift_signups::all_columns)
            .get_result(conn)
            .map_err(already_signed_up)?,
    };
    if let Some(mail) = mail {
        mail.insert(conn, now)?;
    }
    Ok(Some(SignedUp {
        signup,
        shift: d.shift,
        confirmed,
        waitlisted,
    }))
}

/// A second sign-up of the same volunteer for the same shift, refused by
/// the unique key, is `ALREADY_SIGNED_UP`.
fn already_signed_up(e: diesel::result::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::AlreadySignedUp
    } else {
        e.into()
    }
}

/// How a clashing shift is named in the error: its title and when.
fn clash_description(conn: &mut DbConn, shift_id: i64) -> AppResult<String> {
    let other = find(conn, shift_id)?.ok_or(AppError::NotFound("That shift"))?;
    Ok(format!(
        "{}, {}",
        other.title,
        describe_local(other.starts_at, other.ends_at)
    ))
}

/// Vetting and skills the shift needs.
fn check_eligible(
    conn: &mut DbConn,
    person_id: i64,
    shift: &Shift,
    now: NaiveDateTime,
) -> AppResult<()> {
    let required = shift.required_vetting();
    if required != VettingLevel::None {
        let level = current_vetting(conn, person_id)?
            .map(|v| v.effective_level(now.date()))
            .unwrap_or(VettingLevel::None);
        if !level.satisfies(required) {
            return Err(AppError::VettingRequired(required.as_str().to_lowercase()));
        }
    }
    let needed = shift.required_skills();
    if !needed.is_empty() {
        let have = find_profile(conn, person_id)?
            .map(|p| p.skills())
            .unwrap_or_default();
        let missing: Vec<String> = needed.into_iter().filter(|s| !have.contains(s)).collect();
        if !missing.is_empty() {
            return Err(AppError::SkillRequired(missing.join(", ")));
        }
    }
    Ok(())
}

/// A confirmed, scheduled shift of the person's that overlaps this one.
fn clash(conn: &mut DbConn, person_id: i64, shift: &Shift) -> AppResult<Option<String>> {
    let other: Option<(String, NaiveDateTime, NaiveDateTime)> = shift_signups::table
        .inner_join(shifts::table)
        .filter(shift_signups::volunteer_id.eq(person_id))
        .filter(shift_signups::status.eq(SignupStatus::Confirmed.as_str()))
        .filter(shifts::status.eq(ShiftStatus::Scheduled.as_str()))
        .filter(shifts::id.ne(shift.id))
        .filter(shifts::starts_at.lt(shift.ends_at))
        .filter(shifts::ends_at.gt(shift.starts_at))
        .select((shifts::title, shifts::starts_at, shifts::ends_at))
        .first(conn)
        .optional()?;
    Ok(other.map(|(title, s, e)| format!("{title}, {}", describe_local(s, e))))
}

/// Cancel a sign-up (the volunteer, or the group's coordinators). The
/// volunteer is emailed (with a calendar cancellation if they were
/// confirmed) unless the whole shift was already cancelled. Freeing a
/// confirmed place promotes the first on the waiting list, who is emailed.
pub fn cancel_signup(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    signup_id: i64,
    now: NaiveDateTime,
) -> AppResult<Signup> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let probe = find_signup(conn, signup_id)?.ok_or(AppError::NotFound("That sign-up"))?;
        lock_shift(conn, probe.shift_id)?;
        let signup = find_signup(conn, signup_id)?.ok_or(AppError::NotFound("That sign-up"))?;
        let shift = find(conn, signup.shift_id)?.ok_or(AppError::NotFound("That shift"))?;
        if !can_view_signup(conn, &viewer, &signup, &shift)? {
            return Err(AppError::NotFound("That sign-up"));
        }
        if signup.status() == SignupStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "This sign-up is already cancelled.".into(),
            ));
        }
        let updated: Signup = diesel::update(shift_signups::table.find(signup_id))
            .set((
                shift_signups::status.eq(SignupStatus::Cancelled.as_str()),
                shift_signups::updated_at.eq(now),
            ))
            .returning(shift_signups::all_columns)
            .get_result(conn)?;
        if shift.status() == ShiftStatus::Scheduled {
            let was_confirmed = signup.status() == SignupStatus::Confirmed;
            email_volunteer(
                conn,
                public_url,
                &shift,
                signup.volunteer_id,
                ShiftMail {
                    kind: "shift_signup_cancelled",
                    invite: was_confirmed.then_some(Method::Cancel),
                    extra: serde_json::json!({ "waitlisted": !was_confirmed }),
                },
                now,
            )?;
            if was_confirmed {
                promote_waitlisted(conn, public_url, &shift, now)?;
            }
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            "signup.cancel",
            "ShiftSignup",
            signup_id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

/// Fill free places from the waiting list, in arrival order, skipping anyone
/// who now has a clashing confirmed shift. Each promoted volunteer is emailed
/// a calendar invitation.
/// The caller holds the shift's lock.
pub(super) fn promote_waitlisted(
    conn: &mut DbConn,
    public_url: &str,
    shift: &Shift,
    now: NaiveDateTime,
) -> AppResult<()> {
    let (mut confirmed, _) = super::counts_for(conn, shift.id)?;
    if confirmed >= shift.places as i64 {
        return Ok(());
    }
    let waiting: Vec<Signup> = shift_signups::table
        .filter(shift_signups::shift_id.eq(shift.id))
        .filter(shift_signups::status.eq(SignupStatus::Waitlisted.as_str()))
        .order(shift_signups::queue_position.asc())
        .select(Signup::as_select())
        .load(conn)?;
    for w in waiting {
        if confirmed >= shift.places as i64 {
            break;
        }
        if clash(conn, w.volunteer_id, shift)?.is_some() {
            continue;
        }
        diesel::update(shift_signups::table.find(w.id))
            .set((
                shift_signups::status.eq(SignupStatus::Confirmed.as_str()),
                shift_signups::updated_at.eq(now),
            ))
            .execute(conn)?;
        confirmed += 1;
        email_volunteer(
            conn,
            public_url,
            shift,
            w.volunteer_id,
            ShiftMail {
                kind: "shift_promoted",
                invite: Some(Method::Request),
                extra: serde_json::Value::Null,
            },
            now,
        )?;
    }
    Ok(())
}

/// Record that a confirmed volunteer came, and for how many minutes (the
/// group's coordinators, once the shift has started).
pub fn record_attendance(
    conn: &mut DbConn,
    actor: &Actor,
    signup_id: i64,
    minutes: i32,
    now: NaiveDateTime,
) -> AppResult<Signup> {
    let viewer = signed_in(actor)?;
    if !(1..=1440).contains(&minutes) {
        return Err(AppError::validation(
            "minutes",
            "Minutes must be between 1 and 1440.",
        ));
    }
    write_tx(conn, |conn| {
        let signup = find_signup(conn, signup_id)?.ok_or(AppError::NotFound("That sign-up"))?;
        let shift = find(conn, signup.shift_id)?.ok_or(AppError::NotFound("That shift"))?;
        if !can_view_signup(conn, &viewer, &signup, &shift)? {
            return Err(AppError::NotFound("That sign-up"));
        }
        require_coordinator(conn, &viewer, shift.group_id)?;
        if signup.status() != SignupStatus::Confirmed {
            return Err(AppError::InvalidTransition(
                "Attendance can be recorded only for confirmed volunteers.".into(),
            ));
        }
        if shift.status() == ShiftStatus::Cancelled {
            return Err(AppError::InvalidTransition(
                "This shift was cancelled.".into(),
            ));
        }
        if shift.starts_at > now {
            return Err(AppError::conflict(
                "Attendance can be recorded once the shift has started.",
            ));
        }
        // Attendance is credited once: the same again changes nothing, a
        // different figure needs the credit reversed first.
        match signup.attended_minutes {
            Some(m) if m == minutes => return Ok(signup),
            Some(m) => {
                return Err(AppError::conflict(format!(
                    "Attendance was already recorded as {m} minutes and credited; reverse that credit in the time bank to correct it."
                )))
            }
            None => {}
        }
        let updated: Signup = diesel::update(shift_signups::table.find(signup_id))
            .set((
                shift_signups::attended_minutes.eq(Some(minutes)),
                shift_signups::attendance_recorded_by.eq(Some(viewer.person_id)),
                shift_signups::attendance_recorded_at.eq(Some(now)),
                shift_signups::updated_at.eq(now),
            ))
            .returning(shift_signups::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "signup.attendance",
            "ShiftSignup",
            signup_id,
            &minutes.to_string(),
            now,
        )?;
        // The time bank: the group pays the volunteer.
        crate::domain::ledger::credit(
            conn,
            crate::domain::ledger::Owner::Group(shift.group_id),
            updated.volunteer_id,
            minutes as i64,
            crate::domain::ledger::TransferKind::Shift,
            ("SHIFT_SIGNUP", signup_id),
            &format!("Shift: {}", shift.title),
            Some(viewer.person_id),
            now,
        )?;
        Ok(updated)
    })
}
