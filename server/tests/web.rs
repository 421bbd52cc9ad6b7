//! The web app at `/`: the built app's files, `index.html` for the app's
//! own paths, 404 for missing files, and the API routes untouched.

mod common;

use std::sync::Arc;

use common::{Backend, TestApp};
use poem::http::StatusCode;
use poem::test::TestClient;

const INDEX: &str = "<!doctype html><title>Kith test app</title><div id=\"root\"></div>";
const SCRIPT: &str = "console.log('kith');";

async fn body(resp: poem::test::TestResponse) -> String {
    resp.0.into_body().into_string().await.unwrap()
}

fn header(resp: &poem::test::TestResponse, name: &str) -> String {
    resp.0
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_app_is_served_with_a_fallback_for_its_pages() {
    let app = TestApp::new(Backend::Sqlite).await;
    let web = tempfile::tempdir().unwrap();
    std::fs::write(web.path().join("index.html"), INDEX).unwrap();
    std::fs::create_dir(web.path().join("assets")).unwrap();
    std::fs::write(web.path().join("assets/index-1a2b3c.js"), SCRIPT).unwrap();
    let mut state = app.state.clone();
    let mut config = (*state.config).clone();
    config.web_dir = web.path().to_path_buf();
    state.config = Arc::new(config);
    let cli = TestClient::new(kith::http::routes(state, app.schema.clone()));

    // The app itself, at / and at each of its own paths, never cached.
    for path in ["/", "/shifts", "/my-shifts/", "/reset-password?token=abc"] {
        let resp = cli.get(path).send().await;
        resp.assert_status_is_ok();
        assert_eq!(header(&resp, "cache-control"), "no-cache", "{path}");
        assert!(
            header(&resp, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(body(resp).await, INDEX, "{path}");
    }

    // Hashed assets, cached for good.
    let resp = cli.get("/assets/index-1a2b3c.js").send().await;
    resp.assert_status_is_ok();
    assert!(header(&resp, "cache-control").contains("immutable"));
    assert_eq!(body(resp).await, SCRIPT);

    // Missing files are 404s, not the app's page.
    for path in ["/assets/index-old.js", "/favicon.ico", "/assets/nothing"] {
        let resp = cli.get(path).send().await;
        resp.assert_status(StatusCode::NOT_FOUND);
    }

    // Nothing outside the folder.
    let resp = cli.get("/..%2F..%2Fetc%2Fpasswd").send().await;
    assert_ne!(resp.0.status(), StatusCode::OK);

    // The API's own routes are unchanged.
    let resp = cli.get("/healthz").send().await;
    resp.assert_status_is_ok();
    resp.assert_text("ok").await;
    let resp = cli
        .post("/graphql")
        .content_type("application/json")
        .body(r#"{"query":"{ groups { totalCount } }"}"#)
        .send()
        .await;
    resp.assert_status_is_ok();
    assert!(body(resp).await.contains("totalCount"));
    let resp = cli.get("/calendar/person/nope.ics").send().await;
    resp.assert_status(StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placeholder_without_a_built_app() {
    let app = TestApp::new(Backend::Sqlite).await;
    let cli = TestClient::new(kith::http::routes(app.state.clone(), app.schema.clone()));
    for path in ["/", "/shifts"] {
        let resp = cli.get(path).send().await;
        resp.assert_status_is_ok();
        let text = body(resp).await;
        assert!(text.contains("<h1>Kith</h1>"), "{path}: {text}");
        assert!(text.contains("/graphql"), "{path}");
    }
}
