//! Recurrence rules (RFC 5545 RRULE with EXDATE), expanded in Europe/London
//! local time so "every Tuesday at 10:00" stays at 10:00 on the wall clock
//! across a clock change. Times in and out are UTC, as stored.

use chrono::{NaiveDateTime, TimeZone};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};

/// The most occurrences any one expansion returns.
pub const MAX_OCCURRENCES: usize = 1000;

/// A UTC time as a Europe/London zoned time for the rrule crate.
fn zoned(utc: NaiveDateTime) -> chrono::DateTime<Tz> {
    Tz::Europe__London.from_utc_datetime(&utc)
}

/// Parse and check a rule for a series whose first occurrence starts at
/// `first_start` (UTC). Returns the rule in normal form (upper case, without
/// a leading `RRULE:`), or the reason it is not acceptable, in words a
/// coordinator can act on.
pub fn check_rule(rule: &str, first_start: NaiveDateTime) -> Result<String, String> {
    let set = build(rule, first_start)?;
    let first = (&set).into_iter().next();
    match first {
        None => Err("the rule never produces a date".into()),
        Some(dt) if dt.naive_utc() != first_start => Err(format!(
            "the first date does not follow the rule (the rule's first date would be {}); \
             start the activity on a day the rule includes",
            dt.format("%A %-d %B %Y")
        )),
        Some(_) => Ok(normal_form(rule)),
    }
}

fn normal_form(rule: &str) -> String {
    let rule = rule.trim();
    let rule = rule
        .strip_prefix("RRULE:")
        .or_else(|| rule.strip_prefix("rrule:"))
        .unwrap_or(rule);
    rule.to_ascii_uppercase()
}

fn build(rule: &str, first_start: NaiveDateTime) -> Result<RRuleSet, String> {
    let text = normal_form(rule);
    if text.is_empty() {
        return Err("the rule is empty".into());
    }
    if text.len() > 500 {
        return Err("the rule is too long".into());
    }
    if text.contains('\n') || text.contains('\r') {
        return Err("give one RRULE only, without DTSTART or other lines".into());
    }
    let parsed: RRule<Unvalidated> = text.parse().map_err(|e: rrule::RRuleError| reason(e))?;
    if matches!(
        parsed.get_freq(),
        Frequency::Secondly | Frequency::Minutely | Frequency::Hourly
    ) {
        return Err("an activity can repeat at most once a day".into());
    }
    parsed
        .build(zoned(first_start))
        .map_err(|e: rrule::RRuleError| reason(e))
}

/// The rrule crate's message without its "RRule parsing error:" prefix.
fn reason(err: rrule::RRuleError) -> String {
    let text = err.to_string();
    let text = text
        .split_once(": ")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or(text);
    text.trim_end_matches('.').to_string()
}

/// Occurrence starts (UTC) of a series in `[from, until)`, oldest first, at
/// most `limit` (and never more than [`MAX_OCCURRENCES`]). A one-off event
/// (`rule` is `None`) has the single occurrence `first_start`. EXDATEs are
/// occurrence starts (UTC) to leave out.
pub fn occurrences(
    first_start: NaiveDateTime,
    rule: Option<&str>,
    exdates: &[NaiveDateTime],
    from: NaiveDateTime,
    until: NaiveDateTime,
    limit: usize,
) -> Result<Vec<NaiveDateTime>, String> {
    let limit = limit.min(MAX_OCCURRENCES);
    let Some(rule) = rule else {
        let inside = first_start >= from && first_start < until && !exdates.contains(&first_start);
        return Ok(if inside && limit > 0 {
            vec![first_start]
        } else {
            vec![]
        });
    };
    let set = build(rule, first_start)?.limit();
    let mut out = Vec::new();
    for dt in &set {
        let utc = dt.naive_utc();
        if utc >= until || out.len() >= limit {
            break;
        }
        if utc >= from && !exdates.contains(&utc) {
            out.push(utc);
        }
    }
    Ok(out)
}

/// Whether the series has an occurrence starting exactly at `start` (UTC).
pub fn has_occurrence(
    first_start: NaiveDateTime,
    rule: Option<&str>,
    exdates: &[NaiveDateTime],
    start: NaiveDateTime,
) -> Result<bool, String> {
    let found = occurrences(
        first_start,
        rule,
        exdates,
        start,
        start + chrono::Duration::seconds(1),
        1,
    )?;
    Ok(found.first() == Some(&start))
}

/// Parse stored EXDATEs (comma-separated UTC `YYYYMMDDTHHMMSSZ`).
pub fn parse_exdates(stored: &str) -> Vec<NaiveDateTime> {
    stored
        .split(',')
        .filter_map(|s| NaiveDateTime::parse_from_str(s.trim(), "%Y%m%dT%H%M%SZ").ok())
        .collect()
}

/// Store EXDATEs as comma-separated UTC `YYYYMMDDTHHMMSSZ`, sorted, unique.
pub fn format_exdates(exdates: &[NaiveDateTime]) -> String {
    let mut sorted = exdates.to_vec();
    sorted.sort();
    sorted.dedup();
    sorted
        .iter()
        .map(|d| d.format("%Y%m%dT%H%M%SZ").to_string())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn weekly_keeps_local_time_across_clock_changes() {
        // Tuesday 20 October 2026, 10:00 BST = 09:00 UTC.
        let first = utc(2026, 10, 20, 9, 0);
        let got = occurrences(
            first,
            Some("FREQ=WEEKLY;BYDAY=TU;COUNT=3"),
            &[],
            first,
            utc(2027, 1, 1, 0, 0),
            10,
        )
        .unwrap();
        // After 25 October the clocks go back: 10:00 GMT = 10:00 UTC.
        assert_eq!(
            got,
            vec![first, utc(2026, 10, 27, 10, 0), utc(2026, 11, 3, 10, 0)]
        );
    }

    #[test]
    fn exdates_and_windows() {
        let first = utc(2026, 12, 1, 10, 0);
        let ex = [utc(2026, 12, 8, 10, 0)];
        let got = occurrences(
            first,
            Some("RRULE:freq=weekly"),
            &ex,
            utc(2026, 12, 2, 0, 0),
            utc(2026, 12, 31, 0, 0),
            10,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                utc(2026, 12, 15, 10, 0),
                utc(2026, 12, 22, 10, 0),
                utc(2026, 12, 29, 10, 0)
            ]
        );
        assert!(has_occurrence(first, Some("FREQ=WEEKLY"), &ex, utc(2026, 12, 15, 10, 0)).unwrap());
        assert!(!has_occurrence(first, Some("FREQ=WEEKLY"), &ex, utc(2026, 12, 8, 10, 0)).unwrap());
        assert!(
            !has_occurrence(first, Some("FREQ=WEEKLY"), &ex, utc(2026, 12, 15, 11, 0)).unwrap()
        );
        assert!(has_occurrence(first, None, &[], first).unwrap());
    }

    #[test]
    fn bad_rules_say_why() {
        let first = utc(2026, 12, 1, 10, 0); // a Tuesday
        assert_eq!(
            check_rule("rrule:freq=weekly;byday=tu", first).unwrap(),
            "FREQ=WEEKLY;BYDAY=TU"
        );
        for bad in [
            "",
            "FREQ=FORTNIGHTLY",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=WEEKLY;INTERVAL=0",
            "FREQ=HOURLY",
            "FREQ=WEEKLY;BYDAY=WE",
            "FREQ=DAILY\nEXDATE:20261202T100000Z",
        ] {
            let err = check_rule(bad, first).unwrap_err();
            assert!(!err.is_empty(), "{bad}");
        }
        assert!(check_rule("FREQ=WEEKLY;BYDAY=WE", first)
            .unwrap_err()
            .contains("Wednesday 2 December 2026"));
    }

    #[test]
    fn exdates_round_trip() {
        let ex = vec![utc(2026, 12, 8, 10, 0), utc(2026, 12, 1, 10, 0)];
        let stored = format_exdates(&ex);
        assert_eq!(stored, "20261201T100000Z,20261208T100000Z");
        assert_eq!(parse_exdates(&stored), vec![ex[1], ex[0]]);
        assert!(parse_exdates("").is_empty());
    }
}
