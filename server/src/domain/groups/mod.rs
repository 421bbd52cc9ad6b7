//! Groups and their memberships. A group is a voluntary group, charity,
//! social enterprise, faith group or statutory partner. Roles are per group.

mod membership;

pub use membership::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{groups, memberships};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{require_coordinator, signed_in, Actor};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::{audit, validate};
use crate::error::{AppError, AppResult};

macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum! {
    /// What sort of organisation a group is.
    GroupKind {
        VoluntaryGroup => "VOLUNTARY_GROUP",
        Charity => "CHARITY",
        SocialEnterprise => "SOCIAL_ENTERPRISE",
        FaithGroup => "FAITH_GROUP",
        CouncilAdultSocialCare => "COUNCIL_ADULT_SOCIAL_CARE",
        Nhs => "NHS",
        Housing => "HOUSING",
        FireAndRescue => "FIRE_AND_RESCUE",
        OtherStatutory => "OTHER_STATUTORY",
    }
}

impl GroupKind {
    /// Statutory partners receive referrals; only admins create them.
    pub fn is_statutory(self) -> bool {
        matches!(
            self,
            GroupKind::CouncilAdultSocialCare
                | GroupKind::Nhs
                | GroupKind::Housing
                | GroupKind::FireAndRescue
                | GroupKind::OtherStatutory
        )
    }
}

text_enum! {
    /// How people join a group.
    JoinPolicy {
        Open => "OPEN",
        Approval => "APPROVAL",
        Invitation => "INVITATION",
    }
}

/// A group as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = groups)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub search_name: String,
    pub kind: String,
    pub description: String,
    pub join_policy: String,
    pub area: String,
    pub contact_email: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// A statutory partner's referral inbox.
    pub referral_email: Option<String>,
    /// The referral reasons a partner accepts, comma separated (empty: any).
    pub accepted_reasons: String,
    /// Working days a partner aims to acknowledge a referral within.
    pub acknowledge_days: i32,
    /// The postcode district (outward code, such as SE15) the group works
    /// from, if it gave one; its centroid is in `postcode_areas`.
    pub postcode_area: Option<String>,
}

impl Group {
    pub fn kind(&self) -> GroupKind {
        GroupKind::parse(&self.kind).unwrap_or(GroupKind::VoluntaryGroup)
    }

    pub fn join_policy(&self) -> JoinPolicy {
        JoinPolicy::parse(&self.join_policy).unwrap_or(JoinPolicy::Approval)
    }
}

/// Input to [`create_group`].
#[derive(Debug, Clone)]
pub struct NewGroupInput {
    pub name: String,
    pub kind: GroupKind,
    pub description: Option<String>,
    pub join_policy: JoinPolicy,
    pub area: Option<String>,
    pub contact_email: Option<String>,
}

/// Input to [`update_group`]. `None` leaves a field unchanged.
#[derive(Debug, Clone, Default)]
pub struct GroupChanges {
    pub name: Option<String>,
    pub description: Option<String>,
    pub join_policy: Option<JoinPolicy>,
    pub area: Option<String>,
    pub contact_email: Option<String>,
}

fn search_key(name: &str) -> String {
    name.trim().to_lowercase()
}

fn checked_contact(email: Option<&str>) -> AppResult<Option<String>> {
    match email.map(str::trim) {
        None | Some("") => Ok(None),
        Some(e) => validate::email("contactEmail", e).map(Some),
    }
}

/// Create a group; its creator becomes its first coordinator.
pub fn create_group(
    conn: &mut DbConn,
    actor: &Actor,
    input: NewGroupInput,
    now: NaiveDateTime,
) -> AppResult<Group> {
    let viewer = signed_in(actor)?;
    let name = validate::text("name", &input.name, 2, 120)?;
    let description = validate::text(
        "description",
        input.description.as_deref().unwrap_or(""),
        0,
        4000,
    )?;
    let area = validate::text("area", input.area.as_deref().unwrap_or(""), 0, 120)?;
    let contact_email = checked_contact(input.contact_email.as_deref())?;
    if input.kind.is_statutory() && !viewer.is_admin {
        return Err(AppError::forbidden(
            "Statutory partner organisations are set up by platform administrators.",
        ));
    }
    write_tx(conn, |conn| {
        let group: Group = diesel::insert_into(groups::table)
            .values((
                groups::name.eq(&name),
                groups::search_name.eq(search_key(&name)),
                groups::kind.eq(input.kind.as_str()),
                groups::description.eq(&description),
                groups::join_policy.eq(input.join_policy.as_str()),
                groups::area.eq(&area),
                groups::contact_email.eq(&contact_email),
                groups::created_by.eq(viewer.person_id),
                groups::created_at.eq(now),
                groups::updated_at.eq(now),
            ))
            .returning(groups::all_columns)
            .get_result(conn)?;
        diesel::insert_into(memberships::table)
            .values((
                memberships::group_id.eq(group.id),
                memberships::person_id.eq(viewer.person_id),
                memberships::role.eq(MemberRole::Coordinator.as_str()),
                memberships::status.eq(MembershipStatus::Active.as_str()),
                memberships::decided_by.eq(viewer.person_id),
                memberships::decided_at.eq(now),
                memberships::created_at.eq(now),
                memberships::updated_at.eq(now),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "group.create",
            "Group",
            group.id,
            "",
            now,
        )?;
        Ok(group)
    })
}

/// Change a group's details (its coordinators and admins).
pub fn update_group(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    changes: GroupChanges,
    now: NaiveDateTime,
) -> AppResult<Group> {
    let viewer = signed_in(actor)?;
    let name = changes
        .name
        .as_deref()
        .map(|n| validate::text("name", n, 2, 120))
        .transpose()?;
    let description = changes
        .description
        .as_deref()
        .map(|d| validate::text("description", d, 0, 4000))
        .transpose()?;
    let area = changes
        .area
        .as_deref()
        .map(|a| validate::text("area", a, 0, 120))
        .transpose()?;
    let contact = match &changes.contact_email {
        None => None,
        Some(e) => Some(checked_contact(Some(e))?),
    };
    write_tx(conn, |conn| {
        let group = find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, group_id)?;
        let name = name.unwrap_or(group.name);
        let updated = diesel::update(groups::table.find(group_id))
            .set((
                groups::search_name.eq(search_key(&name)),
                groups::name.eq(name),
                groups::description.eq(description.unwrap_or(group.description)),
                groups::join_policy.eq(changes
                    .join_policy
                    .map(|p| p.as_str().to_string())
                    .unwrap_or(group.join_policy)),
                groups::area.eq(area.unwrap_or(group.area)),
                groups::contact_email.eq(contact.unwrap_or(group.contact_email)),
                groups::updated_at.eq(now),
            ))
            .returning(groups::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "group.update",
            "Group",
            group_id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

pub fn find(conn: &mut DbConn, id: i64) -> AppResult<Option<Group>> {
    Ok(groups::table
        .find(id)
        .select(Group::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_many(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Group>> {
    Ok(groups::table
        .filter(groups::id.eq_any(ids))
        .select(Group::as_select())
        .load(conn)?)
}

/// Public group search, ordered by name. `search` matches anywhere in the
/// name, ignoring case.
pub fn list(
    conn: &mut DbConn,
    search: Option<&str>,
    kind: Option<GroupKind>,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Group>> {
    let pattern = search
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .map(|s| {
            format!(
                "%{}%",
                s.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            )
        });
    if pattern.as_ref().is_some_and(|p| p.chars().count() > 202) {
        return Err(AppError::validation(
            "search",
            "Search text can be at most 200 characters.",
        ));
    }
    let base = || {
        let mut q = groups::table.into_boxed();
        if let Some(p) = &pattern {
            q = q.filter(groups::search_name.like(p.clone()).escape('\\'));
        }
        if let Some(k) = kind {
            q = q.filter(groups::kind.eq(k.as_str()));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        q = q.filter(
            groups::search_name
                .gt(c.key.clone())
                .or(groups::search_name.eq(c.key).and(groups::id.gt(c.id))),
        );
    }
    let rows: Vec<Group> = q
        .order((groups::search_name.asc(), groups::id.asc()))
        .limit(first + 1)
        .select(Group::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|g| (Cursor::new(g.search_name.clone(), g.id), g))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Number of active members per group (for many groups at once).
pub fn member_counts(conn: &mut DbConn, group_ids: &[i64]) -> AppResult<Vec<(i64, i64)>> {
    use diesel::dsl::count_star;
    Ok(memberships::table
        .filter(memberships::group_id.eq_any(group_ids))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .group_by(memberships::group_id)
        .select((memberships::group_id, count_star()))
        .load(conn)?)
}
