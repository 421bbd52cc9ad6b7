//! End to end: the real `kith` binary, started as two server instances on
//! one database, driven over HTTP and WebSocket on loopback.

mod common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Backend;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const SECRET: &str = "e2e-secret-e2e-secret-e2e-secret-e2e";

/// One running `kith serve`.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(database_url: &str, data_dir: &std::path::Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_kith"))
            .arg("serve")
            .env("KITH_LISTEN", format!("127.0.0.1:{port}"))
            .env("KITH_DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url)
            .env("KITH_JWT_SECRET", SECRET)
            .env("KITH_WEB_DIR", "/nonexistent")
            .env("KITH_DB_POOL_SIZE", "6")
            .env("KITH_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start kith");
        let server = Server { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "kith did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// POST a GraphQL request and return (status, JSON body).
    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let body = json!({"query": query, "variables": variables}).to_string();
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let (status, body) = self.raw(&request).await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    /// Send a raw HTTP/1.1 request; return status and body.
    async fn raw(&self, request: &str) -> (u16, String) {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        stream.read_to_end(&mut buf).await.unwrap();
        let text = String::from_utf8_lossy(&buf).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        let body = if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            dechunk(body)
        } else {
            body.to_string()
        };
        (status, body)
    }
}

fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.push_str(&after[..n]);
        rest = &after[n + 2..];
    }
    out
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => dir.join("kith.db").to_string_lossy().to_string(),
        Backend::Postgres => common::fresh_postgres_database(),
    }
}

async fn two_instances_share_one_database(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let url = database(backend, dir.path());
    let a = Server::start(&url, dir.path());
    let b = Server::start(&url, dir.path());

    // Health and readiness on both.
    for s in [&a, &b] {
        let (status, body) = s
            .raw("GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await;
        assert_eq!(status, 200, "{body}");
    }

    // Register on A; the token works on B (stateless JWT, shared secret).
    const REGISTER: &str = "mutation($i: RegisterInput!) { register(input: $i) { accessToken refreshToken person { id } } }";
    let coord = a
        .gql(None, REGISTER, json!({"i": {"email": "coord@example.org", "password": "a perfectly fine passphrase", "displayName": "Coord"}}))
        .await;
    let coord_token = coord["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let coord_refresh = coord["data"]["register"]["refreshToken"]
        .as_str()
        .unwrap()
        .to_string();
    let created = b
        .gql(
            Some(&coord_token),
            "mutation { createGroup(input: {name: \"Shared\", kind: VOLUNTARY_GROUP, joinPolicy: OPEN}) { id } }",
            json!({}),
        )
        .await;
    let group = created["data"]["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    // Many people join at once, half through each instance: every join
    // lands exactly once.
    let mut tokens = Vec::new();
    for i in 0..12 {
        let s = if i % 2 == 0 { &a } else { &b };
        let r = s
            .gql(None, REGISTER, json!({"i": {"email": format!("p{i}@example.org"), "password": "a perfectly fine passphrase", "displayName": format!("P{i}")}}))
            .await;
        tokens.push(
            r["data"]["register"]["accessToken"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    const JOIN: &str = "mutation($g: ID!) { joinGroup(groupId: $g) { status } }";
    let joins = tokens.iter().enumerate().flat_map(|(i, t)| {
        // Each person tries twice, once on each instance.
        let first = if i % 2 == 0 { &a } else { &b };
        let second = if i % 2 == 0 { &b } else { &a };
        [
            first.gql(Some(t), JOIN, json!({"g": group})),
            second.gql(Some(t), JOIN, json!({"g": group})),
        ]
    });
    let results = futures_util::future::join_all(joins).await;
    let ok = results.iter().filter(|r| r.get("errors").is_none()).count();
    let conflicts = results
        .iter()
        .filter(|r| r["errors"][0]["extensions"]["code"] == "CONFLICT")
        .count();
    assert_eq!((ok, conflicts), (12, 12), "{results:#?}");
    let count = a
        .gql(
            None,
            "query($g: ID!) { group(id: $g) { memberCount } }",
            json!({"g": group}),
        )
        .await;
    assert_eq!(count["data"]["group"]["memberCount"], 13);

    // Logging out on A takes effect on B at once.
    b.gql(
        None,
        "mutation($t: String!) { logout(refreshToken: $t) }",
        json!({"t": coord_refresh}),
    )
    .await;
    let me = a.gql(Some(&coord_token), "{ me { id } }", json!({})).await;
    assert_eq!(me["data"]["me"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_sqlite() {
    two_instances_share_one_database(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgres() {
    two_instances_share_one_database(Backend::Postgres).await;
}

/// A coordinator subscribed over graphql-transport-ws hears about a request
/// to join as it is made.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscription_over_websocket() {
    let dir = tempfile::tempdir().unwrap();
    let url = database(Backend::Sqlite, dir.path());
    let s = Server::start(&url, dir.path());
    const REGISTER: &str = "mutation($i: RegisterInput!) { register(input: $i) { accessToken } }";
    let coord = s
        .gql(None, REGISTER, json!({"i": {"email": "coord@example.org", "password": "a perfectly fine passphrase", "displayName": "Coord"}}))
        .await["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    let group = s
        .gql(
            Some(&coord),
            "mutation { createGroup(input: {name: \"Watched\", kind: CHARITY, joinPolicy: APPROVAL}) { id } }",
            json!({}),
        )
        .await["data"]["createGroup"]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let mut request = format!("ws://127.0.0.1:{}/graphql/ws", s.port)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("websocket");
    let send = |v: Value| Message::Text(v.to_string().into());
    ws.send(send(
        json!({"type": "connection_init", "payload": {"Authorization": format!("Bearer {coord}")}}),
    ))
    .await
    .unwrap();
    let ack = next_json(&mut ws).await;
    assert_eq!(ack["type"], "connection_ack");
    ws.send(send(json!({"id": "1", "type": "subscribe", "payload": {
        "query": "subscription($g: ID!) { membershipRequested(groupId: $g) { status person { displayName } } }",
        "variables": {"g": group}}})))
        .await
        .unwrap();
    // Give the subscription a moment to register before the event.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let applicant = s
        .gql(None, REGISTER, json!({"i": {"email": "app@example.org", "password": "a perfectly fine passphrase", "displayName": "Applicant"}}))
        .await["data"]["register"]["accessToken"]
        .as_str()
        .unwrap()
        .to_string();
    s.gql(
        Some(&applicant),
        "mutation($g: ID!) { joinGroup(groupId: $g) { id } }",
        json!({"g": group}),
    )
    .await;
    let next = next_json(&mut ws).await;
    assert_eq!(next["type"], "next", "{next}");
    assert_eq!(
        next["payload"]["data"]["membershipRequested"],
        json!({"status": "PENDING", "person": {"displayName": "Applicant"}})
    );

    // Without a coordinator's token the subscription is refused.
    let mut request = format!("ws://127.0.0.1:{}/graphql/ws", s.port)
        .into_client_request()
        .unwrap();
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut anon, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    anon.send(send(json!({"type": "connection_init", "payload": {}})))
        .await
        .unwrap();
    assert_eq!(next_json(&mut anon).await["type"], "connection_ack");
    anon.send(send(json!({"id": "1", "type": "subscribe", "payload": {
        "query": "subscription($g: ID!) { membershipRequested(groupId: $g) { status } }",
        "variables": {"g": group}}})))
        .await
        .unwrap();
    let refused = next_json(&mut anon).await;
    let errors = if refused["type"] == "error" {
        refused["payload"].clone()
    } else {
        refused["payload"]["errors"].clone()
    };
    assert_eq!(
        errors[0]["extensions"]["code"], "UNAUTHENTICATED",
        "{refused}"
    );
}

async fn next_json<S>(ws: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    let deadline = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            msg = ws.next() => match msg.expect("socket open").expect("message") {
                Message::Text(t) => return serde_json::from_str(&t).unwrap(),
                _ => continue,
            },
            _ = &mut deadline => panic!("no message within 10 s"),
        }
    }
}
