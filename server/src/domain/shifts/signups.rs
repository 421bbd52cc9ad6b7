//! Signing up for shifts, cancelling, the waiting list and attendance.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{email_volunteer, find, lock_shift, Shift, ShiftMail, ShiftStatus};
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
/// position, and a clashing confirmed shift of theirs (if any).
type Decision = (
    Shift,
    crate::domain::people::Person,
    String,
    bool,
    Option<i64>,
    Option<String>,
    i64,
    i64,
    Option<i64>,
    Option<i64>,
);

fn read_decision(conn: &mut DbConn, person_id: i64, shift_id: i64) -> AppResult<Option<Decision>> {
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
    Ok(shifts::table
        .inner_join(people::table.on(people::id.eq(person_id)))
        .filter(shifts::id.eq(shift_id))
        .select((
            Shift::as_select(),
            crate::domain::people::Person::as_select(),
            sql::<Text>("COALESCE((SELECT g.name FROM groups g WHERE g.id = shifts.group_id), '')"),
            sql::<Bool>(&format!(
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
            sql::<BigInt>(&format!(
                "(SELECT COUNT(*) FROM shift_signups c \
                 WHERE c.shift_id = shifts.id AND c.status = '{confirmed}')"
            )),
            sql::<BigInt>(&format!(
                "(SELECT COUNT(*) FROM shift_signups w \
                 WHERE w.shift_id = shifts.id AND w.status = '{waitlisted}')"
            )),
            sql::<Nullable<BigInt>>(
                "(SELECT MAX(q.queue_position) FROM shift_signups q WHERE q.shift_id = shifts.id)",
            ),
            sql::<Nullable<BigInt>>(&format!(
                "(SELECT o.id FROM shift_signups x JOIN shifts o ON o.id = x.shift_id \
                 WHERE x.volunteer_id = people.id AND x.status = '{confirmed}' \
                 AND o.status = '{scheduled}' AND o.id <> shifts.id \
                 AND o.starts_at < shifts.ends_at AND o.ends_at > shifts.starts_at \
                 ORDER BY o.starts_at, o.id LIMIT 1)"
            )),
        ))
        .first::<Decision>(conn)
        .optional()?)
}

/// [`sign_up`], returning the shift and its counts too. On the way to a
/// sign-up it sends one statement to decide (two on PostgreSQL, which
/// first locks the volunteer's and the shift's rows), one to write the
/// sign-up and one to queue the email; a shift that needs vetting or skills
/// reads the volunteer's profile too.
pub fn sign_up_with_shift(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    shift_id: i64,
    now: NaiveDateTime,
) -> AppResult<SignedUp> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        super::lock_person_and_shift(conn, viewer.person_id, shift_id)?;
        let (
            shift,
            volunteer,
            group,
            member,
            existing_id,
            existing_status,
            confirmed,
            waitlisted,
            last_position,
            clash_id,
        ) = read_decision(conn, viewer.person_id, shift_id)?
            .ok_or(AppError::NotFound("That shift"))?;
        if shift.members_only && !member && !viewer.is_admin {
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
        if existing_status
            .as_deref()
            .is_some_and(|s| s != SignupStatus::Cancelled.as_str())
        {
            return Err(AppError::AlreadySignedUp);
        }
        check_eligible(conn, viewer.person_id, &shift, now)?;
        let status = if confirmed < shift.places as i64 {
            if let Some(other) = clash_id {
                return Err(AppError::ShiftClash(clash_description(conn, other)?));
            }
            SignupStatus::Confirmed
        } else if shift.waitlist {
            SignupStatus::Waitlisted
        } else {
            return Err(AppError::ShiftFull);
        };
        let position = last_position.unwrap_or(0) + 1;
        let signup: Signup = match existing_id {
            Some(old) => diesel::update(shift_signups::table.find(old))
                .set((
                    shift_signups::status.eq(status.as_str()),
                    shift_signups::queue_position.eq(position),
                    shift_signups::updated_at.eq(now),
                ))
                .returning(shift_signups::all_columns)
                .get_result(conn)?,
            None => diesel::insert_into(shift_signups::table)
                .values((
                    shift_signups::shift_id.eq(shift_id),
                    shift_signups::volunteer_id.eq(viewer.person_id),
                    shift_signups::status.eq(status.as_str()),
                    shift_signups::queue_position.eq(position),
                    shift_signups::created_at.eq(now),
                    shift_signups::updated_at.eq(now),
                ))
                .returning(shift_signups::all_columns)
                .get_result(conn)
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::AlreadySignedUp
                    } else {
                        e.into()
                    }
                })?,
        };
        let (confirmed, waitlisted) = if status == SignupStatus::Confirmed {
            (confirmed + 1, waitlisted)
        } else {
            (confirmed, waitlisted + 1)
        };
        let mail = if status == SignupStatus::Confirmed {
            ShiftMail {
                kind: "shift_signup_confirmed",
                invite: Some(Method::Request),
                extra: serde_json::Value::Null,
            }
        } else {
            // Queue positions only grow, so this sign-up is last in the queue.
            ShiftMail {
                kind: "shift_waitlisted",
                invite: None,
                extra: serde_json::json!({ "position": waitlisted }),
            }
        };
        super::email_person(conn, public_url, &shift, &group, &volunteer, mail, now)?;
        Ok(SignedUp {
            signup,
            shift,
            confirmed,
            waitlisted,
        })
    })
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
