//! Append-only audit trail: who did or saw what, to which record, and why.
//! Rows are only ever inserted.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::audit_events;
use crate::db::DbConn;
use crate::error::AppResult;

#[derive(Insertable)]
#[diesel(table_name = audit_events)]
struct NewAuditEvent<'a> {
    actor_id: Option<i64>,
    action: &'a str,
    subject_type: &'a str,
    subject_id: i64,
    detail: &'a str,
    at: NaiveDateTime,
    person_id: Option<i64>,
    purpose: &'a str,
}

/// Append one audit event in the caller's transaction.
pub fn record(
    conn: &mut DbConn,
    actor_id: Option<i64>,
    action: &str,
    subject_type: &str,
    subject_id: i64,
    detail: &str,
    at: NaiveDateTime,
) -> AppResult<()> {
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            actor_id,
            action,
            subject_type,
            subject_id,
            detail,
            at,
            person_id: None,
            purpose: "",
        })
        .execute(conn)?;
    Ok(())
}

/// One read or change of personal data: who, what they did, to which
/// record, whom it is about, and why.
#[derive(Debug, Clone, Copy)]
pub struct Access<'a> {
    pub actor_id: Option<i64>,
    /// What was done: READ, CREATE, UPDATE, EXPORT, ERASE...
    pub action: &'a str,
    /// The kind of record: Referral, SafeguardingConcern, Resident...
    pub record_type: &'a str,
    pub record_id: i64,
    /// The person the data is about.
    pub person_id: i64,
    /// Why: the duty or request the access served.
    pub purpose: &'a str,
    /// What was read or changed (field names, a status move), never the
    /// data itself.
    pub detail: &'a str,
    pub at: NaiveDateTime,
}

/// Append one access to personal data in the caller's transaction. Audit
/// rows are never updated or deleted.
pub fn access(conn: &mut DbConn, a: &Access<'_>) -> AppResult<()> {
    diesel::insert_into(audit_events::table)
        .values(NewAuditEvent {
            actor_id: a.actor_id,
            action: a.action,
            subject_type: a.record_type,
            subject_id: a.record_id,
            detail: a.detail,
            at: a.at,
            person_id: Some(a.person_id),
            purpose: a.purpose,
        })
        .execute(conn)?;
    Ok(())
}
