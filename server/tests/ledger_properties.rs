//! Properties of the time-bank ledger, on both backends.
//!
//! A proptest state machine drives random sequences of transfers, retries,
//! reused idempotency keys, reversals, overdrafts and automatic credits
//! against the domain functions and an in-memory model, and after every step
//! checks the database: balances sum to zero, each cached balance equals the
//! sum of its entries, every transfer has exactly two entries (a debit and a
//! credit of its minutes), no account is below its limit, reversals mirror
//! what they reverse, and the accounts and transfers equal the model's.
//!
//! Each generated case gets fresh people, groups and accounts in one database
//! per backend (a new database per case would cost more than the case), so
//! cases are independent and shrink deterministically. The checks after each
//! step cover the case's accounts and transfers (and, over all accounts, the
//! zero sum and the limits); after each case the whole ledger is checked.
//! `PROPTEST_CASES` overrides the number of cases.
//!
//! Then concurrency, each request on its own pooled connection: a hundred
//! one-hour debits racing for ten hours of credit, twenty identical requests
//! sharing one idempotency key, transfers in opposite directions between the
//! same two accounts, ten reversals of one transfer, and ten automatic
//! credits for one source.

mod common;

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{Duration, NaiveDateTime};
use common::{epoch, Backend, Session, TestApp};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use kith::db::schema::{people, time_transfers};
use kith::db::{write_tx, DbConn};
use kith::domain::authz::{Actor, Viewer};
use kith::domain::groups::{self, GroupKind, JoinPolicy, NewGroupInput};
use kith::domain::ledger::{
    self, Owner, Target, TimeTransfer, TransferKind, TransferRequest, GROUP_LOWER_LIMIT,
    PERSON_LOWER_LIMIT,
};
use kith::error::{AppError, AppResult};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

// ---------------------------------------------------------------------------
// Ledger-wide invariants, checked straight in SQL.

/// Counts of everything that must never happen; all zero when the ledger is
/// sound.
#[derive(Debug, QueryableByName, PartialEq, Eq, Default)]
struct LedgerCheck {
    /// Sum of all balances (must be 0).
    #[diesel(sql_type = BigInt)]
    balance_sum: i64,
    /// Accounts below their lower limit.
    #[diesel(sql_type = BigInt)]
    below_limit: i64,
    /// Accounts whose cached balance differs from the sum of their entries.
    #[diesel(sql_type = BigInt)]
    stale_balances: i64,
    /// Transfers without exactly two entries: -minutes on the payer and
    /// +minutes on the payee, summing to zero.
    #[diesel(sql_type = BigInt)]
    unbalanced_transfers: i64,
    /// Entries beyond two per transfer (or missing).
    #[diesel(sql_type = BigInt)]
    entry_excess: i64,
    /// Reversals that are not the mirror image of a non-reversal, or
    /// REVERSAL transfers without an original (and the other way round).
    #[diesel(sql_type = BigInt)]
    bad_reversals: i64,
    /// (recorded_by, idempotency_key) pairs used more than once.
    #[diesel(sql_type = BigInt)]
    duplicate_keys: i64,
    /// Automatic-credit sources credited more than once.
    #[diesel(sql_type = BigInt)]
    duplicate_sources: i64,
}

/// What the checks after each step look at: these accounts and the
/// transfers after this id (one case's), so that a step costs the same
/// however much earlier cases wrote.
struct Scope<'a> {
    accounts: &'a [i64],
    after_transfer: i64,
}

/// The invariant query, over the whole ledger or over a [`Scope`]; balances
/// summing to zero and no account below its limit are always checked over
/// everything.
fn ledger_check_sql(scope: Option<&Scope>) -> String {
    let (accounts, transfers, reversals, entries, duplicates) = match scope {
        None => (
            "1 = 1".into(),
            "1 = 1".into(),
            "1 = 1".into(),
            "1 = 1".into(),
            true,
        ),
        Some(scope) => {
            let list = scope
                .accounts
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let after = scope.after_transfer;
            (
                format!("a.id IN ({list})"),
                format!("t.id > {after}"),
                format!("r.id > {after}"),
                format!("transfer_id > {after}"),
                false,
            )
        }
    };
    // Duplicate keys and sources are what UNIQUE constraints rule out;
    // looking for them costs a scan, so only the full check does.
    let (keys, sources) = if duplicates {
        (
            "(SELECT COUNT(*) FROM (SELECT recorded_by FROM time_transfers \
                WHERE idempotency_key IS NOT NULL GROUP BY recorded_by, idempotency_key \
                HAVING COUNT(*) > 1) d)",
            "(SELECT COUNT(*) FROM (SELECT source_id FROM time_transfers \
                WHERE source_kind IS NOT NULL GROUP BY source_kind, source_id \
                HAVING COUNT(*) > 1) s)",
        )
    } else {
        ("CAST(0 AS BIGINT)", "CAST(0 AS BIGINT)")
    };
    format!(
        "SELECT \
        (SELECT CAST(COALESCE(SUM(balance_minutes), 0) AS BIGINT) FROM time_accounts) AS balance_sum, \
        (SELECT COUNT(*) FROM time_accounts WHERE balance_minutes < lower_limit_minutes) AS below_limit, \
        (SELECT COUNT(*) FROM time_accounts a WHERE {accounts} AND a.balance_minutes <> \
            COALESCE((SELECT SUM(e.delta_minutes) FROM time_entries e WHERE e.account_id = a.id), 0)) \
            AS stale_balances, \
        (SELECT COUNT(*) FROM time_transfers t WHERE {transfers} AND (\
            (SELECT COUNT(*) FROM time_entries e WHERE e.transfer_id = t.id) <> 2 \
            OR COALESCE((SELECT SUM(e.delta_minutes) FROM time_entries e \
                WHERE e.transfer_id = t.id), 0) <> 0 \
            OR NOT EXISTS (SELECT 1 FROM time_entries e WHERE e.transfer_id = t.id \
                AND e.account_id = t.from_account_id AND e.delta_minutes = -t.minutes) \
            OR NOT EXISTS (SELECT 1 FROM time_entries e WHERE e.transfer_id = t.id \
                AND e.account_id = t.to_account_id AND e.delta_minutes = t.minutes))) \
            AS unbalanced_transfers, \
        ((SELECT COUNT(*) FROM time_entries WHERE {entries}) \
            - 2 * (SELECT COUNT(*) FROM time_transfers t WHERE {transfers})) AS entry_excess, \
        (SELECT COUNT(*) FROM time_transfers r \
            LEFT JOIN time_transfers o ON o.id = r.reverses_transfer_id WHERE {reversals} AND (\
            (r.kind = 'REVERSAL' AND o.id IS NULL) \
            OR (r.kind <> 'REVERSAL' AND r.reverses_transfer_id IS NOT NULL) \
            OR (o.id IS NOT NULL AND (o.kind = 'REVERSAL' OR r.from_account_id <> o.to_account_id \
                OR r.to_account_id <> o.from_account_id OR r.minutes <> o.minutes)))) \
            AS bad_reversals, \
        {keys} AS duplicate_keys, \
        {sources} AS duplicate_sources"
    )
}

/// Check every ledger-wide invariant; the error says which failed.
fn check_ledger(conn: &mut DbConn) -> Result<(), String> {
    check_ledger_in(conn, None)
}

fn check_ledger_in(conn: &mut DbConn, scope: Option<&Scope>) -> Result<(), String> {
    let found: LedgerCheck = diesel::sql_query(ledger_check_sql(scope))
        .get_result(conn)
        .map_err(|e| format!("ledger check query failed: {e}"))?;
    if found == LedgerCheck::default() {
        Ok(())
    } else {
        Err(format!("ledger invariants broken: {found:?}"))
    }
}

fn transfer_count(conn: &mut DbConn) -> i64 {
    time_transfers::table
        .count()
        .get_result(conn)
        .expect("count transfers")
}

// ---------------------------------------------------------------------------
// The world of one generated case: six people (four members, a coordinator,
// an admin) and two groups, each with an account.

/// People P0..P3, the coordinator C and the admin A, by index; a person's
/// account has the person's index.
const PEOPLE: usize = 6;
/// C: creates (and so coordinates) group G0.
const COORD: usize = 4;
/// A: a platform admin.
const ADMIN: usize = 5;
/// Group accounts: G0 (coordinated by C, with P1 an active member) and G1
/// (created, so coordinated, by P0).
const G0: usize = 6;
const G1: usize = 7;
const ACCOUNTS: usize = 8;

const SOURCE_KINDS: [&str; 3] = ["shift_signup", "help_request", "check_in"];
const CREDIT_KINDS: [TransferKind; 3] = [
    TransferKind::Shift,
    TransferKind::HelpRequest,
    TransferKind::CheckIn,
];

fn coordinates(person: usize, group_account: usize) -> bool {
    person == ADMIN
        || (group_account == G0 && person == COORD)
        || (group_account == G1 && person == 0)
}

/// `ledger::can_spend`, for this world.
fn can_spend(person: usize, account: usize) -> bool {
    if account < PEOPLE {
        person == ADMIN || person == account
    } else {
        coordinates(person, account)
    }
}

/// `ledger::can_see_account`, for this world: the owner, admins, the
/// coordinators of a group, and coordinators of a group the person is an
/// active member of (C sees P1 through G0; P0 coordinates only itself).
fn can_see(person: usize, account: usize) -> bool {
    if person == ADMIN {
        return true;
    }
    match account {
        a if a == person => true,
        1 => person == COORD,
        a if a < PEOPLE => false,
        g => coordinates(person, g),
    }
}

fn limit_of(account: usize) -> i64 {
    if account < PEOPLE {
        PERSON_LOWER_LIMIT
    } else {
        GROUP_LOWER_LIMIT
    }
}

/// Who makes a request.
#[derive(Debug, Clone, Copy)]
enum ActorPick {
    /// The account's owner, or the group's coordinator.
    Rightful,
    Admin,
    Person(usize),
}

/// Who reverses a transfer.
#[derive(Debug, Clone, Copy)]
enum ReverserPick {
    Admin,
    /// Whoever recorded it (the admin for automatic credits).
    Recorder,
    Person(usize),
}

/// How a reused key's request differs from the first.
#[derive(Debug, Clone, Copy)]
enum Change {
    Minutes,
    Reason,
    To,
}

#[derive(Debug, Clone)]
enum Op {
    /// A client transfer with a fresh idempotency key.
    Transfer {
        actor: ActorPick,
        /// Leave `from` out when it is the actor's own account.
        implicit_from: bool,
        from: usize,
        to: usize,
        /// Name the payee by account id rather than by owner.
        to_by_id: bool,
        minutes: i64,
        adjustment: bool,
    },
    /// A person pays exactly down to their limit, or one minute past it.
    ToLimit { from: usize, to: usize, over: bool },
    /// An earlier request again, identically.
    Retry { pick: usize },
    /// An earlier request's key with different content.
    ReuseKey { pick: usize, change: Change },
    /// Reverse an earlier transfer (reversals included).
    Reverse { pick: usize, actor: ReverserPick },
    /// An automatic credit from a small set of sources, so some repeat.
    Credit {
        payer: usize,
        person: usize,
        minutes: i64,
        source: i64,
        kind: usize,
        by_admin: bool,
    },
}

fn actor_pick() -> impl Strategy<Value = ActorPick> {
    prop_oneof![
        7 => Just(ActorPick::Rightful),
        2 => Just(ActorPick::Admin),
        2 => (0..PEOPLE).prop_map(ActorPick::Person),
    ]
}

fn reverser_pick() -> impl Strategy<Value = ReverserPick> {
    prop_oneof![
        2 => Just(ReverserPick::Admin),
        2 => Just(ReverserPick::Recorder),
        1 => (0..PEOPLE).prop_map(ReverserPick::Person),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Minutes),
        Just(Change::Reason),
        Just(Change::To)
    ]
}

prop_compose! {
    fn transfer_op()(
        actor in actor_pick(),
        implicit_from in any::<bool>(),
        from in 0..ACCOUNTS,
        to in 0..ACCOUNTS,
        to_by_id in any::<bool>(),
        minutes in 1i64..=400,
        adjustment in proptest::bool::weighted(0.1),
    ) -> Op {
        Op::Transfer { actor, implicit_from, from, to, to_by_id, minutes, adjustment }
    }
}

prop_compose! {
    fn credit_op()(
        payer in prop_oneof![3 => G0..=G1, 1 => 0..PEOPLE],
        person in 0..PEOPLE,
        minutes in prop_oneof![1 => Just(0i64), 9 => 1i64..=400],
        source in 0i64..4,
        kind in 0..CREDIT_KINDS.len(),
        by_admin in any::<bool>(),
    ) -> Op {
        Op::Credit { payer, person, minutes, source, kind, by_admin }
    }
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        12 => transfer_op(),
        2 => (0..PEOPLE, 0..ACCOUNTS, any::<bool>())
            .prop_map(|(from, to, over)| Op::ToLimit { from, to, over }),
        4 => PICK.prop_map(|pick| Op::Retry { pick }),
        2 => (PICK, change())
            .prop_map(|(pick, change)| Op::ReuseKey { pick, change }),
        4 => (PICK, reverser_pick())
            .prop_map(|(pick, actor)| Op::Reverse { pick, actor }),
        4 => credit_op(),
    ]
}

/// Which earlier request or transfer a step takes, counting back from the
/// latest (see [`recent`]).
const PICK: std::ops::Range<usize> = 0..1000;

/// The `pick`th latest of `len` items (wrapping round): shrinking moves
/// towards the latest, and dropping steps before the one picked does not
/// change which it is.
fn recent(pick: usize, len: usize) -> usize {
    len - 1 - pick % len
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    // From one step, so that shrinking can drop every step a failure does
    // not need; 45 on average.
    proptest::collection::vec(op(), 1..=90)
}

/// A client request as issued (kept to retry it).
#[derive(Debug, Clone)]
struct Req {
    actor: usize,
    /// `None`: the actor's own account.
    from: Option<usize>,
    to: usize,
    to_by_id: bool,
    minutes: i64,
    reason: String,
    adjustment: bool,
    key: String,
}

impl Req {
    fn payer(&self) -> usize {
        self.from.unwrap_or(self.actor)
    }
}

/// A transfer as the model expects it in the database.
#[derive(Debug, Clone)]
struct ModelTransfer {
    id: i64,
    from: usize,
    to: usize,
    minutes: i64,
    kind: TransferKind,
    reason: String,
    recorded_by: Option<usize>,
    reverses: Option<usize>,
    reversed: bool,
    key: Option<String>,
    source: Option<(&'static str, i64)>,
}

/// What the model expects of one step.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    /// A new transfer.
    New,
    /// The transfer the model already has at this index, unchanged.
    Same(usize),
    /// `Ok(None)` from `credit`: already credited (or nothing to credit).
    Nothing,
    Err(&'static str),
}

#[derive(Debug, Default)]
struct Model {
    balance: [i64; ACCOUNTS],
    given: [i64; ACCOUNTS],
    received: [i64; ACCOUNTS],
    transfers: Vec<ModelTransfer>,
    /// (actor, key) -> the transfer it recorded.
    keys: HashMap<(usize, String), usize>,
    sources: HashSet<(&'static str, i64)>,
    requests: Vec<Req>,
}

impl Model {
    /// What `post` does: the payer's balance goes down and the payee's up;
    /// a service transfer (shift, help, check-in) adds to the payer's
    /// `received_minutes` (the payer received the service) and the payee's
    /// `given_minutes`; a reversal takes back what its original added (its
    /// payer is the original payee); gifts, donations and adjustments add
    /// to neither.
    fn post(&mut self, t: ModelTransfer) {
        let m = t.minutes;
        self.balance[t.from] -= m;
        self.balance[t.to] += m;
        if t.kind == TransferKind::Reversal {
            let original = &self.transfers[t.reverses.expect("a reversal names its original")];
            if original.kind.is_service() {
                self.given[t.from] -= m;
                self.received[t.to] -= m;
            }
        } else if t.kind.is_service() {
            self.received[t.from] += m;
            self.given[t.to] += m;
        }
        if let Some(original) = t.reverses {
            self.transfers[original].reversed = true;
        }
        self.transfers.push(t);
    }

    fn breaches(&self, account: usize, minutes: i64) -> bool {
        self.balance[account] - minutes < limit_of(account)
    }

    fn expect_request(&self, r: &Req) -> Expect {
        let from = r.payer();
        if let Some(&i) = self.keys.get(&(r.actor, r.key.clone())) {
            let first = &self.transfers[i];
            return if first.from == from
                && first.to == r.to
                && first.minutes == r.minutes
                && first.reason == r.reason
            {
                Expect::Same(i)
            } else {
                Expect::Err("IDEMPOTENCY_KEY_REUSED")
            };
        }
        if !can_spend(r.actor, from) || (r.adjustment && r.actor != ADMIN) {
            return Expect::Err("FORBIDDEN");
        }
        if from == r.to {
            return Expect::Err("VALIDATION");
        }
        if self.breaches(from, r.minutes) {
            return Expect::Err("INSUFFICIENT_BALANCE");
        }
        Expect::New
    }

    fn expect_reverse(&self, actor: usize, i: usize) -> Expect {
        let o = &self.transfers[i];
        if !(can_see(actor, o.from) || can_see(actor, o.to)) {
            return Expect::Err("NOT_FOUND");
        }
        let allowed = actor == ADMIN
            || o.recorded_by == Some(actor)
            || [o.from, o.to]
                .iter()
                .any(|&a| a >= PEOPLE && coordinates(actor, a));
        if !allowed {
            return Expect::Err("FORBIDDEN");
        }
        if o.kind == TransferKind::Reversal || o.reversed {
            return Expect::Err("INVALID_TRANSITION");
        }
        if self.breaches(o.to, o.minutes) {
            return Expect::Err("INSUFFICIENT_BALANCE");
        }
        Expect::New
    }

    fn expect_credit(
        &self,
        payer: usize,
        person: usize,
        minutes: i64,
        source: (&str, i64),
    ) -> Expect {
        if self.sources.contains(&source) || minutes <= 0 {
            return Expect::Nothing;
        }
        if payer == person {
            return Expect::Err("VALIDATION");
        }
        if self.breaches(payer, minutes) {
            return Expect::Err("INSUFFICIENT_BALANCE");
        }
        Expect::New
    }
}

static CASES_RUN: AtomicUsize = AtomicUsize::new(0);

struct World {
    case: usize,
    person_ids: [i64; PEOPLE],
    group_ids: [i64; 2],
    account_ids: [i64; ACCOUNTS],
    /// The last transfer before this case: all after it are the case's.
    last_transfer_before: i64,
    model: Model,
    /// How often each kind of step had each outcome.
    tally: HashMap<String, usize>,
}

impl World {
    fn new(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<World> {
        let case = CASES_RUN.fetch_add(1, Ordering::SeqCst);
        let mut person_ids = [0; PEOPLE];
        for (i, id) in person_ids.iter_mut().enumerate() {
            // Straight into the table: hashing six passwords per case would
            // cost more than the case itself.
            *id = diesel::insert_into(people::table)
                .values((
                    people::email.eq(format!("ledger-{case}-{i}@kith.test")),
                    people::display_name.eq(format!("Person {i} of case {case}")),
                    people::is_admin.eq(i == ADMIN),
                    people::created_at.eq(now),
                    people::updated_at.eq(now),
                ))
                .returning(people::id)
                .get_result(conn)?;
        }
        let as_actor = |i: usize| -> Actor { Some(viewer(person_ids[i], i == ADMIN)) };
        let group = |conn: &mut DbConn, by: usize, name: String| {
            groups::create_group(
                conn,
                &as_actor(by),
                NewGroupInput {
                    name,
                    kind: GroupKind::VoluntaryGroup,
                    description: None,
                    join_policy: JoinPolicy::Open,
                    area: None,
                    contact_email: None,
                },
                now,
            )
            .map(|g| g.id)
        };
        let g0 = group(conn, COORD, format!("Time pot {case} A"))?;
        let g1 = group(conn, 0, format!("Time pot {case} B"))?;
        groups::join_group(conn, "http://kith.test", &as_actor(1), g0, now)?;
        let mut account_ids = [0; ACCOUNTS];
        for (i, id) in account_ids.iter_mut().enumerate() {
            let owner = match i {
                G0 => Owner::Group(g0),
                G1 => Owner::Group(g1),
                p => Owner::Person(person_ids[p]),
            };
            *id = ledger::account_for(conn, owner, now)?.id;
        }
        let last_transfer_before = time_transfers::table
            .select(diesel::dsl::max(time_transfers::id))
            .first::<Option<i64>>(conn)?
            .unwrap_or(0);
        Ok(World {
            case,
            person_ids,
            group_ids: [g0, g1],
            account_ids,
            last_transfer_before,
            model: Model::default(),
            tally: HashMap::new(),
        })
    }

    fn actor(&self, person: usize) -> Actor {
        Some(viewer(self.person_ids[person], person == ADMIN))
    }

    fn owner(&self, account: usize) -> Owner {
        match account {
            G0 => Owner::Group(self.group_ids[0]),
            G1 => Owner::Group(self.group_ids[1]),
            p => Owner::Person(self.person_ids[p]),
        }
    }

    fn account_index(&self, id: i64) -> Option<usize> {
        self.account_ids.iter().position(|&a| a == id)
    }

    fn person_index(&self, id: i64) -> Option<usize> {
        self.person_ids.iter().position(|&p| p == id)
    }

    fn request(&self, r: &Req) -> TransferRequest {
        TransferRequest {
            from: r.from.map(|a| self.owner(a)),
            to: if r.to_by_id {
                Target::Account(self.account_ids[r.to])
            } else {
                Target::Owner(self.owner(r.to))
            },
            minutes: r.minutes,
            reason: r.reason.clone(),
            kind: r.adjustment.then_some(TransferKind::Adjustment),
            idempotency_key: r.key.clone(),
        }
    }

    /// Issue a client request, compare with the model, update the model.
    fn issue(
        &mut self,
        conn: &mut DbConn,
        what: &str,
        r: Req,
        now: NaiveDateTime,
    ) -> Result<(), TestCaseError> {
        let expect = self.model.expect_request(&r);
        let got = ledger::transfer_time(conn, &self.actor(r.actor), self.request(&r), now);
        let from = r.payer();
        let kind = if r.adjustment {
            TransferKind::Adjustment
        } else if r.to >= PEOPLE && from < PEOPLE {
            TransferKind::DonationToGroup
        } else {
            TransferKind::Gift
        };
        let new = ModelTransfer {
            id: 0,
            from,
            to: r.to,
            minutes: r.minutes,
            kind,
            reason: r.reason.clone(),
            recorded_by: Some(r.actor),
            reverses: None,
            reversed: false,
            key: Some(r.key.clone()),
            source: None,
        };
        let key = (r.actor, r.key.clone());
        self.model.requests.push(r);
        if let Some(i) = self.settle(what, expect, got.map(Some), new)? {
            self.model.keys.entry(key).or_insert(i);
        }
        Ok(())
    }

    /// Compare an outcome with the expectation; post a new transfer to the
    /// model. Returns the index of the transfer posted, if any.
    fn settle(
        &mut self,
        what: &str,
        expect: Expect,
        got: AppResult<Option<TimeTransfer>>,
        mut new: ModelTransfer,
    ) -> Result<Option<usize>, TestCaseError> {
        let outcome = match &expect {
            Expect::New => "new",
            Expect::Same(_) => "same",
            Expect::Nothing => "nothing",
            Expect::Err(code) => code,
        };
        *self.tally.entry(format!("{what}: {outcome}")).or_insert(0) += 1;
        match (&expect, got) {
            (Expect::New, Ok(Some(t))) => {
                prop_assert!(
                    self.model.transfers.iter().all(|m| m.id != t.id),
                    "a new transfer reused id {}",
                    t.id
                );
                new.id = t.id;
                self.model.post(new);
                Ok(Some(self.model.transfers.len() - 1))
            }
            (Expect::Same(i), Ok(Some(t))) => {
                prop_assert_eq!(
                    t.id,
                    self.model.transfers[*i].id,
                    "a retry returned another transfer"
                );
                Ok(None)
            }
            (Expect::Nothing, Ok(None)) => Ok(None),
            (Expect::Err(code), Err(e)) if e.code() == *code => Ok(None),
            (_, got) => Err(TestCaseError::fail(format!(
                "expected {expect:?}, got {}",
                match got {
                    Ok(Some(t)) => format!("transfer {t:?}"),
                    Ok(None) => "nothing credited".into(),
                    Err(e) => format!("{} ({e})", e.code()),
                }
            ))),
        }
    }

    fn fresh_key(&self, step: usize) -> String {
        format!("case-{}-step-{step:03}", self.case)
    }

    fn apply(
        &mut self,
        conn: &mut DbConn,
        step: usize,
        op: &Op,
        now: NaiveDateTime,
    ) -> Result<(), TestCaseError> {
        match *op {
            Op::Transfer {
                actor,
                implicit_from,
                from,
                to,
                to_by_id,
                minutes,
                adjustment,
            } => {
                let actor = match actor {
                    ActorPick::Rightful if from < PEOPLE => from,
                    ActorPick::Rightful if from == G0 => COORD,
                    ActorPick::Rightful => 0,
                    ActorPick::Admin => ADMIN,
                    ActorPick::Person(p) => p,
                };
                let r = Req {
                    actor,
                    from: (!(implicit_from && actor == from)).then_some(from),
                    to,
                    to_by_id,
                    minutes,
                    reason: format!("Help with the garden, step {step}"),
                    adjustment,
                    key: self.fresh_key(step),
                };
                self.issue(conn, "transfer", r, now)
            }
            Op::ToLimit { from, to, over } => {
                let room = self.model.balance[from] - limit_of(from);
                let minutes = (room + i64::from(over)).clamp(1, ledger::MAX_TRANSFER_MINUTES);
                let r = Req {
                    actor: from,
                    from: None,
                    to,
                    to_by_id: false,
                    minutes,
                    reason: format!("Down to the limit, step {step}"),
                    adjustment: false,
                    key: self.fresh_key(step),
                };
                let what = if over {
                    "past the limit"
                } else {
                    "to the limit"
                };
                self.issue(conn, what, r, now)
            }
            Op::Retry { pick } => {
                if self.model.requests.is_empty() {
                    return Ok(());
                }
                let r = self.model.requests[recent(pick, self.model.requests.len())].clone();
                self.issue(conn, "retry", r, now)
            }
            Op::ReuseKey { pick, change } => {
                if self.model.requests.is_empty() {
                    return Ok(());
                }
                let mut r = self.model.requests[recent(pick, self.model.requests.len())].clone();
                match change {
                    Change::Minutes => r.minutes += 1,
                    Change::Reason => r.reason.push_str(", again"),
                    Change::To => r.to = (r.to + 1) % ACCOUNTS,
                }
                self.issue(conn, "reused key", r, now)
            }
            Op::Reverse { pick, actor } => {
                if self.model.transfers.is_empty() {
                    return Ok(());
                }
                let i = recent(pick, self.model.transfers.len());
                let actor = match actor {
                    ReverserPick::Admin => ADMIN,
                    ReverserPick::Recorder => self.model.transfers[i].recorded_by.unwrap_or(ADMIN),
                    ReverserPick::Person(p) => p,
                };
                let expect = self.model.expect_reverse(actor, i);
                let reason = format!("Recorded by mistake, step {step}");
                let o = &self.model.transfers[i];
                let what = if o.kind == TransferKind::Reversal {
                    "reverse a reversal"
                } else if o.reversed {
                    "reverse again"
                } else {
                    "reverse"
                };
                let new = ModelTransfer {
                    id: 0,
                    from: o.to,
                    to: o.from,
                    minutes: o.minutes,
                    kind: TransferKind::Reversal,
                    reason: reason.clone(),
                    recorded_by: Some(actor),
                    reverses: Some(i),
                    reversed: false,
                    key: None,
                    source: None,
                };
                let got = ledger::reverse_transfer(conn, &self.actor(actor), o.id, &reason, now);
                self.settle(what, expect, got.map(Some), new).map(|_| ())
            }
            Op::Credit {
                payer,
                person,
                minutes,
                source,
                kind,
                by_admin,
            } => {
                let source = (SOURCE_KINDS[kind], self.case as i64 * 1000 + source);
                let expect = self.model.expect_credit(payer, person, minutes, source);
                let reason = format!("Thank you, step {step}");
                let recorded_by = by_admin.then_some(ADMIN);
                let got = write_tx(conn, |conn| {
                    ledger::credit(
                        conn,
                        self.owner(payer),
                        self.person_ids[person],
                        minutes,
                        CREDIT_KINDS[kind],
                        source,
                        &reason,
                        recorded_by.map(|p| self.person_ids[p]),
                        now,
                    )
                });
                let new = ModelTransfer {
                    id: 0,
                    from: payer,
                    to: person,
                    minutes,
                    kind: CREDIT_KINDS[kind],
                    reason: reason.clone(),
                    recorded_by,
                    reverses: None,
                    reversed: false,
                    key: None,
                    source: Some(source),
                };
                if self.settle("credit", expect, got, new)?.is_some() {
                    self.model.sources.insert(source);
                }
                Ok(())
            }
        }
    }

    /// The database against the model and the ledger-wide invariants.
    fn check(&self, conn: &mut DbConn) -> Result<(), TestCaseError> {
        let scope = Scope {
            accounts: &self.account_ids,
            after_transfer: self.last_transfer_before,
        };
        check_ledger_in(conn, Some(&scope)).map_err(TestCaseError::fail)?;
        let accounts = ledger::find_accounts(conn, &self.account_ids)
            .map_err(|e| TestCaseError::fail(format!("loading accounts: {e}")))?;
        prop_assert_eq!(accounts.len(), ACCOUNTS);
        for a in &accounts {
            let i = self.account_index(a.id).expect("one of ours");
            let m = &self.model;
            prop_assert_eq!(
                (
                    a.balance_minutes,
                    a.given_minutes,
                    a.received_minutes,
                    a.lower_limit_minutes
                ),
                (m.balance[i], m.given[i], m.received[i], limit_of(i)),
                "account {} (balance, given, received, limit)",
                i
            );
        }
        // Every transfer since the case began, which are all the case's.
        let stored: Vec<TimeTransfer> = time_transfers::table
            .filter(time_transfers::id.gt(self.last_transfer_before))
            .order(time_transfers::id.asc())
            .select(TimeTransfer::as_select())
            .load(conn)
            .map_err(|e| TestCaseError::fail(format!("loading transfers: {e}")))?;
        let mut expected = self.model.transfers.clone();
        expected.sort_by_key(|t| t.id);
        prop_assert_eq!(stored.len(), expected.len(), "number of transfers");
        for (s, m) in stored.iter().zip(&expected) {
            let seen = (
                s.id,
                self.account_index(s.from_account_id),
                self.account_index(s.to_account_id),
                s.minutes,
                s.kind.as_str(),
                s.reason.as_str(),
                s.recorded_by.map(|p| self.person_index(p)),
                s.reverses_transfer_id,
                s.idempotency_key.as_deref(),
                s.source_kind.as_deref().zip(s.source_id),
            );
            let want = (
                m.id,
                Some(m.from),
                Some(m.to),
                m.minutes,
                m.kind.as_str(),
                m.reason.as_str(),
                m.recorded_by.map(Some),
                m.reverses.map(|i| self.model.transfers[i].id),
                m.key.as_deref(),
                m.source,
            );
            prop_assert_eq!(seen, want, "transfer {}", s.id);
        }
        Ok(())
    }
}

fn viewer(person_id: i64, is_admin: bool) -> Viewer {
    Viewer {
        person_id,
        session_id: 0,
        is_admin,
    }
}

fn run_case(
    app: &TestApp,
    ops: &[Op],
    tally: &RefCell<HashMap<String, usize>>,
) -> Result<(), TestCaseError> {
    let mut conn = app.conn();
    let conn: &mut DbConn = &mut conn;
    let start = epoch().naive_utc();
    let mut world = World::new(conn, start)
        .map_err(|e| TestCaseError::fail(format!("setting up the case: {e}")))?;
    world.check(conn)?;
    for (step, op) in ops.iter().enumerate() {
        let now = start + Duration::seconds(step as i64 + 1);
        world
            .apply(conn, step, op, now)
            .and_then(|()| world.check(conn))
            .map_err(|e| TestCaseError::fail(format!("step {step}, {op:?}: {e}")))?;
    }
    check_ledger(conn).map_err(|e| TestCaseError::fail(format!("after the last step: {e}")))?;
    for (k, n) in world.tally {
        *tally.borrow_mut().entry(k).or_insert(0) += n;
    }
    Ok(())
}

/// Outcomes the generated cases must reach between them, so the properties
/// are not checked vacuously.
const MUST_REACH: &[&str] = &[
    "transfer: new",
    "transfer: INSUFFICIENT_BALANCE",
    "transfer: FORBIDDEN",
    "to the limit: new",
    "past the limit: INSUFFICIENT_BALANCE",
    "retry: same",
    "reused key: IDEMPOTENCY_KEY_REUSED",
    "reverse: new",
    "reverse again: INVALID_TRANSITION",
    "reverse a reversal: INVALID_TRANSITION",
    "credit: new",
    "credit: nothing",
];

fn state_machine(backend: Backend, default_cases: u32) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let app = rt.block_on(TestApp::new(backend));
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 1000,
        max_shrink_time: 180_000,
        ..Config::default()
    });
    let tally = RefCell::new(HashMap::new());
    let started = std::time::Instant::now();
    let result = runner.run(&ops(), |ops| run_case(&app, &ops, &tally));
    let tally = tally.into_inner();
    let mut outcomes: Vec<_> = tally.iter().collect();
    outcomes.sort();
    eprintln!(
        "{backend:?}: {cases} cases in {:.1} s; outcomes: {outcomes:?}",
        started.elapsed().as_secs_f64()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    if cases >= 16 {
        for want in MUST_REACH {
            assert!(
                tally.contains_key(*want),
                "no generated step had the outcome {want:?}"
            );
        }
    }
    drop(app);
}

#[test]
fn ledger_state_machine_sqlite() {
    state_machine(Backend::Sqlite, 32);
}

#[test]
fn ledger_state_machine_postgres() {
    state_machine(Backend::Postgres, 32);
}

// ---------------------------------------------------------------------------
// Concurrency.

fn person_id(s: &Session) -> i64 {
    kith::graphql::ids::decode_any("id", &async_graphql::ID(s.person_id.clone()))
        .unwrap()
        .1
}

fn gift(to: Target, minutes: i64, key: String) -> TransferRequest {
    TransferRequest {
        from: None,
        to,
        minutes,
        reason: "An hour of help".into(),
        kind: None,
        idempotency_key: key,
    }
}

/// Run transfer requests at once, each on its own pooled connection.
async fn all_at_once(
    app: &TestApp,
    requests: Vec<(Actor, TransferRequest)>,
) -> Vec<AppResult<TimeTransfer>> {
    let now = epoch().naive_utc();
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(actor, req)| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                db.run(move |conn| ledger::transfer_time(conn, &actor, req, now))
                    .await
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.expect("task"));
    }
    results
}

fn tally(results: &[AppResult<TimeTransfer>]) -> HashMap<String, usize> {
    let mut codes = HashMap::new();
    for r in results {
        let code = match r {
            Ok(_) => "OK".to_string(),
            Err(AppError::InsufficientBalance) => "INSUFFICIENT_BALANCE".to_string(),
            // Anything else (a locked database, a serialization failure, a
            // deadlock) is named in full.
            Err(e) => format!("{} ({e:?})", e.code()),
        };
        *codes.entry(code).or_insert(0) += 1;
    }
    codes
}

fn balance_of(app: &TestApp, owner: Owner) -> i64 {
    let mut conn = app.conn();
    ledger::account_for(&mut conn, owner, epoch().naive_utc())
        .unwrap()
        .balance_minutes
}

/// A hundred one-hour debits race for the ten hours a person may go below
/// zero: exactly ten succeed.
async fn concurrent_debits_stop_at_the_limit(app: TestApp) {
    let payer = app.register("payer@kith.test", "Payer").await;
    let payer_id = person_id(&payer);
    let mut targets = Vec::new();
    for i in 0..4 {
        let s = app
            .register(&format!("payee{i}@kith.test"), &format!("Payee {i}"))
            .await;
        targets.push(Owner::Person(person_id(&s)));
    }
    let host = app.register("host@kith.test", "Host").await;
    let group = app.create_group(&host, "Riverside Time Bank", "OPEN").await;
    let group_id = kith::graphql::ids::decode_any("id", &async_graphql::ID(group))
        .unwrap()
        .1;
    targets.push(Owner::Group(group_id));
    // The payer's account does not exist yet: the first requests race to
    // create it too.
    let actor = Some(viewer(payer_id, false));
    let requests = (0..100)
        .map(|i| {
            let to = Target::Owner(targets[i % targets.len()]);
            (actor, gift(to, 60, format!("debit-{i:03}")))
        })
        .collect();
    let results = all_at_once(&app, requests).await;
    let codes = tally(&results);
    assert_eq!(
        codes,
        HashMap::from([
            ("OK".to_string(), 10),
            ("INSUFFICIENT_BALANCE".to_string(), 90)
        ]),
        "outcomes of 100 concurrent one-hour debits"
    );
    assert_eq!(balance_of(&app, Owner::Person(payer_id)), -600);
    assert_eq!(PERSON_LOWER_LIMIT, -600);
    let received: i64 = targets.iter().map(|&o| balance_of(&app, o)).sum();
    assert_eq!(received, 600);
    let mut conn = app.conn();
    assert_eq!(transfer_count(&mut conn), 10);
    check_ledger(&mut conn).unwrap();
}

/// Twenty identical requests with one key at once: one transfer, and all
/// twenty answers are it.
async fn concurrent_retries_make_one_transfer(app: TestApp) {
    let payer = app.register("payer@kith.test", "Payer").await;
    let payee = app.register("payee@kith.test", "Payee").await;
    let (payer_id, payee_id) = (person_id(&payer), person_id(&payee));
    let actor = Some(viewer(payer_id, false));
    let requests = (0..20)
        .map(|_| {
            (
                actor,
                gift(
                    Target::Owner(Owner::Person(payee_id)),
                    45,
                    "the-same-key-1".into(),
                ),
            )
        })
        .collect();
    let results = all_at_once(&app, requests).await;
    let ids: HashSet<i64> = results
        .iter()
        .map(|r| match r {
            Ok(t) => t.id,
            Err(e) => panic!("a retry failed: {} ({e:?})", e.code()),
        })
        .collect();
    assert_eq!(ids.len(), 1, "every answer is the same transfer: {ids:?}");
    let mut conn = app.conn();
    let with_key: i64 = time_transfers::table
        .filter(time_transfers::idempotency_key.eq("the-same-key-1"))
        .count()
        .get_result(&mut *conn)
        .unwrap();
    assert_eq!(with_key, 1);
    assert_eq!(transfer_count(&mut conn), 1);
    drop(conn);
    assert_eq!(balance_of(&app, Owner::Person(payer_id)), -45);
    assert_eq!(balance_of(&app, Owner::Person(payee_id)), 45);
    check_ledger(&mut app.conn()).unwrap();
}

/// Transfers both ways between two people at once neither deadlock nor
/// fail: at worst one of them touches the limit exactly.
async fn opposite_transfers_do_not_deadlock(app: TestApp) {
    let a = app.register("ann@kith.test", "Ann").await;
    let b = app.register("bob@kith.test", "Bob").await;
    let (a, b) = (person_id(&a), person_id(&b));
    {
        // Both accounts exist first, so every request locks the same pair.
        let mut conn = app.conn();
        for p in [a, b] {
            ledger::account_for(&mut conn, Owner::Person(p), epoch().naive_utc()).unwrap();
        }
    }
    let requests = (0..40)
        .map(|i| {
            let (from, to) = if i % 2 == 0 { (a, b) } else { (b, a) };
            (
                Some(viewer(from, false)),
                gift(Target::Owner(Owner::Person(to)), 30, format!("swap-{i:03}")),
            )
        })
        .collect();
    let results = all_at_once(&app, requests).await;
    assert_eq!(
        tally(&results),
        HashMap::from([("OK".to_string(), 40)]),
        "outcomes of 40 transfers in opposite directions"
    );
    assert_eq!(balance_of(&app, Owner::Person(a)), 0);
    assert_eq!(balance_of(&app, Owner::Person(b)), 0);
    check_ledger(&mut app.conn()).unwrap();
}

/// Ten reversals of one transfer at once: one reversal, nine
/// `INVALID_TRANSITION`.
async fn concurrent_reversals_happen_once(app: TestApp) {
    let payer = app.register("payer@kith.test", "Payer").await;
    let payee = app.register("payee@kith.test", "Payee").await;
    let (payer_id, payee_id) = (person_id(&payer), person_id(&payee));
    let actor = Some(viewer(payer_id, false));
    let original = {
        let mut conn = app.conn();
        ledger::transfer_time(
            &mut conn,
            &actor,
            gift(
                Target::Owner(Owner::Person(payee_id)),
                90,
                "to-be-undone".into(),
            ),
            epoch().naive_utc(),
        )
        .unwrap()
    };
    let now = epoch().naive_utc();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                db.run(move |conn| {
                    ledger::reverse_transfer(conn, &actor, original.id, "Entered twice", now)
                })
                .await
            })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.expect("task"));
    }
    let mut codes: HashMap<String, usize> = HashMap::new();
    for r in &results {
        let code = match r {
            Ok(t) => {
                assert_eq!(t.reverses_transfer_id, Some(original.id));
                "OK".to_string()
            }
            Err(AppError::InvalidTransition(_)) => "INVALID_TRANSITION".to_string(),
            Err(e) => format!("{} ({e:?})", e.code()),
        };
        *codes.entry(code).or_insert(0) += 1;
    }
    assert_eq!(
        codes,
        HashMap::from([("OK".to_string(), 1), ("INVALID_TRANSITION".to_string(), 9)]),
        "outcomes of ten concurrent reversals"
    );
    assert_eq!(balance_of(&app, Owner::Person(payer_id)), 0);
    assert_eq!(balance_of(&app, Owner::Person(payee_id)), 0);
    let mut conn = app.conn();
    assert_eq!(transfer_count(&mut conn), 2);
    check_ledger(&mut conn).unwrap();
}

/// Ten automatic credits for one source at once: credited once.
async fn concurrent_credits_pay_once(app: TestApp) {
    let coordinator = app.register("coordinator@kith.test", "Coordinator").await;
    let volunteer = app.register("volunteer@kith.test", "Volunteer").await;
    let group = app
        .create_group(&coordinator, "Riverside Time Bank", "OPEN")
        .await;
    let group_id = kith::graphql::ids::decode_any("id", &async_graphql::ID(group))
        .unwrap()
        .1;
    let volunteer_id = person_id(&volunteer);
    let now = epoch().naive_utc();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                db.run(move |conn| {
                    write_tx(conn, |conn| {
                        ledger::credit(
                            conn,
                            Owner::Group(group_id),
                            volunteer_id,
                            180,
                            TransferKind::Shift,
                            ("shift_signup", 4242),
                            "Saturday market stall",
                            None,
                            now,
                        )
                    })
                })
                .await
            })
        })
        .collect();
    let mut credited = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(Some(_)) => credited += 1,
            Ok(None) => {}
            Err(e) => panic!("a credit failed: {} ({e:?})", e.code()),
        }
    }
    assert_eq!(credited, 1, "one credit for one source");
    assert_eq!(balance_of(&app, Owner::Person(volunteer_id)), 180);
    assert_eq!(balance_of(&app, Owner::Group(group_id)), -180);
    let mut conn = app.conn();
    assert_eq!(transfer_count(&mut conn), 1);
    check_ledger(&mut conn).unwrap();
}

both_backends!(
    concurrent_debits_stop_at_the_limit,
    concurrent_retries_make_one_transfer,
    opposite_transfers_do_not_deadlock,
    concurrent_reversals_happen_once,
    concurrent_credits_pay_once,
);
