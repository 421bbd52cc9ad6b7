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
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            "PRODID:-//Kith//Kith Calendar//EN".into(),
            "CALSCALE:GREGORIAN".into(),
            format!("METHOD:{}", self.method),
            format!("X-WR-CALNAME:{}", escape(&self.name)),
            "X-WR-TIMEZONE:Europe/London".into(),
        ];
        lines.extend(VTIMEZONE.iter().map(|l| l.to_string()));
        for e in &self.events {
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}", escape(&e.uid)));
            lines.push(format!("SEQUENCE:{}", e.sequence));
            lines.push(format!("DTSTAMP:{}", e.stamp.format("%Y%m%dT%H%M%SZ")));
            if e.all_day {
                lines.push(format!("DTSTART;VALUE=DATE:{}", local_date(e.starts)));
                lines.push(format!("DTEND;VALUE=DATE:{}", local_date(e.ends)));
            } else {
                lines.push(format!("DTSTART;TZID=Europe/London:{}", local(e.starts)));
                lines.push(format!("DTEND;TZID=Europe/London:{}", local(e.ends)));
            }
            if let Some(rule) = &e.rrule {
                lines.push(format!("RRULE:{rule}"));
                for ex in &e.exdates {
                    if e.all_day {
                        lines.push(format!("EXDATE;VALUE=DATE:{}", local_date(*ex)));
                    } else {
                        lines.push(format!("EXDATE;TZID=Europe/London:{}", local(*ex)));
                    }
                }
            }
            lines.push(format!("SUMMARY:{}", escape(&e.summary)));
            if !e.location.is_empty() {
                lines.push(format!("LOCATION:{}", escape(&e.location)));
            }
            if !e.description.is_empty() {
                lines.push(format!("DESCRIPTION:{}", escape(&e.description)));
            }
            if let Some(url) = &e.url {
                lines.push(format!("URL:{url}"));
            }
            lines.push(format!(
                "STATUS:{}",
                if e.cancelled {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                }
            ));
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        let mut out = String::new();
        for line in lines {
            fold_into(&mut out, &line);
        }
        out
    }
}

/// A UTC time as Europe/London local time, `YYYYMMDDTHHMMSS`.
fn local(utc: NaiveDateTime) -> String {
    London
        .from_utc_datetime(&utc)
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// A UTC time as its Europe/London local date, `YYYYMMDD`.
fn local_date(utc: NaiveDateTime) -> String {
    London.from_utc_datetime(&utc).format("%Y%m%d").to_string()
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
