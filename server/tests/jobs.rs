//! Job slots are claimed once across instances; jobs are idempotent.

mod common;

use common::TestApp;
use kith::jobs::{self, JobContext};
use kith::mail::Transport;

async fn a_slot_is_claimed_once(app: TestApp) {
    let now = app.state.clock.now_naive();
    let mut conn = app.conn();
    assert!(jobs::claim_slot(&mut conn, "nightly", now, "instance-a", now).unwrap());
    assert!(!jobs::claim_slot(&mut conn, "nightly", now, "instance-b", now).unwrap());
    assert!(jobs::claim_slot(&mut conn, "other-job", now, "instance-b", now).unwrap());
    jobs::finish_slot(&mut conn, "nightly", now, now).unwrap();
}

async fn concurrent_claims_have_one_winner(app: TestApp) {
    let now = app.state.clock.now_naive();
    let mut handles = Vec::new();
    for i in 0..8 {
        let db = app.state.db.clone();
        handles.push(tokio::spawn(async move {
            db.run(move |conn| jobs::claim_slot(conn, "hourly", now, &format!("i{i}"), now))
                .await
                .unwrap()
        }));
    }
    let mut winners = 0;
    for h in handles {
        winners += h.await.unwrap() as usize;
    }
    assert_eq!(winners, 1);
}

async fn housekeeping_runs_once_per_hour(app: TestApp) {
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(app.dir.path().join("mail")),
    };
    let now = app.state.clock.now();
    assert!(jobs::housekeeping(&ctx, now).await.unwrap());
    assert!(
        !jobs::housekeeping(&ctx, now + chrono::Duration::minutes(5))
            .await
            .unwrap()
    );
    assert!(jobs::housekeeping(&ctx, now + chrono::Duration::hours(1))
        .await
        .unwrap());
}

async fn development_mail_is_written_as_files(app: TestApp) {
    let dir = app.dir.path().join("mail");
    std::fs::create_dir_all(&dir).unwrap();
    let ctx = JobContext {
        state: app.state.clone(),
        transport: Transport::Files(dir.clone()),
    };
    app.register("ann@example.org", "Ann").await;
    app.ok(
        None,
        "mutation { requestPasswordReset(email: \"ann@example.org\") }",
        serde_json::json!({}),
    )
    .await;
    let report = jobs::relay_outbox(&ctx, app.state.clock.now())
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(text.contains("Subject: Reset your Kith password"));
}

both_backends!(
    a_slot_is_claimed_once,
    concurrent_claims_have_one_winner,
    housekeeping_runs_once_per_hour,
    development_mail_is_written_as_files,
);
