//! The published outcomes of an area: how residents answered the survey,
//! and what the community did, per area and whole survey periods, after
//! disclosure control. Public: no sign-in, and nothing here names anyone.
//!
//! * Periods are whole survey periods (half years). `from` and `to` widen
//!   to the periods they fall in, and a period is published only once it
//!   has ended, so figures never move while people are still answering
//!   (watching a figure change as one person answers would tell how they
//!   answered).
//! * The area is matched exactly (after trimming) against the area a
//!   resident had when they answered (surveys), the resident's current
//!   area (check-ins, referrals, residents), and for hours given, the area
//!   of whoever received the time: a resident's profile or a group's area.
//! * Service figures: hours given are time-bank service transfers (shift,
//!   help request and check-in kinds) made in the period and not reversed;
//!   check-ins are those due in the period (not cancelled), on time when
//!   completed by their overdue time without being missed, missed when they
//!   were ever missed, escalated when a missed one reached any escalation
//!   step; referrals are those sent in the period with a date to
//!   acknowledge by, in time when acknowledged by then; residents are those
//!   with a resident profile (not erased) by the end of the period, giving
//!   time when they were credited for service in the period.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{count_star, exists, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};

use super::disclosure::{self, Figures};
use super::{Period, Question};
use crate::db::schema::{
    check_in_events, check_ins, groups, outcome_surveys, people, referrals, resident_profiles,
    time_accounts, time_transfers,
};
use crate::db::{DbConn, MultiBackend};
use crate::domain::checkins::CheckInStatus;
use crate::domain::ledger::TransferKind;
use crate::error::{AppError, AppResult};

/// At most this many periods (ten years) in one report.
pub const MAX_PERIODS: usize = 20;

/// What a report is asked for.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// One area (`None` or blank: every area together).
    pub area: Option<String>,
    /// From the period this day falls in (default: the period of `to`).
    pub from: Option<NaiveDate>,
    /// To the period this day falls in (default, and at most: the latest
    /// period that has ended).
    pub to: Option<NaiveDate>,
}

/// The true counts behind a report, before disclosure control.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawFigures {
    /// For each question in [`Question::ALL`] order, how many gave each
    /// answer, in the question's answer order.
    pub answers: Vec<Vec<i64>>,
    pub given_minutes: i64,
    /// People credited with those minutes.
    pub givers: i64,
    pub check_ins_due: i64,
    pub check_ins_on_time: i64,
    pub check_ins_missed: i64,
    pub check_ins_escalated: i64,
    pub referrals_sent: i64,
    pub referrals_acknowledged_in_time: i64,
    pub residents: i64,
    pub residents_giving_time: i64,
}

/// One published figure: a rounded count, or suppressed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// The count rounded to the nearest 5 (0 stays 0); `None` when
    /// suppressed.
    pub value: Option<i64>,
    pub suppressed: bool,
    /// Of the figure it is part of, from the published figures only.
    pub share: Option<f64>,
}

impl Figure {
    fn of(p: &disclosure::Published, i: usize) -> Self {
        Figure {
            value: p.value(i),
            suppressed: p.suppressed(i),
            share: p.share(i),
        }
    }
}

/// How one question was answered.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionFigures {
    pub question: Question,
    /// One per answer, in the question's order.
    pub answers: Vec<Figure>,
}

/// What the community did.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFigures {
    /// Whole hours, rounded to the nearest 5; suppressed when 1 to 4 hours
    /// or when 1 to 4 people gave them.
    pub hours_given: Figure,
    pub check_ins_due: Figure,
    /// Share: of check-ins due.
    pub check_ins_on_time: Figure,
    /// Share: of check-ins due.
    pub check_ins_missed: Figure,
    /// Share: of check-ins missed.
    pub check_ins_escalated: Figure,
    pub referrals_sent: Figure,
    /// Share: of referrals sent.
    pub referrals_acknowledged_in_time: Figure,
    pub residents: Figure,
    /// Share: of residents.
    pub residents_giving_time: Figure,
}

/// Everything published about an area and a run of periods.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeReport {
    pub area: Option<String>,
    pub first: Period,
    pub last: Period,
    pub respondents: Figure,
    pub questions: Vec<QuestionFigures>,
    pub service: ServiceFigures,
}

impl OutcomeReport {
    /// The first day covered.
    pub fn from(&self) -> NaiveDate {
        self.first.first_day()
    }

    /// The last day covered.
    pub fn to(&self) -> NaiveDate {
        self.last.last_day()
    }

    /// Every period covered, oldest first.
    pub fn periods(&self) -> Vec<Period> {
        let mut out = vec![self.first];
        while let Some(&p) = out.last().filter(|p| **p < self.last) {
            out.push(p.next());
        }
        out
    }
}

/// What the disclosure rules say, for people reading the figures.
pub const METHOD: &str = "Counts of 1 to 4 are not shown (suppressed); every other count is rounded to the nearest 5, and 0 is shown as 0. When a figure is suppressed, the zeros of its breakdown are suppressed too. When exactly one answer to a question is suppressed, the next smallest is suppressed as well, and further figures are suppressed until no suppressed count can be worked out from the others, including by subtracting from totals. Shares are worked out from the rounded figures, so they may not add up to 100%. Hours given are suppressed when fewer than 5 people gave them. Figures cover whole half-year periods and are published once a period has ended.";

/// The area and the run of periods a request asks for.
fn resolve(req: &ReportRequest, now: NaiveDateTime) -> AppResult<(Option<String>, Period, Period)> {
    let area = match req.area.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) if a.chars().count() > 100 => {
            return Err(AppError::validation(
                "area",
                "Area can be at most 100 characters.",
            ))
        }
        Some(a) if a.chars().any(char::is_control) => {
            return Err(AppError::validation(
                "area",
                "Area contains characters that are not allowed.",
            ))
        }
        Some(a) => Some(a.to_string()),
    };
    if let (Some(f), Some(t)) = (req.from, req.to) {
        if f > t {
            return Err(AppError::validation(
                "from",
                "`from` must be on or before `to`.",
            ));
        }
    }
    let latest = Period::at(now).previous();
    let last = req.to.map(Period::of).unwrap_or(latest).min(latest);
    let first = req.from.map(Period::of).unwrap_or(last);
    if first > last {
        return Err(AppError::validation(
            "from",
            format!(
                "Figures for {} are published once it has ended; the latest published period is {}.",
                first.describe(),
                latest.describe()
            ),
        ));
    }
    let periods = (last.year - first.year) * 2 + i32::from(last.half) - i32::from(first.half) + 1;
    if periods as usize > MAX_PERIODS {
        return Err(AppError::validation(
            "from",
            "Ask for at most ten years of figures at a time.",
        ));
    }
    Ok((area, first, last))
}

/// The published report for a request (anyone, signed in or not).
pub fn published_outcomes(
    conn: &mut DbConn,
    req: &ReportRequest,
    now: NaiveDateTime,
) -> AppResult<OutcomeReport> {
    let (area, first, last) = resolve(req, now)?;
    let raw = raw_figures(conn, area.as_deref(), first, last)?;
    let (respondents, questions, service) = publish(&raw);
    Ok(OutcomeReport {
        area,
        first,
        last,
        respondents,
        questions,
        service,
    })
}

/// Apply disclosure control to the true counts: the respondents and their
/// answers, then each service figure with its breakdowns.
pub fn publish(raw: &RawFigures) -> (Figure, Vec<QuestionFigures>, ServiceFigures) {
    // The survey: the respondents, broken down once per question.
    let mut survey = Figures::new();
    let respondents: i64 = raw.answers.first().map(|a| a.iter().sum()).unwrap_or(0);
    let root = survey.total(respondents);
    let mut cells = Vec::new();
    for counts in &raw.answers {
        debug_assert_eq!(counts.iter().sum::<i64>(), respondents);
        let b = survey.breakdown(root);
        cells.push(
            counts
                .iter()
                .map(|&c| survey.part(b, c))
                .collect::<Vec<_>>(),
        );
    }
    let s = survey.publish();
    let questions = Question::ALL
        .iter()
        .zip(&cells)
        .map(|(&question, ids)| QuestionFigures {
            question,
            answers: ids.iter().map(|&i| Figure::of(&s, i)).collect(),
        })
        .collect();

    // Check-ins: due = on time + missed + the rest; missed = escalated +
    // the rest.
    let mut c = Figures::new();
    let due = c.total(raw.check_ins_due);
    let b = c.breakdown(due);
    let on_time = c.part(b, raw.check_ins_on_time);
    let missed = c.part(b, raw.check_ins_missed);
    c.rest(b);
    let m = c.breakdown(missed);
    let escalated = c.part(m, raw.check_ins_escalated);
    c.rest(m);
    let cp = c.publish();

    // Referrals: sent = acknowledged in time + the rest.
    let mut r = Figures::new();
    let sent = r.total(raw.referrals_sent);
    let b = r.breakdown(sent);
    let in_time = r.part(b, raw.referrals_acknowledged_in_time);
    r.rest(b);
    let rp = r.publish();

    // Residents: all = giving time + the rest.
    let mut g = Figures::new();
    let residents = g.total(raw.residents);
    let b = g.breakdown(residents);
    let giving = g.part(b, raw.residents_giving_time);
    g.rest(b);
    let gp = g.publish();

    let service = ServiceFigures {
        hours_given: hours_figure(raw.given_minutes, raw.givers),
        check_ins_due: Figure::of(&cp, due),
        check_ins_on_time: Figure::of(&cp, on_time),
        check_ins_missed: Figure::of(&cp, missed),
        check_ins_escalated: Figure::of(&cp, escalated),
        referrals_sent: Figure::of(&rp, sent),
        referrals_acknowledged_in_time: Figure::of(&rp, in_time),
        residents: Figure::of(&gp, residents),
        residents_giving_time: Figure::of(&gp, giving),
    };
    (Figure::of(&s, root), questions, service)
}

/// Hours given: whole hours, suppressed when 1 to 4 hours or when 1 to 4
/// people gave them (a total of few people's time tells about each of
/// them), otherwise rounded to the nearest 5.
fn hours_figure(minutes: i64, givers: i64) -> Figure {
    let hours = (minutes + 30) / 60;
    let small = |n: i64| (1..disclosure::SMALLEST_PUBLISHED).contains(&n);
    let suppressed = small(hours) || small(givers);
    Figure {
        value: (!suppressed).then(|| {
            if hours == 0 {
                0
            } else {
                disclosure::round5(hours)
            }
        }),
        suppressed,
        share: None,
    }
}

/// One respondent's five answers, as stored.
type AnswerSet = (String, String, String, String, String);

/// Count what a report needs, for one area (or all) and a run of periods.
pub fn raw_figures(
    conn: &mut DbConn,
    area: Option<&str>,
    first: Period,
    last: Period,
) -> AppResult<RawFigures> {
    let start = first.starts_at();
    let end = last.next().starts_at();
    let area = area.map(str::to_string);

    // The survey, grouped by the whole set of answers (a few thousand
    // combinations at most), in one statement.
    let in_period = outcome_surveys::submitted_at
        .ge(start)
        .and(outcome_surveys::submitted_at.lt(end));
    let answer_columns = (
        outcome_surveys::control,
        outcome_surveys::social_contact,
        outcome_surveys::safety,
        outcome_surveys::information,
        outcome_surveys::quality_of_life,
    );
    let rows: Vec<(AnswerSet, i64)> = match &area {
        Some(a) => outcome_surveys::table
            .filter(outcome_surveys::area.eq(a.clone()))
            .filter(in_period)
            .group_by(answer_columns)
            .select((answer_columns, count_star()))
            .load(conn)?,
        None => outcome_surveys::table
            .filter(in_period)
            .group_by(answer_columns)
            .select((answer_columns, count_star()))
            .load(conn)?,
    };
    let mut answers: Vec<Vec<i64>> = Question::ALL
        .iter()
        .map(|q| vec![0; q.answers().len()])
        .collect();
    for ((control, social, safety, information, quality), n) in rows {
        for (qi, given) in [control, social, safety, information, quality]
            .iter()
            .enumerate()
        {
            let codes = Question::ALL[qi].answers();
            if let Some(ai) = codes.iter().position(|(code, _)| code == given) {
                answers[qi][ai] += n;
            }
        }
    }

    // Residents in the area: for check-ins and referrals, anyone with a
    // profile there; for the residents figures, those not erased whose
    // profile existed by the end of the period.
    let in_area = |a: &str| {
        resident_profiles::table
            .filter(resident_profiles::area.eq(a.to_string()))
            .select(resident_profiles::person_id)
    };

    let due = || {
        let mut q = check_ins::table
            .filter(check_ins::due_at.ge(start))
            .filter(check_ins::due_at.lt(end))
            .filter(check_ins::status.ne(CheckInStatus::Cancelled.as_str()))
            .into_boxed();
        if let Some(a) = &area {
            q = q.filter(check_ins::resident_id.eq_any(in_area(a)));
        }
        q
    };
    let check_ins_due: i64 = due().count().get_result(conn)?;
    let check_ins_on_time: i64 = due()
        .filter(check_ins::status.eq(CheckInStatus::Completed.as_str()))
        .filter(check_ins::missed_at.is_null())
        .filter(check_ins::recorded_at.le(check_ins::overdue_at.nullable()))
        .count()
        .get_result(conn)?;
    let check_ins_missed: i64 = due()
        .filter(check_ins::missed_at.is_not_null())
        .count()
        .get_result(conn)?;
    let check_ins_escalated: i64 = due()
        .filter(check_ins::missed_at.is_not_null())
        .filter(exists(
            check_in_events::table
                .filter(check_in_events::check_in_id.eq(check_ins::id))
                .filter(check_in_events::kind.eq("ESCALATED")),
        ))
        .count()
        .get_result(conn)?;

    let sent = || {
        let mut q = referrals::table
            .filter(referrals::sent_at.ge(start))
            .filter(referrals::sent_at.lt(end))
            .filter(referrals::acknowledge_by.is_not_null())
            .into_boxed();
        if let Some(a) = &area {
            q = q.filter(referrals::resident_id.eq_any(in_area(a)));
        }
        q
    };
    let referrals_sent: i64 = sent().count().get_result(conn)?;
    let referrals_acknowledged_in_time: i64 = sent()
        .filter(referrals::acknowledged_at.le(referrals::acknowledge_by))
        .count()
        .get_result(conn)?;

    let mut q = resident_profiles::table
        .inner_join(people::table)
        .filter(people::erased_at.is_null())
        .filter(resident_profiles::created_at.lt(end))
        .into_boxed();
    if let Some(a) = &area {
        q = q.filter(resident_profiles::area.eq(a.clone()));
    }
    let residents: i64 = q.count().get_result(conn)?;

    // Service time in the period that was not reversed.
    let reversals = diesel::alias!(time_transfers as reversals);
    let service = || {
        time_transfers::table
            .filter(time_transfers::kind.eq_any([
                TransferKind::Shift.as_str(),
                TransferKind::HelpRequest.as_str(),
                TransferKind::CheckIn.as_str(),
            ]))
            .filter(time_transfers::created_at.ge(start))
            .filter(time_transfers::created_at.lt(end))
            .filter(
                time_transfers::id.ne_all(
                    reversals
                        .filter(
                            reversals
                                .field(time_transfers::reverses_transfer_id)
                                .is_not_null(),
                        )
                        .select(
                            reversals
                                .field(time_transfers::reverses_transfer_id)
                                .assume_not_null(),
                        ),
                ),
            )
            .into_boxed::<MultiBackend>()
    };
    let mut q = service();
    if let Some(a) = &area {
        let area_groups = groups::table
            .filter(groups::area.eq(a.clone()))
            .select(groups::id.nullable());
        let area_people = resident_profiles::table
            .filter(resident_profiles::area.eq(a.clone()))
            .select(resident_profiles::person_id.nullable());
        q = q.filter(
            time_transfers::from_account_id.eq_any(
                time_accounts::table
                    .filter(
                        time_accounts::group_id
                            .eq_any(area_groups)
                            .or(time_accounts::person_id.eq_any(area_people)),
                    )
                    .select(time_accounts::id),
            ),
        );
    }
    // SUM of a BIGINT is NUMERIC on PostgreSQL: cast back to BIGINT so both
    // backends read an i64.
    let (given_minutes, givers): (Option<i64>, i64) = q
        .select((
            sql::<Nullable<BigInt>>("CAST(SUM(time_transfers.minutes) AS BIGINT)"),
            sql::<BigInt>("COUNT(DISTINCT time_transfers.to_account_id)"),
        ))
        .first(conn)?;

    // Residents (as counted above) credited for service in the period.
    let mut giving = service().filter(
        time_transfers::to_account_id.eq_any(
            time_accounts::table
                .filter(
                    time_accounts::person_id.eq_any(
                        resident_profiles::table
                            .filter(resident_profiles::created_at.lt(end))
                            .select(resident_profiles::person_id.nullable()),
                    ),
                )
                .filter(
                    time_accounts::person_id.eq_any(
                        people::table
                            .filter(people::erased_at.is_null())
                            .select(people::id.nullable()),
                    ),
                )
                .select(time_accounts::id),
        ),
    );
    if let Some(a) = &area {
        giving = giving.filter(
            time_transfers::to_account_id.eq_any(
                time_accounts::table
                    .filter(
                        time_accounts::person_id.eq_any(
                            resident_profiles::table
                                .filter(resident_profiles::area.eq(a.clone()))
                                .select(resident_profiles::person_id.nullable()),
                        ),
                    )
                    .select(time_accounts::id),
            ),
        );
    }
    let residents_giving_time: i64 = giving
        .select(sql::<BigInt>(
            "COUNT(DISTINCT time_transfers.to_account_id)",
        ))
        .first(conn)?;

    Ok(RawFigures {
        answers,
        given_minutes: given_minutes.unwrap_or(0),
        givers,
        check_ins_due,
        check_ins_on_time,
        check_ins_missed,
        check_ins_escalated,
        referrals_sent,
        referrals_acknowledged_in_time,
        residents,
        residents_giving_time,
    })
}
