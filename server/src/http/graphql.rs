//! GraphQL over HTTP. Operations arrive as `POST` with an
//! `application/json` body holding one request object. Other content types
//! (text/plain, forms, multipart) would let a web page on another site send
//! requests without a CORS pre-check, so they are refused; JSON-array batches
//! are refused with 400; mutations over GET are refused with 405.

use async_graphql::http::GraphiQLSource;
use async_graphql::parser::types::OperationType;
use async_graphql::Data as GqlData;
use async_graphql_poem::{GraphQLProtocol, GraphQLWebSocket};
use poem::http::{header, StatusCode};
use poem::web::websocket::WebSocket;
use poem::web::{Data, Html, Json};
use poem::{handler, Body, IntoResponse, Request, Response};

use super::{error_response, HttpState, MAX_BODY_BYTES};
use crate::graphql::{authenticate_bearer, authenticate_bearer_person, prepare, RequestActor};

#[handler]
pub async fn post(req: &Request, body: Body, state: Data<&HttpState>) -> Response {
    let content_type = req
        .header(header::CONTENT_TYPE)
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if content_type != "application/json" {
        return error_response(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "Send GraphQL requests as JSON with `Content-Type: application/json`.",
        );
    }
    let bytes = match body.into_bytes_limit(MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return error_response(
                StatusCode::PAYLOAD_TOO_LARGE,
                "VALIDATION",
                "The request is too large.",
            )
        }
    };
    let value: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "The request body is not valid JSON.",
            )
        }
    };
    if !value.is_array() && !value.get("query").is_some_and(|q| q.is_string()) {
        return error_response(
            StatusCode::BAD_REQUEST,
            "VALIDATION",
            "The body must be an object with a `query` string and optionally `variables` and `operationName`.",
        );
    }
    if value.is_array() {
        return error_response(
            StatusCode::BAD_REQUEST,
            "VALIDATION",
            "Batched requests are not supported. Send one operation per request.",
        );
    }
    let request: async_graphql::Request = match serde_json::from_value(value) {
        Ok(r) => r,
        Err(_) => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "The body must be an object with `query` and optionally `variables` and `operationName`.",
            )
        }
    };
    execute(req, request, &state).await
}

#[handler]
pub async fn get(req: &Request, state: Data<&HttpState>) -> Response {
    let query = req.uri().query().unwrap_or("");
    if query.is_empty() {
        if state.app.config.is_production() {
            return error_response(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                "Send GraphQL requests with POST.",
            );
        }
        return Html(
            GraphiQLSource::build()
                .endpoint("/graphql")
                .subscription_endpoint("/graphql/ws")
                .title("Kith GraphQL")
                .finish(),
        )
        .into_response();
    }
    let request = match parse_get_request(query) {
        Some(r) => r,
        None => {
            return error_response(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                "The query string is not a GraphQL request.",
            )
        }
    };
    if let Ok(doc) = async_graphql::parser::parse_query(&request.query) {
        let op = match &request.operation_name {
            Some(name) => doc
                .operations
                .iter()
                .find(|(n, _)| n.map(|n| n.as_str()) == Some(name.as_str()))
                .map(|(_, o)| o),
            None => doc.operations.iter().next().map(|(_, o)| o),
        };
        if let Some(op) = op {
            if op.node.ty != OperationType::Query {
                let mut resp = error_response(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "VALIDATION",
                    "Mutations and subscriptions cannot be sent with GET. Use POST.",
                );
                resp.headers_mut()
                    .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
                return resp;
            }
        }
    }
    execute(req, request, &state).await
}

/// A GraphQL request in a URL: `query`, `operationName`, and `variables`
/// as JSON.
fn parse_get_request(query_string: &str) -> Option<async_graphql::Request> {
    #[derive(serde::Deserialize)]
    struct GetRequest {
        query: String,
        #[serde(rename = "operationName")]
        operation_name: Option<String>,
        variables: Option<String>,
    }
    let raw: GetRequest = serde_urlencoded::from_str(query_string).ok()?;
    let mut request = async_graphql::Request::new(raw.query);
    if let Some(name) = raw.operation_name.filter(|n| !n.is_empty()) {
        request = request.operation_name(name);
    }
    if let Some(vars) = raw.variables.filter(|v| !v.is_empty()) {
        let value: serde_json::Value = serde_json::from_str(&vars).ok()?;
        request = request.variables(async_graphql::Variables::from_json(value));
    }
    Some(request)
}

async fn execute(req: &Request, request: async_graphql::Request, state: &HttpState) -> Response {
    if state.app.config.count_sql_statements {
        return execute_counted(req, request, state).await;
    }
    let (actor, person) =
        match authenticate_bearer_person(&state.app, req.header(header::AUTHORIZATION)).await {
            Ok(found) => found,
            Err(err) => return unavailable(err),
        };
    let mut request = prepare(request, &state.app, actor);
    if let Some(person) = person {
        request = request.data(person);
    }
    let response = state.schema.execute(request).await;
    json_response(&response)
}

/// [`execute`] with every statement the request sends counted, signing in
/// included, and the counts in response headers.
async fn execute_counted(
    req: &Request,
    request: async_graphql::Request,
    state: &HttpState,
) -> Response {
    let counts = std::sync::Arc::new(crate::db::StatementCounts::default());
    let mut app = state.app.clone();
    app.db = app.db.counting(counts.clone());
    let (actor, person) =
        match authenticate_bearer_person(&app, req.header(header::AUTHORIZATION)).await {
            Ok(found) => found,
            Err(err) => return unavailable(err),
        };
    // Request data comes before the schema's, so resolvers see this state.
    let mut request = prepare(request, &app, actor).data(app);
    if let Some(person) = person {
        request = request.data(person);
    }
    let response = state.schema.execute(request).await;
    let mut http = json_response(&response);
    for (name, value) in [
        ("kith-sql-statements", counts.statements()),
        (
            "kith-sql-transaction-statements",
            counts.transaction_control(),
        ),
    ] {
        http.headers_mut()
            .insert(name, header::HeaderValue::from(value));
    }
    http
}

fn json_response(response: &async_graphql::Response) -> Response {
    let mut http = Json(response).into_response();
    http.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    http
}

/// The caller could not be identified (the database did not answer): a
/// GraphQL error with its code, as 503 so clients retry.
fn unavailable(err: crate::error::AppError) -> Response {
    let error = crate::graphql::gql(err).into_server_error(async_graphql::Pos::default());
    let body = async_graphql::Response::from_errors(vec![error]);
    let mut http = Json(&body).into_response();
    http.set_status(poem::http::StatusCode::SERVICE_UNAVAILABLE);
    http.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    http.headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    http
}

#[handler]
pub async fn websocket(
    protocol: GraphQLProtocol,
    websocket: WebSocket,
    state: Data<&HttpState>,
) -> impl IntoResponse {
    let schema = state.schema.clone();
    let app = state.app.clone();
    websocket
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |stream| {
            GraphQLWebSocket::new(stream, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let header_value = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str())
                        .map(str::to_string)
                        .or_else(|| {
                            payload
                                .get("accessToken")
                                .and_then(|v| v.as_str())
                                .map(|t| format!("Bearer {t}"))
                        });
                    let actor = authenticate_bearer(&app, header_value.as_deref())
                        .await
                        .map_err(crate::graphql::gql)?;
                    let mut data = GqlData::default();
                    data.insert(RequestActor(actor));
                    data.insert(crate::graphql::loaders::Loaders::new(app.db.clone(), actor));
                    Ok(data)
                })
                .serve()
        })
}
