//! The mail outbox: rows written in the business transaction, sent later by
//! the relay with retries, each with a stable Message-ID so a resend after a
//! crash is recognisable as the same message.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::Value;

use super::{build_message, templates, Attachment, Transport};
use crate::db::schema::outbox;
use crate::db::{Db, DbConn};
use crate::error::AppResult;

/// How long a relay holds a claimed row before another may retry it.
const CLAIM_SECONDS: i64 = 120;
/// Rows sent per relay run.
const BATCH: i64 = 50;
/// First retry delay; doubles each attempt up to [`MAX_BACKOFF_MINUTES`].
const FIRST_BACKOFF_SECONDS: i64 = 30;
const MAX_BACKOFF_MINUTES: i64 = 60;

/// An email to queue.
#[derive(Debug, Clone)]
pub struct OutgoingMail<'a> {
    /// Template kind, one of [`templates::KINDS`].
    pub kind: &'a str,
    pub to: &'a str,
    pub context: Value,
    /// A file sent with the email (a calendar invitation), if any.
    pub attachment: Option<Attachment>,
}

/// A queued email as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: i64,
    pub message_id: String,
    pub kind: String,
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_body: Option<String>,
}

impl OutboxRow {
    /// The stored attachment, when the row has one.
    pub fn attachment(&self) -> Option<Attachment> {
        match (
            &self.attachment_name,
            &self.attachment_type,
            &self.attachment_body,
        ) {
            (Some(name), Some(content_type), Some(body)) => Some(Attachment {
                name: name.clone(),
                content_type: content_type.clone(),
                body: body.clone(),
            }),
            _ => None,
        }
    }
}

/// Render and queue an email in the caller's transaction.
pub fn enqueue(
    conn: &mut DbConn,
    public_url: &str,
    mail: OutgoingMail<'_>,
    now: NaiveDateTime,
) -> AppResult<i64> {
    prepare(public_url, mail)?.insert(conn, now)
}

/// An email rendered and given its Message-ID, ready to be stored: by
/// [`Prepared::insert`], or by a statement that writes it together with the
/// change it reports.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub message_id: String,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub attachment: Option<Attachment>,
}

/// Render an email for [`Prepared::insert`].
pub fn prepare(public_url: &str, mail: OutgoingMail<'_>) -> AppResult<Prepared> {
    let rendered = templates::render(mail.kind, &mail.context)?;
    let host = crate::config::public_host(public_url);
    Ok(Prepared {
        message_id: format!("<{}@{host}>", uuid::Uuid::new_v4().simple()),
        kind: mail.kind.to_owned(),
        to: mail.to.to_owned(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachment: mail.attachment,
    })
}

impl Prepared {
    /// Queue the email in the caller's transaction, due now.
    pub fn insert(&self, conn: &mut DbConn, now: NaiveDateTime) -> AppResult<i64> {
        let attachment = self.attachment.as_ref();
        let id = diesel::insert_into(outbox::table)
            .values((
                outbox::message_id.eq(&self.message_id),
                outbox::kind.eq(&self.kind),
                outbox::to_address.eq(&self.to),
                outbox::subject.eq(&self.subject),
                outbox::body_text.eq(&self.text),
                outbox::body_html.eq(&self.html),
                outbox::created_at.eq(now),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::attachment_name.eq(attachment.map(|a| a.name.as_str())),
                outbox::attachment_type.eq(attachment.map(|a| a.content_type.as_str())),
                outbox::attachment_body.eq(attachment.map(|a| a.body.as_str())),
            ))
            .returning(outbox::id)
            .get_result(conn)?;
        Ok(id)
    }
}

/// What one relay run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelayReport {
    pub sent: usize,
    pub failed: usize,
}

/// Send every due email once. Rows are claimed with a conditional update, so
/// several server instances can relay at once without sending a row twice.
/// A failure keeps the row and schedules a retry with backoff.
pub async fn relay(
    db: &Db,
    transport: &Transport,
    from: &str,
    now: DateTime<Utc>,
) -> AppResult<RelayReport> {
    let at = now.naive_utc();
    let claimed = db.run(move |conn| claim_due(conn, at)).await?;
    let mut report = RelayReport::default();
    for row in claimed {
        let stem = format!("{:08}-{}", row.id, row.kind);
        let result = match build_message(
            from,
            &row.to_address,
            &row.subject,
            &row.message_id,
            &row.body_text,
            &row.body_html,
            row.attachment().as_ref(),
        ) {
            Ok(message) => transport.send(&message, &stem).await,
            Err(e) => Err(e),
        };
        let id = row.id;
        let attempts = row.attempts + 1;
        match result {
            Ok(()) => {
                report.sent += 1;
                db.run(move |conn| {
                    diesel::update(outbox::table.find(id))
                        .set((
                            outbox::sent_at.eq(Some(at)),
                            outbox::attempts.eq(attempts),
                            outbox::locked_until.eq(None::<NaiveDateTime>),
                            outbox::last_error.eq(None::<String>),
                        ))
                        .execute(conn)?;
                    Ok(())
                })
                .await?;
            }
            Err(err) => {
                report.failed += 1;
                tracing::warn!(outbox_id = id, attempts, error = %err, "email not sent; will retry");
                let next = at + backoff(attempts);
                db.run(move |conn| {
                    diesel::update(outbox::table.find(id))
                        .set((
                            outbox::attempts.eq(attempts),
                            outbox::next_attempt_at.eq(next),
                            outbox::locked_until.eq(None::<NaiveDateTime>),
                            outbox::last_error.eq(Some(err.chars().take(500).collect::<String>())),
                        ))
                        .execute(conn)?;
                    Ok(())
                })
                .await?;
            }
        }
    }
    Ok(report)
}

/// Delay before the next attempt after `attempts` failures.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 12) - 1;
    let seconds = FIRST_BACKOFF_SECONDS.saturating_mul(1 << exp);
    Duration::seconds(seconds.min(MAX_BACKOFF_MINUTES * 60))
}

fn claim_due(conn: &mut DbConn, at: NaiveDateTime) -> AppResult<Vec<OutboxRow>> {
    let candidates: Vec<i64> = outbox::table
        .filter(outbox::sent_at.is_null())
        .filter(outbox::next_attempt_at.le(at))
        .filter(
            outbox::locked_until
                .is_null()
                .or(outbox::locked_until.lt(at)),
        )
        .order(outbox::id.asc())
        .limit(BATCH)
        .select(outbox::id)
        .load(conn)?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for id in candidates {
        let row: Option<OutboxRow> = diesel::update(
            outbox::table
                .filter(outbox::id.eq(id))
                .filter(outbox::sent_at.is_null())
                .filter(
                    outbox::locked_until
                        .is_null()
                        .or(outbox::locked_until.lt(at)),
                ),
        )
        .set(outbox::locked_until.eq(Some(at + Duration::seconds(CLAIM_SECONDS))))
        .returning(outbox::all_columns)
        .get_result(conn)
        .optional()?;
        claimed.extend(row);
    }
    Ok(claimed)
}

/// Every queued email, oldest first (for tests and the admin view).
pub fn all(conn: &mut DbConn) -> AppResult<Vec<OutboxRow>> {
    Ok(outbox::table
        .order(outbox::id.asc())
        .select(OutboxRow::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(3), Duration::seconds(120));
        assert_eq!(backoff(30), Duration::minutes(60));
    }
}
