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
    let declined = render(
        "membership_decided",
        &json!({"name": "Tom", "group": "Board", "approved": false, "link": "x"}),
    )
    .unwrap();
    insta::assert_snapshot!(
        "membership_declined",
        format!("Subject: {}\n\n{}", declined.subject, declined.text)
    );
}
