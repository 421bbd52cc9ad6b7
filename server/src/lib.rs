//! Kith: community prevention and volunteer coordination.
//!
//! See `ARCHITECTURE.md` at the repository root for the code map and the
//! invariants each module keeps.

pub mod auth;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod events;
pub mod graphql;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod seed;
pub mod state;
