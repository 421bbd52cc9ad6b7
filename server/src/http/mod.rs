//! HTTP transport (poem): the only module that knows about poem. Routes:
//! `POST /graphql`, `GET /graphql` (GraphiQL in development; queries only),
//! `/graphql/ws` (graphql-transport-ws), `/healthz`, `/readyz`, and the web
//! app at `/`. `/openreferral/…` serves the open directory as Open Referral
//! UK JSON (see `openreferral`).

mod calendar;
mod graphql;
mod openreferral;
mod outcomes;
mod web;

use std::time::{Duration, Instant};

use poem::http::{HeaderValue, StatusCode};
use poem::listener::{Acceptor, Listener, TcpListener};
use poem::middleware::CatchPanic;
use poem::web::{Data, Json};
use poem::{get, handler, Endpoint, EndpointExt, IntoResponse, Request, Response, Route};
use serde_json::json;
use tracing::Instrument;

use crate::graphql::KithSchema;
use crate::state::AppState;

/// Largest request body accepted anywhere (bytes).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What handlers share.
#[derive(Clone)]
pub struct HttpState {
    pub app: AppState,
    pub schema: KithSchema,
}

/// The whole HTTP application.
pub fn routes(app: AppState, schema: KithSchema) -> impl Endpoint {
    let web = web::endpoint(&app.config.web_dir);
    Route::new()
        .at("/graphql", get(graphql::get).post(graphql::post))
        .at("/graphql/ws", get(graphql::websocket))
        .at("/calendar/person/:file", get(calendar::person_feed))
        .at("/calendar/group/:file", get(calendar::group_feed))
        .at("/calendar/activity/:file", get(calendar::activity_feed))
        .at("/openreferral/services", get(openreferral::services))
        .at("/openreferral/services/:id", get(openreferral::service))
        .at("/openreferral/taxonomies", get(openreferral::taxonomies))
        .at(
            "/openreferral/taxonomies/:id",
            get(openreferral::taxonomy_by_id),
        )
        .at("/outcomes.csv", get(outcomes::csv))
        .at("/healthz", get(healthz))
        .at("/readyz", get(readyz))
        .nest("/", web)
        .with(CatchPanic::new().with_handler(|_| {
            error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                "Something went wrong on our side. Please try again in a moment.",
            )
        }))
        .data(HttpState { app, schema })
        .around(request_log)
}

/// Serve until ctrl-c / SIGTERM, finishing requests in flight.
pub async fn serve(
    acceptor: impl Acceptor + 'static,
    app: AppState,
    schema: KithSchema,
) -> std::io::Result<()> {
    poem::Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(
            routes(app, schema),
            shutdown_signal(),
            Some(Duration::from_secs(10)),
        )
        .await
}

/// Bind a listener (port 0 picks a free port; see the returned address).
pub async fn bind(
    addr: std::net::SocketAddr,
) -> std::io::Result<(impl Acceptor, std::net::SocketAddr)> {
    let acceptor = TcpListener::bind(addr).into_acceptor().await?;
    let local = acceptor
        .local_addr()
        .first()
        .and_then(|a| a.as_socket_addr().copied())
        .unwrap_or(addr);
    Ok((acceptor, local))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// A GraphQL-shaped error body for transport-level refusals.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    Json(body).with_status(status).into_response()
}

/// Process is up.
#[handler]
fn healthz() -> &'static str {
    "ok"
}

/// Database reachable and migrations applied.
#[handler]
async fn readyz(state: Data<&HttpState>) -> Response {
    let db = state.app.db.clone();
    let result = tokio::task::spawn_blocking(move || db.ready())
        .await
        .unwrap_or_else(|_| Err("check failed".into()));
    match result {
        Ok(()) => Json(json!({"status": "ready"})).into_response(),
        Err(reason) => Json(json!({"status": "not ready", "reason": reason}))
            .with_status(StatusCode::SERVICE_UNAVAILABLE)
            .into_response(),
    }
}

/// Give each request an id (or keep a sane one the client sent), log it
/// with method, path, status and duration, and echo it in `x-request-id`.
async fn request_log<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let span = tracing::info_span!("request", id = %request_id, method = %req.method(), path = %req.uri().path());
    async move {
        let started = Instant::now();
        let mut resp = match next.call(req).await {
            Ok(r) => r.into_response(),
            Err(e) => e.into_response(),
        };
        tracing::info!(
            status = resp.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request"
        );
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            resp.headers_mut().insert("x-request-id", v);
        }
        Ok(resp)
    }
    .instrument(span)
    .await
}
