//! The ceiling for scripts/bench: poem answering "hello" on the same
//! machine, with the same runtime and no middleware, database or GraphQL.
//!
//!     cargo run --release --example hello -- 127.0.0.1:8090

use poem::listener::TcpListener;
use poem::{get, handler, Route, Server};

#[handler]
fn hello() -> &'static str {
    "hello"
}

fn main() -> std::io::Result<()> {
    let listen = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_string());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(Server::new(TcpListener::bind(listen)).run(Route::new().at("/", get(hello))))
}
