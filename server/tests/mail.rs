//! Mail goes through a real SMTP server on loopback (Python's aiosmtpd,
//! installed by scripts/test), on both backends. Nothing is lost while the
//! server is down, and nothing is sent twice.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::TestApp;
use kith::jobs::{self, JobContext};
use kith::mail::{outbox, Transport};
use serde_json::json;

/// A real SMTP server writing what it receives into a Maildir.
struct SmtpServer {
    child: Child,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start(port: u16, maildir: &Path) -> Self {
        let python = std::env::var("KITH_TEST_SMTP_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start aiosmtpd (scripts/test installs it)");
        let deadline = Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpServer {
            child,
            maildir: maildir.to_path_buf(),
        }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Every message received so far, as raw text.
    fn received(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                for e in entries.flatten() {
                    out.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn context(app: &TestApp, port: u16) -> JobContext {
    let mut config = (*app.state.config).clone();
    config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    JobContext {
        state: app.state.clone(),
        transport: Transport::from_config(&config).unwrap(),
    }
}

fn header<'a>(message: &'a str, name: &str) -> Option<&'a str> {
    message
        .lines()
        .take_while(|l| !l.is_empty())
        .find(|l| {
            l.to_ascii_lowercase()
                .starts_with(&format!("{}:", name.to_ascii_lowercase()))
        })
        .map(|l| l[name.len() + 1..].trim())
}

async fn request_reset(app: &TestApp, email: &str) {
    app.ok(
        None,
        "mutation($e: String!) { requestPasswordReset(email: $e) }",
        json!({"e": email}),
    )
    .await;
}

async fn reset_email_arrives_over_smtp(app: TestApp) {
    let port = free_port();
    let maildir = app.dir.path().join("maildir");
    let smtp = SmtpServer::start(port, &maildir);
    let ctx = context(&app, port);
    app.register("ann@example.org", "Ann").await;
    request_reset(&app, "ann@example.org").await;
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (1, 0));
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let msg = &received[0];
    let row = outbox::all(&mut app.conn()).unwrap().remove(0);
    assert!(row.sent_at.is_some());
    assert_eq!(header(msg, "Message-ID"), Some(row.message_id.as_str()));
    assert_eq!(header(msg, "Subject"), Some("Reset your Kith password"));
    assert_eq!(header(msg, "To"), Some("ann@example.org"));
    assert!(
        msg.contains("text/plain") && msg.contains("text/html"),
        "both parts expected"
    );
    assert!(msg.contains("reset-password?token="));
    // Running the relay again sends nothing more.
    let again = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(smtp.received().len(), 1);
    smtp.stop();
}

async fn nothing_is_lost_while_smtp_is_down(app: TestApp) {
    let port = free_port();
    let maildir = app.dir.path().join("maildir");
    let ctx = context(&app, port);
    app.register("ann@example.org", "Ann").await;
    app.register("bob@example.org", "Bob").await;
    request_reset(&app, "ann@example.org").await;
    request_reset(&app, "bob@example.org").await;
    // Nobody is listening: both fail, stay queued, and wait for a retry.
    let down = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((down.sent, down.failed), (0, 2));
    let rows = outbox::all(&mut app.conn()).unwrap();
    assert!(rows
        .iter()
        .all(|r| r.sent_at.is_none() && r.attempts == 1 && r.last_error.is_some()));
    assert!(rows
        .iter()
        .all(|r| r.next_attempt_at > app.state.clock.now_naive()));
    // Before the backoff has passed, nothing is retried.
    let smtp = SmtpServer::start(port, &maildir);
    let early = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((early.sent, early.failed), (0, 0));
    app.state.clock.advance(chrono::Duration::seconds(31));
    let back = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((back.sent, back.failed), (2, 0));
    let received = smtp.received();
    assert_eq!(received.len(), 2);
    let mut to: Vec<_> = received
        .iter()
        .map(|m| header(m, "To").unwrap().to_string())
        .collect();
    to.sort();
    assert_eq!(to, ["ann@example.org", "bob@example.org"]);
    smtp.stop();
}

async fn two_relays_at_once_send_each_email_once(app: TestApp) {
    let port = free_port();
    let maildir = app.dir.path().join("maildir");
    let smtp = SmtpServer::start(port, &maildir);
    let ctx = context(&app, port);
    let admin = app.admin("admin@example.org").await;
    let group = app.create_group(&admin, "Big Group", "APPROVAL").await;
    // Each join request emails the coordinator: 12 emails.
    for i in 0..12 {
        let s = app.register(&format!("p{i}@example.org"), "P").await;
        app.ok(
            Some(&s.access),
            "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
            json!({"g": group}),
        )
        .await;
    }
    let queued = app.count("outbox");
    assert_eq!(queued, 12);
    // A second server instance: its own state (pool) on the same database.
    let other = JobContext {
        state: kith::state::AppState::new(
            (*app.state.config).clone(),
            app.state.db.clone(),
            app.state.clock.clone(),
        ),
        transport: ctx.transport.clone(),
    };
    let now = app.state.clock.now();
    let (a, b) = tokio::join!(
        jobs::relay_outbox(&ctx, now),
        jobs::relay_outbox(&other, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.sent + b.sent, 12, "{a:?} {b:?}");
    let received = smtp.received();
    let mut ids: Vec<_> = received
        .iter()
        .map(|m| header(m, "Message-ID").unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12, "an email was sent twice or lost");
    assert_eq!(received.len(), 12);
    smtp.stop();
}

both_backends!(
    reset_email_arrives_over_smtp,
    nothing_is_lost_while_smtp_is_down,
    two_relays_at_once_send_each_email_once,
);
