//! The time bank: accounts, statements, transfers, reversals and community
//! reciprocity.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::accounts::PersonNode;
use super::relay::{connection, KithConnection};
use super::{gql, ids, loaders, run, run_list};
use crate::domain::authz::{self, Actor};
use crate::domain::ledger::{
    self, Owner, Target, TimeAccount, TimeTransfer, TransferKind, TransferRequest,
};
use crate::domain::page;
use crate::error::AppError;

/// What a transfer is for.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "TransferKind", remote = "crate::domain::ledger::TransferKind")]
pub enum TransferKindGql {
    /// A volunteer's attended shift, paid by the group.
    Shift,
    /// Completed help, paid by the resident (or the group's pot).
    HelpRequest,
    /// A completed check-in, paid by the group.
    CheckIn,
    /// Time given from one person to another.
    Gift,
    /// Time given to a group's pot.
    DonationToGroup,
    /// Takes back an earlier transfer.
    Reversal,
    /// A correction by an admin.
    Adjustment,
}

/// A time account: a person's or a group's minutes, with the first page of
/// its statement when that was read with it (see [`account_of`]).
pub struct TimeAccountNode(pub TimeAccount, pub Option<FirstStatementPage>);

/// The first page of an account's statement, read in the same database call
/// as the account, and the page size it was read for.
pub struct FirstStatementPage {
    first: i64,
    page: page::Page<ledger::StatementLine>,
}

/// A person's or a group's time account, in minutes. Seen by the owner,
/// coordinators (of the group, or of a group the person belongs to) and
/// admins.
#[Object(name = "TimeAccount")]
impl TimeAccountNode {
    /// The account's opaque global id (use it as `toAccountId`).
    pub async fn id(&self) -> ID {
        ids::encode("TimeAccount", self.0.id)
    }

    /// The owner's name: a person or a group.
    async fn owner_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        owner_name(ctx, self.0.owner()).await
    }

    /// Minutes in hand: credits less debits. Never below `lowerLimitMinutes`.
    async fn balance_minutes(&self) -> i64 {
        self.0.balance_minutes
    }

    /// Minutes credited for time given: shifts, help and check-ins (less
    /// any reversed). Gifts, donations and adjustments are not counted.
    async fn given_minutes(&self) -> i64 {
        self.0.given_minutes
    }

    /// Minutes paid out for time received: help and, for a group, its
    /// volunteers' shifts and check-ins (less any reversed). Gifts,
    /// donations and adjustments are not counted.
    async fn received_minutes(&self) -> i64 {
        self.0.received_minutes
    }

    /// How low the balance may go (a person: −600, ten hours).
    async fn lower_limit_minutes(&self) -> i64 {
        self.0.lower_limit_minutes
    }

    /// The statement: every transfer in or out, newest first. `change` on
    /// each says what it did to this account.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn transfers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last transfer already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<TimeTransferNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let id = self.0.id;
        let page = match &self.1 {
            Some(read) if after_c.is_none() && read.first == first_n => read.page.clone(),
            _ => {
                run_list(ctx, move |conn, _, _, _| {
                    ledger::statement(conn, id, first_n, after_c)
                })
                .await?
            }
        };
        Ok(connection(page, has_prev, |(t, change)| TimeTransferNode {
            transfer: t,
            change: Some(change),
        }))
    }
}

async fn owner_name(ctx: &Context<'_>, owner: Owner) -> async_graphql::Result<String> {
    Ok(match owner {
        Owner::Person(p) => super::loaders::load(&loaders(ctx).people, p)
            .await?
            .map(|p| p.display_name)
            .unwrap_or_default(),
        Owner::Group(g) => super::loaders::load(&loaders(ctx).groups, g)
            .await?
            .map(|g| g.name)
            .unwrap_or_default(),
    })
}

/// A movement of minutes between two accounts.
pub struct TimeTransferNode {
    pub transfer: TimeTransfer,
    /// What it did to the account whose statement lists it.
    pub change: Option<i64>,
}

/// A movement of minutes from one account to another. Never changed or
/// deleted: a mistake is put right by a reversal.
#[Object(name = "TimeTransfer")]
impl TimeTransferNode {
    /// The transfer's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("TimeTransfer", self.transfer.id)
    }

    /// What it was for.
    async fn kind(&self) -> TransferKindGql {
        self.transfer.kind().into()
    }

    /// Minutes moved (always positive).
    async fn minutes(&self) -> i64 {
        self.transfer.minutes
    }

    /// In a statement: what it did to that account (negative: paid out).
    async fn change(&self) -> Option<i64> {
        self.change
    }

    /// Why, in words.
    async fn reason(&self) -> &str {
        &self.transfer.reason
    }

    /// Who paid: a person's or a group's name.
    async fn payer_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        account_owner_name(ctx, self.transfer.from_account_id).await
    }

    /// Who was paid.
    async fn payee_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        account_owner_name(ctx, self.transfer.to_account_id).await
    }

    /// Who recorded it (null for Kith's own credits without a recorder).
    async fn recorded_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        match self.transfer.recorded_by {
            Some(id) => Ok(super::loaders::load(&loaders(ctx).people, id)
                .await?
                .map(PersonNode::new)),
            None => Ok(None),
        }
    }

    /// What it came from, for automatic credits: SHIFT_SIGNUP, HELP_REQUEST
    /// or CHECK_IN.
    async fn source_kind(&self) -> Option<&str> {
        self.transfer.source_kind.as_deref()
    }

    /// For a reversal: the transfer it takes back.
    async fn reverses_transfer_id(&self) -> Option<ID> {
        self.transfer
            .reverses_transfer_id
            .map(|id| ids::encode("TimeTransfer", id))
    }

    /// When.
    async fn created_at(&self) -> DateTime<Utc> {
        self.transfer.created_at.and_utc()
    }
}

async fn account_owner_name(ctx: &Context<'_>, account_id: i64) -> async_graphql::Result<String> {
    let account = super::loaders::load(&loaders(ctx).time_accounts, account_id).await?;
    match account {
        Some(a) => owner_name(ctx, a.owner()).await,
        None => Ok(String::new()),
    }
}

/// Time to move.
#[derive(InputObject)]
pub struct TransferTimeInput {
    /// Pay from this account (a TimeAccount, or a group you coordinate by
    /// its Group id). Default: my own account.
    pub from_account_id: Option<ID>,
    /// Pay into this account: a TimeAccount id, or a Person or Group id.
    pub to_account_id: ID,
    /// Minutes, 1 to 10080.
    pub minutes: i64,
    /// Why, in words (3 to 500 characters).
    pub reason: String,
    /// GIFT, DONATION_TO_GROUP or ADJUSTMENT (admins). Default: GIFT, or
    /// DONATION_TO_GROUP when a person pays a group.
    pub kind: Option<TransferKindGql>,
    /// Your own unique key for this transfer (8 to 100 characters): sending
    /// the same request again returns the first transfer;
    /// the same key with other content is `IDEMPOTENCY_KEY_REUSED`.
    pub idempotency_key: String,
}

/// Hours given and received in the community.
#[derive(SimpleObject)]
pub struct ReciprocityStats {
    /// The group these figures are for (its active members); null: everyone.
    pub group_id: Option<ID>,
    /// Hours credited for time given.
    pub hours_given: f64,
    /// Hours paid out for time received.
    pub hours_received: f64,
    /// People who have received time.
    pub people_receiving: i64,
    /// Of those, people who have also given time.
    pub people_receiving_who_also_give: i64,
    /// `peopleReceivingWhoAlsoGive / peopleReceiving` (0 when nobody has
    /// received).
    pub share_of_receivers_who_give: f64,
}

fn decode_target(field: &'static str, id: &ID) -> async_graphql::Result<Target> {
    let (kind, n) = ids::decode_any(field, id).map_err(gql)?;
    match kind.as_str() {
        "TimeAccount" => Ok(Target::Account(n)),
        "Person" => Ok(Target::Owner(Owner::Person(n))),
        "Group" => Ok(Target::Owner(Owner::Group(n))),
        _ => Err(gql(AppError::NotFound("That time account"))),
    }
}

#[derive(Default)]
pub struct LedgerQuery;

#[Object]
impl LedgerQuery {
    /// Hours given and received among a group's active members, or across
    /// Kith, and how many who received also gave (signed-in people).
    async fn community_reciprocity(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "One group (default: everyone).")] group_id: Option<ID>,
    ) -> async_graphql::Result<ReciprocityStats> {
        let group = group_id
            .as_ref()
            .map(|g| ids::group("groupId", g))
            .transpose()
            .map_err(gql)?;
        let r = run(ctx, move |conn, actor, _, _| {
            ledger::reciprocity(conn, actor, group)
        })
        .await?;
        Ok(ReciprocityStats {
            group_id: r.group_id.map(|g| ids::encode("Group", g)),
            hours_given: r.given_minutes as f64 / 60.0,
            hours_received: r.received_minutes as f64 / 60.0,
            people_receiving: r.receivers,
            people_receiving_who_also_give: r.receivers_who_give,
            share_of_receivers_who_give: r.share_who_give(),
        })
    }
}

#[derive(Default)]
pub struct LedgerMutation;

#[Object]
impl LedgerMutation {
    /// Move minutes from my account (or a group's I coordinate) to another.
    /// `INSUFFICIENT_BALANCE` when it would take the account below its
    /// limit; nothing is written then.
    async fn transfer_time(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The transfer.")] input: TransferTimeInput,
    ) -> async_graphql::Result<TimeTransferNode> {
        let from = match &input.from_account_id {
            None => None,
            Some(id) => Some(decode_target("fromAccountId", id)?),
        };
        let to = decode_target("toAccountId", &input.to_account_id)?;
        let kind: Option<TransferKind> = input.kind.map(Into::into);
        let (minutes, reason, key) = (input.minutes, input.reason, input.idempotency_key);
        let t = run(ctx, move |conn, actor, _, now| {
            let from = match from {
                None => None,
                Some(Target::Owner(o)) => Some(o),
                Some(Target::Account(id)) => Some(
                    ledger::find_account(conn, id)?
                        .ok_or(AppError::NotFound("That time account"))?
                        .owner(),
                ),
            };
            ledger::transfer_time(
                conn,
                actor,
                TransferRequest {
                    from,
                    to,
                    minutes,
                    reason,
                    kind,
                    idempotency_key: key,
                },
                now,
            )
        })
        .await?;
        Ok(TimeTransferNode {
            transfer: t,
            change: None,
        })
    }

    /// Take back a transfer once, with a reason: a new REVERSAL moves the
    /// same minutes back (admins, the group's coordinators, or whoever
    /// recorded it).
    async fn reverse_transfer(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The transfer to take back.")] transfer_id: ID,
        #[graphql(desc = "Why (3 to 500 characters).")] reason: String,
    ) -> async_graphql::Result<TimeTransferNode> {
        let id = ids::decode("transferId", "TimeTransfer", "That transfer", &transfer_id)
            .map_err(gql)?;
        let t = run(ctx, move |conn, actor, _, now| {
            ledger::reverse_transfer(conn, actor, id, &reason, now)
        })
        .await?;
        Ok(TimeTransferNode {
            transfer: t,
            change: None,
        })
    }
}

/// The account of a person or group if the viewer may see it (created empty
/// on first look).
pub async fn account_of(
    ctx: &Context<'_>,
    owner: Owner,
) -> async_graphql::Result<Option<TimeAccountNode>> {
    // When the query asks for the statement's first page, it is read in the
    // same database call as the account.
    let statement = first_page_wanted(ctx);
    run(ctx, move |conn, actor, _, now| {
        let Some(viewer) = actor else {
            return Ok(None);
        };
        let allowed = match owner {
            Owner::Person(p) => {
                viewer.is_admin
                    || viewer.person_id == p
                    || authz::access_to(conn, viewer, p)?.managing_group.is_some()
            }
            Owner::Group(g) => authz::can_coordinate(conn, viewer, g)?,
        };
        if !allowed {
            return Ok(None);
        }
        let account = ledger::account_for(conn, owner, now)?;
        let first = match statement {
            Some((first, with_total)) => Some(FirstStatementPage {
                first,
                page: page::with_total(with_total, || {
                    ledger::statement(conn, account.id, first, None)
                })?,
            }),
            None => None,
        };
        Ok(Some(TimeAccountNode(account, first)))
    })
    .await
}

/// The page size of `transfers` when the query asks for its first page
/// (once, without `after`), and whether it reads the total.
fn first_page_wanted(ctx: &Context<'_>) -> Option<(i64, bool)> {
    let asked: Vec<_> = ctx
        .field()
        .selection_set()
        .filter(|f| f.name() == "transfers")
        .collect();
    let [transfers] = asked.as_slice() else {
        return None;
    };
    super::relay::first_page_of(transfers)
}

/// For `node(id:)`.
pub fn visible_account(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    id: i64,
) -> crate::error::AppResult<Option<TimeAccount>> {
    match actor {
        Some(v) => ledger::visible_account(conn, v, id),
        None => Ok(None),
    }
}

/// For `node(id:)`: a transfer is visible to whoever may see either side.
pub fn visible_transfer(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    id: i64,
) -> crate::error::AppResult<Option<TimeTransfer>> {
    let Some(v) = actor else { return Ok(None) };
    let Some(t) = ledger::find_transfer(conn, id)? else {
        return Ok(None);
    };
    for account in [t.from_account_id, t.to_account_id] {
        if ledger::visible_account(conn, v, account)?.is_some() {
            return Ok(Some(t));
        }
    }
    Ok(None)
}
