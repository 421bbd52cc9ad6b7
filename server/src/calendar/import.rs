//! Reading a group's existing calendar file into draft activities.
//!
//! A coordinator uploads an iCalendar (RFC 5545) file exported from Google
//! Calendar, Outlook, Apple Calendar and the like. [`parse_calendar`] reads
//! it without touching the database and says, for every event, either what
//! to create (an [`ImportedEvent`]) or why it was left out (a
//! [`SkippedEvent`]). A file that is broken as a whole is refused with a
//! [`CalendarError`] naming the line, so an import writes all or nothing.
//!
//! Times come out in UTC. Floating times (no `Z`, no `TZID`) and whole-day
//! dates are read as Europe/London local time, and repeat rules are checked
//! by [`crate::calendar::recurrence`], which expands them in Europe/London.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone};
use chrono_tz::{Europe::London, Tz};
use ical::LineReader;

use super::recurrence;

/// One event to create or update as a draft activity.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedEvent {
    /// The event's UID, trimmed, at most 255 characters: how the same event
    /// is recognised when the file is imported again.
    pub uid: String,
    /// The title (SUMMARY), unescaped and trimmed, at most 120 characters.
    pub summary: String,
    /// The DESCRIPTION, unescaped and trimmed, at most 4000 characters; empty
    /// if the event has none.
    pub description: String,
    /// The LOCATION, unescaped and trimmed, at most 200 characters; empty if
    /// the event has none.
    pub location: String,
    /// When the (first) occurrence starts, in UTC. A whole-day event starts
    /// at midnight Europe/London time.
    pub starts_at: NaiveDateTime,
    /// When the (first) occurrence ends, in UTC. A whole-day event ends at
    /// midnight Europe/London time at the start of the day after its last day.
    pub ends_at: NaiveDateTime,
    /// Whether the event is for whole days (its DTSTART is a date).
    pub all_day: bool,
    /// The repeat rule (RRULE) in the normal form given by
    /// [`recurrence::check_rule`], or `None` for a one-off event.
    pub recurrence: Option<String>,
    /// Occurrence starts (UTC) left out of a repeating event (EXDATE),
    /// sorted, without repeats; always empty for a one-off event.
    pub exdates: Vec<NaiveDateTime>,
    /// The SEQUENCE number (how often the event was changed), or 0.
    pub sequence: i32,
    /// The line of the file on which the event's `BEGIN:VEVENT` stands.
    pub line: usize,
}

/// An event left out, and why (shown to the coordinator).
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedEvent {
    /// The event's UID, if it has one.
    pub uid: Option<String>,
    /// The event's title, if it has one.
    pub summary: Option<String>,
    /// The line of the file on which the event's `BEGIN:VEVENT` stands.
    pub line: usize,
    /// Why the event was left out, in plain English (e.g. "it is cancelled").
    pub reason: String,
}

/// Everything read from a calendar file: the events to import and the
/// events left out, each in file order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedCalendar {
    pub events: Vec<ImportedEvent>,
    pub skipped: Vec<SkippedEvent>,
}

/// A file that cannot be read at all: the import writes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarError {
    /// The line of the file where the problem is (counting from 1).
    pub line: usize,
    /// What is wrong, in plain English.
    pub reason: String,
}

impl CalendarError {
    fn new(line: usize, reason: impl Into<String>) -> Self {
        CalendarError {
            line,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for CalendarError {}

/// The most events (VEVENTs) one file may hold.
pub const MAX_EVENTS: usize = 500;

const MAX_UID: usize = 255;
const MAX_SUMMARY: usize = 120;
const MAX_DESCRIPTION: usize = 4000;
const MAX_LOCATION: usize = 200;
/// Events longer than this many days are left out.
const MAX_DAYS: i64 = 7;

/// The start of the reason [`recurrence::check_rule`] gives for a rule that
/// does not produce the event's own start: such events are skipped, not
/// refused, as exports often contain them.
const FIRST_DATE_MISMATCH: &str = "the first date does not follow the rule";

/// Read an uploaded iCalendar file. `now` (UTC) decides which events are in
/// the past.
///
/// Events are skipped, with a reason, when they cannot usefully become a
/// draft activity (no UID, a repeated UID, a change to a single occurrence,
/// cancelled, no title, over, longer than a week, repeat rules we do not
/// support). The whole file is refused when it is not a well-formed
/// calendar, holds more than [`MAX_EVENTS`] events, or an event has a time or
/// repeat rule that cannot be read.
///
/// An event that is skipped for having no UID, a repeated UID, a
/// RECURRENCE-ID or STATUS:CANCELLED is not checked further, so a bad time
/// in it does not refuse the file.
pub fn parse_calendar(ics: &str, now: NaiveDateTime) -> Result<ParsedCalendar, CalendarError> {
    let text = prepare(ics);
    let mut lines = LineReader::new(text.as_bytes());
    let Some(first) = lines.next() else {
        return Err(CalendarError::new(1, "the file is empty"));
    };
    let starts_right = matches!(
        parse_line(first.as_str(), first.number()),
        Ok(p) if p.name == "BEGIN" && p.value.trim().eq_ignore_ascii_case("VCALENDAR")
    );
    if !starts_right {
        return Err(CalendarError::new(
            first.number(),
            "the file must start with BEGIN:VCALENDAR (is it an iCalendar .ics file?)",
        ));
    }

    // Components begun and not yet ended, with the line of their BEGIN.
    let mut open: Vec<(String, usize)> = vec![("VCALENDAR".into(), first.number())];
    let mut last_line = first.number();
    let mut current: Option<Draft> = None;
    let mut event_count = 0;
    let mut uids = HashSet::new();
    let mut parsed = ParsedCalendar::default();

    for line in lines {
        let n = line.number();
        last_line = n;
        if open.is_empty() {
            return Err(CalendarError::new(
                n,
                "there is more text after END:VCALENDAR",
            ));
        }
        let prop = parse_line(line.as_str(), n).map_err(|reason| CalendarError::new(n, reason))?;
        match prop.name.as_str() {
            "BEGIN" => {
                let kind = prop.value.trim().to_ascii_uppercase();
                if kind.is_empty() {
                    return Err(CalendarError::new(
                        n,
                        "BEGIN needs the name of what begins, like BEGIN:VEVENT",
                    ));
                }
                if kind == "VEVENT" && open.len() == 1 {
                    event_count += 1;
                    if event_count > MAX_EVENTS {
                        return Err(CalendarError::new(
                            n,
                            format!("the file has more than {MAX_EVENTS} events"),
                        ));
                    }
                    current = Some(Draft {
                        line: n,
                        props: Vec::new(),
                    });
                }
                open.push((kind, n));
            }
            "END" => {
                let kind = prop.value.trim().to_ascii_uppercase();
                let Some((begun, begun_line)) = open.pop() else {
                    return Err(CalendarError::new(n, "END without a BEGIN"));
                };
                if kind != begun {
                    return Err(CalendarError::new(
                        n,
                        format!("END:{kind} does not match BEGIN:{begun} on line {begun_line}"),
                    ));
                }
                if kind == "VEVENT" && open.len() == 1 {
                    if let Some(draft) = current.take() {
                        match read_event(&draft, now, &mut uids)? {
                            Ok(event) => parsed.events.push(event),
                            Err(skipped) => parsed.skipped.push(skipped),
                        }
                    }
                }
            }
            // Only the VEVENT's own properties: not those of a VALARM (or
            // anything else) inside it, nor of other components.
            _ if open.len() == 2 => {
                if let Some(draft) = current.as_mut() {
                    draft.props.push(prop);
                }
            }
            _ => {}
        }
    }

    if let Some((kind, begun_line)) = open.last() {
        return Err(CalendarError::new(
            last_line,
            format!(
                "the file ends before END:{kind}: the {kind} begun on line {begun_line} is not closed"
            ),
        ));
    }
    Ok(parsed)
}

/// Make the text safe for `ical::LineReader`, keeping line numbers (one
/// output line per input line):
///
/// - a UTF-8 byte order mark is dropped;
/// - line ends become LF, and stray CRs at line ends are dropped;
/// - a line of only white space that is not a continuation becomes empty
///   (the reader would otherwise stop early at it);
/// - white space at the end of a line that is continued on the next line
///   is moved to just after the next line's folding space, because the
///   reader trims the end of every line and would join "a " + " b" as "ab".
fn prepare(ics: &str) -> String {
    let ics = ics.strip_prefix('\u{feff}').unwrap_or(ics);
    let mut out = String::with_capacity(ics.len() + 16);
    // Trailing white space of the line being continued.
    let mut carry = String::new();
    let mut started = false;
    for raw in ics.split('\n') {
        let line = raw.trim_end_matches('\r');
        if line.is_empty() {
            // The reader skips empty lines.
        } else if started && (line.starts_with(' ') || line.starts_with('\t')) {
            let (fold, rest) = line.split_at(1);
            let body = format!("{carry}{rest}");
            let kept = body.trim_end();
            out.push_str(fold);
            out.push_str(kept);
            carry = body[kept.len()..].to_string();
        } else if line.trim().is_empty() {
            // A blank line: the reader skips it like an empty one.
        } else {
            started = true;
            let kept = line.trim_end();
            out.push_str(kept);
            carry = line[kept.len()..].to_string();
        }
        out.push('\n');
    }
    out
}

/// One content line: `NAME;PARAM=value,value:value`.
#[derive(Debug, Clone, PartialEq)]
struct Prop {
    /// Upper case.
    name: String,
    /// Names upper case; values without their quotes.
    params: Vec<(String, Vec<String>)>,
    value: String,
    line: usize,
}

impl Prop {
    /// The first value of a parameter.
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(key, _)| key == name)
            .and_then(|(_, values)| values.first())
            .map(String::as_str)
    }
}

const LINE_SHAPE: &str = "a line must look like NAME:value";

fn is_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Split an unfolded content line into name, parameters and value.
fn parse_line(text: &str, line: usize) -> Result<Prop, &'static str> {
    let name_end = text.find([';', ':']).ok_or(LINE_SHAPE)?;
    let name = &text[..name_end];
    if !is_name(name) {
        return Err(LINE_SHAPE);
    }
    let mut rest = &text[name_end..];
    let mut params = Vec::new();
    while let Some(after) = rest.strip_prefix(';') {
        let key_end = after
            .find(['=', ';', ':'])
            .ok_or("a parameter must look like NAME=value")?;
        let key = &after[..key_end];
        if !is_name(key) || !after[key_end..].starts_with('=') {
            return Err("a parameter must look like NAME=value");
        }
        let mut remaining = &after[key_end + 1..];
        let mut values = Vec::new();
        loop {
            if let Some(quoted) = remaining.strip_prefix('"') {
                let close = quoted
                    .find('"')
                    .ok_or("a quoted parameter value has no closing quote")?;
                values.push(quoted[..close].to_string());
                remaining = &quoted[close + 1..];
            } else {
                let end = remaining.find([',', ';', ':']).unwrap_or(remaining.len());
                values.push(remaining[..end].to_string());
                remaining = &remaining[end..];
            }
            match remaining.strip_prefix(',') {
                Some(next) => remaining = next,
                None => break,
            }
        }
        params.push((key.to_ascii_uppercase(), values));
        rest = remaining;
    }
    let value = rest.strip_prefix(':').ok_or(LINE_SHAPE)?;
    Ok(Prop {
        name: name.to_ascii_uppercase(),
        params,
        value: value.to_string(),
        line,
    })
}

/// The properties of one VEVENT, collected until its END.
struct Draft {
    line: usize,
    props: Vec<Prop>,
}

impl Draft {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Prop> + 'a {
        self.props.iter().filter(move |p| p.name == name)
    }

    fn first(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }

    /// A property that may appear at most once.
    fn single<'a>(&'a self, name: &'a str, what: &str) -> Result<Option<&'a Prop>, CalendarError> {
        let mut found = self.all(name);
        let first = found.next();
        match found.next() {
            Some(second) => Err(CalendarError::new(
                second.line,
                format!("the event has more than one {what}"),
            )),
            None => Ok(first),
        }
    }
}

/// Read one VEVENT: the event, the reason it is skipped, or (outer `Err`)
/// why the whole file is refused.
fn read_event(
    draft: &Draft,
    now: NaiveDateTime,
    uids: &mut HashSet<String>,
) -> Result<Result<ImportedEvent, SkippedEvent>, CalendarError> {
    let uid = draft
        .first("UID")
        .map(|p| truncate(p.value.trim(), MAX_UID))
        .filter(|u| !u.is_empty());
    let summary = draft
        .first("SUMMARY")
        .map(|p| clean_text(&p.value, MAX_SUMMARY))
        .filter(|s| !s.is_empty());
    let skip = |reason: &str| {
        Ok(Err(SkippedEvent {
            uid: uid.clone(),
            summary: summary.clone(),
            line: draft.line,
            reason: reason.to_string(),
        }))
    };

    let Some(uid_text) = uid.clone() else {
        return skip("it has no UID, so it could not be matched when the file is imported again");
    };
    if draft.first("RECURRENCE-ID").is_some() {
        return skip("changes to single occurrences are not imported");
    }
    if !uids.insert(uid_text.clone()) {
        return skip("its UID appears earlier in the file");
    }
    if draft
        .first("STATUS")
        .is_some_and(|p| p.value.trim().eq_ignore_ascii_case("CANCELLED"))
    {
        return skip("it is cancelled");
    }

    // When: start, end, excluded dates.
    let dtstart = draft
        .single("DTSTART", "start time (DTSTART)")?
        .ok_or_else(|| CalendarError::new(draft.line, "the event has no start time (DTSTART)"))?;
    let (starts_at, start_date) = match read_when(&dtstart.value, dtstart, "start time (DTSTART)")?
    {
        When::Date(date) => (london_midnight(date, dtstart)?, Some(date)),
        When::Time(time) => (time, None),
    };
    let all_day = start_date.is_some();
    let ends_at = read_end(draft, starts_at, start_date)?;
    let mut exdates = read_exdates(draft, starts_at, all_day)?;

    // How it repeats.
    let mut rules = draft.all("RRULE");
    let rule_prop = rules.next();
    if rules.next().is_some() {
        return skip("it has more than one repeat rule");
    }
    if draft.first("RDATE").is_some() {
        return skip("extra dates (RDATE) are not supported");
    }
    let recurrence = match rule_prop {
        None => None,
        Some(p) => match recurrence::check_rule(&until_in_utc(&p.value), starts_at) {
            Ok(rule) => Some(rule),
            Err(reason) if reason.starts_with(FIRST_DATE_MISMATCH) => return skip(&reason),
            Err(reason) => {
                return Err(CalendarError::new(
                    p.line,
                    format!("the repeat rule is not valid: {reason}"),
                ))
            }
        },
    };

    if recurrence.is_none() {
        // Only a repeating event has occurrences to leave out.
        exdates.clear();
    }

    let Some(summary_text) = summary.clone() else {
        return skip("it has no title (SUMMARY)");
    };
    let too_long = if all_day {
        london_date(ends_at) - london_date(starts_at) > TimeDelta::days(MAX_DAYS)
    } else {
        ends_at - starts_at > TimeDelta::days(MAX_DAYS)
    };
    if too_long {
        return skip(&format!("it lasts more than {MAX_DAYS} days"));
    }
    if has_ended(starts_at, ends_at, recurrence.as_deref(), &exdates, now) {
        return skip("it is in the past");
    }

    let text = |name: &str, max: usize| {
        draft
            .first(name)
            .map(|p| clean_text(&p.value, max))
            .unwrap_or_default()
    };
    Ok(Ok(ImportedEvent {
        uid: uid_text,
        summary: summary_text,
        description: text("DESCRIPTION", MAX_DESCRIPTION),
        location: text("LOCATION", MAX_LOCATION),
        starts_at,
        ends_at,
        all_day,
        recurrence,
        exdates,
        sequence: draft
            .first("SEQUENCE")
            .and_then(|p| p.value.trim().parse().ok())
            .unwrap_or(0),
        line: draft.line,
    }))
}

/// The end of the first occurrence, from DTEND, DURATION or the default
/// (one day for a whole-day event, one hour otherwise).
fn read_end(
    draft: &Draft,
    starts_at: NaiveDateTime,
    start_date: Option<NaiveDate>,
) -> Result<NaiveDateTime, CalendarError> {
    let dtend = draft.single("DTEND", "end time (DTEND)")?;
    let duration = draft.single("DURATION", "length (DURATION)")?;
    let (ends_at, prop) = if let Some(p) = dtend {
        let end = match read_when(&p.value, p, "end time (DTEND)")? {
            When::Date(date) => london_midnight(date, p)?,
            When::Time(time) => time,
        };
        if end < starts_at {
            return Err(CalendarError::new(
                p.line,
                "the event ends (DTEND) before it starts (DTSTART)",
            ));
        }
        (end, Some(p))
    } else if let Some(p) = duration {
        let value = p.value.trim();
        let unreadable = || {
            CalendarError::new(
                p.line,
                format!("the length (DURATION) \"{value}\" cannot be read"),
            )
        };
        let length = parse_duration(value).ok_or_else(unreadable)?;
        if length.negative && (length.days > 0 || length.seconds > 0) {
            return Err(CalendarError::new(
                p.line,
                format!("the length (DURATION) \"{value}\" is negative"),
            ));
        }
        let base = match start_date {
            // Whole days are calendar days, whatever the clocks do.
            Some(date) => date
                .checked_add_days(Days::new(length.days))
                .ok_or_else(unreadable)
                .and_then(|d| london_midnight(d, p))?,
            None => i64::try_from(length.days)
                .ok()
                .and_then(|d| d.checked_mul(86_400))
                .and_then(TimeDelta::try_seconds)
                .and_then(|d| starts_at.checked_add_signed(d))
                .ok_or_else(unreadable)?,
        };
        let end = i64::try_from(length.seconds)
            .ok()
            .and_then(TimeDelta::try_seconds)
            .and_then(|d| base.checked_add_signed(d))
            .ok_or_else(unreadable)?;
        (end, Some(p))
    } else {
        (starts_at, None)
    };
    if ends_at > starts_at {
        return Ok(ends_at);
    }
    // No length at all: a whole day, or an hour.
    let fallback = match start_date {
        Some(date) => date
            .checked_add_days(Days::new(1))
            .and_then(|d| to_utc(London, d.and_time(NaiveTime::MIN))),
        None if prop.is_none() => starts_at.checked_add_signed(TimeDelta::hours(1)),
        // An explicit zero length for a timed event is kept.
        None => Some(starts_at),
    };
    fallback
        .ok_or_else(|| CalendarError::new(draft.line, "the event's end time cannot be worked out"))
}

/// Every EXDATE value, in UTC, sorted, without repeats. A date on its own
/// leaves out that day's occurrence: midnight for a whole-day event, the
/// start's Europe/London time of day otherwise.
fn read_exdates(
    draft: &Draft,
    starts_at: NaiveDateTime,
    all_day: bool,
) -> Result<Vec<NaiveDateTime>, CalendarError> {
    let start_time = London.from_utc_datetime(&starts_at).time();
    let mut exdates = Vec::new();
    for p in draft.all("EXDATE") {
        for value in p.value.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            let at = match read_when(value, p, "excluded date (EXDATE)")? {
                When::Date(date) if all_day => london_midnight(date, p)?,
                When::Date(date) => to_utc(London, date.and_time(start_time)).ok_or_else(|| {
                    CalendarError::new(
                        p.line,
                        format!("the excluded date (EXDATE) \"{value}\" cannot be read"),
                    )
                })?,
                When::Time(time) => time,
            };
            exdates.push(at);
        }
    }
    exdates.sort();
    exdates.dedup();
    Ok(exdates)
}

/// Whether every occurrence has ended by `now`. Only repeat rules with an
/// end (COUNT or UNTIL) can be over.
fn has_ended(
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    rule: Option<&str>,
    exdates: &[NaiveDateTime],
    now: NaiveDateTime,
) -> bool {
    let Some(rule) = rule else {
        return ends_at <= now;
    };
    let finite = rule.split(';').any(|part| {
        let key = part.split('=').next().unwrap_or("").trim();
        key == "COUNT" || key == "UNTIL"
    });
    if !finite {
        return false;
    }
    // An occurrence is not over if it starts after `now - length`.
    let Some(from) = now
        .checked_sub_signed(ends_at - starts_at)
        .and_then(|t| t.checked_add_signed(TimeDelta::nanoseconds(1)))
    else {
        return false;
    };
    match recurrence::occurrences(starts_at, Some(rule), exdates, from, NaiveDateTime::MAX, 1) {
        Ok(found) => found.is_empty(),
        Err(_) => false,
    }
}

/// A DTSTART/DTEND/EXDATE value: a whole day or a moment (UTC).
enum When {
    Date(NaiveDate),
    Time(NaiveDateTime),
}

/// Read one date or date-time value of `prop` (which supplies the VALUE and
/// TZID parameters and the line number). `what` names the property in
/// messages, e.g. "start time (DTSTART)".
fn read_when(value: &str, prop: &Prop, what: &str) -> Result<When, CalendarError> {
    let value = value.trim();
    let unreadable =
        || CalendarError::new(prop.line, format!("the {what} \"{value}\" cannot be read"));
    let kind = prop.param("VALUE").map(|k| k.trim().to_ascii_uppercase());
    if !matches!(kind.as_deref(), None | Some("DATE") | Some("DATE-TIME")) {
        return Err(unreadable());
    }
    if value.len() == 8 {
        return parse_date(value).map(When::Date).ok_or_else(unreadable);
    }
    if kind.as_deref() == Some("DATE") {
        return Err(unreadable());
    }
    let (local, utc) = parse_date_time(value).ok_or_else(unreadable)?;
    if utc {
        return Ok(When::Time(local));
    }
    let zone = match prop.param("TZID") {
        None => London,
        Some(id) => time_zone(id).ok_or_else(|| {
            CalendarError::new(prop.line, format!("unknown time zone \"{}\"", id.trim()))
        })?,
    };
    to_utc(zone, local).map(When::Time).ok_or_else(unreadable)
}

/// An IANA time zone name, or Outlook's name for UK time.
fn time_zone(id: &str) -> Option<Tz> {
    let id = id.trim();
    if id.eq_ignore_ascii_case("GMT Standard Time") {
        return Some(London);
    }
    Tz::from_str(id).ok()
}

fn digits(text: &str) -> Option<u32> {
    if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

/// `YYYYMMDD`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.is_ascii() {
        return None;
    }
    let year = i32::try_from(digits(&text[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&text[4..6])?, digits(&text[6..])?)
}

/// `YYYYMMDDTHHMMSS` with an optional `Z`: the time, and whether it is UTC.
fn parse_date_time(text: &str) -> Option<(NaiveDateTime, bool)> {
    let (text, utc) = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    if text.len() != 15 || !text.is_ascii() || !text[8..9].eq_ignore_ascii_case("T") {
        return None;
    }
    let time = NaiveTime::from_hms_opt(
        digits(&text[9..11])?,
        digits(&text[11..13])?,
        digits(&text[13..])?,
    )?;
    Some((parse_date(&text[..8])?.and_time(time), utc))
}

/// A local time in `zone` as UTC. A time that happens twice (clocks going
/// back) is the earlier one; a time that does not exist (clocks going
/// forward) is moved forward by the gap.
fn to_utc(zone: Tz, local: NaiveDateTime) -> Option<NaiveDateTime> {
    if let Some(at) = zone.from_local_datetime(&local).earliest() {
        return Some(at.naive_utc());
    }
    let before = local.checked_sub_days(Days::new(1))?;
    let offset = zone
        .offset_from_utc_datetime(&before)
        .fix()
        .local_minus_utc();
    local.checked_sub_signed(TimeDelta::try_seconds(i64::from(offset))?)
}

/// Midnight at the start of `date` in Europe/London, as UTC.
fn london_midnight(date: NaiveDate, prop: &Prop) -> Result<NaiveDateTime, CalendarError> {
    to_utc(London, date.and_time(NaiveTime::MIN))
        .ok_or_else(|| CalendarError::new(prop.line, format!("the date {date} cannot be read")))
}

/// The Europe/London date of a UTC time.
fn london_date(utc: NaiveDateTime) -> NaiveDate {
    London.from_utc_datetime(&utc).date_naive()
}

/// A DURATION value (RFC 5545 dur-value), e.g. `PT1H30M`, `P1D`, `P2W`.
struct Length {
    negative: bool,
    days: u64,
    seconds: u64,
}

fn parse_duration(text: &str) -> Option<Length> {
    let text = text.trim().to_ascii_uppercase();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let rest = rest.strip_prefix('P')?;
    let (date_part, time_part) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let (days, any_date) = sum_units(date_part, &[('W', 7), ('D', 1)])?;
    let (seconds, any_time) = match time_part {
        Some(time) => {
            let (seconds, any) = sum_units(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
            if !any {
                return None;
            }
            (seconds, true)
        }
        None => (0, false),
    };
    if !any_date && !any_time {
        return None;
    }
    Some(Length {
        negative,
        days,
        seconds,
    })
}

/// Add up `<number><unit>` pairs, units in the given order, each at most
/// once. Also says whether there was any pair.
fn sum_units(text: &str, units: &[(char, u64)]) -> Option<(u64, bool)> {
    let mut total: u64 = 0;
    let mut number: Option<u64> = None;
    let mut next_unit = 0;
    let mut any = false;
    for c in text.chars() {
        if let Some(digit) = c.to_digit(10) {
            number = Some(
                number
                    .unwrap_or(0)
                    .checked_mul(10)?
                    .checked_add(u64::from(digit))?,
            );
        } else {
            let found = units
                .get(next_unit..)?
                .iter()
                .position(|(unit, _)| *unit == c)?;
            let (_, size) = units[next_unit + found];
            total = total.checked_add(number.take()?.checked_mul(size)?)?;
            next_unit += found + 1;
            any = true;
        }
    }
    if number.is_some() {
        return None;
    }
    Some((total, any))
}

/// A repeat rule with an UNTIL that is a date or a local time rewritten to
/// UTC (as the recurrence checker wants): a date means the end of that day
/// and a local time is Europe/London time. Anything else is left alone.
fn until_in_utc(rule: &str) -> String {
    rule.trim()
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                let value = value.trim();
                let local = match parse_date(value) {
                    Some(date) => date.and_hms_opt(23, 59, 59),
                    None => parse_date_time(value)
                        .filter(|(_, utc)| !utc)
                        .map(|(local, _)| local),
                };
                match local.and_then(|local| to_utc(London, local)) {
                    Some(utc) => format!("UNTIL={}", utc.format("%Y%m%dT%H%M%SZ")),
                    None => part.to_string(),
                }
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// A TEXT value unescaped (`\n`, `\,`, `\;`, `\\`), without control
/// characters other than new lines and tabs, trimmed and cut to at most
/// `max` characters.
fn clean_text(value: &str, max: usize) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(escaped @ (',' | ';' | '\\')) => out.push(escaped),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    let out: String = out
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    truncate(out.trim(), max)
}

/// At most `max` characters, cut on a character boundary (and trimmed at
/// the end if cut).
fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => text[..end].trim_end().to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, s)
            .unwrap()
    }

    /// "Now" for every test: 1 September 2026, midnight UTC.
    fn now() -> NaiveDateTime {
        at(2026, 9, 1, 0, 0, 0)
    }

    /// A Google-style export. Line numbers matter to the tests: the
    /// override is on line 26, the series on 34, the whole-day event on 54,
    /// the UTC one on 67 and the one with an alarm on 73.
    const EXPORT: &[&str] = &[
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Riverside Residents",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "X-LIC-LOCATION:Europe/London",
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
        // 26: a changed occurrence, before its series.
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/London:20261124T110000",
        "DTEND;TZID=Europe/London:20261124T123000",
        "DTSTAMP:20260801T120000Z",
        "UID:coffee-morning@google.com",
        "RECURRENCE-ID;TZID=Europe/London:20261124T100000",
        "SUMMARY:Coffee morning (late start)",
        "END:VEVENT",
        // 34: the weekly series.
        "BEGIN:VEVENT",
        "DTSTART;TZID=Europe/London:20261020T100000",
        "DTEND;TZID=Europe/London:20261020T113000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T235959Z",
        "EXDATE;TZID=Europe/London:20261027T100000",
        "EXDATE;TZID=Europe/London:20261110T100000,20261117T100000",
        "DTSTAMP:20260801T120000Z",
        "UID:coffee-morning@google.com",
        "CREATED:20260701T090000Z",
        // Folded after a space, twice, then in the middle of a word.
        "DESCRIPTION:Tea\\, coffee and a chat for everyone on the estate. Bring a ",
        " friend\\; all welcome.\\nAsk at the door for the lift key if you need it. ",
        " The hall is step-free and there is a hearing loop. Buses 12 and 14 sto",
        " p outside.",
        "LAST-MODIFIED:20260801T115900Z",
        "LOCATION:Riverside Hall\\, 12 Mill Lane",
        "SEQUENCE:3",
        "STATUS:CONFIRMED",
        "SUMMARY:Coffee morning",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        // 54: a whole day in summer time.
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20260919",
        "DTEND;VALUE=DATE:20260920",
        "DTSTAMP:20260801T120000Z",
        "UID:litter-pick@google.com",
        "SUMMARY:Autumn litter pick",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        // 62: not an event.
        "BEGIN:VTODO",
        "UID:todo-1@google.com",
        "SUMMARY:Book the hall",
        "DTSTART:20260910T090000Z",
        "END:VTODO",
        // 67: UTC times.
        "BEGIN:VEVENT",
        "DTSTART:20261201T190000Z",
        "DTEND:20261201T203000Z",
        "UID:committee-2026-12@google.com",
        "SUMMARY:Committee meeting",
        "END:VEVENT",
        // 73: a DURATION, a quoted TZID and an alarm whose properties
        // must not be taken for the event's.
        "BEGIN:VEVENT",
        "UID:quiz-night@google.com",
        "DTSTART;TZID=\"Europe/London\":20260915T180000",
        "DURATION:PT1H30M",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "DESCRIPTION:This is an event reminder",
        "SUMMARY:Reminder",
        "TRIGGER:-P0DT0H30M0S",
        "DURATION:PT15M",
        "REPEAT:2",
        "END:VALARM",
        "SUMMARY:Quiz night",
        "LOCATION:The Anchor",
        "END:VEVENT",
        "END:VCALENDAR",
    ];

    fn export(line_end: &str) -> String {
        EXPORT.join(line_end) + line_end
    }

    fn expected_export() -> ParsedCalendar {
        ParsedCalendar {
            events: vec![
                ImportedEvent {
                    uid: "coffee-morning@google.com".into(),
                    summary: "Coffee morning".into(),
                    description: "Tea, coffee and a chat for everyone on the estate. Bring a \
                                  friend; all welcome.\nAsk at the door for the lift key if \
                                  you need it. The hall is step-free and there is a hearing \
                                  loop. Buses 12 and 14 stop outside."
                        .into(),
                    location: "Riverside Hall, 12 Mill Lane".into(),
                    // 10:00 BST.
                    starts_at: at(2026, 10, 20, 9, 0, 0),
                    ends_at: at(2026, 10, 20, 10, 30, 0),
                    all_day: false,
                    recurrence: Some("FREQ=WEEKLY;BYDAY=TU;UNTIL=20261215T235959Z".into()),
                    // 10:00 GMT after the clocks go back on 25 October.
                    exdates: vec![
                        at(2026, 10, 27, 10, 0, 0),
                        at(2026, 11, 10, 10, 0, 0),
                        at(2026, 11, 17, 10, 0, 0),
                    ],
                    sequence: 3,
                    line: 34,
                },
                ImportedEvent {
                    uid: "litter-pick@google.com".into(),
                    summary: "Autumn litter pick".into(),
                    description: String::new(),
                    location: String::new(),
                    // Midnight BST.
                    starts_at: at(2026, 9, 18, 23, 0, 0),
                    ends_at: at(2026, 9, 19, 23, 0, 0),
                    all_day: true,
                    recurrence: None,
                    exdates: vec![],
                    sequence: 0,
                    line: 54,
                },
                ImportedEvent {
                    uid: "committee-2026-12@google.com".into(),
                    summary: "Committee meeting".into(),
                    description: String::new(),
                    location: String::new(),
                    starts_at: at(2026, 12, 1, 19, 0, 0),
                    ends_at: at(2026, 12, 1, 20, 30, 0),
                    all_day: false,
                    recurrence: None,
                    exdates: vec![],
                    sequence: 0,
                    line: 67,
                },
                ImportedEvent {
                    uid: "quiz-night@google.com".into(),
                    summary: "Quiz night".into(),
                    description: String::new(),
                    location: "The Anchor".into(),
                    starts_at: at(2026, 9, 15, 17, 0, 0),
                    ends_at: at(2026, 9, 15, 18, 30, 0),
                    all_day: false,
                    recurrence: None,
                    exdates: vec![],
                    sequence: 0,
                    line: 73,
                },
            ],
            skipped: vec![SkippedEvent {
                uid: Some("coffee-morning@google.com".into()),
                summary: Some("Coffee morning (late start)".into()),
                line: 26,
                reason: "changes to single occurrences are not imported".into(),
            }],
        }
    }

    #[test]
    fn reads_a_google_style_export() {
        let parsed = parse_calendar(&export("\r\n"), now()).unwrap();
        assert_eq!(parsed, expected_export());

        // The series expands as the calendar showed it, across the clock
        // change and without the left-out weeks.
        let coffee = &parsed.events[0];
        let dates = recurrence::occurrences(
            coffee.starts_at,
            coffee.recurrence.as_deref(),
            &coffee.exdates,
            coffee.starts_at,
            at(2027, 1, 1, 0, 0, 0),
            100,
        )
        .unwrap();
        assert_eq!(
            dates,
            vec![
                at(2026, 10, 20, 9, 0, 0),
                at(2026, 11, 3, 10, 0, 0),
                at(2026, 11, 24, 10, 0, 0),
                at(2026, 12, 1, 10, 0, 0),
                at(2026, 12, 8, 10, 0, 0),
                at(2026, 12, 15, 10, 0, 0),
            ]
        );
    }

    #[test]
    fn line_endings_do_not_matter() {
        let expected = expected_export();
        for line_end in ["\r\n", "\n", "\r\r\n"] {
            assert_eq!(
                parse_calendar(&export(line_end), now()).unwrap(),
                expected,
                "{line_end:?}"
            );
        }
        // Mixed, with blank lines, no final line end and a byte order mark.
        let mut mixed = String::from("\u{feff}");
        for (i, line) in EXPORT.iter().enumerate() {
            mixed.push_str(line);
            if i + 1 < EXPORT.len() {
                mixed.push_str(if i % 2 == 0 { "\r\n" } else { "\n" });
            }
        }
        assert_eq!(parse_calendar(&mixed, now()).unwrap(), expected);
        let spaced = export("\r\n").replace("END:VTODO\r\n", "END:VTODO\r\n\r\n   \r\n");
        let mut shifted = expected.clone();
        shifted.events[2].line += 2;
        shifted.events[3].line += 2;
        assert_eq!(parse_calendar(&spaced, now()).unwrap(), shifted);
    }

    /// A calendar holding one event with these lines, which start on line 4.
    fn file(lines: &[&str]) -> String {
        let mut all = vec!["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT"];
        all.extend_from_slice(lines);
        all.extend_from_slice(&["END:VEVENT", "END:VCALENDAR"]);
        all.join("\r\n") + "\r\n"
    }

    fn one(lines: &[&str]) -> ImportedEvent {
        let parsed = parse_calendar(&file(lines), now()).unwrap();
        assert_eq!(parsed.skipped, vec![], "{lines:?}");
        assert_eq!(parsed.events.len(), 1, "{lines:?}");
        parsed.events[0].clone()
    }

    fn skipped(lines: &[&str]) -> SkippedEvent {
        let parsed = parse_calendar(&file(lines), now()).unwrap();
        assert_eq!(parsed.events, vec![], "{lines:?}");
        assert_eq!(parsed.skipped.len(), 1, "{lines:?}");
        parsed.skipped[0].clone()
    }

    fn error(lines: &[&str]) -> CalendarError {
        parse_calendar(&file(lines), now()).unwrap_err()
    }

    fn err(line: usize, reason: &str) -> CalendarError {
        CalendarError::new(line, reason)
    }

    /// Start and end (UTC) of a one-off event with these time lines.
    fn times(lines: &[&str]) -> (NaiveDateTime, NaiveDateTime, bool) {
        let mut all = vec!["UID:t", "SUMMARY:Test"];
        all.extend_from_slice(lines);
        let e = one(&all);
        (e.starts_at, e.ends_at, e.all_day)
    }

    fn start(line: &str) -> NaiveDateTime {
        times(&[line]).0
    }

    #[test]
    fn converts_times_to_utc_across_the_october_clock_change() {
        // British Summer Time ends on 25 October 2026.
        assert_eq!(
            start("DTSTART;TZID=Europe/London:20261020T100000"),
            at(2026, 10, 20, 9, 0, 0)
        );
        assert_eq!(
            start("DTSTART;TZID=Europe/London:20261027T100000"),
            at(2026, 10, 27, 10, 0, 0)
        );
        // Floating times are Europe/London time.
        assert_eq!(start("DTSTART:20261020T100000"), at(2026, 10, 20, 9, 0, 0));
        assert_eq!(start("DTSTART:20261027T100000"), at(2026, 10, 27, 10, 0, 0));
        // UTC stays UTC, even with a TZID.
        assert_eq!(
            start("DTSTART:20261020T100000Z"),
            at(2026, 10, 20, 10, 0, 0)
        );
        assert_eq!(
            start("DTSTART;TZID=America/New_York:20261020T100000Z"),
            at(2026, 10, 20, 10, 0, 0)
        );
        // Other zones, quoted or not.
        assert_eq!(
            start("DTSTART;TZID=America/New_York:20261201T100000"),
            at(2026, 12, 1, 15, 0, 0)
        );
        assert_eq!(
            start("DTSTART;TZID=\"Europe/Paris\":20261201T100000"),
            at(2026, 12, 1, 9, 0, 0)
        );
        // Outlook's name for UK time.
        assert_eq!(
            start("DTSTART;TZID=GMT Standard Time:20261020T100000"),
            at(2026, 10, 20, 9, 0, 0)
        );
        // 01:30 happens twice on 25 October: the first (BST) is taken.
        assert_eq!(
            start("DTSTART;TZID=Europe/London:20261025T013000"),
            at(2026, 10, 25, 0, 30, 0)
        );
        // 01:30 never happens on 28 March 2027: moved on an hour, to 02:30 BST.
        assert_eq!(
            start("DTSTART;TZID=Europe/London:20270328T013000"),
            at(2027, 3, 28, 1, 30, 0)
        );
        // 02:30 never happens in New York on 14 March 2027: 03:30 EDT.
        assert_eq!(
            start("DTSTART;TZID=America/New_York:20270314T023000"),
            at(2027, 3, 14, 7, 30, 0)
        );
    }

    #[test]
    fn whole_day_events_start_at_london_midnight() {
        // Summer: midnight BST is 23:00 UTC the day before; one day long.
        assert_eq!(
            times(&["DTSTART;VALUE=DATE:20260919"]),
            (at(2026, 9, 18, 23, 0, 0), at(2026, 9, 19, 23, 0, 0), true)
        );
        // A bare 8-digit value is a date too; a TZID on a date is ignored.
        assert_eq!(
            times(&["DTSTART;TZID=America/New_York:20261201"]),
            (at(2026, 12, 1, 0, 0, 0), at(2026, 12, 2, 0, 0, 0), true)
        );
        // The end date is the day after the last day; across the clock
        // change a week is 7 days 1 hour in UTC and is still not too long.
        assert_eq!(
            times(&["DTSTART;VALUE=DATE:20261019", "DTEND;VALUE=DATE:20261026"]),
            (at(2026, 10, 18, 23, 0, 0), at(2026, 10, 26, 0, 0, 0), true)
        );
        assert_eq!(
            times(&["DTSTART;VALUE=DATE:20261019", "DURATION:P1W"]),
            (at(2026, 10, 18, 23, 0, 0), at(2026, 10, 26, 0, 0, 0), true)
        );
        // An end on the start day is taken as one day.
        assert_eq!(
            times(&["DTSTART;VALUE=DATE:20261201", "DTEND;VALUE=DATE:20261201"]),
            (at(2026, 12, 1, 0, 0, 0), at(2026, 12, 2, 0, 0, 0), true)
        );
    }

    #[test]
    fn reads_end_times_and_durations() {
        let s = "DTSTART:20261201T100000Z";
        let t = |h, m, sec| at(2026, 12, 1, h, m, sec);
        assert_eq!(times(&[s]), (t(10, 0, 0), t(11, 0, 0), false));
        assert_eq!(times(&[s, "DURATION:PT45M"]).1, t(10, 45, 0));
        assert_eq!(times(&[s, "DURATION:PT1H30M"]).1, t(11, 30, 0));
        assert_eq!(times(&[s, "DURATION:pt2h0m15s"]).1, t(12, 0, 15));
        assert_eq!(times(&[s, "DURATION:+PT30S"]).1, t(10, 0, 30));
        assert_eq!(times(&[s, "DURATION:P1DT2H"]).1, at(2026, 12, 2, 12, 0, 0));
        assert_eq!(times(&[s, "DURATION:P1W"]).1, at(2026, 12, 8, 10, 0, 0));
        // A timed DURATION in days is counted in 24-hour days.
        assert_eq!(
            times(&["DTSTART;TZID=Europe/London:20261024T100000", "DURATION:P1D"]).1,
            at(2026, 10, 25, 9, 0, 0)
        );
        // An explicit zero length is kept.
        assert_eq!(times(&[s, "DURATION:PT0S"]).1, t(10, 0, 0));
        assert_eq!(times(&[s, "DTEND:20261201T100000Z"]).1, t(10, 0, 0));
        // DTEND wins over DURATION.
        assert_eq!(
            times(&[s, "DURATION:PT5H", "DTEND:20261201T103000Z"]).1,
            t(10, 30, 0)
        );
        // DTEND in another form than DTSTART.
        assert_eq!(
            times(&[s, "DTEND;TZID=Europe/London:20261201T120000"]).1,
            t(12, 0, 0)
        );
        // Exactly a week is allowed.
        assert_eq!(times(&[s, "DURATION:P7D"]).1, at(2026, 12, 8, 10, 0, 0));
    }

    #[test]
    fn reads_text_fields() {
        let e = one(&[
            "UID:  text@example.org  ",
            "DTSTART:20261201T100000Z",
            "summary;LANGUAGE=en-GB:  Tea\\, cake\\; chat \\\\ more\\ntwo\\Nthree \\: x ",
            "DESCRIPTION:",
            "LOCATION:Hall\\nRoom 2",
            "SEQUENCE:7",
        ]);
        assert_eq!(e.uid, "text@example.org");
        assert_eq!(e.summary, "Tea, cake; chat \\ more\ntwo\nthree \\: x");
        assert_eq!(e.description, "");
        assert_eq!(e.location, "Hall\nRoom 2");
        assert_eq!(e.sequence, 7);
        assert_eq!(e.line, 3);

        let long = |c: &str, n: usize| c.repeat(n);
        let summary = format!("SUMMARY:{}", long("é", 130));
        let description = format!("DESCRIPTION:{}", long("ab", 2100));
        let location = format!("LOCATION:{}", long("x", 250));
        let uid = format!("UID:{}", long("u", 300));
        let e = one(&[
            &uid,
            "DTSTART:20261201T100000Z",
            &summary,
            &description,
            &location,
            "SEQUENCE:not a number",
        ]);
        assert_eq!(e.summary, long("é", 120));
        assert_eq!(e.description, long("ab", 2000));
        assert_eq!(e.location, long("x", 200));
        assert_eq!(e.uid, long("u", 255));
        assert_eq!(e.sequence, 0);

        // Cut on a space: the space goes too.
        let summary = format!("SUMMARY:{} tail", long("a", 119));
        let e = one(&["UID:a", "DTSTART:20261201T100000Z", &summary]);
        assert_eq!(e.summary, long("a", 119));
    }

    #[test]
    fn reads_repeat_rules_and_excluded_dates() {
        // A whole-day series ending on a date: UNTIL is made UTC (end of
        // that day in London) for the recurrence checker.
        let e = one(&[
            "UID:r",
            "SUMMARY:Allotment open day",
            "DTSTART;VALUE=DATE:20260905",
            "RRULE:FREQ=WEEKLY;BYDAY=SA;UNTIL=20261003",
            "EXDATE;VALUE=DATE:20260912,20260919",
            "EXDATE;VALUE=DATE:20260912",
        ]);
        assert_eq!(
            e.recurrence.as_deref(),
            Some("FREQ=WEEKLY;BYDAY=SA;UNTIL=20261003T225959Z")
        );
        assert_eq!(
            e.exdates,
            vec![at(2026, 9, 11, 23, 0, 0), at(2026, 9, 18, 23, 0, 0)]
        );
        assert!(e.all_day);

        // A floating UNTIL is London time; a lower-case rule is normalised.
        // A date on its own leaves out that day's occurrence.
        let e = one(&[
            "UID:r",
            "SUMMARY:Walk",
            "DTSTART;TZID=Europe/London:20261020T100000",
            "RRULE:freq=weekly;until=20261103T100000",
            "EXDATE;VALUE=DATE:20261027",
            "EXDATE:20261103T100000Z",
        ]);
        assert_eq!(
            e.recurrence.as_deref(),
            Some("FREQ=WEEKLY;UNTIL=20261103T100000Z")
        );
        assert_eq!(
            e.exdates,
            vec![at(2026, 10, 27, 10, 0, 0), at(2026, 11, 3, 10, 0, 0)]
        );
        assert_eq!(
            recurrence::occurrences(
                e.starts_at,
                e.recurrence.as_deref(),
                &e.exdates,
                e.starts_at,
                at(2027, 1, 1, 0, 0, 0),
                10
            )
            .unwrap(),
            vec![at(2026, 10, 20, 9, 0, 0)]
        );

        // A series that began in the past but goes on is imported.
        let e = one(&[
            "UID:r",
            "SUMMARY:Choir",
            "DTSTART:20250107T190000Z",
            "RRULE:FREQ=WEEKLY",
        ]);
        assert_eq!(e.recurrence.as_deref(), Some("FREQ=WEEKLY"));
        let e = one(&[
            "UID:r",
            "SUMMARY:Choir",
            "DTSTART:20250107T190000Z",
            "RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z",
        ]);
        assert_eq!(e.starts_at, at(2025, 1, 7, 19, 0, 0));

        // EXDATEs (still read and checked) are dropped from a one-off event.
        let e = one(&[
            "UID:r",
            "SUMMARY:Choir",
            "DTSTART:20261201T190000Z",
            "EXDATE:20261201T190000Z",
        ]);
        assert_eq!(e.exdates, vec![]);
        assert_eq!(e.recurrence, None);
    }

    fn skip(line: usize, uid: Option<&str>, summary: Option<&str>, reason: &str) -> SkippedEvent {
        SkippedEvent {
            uid: uid.map(str::to_string),
            summary: summary.map(str::to_string),
            line,
            reason: reason.into(),
        }
    }

    #[test]
    fn skips_events_with_a_reason() {
        let when = "DTSTART:20261201T100000Z";
        let no_uid = "it has no UID, so it could not be matched when the file is imported again";
        assert_eq!(
            skipped(&[when, "SUMMARY:Quiz"]),
            skip(3, None, Some("Quiz"), no_uid)
        );
        assert_eq!(
            skipped(&["UID:   ", when, "SUMMARY:Quiz"]),
            skip(3, None, Some("Quiz"), no_uid)
        );
        // Not checked further: the bad start time does not refuse the file.
        assert_eq!(
            skipped(&["DTSTART:garbage", "SUMMARY:Quiz"]),
            skip(3, None, Some("Quiz"), no_uid)
        );
        assert_eq!(
            skipped(&[
                "UID:q",
                when,
                "RECURRENCE-ID:20261201T100000Z",
                "SUMMARY:Quiz"
            ]),
            skip(
                3,
                Some("q"),
                Some("Quiz"),
                "changes to single occurrences are not imported"
            )
        );
        assert_eq!(
            skipped(&["UID:q", when, "STATUS:Cancelled", "SUMMARY:Quiz"]),
            skip(3, Some("q"), Some("Quiz"), "it is cancelled")
        );
        assert_eq!(
            skipped(&["UID:q", when]),
            skip(3, Some("q"), None, "it has no title (SUMMARY)")
        );
        assert_eq!(
            skipped(&["UID:q", when, "SUMMARY: \\n "]),
            skip(3, Some("q"), None, "it has no title (SUMMARY)")
        );
        // Ended before now, or exactly at now.
        assert_eq!(
            skipped(&["UID:q", "DTSTART:20260831T220000Z", "SUMMARY:Quiz"]),
            skip(3, Some("q"), Some("Quiz"), "it is in the past")
        );
        assert_eq!(
            skipped(&["UID:q", "DTSTART;VALUE=DATE:20260831", "SUMMARY:Quiz"]),
            skip(3, Some("q"), Some("Quiz"), "it is in the past")
        );
        // Still going on at now: imported.
        assert_eq!(
            one(&["UID:q", "DTSTART:20260831T230001Z", "SUMMARY:Quiz"]).ends_at,
            at(2026, 9, 1, 0, 0, 1)
        );
        // A series whose last occurrence is over.
        assert_eq!(
            skipped(&[
                "UID:q",
                "DTSTART:20260602T180000Z",
                "RRULE:FREQ=WEEKLY;COUNT=3",
                "SUMMARY:Quiz"
            ]),
            skip(3, Some("q"), Some("Quiz"), "it is in the past")
        );
        // The rule's first date is a Wednesday, the start a Tuesday.
        let reason =
            recurrence::check_rule("FREQ=WEEKLY;BYDAY=WE", at(2026, 12, 1, 10, 0, 0)).unwrap_err();
        assert!(reason.starts_with(FIRST_DATE_MISMATCH), "{reason}");
        assert_eq!(
            skipped(&["UID:q", when, "RRULE:FREQ=WEEKLY;BYDAY=WE", "SUMMARY:Quiz"]),
            skip(3, Some("q"), Some("Quiz"), &reason)
        );
        assert_eq!(
            skipped(&[
                "UID:q",
                when,
                "RRULE:FREQ=WEEKLY",
                "RRULE:FREQ=MONTHLY",
                "SUMMARY:Quiz"
            ]),
            skip(
                3,
                Some("q"),
                Some("Quiz"),
                "it has more than one repeat rule"
            )
        );
        assert_eq!(
            skipped(&[
                "UID:q",
                when,
                "RRULE:FREQ=WEEKLY",
                "RDATE:20261203T100000Z",
                "SUMMARY:Quiz"
            ]),
            skip(
                3,
                Some("q"),
                Some("Quiz"),
                "extra dates (RDATE) are not supported"
            )
        );
        assert_eq!(
            skipped(&["UID:q", when, "DTEND:20261208T100001Z", "SUMMARY:Quiz"]),
            skip(3, Some("q"), Some("Quiz"), "it lasts more than 7 days")
        );
        assert_eq!(
            skipped(&[
                "UID:q",
                "DTSTART;VALUE=DATE:20261019",
                "DTEND;VALUE=DATE:20261027",
                "SUMMARY:Quiz"
            ]),
            skip(3, Some("q"), Some("Quiz"), "it lasts more than 7 days")
        );
    }

    #[test]
    fn skips_repeated_uids_but_not_because_of_changed_occurrences() {
        let ics = [
            "BEGIN:VCALENDAR",
            "BEGIN:VEVENT",
            "UID:same",
            "DTSTART:20261201T100000Z",
            "SUMMARY:First",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:same",
            "DTSTART:20261208T100000Z",
            "SUMMARY:Second",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:same",
            "STATUS:CANCELLED",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        .join("\n");
        let parsed = parse_calendar(&ics, now()).unwrap();
        assert_eq!(parsed.events.len(), 1);
        assert_eq!(parsed.events[0].summary, "First");
        assert_eq!(
            parsed.skipped,
            vec![
                skip(
                    7,
                    Some("same"),
                    Some("Second"),
                    "its UID appears earlier in the file"
                ),
                skip(
                    12,
                    Some("same"),
                    None,
                    "its UID appears earlier in the file"
                ),
            ]
        );
    }

    #[test]
    fn refuses_files_that_are_not_calendars() {
        for empty in ["", "\r\n\r\n", "\n", "  \n\t\n", "\u{feff}"] {
            assert_eq!(
                parse_calendar(empty, now()),
                Err(err(1, "the file is empty")),
                "{empty:?}"
            );
        }
        let not = "the file must start with BEGIN:VCALENDAR (is it an iCalendar .ics file?)";
        for (text, line) in [
            ("BEGIN:VEVENT\r\nEND:VEVENT\r\n", 1),
            ("<html><body>Not found</body></html>", 1),
            (":", 1),
            (";", 1),
            (":BEGIN:VCALENDAR", 1),
            (" BEGIN:VCALENDAR\r\nEND:VCALENDAR", 1),
            ("\r\n\r\nVERSION:2.0\r\nBEGIN:VCALENDAR", 3),
            ("BEGIN:VCALENDARX\nEND:VCALENDARX", 1),
        ] {
            assert_eq!(parse_calendar(text, now()), Err(err(line, not)), "{text:?}");
        }
        // The smallest calendars.
        for ok in [
            "BEGIN:VCALENDAR\r\nEND:VCALENDAR",
            "begin:vcalendar\nend:vcalendar\n\n\n",
        ] {
            assert_eq!(parse_calendar(ok, now()), Ok(ParsedCalendar::default()));
        }
    }

    #[test]
    fn refuses_badly_formed_lines() {
        let shape = "a line must look like NAME:value";
        for bad in [
            ":",
            ";",
            ":value",
            "no colon here",
            "TWO WORDS:value",
            "=:x",
        ] {
            let text = format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{bad}\r\nEND:VCALENDAR\r\n");
            assert_eq!(parse_calendar(&text, now()), Err(err(3, shape)), "{bad:?}");
        }
        assert_eq!(error(&["UID:a", "SUMMARY;LANGUAGE=en"]), err(5, shape));
        assert_eq!(
            error(&["UID:a", "DTSTART;TZID=\"Europe/London:20261201T100000"]),
            err(5, "a quoted parameter value has no closing quote")
        );
        for bad in ["DTSTART;:20261201T100000", "DTSTART;TZID:20261201T100000"] {
            assert_eq!(
                error(&["UID:a", bad]),
                err(5, "a parameter must look like NAME=value"),
                "{bad}"
            );
        }
        // A folded line keeps the number of its first line.
        let text = "BEGIN:VCALENDAR\r\nDESCRIPTION:a\r\n b\r\n c\r\nno colon\r\n more\r\n";
        assert_eq!(parse_calendar(text, now()), Err(err(5, shape)));
    }

    #[test]
    fn refuses_broken_structure() {
        // Lines: 3 BEGIN:VEVENT, 4 UID, 5 BEGIN:VALARM, 6 END:VEVENT.
        assert_eq!(
            error(&["UID:a", "BEGIN:VALARM", "END:VEVENT"]),
            err(6, "END:VEVENT does not match BEGIN:VALARM on line 5")
        );
        assert_eq!(
            error(&["UID:a", "END:VTODO"]),
            err(5, "END:VTODO does not match BEGIN:VEVENT on line 3")
        );
        assert_eq!(
            error(&["UID:a", "BEGIN:"]),
            err(5, "BEGIN needs the name of what begins, like BEGIN:VEVENT")
        );
        assert_eq!(
            parse_calendar("BEGIN:VCALENDAR", now()),
            Err(err(
                1,
                "the file ends before END:VCALENDAR: the VCALENDAR begun on line 1 is not closed"
            ))
        );
        assert_eq!(
            parse_calendar(
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n\r\n\r\n",
                now()
            ),
            Err(err(
                4,
                "the file ends before END:VEVENT: the VEVENT begun on line 3 is not closed"
            ))
        );
        assert_eq!(
            parse_calendar(
                "BEGIN:VCALENDAR\nEND:VCALENDAR\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n",
                now()
            ),
            Err(err(4, "there is more text after END:VCALENDAR"))
        );
        // A VTIMEZONE is checked too.
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nBEGIN:STANDARD\nEND:VTIMEZONE\nEND:VCALENDAR";
        assert_eq!(
            parse_calendar(text, now()),
            Err(err(
                4,
                "END:VTIMEZONE does not match BEGIN:STANDARD on line 3"
            ))
        );
    }

    #[test]
    fn refuses_more_than_500_events() {
        let calendar = |count: usize| {
            let mut text = String::from("BEGIN:VCALENDAR\r\n");
            for i in 0..count {
                text.push_str(&format!(
                    "BEGIN:VEVENT\r\nUID:e{i}\r\nDTSTART:20261201T100000Z\r\nSUMMARY:Event {i}\r\nEND:VEVENT\r\n"
                ));
            }
            text + "END:VCALENDAR\r\n"
        };
        assert_eq!(
            parse_calendar(&calendar(500), now()).unwrap().events.len(),
            500
        );
        // Event 501 begins on line 2 + 500 * 5.
        assert_eq!(
            parse_calendar(&calendar(501), now()),
            Err(err(2502, "the file has more than 500 events"))
        );
    }

    #[test]
    fn refuses_unreadable_times() {
        assert_eq!(
            error(&["UID:a", "SUMMARY:x"]),
            err(3, "the event has no start time (DTSTART)")
        );
        for (bad, value) in [
            ("DTSTART:2026-12-01", "2026-12-01"),
            ("DTSTART:20261301T100000", "20261301T100000"),
            ("DTSTART:20261201T250000Z", "20261201T250000Z"),
            ("DTSTART:20261201T1000", "20261201T1000"),
            ("DTSTART:", ""),
            ("DTSTART;VALUE=DATE:20261201T100000", "20261201T100000"),
            (
                "DTSTART;VALUE=PERIOD:20261201T100000Z/PT1H",
                "20261201T100000Z/PT1H",
            ),
            ("DTSTART:+2026120T100000", "+2026120T100000"),
            ("DTSTART:２０２６1201", "２０２６1201"),
        ] {
            assert_eq!(
                error(&["UID:a", bad]),
                err(
                    5,
                    &format!("the start time (DTSTART) \"{value}\" cannot be read")
                ),
                "{bad}"
            );
        }
        assert_eq!(
            error(&["UID:a", "DTSTART;TZID=Mars/Olympus_Mons:20261201T100000"]),
            err(5, "unknown time zone \"Mars/Olympus_Mons\"")
        );
        assert_eq!(
            error(&[
                "UID:a",
                "DTSTART:20261201T100000Z",
                "DTSTART:20261202T100000Z"
            ]),
            err(6, "the event has more than one start time (DTSTART)")
        );
        let s = "DTSTART:20261201T100000Z";
        assert_eq!(
            error(&["UID:a", s, "DTEND:soon"]),
            err(6, "the end time (DTEND) \"soon\" cannot be read")
        );
        assert_eq!(
            error(&["UID:a", s, "DTEND;TZID=Nowhere:20261201T110000"]),
            err(6, "unknown time zone \"Nowhere\"")
        );
        assert_eq!(
            error(&["UID:a", s, "DTEND:20261201T095959Z"]),
            err(6, "the event ends (DTEND) before it starts (DTSTART)")
        );
        assert_eq!(
            error(&[
                "UID:a",
                s,
                "DTEND:20261201T110000Z",
                "DTEND:20261201T120000Z"
            ]),
            err(7, "the event has more than one end time (DTEND)")
        );
        for bad in [
            "PT",
            "P",
            "1H",
            "P1H",
            "PT1D",
            "PT1M1H",
            "P1D2W",
            "PT1H1H",
            "PT1.5H",
            "P99999999999999999999D",
            "",
        ] {
            let line = format!("DURATION:{bad}");
            assert_eq!(
                error(&["UID:a", s, &line]),
                err(
                    6,
                    &format!("the length (DURATION) \"{bad}\" cannot be read")
                ),
                "{bad}"
            );
        }
        assert_eq!(
            error(&["UID:a", s, "DURATION:-PT1H"]),
            err(6, "the length (DURATION) \"-PT1H\" is negative")
        );
        // Beyond what a date can hold.
        assert_eq!(
            error(&["UID:a", s, "DURATION:P9999999999999W"]),
            err(
                6,
                "the length (DURATION) \"P9999999999999W\" cannot be read"
            )
        );
        assert_eq!(
            error(&[
                "UID:a",
                s,
                "RRULE:FREQ=WEEKLY",
                "EXDATE:20261208T100000Z,next week"
            ]),
            err(7, "the excluded date (EXDATE) \"next week\" cannot be read")
        );
        assert_eq!(
            error(&[
                "UID:a",
                s,
                "RRULE:FREQ=WEEKLY",
                "EXDATE;TZID=Atlantis:20261208T100000"
            ]),
            err(7, "unknown time zone \"Atlantis\"")
        );
    }

    #[test]
    fn refuses_invalid_repeat_rules() {
        let s = "DTSTART:20261201T100000Z";
        let e = error(&["UID:a", s, "SUMMARY:x", "RRULE:FREQ=HOURLY"]);
        assert_eq!(
            e,
            err(
                7,
                "the repeat rule is not valid: an activity can repeat at most once a day"
            )
        );
        assert_eq!(
            e.to_string(),
            "line 7: the repeat rule is not valid: an activity can repeat at most once a day"
        );
        for rule in [
            "FREQ=FORTNIGHTLY",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=WEEKLY;INTERVAL=0",
            "",
        ] {
            let reason = recurrence::check_rule(rule, at(2026, 12, 1, 10, 0, 0)).unwrap_err();
            assert!(!reason.starts_with(FIRST_DATE_MISMATCH));
            let line = format!("RRULE:{rule}");
            assert_eq!(
                error(&["UID:a", s, &line]),
                err(6, &format!("the repeat rule is not valid: {reason}")),
                "{rule}"
            );
        }
    }

    #[test]
    fn survives_odd_input() {
        for text in [
            "BEGIN:VCALENDAR",
            "\r\n\r\n",
            ":",
            ";",
            "\r",
            "\u{0}",
            "BEGIN:VCALENDAR\r\n\u{a0}\r\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\r\n \r\n\t\r\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\n:\n;\n",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;X=\"\"\"\n",
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:\\\nSUMMARY:\\\nDTSTART:20261201\nEND:VEVENT\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\nEND:VCALENDAR\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART;TZID=Europe/London:99991231T235959\r\nDURATION:P7D\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR",
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nSUMMARY:x\r\nDTSTART:00000101T000000\r\nRRULE:FREQ=YEARLY;UNTIL=00000101\r\nEND:VEVENT\r\nEND:VCALENDAR",
        ] {
            let _ = parse_calendar(text, now());
        }
        // A blank (white space only) line is skipped.
        assert_eq!(
            parse_calendar("BEGIN:VCALENDAR\r\n\u{a0}\r\nEND:VCALENDAR", now()),
            Ok(ParsedCalendar::default())
        );

        // Every proper prefix of the export is refused; none panics.
        let full = export("\r\n");
        let whole = full.trim_end();
        for (cut, _) in full.char_indices().skip(1) {
            let result = parse_calendar(&full[..cut], now());
            assert_eq!(result.is_err(), cut < whole.len(), "cut at {cut}");
        }
        // Nor does any line replaced with rubbish.
        for i in 0..EXPORT.len() {
            for junk in [
                ":", ";", "\"", " ", "\t", "x", "BEGIN:", "END:", "DTSTART:", "a;b=\"c", "\\",
            ] {
                let mut lines = EXPORT.to_vec();
                lines[i] = junk;
                let _ = parse_calendar(&lines.join("\r\n"), now());
            }
        }
    }
}
