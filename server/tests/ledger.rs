//! The time bank through GraphQL: automatic credits for shifts, help and
//! check-ins, the resident's side, reversals, gifts with idempotency keys,
//! limits, who sees which account, and community reciprocity.

mod common;

use chrono::Duration;
use common::{epoch, Session, TestApp};
use serde_json::{json, Value};

const ACCOUNT: &str = "query($id: ID!) { node(id: $id) { ... on Person { timeAccount { id balanceMinutes givenMinutes receivedMinutes lowerLimitMinutes transfers(first: 20) { totalCount edges { node { id kind minutes change reason payerName payeeName sourceKind reversesTransferId } } } } } } }";
const TRANSFER: &str = "mutation($i: TransferTimeInput!) { transferTime(input: $i) { id kind minutes reason payerName payeeName } }";
const REVERSE: &str = "mutation($t: ID!, $r: String!) { reverseTransfer(transferId: $t, reason: $r) { id kind minutes reversesTransferId } }";

struct World {
    coord: Session,
    group: String,
    tom: Session,
    rita: Session,
    other: Session,
}

async fn join(app: &TestApp, who: &Session, group: &str) {
    app.ok(
        Some(&who.access),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
}

async fn world(app: &TestApp) -> World {
    let coord = app.register("coord@example.org", "Priya Shah").await;
    let group = app.create_group(&coord, "Riverside Friends", "OPEN").await;
    let tom = app.register("tom@example.org", "Tom Evans").await;
    let rita = app.register("rita@example.org", "Rita Jones").await;
    let other = app.register("other@example.org", "Olu Ade").await;
    join(app, &tom, &group).await;
    join(app, &rita, &group).await;
    World {
        coord,
        group,
        tom,
        rita,
        other,
    }
}

async fn account(app: &TestApp, who: &Session, person: &str) -> Value {
    app.ok(Some(&who.access), ACCOUNT, json!({"id": person}))
        .await["node"]["timeAccount"]
        .clone()
}

async fn login(app: &TestApp, email: &str) -> Session {
    let data = app
        .ok(
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken person { id } } }",
            json!({"e": email, "p": "a perfectly fine passphrase"}),
        )
        .await;
    Session::from(&data["login"])
}

/// The issue's "done when": an attended shift and completed help show as
/// credits, the resident's balance shows what she received, and a reversal
/// restores both balances.
async fn credits_and_reversal(app: TestApp) {
    let mut w = world(&app).await;
    // A shift two hours from now; Tom signs up.
    let shift = app
        .ok(
            Some(&w.coord.access),
            "mutation($i: CreateShiftInput!) { createShift(input: $i) { id } }",
            json!({"i": {"groupId": w.group, "title": "Lunch club helpers",
                "startsAt": (epoch() + Duration::hours(2)).to_rfc3339(),
                "endsAt": (epoch() + Duration::hours(5)).to_rfc3339(), "places": 2}}),
        )
        .await["createShift"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let signup = app
        .ok(
            Some(&w.tom.access),
            "mutation($s: ID!) { signUpForShift(shiftId: $s) { id } }",
            json!({"s": shift}),
        )
        .await["signUpForShift"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Rita asks for help; Tom is assigned and completes it in 45 minutes.
    let help = app
        .ok(
            Some(&w.rita.access),
            "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id } }",
            json!({"i": {"groupId": w.group, "category": "SHOPPING", "description": "Weekly shop",
                "preferredTimes": [{"startsAt": "2026-11-23T14:00:00Z", "endsAt": "2026-11-23T16:00:00Z"}]}}),
        )
        .await["requestHelp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&w.coord.access),
        "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { id } }",
        json!({"h": help, "v": w.tom.person_id}),
    )
    .await;
    let complete =
        "mutation($h: ID!) { completeHelpRequest(helpRequestId: $h, minutes: 45) { status } }";
    app.ok(Some(&w.tom.access), complete, json!({"h": help}))
        .await;

    // Attendance after the shift: 180 minutes, recorded twice (once counts).
    app.state.clock.advance(Duration::hours(6));
    w.coord = login(&app, "coord@example.org").await;
    w.tom = login(&app, "tom@example.org").await;
    w.rita = login(&app, "rita@example.org").await;
    w.other = login(&app, "other@example.org").await;
    let attend = "mutation($id: ID!, $m: Int!) { recordShiftAttendance(signupId: $id, minutes: $m) { attendedMinutes } }";
    for _ in 0..2 {
        app.ok(
            Some(&w.coord.access),
            attend,
            json!({"id": signup, "m": 180}),
        )
        .await;
    }
    // A different figure after the credit is refused, and changes nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            attend,
            json!({"id": signup, "m": 200})
        )
        .await,
        "CONFLICT"
    );
    assert_eq!(app.snapshot(), before);

    let tom = account(&app, &w.tom, &w.tom.person_id).await;
    assert_eq!(tom["balanceMinutes"], 225);
    assert_eq!(tom["givenMinutes"], 225);
    assert_eq!(tom["receivedMinutes"], 0);
    let lines = tom["transfers"]["edges"].as_array().unwrap();
    assert_eq!(tom["transfers"]["totalCount"], 2);
    let shift_line = &lines[0]["node"];
    assert_eq!(shift_line["kind"], "SHIFT");
    assert_eq!(shift_line["change"], 180);
    assert_eq!(shift_line["payerName"], "Riverside Friends");
    assert_eq!(shift_line["payeeName"], "Tom Evans");
    assert_eq!(shift_line["sourceKind"], "SHIFT_SIGNUP");
    let help_line = &lines[1]["node"];
    assert_eq!(help_line["kind"], "HELP_REQUEST");
    assert_eq!(help_line["change"], 45);
    assert_eq!(help_line["payerName"], "Rita Jones");

    // Rita sees what she received.
    let rita = account(&app, &w.rita, &w.rita.person_id).await;
    assert_eq!(rita["balanceMinutes"], -45);
    assert_eq!(rita["receivedMinutes"], 45);
    assert_eq!(rita["lowerLimitMinutes"], -600);
    assert_eq!(rita["transfers"]["edges"][0]["node"]["change"], -45);

    // Who sees which account: not another member (who can see Tom, but not
    // his account); the coordinator does.
    let seen = app
        .ok(
            Some(&w.other.access),
            "query($id: ID!) { node(id: $id) { ... on Person { displayName timeAccount { balanceMinutes } } } }",
            json!({"id": w.tom.person_id}),
        )
        .await;
    assert_eq!(seen["node"]["timeAccount"], Value::Null, "{seen}");
    assert_eq!(
        account(&app, &w.coord, &w.tom.person_id).await["balanceMinutes"],
        225
    );

    // The coordinator reverses the help credit: both balances come back.
    let help_transfer = help_line["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.err(
            Some(&w.other.access),
            REVERSE,
            json!({"t": help_transfer, "r": "Recorded in error"})
        )
        .await,
        "NOT_FOUND"
    );
    let rev = app
        .ok(
            Some(&w.coord.access),
            REVERSE,
            json!({"t": help_transfer, "r": "Recorded in error"}),
        )
        .await["reverseTransfer"]
        .clone();
    assert_eq!(rev["kind"], "REVERSAL");
    assert_eq!(rev["minutes"], 45);
    assert_eq!(rev["reversesTransferId"], json!(help_transfer));
    let tom = account(&app, &w.tom, &w.tom.person_id).await;
    assert_eq!(tom["balanceMinutes"], 180);
    assert_eq!(tom["givenMinutes"], 180);
    let rita = account(&app, &w.rita, &w.rita.person_id).await;
    assert_eq!(rita["balanceMinutes"], 0);
    assert_eq!(rita["receivedMinutes"], 0);
    // Once only; and a reversal is not itself reversed.
    let before = app.snapshot();
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            REVERSE,
            json!({"t": help_transfer, "r": "Again"})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(
        app.err(
            Some(&w.coord.access),
            REVERSE,
            json!({"t": rev["id"], "r": "Undo the undo"})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(app.snapshot(), before);
    // The group's pot paid for the shift.
    let pot = app
        .ok(
            Some(&w.coord.access),
            "query($g: ID!) { node(id: $g) { ... on Group { timeAccount { balanceMinutes } } } }",
            json!({"g": w.group}),
        )
        .await;
    assert_eq!(pot["node"]["timeAccount"]["balanceMinutes"], -180);
    let hidden = app
        .ok(
            Some(&w.tom.access),
            "query($g: ID!) { node(id: $g) { ... on Group { timeAccount { balanceMinutes } } } }",
            json!({"g": w.group}),
        )
        .await;
    assert_eq!(hidden["node"]["timeAccount"], Value::Null);

    // Tom asks for help in turn, and Priya gives it: Tom has now received
    // as well as given. Rita's reversed help no longer counts.
    let help = app
        .ok(
            Some(&w.tom.access),
            "mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id } }",
            json!({"i": {"groupId": w.group, "category": "TRANSPORT", "description": "To the surgery",
                "preferredTimes": [{"startsAt": "2026-11-24T09:00:00Z", "endsAt": "2026-11-24T11:00:00Z"}]}}),
        )
        .await["requestHelp"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.ok(
        Some(&w.coord.access),
        "mutation($h: ID!, $v: ID!) { assignHelpRequest(helpRequestId: $h, volunteerId: $v) { id } }",
        json!({"h": help, "v": w.coord.person_id}),
    )
    .await;
    app.ok(
        Some(&w.coord.access),
        "mutation($h: ID!) { completeHelpRequest(helpRequestId: $h, minutes: 30) { status } }",
        json!({"h": help}),
    )
    .await;
    let tom = account(&app, &w.tom, &w.tom.person_id).await;
    assert_eq!(tom["balanceMinutes"], 150);
    assert_eq!(tom["givenMinutes"], 180);
    assert_eq!(tom["receivedMinutes"], 30);
    let stats = app
        .ok(
            Some(&w.coord.access),
            "query($g: ID) { communityReciprocity(groupId: $g) { hoursGiven hoursReceived peopleReceiving peopleReceivingWhoAlsoGive shareOfReceiversWhoGive } }",
            json!({"g": w.group}),
        )
        .await["communityReciprocity"]
        .clone();
    // Given: Tom's shift (180) and Priya's help (30); received: Tom's help
    // (30). Rita's help was reversed, so she has received nothing.
    assert_eq!(stats["hoursGiven"], 3.5);
    assert_eq!(stats["hoursReceived"], 0.5);
    assert_eq!(stats["peopleReceiving"], 1);
    assert_eq!(stats["peopleReceivingWhoAlsoGive"], 1);
    assert_eq!(stats["shareOfReceiversWhoGive"], 1.0);
}

/// Gifts: idempotency keys, limits, who may pay from where, bad input.
async fn gifts_keys_and_limits(app: TestApp) {
    let w = world(&app).await;
    let gift = |minutes: i64, key: &str, reason: &str| json!({"i": {"toAccountId": w.rita.person_id, "minutes": minutes, "reason": reason, "idempotencyKey": key}});
    let first = app
        .ok(
            Some(&w.tom.access),
            TRANSFER,
            gift(120, "gift-0001", "Thanks for the lift"),
        )
        .await["transferTime"]
        .clone();
    assert_eq!(first["kind"], "GIFT");
    assert_eq!(first["payerName"], "Tom Evans");
    assert_eq!(first["payeeName"], "Rita Jones");
    // The same request again: the same transfer, nothing new.
    let before = app.snapshot();
    let again = app
        .ok(
            Some(&w.tom.access),
            TRANSFER,
            gift(120, "gift-0001", "Thanks for the lift"),
        )
        .await["transferTime"]
        .clone();
    assert_eq!(again["id"], first["id"]);
    assert_eq!(app.snapshot(), before);
    // The same key for something else.
    assert_eq!(
        app.err(
            Some(&w.tom.access),
            TRANSFER,
            gift(121, "gift-0001", "Thanks for the lift")
        )
        .await,
        "IDEMPOTENCY_KEY_REUSED"
    );
    // The same key and content under another kind is a different request.
    let mut other_kind = gift(120, "gift-0001", "Thanks for the lift");
    other_kind["i"]["kind"] = json!("DONATION_TO_GROUP");
    assert_eq!(
        app.err(Some(&w.tom.access), TRANSFER, other_kind).await,
        "IDEMPOTENCY_KEY_REUSED"
    );
    // Below the limit: Tom is at -120 and may go to -600.
    assert_eq!(
        app.err(
            Some(&w.tom.access),
            TRANSFER,
            gift(481, "gift-0002", "Too much")
        )
        .await,
        "INSUFFICIENT_BALANCE"
    );
    assert_eq!(app.snapshot(), before);
    app.ok(
        Some(&w.tom.access),
        TRANSFER,
        gift(480, "gift-0003", "Everything I have"),
    )
    .await;
    let tom = account(&app, &w.tom, &w.tom.person_id).await;
    assert_eq!(tom["balanceMinutes"], -600);
    // Donating to the group's pot.
    let donation = app
        .ok(
            Some(&w.rita.access),
            TRANSFER,
            json!({"i": {"toAccountId": w.group, "minutes": 30, "reason": "For the lunch club", "idempotencyKey": "donate-0001"}}),
        )
        .await["transferTime"]
        .clone();
    assert_eq!(donation["kind"], "DONATION_TO_GROUP");
    // Paying from someone else's account or a group one does not run.
    let tom_account = tom["id"].as_str().unwrap().to_string();
    let before = app.snapshot();
    for (input, code) in [
        (
            json!({"fromAccountId": tom_account, "toAccountId": w.other.person_id, "minutes": 10, "reason": "Not mine", "idempotencyKey": "steal-0001"}),
            "FORBIDDEN",
        ),
        (
            json!({"fromAccountId": w.group, "toAccountId": w.other.person_id, "minutes": 10, "reason": "Not mine", "idempotencyKey": "steal-0002"}),
            "FORBIDDEN",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 10, "reason": "Adjust", "kind": "ADJUSTMENT", "idempotencyKey": "adjust-001"}),
            "FORBIDDEN",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 10, "reason": "Shift", "kind": "SHIFT", "idempotencyKey": "shift-0001"}),
            "VALIDATION",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 0, "reason": "Nothing", "idempotencyKey": "zero-0001"}),
            "VALIDATION",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 10, "reason": "Short key", "idempotencyKey": "k"}),
            "VALIDATION",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 10, "reason": "", "idempotencyKey": "empty-reason"}),
            "VALIDATION",
        ),
        (
            json!({"toAccountId": w.other.person_id, "minutes": 10, "reason": "To myself", "idempotencyKey": "self-0001", "fromAccountId": w.other.person_id}),
            "VALIDATION",
        ),
        (
            json!({"toAccountId": "not-an-id", "minutes": 10, "reason": "Nowhere", "idempotencyKey": "bad-id-001"}),
            "VALIDATION",
        ),
    ] {
        assert_eq!(
            app.err(Some(&w.other.access), TRANSFER, json!({"i": input.clone()}))
                .await,
            code,
            "{input}"
        );
    }
    assert_eq!(
        app.err(None, TRANSFER, gift(10, "anon-0001", "Who am I"))
            .await,
        "UNAUTHENTICATED"
    );
    assert_eq!(app.snapshot(), before);
    // The coordinator may pay from the group's pot.
    let paid = app
        .ok(
            Some(&w.coord.access),
            TRANSFER,
            json!({"i": {"fromAccountId": w.group, "toAccountId": w.other.person_id, "minutes": 60, "reason": "Thank you for the leaflets", "idempotencyKey": "pot-00001"}}),
        )
        .await["transferTime"]
        .clone();
    assert_eq!(paid["payerName"], "Riverside Friends");

    // Gifts and donations move balances but are not time given or
    // received: the counters and the group's reciprocity stay at zero.
    let stats = app
        .ok(
            Some(&w.tom.access),
            "query($g: ID) { communityReciprocity(groupId: $g) { hoursGiven hoursReceived peopleReceiving peopleReceivingWhoAlsoGive shareOfReceiversWhoGive } }",
            json!({"g": w.group}),
        )
        .await["communityReciprocity"]
        .clone();
    assert_eq!(stats["hoursGiven"], 0.0);
    assert_eq!(stats["hoursReceived"], 0.0);
    assert_eq!(stats["peopleReceiving"], 0);
    assert_eq!(stats["peopleReceivingWhoAlsoGive"], 0);
    assert_eq!(stats["shareOfReceiversWhoGive"], 0.0);
    for who in [&w.tom, &w.rita] {
        let a = account(&app, who, &who.person_id).await;
        assert_eq!(
            (a["givenMinutes"].as_i64(), a["receivedMinutes"].as_i64()),
            (Some(0), Some(0)),
            "{a}"
        );
    }
    assert_eq!(
        app.err(None, "{ communityReciprocity { hoursGiven } }", json!({}))
            .await,
        "UNAUTHENTICATED"
    );
}

/// A completed check-in credits the volunteer from the group's pot, once.
async fn check_in_credit(app: TestApp) {
    let w = world(&app).await;
    let plan = json!({"i": {"residentId": w.rita.person_id, "groupId": w.group, "volunteerId": w.tom.person_id,
        "recurrence": "FREQ=DAILY", "firstDueAt": "2026-11-23T10:00:00Z", "channel": "PHONE"}});
    app.ok(
        Some(&w.coord.access),
        "mutation($i: CreateCheckInPlanInput!) { createCheckInPlan(input: $i) { id } }",
        plan,
    )
    .await;
    let first = app
        .ok(
            Some(&w.tom.access),
            "{ myCheckIns(first: 1) { edges { node { id } } } }",
            json!({}),
        )
        .await["myCheckIns"]["edges"][0]["node"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let record = "mutation($i: RecordCheckInInput!) { recordCheckIn(input: $i) { status } }";
    app.ok(
        Some(&w.tom.access),
        record,
        json!({"i": {"checkInId": first, "outcome": "WELL", "minutes": 20}}),
    )
    .await;
    assert_eq!(
        app.err(
            Some(&w.tom.access),
            record,
            json!({"i": {"checkInId": first, "outcome": "WELL", "minutes": 20}})
        )
        .await,
        "INVALID_TRANSITION"
    );
    let tom = account(&app, &w.tom, &w.tom.person_id).await;
    assert_eq!(tom["balanceMinutes"], 20);
    assert_eq!(tom["transfers"]["edges"][0]["node"]["kind"], "CHECK_IN");
    assert_eq!(
        tom["transfers"]["edges"][0]["node"]["payerName"],
        "Riverside Friends"
    );
}

both_backends!(credits_and_reversal, gifts_keys_and_limits, check_in_credit);
