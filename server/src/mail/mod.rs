//! Outgoing mail. Every email is first a row in the outbox, written in the
//! same transaction as the change that causes it ([`outbox::enqueue`]); the
//! relay job ([`outbox::relay`]) sends due rows through a [`Transport`] and
//! retries with backoff until they are accepted.

pub mod outbox;
pub mod templates;

use std::path::PathBuf;

use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{redact_url, Config};

/// Where mail goes: a real SMTP server, or `.eml` files in development.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

impl Transport {
    /// Build the transport the configuration asks for.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| {
                        anyhow::anyhow!("SMTP_URL `{}` is not usable: {e}", redact_url(url))
                    })?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                tracing::info!(smtp = %redact_url(url), "mail is sent through SMTP");
                Ok(Transport::Smtp(transport))
            }
            None => {
                let dir = config.mail_dir();
                std::fs::create_dir_all(&dir)?;
                tracing::info!(dir = %dir.display(), "no SMTP_URL set: mail is written as .eml files in this folder");
                Ok(Transport::Files(dir))
            }
        }
    }

    /// Hand one message to the transport.
    pub async fn send(&self, message: &Message, file_stem: &str) -> Result<(), String> {
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message.clone())
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Files(dir) => {
                let path = dir.join(format!("{file_stem}.eml"));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| format!("writing {}: {e}", path.display()))
            }
        }
    }
}

/// A file sent with an email, such as a calendar invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// File name shown to the recipient, e.g. `invite.ics`.
    pub name: String,
    /// Full MIME type with its parameters, e.g.
    /// `text/calendar; method=REQUEST; charset=utf-8`.
    pub content_type: String,
    pub body: String,
}

/// Build the MIME message for an outbox row: plain text and HTML
/// alternatives, with the row's stable Message-ID. With an attachment the
/// message is multipart/mixed: the alternatives first, then the attachment
/// with its exact content type.
pub fn build_message(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    text: &str,
    html: &str,
    attachment: Option<&Attachment>,
) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("sender address: {e}"))?;
    let to: Mailbox = to.parse().map_err(|e| format!("recipient address: {e}"))?;
    let alternative = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(text.to_string()),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(html.to_string()),
        );
    let body = match attachment {
        None => alternative,
        Some(a) => {
            let content_type = ContentType::parse(&a.content_type)
                .map_err(|e| format!("attachment type `{}`: {e}", a.content_type))?;
            MultiPart::mixed().multipart(alternative).singlepart(
                lettre::message::Attachment::new(a.name.clone()).body(a.body.clone(), content_type),
            )
        }
    };
    Message::builder()
        .from(from)
        .to(to)
        .subject(subject)
        .message_id(Some(message_id.to_string()))
        .multipart(body)
        .map_err(|e| e.to_string())
}
