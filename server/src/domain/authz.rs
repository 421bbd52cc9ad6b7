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
