//! The time bank: every person and every group has an account of minutes.
//! A transfer moves minutes from one account to another as two entries (a
//! debit and a credit summing to zero) in one transaction, and updates both
//! cached balances there too, so every balance equals the sum of its
//! entries and all balances sum to zero. Transfers are never changed or
//! deleted; a correction is a REVERSAL transfer linked to the original (at
//! most one per transfer).
//!
//! A debit that would take an account below its lower limit is
//! `INSUFFICIENT_BALANCE` and writes nothing: the debit is one conditional
//! UPDATE (`balance - m >= limit`), so concurrent debits cannot overdraw. Both
//! account rows are locked in id order first on PostgreSQL, so transfers in
//! opposite directions cannot deadlock.
//!
//! Client transfers carry an idempotency key, unique per person who records
//! them: the same key again returns the first transfer, with other content
//! it is `IDEMPOTENCY_KEY_REUSED`. Automatic credits (shift attendance,
//! completed help, completed check-ins) carry their source, unique per
//! source, so each is credited once however often it is recorded or retried.

mod views;

pub use views::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{time_accounts, time_entries, time_transfers};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{can_coordinate, signed_in, Actor, Viewer};
use crate::domain::groups::text_enum;
use crate::domain::validate;
use crate::error::{is_unique_violation, AppError, AppResult};

/// How far below zero a person's account may go by default (ten hours).
pub const PERSON_LOWER_LIMIT: i64 = -600;
/// How far below zero a group's pot may go by default: groups issue the
/// credits their volunteers earn.
pub const GROUP_LOWER_LIMIT: i64 = -10_000_000;
/// The largest single transfer (a week of minutes).
pub const MAX_TRANSFER_MINUTES: i64 = 7 * 24 * 60;

text_enum! {
    /// What a transfer is for.
    TransferKind {
        Shift => "SHIFT",
        HelpRequest => "HELP_REQUEST",
        CheckIn => "CHECK_IN",
        Gift => "GIFT",
        DonationToGroup => "DONATION_TO_GROUP",
        Reversal => "REVERSAL",
        Adjustment => "ADJUSTMENT",
    }
}

impl TransferKind {
    /// Time actually given and received: a shift, help, a check-in. Only
    /// these (and their reversals) count in `given_minutes` and
    /// `received_minutes`; gifts, donations and adjustments move balances
    /// only, so a resident who passes hours on is not counted as receiving
    /// help, nor the neighbour who gets them as giving it.
    pub fn is_service(self) -> bool {
        matches!(self, Self::Shift | Self::HelpRequest | Self::CheckIn)
    }
}

/// Who an account belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Owner {
    Person(i64),
    Group(i64),
}

/// An account as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = time_accounts)]
pub struct TimeAccount {
    pub id: i64,
    pub person_id: Option<i64>,
    pub group_id: Option<i64>,
    pub balance_minutes: i64,
    pub given_minutes: i64,
    pub received_minutes: i64,
    pub lower_limit_minutes: i64,
    pub created_at: NaiveDateTime,
}

impl TimeAccount {
    pub fn owner(&self) -> Owner {
        match (self.person_id, self.group_id) {
            (Some(p), _) => Owner::Person(p),
            (None, Some(g)) => Owner::Group(g),
            (None, None) => Owner::Person(0),
        }
    }
}

/// A transfer as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = time_transfers)]
pub struct TimeTransfer {
    pub id: i64,
    pub from_account_id: i64,
    pub to_account_id: i64,
    pub minutes: i64,
    pub kind: String,
    pub reason: String,
    pub recorded_by: Option<i64>,
    pub source_kind: Option<String>,
    pub source_id: Option<i64>,
    pub reverses_transfer_id: Option<i64>,
    pub idempotency_key: Option<String>,
    pub created_at: NaiveDateTime,
}

impl TimeTransfer {
    pub fn kind(&self) -> TransferKind {
        TransferKind::parse(&self.kind).unwrap_or(TransferKind::Adjustment)
    }
}

/// The account of a person or group, created (empty) on first use.
pub fn account_for(conn: &mut DbConn, owner: Owner, now: NaiveDateTime) -> AppResult<TimeAccount> {
    let find = |conn: &mut DbConn| -> AppResult<Option<TimeAccount>> {
        let q = time_accounts::table.into_boxed();
        let q = match owner {
            Owner::Person(p) => q.filter(time_accounts::person_id.eq(p)),
            Owner::Group(g) => q.filter(time_accounts::group_id.eq(g)),
        };
        Ok(q.select(TimeAccount::as_select()).first(conn).optional()?)
    };
    if let Some(a) = find(conn)? {
        return Ok(a);
    }
    let (person, group, limit) = match owner {
        Owner::Person(p) => (Some(p), None, PERSON_LOWER_LIMIT),
        Owner::Group(g) => (None, Some(g), GROUP_LOWER_LIMIT),
    };
    // Inside a savepoint so a concurrent creation (unique violation) leaves
    // the caller's transaction usable.
    let inserted = write_tx(conn, |conn| {
        diesel::insert_into(time_accounts::table)
            .values((
                time_accounts::person_id.eq(person),
                time_accounts::group_id.eq(group),
                time_accounts::lower_limit_minutes.eq(limit),
                time_accounts::created_at.eq(now),
            ))
            .execute(conn)
            .map_err(conflict_if_duplicate)
    });
    match inserted {
        Ok(_) | Err(AppError::Conflict(_)) => {}
        Err(e) => return Err(e),
    }
    find(conn)?.ok_or(AppError::NotFound("That time account"))
}

/// A unique violation as `CONFLICT`, anything else as usual.
fn conflict_if_duplicate(e: diesel::result::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::conflict("It already exists.")
    } else {
        e.into()
    }
}

pub fn find_account(conn: &mut DbConn, id: i64) -> AppResult<Option<TimeAccount>> {
    Ok(time_accounts::table
        .find(id)
        .select(TimeAccount::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_accounts(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<TimeAccount>> {
    Ok(time_accounts::table
        .filter(time_accounts::id.eq_any(ids))
        .select(TimeAccount::as_select())
        .load(conn)?)
}

pub fn find_transfer(conn: &mut DbConn, id: i64) -> AppResult<Option<TimeTransfer>> {
    Ok(time_transfers::table
        .find(id)
        .select(TimeTransfer::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_transfers(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<TimeTransfer>> {
    Ok(time_transfers::table
        .filter(time_transfers::id.eq_any(ids))
        .select(TimeTransfer::as_select())
        .load(conn)?)
}

/// The reversal of each of these transfers, where there is one.
pub fn reversals_of(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<TimeTransfer>> {
    Ok(time_transfers::table
        .filter(time_transfers::reverses_transfer_id.eq_any(ids))
        .select(TimeTransfer::as_select())
        .load(conn)?)
}

/// May the viewer see this account (its balance and statement)? The owner,
/// coordinators of the group (or of a group the person belongs to) and
/// admins.
pub fn can_see_account(
    conn: &mut DbConn,
    viewer: &Viewer,
    account: &TimeAccount,
) -> AppResult<bool> {
    if viewer.is_admin {
        return Ok(true);
    }
    match account.owner() {
        Owner::Person(p) if p == viewer.person_id => Ok(true),
        Owner::Person(p) => Ok(crate::domain::authz::access_to(conn, viewer, p)?
            .managing_group
            .is_some()),
        Owner::Group(g) => can_coordinate(conn, viewer, g),
    }
}

/// May the viewer spend from this account? The person themself, the
/// group's coordinators, admins.
fn can_spend(conn: &mut DbConn, viewer: &Viewer, account: &TimeAccount) -> AppResult<bool> {
    if viewer.is_admin {
        return Ok(true);
    }
    match account.owner() {
        Owner::Person(p) => Ok(p == viewer.person_id),
        Owner::Group(g) => can_coordinate(conn, viewer, g),
    }
}

/// Lock two accounts in id order (PostgreSQL; SQLite's write transaction
/// already holds the database).
fn lock_accounts(conn: &mut DbConn, a: i64, b: i64) -> AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        time_accounts::table
            .filter(time_accounts::id.eq_any([a, b]))
            .order(time_accounts::id.asc())
            .select(time_accounts::id)
            .for_update()
            .load::<i64>(pg)?;
    }
    Ok(())
}

/// What a new transfer is: accounts, amount, kind, reason, and where it came
/// from (automatic credits) or the client's idempotency key.
#[derive(Debug, Clone)]
pub struct NewTransfer {
    pub from: i64,
    pub to: i64,
    pub minutes: i64,
    pub kind: TransferKind,
    pub reason: String,
    pub recorded_by: Option<i64>,
    pub source: Option<(&'static str, i64)>,
    pub reverses: Option<i64>,
    pub idempotency_key: Option<String>,
}

/// Write a transfer: lock, debit under the limit, credit, two entries.
/// Call inside a write transaction; nothing is written on error.
pub fn post(conn: &mut DbConn, t: &NewTransfer, now: NaiveDateTime) -> AppResult<TimeTransfer> {
    if t.from == t.to {
        return Err(AppError::validation(
            "toAccountId",
            "Time cannot be moved to the account it comes from.",
        ));
    }
    if !(1..=MAX_TRANSFER_MINUTES).contains(&t.minutes) {
        return Err(AppError::validation(
            "minutes",
            format!("Minutes must be between 1 and {MAX_TRANSFER_MINUTES}."),
        ));
    }
    write_tx(conn, |conn| {
        lock_accounts(conn, t.from, t.to)?;
        // Service counts as given (payee) and received (payer); a reversal
        // takes back what its original counted.
        let reversal = t.kind == TransferKind::Reversal;
        let counted = if reversal {
            match t.reverses {
                Some(original) => time_transfers::table
                    .find(original)
                    .select(time_transfers::kind)
                    .first::<String>(conn)
                    .optional()?
                    .and_then(|k| TransferKind::parse(&k))
                    .is_some_and(TransferKind::is_service),
                None => false,
            }
        } else {
            t.kind.is_service()
        };
        let minutes = if counted { t.minutes } else { 0 };
        let (given, received) = if reversal {
            (-minutes, 0)
        } else {
            (0, minutes)
        };
        let debited = diesel::update(time_accounts::table.find(t.from))
            .filter(
                (time_accounts::balance_minutes - t.minutes).ge(time_accounts::lower_limit_minutes),
            )
            .set((
                time_accounts::balance_minutes.eq(time_accounts::balance_minutes - t.minutes),
                time_accounts::given_minutes.eq(time_accounts::given_minutes + given),
                time_accounts::received_minutes.eq(time_accounts::received_minutes + received),
            ))
            .execute(conn)?;
        if debited == 0 {
            let exists = find_account(conn, t.from)?.is_some();
            return Err(if exists {
                AppError::InsufficientBalance
            } else {
                AppError::NotFound("That time account")
            });
        }
        let (given, received) = if reversal {
            (0, -minutes)
        } else {
            (minutes, 0)
        };
        let credited = diesel::update(time_accounts::table.find(t.to))
            .set((
                time_accounts::balance_minutes.eq(time_accounts::balance_minutes + t.minutes),
                time_accounts::given_minutes.eq(time_accounts::given_minutes + given),
                time_accounts::received_minutes.eq(time_accounts::received_minutes + received),
            ))
            .execute(conn)?;
        if credited == 0 {
            return Err(AppError::NotFound("That time account"));
        }
        let transfer: TimeTransfer = diesel::insert_into(time_transfers::table)
            .values((
                time_transfers::from_account_id.eq(t.from),
                time_transfers::to_account_id.eq(t.to),
                time_transfers::minutes.eq(t.minutes),
                time_transfers::kind.eq(t.kind.as_str()),
                time_transfers::reason.eq(&t.reason),
                time_transfers::recorded_by.eq(t.recorded_by),
                time_transfers::source_kind.eq(t.source.map(|s| s.0)),
                time_transfers::source_id.eq(t.source.map(|s| s.1)),
                time_transfers::reverses_transfer_id.eq(t.reverses),
                time_transfers::idempotency_key.eq(t.idempotency_key.as_deref()),
                time_transfers::created_at.eq(now),
            ))
            .returning(time_transfers::all_columns)
            .get_result(conn)
            .map_err(conflict_if_duplicate)?;
        for (account, delta) in [(t.from, -t.minutes), (t.to, t.minutes)] {
            diesel::insert_into(time_entries::table)
                .values((
                    time_entries::transfer_id.eq(transfer.id),
                    time_entries::account_id.eq(account),
                    time_entries::delta_minutes.eq(delta),
                    time_entries::created_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(transfer)
    })
}

/// A client's transfer request.
#[derive(Debug, Clone)]
pub struct TransferRequest {
    /// `None`: my own account.
    pub from: Option<Owner>,
    /// An account id, or its owner.
    pub to: Target,
    pub minutes: i64,
    pub reason: String,
    /// GIFT, DONATION_TO_GROUP or ADJUSTMENT (admins); `None` picks GIFT or
    /// DONATION_TO_GROUP from the accounts.
    pub kind: Option<TransferKind>,
    pub idempotency_key: String,
}

/// Where a transfer goes or comes from: an account id or an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Account(i64),
    Owner(Owner),
}

fn resolve(conn: &mut DbConn, t: Target, now: NaiveDateTime) -> AppResult<TimeAccount> {
    match t {
        Target::Account(id) => {
            find_account(conn, id)?.ok_or(AppError::NotFound("That time account"))
        }
        Target::Owner(Owner::Person(p)) => {
            crate::domain::people::find(conn, p)?.ok_or(AppError::NotFound("That person"))?;
            account_for(conn, Owner::Person(p), now)
        }
        Target::Owner(Owner::Group(g)) => {
            crate::domain::groups::find(conn, g)?.ok_or(AppError::NotFound("That group"))?;
            account_for(conn, Owner::Group(g), now)
        }
    }
}

/// Move time between accounts on a client's request, idempotently.
pub fn transfer_time(
    conn: &mut DbConn,
    actor: &Actor,
    req: TransferRequest,
    now: NaiveDateTime,
) -> AppResult<TimeTransfer> {
    let viewer = signed_in(actor)?;
    let reason = validate::text("reason", &req.reason, 3, 500)?;
    let key = validate::text("idempotencyKey", &req.idempotency_key, 8, 100)?;
    if !(1..=MAX_TRANSFER_MINUTES).contains(&req.minutes) {
        return Err(AppError::validation(
            "minutes",
            format!("Minutes must be between 1 and {MAX_TRANSFER_MINUTES}."),
        ));
    }
    if matches!(
        req.kind,
        Some(
            TransferKind::Shift
                | TransferKind::HelpRequest
                | TransferKind::CheckIn
                | TransferKind::Reversal
        )
    ) {
        return Err(AppError::validation(
            "kind",
            "Those kinds are recorded by Kith itself; use GIFT, DONATION_TO_GROUP or ADJUSTMENT.",
        ));
    }
    let attempt = |conn: &mut DbConn| {
        write_tx(conn, |conn| {
            let from = resolve(
                conn,
                Target::Owner(req.from.unwrap_or(Owner::Person(viewer.person_id))),
                now,
            )?;
            let to = resolve(conn, req.to, now)?;
            if let Some(first) = by_key(conn, viewer.person_id, &key)? {
                return same_or_reused(first, from.id, to.id, req.minutes, &reason, req.kind);
            }
            if !can_spend(conn, &viewer, &from)? {
                return Err(AppError::forbidden(
                    "You can move time only from your own account, or a group's you coordinate.",
                ));
            }
            let kind = match req.kind {
                Some(TransferKind::Adjustment) if !viewer.is_admin => {
                    return Err(AppError::forbidden("Only admins make adjustments."))
                }
                Some(k) => k,
                None if matches!(to.owner(), Owner::Group(_))
                    && matches!(from.owner(), Owner::Person(_)) =>
                {
                    TransferKind::DonationToGroup
                }
                None => TransferKind::Gift,
            };
            post(
                conn,
                &NewTransfer {
                    from: from.id,
                    to: to.id,
                    minutes: req.minutes,
                    kind,
                    reason: reason.clone(),
                    recorded_by: Some(viewer.person_id),
                    source: None,
                    reverses: None,
                    idempotency_key: Some(key.clone()),
                },
                now,
            )
        })
    };
    match attempt(conn) {
        // Two requests with one key at once: the loser finds the winner's.
        Err(AppError::Conflict(_)) => match by_key(conn, viewer.person_id, &key)? {
            Some(first) => {
                let from = resolve(
                    conn,
                    Target::Owner(req.from.unwrap_or(Owner::Person(viewer.person_id))),
                    now,
                )?;
                let to = resolve(conn, req.to, now)?;
                same_or_reused(first, from.id, to.id, req.minutes, &reason, req.kind)
            }
            None => attempt(conn),
        },
        other => other,
    }
}

fn by_key(conn: &mut DbConn, person_id: i64, key: &str) -> AppResult<Option<TimeTransfer>> {
    Ok(time_transfers::table
        .filter(time_transfers::recorded_by.eq(person_id))
        .filter(time_transfers::idempotency_key.eq(key))
        .select(TimeTransfer::as_select())
        .first(conn)
        .optional()?)
}

fn same_or_reused(
    first: TimeTransfer,
    from: i64,
    to: i64,
    minutes: i64,
    reason: &str,
    kind: Option<TransferKind>,
) -> AppResult<TimeTransfer> {
    if first.from_account_id == from
        && first.to_account_id == to
        && first.minutes == minutes
        && first.reason == reason
        && kind.is_none_or(|k| k == first.kind())
    {
        Ok(first)
    } else {
        Err(AppError::IdempotencyKeyReused)
    }
}

/// Reverse a transfer once, with a reason: a new REVERSAL transfer moving
/// the same minutes back (subject to the limit like any debit). Admins, the
/// coordinators of a group whose account is on either side or whose shift,
/// help request or check-in it credited, or whoever recorded it.
pub fn reverse_transfer(
    conn: &mut DbConn,
    actor: &Actor,
    transfer_id: i64,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<TimeTransfer> {
    let viewer = signed_in(actor)?;
    let reason = validate::text("reason", reason, 3, 500)?;
    write_tx(conn, |conn| {
        let original =
            find_transfer(conn, transfer_id)?.ok_or(AppError::NotFound("That transfer"))?;
        let from = find_account(conn, original.from_account_id)?
            .ok_or(AppError::NotFound("That transfer"))?;
        let to = find_account(conn, original.to_account_id)?
            .ok_or(AppError::NotFound("That transfer"))?;
        if !(can_see_account(conn, &viewer, &from)? || can_see_account(conn, &viewer, &to)?) {
            return Err(AppError::NotFound("That transfer"));
        }
        let mut allowed = viewer.is_admin || original.recorded_by == Some(viewer.person_id);
        for account in [&from, &to] {
            if let Owner::Group(g) = account.owner() {
                allowed |= can_coordinate(conn, &viewer, g)?;
            }
        }
        if let Some(g) = source_group(conn, &original)? {
            allowed |= can_coordinate(conn, &viewer, g)?;
        }
        if !allowed {
            return Err(AppError::forbidden(
                "Only admins, the group's coordinators or whoever recorded it can reverse a transfer.",
            ));
        }
        if original.kind() == TransferKind::Reversal {
            return Err(AppError::InvalidTransition(
                "A reversal cannot itself be reversed; make a new transfer instead.".into(),
            ));
        }
        if !reversals_of(conn, &[original.id])?.is_empty() {
            return Err(AppError::InvalidTransition(
                "This transfer has already been reversed.".into(),
            ));
        }
        post(
            conn,
            &NewTransfer {
                from: original.to_account_id,
                to: original.from_account_id,
                minutes: original.minutes,
                kind: TransferKind::Reversal,
                reason,
                recorded_by: Some(viewer.person_id),
                source: None,
                reverses: Some(original.id),
                idempotency_key: None,
            },
            now,
        )
        .map_err(|e| match e {
            AppError::Conflict(_) => {
                AppError::InvalidTransition("This transfer has already been reversed.".into())
            }
            other => other,
        })
    })
}

/// The group behind an automatic credit (the shift's, help request's or
/// check-in's group), whose coordinators may reverse it.
fn source_group(conn: &mut DbConn, t: &TimeTransfer) -> AppResult<Option<i64>> {
    use crate::db::schema::{check_ins, help_requests, shift_signups, shifts};
    let Some(id) = t.source_id else {
        return Ok(None);
    };
    Ok(match t.source_kind.as_deref() {
        Some("HELP_REQUEST") => help_requests::table
            .find(id)
            .select(help_requests::group_id)
            .first(conn)
            .optional()?,
        Some("CHECK_IN") => check_ins::table
            .find(id)
            .select(check_ins::group_id)
            .first(conn)
            .optional()?,
        Some("SHIFT_SIGNUP") => shift_signups::table
            .inner_join(shifts::table)
            .filter(shift_signups::id.eq(id))
            .select(shifts::group_id)
            .first(conn)
            .optional()?,
        _ => None,
    })
}

/// Credit someone for time they gave, once per source: `payer` pays
/// `person`. A source already credited returns `None` and writes nothing.
/// Call inside the write transaction that records the source.
#[allow(clippy::too_many_arguments)]
pub fn credit(
    conn: &mut DbConn,
    payer: Owner,
    person: i64,
    minutes: i64,
    kind: TransferKind,
    source: (&'static str, i64),
    reason: &str,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
) -> AppResult<Option<TimeTransfer>> {
    let done: i64 = time_transfers::table
        .filter(time_transfers::source_kind.eq(source.0))
        .filter(time_transfers::source_id.eq(source.1))
        .count()
        .get_result(conn)?;
    if done > 0 || minutes <= 0 {
        return Ok(None);
    }
    let from = account_for(conn, payer, now)?;
    let to = account_for(conn, Owner::Person(person), now)?;
    let posted = post(
        conn,
        &NewTransfer {
            from: from.id,
            to: to.id,
            minutes,
            kind,
            reason: reason.to_string(),
            recorded_by,
            source: Some(source),
            reverses: None,
            idempotency_key: None,
        },
        now,
    );
    match posted {
        Ok(t) => Ok(Some(t)),
        // Credited at the same moment by someone else.
        Err(AppError::Conflict(_)) => Ok(None),
        Err(e) => Err(e),
    }
}
