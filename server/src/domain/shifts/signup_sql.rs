//! The two statements that let a sign-up take three statements, sign-in
//! included (see [`super::sign_up_with_shift`]):
//!
//! - [`QuickSignUp`] (SQLite): the whole decision inside the `INSERT`; the
//!   row is written only when every rule lets it through, and the statement
//!   hands back what the reply and the email need.
//! - [`SignUpWithMail`] (PostgreSQL): the sign-up and its email written by
//!   one statement; when the decision may be older than the row locks, only
//!   if the shift's counts are still the ones it was decided on.
//!
//! Both are hand-written SQL with bound values. The text is the same on
//! every use, so the prepared-statement cache keeps them.

use std::sync::LazyLock;

use chrono::NaiveDateTime;
use diesel::pg::{Pg, PgConnection};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use diesel::sqlite::{Sqlite, SqliteConnection};
use diesel::{QueryResult, RunQueryDsl};

use super::{ShiftStatus, SignupStatus};
use crate::db::schema::{shift_signups, shifts};
use crate::db::{walk_template, Bind};
use crate::domain::groups::MembershipStatus;
use crate::domain::volunteers::VettingLevel;
use crate::mail::outbox::Prepared;

/// `shift_signups` columns in the table's order (what `Signup` reads).
const SIGNUP_COLUMNS: [&str; 10] = [
    "id",
    "shift_id",
    "volunteer_id",
    "status",
    "queue_position",
    "attended_minutes",
    "attendance_recorded_by",
    "attendance_recorded_at",
    "created_at",
    "updated_at",
];

/// `shifts` columns in the table's order (what `Shift` reads).
const SHIFT_COLUMNS: [&str; 21] = [
    "id",
    "group_id",
    "activity_id",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "location",
    "latitude",
    "longitude",
    "places",
    "required_skills",
    "required_vetting",
    "members_only",
    "waitlist",
    "status",
    "cancel_reason",
    "sequence",
    "created_by",
    "created_at",
    "updated_at",
];

/// The number of sign-ups with `status` of the shift `shift` (an SQL
/// expression), counted under the alias `alias`.
fn count_of(status: SignupStatus, alias: &str, shift: &str) -> String {
    format!(
        "(SELECT COUNT(*) FROM shift_signups {alias} WHERE {alias}.shift_id = {shift} \
         AND {alias}.status = '{}')",
        status.as_str()
    )
}

/// A confirmed sign-up of volunteer `person` on another scheduled shift
/// that overlaps shift `s` (SQL expressions; `s` is a `shifts` row).
fn clash_with(person: &str, s: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM shift_signups x JOIN shifts o ON o.id = x.shift_id \
         WHERE x.volunteer_id = {person} AND x.status = '{confirmed}' \
         AND o.status = '{scheduled}' AND o.id <> {s}.id \
         AND o.starts_at < {s}.ends_at AND o.ends_at > {s}.starts_at)",
        confirmed = SignupStatus::Confirmed.as_str(),
        scheduled = ShiftStatus::Scheduled.as_str(),
    )
}

/// SQLite: insert the sign-up only when the plain case holds (a scheduled
/// shift not yet started, needing no vetting or skills, open to the
/// volunteer, not signed up for before, with a place free and no clash, or
/// full with a waiting list), and return the sign-up, its shift, the
/// group's name, the shift's counts before it, and the volunteer's name and
/// contact columns. Anything else inserts nothing, and the caller decides
/// the long way round (which gives the precise error). Runs inside the
/// write transaction, so nothing changes between the checks and the row.
pub struct QuickSignUp {
    binds: [Bind<'static>; 6],
}

/// What [`QuickSignUp`] returns (see there).
pub type QuickSignedUp = (
    super::Signup,
    super::Shift,
    String,
    i64,
    i64,
    String,
    Option<String>,
    bool,
    Option<NaiveDateTime>,
);

static QUICK_SIGN_UP: LazyLock<String> = LazyLock::new(|| {
    let confirmed = SignupStatus::Confirmed.as_str();
    let waitlisted = SignupStatus::Waitlisted.as_str();
    let free = format!(
        "{} < s.places",
        count_of(SignupStatus::Confirmed, "c", "s.id")
    );
    let returned: Vec<String> = SIGNUP_COLUMNS
        .iter()
        .map(|c| format!("shift_signups.{c}"))
        .chain(
            SHIFT_COLUMNS.iter().map(|c| {
                format!("(SELECT s.{c} FROM shifts s WHERE s.id = shift_signups.shift_id)")
            }),
        )
        .chain([
            "COALESCE((SELECT g.name FROM shifts s JOIN groups g ON g.id = s.group_id \
             WHERE s.id = shift_signups.shift_id), '')"
                .to_owned(),
            // The counts before this sign-up: it is left out by its id.
            format!(
                "(SELECT COUNT(*) FROM shift_signups c WHERE c.shift_id = shift_signups.shift_id \
                 AND c.status = '{confirmed}' AND c.id <> shift_signups.id)"
            ),
            format!(
                "(SELECT COUNT(*) FROM shift_signups w WHERE w.shift_id = shift_signups.shift_id \
                 AND w.status = '{waitlisted}' AND w.id <> shift_signups.id)"
            ),
        ])
        .chain(
            ["display_name", "email", "do_not_contact", "disabled_at"]
                .iter()
                .map(|c| {
                    format!("(SELECT p.{c} FROM people p WHERE p.id = shift_signups.volunteer_id)")
                }),
        )
        .collect();
    format!(
        "INSERT INTO shift_signups (shift_id, volunteer_id, status, queue_position, created_at, \
         updated_at) \
         SELECT s.id, p.id, CASE WHEN {free} THEN '{confirmed}' ELSE '{waitlisted}' END, \
         COALESCE((SELECT MAX(q.queue_position) FROM shift_signups q WHERE q.shift_id = s.id), 0) + 1, \
         ?, ? \
         FROM shifts s JOIN people p ON p.id = ? \
         WHERE s.id = ? AND s.status = '{scheduled}' AND s.starts_at > ? \
         AND s.required_vetting = '{no_vetting}' AND s.required_skills = '' \
         AND (NOT s.members_only OR ? OR EXISTS (SELECT 1 FROM memberships m \
         WHERE m.group_id = s.group_id AND m.person_id = p.id AND m.status = '{active}')) \
         AND NOT EXISTS (SELECT 1 FROM shift_signups e WHERE e.shift_id = s.id \
         AND e.volunteer_id = p.id) \
         AND CASE WHEN {free} THEN NOT {clash} ELSE s.waitlist END \
         RETURNING {returned}",
        scheduled = ShiftStatus::Scheduled.as_str(),
        no_vetting = VettingLevel::None.as_str(),
        active = MembershipStatus::Active.as_str(),
        clash = clash_with("p.id", "s"),
        returned = returned.join(", "),
    )
});

impl QuickSignUp {
    pub fn new(shift_id: i64, person_id: i64, is_admin: bool, now: NaiveDateTime) -> Self {
        QuickSignUp {
            binds: [
                Bind::Time(now),
                Bind::Time(now),
                Bind::Id(person_id),
                Bind::Id(shift_id),
                Bind::Time(now),
                Bind::Flag(is_admin),
            ],
        }
    }

    /// Run it: `None` when the plain case does not hold.
    pub fn run(self, conn: &mut SqliteConnection) -> QueryResult<Option<QuickSignedUp>> {
        use diesel::OptionalExtension;
        self.get_result(conn).optional()
    }
}

impl QueryId for QuickSignUp {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for QuickSignUp {
    type SqlType = (
        shift_signups::SqlType,
        shifts::SqlType,
        Text,
        BigInt,
        BigInt,
        Text,
        Nullable<Text>,
        Bool,
        Nullable<Timestamp>,
    );
}

impl QueryFragment<Sqlite> for QuickSignUp {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        walk_template(out, &QUICK_SIGN_UP, &self.binds)
    }
}

impl RunQueryDsl<SqliteConnection> for QuickSignUp {}

/// PostgreSQL: write a decided sign-up, and its email when there is one,
/// in one statement. With a [`Guard`], only if the shift still has the
/// counts and last queue position the decision read, the volunteer has no
/// sign-up for it and (for a confirmed place) no clashing shift; otherwise
/// it writes nothing.
///
/// The guard is for a decision read by the statement that also took the
/// volunteer's and the shift's row locks without waiting (`SKIP LOCKED`):
/// its snapshot is from just before it took them, so a sign-up that
/// committed in between is not in what it read. A decision read after the
/// locks were held needs no guard.
///
/// Each shape (guard or not, confirmed or not, email or not) is its own
/// statement text, so that PostgreSQL can keep one plan for each instead of
/// planning the statement again on every use.
pub struct SignUpWithMail<'a> {
    binds: Vec<Bind<'a>>,
    shape: usize,
}

/// What a guarded decision was made on (see [`SignUpWithMail`]).
pub struct Guard {
    pub confirmed: i64,
    pub waitlisted: i64,
    pub last_position: i64,
}

/// A new sign-up as decided: who, which shift, its status and place in the
/// queue.
pub struct NewSignup {
    pub shift_id: i64,
    pub person_id: i64,
    pub status: SignupStatus,
    pub position: i64,
}

/// The statement text of each shape, indexed by [`shape`].
static SIGN_UP_WITH_MAIL: LazyLock<Vec<String>> = LazyLock::new(|| {
    (0..8)
        .map(|i| sign_up_with_mail(i & 1 != 0, i & 2 != 0, i & 4 != 0))
        .collect()
});

fn shape(guarded: bool, confirmed: bool, mail: bool) -> usize {
    usize::from(guarded) | usize::from(confirmed) << 1 | usize::from(mail) << 2
}

fn sign_up_with_mail(guarded: bool, confirmed: bool, mail: bool) -> String {
    let mut guard = String::new();
    if guarded {
        guard = format!(
            " AND NOT EXISTS (SELECT 1 FROM shift_signups e WHERE e.shift_id = s.id \
             AND e.volunteer_id = ?) \
             AND {confirmed} = ? AND {waitlisted} = ? \
             AND (SELECT COALESCE(MAX(q.queue_position), 0) FROM shift_signups q \
             WHERE q.shift_id = s.id) = ?",
            confirmed = count_of(SignupStatus::Confirmed, "c", "s.id"),
            waitlisted = count_of(SignupStatus::Waitlisted, "w", "s.id"),
        );
        if confirmed {
            // The volunteer is bound once more for the clash check.
            guard.push_str(&format!(" AND NOT {}", clash_with("?", "s")));
        }
    }
    let columns = SIGNUP_COLUMNS.join(", ");
    let insert = format!(
        "INSERT INTO shift_signups (shift_id, volunteer_id, status, queue_position, created_at, \
         updated_at) \
         SELECT s.id, ?, '{status}', ?, ?, ? FROM shifts s WHERE s.id = ?{guard} \
         RETURNING {columns}",
        status = if confirmed {
            SignupStatus::Confirmed
        } else {
            SignupStatus::Waitlisted
        }
        .as_str(),
    );
    let mail = if mail {
        ", mail AS (INSERT INTO outbox (message_id, kind, to_address, subject, body_text, \
         body_html, created_at, attempts, next_attempt_at, attachment_name, attachment_type, \
         attachment_body) \
         SELECT ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ? FROM signed_up)"
    } else {
        ""
    };
    format!("WITH signed_up AS ({insert}){mail} SELECT {columns} FROM signed_up")
}

impl<'a> SignUpWithMail<'a> {
    pub fn new(
        signup: &NewSignup,
        guard: Option<&Guard>,
        now: NaiveDateTime,
        mail: Option<&'a Prepared>,
    ) -> Self {
        let confirmed = signup.status == SignupStatus::Confirmed;
        let mut binds = vec![
            Bind::Id(signup.person_id),
            Bind::Id(signup.position),
            Bind::Time(now),
            Bind::Time(now),
            Bind::Id(signup.shift_id),
        ];
        if let Some(guard) = guard {
            binds.extend([
                Bind::Id(signup.person_id),
                Bind::Id(guard.confirmed),
                Bind::Id(guard.waitlisted),
                Bind::Id(guard.last_position),
            ]);
            if confirmed {
                binds.push(Bind::Id(signup.person_id));
            }
        }
        if let Some(mail) = mail {
            let attachment = mail.attachment.as_ref();
            binds.extend([
                Bind::Text(&mail.message_id),
                Bind::Text(&mail.kind),
                Bind::Text(&mail.to),
                Bind::Text(&mail.subject),
                Bind::Text(&mail.text),
                Bind::Text(&mail.html),
                Bind::Time(now),
                Bind::Time(now),
                Bind::MaybeText(attachment.map(|a| a.name.as_str())),
                Bind::MaybeText(attachment.map(|a| a.content_type.as_str())),
                Bind::MaybeText(attachment.map(|a| a.body.as_str())),
            ]);
        }
        SignUpWithMail {
            binds,
            shape: shape(guard.is_some(), confirmed, mail.is_some()),
        }
    }

    /// Run it: `None` when a guard found that what the decision read has
    /// changed.
    pub fn run(self, conn: &mut PgConnection) -> QueryResult<Option<super::Signup>> {
        use diesel::OptionalExtension;
        self.get_result(conn).optional()
    }
}

impl QueryId for SignUpWithMail<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for SignUpWithMail<'_> {
    type SqlType = shift_signups::SqlType;
}

impl QueryFragment<Pg> for SignUpWithMail<'_> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        walk_template(out, &SIGN_UP_WITH_MAIL[self.shape], &self.binds)
    }
}

impl RunQueryDsl<PgConnection> for SignUpWithMail<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::query_dsl::methods::SelectDsl;

    /// The hand-written column lists are the tables' columns in order, so
    /// the rows they return read into `Signup` and `Shift`.
    #[test]
    fn column_lists_follow_the_schema() {
        let quoted = |table: &str, columns: &[&str]| {
            columns
                .iter()
                .map(|c| format!("`{table}`.`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let signups = diesel::debug_query::<Sqlite, _>(&SelectDsl::select(
            shift_signups::table,
            shift_signups::all_columns,
        ))
        .to_string();
        assert!(
            signups.starts_with(&format!(
                "SELECT {} FROM",
                quoted("shift_signups", &SIGNUP_COLUMNS)
            )),
            "{signups}"
        );
        let shifts = diesel::debug_query::<Sqlite, _>(&SelectDsl::select(
            shifts::table,
            shifts::all_columns,
        ))
        .to_string();
        assert!(
            shifts.starts_with(&format!("SELECT {} FROM", quoted("shifts", &SHIFT_COLUMNS))),
            "{shifts}"
        );
    }

    /// Every `?` of a template has a value and every value a `?`.
    #[test]
    fn templates_bind_every_place() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("a date");
        let quick = QuickSignUp::new(1, 2, false, now);
        assert_eq!(QUICK_SIGN_UP.matches('?').count(), quick.binds.len());
        let mail = Prepared {
            message_id: "<m@kith>".into(),
            kind: "shift_signup_confirmed".into(),
            to: "a@example.org".into(),
            subject: "s".into(),
            text: "t".into(),
            html: "h".into(),
            attachment: None,
        };
        let guard = Guard {
            confirmed: 0,
            waitlisted: 0,
            last_position: 0,
        };
        for status in [SignupStatus::Confirmed, SignupStatus::Waitlisted] {
            let signup = NewSignup {
                shift_id: 1,
                person_id: 2,
                status,
                position: 1,
            };
            for guard in [None, Some(&guard)] {
                for mail in [None, Some(&mail)] {
                    let statement = SignUpWithMail::new(&signup, guard, now, mail);
                    let text = &SIGN_UP_WITH_MAIL[statement.shape];
                    assert_eq!(text.matches('?').count(), statement.binds.len(), "{text}");
                    assert!(text.contains(&format!("'{}'", status.as_str())), "{text}");
                    assert_eq!(text.contains("AND NOT EXISTS"), guard.is_some(), "{text}");
                    assert_eq!(
                        text.contains("INSERT INTO outbox"),
                        mail.is_some(),
                        "{text}"
                    );
                }
            }
        }
    }
}
