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
        })
        .execute(conn)?;
    Ok(())
}
