//! Keyset pagination shared by every list. A cursor is an opaque token that
//! names the last row seen by its sort key and id.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use std::cell::Cell;

use chrono::NaiveDateTime;

use crate::error::{AppError, AppResult};

thread_local! {
    /// False while running work whose caller will not read the list's total.
    static TOTAL_WANTED: Cell<bool> = const { Cell::new(true) };
}

/// Run `f` (list work on this thread) knowing whether the caller reads the
/// list's total; when it does not, [`total`] skips its counting statement.
pub fn with_total<T>(wanted: bool, f: impl FnOnce() -> T) -> T {
    let before = TOTAL_WANTED.with(|w| w.replace(wanted));
    let result = f();
    TOTAL_WANTED.with(|w| w.set(before));
    result
}

/// A list's total from `count`, or 0 without asking the database when the
/// caller does not read it (see [`with_total`]).
pub fn total(count: impl FnOnce() -> diesel::QueryResult<i64>) -> AppResult<i64> {
    if TOTAL_WANTED.with(Cell::get) {
        Ok(count()?)
    } else {
        Ok(0)
    }
}

pub const DEFAULT_PAGE: i64 = 20;
pub const MAX_PAGE: i64 = 100;

/// A page of results plus what a Relay connection needs.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<(Cursor, T)>,
    pub has_next: bool,
    pub total: i64,
}

/// Position after a row: its sort key and its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: i64,
}

impl Cursor {
    pub fn new(key: impl Into<String>, id: i64) -> Self {
        Cursor {
            key: key.into(),
            id,
        }
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\u{1f}{}", self.id, self.key))
    }

    pub fn decode(raw: &str) -> AppResult<Self> {
        let bad = bad_cursor;
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (id, key) = text.split_once('\u{1f}').ok_or_else(bad)?;
        Ok(Cursor {
            key: key.to_string(),
            id: id.parse().map_err(|_| bad())?,
        })
    }
}

/// A cursor whose sort key is a time.
impl Cursor {
    pub fn at(time: NaiveDateTime, id: i64) -> Self {
        Cursor::new(format_time(time), id)
    }

    /// The time this cursor's key names.
    pub fn time(&self) -> AppResult<NaiveDateTime> {
        parse_time(&self.key)
    }
}

const TIME_KEY: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// A time as it appears in a cursor key.
pub fn format_time(time: NaiveDateTime) -> String {
    time.format(TIME_KEY).to_string()
}

/// Read a time from a cursor key.
pub fn parse_time(key: &str) -> AppResult<NaiveDateTime> {
    NaiveDateTime::parse_from_str(key, TIME_KEY).map_err(|_| bad_cursor())
}

/// The error for a cursor that was not made by Kith.
pub fn bad_cursor() -> AppError {
    AppError::validation(
        "after",
        "This page cursor is not valid. Start again from the first page.",
    )
}

/// Page size from a client's `first`: default 20, at most 100, never negative.
pub fn page_size(first: Option<i32>) -> AppResult<i64> {
    match first {
        None => Ok(DEFAULT_PAGE),
        Some(n) if n < 0 => Err(AppError::validation("first", "`first` cannot be negative.")),
        Some(n) => Ok((n as i64).min(MAX_PAGE)),
    }
}

/// Decode an optional `after` cursor.
pub fn after(raw: Option<&str>) -> AppResult<Option<Cursor>> {
    raw.filter(|s| !s.is_empty())
        .map(Cursor::decode)
        .transpose()
}

/// Trim a fetched `first + 1` rows to a page, noting whether more exist.
pub fn finish<T>(mut rows: Vec<(Cursor, T)>, first: i64, total: i64) -> Page<T> {
    let has_next = rows.len() as i64 > first;
    rows.truncate(first as usize);
    Page {
        items: rows,
        has_next,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_garbage() {
        let c = Cursor::new("friends of the park", 42);
        assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        assert_eq!(Cursor::decode("!!!").unwrap_err().code(), "VALIDATION");
        assert_eq!(
            Cursor::decode(&URL_SAFE_NO_PAD.encode("x"))
                .unwrap_err()
                .code(),
            "VALIDATION"
        );
        assert_eq!(page_size(Some(1000)).unwrap(), 100);
        assert_eq!(page_size(None).unwrap(), 20);
        assert!(page_size(Some(-1)).is_err());
    }
}
