//! The web app at `/`: the built app from `KITH_WEB_DIR` when present,
//! otherwise the placeholder page compiled into the binary.

use std::path::Path;

use poem::endpoint::StaticFilesEndpoint;
use poem::web::Html;
use poem::{handler, EndpointExt, IntoEndpoint};

const PLACEHOLDER: &str = include_str!("../../../web/index.html");

#[handler]
fn placeholder() -> Html<&'static str> {
    Html(PLACEHOLDER)
}

pub fn endpoint(dir: &Path) -> poem::endpoint::BoxEndpoint<'static> {
    if dir.join("index.html").is_file() {
        StaticFilesEndpoint::new(dir)
            .index_file("index.html")
            .fallback_to_index()
            .into_endpoint()
            .map_to_response()
            .boxed()
    } else {
        placeholder.map_to_response().boxed()
    }
}
