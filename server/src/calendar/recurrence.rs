//! Recurrence rules (RFC 5545 RRULE with EXDATE), expanded in Europe/London
//! local time so "every Tuesday at 10:00" stays at 10:00 on the wall clock
//! across a clock change. Times in and out are UTC, as stored.

use std::collections::hash_map::{Entry, HashMap};

use chrono::{Duration, NaiveDateTime, TimeZone};
use rrule::{Frequency, NWeekday, RRule, RRuleSet, Tz, Unvalidated};

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
    parse(rule)?
        .build(zoned(first_start))
        .map_err(|e: rrule::RRuleError| reason(e))
}

/// Check and parse a rule's text (everything [`build`] checks that does not
/// depend on the first date).
fn parse(rule: &str) -> Result<RRule<Unvalidated>, String> {
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
    Ok(parsed)
}

/// The number of days after which the rule's dates repeat exactly (same
/// weekday, same place in the interval, same wall-clock time), for rules
/// whose dates depend on nothing else: DAILY or WEEKLY, without COUNT and
/// without BY parts other than plain BYDAY. `None` for every other rule.
fn period_days(rule: &RRule<Unvalidated>) -> Option<i64> {
    let plain = rule.get_count().is_none()
        && rule.get_by_set_pos().is_empty()
        && rule.get_by_month().is_empty()
        && rule.get_by_month_day().is_empty()
        && rule.get_by_year_day().is_empty()
        && rule.get_by_week_no().is_empty()
        && rule.get_by_hour().is_empty()
        && rule.get_by_minute().is_empty()
        && rule.get_by_second().is_empty()
        && rule
            .get_by_weekday()
            .iter()
            .all(|d| matches!(d, NWeekday::Every(_)));
    let interval = i64::from(rule.get_interval().max(1));
    match rule.get_freq() {
        _ if !plain => None,
        Frequency::Daily if rule.get_by_weekday().is_empty() => Some(interval),
        Frequency::Daily | Frequency::Weekly => Some(7 * interval),
        _ => None,
    }
}

/// Where to start expanding a series that repeats every `period` days when
/// only dates from `from` on are wanted: the first date moved forward by
/// whole periods (in London wall-clock time) to the last such time at least
/// a day before `from`. The series from there on is the original series
/// from there on, and nothing before it is wanted, so the expansion does
/// not have to walk every date since the first. `None` when there is
/// nothing to skip, or the moved time does not exist or is ambiguous in
/// London (a clock change).
fn later_start(
    first_start: NaiveDateTime,
    period: i64,
    from: NaiveDateTime,
) -> Option<NaiveDateTime> {
    // Two days' margin covers the difference between UTC and London dates
    // and a clock change in between.
    let gap = (from.date() - first_start.date()).num_days() - 2;
    if period <= 0 || gap < period {
        return None;
    }
    let local = zoned(first_start).naive_local();
    let moved = local.checked_add_signed(Duration::days(gap / period * period))?;
    Tz::Europe__London
        .from_local_datetime(&moved)
        .single()
        .map(|t| t.naive_utc())
}

/// The starts (UTC) of the series `set` in `[from, until)` that are not
/// EXDATEs, oldest first, at most `limit`.
fn collect(
    set: RRuleSet,
    exdates: &[NaiveDateTime],
    from: NaiveDateTime,
    until: NaiveDateTime,
    limit: usize,
) -> Vec<NaiveDateTime> {
    let set = set.limit();
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
    out
}

/// Expand a parsed rule: from a later start when the rule allows it (see
/// [`later_start`]), else from the first date. The same dates either way.
fn expand(
    rule: &RRule<Unvalidated>,
    period: Option<i64>,
    first_start: NaiveDateTime,
    exdates: &[NaiveDateTime],
    from: NaiveDateTime,
    until: NaiveDateTime,
    limit: usize,
) -> Result<Vec<NaiveDateTime>, String> {
    if let Some(start) = period.and_then(|p| later_start(first_start, p, from)) {
        // A rule with an UNTIL before the later start fails to build: expand
        // it from the first date, as before.
        if let Ok(set) = rule.clone().build(zoned(start)) {
            return Ok(collect(set, exdates, from, until, limit));
        }
    }
    let set = rule
        .clone()
        .build(zoned(first_start))
        .map_err(|e: rrule::RRuleError| reason(e))?;
    Ok(collect(set, exdates, from, until, limit))
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
    let parsed = parse(rule)?;
    let period = period_days(&parsed);
    expand(&parsed, period, first_start, exdates, from, until, limit)
}

/// A parsed rule and how often it repeats.
struct Parsed {
    rule: RRule<Unvalidated>,
    period: Option<i64>,
}

/// Expands many series without EXDATEs, each with the same result as
/// [`occurrences`] with the limit [`MAX_OCCURRENCES`], for callers that
/// expand thousands at a time (the check-in materialiser): each distinct
/// rule text is checked and parsed once, and the dates of a regular series
/// (see [`period_days`]) are computed once per rule, later start and window,
/// then shared by every series that has them.
#[derive(Default)]
pub struct Expander {
    rule_ids: HashMap<String, usize>,
    rules: Vec<Result<Parsed, String>>,
    windows: HashMap<(usize, NaiveDateTime, NaiveDateTime, NaiveDateTime), Vec<NaiveDateTime>>,
}

impl Expander {
    /// Occurrence starts (UTC) of the series in `[from, until)`, oldest
    /// first: `occurrences(first_start, Some(rule), &[], from, until,
    /// MAX_OCCURRENCES)`.
    pub fn occurrences(
        &mut self,
        first_start: NaiveDateTime,
        rule: &str,
        from: NaiveDateTime,
        until: NaiveDateTime,
    ) -> Result<&[NaiveDateTime], String> {
        let id = match self.rule_ids.get(rule) {
            Some(id) => *id,
            None => {
                let parsed = parse(rule).map(|rule| Parsed {
                    period: period_days(&rule),
                    rule,
                });
                self.rules.push(parsed);
                self.rule_ids.insert(rule.to_string(), self.rules.len() - 1);
                self.rules.len() - 1
            }
        };
        let parsed = self.rules[id].as_ref().map_err(Clone::clone)?;
        // The dates depend only on the rule, where the expansion starts and
        // the window, so they are shared under that key. A later start is
        // the key only when the rule builds from it (an UNTIL before it does
        // not); otherwise the series' own first date is.
        if let Some(later) = parsed
            .period
            .and_then(|p| later_start(first_start, p, from))
        {
            let key = (id, later, from, until);
            if let Entry::Vacant(slot) = self.windows.entry(key) {
                if let Ok(set) = parsed.rule.clone().build(zoned(later)) {
                    slot.insert(collect(set, &[], from, until, MAX_OCCURRENCES));
                }
            }
            if self.windows.contains_key(&key) {
                return Ok(&self.windows[&key]);
            }
        }
        let key = (id, first_start, from, until);
        if let Entry::Vacant(slot) = self.windows.entry(key) {
            slot.insert(expand(
                &parsed.rule,
                None,
                first_start,
                &[],
                from,
                until,
                MAX_OCCURRENCES,
            )?);
        }
        Ok(&self.windows[&key])
    }
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
    use chrono::{Duration, NaiveDate};

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

    /// Expanding from a later start (and sharing expansions) gives exactly
    /// the dates of expanding every series from its first date: regular
    /// rules, rules that must not be shortcut, clock changes both ways, an
    /// UNTIL, and windows before, around and long after the first date.
    #[test]
    fn later_starts_change_nothing() {
        let rules = [
            "FREQ=WEEKLY;BYDAY=TU",
            "FREQ=WEEKLY",
            "FREQ=WEEKLY;BYDAY=MO,TH",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,FR",
            "FREQ=WEEKLY;INTERVAL=3;WKST=SU;BYDAY=SU,WE",
            "FREQ=DAILY",
            "FREQ=DAILY;INTERVAL=3",
            "FREQ=DAILY;BYDAY=MO,WE,FR",
            "FREQ=DAILY;INTERVAL=2;BYDAY=TU,SA",
            "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270112T000000Z",
            "FREQ=WEEKLY;COUNT=12",
            "FREQ=WEEKLY;BYDAY=TU,TH;BYSETPOS=1",
            "FREQ=MONTHLY;BYDAY=2TU",
            "FREQ=DAILY;BYHOUR=9,15",
        ];
        let firsts = [
            utc(2026, 8, 4, 9, 30),   // Tuesday 10:30 BST
            utc(2026, 10, 25, 0, 30), // Sunday 01:30 BST, before the clocks go back
            utc(2026, 10, 25, 1, 30), // Sunday 01:30 GMT, after
            utc(2026, 12, 1, 17, 45), // Tuesday 17:45 GMT
            utc(2027, 3, 27, 1, 30),  // Saturday 01:30 GMT, the day before summer time
        ];
        let mut expander = Expander::default();
        for rule in rules {
            for first in firsts {
                for step in 0..45i64 {
                    let from = utc(2026, 7, 1, 3, 0) + Duration::hours(step * 7 * 24 + step * 13);
                    let until = from + Duration::days(1 + step % 20);
                    let reference = build(rule, first)
                        .map(|set| collect(set, &[], from, until, MAX_OCCURRENCES));
                    let got = occurrences(first, Some(rule), &[], from, until, MAX_OCCURRENCES);
                    assert_eq!(got, reference, "{rule} from {first} in {from}..{until}");
                    let shared = expander
                        .occurrences(first, rule, from, until)
                        .map(|d| d.to_vec());
                    assert_eq!(shared, reference, "{rule} from {first} in {from}..{until}");
                }
            }
        }
        assert!(Expander::default()
            .occurrences(
                utc(2026, 12, 1, 10, 0),
                "FREQ=HOURLY",
                utc(2026, 12, 1, 0, 0),
                utc(2026, 12, 9, 0, 0)
            )
            .is_err());
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
