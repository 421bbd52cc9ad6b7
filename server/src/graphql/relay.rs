//! Relay conventions: the `Node` interface, `node`/`nodes`, and building
//! connections from domain pages.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Interface, Object, OutputType, SimpleObject, ID};

use super::accounts::PersonNode;
use super::groups::{GroupNode, MembershipNode};
use super::{gql, ids, run};
use crate::domain::authz::Actor;
use crate::domain::page::Page;
use crate::domain::{groups, people};
use crate::error::AppError;

/// Anything with a global id that `node(id:)` can fetch.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID", desc = "The object's opaque global id."))]
pub enum Node {
    Person(PersonNode),
    Group(GroupNode),
    Membership(MembershipNode),
}

/// Extra fields on every connection.
#[derive(SimpleObject)]
pub struct ConnectionTotal {
    /// How many items the whole list holds, across all pages.
    pub total_count: i64,
}

pub type KithConnection<T> = Connection<String, T, ConnectionTotal>;

/// Turn a domain page into a Relay connection.
pub fn connection<T, N: OutputType>(page: Page<T>, has_previous: bool, map: impl Fn(T) -> N) -> KithConnection<N> {
    let mut conn = Connection::with_additional_fields(
        has_previous,
        page.has_next,
        ConnectionTotal {
            total_count: page.total,
        },
    );
    conn.edges
        .extend(page.items.into_iter().map(|(cursor, item)| Edge::new(cursor.encode(), map(item))));
    conn
}

/// Most ids a single `nodes` call accepts.
pub const MAX_NODES: usize = 100;

#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// Fetch any object by its global id. Null when it does not exist or you
    /// may not see it.
    async fn node(&self, ctx: &Context<'_>, #[graphql(desc = "A global id.")] id: ID) -> async_graphql::Result<Option<Node>> {
        let (kind, n) = ids::decode_any("id", &id).map_err(gql)?;
        run(ctx, move |conn, actor, _, _| load_node(conn, actor, &kind, n)).await
    }

    /// Fetch several objects by global id, in the order asked (at most 100).
    /// Each entry is null when it does not exist or you may not see it.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(gql(AppError::validation("ids", format!("Ask for at most {MAX_NODES} ids at once."))));
        }
        let decoded = ids
            .iter()
            .map(|id| ids::decode_any("ids", id))
            .collect::<Result<Vec<_>, _>>()
            .map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            decoded
                .into_iter()
                .map(|(kind, n)| load_node(conn, actor, &kind, n))
                .collect()
        })
        .await
    }
}

fn load_node(conn: &mut crate::db::DbConn, actor: &Actor, kind: &str, id: i64) -> crate::error::AppResult<Option<Node>> {
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
                Some(m) if groups::can_view_membership(conn, viewer, &m)? => Some(Node::Membership(MembershipNode(m))),
                _ => None,
            }
        }
        _ => None,
    })
}
