//! Business rules and their database queries, one folder per area. Nothing
//! here knows about GraphQL or HTTP: functions take a `&mut DbConn`, the
//! acting [`authz::Viewer`] and the time, and return domain types or an
//! [`crate::error::AppError`].

pub mod accounts;
pub mod activities;
pub mod audit;
pub mod authz;
pub mod checkins;
pub mod directory;
pub mod groups;
pub mod help;
pub mod ledger;
pub mod outcomes;
pub mod page;
pub mod people;
pub mod privacy;
pub mod referrals;
pub mod residents;
pub mod safeguarding;
pub mod shifts;
pub mod time;
pub mod validate;
pub mod volunteers;
