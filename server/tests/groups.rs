//! Groups and membership, on both backends: the whole join-and-approve
//! journey through GraphQL, the authorization matrix, and bad inputs.

mod common;

use common::{error_code, Session, TestApp};
use serde_json::{json, Value};

const JOIN: &str = "mutation($g: ID!) { joinGroup(groupId: $g) { id status role group { name } person { displayName } } }";
const DECIDE: &str = "mutation($m: ID!, $a: Boolean!) { decideMembership(membershipId: $m, approve: $a) { id status } }";
const ROLE: &str =
    "mutation($m: ID!, $r: MemberRole!) { setMemberRole(membershipId: $m, role: $r) { id role } }";
const UPDATE: &str =
    "mutation($i: UpdateGroupInput!) { updateGroup(input: $i) { id name description } }";
const MEMBERS: &str = "query($g: ID!) { group(id: $g) { members { totalCount edges { node { id status role person { displayName } } } } } }";

async fn join_and_approve_journey(app: TestApp) {
    // A new person registers, logs in and creates a group.
    app.register("priya@example.org", "Priya").await;
    let login = app
        .ok(
            None,
            "mutation { login(email: \"priya@example.org\", password: \"a perfectly fine passphrase\") { accessToken } }",
            json!({}),
        )
        .await;
    let priya_token = login["login"]["accessToken"].as_str().unwrap().to_string();
    let created = app
        .ok(
            Some(&priya_token),
            "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id name kind joinPolicy area contactEmail memberCount myMembership { role status } } }",
            json!({"i": {"name": "Riverside Good Neighbours", "kind": "VOLUNTARY_GROUP", "joinPolicy": "APPROVAL",
                         "area": "Riverside", "description": "Shopping and lifts", "contactEmail": "Hello@Riverside.example"}}),
        )
        .await;
    let g = &created["createGroup"];
    assert_eq!(g["memberCount"], 1);
    assert_eq!(g["contactEmail"], "hello@riverside.example");
    assert_eq!(
        g["myMembership"],
        json!({"role": "COORDINATOR", "status": "ACTIVE"})
    );
    let group_id = g["id"].as_str().unwrap().to_string();

    // Another person joins; the request waits for approval.
    let tom = app.register("tom@example.org", "Tom").await;
    let joined = app
        .ok(Some(&tom.access), JOIN, json!({"g": group_id}))
        .await;
    assert_eq!(joined["joinGroup"]["status"], "PENDING");
    assert_eq!(
        joined["joinGroup"]["group"]["name"],
        "Riverside Good Neighbours"
    );
    let membership_id = joined["joinGroup"]["id"].as_str().unwrap().to_string();
    // Asking twice is a conflict and changes nothing.
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&tom.access), JOIN, json!({"g": group_id}))
            .await,
        "CONFLICT"
    );
    assert_eq!(app.snapshot(), before);
    // The coordinator was emailed about the request.
    {
        let mut conn = app.conn();
        let mail = kith::mail::outbox::all(&mut conn).unwrap();
        assert!(mail.iter().any(|m| m.kind == "membership_requested"
            && m.to_address == "priya@example.org"
            && m.subject.contains("Tom")));
    }
    // The coordinator sees the pending request and approves it.
    let members = app
        .ok(Some(&priya_token), MEMBERS, json!({"g": group_id}))
        .await;
    assert_eq!(members["group"]["members"]["totalCount"], 2);
    let approved = app
        .ok(
            Some(&priya_token),
            DECIDE,
            json!({"m": membership_id, "a": true}),
        )
        .await;
    assert_eq!(approved["decideMembership"]["status"], "ACTIVE");
    // Deciding again is an invalid transition.
    assert_eq!(
        app.err(
            Some(&priya_token),
            DECIDE,
            json!({"m": membership_id, "a": false})
        )
        .await,
        "INVALID_TRANSITION"
    );
    let group = app
        .ok(
            Some(&tom.access),
            "query($g: ID!) { group(id: $g) { memberCount myMembership { status } } }",
            json!({"g": group_id}),
        )
        .await;
    assert_eq!(
        group["group"],
        json!({"memberCount": 2, "myMembership": {"status": "ACTIVE"}})
    );
    let me = app
        .ok(
            Some(&tom.access),
            "{ me { memberships { status group { name } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        me["me"]["memberships"][0]["group"]["name"],
        "Riverside Good Neighbours"
    );
    {
        let mut conn = app.conn();
        let mail = kith::mail::outbox::all(&mut conn).unwrap();
        assert!(mail
            .iter()
            .any(|m| m.kind == "membership_decided" && m.to_address == "tom@example.org"));
    }
}

async fn open_and_invitation_policies(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let open = app.create_group(&priya, "Lunch Club", "OPEN").await;
    let invite_only = app.create_group(&priya, "Board", "INVITATION").await;
    let tom = app.register("tom@example.org", "Tom").await;
    let joined = app.ok(Some(&tom.access), JOIN, json!({"g": open})).await;
    assert_eq!(joined["joinGroup"]["status"], "ACTIVE");
    let before = app.snapshot();
    assert_eq!(
        app.err(Some(&tom.access), JOIN, json!({"g": invite_only}))
            .await,
        "FORBIDDEN"
    );
    assert_eq!(app.snapshot(), before);
    const INVITE: &str = "mutation($g: ID!, $e: String!) { inviteToGroup(input: {groupId: $g, email: $e}) { id status } }";
    // Only coordinators invite; unknown emails are not found.
    assert_eq!(
        app.err(
            Some(&tom.access),
            INVITE,
            json!({"g": invite_only, "e": "tom@example.org"})
        )
        .await,
        "FORBIDDEN"
    );
    assert_eq!(
        app.err(
            Some(&priya.access),
            INVITE,
            json!({"g": invite_only, "e": "nobody@example.org"})
        )
        .await,
        "NOT_FOUND"
    );
    assert_eq!(
        app.err(
            Some(&priya.access),
            INVITE,
            json!({"g": invite_only, "e": "bad"})
        )
        .await,
        "VALIDATION"
    );
    let invited = app
        .ok(
            Some(&priya.access),
            INVITE,
            json!({"g": invite_only, "e": "TOM@example.org"}),
        )
        .await;
    assert_eq!(invited["inviteToGroup"]["status"], "INVITED");
    assert_eq!(
        app.err(
            Some(&priya.access),
            INVITE,
            json!({"g": invite_only, "e": "tom@example.org"})
        )
        .await,
        "CONFLICT"
    );
    let accepted = app
        .ok(Some(&tom.access), JOIN, json!({"g": invite_only}))
        .await;
    assert_eq!(accepted["joinGroup"]["status"], "ACTIVE");
    assert_eq!(accepted["joinGroup"]["id"], invited["inviteToGroup"]["id"]);
}

/// Who is asking, in the authorization matrix.
struct Cast {
    member: Session,
    coordinator: Session,
    other_coordinator: Session,
    admin: Session,
    group: String,
    pending: String,
    member_membership: String,
}

async fn cast(app: &TestApp) -> Cast {
    let coordinator = app.register("coord@example.org", "Coord").await;
    let group = app
        .create_group(&coordinator, "Riverside", "APPROVAL")
        .await;
    let other_coordinator = app.register("other@example.org", "Other").await;
    app.create_group(&other_coordinator, "Elsewhere", "OPEN")
        .await;
    let admin = app.admin("admin@example.org").await;
    let member = app.register("member@example.org", "Member").await;
    let m = app
        .ok(Some(&member.access), JOIN, json!({"g": group}))
        .await;
    let member_membership = m["joinGroup"]["id"].as_str().unwrap().to_string();
    app.ok(
        Some(&coordinator.access),
        DECIDE,
        json!({"m": member_membership, "a": true}),
    )
    .await;
    let applicant = app.register("applicant@example.org", "Applicant").await;
    let p = app
        .ok(Some(&applicant.access), JOIN, json!({"g": group}))
        .await;
    Cast {
        member,
        coordinator,
        other_coordinator,
        admin,
        group,
        pending: p["joinGroup"]["id"].as_str().unwrap().to_string(),
        member_membership,
    }
}

async fn authorization_matrix(app: TestApp) {
    let c = cast(&app).await;
    let who: [(&str, Option<&str>); 5] = [
        ("anonymous", None),
        ("member", Some(&c.member.access)),
        (
            "other group's coordinator",
            Some(&c.other_coordinator.access),
        ),
        ("coordinator", Some(&c.coordinator.access)),
        ("admin", Some(&c.admin.access)),
    ];
    // Expected outcome per caller, in the order above: None means allowed.
    type Op<'a> = (&'a str, &'a str, Value, [Option<&'a str>; 5]);
    let deny_all_but_coordinators = [
        Some("UNAUTHENTICATED"),
        Some("FORBIDDEN"),
        Some("NOT_FOUND"),
        None,
        None,
    ];
    let ops: Vec<Op> = vec![
        (
            "updateGroup",
            UPDATE,
            json!({"i": {"id": c.group, "description": "Updated"}}),
            [
                Some("UNAUTHENTICATED"),
                Some("FORBIDDEN"),
                Some("FORBIDDEN"),
                None,
                None,
            ],
        ),
        (
            "members",
            MEMBERS,
            json!({"g": c.group}),
            [
                Some("UNAUTHENTICATED"),
                Some("FORBIDDEN"),
                Some("FORBIDDEN"),
                None,
                None,
            ],
        ),
        (
            "setMemberRole",
            ROLE,
            json!({"m": c.member_membership, "r": "SAFEGUARDING_LEAD"}),
            deny_all_but_coordinators,
        ),
    ];
    for (name, query, vars, expected) in ops {
        for ((caller, token), want) in who.iter().zip(expected) {
            let before = app.snapshot();
            let resp = app.gql(*token, query, vars.clone()).await;
            let got = error_code(&resp);
            assert_eq!(got.as_deref(), want, "{name} as {caller}: {resp}");
            if want.is_some() {
                assert_eq!(
                    app.snapshot(),
                    before,
                    "{name} as {caller} was refused but changed something"
                );
            }
        }
    }
    // Deciding a request: allowed once, so each caller tries a fresh one.
    // A member cannot even see someone else's request.
    let expected = [
        Some("UNAUTHENTICATED"),
        Some("NOT_FOUND"),
        Some("NOT_FOUND"),
        None,
        None,
    ];
    for (i, ((caller, token), want)) in who.iter().zip(expected).enumerate() {
        let applicant = app
            .register(&format!("a{i}@example.org"), "Applicant")
            .await;
        let p = app
            .ok(Some(&applicant.access), JOIN, json!({"g": c.group}))
            .await;
        let id = p["joinGroup"]["id"].as_str().unwrap().to_string();
        let resp = app.gql(*token, DECIDE, json!({"m": id, "a": true})).await;
        assert_eq!(
            error_code(&resp).as_deref(),
            want,
            "decideMembership as {caller}: {resp}"
        );
    }
    // Seeing a membership through node(): the member, coordinators, admins.
    let node = "query($id: ID!) { node(id: $id) { id } }";
    for ((caller, token), visible) in who.iter().zip([false, false, false, true, true]) {
        let resp = app.ok(*token, node, json!({"id": c.pending})).await;
        assert_eq!(
            !resp["node"].is_null(),
            visible,
            "membership node as {caller}"
        );
    }
    // A person's email: only themselves and admins.
    let person = format!(
        "{{ node(id: \"{}\") {{ ... on Person {{ displayName email }} }} }}",
        c.member.person_id
    );
    let as_self = app.ok(Some(&c.member.access), &person, json!({})).await;
    assert_eq!(as_self["node"]["email"], "member@example.org");
    let as_coord = app
        .ok(Some(&c.coordinator.access), &person, json!({}))
        .await;
    assert_eq!(as_coord["node"]["displayName"], "Member");
    assert!(as_coord["node"]["email"].is_null());
    let as_other = app
        .ok(Some(&c.other_coordinator.access), &person, json!({}))
        .await;
    assert!(
        as_other["node"].is_null(),
        "other group's coordinator saw a person"
    );
    let as_admin = app.ok(Some(&c.admin.access), &person, json!({})).await;
    assert_eq!(as_admin["node"]["email"], "member@example.org");
}

async fn roles_keep_a_coordinator_and_fit_the_group(app: TestApp) {
    let c = cast(&app).await;
    let me = app
        .ok(
            Some(&c.coordinator.access),
            "{ me { memberships { id role } } }",
            json!({}),
        )
        .await;
    let coord_membership = me["me"]["memberships"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let before = app.snapshot();
    // The last coordinator cannot step down.
    assert_eq!(
        app.err(
            Some(&c.coordinator.access),
            ROLE,
            json!({"m": coord_membership, "r": "MEMBER"})
        )
        .await,
        "CONFLICT"
    );
    // Partner staff exist only in statutory partners.
    let resp = app
        .gql(
            Some(&c.coordinator.access),
            ROLE,
            json!({"m": c.member_membership, "r": "PARTNER_STAFF"}),
        )
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
    assert_eq!(resp["errors"][0]["extensions"]["field"], "role");
    // A pending request cannot be given a role.
    assert_eq!(
        app.err(
            Some(&c.coordinator.access),
            ROLE,
            json!({"m": c.pending, "r": "COORDINATOR"})
        )
        .await,
        "INVALID_TRANSITION"
    );
    assert_eq!(app.snapshot(), before);
    // With a second coordinator, the first may step down.
    app.ok(
        Some(&c.coordinator.access),
        ROLE,
        json!({"m": c.member_membership, "r": "COORDINATOR"}),
    )
    .await;
    let data = app
        .ok(
            Some(&c.coordinator.access),
            ROLE,
            json!({"m": coord_membership, "r": "MEMBER"}),
        )
        .await;
    assert_eq!(data["setMemberRole"]["role"], "MEMBER");
    // ... and is then no longer allowed to coordinate.
    assert_eq!(
        app.err(
            Some(&c.coordinator.access),
            UPDATE,
            json!({"i": {"id": c.group, "name": "X Y"}})
        )
        .await,
        "FORBIDDEN"
    );
}

async fn group_input_is_checked(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let admin = app.admin("admin@example.org").await;
    const CREATE: &str = "mutation($i: CreateGroupInput!) { createGroup(input: $i) { id kind } }";
    let before = app.snapshot();
    let bad = [
        (
            json!({"name": "X", "kind": "CHARITY", "joinPolicy": "OPEN"}),
            "VALIDATION",
            Some("name"),
        ),
        (
            json!({"name": "Good name", "kind": "CHARITY", "joinPolicy": "OPEN", "contactEmail": "nope"}),
            "VALIDATION",
            Some("contactEmail"),
        ),
        (
            json!({"name": "Good name", "kind": "CHARITY", "joinPolicy": "OPEN", "area": "a".repeat(121)}),
            "VALIDATION",
            Some("area"),
        ),
        (
            json!({"name": "Good name", "kind": "SPACESHIP", "joinPolicy": "OPEN"}),
            "VALIDATION",
            None,
        ),
        (
            json!({"name": "Council", "kind": "NHS", "joinPolicy": "INVITATION"}),
            "FORBIDDEN",
            None,
        ),
    ];
    for (input, code, field) in bad {
        let resp = app
            .gql(Some(&priya.access), CREATE, json!({"i": input.clone()}))
            .await;
        assert_eq!(error_code(&resp).as_deref(), Some(code), "{input}: {resp}");
        if let Some(f) = field {
            assert_eq!(resp["errors"][0]["extensions"]["field"], f);
        }
    }
    assert_eq!(
        app.err(
            None,
            CREATE,
            json!({"i": {"name": "Good name", "kind": "CHARITY", "joinPolicy": "OPEN"}})
        )
        .await,
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.snapshot(),
        before,
        "refused group creation changed something"
    );
    // Admins create statutory partners.
    let nhs = app
        .ok(
            Some(&admin.access),
            CREATE,
            json!({"i": {"name": "Riverside NHS", "kind": "NHS", "joinPolicy": "INVITATION"}}),
        )
        .await;
    assert_eq!(nhs["createGroup"]["kind"], "NHS");
    // Ids of the wrong shape or type.
    assert_eq!(
        app.err(Some(&priya.access), JOIN, json!({"g": "garbage"}))
            .await,
        "VALIDATION"
    );
    assert_eq!(
        app.err(Some(&priya.access), JOIN, json!({"g": priya.person_id}))
            .await,
        "NOT_FOUND"
    );
    let missing = kith::graphql::ids::encode("Group", 999_999);
    assert_eq!(
        app.err(Some(&priya.access), JOIN, json!({"g": missing}))
            .await,
        "NOT_FOUND"
    );
    assert_eq!(
        app.ok(
            None,
            "query($g: ID!) { group(id: $g) { id } }",
            json!({"g": missing})
        )
        .await["group"],
        Value::Null
    );
}

async fn public_group_search_pages_by_name(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let names = [
        "Allotment Friends",
        "bellringers",
        "Café 100%",
        "Dog Walkers",
        "Eastside Lunch Club",
        "Friends of the Park",
    ];
    for n in names {
        app.create_group(&priya, n, "OPEN").await;
    }
    const LIST: &str = "query($s: String, $f: Int, $a: String) { groups(search: $s, first: $f, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }";
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app.ok(None, LIST, json!({"f": 4, "a": after})).await;
        let conn = &data["groups"];
        assert_eq!(conn["totalCount"], 6);
        for e in conn["edges"].as_array().unwrap() {
            seen.push(e["node"]["name"].as_str().unwrap().to_string());
        }
        if !conn["pageInfo"]["hasNextPage"].as_bool().unwrap() {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_string);
    }
    assert_eq!(seen, names, "pages were not in name order without gaps");
    let found = app.ok(None, LIST, json!({"s": "FRIENDS"})).await;
    assert_eq!(found["groups"]["totalCount"], 2);
    // LIKE wildcards in the search are taken literally.
    let pct = app.ok(None, LIST, json!({"s": "%"})).await;
    assert_eq!(pct["groups"]["totalCount"], 1);
    let kinds = app
        .ok(None, "{ groups(kind: NHS) { totalCount } }", json!({}))
        .await;
    assert_eq!(kinds["groups"]["totalCount"], 0);
    // first is capped at 100 and must not be negative; cursors must be ours.
    let many = app.ok(None, LIST, json!({"f": 1000})).await;
    assert_eq!(many["groups"]["edges"].as_array().unwrap().len(), 6);
    let resp = app.gql(None, LIST, json!({"f": -1})).await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "first");
    let resp = app.gql(None, LIST, json!({"a": "not-a-cursor"})).await;
    assert_eq!(resp["errors"][0]["extensions"]["field"], "after");
}

async fn nodes_resolve_in_order_with_nulls(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let a = app.create_group(&priya, "Group A", "OPEN").await;
    let b = app.create_group(&priya, "Group B", "OPEN").await;
    let missing = kith::graphql::ids::encode("Group", 424242);
    let data = app
        .ok(
            None,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Group { name } } }",
            json!({"ids": [b, missing, a, priya.person_id]}),
        )
        .await;
    let nodes = data["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["name"], "Group B");
    assert!(nodes[1].is_null());
    assert_eq!(nodes[2]["name"], "Group A");
    assert!(nodes[3].is_null(), "anonymous caller saw a person");
    let too_many: Vec<String> = (0..101).map(|_| a.clone()).collect();
    let resp = app
        .gql(
            None,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({"ids": too_many}),
        )
        .await;
    assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"));
}

async fn concurrent_joins_make_one_membership(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let group = app.create_group(&priya, "Busy Group", "OPEN").await;
    let tom = app.register("tom@example.org", "Tom").await;
    let app = std::sync::Arc::new(app);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let (app, token, group) = (app.clone(), tom.access.clone(), group.clone());
        tasks.push(tokio::spawn(async move {
            app.gql(Some(&token), JOIN, json!({"g": group})).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        let resp = t.await.unwrap();
        match error_code(&resp) {
            None => ok += 1,
            Some(code) => assert_eq!(code, "CONFLICT", "{resp}"),
        }
    }
    assert_eq!(ok, 1, "exactly one join should succeed");
    assert_eq!(app.count("memberships"), 2);
}

async fn group_updates_are_checked(app: TestApp) {
    let priya = app.register("priya@example.org", "Priya").await;
    let group = app.create_group(&priya, "Riverside", "OPEN").await;
    let before = app.snapshot();
    for (input, field) in [
        (json!({"id": group, "name": "R"}), "name"),
        (
            json!({"id": group, "contactEmail": "not-an-email"}),
            "contactEmail",
        ),
        (
            json!({"id": group, "description": "d".repeat(4001)}),
            "description",
        ),
    ] {
        let resp = app
            .gql(Some(&priya.access), UPDATE, json!({"i": input}))
            .await;
        assert_eq!(error_code(&resp).as_deref(), Some("VALIDATION"), "{resp}");
        assert_eq!(resp["errors"][0]["extensions"]["field"], field);
    }
    let missing = kith::graphql::ids::encode("Group", 777);
    assert_eq!(
        app.err(
            Some(&priya.access),
            UPDATE,
            json!({"i": {"id": missing, "name": "Fine name"}})
        )
        .await,
        "NOT_FOUND"
    );
    let no_membership = kith::graphql::ids::encode("Membership", 777);
    assert_eq!(
        app.err(
            Some(&priya.access),
            DECIDE,
            json!({"m": no_membership, "a": true})
        )
        .await,
        "NOT_FOUND"
    );
    assert_eq!(app.snapshot(), before, "a refused update changed something");
    let data = app
        .ok(
            Some(&priya.access),
            UPDATE,
            json!({"i": {"id": group, "name": "Riverside Friends", "contactEmail": ""}}),
        )
        .await;
    assert_eq!(data["updateGroup"]["name"], "Riverside Friends");
    let found = app
        .ok(
            None,
            "{ groups(search: \"friends\") { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        found["groups"]["totalCount"], 1,
        "search key not updated with the name"
    );
}

both_backends!(
    group_updates_are_checked,
    join_and_approve_journey,
    open_and_invitation_policies,
    authorization_matrix,
    roles_keep_a_coordinator_and_fit_the_group,
    group_input_is_checked,
    public_group_search_pages_by_name,
    nodes_resolve_in_order_with_nulls,
    concurrent_joins_make_one_membership,
);
