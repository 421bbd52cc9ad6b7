//! Snapshots of every email Kith sends: subject, plain text and HTML.

use kith::mail::templates::{render, KINDS};
use serde_json::json;

#[test]
fn email_bodies() {
    let context = json!({
        "name": "Edna Morris",
        "applicant": "Tom Evans",
        "group": "Riverside Good Neighbours",
        "link": "http://localhost:8080/example?token=abc&x=1",
        "minutes": 60,
        "approved": true,
    });
    for kind in KINDS {
        let r = render(kind, &context).unwrap();
        insta::assert_snapshot!(
            format!("{kind}"),
            format!(
                "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                r.subject, r.text, r.html
            )
        );
    }
    // Shift emails with what they really carry: the shift's title, group,
    // local time and place, and the waiting-list position.
    for (kind, extra) in [
        ("shift_signup_confirmed", json!({})),
        ("shift_waitlisted", json!({"position": 3})),
        ("shift_signup_cancelled", json!({"waitlisted": false})),
        ("shift_signup_cancelled", json!({"waitlisted": true})),
    ] {
        let mut shift = json!({
            "name": "Tom Evans",
            "title": "Lunch club helpers",
            "group": "St Mark's Lunch Club",
            "when": "Wednesday 25 November 2026, 12:00 to 14:00",
            "location": "St Mark's Hall",
            "reason": null,
            "link": "http://localhost:8080/shifts/7",
        });
        let waitlisted = extra["waitlisted"] == true;
        for (k, v) in extra.as_object().unwrap() {
            shift[k] = v.clone();
        }
        let r = render(kind, &shift).unwrap();
        insta::assert_snapshot!(
            format!(
                "{kind}_for_a_shift{}",
                if waitlisted { "_waitlisted" } else { "" }
            ),
            format!(
                "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                r.subject, r.text, r.html
            )
        );
    }
    let r = render(
        "activity_cancelled",
        &json!({
            "name": "Edna Morris",
            "title": "Lunch club",
            "group": "St Mark's Lunch Club",
            "when": "Tuesday 1 December 2026, 12:00 to 14:00",
            "location": "St Mark's Church Hall",
            "reason": "The hall's heating has failed.",
            "link": "http://localhost:8080/activities",
        }),
    )
    .unwrap();
    insta::assert_snapshot!(
        "activity_cancelled_for_a_booking",
        format!(
            "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
            r.subject, r.text, r.html
        )
    );
    let r = render(
        "help_urgent",
        &json!({
            "name": "Tom Evans",
            "group": "Riverside Good Neighbours",
            "what": "prescription collection",
            "area": "Riverside ward",
            "distance": 1.5,
            "when": "Monday 23 November 2026, 14:00 to 17:00",
            "link": "http://localhost:8080/help/12",
        }),
    )
    .unwrap();
    insta::assert_snapshot!(
        "help_urgent_for_a_request",
        format!(
            "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
            r.subject, r.text, r.html
        )
    );
    // Check-in emails with what they carry, for each audience.
    let checkin = json!({
        "name": "Sam Okafor",
        "resident": "Edna Morris",
        "volunteer": "Tom Evans",
        "group": "Riverside Friends",
        "group_contact": "hello@riverside-friends.example.org",
        "how": "phone",
        "when": "Tuesday 24 November 2026 at 10:00",
        "link": "http://localhost:8080/check-ins/7",
        "no_answer": false,
        "contact": "Bill Hart",
        "relationship": "neighbour",
        "phone": "07700 900002",
        "resolver": "Priya Shah",
        "note": "Jane found her well.",
    });
    for (kind, audience, no_answer) in [
        ("checkin_missed", "BACKUP", true),
        ("checkin_missed", "COORDINATOR", false),
        ("checkin_missed", "EMERGENCY_CONTACT", false),
        ("checkin_reminder", "", false),
        ("checkin_call_contact", "", false),
        ("checkin_all_clear", "", false),
    ] {
        let mut ctx = checkin.clone();
        ctx["audience"] = json!(audience);
        ctx["no_answer"] = json!(no_answer);
        let r = render(kind, &ctx).unwrap();
        insta::assert_snapshot!(
            format!(
                "{kind}_for_a_check_in{}",
                if audience.is_empty() {
                    String::new()
                } else {
                    format!("_{}", audience.to_lowercase())
                }
            ),
            format!(
                "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                r.subject, r.text, r.html
            )
        );
    }
    let declined = render(
        "membership_decided",
        &json!({"name": "Tom", "group": "Board", "approved": false, "link": "x"}),
    )
    .unwrap();
    insta::assert_snapshot!(
        "membership_declined",
        format!("Subject: {}\n\n{}", declined.subject, declined.text)
    );
    // Referral emails with what they really carry: the partner, the reason
    // and dates, never the resident.
    let referral = json!({
        "name": "Priya Shah",
        "partner": "Riverside Council Adult Social Care",
        "reason": "a care assessment",
        "urgency": "URGENT",
        "status": "accepted",
        "sent": "23 November 2026",
        "acknowledge_by": "Wednesday 25 November 2026",
        "link": "http://localhost:8080/referrals/12",
    });
    for (kind, audience) in [
        ("referral_new", ""),
        ("referral_updated", ""),
        ("referral_ack_overdue", "PARTNER"),
        ("referral_ack_overdue", "REFERRER"),
    ] {
        let mut ctx = referral.clone();
        ctx["audience"] = json!(audience);
        if audience == "PARTNER" || kind == "referral_new" {
            ctx["name"] = json!(null);
        }
        let r = render(kind, &ctx).unwrap();
        insta::assert_snapshot!(
            format!(
                "{kind}_for_a_referral{}",
                if audience.is_empty() {
                    String::new()
                } else {
                    format!("_{}", audience.to_lowercase())
                }
            ),
            format!(
                "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
                r.subject, r.text, r.html
            )
        );
    }
    // The immediate-risk alert to a safeguarding lead: the category in
    // words, the lead's groups the person belongs to and a link; never who
    // it is about or what happened.
    let r = render(
        "safeguarding_immediate",
        &json!({
            "name": "Lena Ward",
            "category": "financial or material abuse",
            "group": "Riverside Friends and Hillside Helpers",
            "link": "http://localhost:8080/safeguarding/U2FmZWd1YXJkaW5nQ29uY2Vybjox",
        }),
    )
    .unwrap();
    insta::assert_snapshot!(
        "safeguarding_immediate_for_a_concern",
        format!(
            "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
            r.subject, r.text, r.html
        )
    );
    // The six-monthly survey invitation: the period and a link, nothing
    // about earlier answers.
    let r = render(
        "outcome_survey_invitation",
        &json!({
            "name": "Edna Morris",
            "period": "July to December 2026",
            "link": "http://localhost:8080/outcome-survey",
        }),
    )
    .unwrap();
    insta::assert_snapshot!(
        "outcome_survey_invitation_for_a_resident",
        format!(
            "Subject: {}\n\n--- text ---\n{}\n--- html ---\n{}",
            r.subject, r.text, r.html
        )
    );
}
