//! Groups and membership.

use async_graphql::{Context, Enum, InputObject, Object, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::stream::{Stream, StreamExt};

use super::accounts::PersonNode;
use super::loaders::load;
use super::relay::{connection, KithConnection};
use super::{actor, gql, ids, loaders, run, state};
use crate::domain::authz;
use crate::domain::groups::{self, Group, GroupChanges, Membership, NewGroupInput};
use crate::domain::page;
use crate::error::AppError;
use crate::events::Event;

/// What sort of organisation a group is.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "GroupKind", remote = "crate::domain::groups::GroupKind")]
pub enum GroupKindGql {
    /// A local voluntary or community group.
    VoluntaryGroup,
    /// A registered charity.
    Charity,
    /// A social enterprise or community interest company.
    SocialEnterprise,
    /// A church, mosque, temple, synagogue or other faith group.
    FaithGroup,
    /// The council's adult social care team (statutory partner).
    CouncilAdultSocialCare,
    /// An NHS service (statutory partner).
    Nhs,
    /// A housing provider or the council's housing team (statutory partner).
    Housing,
    /// Fire and rescue service (statutory partner).
    FireAndRescue,
    /// Another statutory service.
    OtherStatutory,
}

/// How people join a group.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "JoinPolicy", remote = "crate::domain::groups::JoinPolicy")]
pub enum JoinPolicyGql {
    /// Anyone signed in can join straight away.
    Open,
    /// A coordinator approves each request to join.
    Approval,
    /// Only people a coordinator invites can join.
    Invitation,
}

/// A member's role in one group.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "MemberRole", remote = "crate::domain::groups::MemberRole")]
pub enum MemberRoleGql {
    /// An ordinary member (volunteer or resident).
    Member,
    /// Runs the group: approves members, posts activities and shifts.
    Coordinator,
    /// Receives safeguarding concerns for the group.
    SafeguardingLead,
    /// Staff of a statutory partner who work its referral queue.
    PartnerStaff,
}

/// Where a membership stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "MembershipStatus",
    remote = "crate::domain::groups::MembershipStatus"
)]
pub enum MembershipStatusGql {
    /// A coordinator invited the person; they have not accepted yet.
    Invited,
    /// The person asked to join; a coordinator has not decided yet.
    Pending,
    /// A current member.
    Active,
    /// The request to join was declined.
    Declined,
}

pub struct GroupNode(pub Group);

/// A voluntary group, charity, social enterprise, faith group or statutory partner.
#[Object(name = "Group")]
impl GroupNode {
    /// The group's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Group", self.0.id)
    }

    /// The group's time-bank pot, which pays volunteers for shifts and
    /// check-ins (coordinators and admins; null for anyone else).
    async fn time_account(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<super::ledger::TimeAccountNode>> {
        super::ledger::account_of(ctx, crate::domain::ledger::Owner::Group(self.0.id)).await
    }

    /// The group's name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// What sort of organisation this is.
    async fn kind(&self) -> GroupKindGql {
        self.0.kind().into()
    }

    /// What the group does, in its own words.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// How people join.
    async fn join_policy(&self) -> JoinPolicyGql {
        self.0.join_policy().into()
    }

    /// The neighbourhood, ward or town the group serves.
    async fn area(&self) -> &str {
        &self.0.area
    }

    /// The postcode district (outward code, for example SE15) the group
    /// works from, if it gave one. Its centre: `postcodeArea(postcode:)`.
    async fn postcode_area(&self) -> Option<&str> {
        self.0.postcode_area.as_deref()
    }

    /// The group's public contact email, if it gave one.
    async fn contact_email(&self) -> Option<&str> {
        self.0.contact_email.as_deref()
    }

    /// A statutory partner's referral inbox (falls back to the contact
    /// email); null for other groups.
    async fn referral_email(&self) -> Option<&str> {
        if !self.0.kind().is_statutory() {
            return None;
        }
        self.0
            .referral_email
            .as_deref()
            .or(self.0.contact_email.as_deref())
    }

    /// The referral reasons a statutory partner accepts (empty: any).
    async fn accepted_referral_reasons(&self) -> Vec<super::referrals::ReferralReasonGql> {
        self.0
            .accepted_reasons
            .split(',')
            .filter_map(|r| crate::domain::referrals::ReferralReason::parse(r.trim()))
            .map(Into::into)
            .collect()
    }

    /// Working days a statutory partner aims to acknowledge a referral in.
    async fn acknowledge_within_working_days(&self) -> Option<i32> {
        self.0
            .kind()
            .is_statutory()
            .then_some(self.0.acknowledge_days)
    }

    /// How many active members the group has.
    async fn member_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(load(&loaders(ctx).member_counts, self.0.id)
            .await?
            .unwrap_or(0))
    }

    /// My own membership of this group, if any (null when signed out).
    async fn my_membership(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<MembershipNode>> {
        if actor(ctx).is_none() {
            return Ok(None);
        }
        Ok(load(&loaders(ctx).my_memberships, self.0.id)
            .await?
            .map(MembershipNode))
    }

    /// The group's memberships, oldest first (its coordinators and admins).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only memberships in this state.")] status: Option<MembershipStatusGql>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last membership already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<MembershipNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let group_id = self.0.id;
        let page = run(ctx, move |conn, actor, _, _| {
            groups::list_members(
                conn,
                actor,
                group_id,
                status.map(Into::into),
                first_n,
                after_c,
            )
        })
        .await?;
        Ok(connection(page, has_prev, MembershipNode))
    }

    /// When the group was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }
}

pub struct MembershipNode(pub Membership);

/// A person's place in a group.
#[Object(name = "Membership")]
impl MembershipNode {
    /// The membership's opaque global id.
    pub async fn id(&self) -> ID {
        ids::encode("Membership", self.0.id)
    }

    /// The group.
    async fn group(&self, ctx: &Context<'_>) -> async_graphql::Result<GroupNode> {
        load(&loaders(ctx).groups, self.0.group_id)
            .await?
            .map(GroupNode)
            .ok_or_else(|| gql(AppError::NotFound("That group")))
    }

    /// The member.
    async fn person(&self, ctx: &Context<'_>) -> async_graphql::Result<PersonNode> {
        load(&loaders(ctx).people, self.0.person_id)
            .await?
            .map(PersonNode::new)
            .ok_or_else(|| gql(AppError::NotFound("That person")))
    }

    /// The member's role in the group.
    async fn role(&self) -> MemberRoleGql {
        self.0.role().into()
    }

    /// Where the membership stands.
    async fn status(&self) -> MembershipStatusGql {
        self.0.status().into()
    }

    /// When the person joined, asked to join or was invited.
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at.and_utc()
    }

    /// When a coordinator approved or declined the request, if they have.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at.map(|d| d.and_utc())
    }
}

/// A new group.
#[derive(InputObject)]
pub struct CreateGroupInput {
    /// The group's name (2 to 120 characters).
    pub name: String,
    /// What sort of organisation it is. Statutory kinds are for admins.
    pub kind: GroupKindGql,
    /// What the group does.
    pub description: Option<String>,
    /// How people join.
    pub join_policy: JoinPolicyGql,
    /// The neighbourhood, ward or town it serves.
    pub area: Option<String>,
    /// Public contact email.
    pub contact_email: Option<String>,
}

/// Changes to a group. Leave a field out to keep it as it is.
#[derive(InputObject)]
pub struct UpdateGroupInput {
    /// The group to change.
    pub id: ID,
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// New join policy.
    pub join_policy: Option<JoinPolicyGql>,
    /// New area.
    pub area: Option<String>,
    /// New contact email; an empty string removes it.
    pub contact_email: Option<String>,
}

/// Invite someone with a Kith account to a group.
#[derive(InputObject)]
pub struct InviteToGroupInput {
    /// The group.
    pub group_id: ID,
    /// The email address of their Kith account.
    pub email: String,
}

#[derive(Default)]
pub struct GroupQuery;

#[Object]
impl GroupQuery {
    /// Find groups by name and kind. Public: no sign-in needed.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn groups(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Text to look for in the group's name.")] search: Option<String>,
        #[graphql(desc = "Only groups of this kind.")] kind: Option<GroupKindGql>,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last group already seen.")] after: Option<String>,
    ) -> async_graphql::Result<KithConnection<GroupNode>> {
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_prev = after_c.is_some();
        let page = run(ctx, move |conn, _, _, _| {
            groups::list(
                conn,
                search.as_deref(),
                kind.map(Into::into),
                first_n,
                after_c,
            )
        })
        .await?;
        Ok(connection(page, has_prev, GroupNode))
    }

    /// One group by id, or null. Public.
    async fn group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group's id.")] id: ID,
    ) -> async_graphql::Result<Option<GroupNode>> {
        let (kind, n) = ids::decode_any("id", &id).map_err(gql)?;
        if kind != "Group" {
            return Ok(None);
        }
        Ok(load(&loaders(ctx).groups, n).await?.map(GroupNode))
    }
}

#[derive(Default)]
pub struct GroupMutation;

#[Object]
impl GroupMutation {
    /// Start a group. You become its first coordinator.
    async fn create_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The new group.")] input: CreateGroupInput,
    ) -> async_graphql::Result<GroupNode> {
        let new = NewGroupInput {
            name: input.name,
            kind: input.kind.into(),
            description: input.description,
            join_policy: input.join_policy.into(),
            area: input.area,
            contact_email: input.contact_email,
        };
        run(ctx, move |conn, actor, _, now| {
            groups::create_group(conn, actor, new, now)
        })
        .await
        .map(GroupNode)
    }

    /// Change a group's details (its coordinators).
    async fn update_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The changes.")] input: UpdateGroupInput,
    ) -> async_graphql::Result<GroupNode> {
        let id = ids::group("id", &input.id).map_err(gql)?;
        let changes = GroupChanges {
            name: input.name,
            description: input.description,
            join_policy: input.join_policy.map(Into::into),
            area: input.area,
            contact_email: input.contact_email,
        };
        run(ctx, move |conn, actor, _, now| {
            groups::update_group(conn, actor, id, changes, now)
        })
        .await
        .map(GroupNode)
    }

    /// Join a group: ACTIVE at once for open groups, PENDING where a
    /// coordinator approves, and accepting an invitation for
    /// invitation-only groups (without one: `FORBIDDEN`).
    async fn join_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group to join.")] group_id: ID,
    ) -> async_graphql::Result<MembershipNode> {
        let id = ids::group("groupId", &group_id).map_err(gql)?;
        let outcome = run(ctx, move |conn, actor, st, now| {
            groups::join_group(conn, &st.config.public_url, actor, id, now)
        })
        .await?;
        if outcome.needs_approval {
            state(ctx)
                .events
                .publish(Event::MembershipRequested {
                    group_id: outcome.membership.group_id,
                    membership_id: outcome.membership.id,
                })
                .await;
        }
        Ok(MembershipNode(outcome.membership))
    }

    /// Invite someone with a Kith account to join (the group's coordinators).
    async fn invite_to_group(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Who and where.")] input: InviteToGroupInput,
    ) -> async_graphql::Result<MembershipNode> {
        let id = ids::group("groupId", &input.group_id).map_err(gql)?;
        let email = input.email;
        run(ctx, move |conn, actor, st, now| {
            groups::invite(conn, &st.config.public_url, actor, id, &email, now)
        })
        .await
        .map(MembershipNode)
    }

    /// Approve or decline a request to join (the group's coordinators).
    /// Only PENDING requests can be decided (`INVALID_TRANSITION`).
    async fn decide_membership(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The request to join.")] membership_id: ID,
        #[graphql(desc = "True to approve, false to decline.")] approve: bool,
    ) -> async_graphql::Result<MembershipNode> {
        let id = ids::membership("membershipId", &membership_id).map_err(gql)?;
        run(ctx, move |conn, actor, st, now| {
            groups::decide(conn, &st.config.public_url, actor, id, approve, now)
        })
        .await
        .map(MembershipNode)
    }

    /// Give an active member a role (the group's coordinators). A group
    /// always keeps at least one coordinator.
    async fn set_member_role(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The membership.")] membership_id: ID,
        #[graphql(desc = "The new role.")] role: MemberRoleGql,
    ) -> async_graphql::Result<MembershipNode> {
        let id = ids::membership("membershipId", &membership_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, now| {
            groups::set_role(conn, actor, id, role.into(), now)
        })
        .await
        .map(MembershipNode)
    }
}

#[derive(Default)]
pub struct GroupSubscription;

#[Subscription]
impl GroupSubscription {
    /// Requests to join a group, as they arrive (the group's coordinators).
    async fn membership_requested(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group to watch.")] group_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = MembershipNode>> {
        let id = ids::group("groupId", &group_id).map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            let viewer = authz::signed_in(actor)?;
            authz::require_coordinator(conn, &viewer, id)
        })
        .await?;
        let st = state(ctx).clone();
        let stream = st.events.stream().await.filter_map(move |event| {
            let st = st.clone();
            async move {
                match event {
                    Event::MembershipRequested {
                        group_id,
                        membership_id,
                    } if group_id == id => st
                        .db
                        .run(move |conn| groups::find_membership(conn, membership_id))
                        .await
                        .ok()
                        .flatten()
                        .map(MembershipNode),
                    _ => None,
                }
            }
        });
        Ok(stream)
    }
}
