//! Data rights: the audit trail of a person's record, exporting my data, and
//! erasing a resident.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::accounts::PersonNode;
use super::loaders::load;
use super::relay::PageInfo;
use super::{gql, ids, loaders, run};
use crate::domain::page::{self, Page};
use crate::domain::privacy::{self, TrailEntry, TrailSource};

/// Record types that `node(id:)` can fetch, so an audit event can point at
/// them by global id.
const NODE_TYPES: &[&str] = &[
    "Person",
    "Group",
    "Membership",
    "Shift",
    "ShiftSignup",
    "Activity",
    "Booking",
    "HelpRequest",
    "CheckInPlan",
    "CheckIn",
    "TimeAccount",
    "TimeTransfer",
    "Referral",
    "SafeguardingConcern",
];

/// One read or change of a person's data.
pub struct AuditEventNode(pub TrailEntry);

/// One read or change of a person's data: who, what, to which record, why
/// and when. Never the data itself.
#[Object(name = "AuditEvent")]
impl AuditEventNode {
    /// The entry's opaque id.
    async fn id(&self) -> ID {
        match self.0.source {
            TrailSource::Event => ids::encode("AuditEvent", self.0.id),
            TrailSource::Read => ids::encode("SensitiveRead", self.0.id),
        }
    }

    /// Who did it; null for Kith's own automatic work.
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        Ok(load(&loaders(ctx).people, id).await?.map(PersonNode::new))
    }

    /// The name of who did it, as it is now ("Kith (automatic)" for Kith's
    /// own work).
    async fn actor_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let name = match self.0.actor_id {
            Some(id) => load(&loaders(ctx).people, id)
                .await?
                .map(|p| p.display_name),
            None => None,
        };
        Ok(privacy::actor_display_name(self.0.actor_id, name))
    }

    /// What was done: READ, CREATE, UPDATE, DELETE, EXPORT, ERASE...
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// The kind of record, for example ResidentProfile, EmergencyContact,
    /// Consent, Referral or AuditTrail.
    async fn record_type(&self) -> &str {
        &self.0.record_type
    }

    /// The record's global id when it is an object `node(id:)` can fetch;
    /// otherwise null.
    async fn record_id(&self) -> Option<ID> {
        let id = self.0.record_id?;
        NODE_TYPES
            .iter()
            .find(|t| **t == self.0.record_type)
            .map(|t| ids::encode(t, id))
    }

    /// Why the data was used.
    async fn purpose(&self) -> &str {
        &self.0.purpose
    }

    /// What was read or changed: field names, never their values.
    async fn detail(&self) -> &str {
        &self.0.detail
    }

    /// When.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at.and_utc()
    }
}

/// A page of a person's audit trail, newest first.
#[derive(SimpleObject)]
pub struct AuditEventConnection {
    /// The entries on this page, each with its cursor.
    pub edges: Vec<AuditEventEdge>,
    /// Where this page sits in the whole trail.
    pub page_info: PageInfo,
    /// How many entries the whole trail holds, across all pages.
    pub total_count: i64,
}

/// One entry in a page of the audit trail.
#[derive(SimpleObject)]
pub struct AuditEventEdge {
    /// Pass as `after` to get the entries that follow this one.
    pub cursor: String,
    /// The entry.
    pub node: AuditEventNode,
}

fn trail_connection(page: Page<TrailEntry>, has_previous: bool) -> AuditEventConnection {
    let edges: Vec<AuditEventEdge> = page
        .items
        .into_iter()
        .map(|(cursor, entry)| AuditEventEdge {
            cursor: cursor.encode(),
            node: AuditEventNode(entry),
        })
        .collect();
    AuditEventConnection {
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

#[derive(Default)]
pub struct PrivacyQuery;

#[Object]
impl PrivacyQuery {
    /// Everything read or changed about a person, newest first: changes to
    /// their record, reads of their contact details, exports and erasure.
    /// Admins, and the safeguarding leads of a group the person actively
    /// belongs to; each look is itself recorded.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn audit_trail(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person (a Person id).")] subject_id: ID,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last entry already seen.")] after: Option<String>,
    ) -> async_graphql::Result<AuditEventConnection> {
        let person = ids::person("subjectId", &subject_id).map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, now| {
            privacy::audit_trail(conn, actor, person, first_n, after_c, now)
        })
        .await?;
        Ok(trail_connection(page, has_prev))
    }

    /// The same document as the `exportMyData` mutation, for clients that
    /// fetch it as a query; the export is recorded either way.
    async fn export_my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        run(ctx, move |conn, actor, _, now| {
            privacy::export_my_data(conn, actor, now)
        })
        .await
    }
}

#[derive(Default)]
pub struct PrivacyMutation;

#[Object]
impl PrivacyMutation {
    /// A copy of everything Kith holds about me, as a JSON document: my
    /// profile, resident and volunteer records, consents, memberships,
    /// shifts, help requests, check-ins, time account and transfers,
    /// referrals about me (except safeguarding referrals), safeguarding
    /// concerns I raised, my outcome surveys, and who has viewed or changed
    /// my record. The export is recorded.
    async fn export_my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        run(ctx, move |conn, actor, _, now| {
            privacy::export_my_data(conn, actor, now)
        })
        .await
    }

    /// Erase a person's personal data (admins): their name, contact
    /// details, profile, emergency contacts and the free text about them
    /// are blanked and they can no longer sign in. The time bank,
    /// safeguarding records, audit trail and referral timelines are kept.
    /// A person already erased is INVALID_TRANSITION.
    async fn erase_resident(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The person to erase.")] resident_id: ID,
        #[graphql(desc = "Why (for example the request it fulfils); kept in the audit trail.")]
        reason: String,
    ) -> async_graphql::Result<bool> {
        let person = ids::person("residentId", &resident_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            privacy::erase_person(conn, actor, person, &reason, now)
        })
        .await?;
        Ok(true)
    }
}
