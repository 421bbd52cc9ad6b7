//! Relay conventions: the `Node` interface, `node`/`nodes`, and building
//! connections from domain pages.

use async_graphql::{Context, Interface, Object, OutputType, SimpleObject, ID};

use super::accounts::PersonNode;
use super::activities::{ActivityNode, BookingNode};
use super::checkins::{CheckInNode, CheckInPlanNode};
use super::directory::ServiceNode;
use super::groups::{GroupNode, MembershipNode};
use super::help::HelpRequestNode;
use super::ledger::{TimeAccountNode, TimeTransferNode};
use super::referrals::ReferralNode;
use super::safeguarding::SafeguardingConcernNode;
use super::shifts::{ShiftNode, ShiftSignupNode};
use super::{gql, ids, run};
use crate::domain::authz::Actor;
use crate::domain::page::Page;
use crate::domain::{activities, groups, people, shifts};
use crate::error::AppError;

/// Anything with a global id that `node(id:)` can fetch.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's opaque global id."))]
pub enum Node {
    Person(PersonNode),
    Group(GroupNode),
    Membership(MembershipNode),
    Shift(ShiftNode),
    ShiftSignup(ShiftSignupNode),
    Activity(ActivityNode),
    Booking(BookingNode),
    HelpRequest(HelpRequestNode),
    CheckInPlan(CheckInPlanNode),
    CheckIn(CheckInNode),
    TimeAccount(TimeAccountNode),
    TimeTransfer(TimeTransferNode),
    Referral(ReferralNode),
    SafeguardingConcern(SafeguardingConcernNode),
}

/// One page of a list (a Relay connection).
#[derive(SimpleObject)]
#[graphql(
    concrete(name = "GroupConnection", params(GroupNode)),
    concrete(name = "PersonConnection", params(PersonNode)),
    concrete(name = "MembershipConnection", params(MembershipNode)),
    concrete(name = "ShiftConnection", params(ShiftNode)),
    concrete(name = "ShiftSignupConnection", params(ShiftSignupNode)),
    concrete(name = "ActivityConnection", params(ActivityNode)),
    concrete(name = "ServiceConnection", params(ServiceNode)),
    concrete(name = "BookingConnection", params(BookingNode)),
    concrete(name = "HelpRequestConnection", params(HelpRequestNode)),
    concrete(name = "CheckInConnection", params(CheckInNode)),
    concrete(name = "TimeTransferConnection", params(TimeTransferNode)),
    concrete(name = "ReferralConnection", params(ReferralNode)),
    concrete(
        name = "SafeguardingConcernConnection",
        params(SafeguardingConcernNode)
    )
)]
pub struct KithConnection<T: OutputType>
where
    KithEdge<T>: OutputType,
{
    /// The items on this page, each with its cursor.
    pub edges: Vec<KithEdge<T>>,
    /// Where this page sits in the whole list.
    pub page_info: PageInfo,
    /// How many items the whole list holds, across all pages.
    pub total_count: i64,
}

/// One item in a page, with the cursor to continue after it.
#[derive(SimpleObject)]
#[graphql(
    concrete(name = "GroupEdge", params(GroupNode)),
    concrete(name = "PersonEdge", params(PersonNode)),
    concrete(name = "MembershipEdge", params(MembershipNode)),
    concrete(name = "ShiftEdge", params(ShiftNode)),
    concrete(name = "ShiftSignupEdge", params(ShiftSignupNode)),
    concrete(name = "ActivityEdge", params(ActivityNode)),
    concrete(name = "ServiceEdge", params(ServiceNode)),
    concrete(name = "BookingEdge", params(BookingNode)),
    concrete(name = "HelpRequestEdge", params(HelpRequestNode)),
    concrete(name = "CheckInEdge", params(CheckInNode)),
    concrete(name = "TimeTransferEdge", params(TimeTransferNode)),
    concrete(name = "ReferralEdge", params(ReferralNode)),
    concrete(name = "SafeguardingConcernEdge", params(SafeguardingConcernNode))
)]
pub struct KithEdge<T: OutputType> {
    /// Pass as `after` to get the items that follow this one.
    pub cursor: String,
    /// The item.
    pub node: T,
}

/// Paging details of a connection.
#[derive(SimpleObject)]
pub struct PageInfo {
    /// True when more items follow this page.
    pub has_next_page: bool,
    /// True when this page was asked for with `after`.
    pub has_previous_page: bool,
    /// Cursor of the first item on this page.
    pub start_cursor: Option<String>,
    /// Cursor of the last item on this page: pass it as `after` for the next page.
    pub end_cursor: Option<String>,
}

/// Whether the query asks for `field` on the nodes of the connection being
/// resolved (through `edges { node { … } }` or `nodes { … }`), so a list
/// resolver can read what its rows will be asked for with the page.
pub fn wants_node_field(ctx: &async_graphql::Context<'_>, field: &str) -> bool {
    node_selections(ctx)
        .iter()
        .any(|node| node.selection_set().any(|f| f.name() == field))
}

/// For a connection field selected in the query (a `SelectionField`): the
/// page size of its first page and whether its `totalCount` is read, when
/// it asks for a first page (no `after`) with arguments that resolve; `None`
/// otherwise (the resolver then reads and reports as usual). Lets a parent
/// read the connection's first page in its own database call.
pub fn first_page_of(field: &async_graphql::SelectionField<'_>) -> Option<(i64, bool)> {
    let mut first = None;
    // An argument that does not resolve is the resolver's to report.
    for (name, value) in field.arguments().ok()? {
        match (name.as_str(), value) {
            ("first", async_graphql::Value::Number(n)) => first = n.as_i64(),
            ("first" | "after", async_graphql::Value::Null) => {}
            // A cursor, or an argument of a shape the resolver will refuse.
            _ => return None,
        }
    }
    let first =
        crate::domain::page::page_size(first.map(|n| n.clamp(-1, i64::from(i32::MAX)) as i32))
            .ok()?;
    let with_total = field.selection_set().any(|f| f.name() == "totalCount");
    Some((first, with_total))
}

/// The nodes' selections of the connection being resolved: each
/// `edges { node { … } }` and `nodes { … }`.
pub fn node_selections<'a>(
    ctx: &'a async_graphql::Context<'_>,
) -> Vec<async_graphql::SelectionField<'a>> {
    let mut nodes = Vec::new();
    for f in ctx.field().selection_set() {
        match f.name() {
            "edges" => nodes.extend(f.selection_set().filter(|n| n.name() == "node")),
            "nodes" => nodes.push(f),
            _ => {}
        }
    }
    nodes
}

/// Turn a domain page into a Relay connection.
pub fn connection<T, N: OutputType>(
    page: Page<T>,
    has_previous: bool,
    map: impl Fn(T) -> N,
) -> KithConnection<N>
where
    KithEdge<N>: OutputType,
{
    let edges: Vec<KithEdge<N>> = page
        .items
        .into_iter()
        .map(|(cursor, item)| KithEdge {
            cursor: cursor.encode(),
            node: map(item),
        })
        .collect();
    KithConnection {
        page_info: PageInfo {
            has_next_page: page.has_next,
            has_previous_page: has_previous,
            start_cursor: edges.first().map(|e| e.cursor.clone()),
            end_cursor: edges.last().map(|e| e.cursor.clone()),
        },
        edges,
        total_count: page.total,
    }
}

/// Most ids a single `nodes` call accepts.
pub const MAX_NODES: usize = 100;

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetch any object by its global id. Null when it does not exist or you
    /// may not see it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        let (kind, n) = ids::decode_any("id", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            load_node(conn, actor, &kind, n, now)
        })
        .await
    }

    /// Fetch several objects by global id, in the order asked (at most 100).
    /// Each entry is null when it does not exist or you may not see it.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(gql(AppError::validation(
                "ids",
                format!("Ask for at most {MAX_NODES} ids at once."),
            )));
        }
        let decoded = ids
            .iter()
            .map(|id| ids::decode_any("ids", id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            decoded
                .into_iter()
                .map(|(kind, n)| load_node(conn, actor, &kind, n, now))
                .collect()
        })
        .await
    }
}

fn load_node(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    kind: &str,
    id: i64,
    now: chrono::NaiveDateTime,
) -> crate::error::AppResult<Option<Node>> {
    Ok(match kind {
        "Group" => groups::find(conn, id)?.map(|g| Node::Group(GroupNode(g))),
        "Person" => {
            let Some(viewer) = actor else { return Ok(None) };
            if !people::can_view(conn, viewer, id)? {
                return Ok(None);
            }
            people::find(conn, id)?.map(|p| Node::Person(PersonNode::new(p)))
        }
        "Membership" => {
            let Some(viewer) = actor else { return Ok(None) };
            match groups::find_membership(conn, id)? {
                Some(m) if groups::can_view_membership(conn, viewer, &m)? => {
                    Some(Node::Membership(MembershipNode(m)))
                }
                _ => None,
            }
        }
        "Shift" => match shifts::find(conn, id)? {
            Some(s) if !s.members_only => Some(Node::Shift(ShiftNode::new(s))),
            Some(s) => match actor {
                Some(v)
                    if v.is_admin
                        || crate::domain::authz::active_role(conn, v.person_id, s.group_id)?
                            .is_some() =>
                {
                    Some(Node::Shift(ShiftNode::new(s)))
                }
                _ => None,
            },
            None => None,
        },
        "ShiftSignup" => {
            let Some(viewer) = actor else { return Ok(None) };
            match shifts::find_signup(conn, id)? {
                Some(signup) => {
                    let shift = shifts::find(conn, signup.shift_id)?
                        .ok_or(AppError::NotFound("That shift"))?;
                    if shifts::can_view_signup(conn, viewer, &signup, &shift)? {
                        Some(Node::ShiftSignup(ShiftSignupNode::new(signup)))
                    } else {
                        None
                    }
                }
                None => None,
            }
        }
        "Activity" => match activities::find(conn, id)? {
            Some(a) if activities::can_see(conn, actor, &a)? => {
                Some(Node::Activity(ActivityNode(a)))
            }
            _ => None,
        },
        "Booking" => {
            let Some(viewer) = actor else { return Ok(None) };
            match activities::find_booking(conn, id)? {
                Some(b) if activities::can_view_booking(conn, viewer, &b)? => {
                    Some(Node::Booking(BookingNode(b)))
                }
                _ => None,
            }
        }
        "HelpRequest" => {
            let Some(viewer) = actor else { return Ok(None) };
            crate::domain::help::visible(conn, viewer, id)?
                .map(|r| Node::HelpRequest(HelpRequestNode::new(r)))
        }
        "CheckIn" => {
            super::checkins::visible(conn, actor, id)?.map(|c| Node::CheckIn(CheckInNode(c)))
        }
        "CheckInPlan" => super::checkins::visible_plan(conn, actor, id)?
            .map(|p| Node::CheckInPlan(CheckInPlanNode(p))),
        "TimeAccount" => super::ledger::visible_account(conn, actor, id)?
            .map(|a| Node::TimeAccount(TimeAccountNode(a, None))),
        "TimeTransfer" => super::ledger::visible_transfer(conn, actor, id)?.map(|t| {
            Node::TimeTransfer(TimeTransferNode {
                transfer: t,
                change: None,
            })
        }),
        "SafeguardingConcern" => {
            super::safeguarding::visible(conn, actor, id)?.map(Node::SafeguardingConcern)
        }
        "Referral" => super::referrals::visible(conn, actor, id, now)?
            .map(|r| Node::Referral(ReferralNode(r))),
        _ => None,
    })
}
