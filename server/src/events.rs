//! The event bus feeding GraphQL subscriptions. Events are published after
//! the transaction that caused them has committed.
//!
//! On SQLite (one server process) the bus is an in-process broadcast
//! channel. On PostgreSQL several server instances may share the database,
//! so publishing sends `NOTIFY kith_events` with the event as JSON, and each
//! instance that has subscribers runs one listener thread (its own
//! connection, `LISTEN kith_events`) that rebroadcasts what arrives,
//! including its own events. The listener starts with the first
//! subscription, reconnects after a lost connection, and stops when the
//! bus is dropped. Subscriptions are live updates, not a queue: an event
//! published while no listener is connected is not replayed (the data it
//! points at is in the database).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock, Weak};
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Text;
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::db::{Db, DbConn};

/// The PostgreSQL notification channel.
pub const CHANNEL: &str = "kith_events";

/// How often the listener asks PostgreSQL for notifications.
const POLL: Duration = Duration::from_millis(50);

/// Something subscribers may want to hear about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Event {
    /// Someone asked to join a group that needs approval.
    MembershipRequested { group_id: i64, membership_id: i64 },
    /// A help request was raised and is open.
    HelpRequestOpened { help_request_id: i64 },
    /// A missed check-in moved on a step (or was first missed).
    CheckInEscalated { check_in_id: i64, group_id: i64 },
    /// A referral was made or moved.
    ReferralUpdated { referral_id: i64 },
}

#[derive(Clone)]
pub struct EventBus {
    inner: Arc<Inner>,
}

struct Inner {
    tx: broadcast::Sender<Event>,
    postgres: Option<Relay>,
}

/// Cross-instance delivery through PostgreSQL.
struct Relay {
    url: String,
    db: Db,
    /// Set once the listener thread has run `LISTEN` the first time.
    listening: Arc<AtomicBool>,
    started: OnceLock<()>,
}

impl EventBus {
    /// An in-process bus (SQLite, or tests that need no database).
    pub fn local() -> Self {
        Self::build(None)
    }

    /// A bus that fans out through PostgreSQL `LISTEN`/`NOTIFY`.
    pub fn postgres(url: &str, db: Db) -> Self {
        Self::build(Some(Relay {
            url: url.to_string(),
            db,
            listening: Arc::new(AtomicBool::new(false)),
            started: OnceLock::new(),
        }))
    }

    fn build(postgres: Option<Relay>) -> Self {
        let (tx, _) = broadcast::channel(1024);
        EventBus {
            inner: Arc::new(Inner { tx, postgres }),
        }
    }

    /// Tell every subscriber, on every instance. Call after the change has
    /// committed. A failed `NOTIFY` is logged and delivered locally only.
    pub async fn publish(&self, event: Event) {
        let Some(relay) = &self.inner.postgres else {
            self.send_local(event);
            return;
        };
        let payload = match serde_json::to_string(&event) {
            Ok(p) => p,
            Err(e) => {
                tracing::error!(error = %e, "event could not be encoded");
                return;
            }
        };
        let sent = relay.db.run(move |conn| notify(conn, &payload)).await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "NOTIFY failed; delivering this event locally only");
            self.send_local(event);
        }
    }

    fn send_local(&self, event: Event) {
        // No subscribers is fine: nobody is listening right now.
        let _ = self.inner.tx.send(event);
    }

    /// How many subscribers are listening in this process now.
    pub fn subscribers(&self) -> usize {
        self.inner.tx.receiver_count()
    }

    /// Every event from now on as a stream. On PostgreSQL this starts the
    /// listener if needed and waits (up to five seconds) until it listens.
    /// A subscriber that falls more than the channel's capacity behind
    /// skips the gap rather than ending.
    pub async fn stream(&self) -> impl Stream<Item = Event> {
        if let Some(relay) = &self.inner.postgres {
            relay.started.get_or_init(|| {
                let weak = Arc::downgrade(&self.inner);
                let url = relay.url.clone();
                let listening = relay.listening.clone();
                let spawned = std::thread::Builder::new()
                    .name("kith-events".into())
                    .spawn(move || listen(weak, &url, &listening));
                if let Err(e) = spawned {
                    tracing::error!(error = %e, "could not start the event listener");
                }
            });
            for _ in 0..100 {
                if relay.listening.load(Ordering::Acquire) {
                    break;
                }
                tokio::time::sleep(POLL).await;
            }
        }
        // Subscribed only now, so a caller that sees `subscribers()` grow
        // knows the listener is up.
        let rx = self.inner.tx.subscribe();
        futures_util::stream::unfold(rx, |mut rx| async move {
            loop {
                match rx.recv().await {
                    Ok(ev) => return Some((ev, rx)),
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        })
    }
}

fn notify(conn: &mut DbConn, payload: &str) -> crate::error::AppResult<()> {
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_notify($1, $2)")
            .bind::<Text, _>(CHANNEL)
            .bind::<Text, _>(payload)
            .execute(pg)?;
    }
    Ok(())
}

/// The listener thread: connect, `LISTEN`, rebroadcast; reconnect on error;
/// end when the bus is gone.
fn listen(bus: Weak<Inner>, url: &str, listening: &AtomicBool) {
    let mut conn: Option<PgConnection> = None;
    loop {
        let Some(inner) = bus.upgrade() else {
            return;
        };
        if conn.is_none() {
            match PgConnection::establish(url).and_then(|mut c| {
                diesel::sql_query(format!("LISTEN {CHANNEL}"))
                    .execute(&mut c)
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                Ok(c)
            }) {
                Ok(c) => {
                    conn = Some(c);
                    listening.store(true, Ordering::Release);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "event listener cannot connect; retrying");
                    drop(inner);
                    std::thread::sleep(Duration::from_secs(1));
                    continue;
                }
            }
        }
        if let Some(c) = conn.as_mut() {
            let mut lost = false;
            for n in c.notifications_iter() {
                match n {
                    Ok(n) => match serde_json::from_str::<Event>(&n.payload) {
                        Ok(event) => {
                            let _ = inner.tx.send(event);
                        }
                        Err(e) => tracing::warn!(error = %e, "unreadable event ignored"),
                    },
                    Err(e) => {
                        tracing::warn!(error = %e, "event listener lost its connection");
                        lost = true;
                        break;
                    }
                }
            }
            if lost {
                conn = None;
            }
        }
        drop(inner);
        std::thread::sleep(POLL);
    }
}
