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
use serde_json::{json, Value};

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

/// The MIME parts of a received message in order, as Python's `email`
/// package reads them: content type, the Content-Type header as sent, the
/// `method` parameter, the file name and the decoded text of leaf parts.
fn mime_parts(message: &str) -> Vec<Value> {
    let script = r#"
import json, sys
from email import message_from_string, policy
msg = message_from_string(sys.stdin.read(), policy=policy.compat32)
out = []
for part in msg.walk():
    leaf = not part.is_multipart()
    out.append({
        "type": part.get_content_type(),
        "header": " ".join(part.get("Content-Type", "").split()),
        "method": part.get_param("method"),
        "filename": part.get_filename(),
        "text": part.get_payload(decode=True).decode(part.get_content_charset()) if leaf else None,
    })
print(json.dumps(out))
"#;
    common::python_json(script, message)
        .as_array()
        .expect("a list of MIME parts")
        .clone()
}

/// A parsed property: name, parameters, value.
type Prop = (String, Option<Vec<(String, Vec<String>)>>, Option<String>);

/// The calendar's METHOD and its one event's properties, as the `ical`
/// crate reads them.
fn parse_invitation(ics: &str) -> (String, Vec<Prop>) {
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes()))
        .map(|c| c.expect("the ical crate parses the invitation"))
        .collect();
    assert_eq!(calendars.len(), 1);
    assert_eq!(calendars[0].events.len(), 1);
    let method = calendars[0]
        .properties
        .iter()
        .find(|p| p.name == "METHOD")
        .and_then(|p| p.value.clone())
        .expect("METHOD");
    let props = calendars[0].events[0]
        .properties
        .iter()
        .map(|p| (p.name.clone(), p.params.clone(), p.value.clone()))
        .collect();
    (method, props)
}

fn property<'a>(props: &'a [Prop], name: &str) -> &'a Prop {
    props
        .iter()
        .find(|p| p.0 == name)
        .unwrap_or_else(|| panic!("no {name} in {props:?}"))
}

/// The one received message with this subject.
fn with_subject(smtp: &SmtpServer, subject: &str) -> String {
    let mut found: Vec<String> = smtp
        .received()
        .into_iter()
        .filter(|m| header(m, "Subject") == Some(subject))
        .collect();
    assert_eq!(found.len(), 1, "messages with subject {subject:?}");
    found.remove(0)
}

/// The calendar part of a message, checking the message's structure: the
/// text and HTML alternatives, then the invitation.
fn calendar_part(message: &str, method: &str, filename: &str) -> String {
    let parts = mime_parts(message);
    let types: Vec<&str> = parts.iter().map(|p| p["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "multipart/mixed",
            "multipart/alternative",
            "text/plain",
            "text/html",
            "text/calendar"
        ]
    );
    let cal = &parts[4];
    assert_eq!(
        cal["header"],
        format!("text/calendar; method={method}; charset=utf-8")
    );
    assert_eq!(cal["method"], method);
    assert_eq!(cal["filename"], filename);
    assert!(parts[2]["text"]
        .as_str()
        .unwrap()
        .contains("Lunch club helpers"));
    cal["text"].as_str().unwrap().to_string()
}

async fn shift_emails_carry_calendar_invitations(app: TestApp) {
    let port = free_port();
    let maildir = app.dir.path().join("maildir");
    let smtp = SmtpServer::start(port, &maildir);
    let ctx = context(&app, port);
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let vol = app.register("vol@example.org", "Vol").await;
    // In British Summer Time: 10:00 to 12:00 local.
    let shift = app
        .ok(
            Some(&coord.access),
            "mutation($i: CreateShiftInput!) { createShift(input: $i) { id } }",
            json!({"i": {"groupId": group, "title": "Lunch club helpers", "startsAt": "2027-06-10T09:00:00Z", "endsAt": "2027-06-10T11:00:00Z", "places": 2, "location": "St Mark's Hall"}}),
        )
        .await["createShift"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let shift_id =
        kith::graphql::ids::decode("id", "Shift", "shift", &async_graphql::ID(shift.clone()))
            .unwrap();
    let signup = app
        .ok(
            Some(&vol.access),
            "mutation($s: ID!) { signUpForShift(shiftId: $s) { id status } }",
            json!({"s": shift}),
        )
        .await["signUpForShift"]
        .clone();
    assert_eq!(signup["status"], "CONFIRMED");
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (1, 0));
    let confirmed = with_subject(&smtp, "You are signed up: Lunch club helpers");
    assert_eq!(header(&confirmed, "To"), Some("vol@example.org"));
    let ics = calendar_part(&confirmed, "REQUEST", "invite.ics");
    let (method, request) = parse_invitation(&ics);
    assert_eq!(method, "REQUEST");
    let uid = format!("shift-{shift_id}@kith.test");
    assert_eq!(property(&request, "UID").2.as_deref(), Some(uid.as_str()));
    assert_eq!(property(&request, "SEQUENCE").2.as_deref(), Some("0"));
    let tz = Some(vec![(
        "TZID".to_string(),
        vec!["Europe/London".to_string()],
    )]);
    assert_eq!(
        property(&request, "DTSTART"),
        &(
            "DTSTART".to_string(),
            tz.clone(),
            Some("20270610T100000".to_string())
        )
    );
    assert_eq!(
        property(&request, "DTEND"),
        &(
            "DTEND".to_string(),
            tz.clone(),
            Some("20270610T120000".to_string())
        )
    );
    assert_eq!(property(&request, "STATUS").2.as_deref(), Some("CONFIRMED"));

    // The volunteer cancels: the calendar entry is cancelled, same UID.
    app.ok(
        Some(&vol.access),
        "mutation($id: ID!) { cancelShiftSignup(signupId: $id) { status } }",
        json!({"id": signup["id"]}),
    )
    .await;
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (1, 0));
    assert_eq!(smtp.received().len(), 2);
    let cancelled = with_subject(&smtp, "Sign-up cancelled: Lunch club helpers");
    let ics = calendar_part(&cancelled, "CANCEL", "cancel.ics");
    assert!(ics.contains("METHOD:CANCEL"));
    let (method, cancel) = parse_invitation(&ics);
    assert_eq!(method, "CANCEL");
    assert_eq!(property(&cancel, "UID").2.as_deref(), Some(uid.as_str()));
    assert_eq!(property(&cancel, "SEQUENCE").2.as_deref(), Some("0"));
    assert_eq!(property(&cancel, "DTSTART"), property(&request, "DTSTART"));
    assert_eq!(property(&cancel, "STATUS").2.as_deref(), Some("CANCELLED"));
    smtp.stop();
}

/// In development the same message, invitation included, is written as an
/// .eml file.
async fn development_files_carry_the_invitation(app: TestApp) {
    let dir = app.dir.path().join("mail");
    std::fs::create_dir_all(&dir).unwrap();
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(dir.clone()),
    };
    let coord = app.register("coord@example.org", "Coord").await;
    let group = app.create_group(&coord, "Lunch Club", "OPEN").await;
    let shift = app
        .ok(
            Some(&coord.access),
            "mutation($i: CreateShiftInput!) { createShift(input: $i) { id } }",
            json!({"i": {"groupId": group, "title": "Lunch club helpers", "startsAt": "2027-06-10T09:00:00Z", "endsAt": "2027-06-10T11:00:00Z", "places": 2}}),
        )
        .await["createShift"]["id"]
        .clone();
    app.ok(
        Some(&coord.access),
        "mutation($s: ID!) { signUpForShift(shiftId: $s) { status } }",
        json!({"s": shift}),
    )
    .await;
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!((report.sent, report.failed), (1, 0));
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    assert!(files[0]
        .file_name()
        .to_string_lossy()
        .ends_with("-shift_signup_confirmed.eml"));
    let eml = std::fs::read_to_string(files[0].path()).unwrap();
    let ics = calendar_part(&eml, "REQUEST", "invite.ics");
    let (method, props) = parse_invitation(&ics);
    assert_eq!(method, "REQUEST");
    assert_eq!(
        property(&props, "DTSTART").2.as_deref(),
        Some("20270610T100000")
    );
}

both_backends!(
    reset_email_arrives_over_smtp,
    nothing_is_lost_while_smtp_is_down,
    two_relays_at_once_send_each_email_once,
    shift_emails_carry_calendar_invitations,
    development_files_carry_the_invitation,
);
