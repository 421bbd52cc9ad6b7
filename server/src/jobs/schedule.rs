//! Cron schedules and the slots built on them. Expressions have six fields,
//! seconds first (`sec min hour day-of-month month day-of-week`), and are read
//! in UTC, exactly as tokio-cron-scheduler reads them: [`parse_cron`] uses the
//! same parser (`croner`) with the same options.
//!
//! A job's *slot* for a time `t` is the latest time at or before `t` that its
//! schedule fires ([`latest_at_or_before`]). croner only searches forwards, so
//! the search looks back ever further until it finds a fire time, then
//! narrows in by halving: a few dozen forward searches whatever the schedule.

use chrono::{DateTime, Duration, Timelike, Utc};
use croner::Cron;

/// How far back [`latest_at_or_before`] looks (about 34 years): a schedule
/// that has not fired within it has no slot.
const MAX_LOOKBACK_SECONDS: i64 = 1 << 30;

/// Parse a cron expression with the options tokio-cron-scheduler uses, so an
/// expression accepted here is one the scheduler accepts. Also refuses
/// expressions that parse but never fire (say, 31 February).
pub fn parse_cron(expr: &str) -> Result<Cron, String> {
    let cron = Cron::new(expr)
        .with_seconds_required()
        .with_dom_and_dow()
        .parse()
        .map_err(|e| e.to_string())?;
    cron.find_next_occurrence(&Utc::now(), false)
        .map_err(|_| "it never fires".to_string())?;
    Ok(cron)
}

/// The first fire time at or after `t`.
fn next_from(cron: &Cron, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    cron.find_next_occurrence(&t, true).ok()
}

/// The latest fire time at or before `t` (cron has one-second resolution, so
/// `t` counts in whole seconds). `None` if the schedule has not fired in
/// decades.
pub fn latest_at_or_before(cron: &Cron, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let t = t.with_nanosecond(0).unwrap_or(t);
    // Some fire time at or before t: look back 0 s, 1 s, 2 s, 4 s, ...
    let mut back = 0i64;
    let mut lo = loop {
        if let Some(fire) = next_from(cron, t - Duration::seconds(back)) {
            if fire <= t {
                break fire;
            }
        }
        if back >= MAX_LOOKBACK_SECONDS {
            return None;
        }
        back = (back * 2).max(1);
    };
    // `lo` fires and is at or before t; nothing fires in (up, t]. Halve the gap.
    let mut up = t;
    while lo < up {
        let gap = (up - lo).num_seconds();
        let mid = lo + Duration::seconds((gap + 1) / 2);
        match next_from(cron, mid) {
            Some(fire) if fire <= up => lo = fire,
            _ => up = mid - Duration::seconds(1),
        }
    }
    Some(lo)
}

/// The slots a job missed: its fire times after `after` (its last claimed
/// slot) up to and including `now`, oldest first, limited to those within
/// `window` of `now` and to the newest `max` of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub slots: Vec<DateTime<Utc>>,
    /// The newest slot left out by the limits, if any were: it and every
    /// slot between `after` and it are skipped.
    pub skipped_from: Option<DateTime<Utc>>,
}

/// Work out the slots missed since `after` (see [`Missed`]).
pub fn missed_slots(
    cron: &Cron,
    after: DateTime<Utc>,
    now: DateTime<Utc>,
    window: Duration,
    max: usize,
) -> Missed {
    let oldest = now - window;
    let mut slots = Vec::new();
    let mut skipped_from = None;
    let mut cursor = latest_at_or_before(cron, now);
    while let Some(slot) = cursor {
        if slot <= after {
            break;
        }
        if slot < oldest || slots.len() >= max {
            skipped_from = Some(slot);
            break;
        }
        slots.push(slot);
        cursor = latest_at_or_before(cron, slot - Duration::seconds(1));
    }
    slots.reverse();
    Missed {
        slots,
        skipped_from,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, s).unwrap()
    }

    #[test]
    fn the_slot_is_the_latest_fire_time_at_or_before() {
        let hourly = parse_cron("0 20 * * * *").unwrap();
        assert_eq!(
            latest_at_or_before(&hourly, at(9, 0, 0)),
            Some(at(8, 20, 0))
        );
        assert_eq!(
            latest_at_or_before(&hourly, at(9, 20, 0)),
            Some(at(9, 20, 0))
        );
        assert_eq!(
            latest_at_or_before(&hourly, at(9, 20, 0) + Duration::milliseconds(300)),
            Some(at(9, 20, 0))
        );
        assert_eq!(
            latest_at_or_before(&hourly, at(9, 19, 59)),
            Some(at(8, 20, 0))
        );
        let every5 = parse_cron("*/5 * * * * *").unwrap();
        assert_eq!(latest_at_or_before(&every5, at(9, 0, 7)), Some(at(9, 0, 5)));
        let daily = parse_cron("0 30 7 * * *").unwrap();
        assert_eq!(
            latest_at_or_before(&daily, at(7, 0, 0)),
            Some(at(7, 30, 0) - Duration::days(1))
        );
        let yearly = parse_cron("0 0 0 1 1 *").unwrap();
        assert_eq!(
            latest_at_or_before(&yearly, at(7, 0, 0)),
            Some(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
        );
        let leap = parse_cron("0 0 12 29 2 *").unwrap();
        assert_eq!(
            latest_at_or_before(&leap, at(7, 0, 0)),
            Some(Utc.with_ymd_and_hms(2024, 2, 29, 12, 0, 0).unwrap())
        );
    }

    #[test]
    fn missed_slots_are_bounded() {
        let hourly = parse_cron("0 20 * * * *").unwrap();
        let m = missed_slots(&hourly, at(8, 20, 0), at(12, 0, 0), Duration::days(7), 200);
        assert_eq!(m.slots, vec![at(9, 20, 0), at(10, 20, 0), at(11, 20, 0)]);
        assert_eq!(m.skipped_from, None);
        let m = missed_slots(&hourly, at(8, 20, 0), at(12, 0, 0), Duration::days(7), 2);
        assert_eq!(m.slots, vec![at(10, 20, 0), at(11, 20, 0)]);
        assert_eq!(m.skipped_from, Some(at(9, 20, 0)));
        let m = missed_slots(
            &hourly,
            at(8, 20, 0) - Duration::days(30),
            at(12, 0, 0),
            Duration::days(1),
            200,
        );
        assert_eq!(m.slots.len(), 24);
        assert_eq!(m.slots[0], at(12, 20, 0) - Duration::days(1));
        assert_eq!(m.skipped_from, Some(at(11, 20, 0) - Duration::days(1)));
        let none = missed_slots(&hourly, at(11, 20, 0), at(12, 0, 0), Duration::days(7), 200);
        assert!(none.slots.is_empty() && none.skipped_from.is_none());
    }

    #[test]
    fn bad_expressions_are_refused() {
        assert!(parse_cron("0 20 * * *").is_err(), "five fields");
        assert!(parse_cron("0 61 * * * *").is_err());
        assert!(parse_cron("every hour").is_err());
        assert!(parse_cron("0 0 0 31 2 *").is_err(), "never fires");
    }
}
