//! Local time. Kith stores UTC and shows people Europe/London time.

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Europe::London;

/// "Wednesday 25 November 2026, 10:00 to 12:30" in London time.
pub fn describe_local(starts: NaiveDateTime, ends: NaiveDateTime) -> String {
    let s = London.from_utc_datetime(&starts);
    let e = London.from_utc_datetime(&ends);
    if s.date_naive() == e.date_naive() {
        format!(
            "{}, {} to {}",
            s.format("%A %-d %B %Y"),
            s.format("%H:%M"),
            e.format("%H:%M")
        )
    } else {
        format!(
            "{} to {}",
            s.format("%A %-d %B %Y, %H:%M"),
            e.format("%A %-d %B %Y, %H:%M")
        )
    }
}

/// "Wednesday 25 November 2026 at 10:00" in London time.
pub fn describe_local_time(at: NaiveDateTime) -> String {
    London
        .from_utc_datetime(&at)
        .format("%A %-d %B %Y at %H:%M")
        .to_string()
}

/// The London calendar date of a UTC time.
pub fn london_date(at: NaiveDateTime) -> chrono::NaiveDate {
    London.from_utc_datetime(&at).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn summer_and_winter_times() {
        let d = |m, day, h| {
            NaiveDate::from_ymd_opt(2026, m, day)
                .unwrap()
                .and_hms_opt(h, 0, 0)
                .unwrap()
        };
        // 09:00 UTC is 10:00 BST in July and 09:00 GMT in December.
        assert_eq!(
            describe_local(d(7, 1, 9), d(7, 1, 11)),
            "Wednesday 1 July 2026, 10:00 to 12:00"
        );
        assert_eq!(
            describe_local(d(12, 2, 9), d(12, 2, 11)),
            "Wednesday 2 December 2026, 09:00 to 11:00"
        );
    }
}
