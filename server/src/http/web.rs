//! The web app at `/`: the built app from `KITH_WEB_DIR` when present,
//! otherwise the placeholder page compiled into the binary.
//!
//! The built app is a single-page app: any path that does not name a file
//! (`/shifts`, `/reset-password?token=…`) gets `index.html`, so links in
//! emails and reloads work, while a missing file (`/assets/old.js`,
//! `/favicon.ico`) stays a 404 rather than an HTML page. `index.html` is
//! never cached; files under `/assets/` carry a content hash in their name
//! and are cached for a year.

use std::path::Path;

use poem::endpoint::StaticFilesEndpoint;
use poem::http::header::CACHE_CONTROL;
use poem::http::HeaderValue;
use poem::web::Html;
use poem::{handler, Endpoint, EndpointExt, IntoResponse, Request, Response, Result};

const PLACEHOLDER: &str = include_str!("placeholder.html");

/// Cache policy of the hashed build output.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

#[handler]
fn placeholder() -> Html<&'static str> {
    Html(PLACEHOLDER)
}

pub fn endpoint(dir: &Path) -> poem::endpoint::BoxEndpoint<'static> {
    if dir.join("index.html").is_file() {
        WebApp {
            files: StaticFilesEndpoint::new(dir)
                .index_file("index.html")
                .no_cache_index(),
            app: StaticFilesEndpoint::new(dir)
                .index_file("index.html")
                .fallback_to_index()
                .no_cache_index(),
        }
        .map_to_response()
        .boxed()
    } else {
        placeholder.map_to_response().boxed()
    }
}

/// Files as they are, and `index.html` for the app's own paths.
struct WebApp {
    /// Existing files only.
    files: StaticFilesEndpoint,
    /// Existing files, else `index.html`.
    app: StaticFilesEndpoint,
}

/// Whether a request path names a file (an asset, or a name with an
/// extension) rather than a page of the app.
fn names_a_file(path: &str) -> bool {
    path.starts_with("/assets/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
}

impl Endpoint for WebApp {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        let path = req.uri().path().to_string();
        let mut resp = if names_a_file(&path) {
            self.files.call(req).await?
        } else {
            self.app.call(req).await?
        }
        .into_response();
        if resp.status().is_success() {
            let policy = if path.starts_with("/assets/") {
                IMMUTABLE
            } else {
                "no-cache"
            };
            resp.headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
        }
        Ok(resp)
    }
}

#[cfg(test)]
mod tests {
    use super::names_a_file;

    #[test]
    fn pages_and_files_are_told_apart() {
        for page in ["/", "/shifts", "/my-shifts/", "/reset-password"] {
            assert!(!names_a_file(page), "{page}");
        }
        for file in ["/assets/index-abc123.js", "/assets/x", "/favicon.ico"] {
            assert!(names_a_file(file), "{file}");
        }
    }
}
