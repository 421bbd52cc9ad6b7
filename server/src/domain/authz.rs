//! Who is acting, and the checks every operation makes before touching data.
//! Holding an id grants nothing: each object and edge is checked here.

use diesel::prelude::*;

use crate::db::schema::memberships;
use crate::db::DbConn;
use crate::domain::groups::{MemberRole, MembershipStatus};
use crate::error::{AppError, AppResult};

/// A signed-in person, as established from a valid access token whose
/// session is still open and whose account is not disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewer {
    pub person_id: i64,
    pub session_id: i64,
    pub is_admin: bool,
}

/// The caller of an operation: signed in or not.
pub type Actor = Option<Viewer>;

/// The signed-in viewer, or `UNAUTHENTICATED`.
pub fn signed_in(actor: &Actor) -> AppResult<Viewer> {
    actor.ok_or(AppError::Unauthenticated)
}

/// The viewer's active role in a group, if any.
pub fn active_role(
    conn: &mut DbConn,
    person_id: i64,
    group_id: i64,
) -> AppResult<Option<MemberRole>> {
    let role: Option<String> = memberships::table
        .filter(memberships::group_id.eq(group_id))
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .select(memberships::role)
        .first(conn)
        .optional()?;
    Ok(role.as_deref().and_then(MemberRole::parse))
}

/// True when the viewer may manage the group: an admin, or an active
/// coordinator of it.
pub fn can_coordinate(conn: &mut DbConn, viewer: &Viewer, group_id: i64) -> AppResult<bool> {
    if viewer.is_admin {
        return Ok(true);
    }
    Ok(active_role(conn, viewer.person_id, group_id)? == Some(MemberRole::Coordinator))
}

/// Require that the viewer coordinates the group.
pub fn require_coordinator(conn: &mut DbConn, viewer: &Viewer, group_id: i64) -> AppResult<()> {
    if can_coordinate(conn, viewer, group_id)? {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only the group's coordinators can do this.",
        ))
    }
}

/// Require platform admin.
pub fn require_admin(viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "Only platform administrators can do this.",
        ))
    }
}

/// What the viewer may do with a person, as decided by their groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PersonAccess {
    /// Themselves, an admin, or a coordinator of a group the person belongs
    /// to or asked to join.
    pub view: bool,
    /// An admin, or a coordinator of a group the person is an active member
    /// of (records vetting, sees the full certificate reference).
    pub manage: bool,
    /// A group the viewer coordinates where the person is an active member.
    pub managing_group: Option<i64>,
}

/// The viewer's access to each of `person_ids`, in one query: the people's
/// memberships in groups the viewer actively coordinates.
pub fn person_access(
    conn: &mut DbConn,
    viewer: &Viewer,
    person_ids: &[i64],
) -> AppResult<Vec<(i64, PersonAccess)>> {
    let (mine, theirs) = diesel::alias!(memberships as mine, memberships as theirs);
    let shared: Vec<(i64, i64, String)> = mine
        .inner_join(
            theirs.on(theirs
                .field(memberships::group_id)
                .eq(mine.field(memberships::group_id))),
        )
        .filter(mine.field(memberships::person_id).eq(viewer.person_id))
        .filter(
            mine.field(memberships::role)
                .eq(MemberRole::Coordinator.as_str()),
        )
        .filter(
            mine.field(memberships::status)
                .eq(MembershipStatus::Active.as_str()),
        )
        .filter(theirs.field(memberships::person_id).eq_any(person_ids))
        .select((
            theirs.field(memberships::person_id),
            theirs.field(memberships::group_id),
            theirs.field(memberships::status),
        ))
        .load(conn)?;
    Ok(person_ids
        .iter()
        .map(|&id| {
            let mut access = PersonAccess {
                view: viewer.is_admin || viewer.person_id == id,
                manage: viewer.is_admin,
                managing_group: None,
            };
            for (_, group, status) in shared.iter().filter(|(p, _, _)| *p == id) {
                access.view = true;
                if status == MembershipStatus::Active.as_str() {
                    access.manage = true;
                    access.managing_group.get_or_insert(*group);
                }
            }
            (id, access)
        })
        .collect())
}

/// The viewer's access to one person.
pub fn access_to(conn: &mut DbConn, viewer: &Viewer, person_id: i64) -> AppResult<PersonAccess> {
    Ok(person_access(conn, viewer, &[person_id])?
        .pop()
        .map(|(_, a)| a)
        .unwrap_or_default())
}
