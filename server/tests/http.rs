//! GraphQL over HTTP: what the transport accepts and refuses.

mod common;

use common::{Backend, TestApp};
use kith::config::Environment;
use poem::http::StatusCode;
use poem::test::TestClient;
use serde_json::{json, Value};

fn client(app: &TestApp) -> TestClient<impl poem::Endpoint> {
    TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()))
}

async fn body_json(resp: poem::test::TestResponse) -> Value {
    let text = resp.0.into_body().into_string().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

async fn post_json_works_and_other_bodies_are_refused(app: TestApp) {
    let cli = client(&app);
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(r#"{"query":"{ groups { totalCount } }"}"#)
        .send()
        .await;
    resp.assert_status_is_ok();
    assert!(
        resp.0.headers().get("x-request-id").is_some(),
        "no request id"
    );
    assert_eq!(
        body_json(resp).await,
        json!({"data": {"groups": {"totalCount": 0}}})
    );

    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/graphql",
    ] {
        let resp = cli
            .post("/graphql")
            .content_type(ct)
            .body(r#"{"query":"mutation { logout(refreshToken: \"x\") }"}"#)
            .send()
            .await;
        resp.assert_status(StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert_eq!(
            body_json(resp).await["errors"][0]["extensions"]["code"],
            "VALIDATION",
            "{ct}"
        );
    }
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(r#"[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]"#)
        .send()
        .await;
    resp.assert_status(StatusCode::BAD_REQUEST);
    assert!(body_json(resp).await["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Batched"));
    for body in ["{not json", "42", r#"{"variables": {}}"#] {
        let resp = cli
            .post("/graphql")
            .content_type("application/json")
            .body(body)
            .send()
            .await;
        resp.assert_status(StatusCode::BAD_REQUEST);
    }
    let huge = format!(
        r#"{{"query":"{{ groups(search: \"{}\") {{ totalCount }} }}"}}"#,
        "x".repeat(300 * 1024)
    );
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(huge)
        .send()
        .await;
    resp.assert_status(StatusCode::PAYLOAD_TOO_LARGE);
}

async fn get_allows_queries_only(app: TestApp) {
    let cli = client(&app);
    let resp = cli
        .get("/graphql")
        .query("query", &"{ groups { totalCount } }")
        .send()
        .await;
    resp.assert_status_is_ok();
    assert_eq!(body_json(resp).await["data"]["groups"]["totalCount"], 0);
    let resp = cli
        .get("/graphql")
        .query("query", &"mutation { logout(refreshToken: \"x\") }")
        .send()
        .await;
    resp.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    let resp = cli
        .get("/graphql")
        .query(
            "query",
            &"query A { groups { totalCount } } mutation B { logout(refreshToken: \"x\") }",
        )
        .query("operationName", &"B")
        .send()
        .await;
    resp.assert_status(StatusCode::METHOD_NOT_ALLOWED);
    // GraphiQL in development.
    let resp = cli.get("/graphql").send().await;
    resp.assert_status_is_ok();
    assert!(resp
        .0
        .into_body()
        .into_string()
        .await
        .unwrap()
        .contains("graphiql"));
    // Other methods are not allowed.
    cli.put("/graphql")
        .send()
        .await
        .assert_status(StatusCode::METHOD_NOT_ALLOWED);
}

async fn health_and_readiness(app: TestApp) {
    let cli = client(&app);
    let resp = cli.get("/healthz").send().await;
    resp.assert_status_is_ok();
    resp.assert_text("ok").await;
    let resp = cli.get("/readyz").send().await;
    resp.assert_status_is_ok();
    assert_eq!(body_json(resp).await["status"], "ready");
    // The web app (placeholder) is served at /.
    let resp = cli.get("/").send().await;
    resp.assert_status_is_ok();
    assert!(resp
        .0
        .into_body()
        .into_string()
        .await
        .unwrap()
        .contains("Kith"));
}

async fn errors_always_carry_a_code_and_no_internals(app: TestApp) {
    let cli = client(&app);
    for query in [
        "{ groups { totalCount ",
        "{ nope }",
        "{ groups(first: \"ten\") { totalCount } }",
        "query { groups { edges { node { members { edges { node { group { members { edges { node { group { members { totalCount } } } } } } } } } } } } }",
    ] {
        let resp = cli
            .post("/graphql")
            .content_type("application/json")
            .body(json!({"query": query}).to_string())
            .send()
            .await;
        resp.assert_status_is_ok();
        let body = body_json(resp).await;
        let errors = body["errors"].as_array().unwrap_or_else(|| panic!("{query}: {body}"));
        for e in errors {
            assert!(e["extensions"]["code"].is_string(), "no code for {query}: {e}");
            let msg = e["message"].as_str().unwrap().to_lowercase();
            for leak in ["sqlite", "postgres", "constraint", "diesel", "panicked", "select "] {
                assert!(!msg.contains(leak), "message leaks {leak}: {msg}");
            }
        }
    }
}

async fn production_mode_hides_introspection_and_graphiql(app: TestApp) {
    let prod = TestApp::with_env(app.backend, Environment::Production).await;
    let cli = client(&prod);
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(r#"{"query":"{ __schema { types { name } } }"}"#)
        .send()
        .await;
    let body = body_json(resp).await;
    assert!(
        body["errors"].is_array() || body["data"]["__schema"].is_null(),
        "introspection answered in production: {body}"
    );
    assert!(
        !body.to_string().contains("Membership"),
        "schema leaked: {body}"
    );
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(r#"{"query":"{ grups { totalCount } }"}"#)
        .send()
        .await;
    let body = body_json(resp).await;
    let msg = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        !msg.contains("Did you mean"),
        "suggestions in production: {msg}"
    );
    cli.get("/graphql")
        .send()
        .await
        .assert_status(StatusCode::NOT_FOUND);
    // Development mode does answer introspection.
    let dev = client(&app);
    let body = body_json(
        dev.post("/graphql")
            .content_type("application/json")
            .body(r#"{"query":"{ __schema { queryType { name } } }"}"#)
            .send()
            .await,
    )
    .await;
    assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
}

async fn bearer_tokens_sign_requests_in(app: TestApp) {
    let s = app.register("ann@example.org", "Ann").await;
    let cli = client(&app);
    let body = body_json(
        cli.post("/graphql")
            .content_type("application/json")
            .header("authorization", format!("Bearer {}", s.access))
            .body(r#"{"query":"{ me { email } }"}"#)
            .send()
            .await,
    )
    .await;
    assert_eq!(body["data"]["me"]["email"], "ann@example.org");
    let body = body_json(
        cli.post("/graphql")
            .content_type("application/json")
            .header("authorization", "Bearer nonsense")
            .body(r#"{"query":"{ me { email } }"}"#)
            .send()
            .await,
    )
    .await;
    assert_eq!(body["data"]["me"], Value::Null);
}

/// When the database cannot say who a token belongs to, the request is
/// refused with INTERNAL (503, retry), never answered as if anonymous.
async fn a_failed_sign_in_check_is_not_anonymous(app: TestApp) {
    use diesel::RunQueryDsl;
    let s = app.register("ann@example.org", "Ann").await;
    let cli = client(&app);
    let ask = || {
        cli.post("/graphql")
            .content_type("application/json")
            .header("authorization", format!("Bearer {}", s.access))
            .body(r#"{"query":"{ me { email } }"}"#)
            .send()
    };
    let rename = |from: &str, to: &str| {
        diesel::sql_query(format!("ALTER TABLE {from} RENAME TO {to}"))
            .execute(&mut *app.conn())
            .unwrap();
    };
    rename("sessions", "sessions_away");
    let resp = ask().await;
    resp.assert_status(poem::http::StatusCode::SERVICE_UNAVAILABLE);
    resp.assert_header("retry-after", "5");
    let body = body_json(resp).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INTERNAL",
        "{body}"
    );
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(!message.contains("sessions"), "{message}");
    assert!(body.get("data").is_none_or(|d| d.is_null()), "{body}");
    rename("sessions_away", "sessions");
    let body = body_json(ask().await).await;
    assert_eq!(body["data"]["me"]["email"], "ann@example.org");
}

both_backends!(
    a_failed_sign_in_check_is_not_anonymous,
    post_json_works_and_other_bodies_are_refused,
    get_allows_queries_only,
    health_and_readiness,
    errors_always_carry_a_code_and_no_internals,
    production_mode_hides_introspection_and_graphiql,
    bearer_tokens_sign_requests_in,
);

#[test]
fn committed_schema_matches_the_code() {
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql")).unwrap();
    assert!(
        committed == kith::graphql::sdl(),
        "schema.graphql is out of date: run `cargo run -p kith -- export-schema -o schema.graphql`"
    );
}

#[tokio::test]
async fn every_type_field_argument_and_value_has_a_description() {
    let app = TestApp::new(Backend::Sqlite).await;
    let query = r#"{ __schema { types { name kind description
        fields { name description args { name description } }
        inputFields { name description }
        enumValues { name description } } } }"#;
    let data = app.ok(None, query, json!({})).await;
    let mut missing = Vec::new();
    let blank = |v: &Value| v.as_str().map(str::trim).unwrap_or("").is_empty();
    for t in data["__schema"]["types"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        if name.starts_with("__") || ["String", "Int", "Float", "Boolean", "ID"].contains(&name) {
            continue;
        }
        if blank(&t["description"]) {
            missing.push(name.to_string());
        }
        for f in t["fields"].as_array().into_iter().flatten() {
            if blank(&f["description"]) {
                missing.push(format!("{name}.{}", f["name"]));
            }
            for a in f["args"].as_array().into_iter().flatten() {
                if blank(&a["description"]) {
                    missing.push(format!("{name}.{}({})", f["name"], a["name"]));
                }
            }
        }
        for key in ["inputFields", "enumValues"] {
            for f in t[key].as_array().into_iter().flatten() {
                if blank(&f["description"]) {
                    missing.push(format!("{name}.{}", f["name"]));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented schema items: {missing:?}");
}
