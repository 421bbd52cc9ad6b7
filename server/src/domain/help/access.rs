//! Who may see what of a help request, and the sensitive details.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{find_many, HelpRequest, HelpStatus};
use crate::db::schema::memberships;
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{person_access, Viewer};
use crate::domain::groups::{MemberRole, MembershipStatus};
use crate::domain::{people, residents};
use crate::error::AppResult;

/// The viewer's relation to one help request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HelpAccess {
    /// The viewer is the resident.
    pub resident: bool,
    /// The viewer is the volunteer it is assigned to (now or when completed).
    pub assigned: bool,
    /// The viewer actively coordinates the request's group.
    pub coordinator: bool,
    /// The viewer is a platform admin.
    pub admin: bool,
    /// The viewer manages the resident (admin, or coordinator of a group the
    /// resident actively belongs to).
    pub manages_resident: bool,
}

impl HelpAccess {
    /// May see the request at all (open requests: anyone signed in).
    pub fn can_see(&self, request: &HelpRequest) -> bool {
        request.status() == HelpStatus::Open
            || self.resident
            || self.assigned
            || self.coordinator
            || self.admin
            || self.manages_resident
    }

    /// May see who is assigned.
    pub fn sees_assignee(&self) -> bool {
        self.resident || self.assigned || self.coordinator || self.admin || self.manages_resident
    }

    /// May see the offers (the group's coordinators and admins).
    pub fn sees_offers(&self) -> bool {
        self.coordinator || self.admin
    }

    /// Why the viewer may see the sensitive details, if they may: `Some("")`
    /// for the resident themself (not logged), otherwise the logged reason.
    pub fn details_reason(&self, request: &HelpRequest) -> Option<&'static str> {
        if self.resident {
            Some("")
        } else if self.assigned && request.status() == HelpStatus::Assigned {
            Some("assigned volunteer")
        } else if self.coordinator {
            Some("group coordinator")
        } else if self.admin {
            Some("admin")
        } else {
            None
        }
    }
}

/// The viewer's relation to each request, in two queries whatever the count.
pub fn access(
    conn: &mut DbConn,
    viewer: &Viewer,
    requests: &[HelpRequest],
) -> AppResult<Vec<(i64, HelpAccess)>> {
    let group_ids: Vec<i64> = requests.iter().map(|r| r.group_id).collect();
    let coordinated: HashSet<i64> = memberships::table
        .filter(memberships::person_id.eq(viewer.person_id))
        .filter(memberships::group_id.eq_any(&group_ids))
        .filter(memberships::role.eq(MemberRole::Coordinator.as_str()))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .select(memberships::group_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let resident_ids: Vec<i64> = requests.iter().map(|r| r.resident_id).collect();
    let managed: HashMap<i64, bool> = person_access(conn, viewer, &resident_ids)?
        .into_iter()
        .map(|(id, a)| (id, a.manage))
        .collect();
    Ok(requests
        .iter()
        .map(|r| {
            (
                r.id,
                HelpAccess {
                    resident: r.resident_id == viewer.person_id,
                    assigned: r.assigned_volunteer_id == Some(viewer.person_id),
                    coordinator: coordinated.contains(&r.group_id),
                    admin: viewer.is_admin,
                    manages_resident: managed.get(&r.resident_id).copied().unwrap_or(false),
                },
            )
        })
        .collect())
}

/// The viewer's relation to one request.
pub fn access_one(
    conn: &mut DbConn,
    viewer: &Viewer,
    request: &HelpRequest,
) -> AppResult<HelpAccess> {
    Ok(access(conn, viewer, std::slice::from_ref(request))?
        .pop()
        .map(|(_, a)| a)
        .unwrap_or_default())
}

/// A help request the viewer may see, or `None`.
pub fn visible(conn: &mut DbConn, viewer: &Viewer, id: i64) -> AppResult<Option<HelpRequest>> {
    let Some(request) = super::find(conn, id)? else {
        return Ok(None);
    };
    let a = access_one(conn, viewer, &request)?;
    Ok(a.can_see(&request).then_some(request))
}

/// The sensitive details of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpDetails {
    pub address: String,
    pub phone: String,
    pub notes: String,
    pub resident_name: String,
}

/// The fields each logged read names.
pub const DETAIL_FIELDS: &str = "address,phone,notes";

/// The sensitive details of each request the viewer may see them for, and
/// one `sensitive_reads` row per request for each reader who is not the
/// resident. Requests the viewer may not see the details of are left out.
pub fn details(
    conn: &mut DbConn,
    viewer: &Viewer,
    ids: &[i64],
    now: NaiveDateTime,
) -> AppResult<Vec<(i64, HelpDetails)>> {
    write_tx(conn, |conn| {
        let requests = find_many(conn, ids)?;
        let access: HashMap<i64, HelpAccess> =
            access(conn, viewer, &requests)?.into_iter().collect();
        let allowed: Vec<(&HelpRequest, &'static str)> = requests
            .iter()
            .filter_map(|r| {
                access
                    .get(&r.id)
                    .and_then(|a| a.details_reason(r))
                    .map(|why| (r, why))
            })
            .collect();
        if allowed.is_empty() {
            return Ok(Vec::new());
        }
        let resident_ids: Vec<i64> = allowed.iter().map(|(r, _)| r.resident_id).collect();
        let profiles: HashMap<i64, residents::ResidentProfile> =
            residents::find_profiles(conn, &resident_ids)?
                .into_iter()
                .map(|p| (p.person_id, p))
                .collect();
        let names: HashMap<i64, String> = people::find_many(conn, &resident_ids)?
            .into_iter()
            .map(|p| (p.id, p.display_name))
            .collect();
        let mut out = Vec::with_capacity(allowed.len());
        for (r, why) in allowed {
            if !why.is_empty() {
                residents::record_sensitive_read(
                    conn,
                    viewer.person_id,
                    r.resident_id,
                    DETAIL_FIELDS,
                    why,
                    now,
                )?;
            }
            let profile = profiles.get(&r.resident_id);
            out.push((
                r.id,
                HelpDetails {
                    address: profile.map(|p| p.address.clone()).unwrap_or_default(),
                    phone: profile.map(|p| p.phone.clone()).unwrap_or_default(),
                    notes: r.notes.clone(),
                    resident_name: names.get(&r.resident_id).cloned().unwrap_or_default(),
                },
            ));
        }
        Ok(out)
    })
}
