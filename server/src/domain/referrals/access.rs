//! Who sees a referral, the partner queue and the timeline. A referral is
//! seen by its referrer, the referring group's coordinators, the partner's
//! staff, the resident it is about, and admins; nobody else (not other
//! volunteers, not other groups' coordinators). Every referral returned to
//! someone is recorded in the audit trail.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Referral, ReferralEvent, ReferralReason, ReferralStatus, Side};
use crate::db::schema::{memberships, referral_events, referrals};
use crate::db::DbConn;
use crate::domain::audit;
use crate::domain::authz::{signed_in, Actor, Viewer};
use crate::domain::groups::{MemberRole, MembershipStatus};
use crate::domain::page::{Cursor, Page};
use crate::error::{AppError, AppResult};

/// Groups in which the viewer holds one of `roles`, actively.
fn groups_with_role(
    conn: &mut DbConn,
    person_id: i64,
    roles: &[MemberRole],
) -> AppResult<Vec<i64>> {
    let roles: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    Ok(memberships::table
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
        .filter(memberships::role.eq_any(roles))
        .select(memberships::group_id)
        .load(conn)?)
}

/// Partner staff: active PARTNER_STAFF or COORDINATOR of the partner group.
const PARTNER_ROLES: [MemberRole; 2] = [MemberRole::PartnerStaff, MemberRole::Coordinator];

/// Whether the viewer works the partner's queue.
pub fn partner_role(conn: &mut DbConn, viewer: &Viewer, partner_group_id: i64) -> AppResult<bool> {
    if viewer.is_admin {
        return Ok(true);
    }
    Ok(groups_with_role(conn, viewer.person_id, &PARTNER_ROLES)?.contains(&partner_group_id))
}

/// Which side of this referral the viewer is on, if any (the resident and
/// admins see it without being on a side that can move it, except that an
/// admin may act for either).
pub(super) fn side(conn: &mut DbConn, viewer: &Viewer, r: &Referral) -> AppResult<Option<Side>> {
    // A draft is the referrer's alone until it is sent.
    if r.status() != ReferralStatus::Draft && partner_role(conn, viewer, r.partner_group_id)? {
        return Ok(Some(Side::Partner));
    }
    if r.referrer_id == viewer.person_id {
        return Ok(Some(Side::Referrer));
    }
    if let Some(g) = r.referring_group_id {
        if groups_with_role(conn, viewer.person_id, &[referring_role(r)])?.contains(&g) {
            return Ok(Some(Side::Referrer));
        }
    }
    Ok(None)
}

/// Who follows a referral for the referring group: its coordinators, or
/// for a safeguarding referral its safeguarding leads (coordinators do
/// not see safeguarding matters).
fn referring_role(r: &Referral) -> MemberRole {
    if r.reason() == ReferralReason::Safeguarding {
        MemberRole::SafeguardingLead
    } else {
        MemberRole::Coordinator
    }
}

/// Whether the viewer may see the referral. The resident sees referrals
/// about them, except safeguarding ones (telling them could put them at
/// risk, for example where the harm is at home).
pub fn can_view(conn: &mut DbConn, viewer: &Viewer, r: &Referral) -> AppResult<bool> {
    Ok(viewer.is_admin
        || (r.resident_id == viewer.person_id && r.reason() != ReferralReason::Safeguarding)
        || side(conn, viewer, r)?.is_some())
}

/// The filter "referrals this viewer may see", as SQL over `referrals`.
type Visible = Box<
    dyn BoxableExpression<
        referrals::table,
        <DbConn as diesel::Connection>::Backend,
        SqlType = diesel::sql_types::Bool,
    >,
>;

/// What the viewer's visibility depends on: who they are and the groups
/// they coordinate or staff (None for an admin, who sees everything).
struct Scope {
    me: i64,
    coordinated: Vec<i64>,
    led: Vec<i64>,
    partner: Vec<i64>,
}

impl Scope {
    fn of(conn: &mut DbConn, viewer: &Viewer) -> AppResult<Option<Scope>> {
        if viewer.is_admin {
            return Ok(None);
        }
        let me = viewer.person_id;
        // One look at the viewer's active roles, split by role.
        let roles: Vec<(i64, String)> = memberships::table
            .filter(memberships::person_id.eq(me))
            .filter(memberships::status.eq(MembershipStatus::Active.as_str()))
            .select((memberships::group_id, memberships::role))
            .load(conn)?;
        let with = |wanted: &[MemberRole]| -> Vec<i64> {
            roles
                .iter()
                .filter(|(_, r)| MemberRole::parse(r).is_some_and(|r| wanted.contains(&r)))
                .map(|(g, _)| *g)
                .collect()
        };
        Ok(Some(Scope {
            me,
            coordinated: with(&[MemberRole::Coordinator]),
            led: with(&[MemberRole::SafeguardingLead]),
            partner: with(&PARTNER_ROLES),
        }))
    }

    fn filter(&self) -> Visible {
        let safeguarding = ReferralReason::Safeguarding.as_str();
        Box::new(
            referrals::referrer_id
                .eq(self.me)
                .or(referrals::resident_id
                    .eq(self.me)
                    .and(referrals::reason.ne(safeguarding)))
                .or(referrals::referring_group_id
                    .assume_not_null()
                    .eq_any(self.coordinated.clone())
                    .and(referrals::reason.ne(safeguarding)))
                .or(referrals::referring_group_id
                    .assume_not_null()
                    .eq_any(self.led.clone())
                    .and(referrals::reason.eq(safeguarding)))
                .or(referrals::partner_group_id
                    .eq_any(self.partner.clone())
                    .and(referrals::status.ne(ReferralStatus::Draft.as_str()))),
        )
    }
}

fn visible_filter(conn: &mut DbConn, viewer: &Viewer) -> AppResult<Option<Visible>> {
    Ok(Scope::of(conn, viewer)?.map(|s| s.filter()))
}

/// Of these referral ids, the ones the viewer may see.
pub fn visible_ids(conn: &mut DbConn, viewer: &Viewer, ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut q = referrals::table
        .filter(referrals::id.eq_any(ids))
        .select(referrals::id)
        .into_boxed();
    if let Some(f) = visible_filter(conn, viewer)? {
        q = q.filter(f);
    }
    Ok(q.load(conn)?)
}

/// Record that the viewer was shown these referrals.
fn audit_reads(
    conn: &mut DbConn,
    viewer: &Viewer,
    shown: &[Referral],
    now: NaiveDateTime,
) -> AppResult<()> {
    for r in shown {
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: "READ",
                record_type: "Referral",
                record_id: r.id,
                person_id: r.resident_id,
                purpose: "referral",
                detail: "",
                at: now,
            },
        )?;
    }
    Ok(())
}

/// The referrals with these ids that the actor may see, in id order, each
/// recorded as read.
pub fn find_visible(
    conn: &mut DbConn,
    actor: &Actor,
    ids: &[i64],
    now: NaiveDateTime,
) -> AppResult<Vec<Referral>> {
    let Some(viewer) = actor else {
        return Ok(Vec::new());
    };
    let mut q = referrals::table
        .filter(referrals::id.eq_any(ids))
        .order(referrals::id.asc())
        .select(Referral::as_select())
        .into_boxed();
    if let Some(f) = visible_filter(conn, viewer)? {
        q = q.filter(f);
    }
    let found: Vec<Referral> = q.load(conn)?;
    audit_reads(conn, viewer, &found, now)?;
    Ok(found)
}

/// One referral for the actor: `NOT_FOUND` when there is none,
/// `FORBIDDEN` when it is not theirs to see. The look is audited.
pub fn get(conn: &mut DbConn, actor: &Actor, id: i64, now: NaiveDateTime) -> AppResult<Referral> {
    let viewer = signed_in(actor)?;
    let r: Referral = referrals::table
        .find(id)
        .select(Referral::as_select())
        .first(conn)
        .optional()?
        .ok_or(AppError::NotFound("That referral"))?;
    if !can_view(conn, &viewer, &r)? {
        return Err(AppError::forbidden(
            "Only the referrer, the referring group's coordinators, the partner's staff and the resident can see a referral.",
        ));
    }
    audit_reads(conn, &viewer, std::slice::from_ref(&r), now)?;
    Ok(r)
}

/// Referrals, newest first: a partner's queue (`partner_group_id`, its
/// staff only), or every referral the viewer may see.
pub fn list(
    conn: &mut DbConn,
    actor: &Actor,
    partner_group_id: Option<i64>,
    status: Option<ReferralStatus>,
    first: i64,
    after: Option<Cursor>,
    now: NaiveDateTime,
) -> AppResult<Page<Referral>> {
    let viewer = signed_in(actor)?;
    if let Some(g) = partner_group_id {
        crate::domain::groups::find(conn, g)?.ok_or(AppError::NotFound("That partner"))?;
        if !partner_role(conn, &viewer, g)? {
            return Err(AppError::forbidden(
                "Only the partner's staff can see its referral queue.",
            ));
        }
    }
    let scope = Scope::of(conn, &viewer)?;
    let query = || {
        let mut q = referrals::table.into_boxed();
        if let Some(g) = partner_group_id {
            q = q
                .filter(referrals::partner_group_id.eq(g))
                .filter(referrals::status.ne(ReferralStatus::Draft.as_str()));
        } else if let Some(scope) = &scope {
            q = q.filter(scope.filter());
        }
        if let Some(s) = status {
            q = q.filter(referrals::status.eq(s.as_str()));
        }
        q
    };
    let total: i64 = query().count().get_result(conn)?;
    let mut q = query();
    if let Some(c) = after {
        q = q.filter(referrals::id.lt(c.id));
    }
    let mut rows: Vec<Referral> = q
        .order(referrals::id.desc())
        .limit(first + 1)
        .select(Referral::as_select())
        .load(conn)?;
    let has_next = rows.len() as i64 > first;
    rows.truncate(first as usize);
    audit_reads(conn, &viewer, &rows, now)?;
    Ok(Page {
        items: rows
            .into_iter()
            .map(|r| (Cursor::new(String::new(), r.id), r))
            .collect(),
        has_next,
        total,
    })
}

/// The timelines of these referrals, oldest move first (callers have
/// already checked that the viewer sees the referrals).
pub fn timelines(conn: &mut DbConn, ids: &[i64]) -> AppResult<Vec<ReferralEvent>> {
    Ok(referral_events::table
        .filter(referral_events::referral_id.eq_any(ids))
        .order((
            referral_events::referral_id.asc(),
            referral_events::id.asc(),
        ))
        .select(ReferralEvent::as_select())
        .load(conn)?)
}
