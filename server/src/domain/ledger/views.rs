//! Reading the ledger: an account's statement and community reciprocity.

use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::{find_account, TimeTransfer};
use crate::db::schema::{memberships, time_accounts, time_entries, time_transfers};
use crate::db::DbConn;
use crate::domain::authz::{signed_in, Actor};
use crate::domain::groups::MembershipStatus;
use crate::domain::page::{self, Cursor, Page};
use crate::error::{AppError, AppResult};

/// One line of a statement: the transfer and what it did to this account
/// (negative: paid out).
pub type StatementLine = (TimeTransfer, i64);

/// An account's transfers, newest first (the caller has checked access).
pub fn statement(
    conn: &mut DbConn,
    account_id: i64,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<StatementLine>> {
    let total = page::total(|| {
        time_entries::table
            .filter(time_entries::account_id.eq(account_id))
            .count()
            .get_result(conn)
    })?;
    let mut q = time_entries::table
        .inner_join(time_transfers::table)
        .filter(time_entries::account_id.eq(account_id))
        .into_boxed();
    if let Some(c) = after {
        q = q.filter(time_entries::id.lt(c.id));
    }
    let rows: Vec<(i64, i64, TimeTransfer)> = q
        .order(time_entries::id.desc())
        .limit(first + 1)
        .select((
            time_entries::id,
            time_entries::delta_minutes,
            TimeTransfer::as_select(),
        ))
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|(entry, delta, t)| (Cursor::new("e", entry), (t, delta)))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Hours given and received, and how many of those who received also gave.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reciprocity {
    pub group_id: Option<i64>,
    pub given_minutes: i64,
    pub received_minutes: i64,
    /// People who have received time.
    pub receivers: i64,
    /// Of those, people who have also given time.
    pub receivers_who_give: i64,
}

impl Reciprocity {
    /// The share of receivers who also give (0 when nobody has received).
    pub fn share_who_give(&self) -> f64 {
        if self.receivers == 0 {
            0.0
        } else {
            self.receivers_who_give as f64 / self.receivers as f64
        }
    }
}

/// Reciprocity among one group's active members, or among everyone. Any
/// signed-in person may read these totals; they name nobody.
pub fn reciprocity(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: Option<i64>,
) -> AppResult<Reciprocity> {
    signed_in(actor)?;
    if let Some(g) = group_id {
        crate::domain::groups::find(conn, g)?.ok_or(AppError::NotFound("That group"))?;
    }
    let people = || {
        let mut q = time_accounts::table
            .filter(time_accounts::person_id.is_not_null())
            .into_boxed();
        if let Some(g) = group_id {
            let members = memberships::table
                .filter(memberships::group_id.eq(g))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .select(memberships::person_id);
            q = q.filter(time_accounts::person_id.assume_not_null().eq_any(members));
        }
        q
    };
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back to BIGINT so both
    // backends read an i64.
    let (given, received): (Option<i64>, Option<i64>) = people()
        .select((
            sql::<Nullable<BigInt>>("CAST(SUM(time_accounts.given_minutes) AS BIGINT)"),
            sql::<Nullable<BigInt>>("CAST(SUM(time_accounts.received_minutes) AS BIGINT)"),
        ))
        .first(conn)?;
    let receivers: i64 = people()
        .filter(time_accounts::received_minutes.gt(0))
        .select(count_star())
        .first(conn)?;
    let both: i64 = people()
        .filter(time_accounts::received_minutes.gt(0))
        .filter(time_accounts::given_minutes.gt(0))
        .select(count_star())
        .first(conn)?;
    Ok(Reciprocity {
        group_id,
        given_minutes: given.unwrap_or(0),
        received_minutes: received.unwrap_or(0),
        receivers,
        receivers_who_give: both,
    })
}

/// An account by id, if the viewer may see it.
pub fn visible_account(
    conn: &mut DbConn,
    viewer: &crate::domain::authz::Viewer,
    id: i64,
) -> AppResult<Option<super::TimeAccount>> {
    let Some(a) = find_account(conn, id)? else {
        return Ok(None);
    };
    Ok(super::can_see_account(conn, viewer, &a)?.then_some(a))
}
