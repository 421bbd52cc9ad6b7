//! Calendar feeds over HTTP: `text/calendar` with an ETag, answering 304
//! when the client already has the current version.

use poem::http::{header, StatusCode};
use poem::web::{Data, Path};
use poem::{handler, IntoResponse, Request, Response};
use sha2::{Digest, Sha256};

use super::HttpState;
use crate::calendar::feeds;
use crate::graphql::ids;

/// `GET /calendar/person/{token}.ics`
#[handler]
pub async fn person_feed(
    req: &Request,
    Path(file): Path<String>,
    state: Data<&HttpState>,
) -> Response {
    let Some(token) = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 128)
    else {
        return not_found();
    };
    let token = token.to_string();
    let public_url = state.app.config.public_url.clone();
    let now = state.app.clock.now_naive();
    let feed = state
        .app
        .db
        .run(move |conn| feeds::person_feed(conn, &token, &public_url, now))
        .await;
    match feed {
        Ok(Some(calendar)) => respond(req, calendar.to_ics(), "private, no-cache"),
        Ok(None) => not_found(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /calendar/group/{groupId}.ics`: a group's published activities.
#[handler]
pub async fn group_feed(
    req: &Request,
    Path(file): Path<String>,
    state: Data<&HttpState>,
) -> Response {
    let group_id = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .and_then(|id| ids::group("groupId", &async_graphql::ID(id.to_string())).ok());
    let Some(group_id) = group_id else {
        return group_not_found();
    };
    let public_url = state.app.config.public_url.clone();
    let feed = state
        .app
        .db
        .run(move |conn| feeds::group_feed(conn, group_id, &public_url))
        .await;
    match feed {
        Ok(Some(calendar)) => respond(req, calendar.to_ics(), "public, no-cache"),
        Ok(None) => group_not_found(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// `GET /calendar/activity/{activityId}.ics`: one published activity, for
/// "Add to calendar". Drafts and unknown ids are 404.
#[handler]
pub async fn activity_feed(
    req: &Request,
    Path(file): Path<String>,
    state: Data<&HttpState>,
) -> Response {
    let activity_id = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty() && t.len() <= 128)
        .and_then(|id| {
            ids::decode(
                "activityId",
                "Activity",
                "That activity",
                &async_graphql::ID(id.to_string()),
            )
            .ok()
        });
    let Some(activity_id) = activity_id else {
        return activity_not_found();
    };
    let public_url = state.app.config.public_url.clone();
    let page_url = format!(
        "{public_url}/activity?id={}",
        ids::encode("Activity", activity_id).as_str()
    );
    let feed = state
        .app
        .db
        .run(move |conn| feeds::activity_feed(conn, activity_id, &public_url, page_url))
        .await;
    match feed {
        Ok(Some(calendar)) => respond(req, calendar.to_ics(), "public, no-cache"),
        Ok(None) => activity_not_found(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

fn activity_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "There is no published activity with this id.",
    )
        .into_response()
}

fn group_not_found() -> Response {
    (StatusCode::NOT_FOUND, "There is no group with this id.").into_response()
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "This calendar feed does not exist. Ask Kith for your current feed link.",
    )
        .into_response()
}

/// Send an iCalendar body with a strong ETag, or 304 if it matches.
fn respond(req: &Request, body: String, cache_control: &'static str) -> Response {
    let digest = Sha256::digest(body.as_bytes());
    let etag = format!(
        "\"{}\"",
        digest
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = req
        .header(header::IF_NONE_MATCH)
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let builder = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::CACHE_CONTROL, cache_control);
    if matches {
        return builder.status(StatusCode::NOT_MODIFIED).finish();
    }
    builder
        .header(header::CONTENT_TYPE, "text/calendar; charset=utf-8")
        .body(body)
}
