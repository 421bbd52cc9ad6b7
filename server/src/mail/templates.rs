//! Email templates: a subject, a plain-text body and an HTML body per kind,
//! compiled into the binary and rendered with minijinja (HTML auto-escaped).

use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment};
use serde_json::Value;

use crate::error::{AppError, AppResult};

/// Every kind of email Kith sends.
pub const KINDS: &[&str] = &[
    "password_reset",
    "membership_requested",
    "membership_decided",
    "group_invitation",
    "shift_signup_confirmed",
    "shift_waitlisted",
    "shift_signup_cancelled",
    "shift_promoted",
    "shift_changed",
    "shift_cancelled",
    "vetting_expiry",
    "activity_cancelled",
    "help_assigned",
    "help_urgent",
    "checkin_reminder",
    "checkin_missed",
    "checkin_call_contact",
    "checkin_all_clear",
    "referral_new",
    "referral_ack_overdue",
    "referral_updated",
    "safeguarding_immediate",
    "outcome_survey_invitation",
];

macro_rules! template_files {
    ($($kind:literal),* $(,)?) => {
        &[$(
            (concat!($kind, ".subject"), include_str!(concat!("templates/", $kind, ".subject.txt"))),
            (concat!($kind, ".txt"), include_str!(concat!("templates/", $kind, ".txt"))),
            (concat!($kind, ".html"), include_str!(concat!("templates/", $kind, ".html"))),
        )*]
    };
}

const FILES: &[(&str, &str)] = template_files!(
    "password_reset",
    "membership_requested",
    "membership_decided",
    "group_invitation",
    "shift_signup_confirmed",
    "shift_waitlisted",
    "shift_signup_cancelled",
    "shift_promoted",
    "shift_changed",
    "shift_cancelled",
    "vetting_expiry",
    "activity_cancelled",
    "help_assigned",
    "help_urgent",
    "checkin_reminder",
    "checkin_missed",
    "checkin_call_contact",
    "checkin_all_clear",
    "referral_new",
    "referral_ack_overdue",
    "referral_updated",
    "safeguarding_immediate",
    "outcome_survey_invitation",
);
const LAYOUT: &str = include_str!("templates/layout.html");

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.add_template("layout.html", LAYOUT)
            .expect("layout template parses");
        for (name, source) in FILES {
            env.add_template(name, source)
                .expect("email template parses");
        }
        env
    })
}

/// A rendered email.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Render one kind of email with its context.
pub fn render(kind: &str, context: &Value) -> AppResult<Rendered> {
    let env = env();
    let render = |suffix: &str| -> AppResult<String> {
        env.get_template(&format!("{kind}.{suffix}"))
            .and_then(|t| t.render(context))
            .map_err(|e| AppError::internal("rendering email", e))
    };
    Ok(Rendered {
        subject: render("subject")?.trim().to_string(),
        text: render("txt")?,
        html: render("html")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_kind_renders_and_html_is_escaped() {
        for kind in KINDS {
            let ctx = json!({"name": "<Ann>", "applicant": "Bob", "group": "Friends & Neighbours",
                "link": "http://localhost:8080/x?a=1&b=2", "minutes": 60, "approved": true});
            let r = render(kind, &ctx).unwrap();
            assert!(!r.subject.is_empty() && !r.subject.contains('\n'), "{kind}");
            assert!(
                r.html.contains("&lt;Ann&gt;") || !r.html.contains("Ann"),
                "{kind} not escaped"
            );
            assert!(!r.html.contains("<Ann>"), "{kind} not escaped");
        }
    }
}
