//! Joining, inviting, approving and roles.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;

use super::{find, text_enum, Group, JoinPolicy};
use crate::db::schema::{memberships, people};
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{can_coordinate, require_coordinator, signed_in, Actor, Viewer};
use crate::domain::page::{self, Cursor, Page};
use crate::domain::{audit, people as people_domain};
use crate::error::{is_unique_violation, AppError, AppResult};
use crate::mail::outbox::{self, OutgoingMail};

text_enum! {
    /// A member's role in one group.
    MemberRole {
        Member => "MEMBER",
        Coordinator => "COORDINATOR",
        SafeguardingLead => "SAFEGUARDING_LEAD",
        PartnerStaff => "PARTNER_STAFF",
    }
}

text_enum! {
    /// Where a membership stands.
    MembershipStatus {
        Invited => "INVITED",
        Pending => "PENDING",
        Active => "ACTIVE",
        Declined => "DECLINED",
    }
}

/// A person's place in a group.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = memberships)]
pub struct Membership {
    pub id: i64,
    pub group_id: i64,
    pub person_id: i64,
    pub role: String,
    pub status: String,
    pub invited_by: Option<i64>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl Membership {
    pub fn role(&self) -> MemberRole {
        MemberRole::parse(&self.role).unwrap_or(MemberRole::Member)
    }

    pub fn status(&self) -> MembershipStatus {
        MembershipStatus::parse(&self.status).unwrap_or(MembershipStatus::Pending)
    }
}

/// What a successful join did, so the caller can tell subscribers.
#[derive(Debug, Clone)]
pub struct JoinOutcome {
    pub membership: Membership,
    pub needs_approval: bool,
}

pub fn find_membership(conn: &mut DbConn, id: i64) -> AppResult<Option<Membership>> {
    Ok(memberships::table
        .find(id)
        .select(Membership::as_select())
        .first(conn)
        .optional()?)
}

pub fn find_memberships(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<Membership>> {
    Ok(memberships::table
        .filter(memberships::id.eq_any(ids))
        .select(Membership::as_select())
        .load(conn)?)
}

/// The person's memberships (any status) in the given groups.
pub fn memberships_of_in(
    conn: &mut DbConn,
    person_id: i64,
    group_ids: &[i64],
) -> AppResult<Vec<Membership>> {
    Ok(memberships::table
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::group_id.eq_any(group_ids))
        .select(Membership::as_select())
        .load(conn)?)
}

/// All of a person's memberships, newest first.
pub fn memberships_of(conn: &mut DbConn, person_id: i64) -> AppResult<Vec<Membership>> {
    Ok(memberships::table
        .filter(memberships::person_id.eq(person_id))
        .order(memberships::id.desc())
        .select(Membership::as_select())
        .load(conn)?)
}

/// May the viewer see this membership? The member, the group's
/// coordinators, and admins.
pub fn can_view_membership(conn: &mut DbConn, viewer: &Viewer, m: &Membership) -> AppResult<bool> {
    Ok(m.person_id == viewer.person_id || can_coordinate(conn, viewer, m.group_id)?)
}

/// A group's memberships, for its coordinators, oldest first.
pub fn list_members(
    conn: &mut DbConn,
    actor: &Actor,
    group_id: i64,
    status: Option<MembershipStatus>,
    first: i64,
    after: Option<Cursor>,
) -> AppResult<Page<Membership>> {
    let viewer = signed_in(actor)?;
    require_coordinator(conn, &viewer, group_id)?;
    let base = || {
        let mut q = memberships::table
            .filter(memberships::group_id.eq(group_id))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(memberships::status.eq(s.as_str()));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base();
    if let Some(c) = after {
        q = q.filter(memberships::id.gt(c.id));
    }
    let rows: Vec<Membership> = q
        .order(memberships::id.asc())
        .limit(first + 1)
        .select(Membership::as_select())
        .load(conn)?;
    let rows = rows
        .into_iter()
        .map(|m| (Cursor::new("", m.id), m))
        .collect();
    Ok(page::finish(rows, first, total))
}

/// Join a group: straight in for open groups, a request for approval groups,
/// and accepting an invitation for invitation-only groups.
pub fn join_group(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    group_id: i64,
    now: NaiveDateTime,
) -> AppResult<JoinOutcome> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let group = find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        let existing: Option<Membership> = memberships::table
            .filter(memberships::group_id.eq(group_id))
            .filter(memberships::person_id.eq(viewer.person_id))
            .select(Membership::as_select())
            .first(conn)
            .optional()?;
        let policy = group.join_policy();
        let new_status =
            match (existing.as_ref().map(|m| m.status()), policy) {
                (Some(MembershipStatus::Active), _) => {
                    return Err(AppError::conflict(
                        "You are already a member of this group.",
                    ))
                }
                (Some(MembershipStatus::Pending), _) => return Err(AppError::conflict(
                    "You have already asked to join this group. A coordinator will decide soon.",
                )),
                (Some(MembershipStatus::Invited), _) => MembershipStatus::Active,
                (_, JoinPolicy::Open) => MembershipStatus::Active,
                (_, JoinPolicy::Approval) => MembershipStatus::Pending,
                (_, JoinPolicy::Invitation) => return Err(AppError::forbidden(
                    "This group is by invitation only. Ask one of its coordinators to invite you.",
                )),
            };
        let membership: Membership = match existing {
            Some(m) => diesel::update(memberships::table.find(m.id))
                .set((
                    memberships::status.eq(new_status.as_str()),
                    memberships::role.eq(MemberRole::Member.as_str()),
                    memberships::decided_by.eq(None::<i64>),
                    memberships::decided_at.eq(None::<NaiveDateTime>),
                    memberships::updated_at.eq(now),
                ))
                .returning(memberships::all_columns)
                .get_result(conn)?,
            None => diesel::insert_into(memberships::table)
                .values((
                    memberships::group_id.eq(group_id),
                    memberships::person_id.eq(viewer.person_id),
                    memberships::role.eq(MemberRole::Member.as_str()),
                    memberships::status.eq(new_status.as_str()),
                    memberships::created_at.eq(now),
                    memberships::updated_at.eq(now),
                ))
                .returning(memberships::all_columns)
                .get_result(conn)
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::conflict("You have already asked to join this group.")
                    } else {
                        e.into()
                    }
                })?,
        };
        let needs_approval = new_status == MembershipStatus::Pending;
        if needs_approval {
            let applicant = people_domain::find(conn, viewer.person_id)?
                .map(|p| p.display_name)
                .unwrap_or_default();
            for (email, name) in coordinator_emails(conn, group_id)? {
                outbox::enqueue(
                    conn,
                    public_url,
                    OutgoingMail {
                        kind: "membership_requested",
                        to: &email,
                        context: json!({
                            "name": name,
                            "applicant": applicant,
                            "group": group.name,
                            "link": format!("{public_url}/groups/{group_id}/members"),
                        }),
                        attachment: None,
                    },
                    now,
                )?;
            }
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            "membership.join",
            "Membership",
            membership.id,
            new_status.as_str(),
            now,
        )?;
        Ok(JoinOutcome {
            membership,
            needs_approval,
        })
    })
}

/// Invite a person with a Kith account to a group (its coordinators).
pub fn invite(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    group_id: i64,
    email: &str,
    now: NaiveDateTime,
) -> AppResult<Membership> {
    let viewer = signed_in(actor)?;
    let email = crate::domain::validate::email("email", email)?;
    write_tx(conn, |conn| {
        let group = find(conn, group_id)?.ok_or(AppError::NotFound("That group"))?;
        require_coordinator(conn, &viewer, group_id)?;
        let person = people_domain::find_by_email(conn, &email)?
            .filter(|p| p.disabled_at.is_none())
            .ok_or(AppError::NotFound("A Kith account with that email"))?;
        let existing: Option<Membership> = memberships::table
            .filter(memberships::group_id.eq(group_id))
            .filter(memberships::person_id.eq(person.id))
            .select(Membership::as_select())
            .first(conn)
            .optional()?;
        let membership: Membership = match existing {
            Some(m) if m.status() == MembershipStatus::Active => {
                return Err(AppError::conflict(
                    "They are already a member of this group.",
                ))
            }
            Some(m) if m.status() == MembershipStatus::Invited => {
                return Err(AppError::conflict("They have already been invited."))
            }
            // Inviting someone who asked to join is the same as approving them.
            Some(m) => diesel::update(memberships::table.find(m.id))
                .set((
                    memberships::status.eq(if m.status() == MembershipStatus::Pending {
                        MembershipStatus::Active.as_str()
                    } else {
                        MembershipStatus::Invited.as_str()
                    }),
                    memberships::invited_by.eq(viewer.person_id),
                    memberships::updated_at.eq(now),
                ))
                .returning(memberships::all_columns)
                .get_result(conn)?,
            None => diesel::insert_into(memberships::table)
                .values((
                    memberships::group_id.eq(group_id),
                    memberships::person_id.eq(person.id),
                    memberships::role.eq(MemberRole::Member.as_str()),
                    memberships::status.eq(MembershipStatus::Invited.as_str()),
                    memberships::invited_by.eq(viewer.person_id),
                    memberships::created_at.eq(now),
                    memberships::updated_at.eq(now),
                ))
                .returning(memberships::all_columns)
                .get_result(conn)?,
        };
        outbox::enqueue(
            conn,
            public_url,
            OutgoingMail {
                kind: "group_invitation",
                to: &email,
                context: json!({
                    "name": person.display_name,
                    "group": group.name,
                    "link": format!("{public_url}/groups/{group_id}"),
                }),
                attachment: None,
            },
            now,
        )?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "membership.invite",
            "Membership",
            membership.id,
            "",
            now,
        )?;
        Ok(membership)
    })
}

/// Approve or decline a request to join (the group's coordinators).
pub fn decide(
    conn: &mut DbConn,
    public_url: &str,
    actor: &Actor,
    membership_id: i64,
    approve: bool,
    now: NaiveDateTime,
) -> AppResult<Membership> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let m = membership_to_manage(conn, &viewer, membership_id)?;
        if m.status() != MembershipStatus::Pending {
            return Err(AppError::InvalidTransition(format!(
                "Only requests waiting for a decision can be approved or declined; this one is {}.",
                m.status().as_str().to_lowercase()
            )));
        }
        let status = if approve {
            MembershipStatus::Active
        } else {
            MembershipStatus::Declined
        };
        let updated: Membership = diesel::update(memberships::table.find(m.id))
            .set((
                memberships::status.eq(status.as_str()),
                memberships::decided_by.eq(viewer.person_id),
                memberships::decided_at.eq(now),
                memberships::updated_at.eq(now),
            ))
            .returning(memberships::all_columns)
            .get_result(conn)?;
        let group: Group = find(conn, m.group_id)?.ok_or(AppError::NotFound("That group"))?;
        if let Some(person) = people_domain::find(conn, m.person_id)? {
            if let (Some(email), false) = (person.email.as_deref(), person.do_not_contact) {
                outbox::enqueue(
                    conn,
                    public_url,
                    OutgoingMail {
                        kind: "membership_decided",
                        to: email,
                        context: json!({
                            "name": person.display_name,
                            "group": group.name,
                            "approved": approve,
                            "link": format!("{public_url}/groups/{}", group.id),
                        }),
                        attachment: None,
                    },
                    now,
                )?;
            }
        }
        audit::record(
            conn,
            Some(viewer.person_id),
            if approve {
                "membership.approve"
            } else {
                "membership.decline"
            },
            "Membership",
            m.id,
            "",
            now,
        )?;
        Ok(updated)
    })
}

/// Give an active member a role (the group's coordinators). A group always
/// keeps at least one coordinator.
pub fn set_role(
    conn: &mut DbConn,
    actor: &Actor,
    membership_id: i64,
    role: MemberRole,
    now: NaiveDateTime,
) -> AppResult<Membership> {
    let viewer = signed_in(actor)?;
    write_tx(conn, |conn| {
        let m = membership_to_manage(conn, &viewer, membership_id)?;
        let group = find(conn, m.group_id)?.ok_or(AppError::NotFound("That group"))?;
        if m.status() != MembershipStatus::Active {
            return Err(AppError::InvalidTransition(
                "Only active members can be given a role. Approve their request first.".into(),
            ));
        }
        if role == MemberRole::PartnerStaff && !group.kind().is_statutory() {
            return Err(AppError::validation(
                "role",
                "Partner staff roles exist only in statutory partner organisations.",
            ));
        }
        if m.role() == MemberRole::Coordinator && role != MemberRole::Coordinator {
            let coordinators: i64 = memberships::table
                .filter(memberships::group_id.eq(m.group_id))
                .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
                .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
                .count()
                .get_result(conn)?;
            if coordinators <= 1 {
                return Err(AppError::conflict(
                    "A group needs at least one coordinator. Make someone else a coordinator first.",
                ));
            }
        }
        let updated = diesel::update(memberships::table.find(m.id))
            .set((
                memberships::role.eq(role.as_str()),
                memberships::updated_at.eq(now),
            ))
            .returning(memberships::all_columns)
            .get_result(conn)?;
        audit::record(
            conn,
            Some(viewer.person_id),
            "membership.role",
            "Membership",
            m.id,
            role.as_str(),
            now,
        )?;
        Ok(updated)
    })
}

/// Load a membership for one of its group's coordinators. Anyone who may
/// not see it gets `NOT_FOUND`; the member themselves gets `FORBIDDEN`.
fn membership_to_manage(
    conn: &mut DbConn,
    viewer: &Viewer,
    membership_id: i64,
) -> AppResult<Membership> {
    let m = find_membership(conn, membership_id)?.ok_or(AppError::NotFound("That membership"))?;
    if !can_view_membership(conn, viewer, &m)? {
        return Err(AppError::NotFound("That membership"));
    }
    require_coordinator(conn, viewer, m.group_id)?;
    Ok(m)
}

/// Email addresses of a group's active coordinators who accept contact.
fn coordinator_emails(conn: &mut DbConn, group_id: i64) -> AppResult<Vec<(String, String)>> {
    let rows: Vec<(Option<String>, String)> = memberships::table
        .inner_join(people::table)
        .filter(memberships::group_id.eq(group_id))
        .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(people::disabled_at.is_null())
        .filter(people::do_not_contact.eq(false))
        .select((people::email, people::display_name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(e, n)| e.map(|e| (e, n)))
        .collect())
}
