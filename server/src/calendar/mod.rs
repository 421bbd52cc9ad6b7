//! iCalendar (RFC 5545) output. Times are written in Europe/London local
//! time with a VTIMEZONE, so calendars show the right hour on both sides of
//! a clock change. The writer is small and ours (escaping, 75-octet line
//! folding, CRLF); parsing uses the `ical` crate.

pub mod feeds;
pub mod import;
pub mod invites;
pub mod recurrence;

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Europe::London;

/// The Europe/London time zone definition (GMT/BST since 1996 rules).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One event in a calendar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Event {
    /// Stable across feeds and emails for the same thing.
    pub uid: String,
    /// Bumped each time the event changes.
    pub sequence: i32,
    /// When the event last changed (UTC).
    pub stamp: NaiveDateTime,
    pub starts: NaiveDateTime,
    pub ends: NaiveDateTime,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: Option<String>,
    pub cancelled: bool,
    /// For a repeating event: the RRULE value (without `RRULE:`); `starts`
    /// and `ends` are then the first occurrence.
    pub rrule: Option<String>,
    /// Occurrence starts (UTC) left out of a repeating event.
    pub exdates: Vec<NaiveDateTime>,
    /// A whole-day event: written as local dates (`VALUE=DATE`), `ends`
    /// being the (exclusive) day after the last day.
    pub all_day: bool,
}

/// A whole calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub name: String,
    /// `PUBLISH` for feeds, `REQUEST`/`CANCEL` for email invitations.
    pub method: &'static str,
    pub events: Vec<Event>,
}

impl Calendar {
    /// Write the calendar as RFC 5545 text (CRLF line ends, folded lines).
    pub fn to_ics(&self) -> String {
        use std::fmt::Write as _;
        // About 300 octets an event; one buffer for the whole calendar and
        // one for the line being written.
        let mut out = String::with_capacity(1024 + self.events.len() * 320);
        let mut line = String::with_capacity(128);
        // Writing to a String cannot fail.
        macro_rules! put {
            ($($arg:tt)*) => {{
                line.clear();
                let _ = write!(line, $($arg)*);
                fold_into(&mut out, &line);
            }};
        }
        for l in [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Kith//Kith Calendar//EN",
            "CALSCALE:GREGORIAN",
        ] {
            fold_into(&mut out, l);
        }
        put!("METHOD:{}", self.method);
        put!("X-WR-CALNAME:{}", Escaped(&self.name));
        fold_into(&mut out, "X-WR-TIMEZONE:Europe/London");
        for l in VTIMEZONE {
            fold_into(&mut out, l);
        }
        for e in &self.events {
            fold_into(&mut out, "BEGIN:VEVENT");
            put!("UID:{}", Escaped(&e.uid));
            put!("SEQUENCE:{}", e.sequence);
            put!("DTSTAMP:{}Z", Compact(e.stamp));
            if e.all_day {
                put!("DTSTART;VALUE=DATE:{}", LocalDate(e.starts));
                put!("DTEND;VALUE=DATE:{}", LocalDate(e.ends));
            } else {
                put!("DTSTART;TZID=Europe/London:{}", Local(e.starts));
                put!("DTEND;TZID=Europe/London:{}", Local(e.ends));
            }
            if let Some(rule) = &e.rrule {
                put!("RRULE:{rule}");
                for ex in &e.exdates {
                    if e.all_day {
                        put!("EXDATE;VALUE=DATE:{}", LocalDate(*ex));
                    } else {
                        put!("EXDATE;TZID=Europe/London:{}", Local(*ex));
                    }
                }
            }
            put!("SUMMARY:{}", Escaped(&e.summary));
            if !e.location.is_empty() {
                put!("LOCATION:{}", Escaped(&e.location));
            }
            if !e.description.is_empty() {
                put!("DESCRIPTION:{}", Escaped(&e.description));
            }
            if let Some(url) = &e.url {
                put!("URL:{url}");
            }
            fold_into(
                &mut out,
                if e.cancelled {
                    "STATUS:CANCELLED"
                } else {
                    "STATUS:CONFIRMED"
                },
            );
            fold_into(&mut out, "END:VEVENT");
        }
        fold_into(&mut out, "END:VCALENDAR");
        out
    }
}

/// A time as `YYYYMMDDTHHMMSS`, written digit by digit (no format string
/// to parse for each of a feed's thousands of times).
struct Compact(NaiveDateTime);

impl std::fmt::Display for Compact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::{Datelike, Timelike};
        let t = self.0;
        write!(
            f,
            "{:04}{:02}{:02}T{:02}{:02}{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// A UTC time as Europe/London local time, `YYYYMMDDTHHMMSS`.
struct Local(NaiveDateTime);

impl std::fmt::Display for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Compact(London.from_utc_datetime(&self.0).naive_local()).fmt(f)
    }
}

/// A UTC time as its Europe/London local date, `YYYYMMDD`.
struct LocalDate(NaiveDateTime);

impl std::fmt::Display for LocalDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use chrono::Datelike;
        let d = London.from_utc_datetime(&self.0).date_naive();
        write!(f, "{:04}{:02}{:02}", d.year(), d.month(), d.day())
    }
}

/// A UTC time as Europe/London local time, `YYYYMMDDTHHMMSS`.
#[cfg(test)]
fn local(utc: NaiveDateTime) -> String {
    Local(utc).to_string()
}

/// A TEXT value, escaped as it is written (see [`escape`]).
struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = self.0;
        // Most values need no escaping: write them whole.
        if !value
            .chars()
            .any(|c| matches!(c, '\\' | ';' | ',') || c.is_control())
        {
            return f.write_str(value);
        }
        f.write_str(&escape(value))
    }
}

/// Escape a TEXT value (RFC 5545 section 3.3.11).
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Append a content line, folded so no line exceeds 75 octets, never
/// splitting a UTF-8 character, and ended with CRLF.
fn fold_into(out: &mut String, line: &str) {
    if line.len() <= 75 {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn escapes_and_folds() {
        assert_eq!(escape("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let mut out = String::new();
        fold_into(&mut out, &format!("SUMMARY:{}", "é".repeat(80)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{}", "é".repeat(80))
        );
    }

    #[test]
    fn local_times_follow_british_summer_time() {
        let t = |m, d, h| {
            NaiveDate::from_ymd_opt(2026, m, d)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        assert_eq!(local(t(3, 28, 10)), "20260328T100000"); // GMT, Saturday
        assert_eq!(local(t(3, 29, 10)), "20260329T110000"); // BST from Sunday
        assert_eq!(local(t(10, 25, 10)), "20261025T100000"); // GMT again
    }
}
