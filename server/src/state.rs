//! The state every request, job and CLI command works with. Built once from
//! [`Config`] and passed explicitly; tests build their own.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::auth::JwtKeys;
use crate::config::{Config, DatabaseTarget};
use crate::db::Db;
use crate::events::EventBus;

/// A source of "now". The system clock in production; tests can fix and
/// advance it to check expiry and scheduling without sleeping.
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<Mutex<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Clock(None)
    }

    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock(Some(Arc::new(Mutex::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(t) => *t.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Now as stored in the database (UTC, no offset).
    pub fn now_naive(&self) -> NaiveDateTime {
        self.now().naive_utc()
    }

    /// Move a fixed clock forward. Has no effect on the system clock.
    pub fn advance(&self, by: chrono::Duration) {
        if let Some(t) = &self.0 {
            let mut guard = t.lock().unwrap_or_else(|p| p.into_inner());
            *guard += by;
        }
    }
}

/// Shared services: configuration, database, signing keys, clock, events.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub keys: JwtKeys,
    pub clock: Clock,
    pub events: EventBus,
    /// Names this server process in job claims and logs.
    pub instance_id: String,
}

impl AppState {
    pub fn new(config: Config, db: Db, clock: Clock) -> Self {
        let keys = JwtKeys::new(&config.jwt_secret);
        let events = match &config.database {
            DatabaseTarget::Postgres(url) => EventBus::postgres(url, db.clone()),
            DatabaseTarget::Sqlite(_) => EventBus::local(),
        };
        AppState {
            config: Arc::new(config),
            db,
            keys,
            clock,
            events,
            instance_id: format!("kith-{}", uuid::Uuid::new_v4().simple()),
        }
    }
}
