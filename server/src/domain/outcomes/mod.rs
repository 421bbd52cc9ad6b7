//! Outcome surveys and the outcomes Kith publishes.
//!
//! Every six months residents are asked ([`invitations`]) the Adult Social
//! Care Survey questions behind the ASCOF measures: control over daily
//! life, social contact, feeling safe, finding information and advice, and
//! overall quality of life. A resident answers for themselves, or someone
//! who acts for them answers with them (recorded as such). Survey periods
//! are the two halves of the calendar year in UK time (1 January to 30 June,
//! 1 July to 31 December); a resident has at most one set of answers per
//! period, and answering again in the same period replaces them, so the
//! latest answers of the period count.
//!
//! Nobody's answers are ever shown to anyone else: they are published only
//! as totals per area and period ([`report`]), once the period has ended,
//! after disclosure control ([`disclosure`]).

pub mod disclosure;
pub mod invitations;
pub mod report;

pub use invitations::*;
pub use report::*;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::outcome_surveys;
use crate::db::{write_tx, DbConn};
use crate::domain::authz::{signed_in, Actor};
use crate::domain::groups::text_enum;
use crate::domain::{audit, people, residents};
use crate::error::{is_unique_violation, AppError, AppResult};

/// A survey question's answers: the stored code and the survey's wording.
macro_rules! answers {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal : $wording:literal),+ $(,)? }) => {
        text_enum! { $(#[$meta])* $name { $($variant => $code),+ } }

        impl $name {
            /// Every answer, in the order the survey lists them (best first).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The answer as the survey words it.
            pub fn wording(self) -> &'static str {
                match self { $($name::$variant => $wording),+ }
            }
        }
    };
}

answers! {
    /// How much control the resident has over their daily life (ASCOF 1B).
    ControlOverDailyLife {
        AsMuchAsIWant => "AS_MUCH_AS_I_WANT": "I have as much control over my daily life as I want",
        Adequate => "ADEQUATE": "I have adequate control over my daily life",
        SomeButNotEnough => "SOME_BUT_NOT_ENOUGH": "I have some control over my daily life, but not enough",
        NoControl => "NO_CONTROL": "I have no control over my daily life",
    }
}

answers! {
    /// How much social contact the resident has (ASCOF 1I).
    SocialContact {
        AsMuchAsIWant => "AS_MUCH_AS_I_WANT": "I have as much social contact as I want with people I like",
        Adequate => "ADEQUATE": "I have adequate social contact with people",
        SomeButNotEnough => "SOME_BUT_NOT_ENOUGH": "I have some social contact with people, but not enough",
        Isolated => "ISOLATED": "I have little social contact with people and feel socially isolated",
    }
}

answers! {
    /// How safe the resident feels (ASCOF 4A).
    FeelingSafe {
        AsSafeAsIWant => "AS_SAFE_AS_I_WANT": "I feel as safe as I want",
        AdequatelySafe => "ADEQUATELY_SAFE": "Generally I feel adequately safe, but not as safe as I would like",
        LessThanAdequatelySafe => "LESS_THAN_ADEQUATELY_SAFE": "I feel less than adequately safe",
        NotAtAllSafe => "NOT_AT_ALL_SAFE": "I don't feel at all safe",
    }
}

answers! {
    /// How easy it has been to find information and advice (ASCOF 3D).
    FindingInformation {
        VeryEasy => "VERY_EASY": "Very easy to find",
        FairlyEasy => "FAIRLY_EASY": "Fairly easy to find",
        FairlyDifficult => "FAIRLY_DIFFICULT": "Fairly difficult to find",
        VeryDifficult => "VERY_DIFFICULT": "Very difficult to find",
        NeverTried => "NEVER_TRIED": "I have never tried to find information or advice",
    }
}

answers! {
    /// The resident's quality of life as a whole (ASCOF 1A).
    QualityOfLife {
        CouldNotBeBetter => "COULD_NOT_BE_BETTER": "So good, it could not be better",
        VeryGood => "VERY_GOOD": "Very good",
        Good => "GOOD": "Good",
        Alright => "ALRIGHT": "Alright",
        Bad => "BAD": "Bad",
        VeryBad => "VERY_BAD": "Very bad",
        CouldNotBeWorse => "COULD_NOT_BE_WORSE": "So bad, it could not be worse",
    }
}

text_enum! {
    /// The survey's questions.
    Question {
        ControlOverDailyLife => "CONTROL_OVER_DAILY_LIFE",
        SocialContact => "SOCIAL_CONTACT",
        FeelingSafe => "FEELING_SAFE",
        FindingInformation => "FINDING_INFORMATION",
        QualityOfLife => "QUALITY_OF_LIFE",
    }
}

impl Question {
    /// Every question, in survey order.
    pub const ALL: [Question; 5] = [
        Question::ControlOverDailyLife,
        Question::SocialContact,
        Question::FeelingSafe,
        Question::FindingInformation,
        Question::QualityOfLife,
    ];

    /// The question as the survey asks it.
    pub fn wording(self) -> &'static str {
        match self {
            Question::ControlOverDailyLife => {
                "Which of the following statements best describes how much control you have over your daily life?"
            }
            Question::SocialContact => {
                "Thinking about how much contact you've had with people you like, which of the following statements best describes your social situation?"
            }
            Question::FeelingSafe => {
                "Which of the following statements best describes how safe you feel?"
            }
            Question::FindingInformation => {
                "In the past year, have you generally found it easy or difficult to find information and advice about support, services or benefits?"
            }
            Question::QualityOfLife => {
                "Thinking about the good and bad things that make up your quality of life, how would you rate the quality of your life as a whole?"
            }
        }
    }

    /// The answers (stored code and wording), in survey order.
    pub fn answers(self) -> Vec<(&'static str, &'static str)> {
        fn list<T: Copy>(
            all: &[T],
            code: fn(T) -> &'static str,
            wording: fn(T) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            all.iter().map(|&a| (code(a), wording(a))).collect()
        }
        match self {
            Question::ControlOverDailyLife => list(
                ControlOverDailyLife::ALL,
                ControlOverDailyLife::as_str,
                ControlOverDailyLife::wording,
            ),
            Question::SocialContact => list(
                SocialContact::ALL,
                SocialContact::as_str,
                SocialContact::wording,
            ),
            Question::FeelingSafe => {
                list(FeelingSafe::ALL, FeelingSafe::as_str, FeelingSafe::wording)
            }
            Question::FindingInformation => list(
                FindingInformation::ALL,
                FindingInformation::as_str,
                FindingInformation::wording,
            ),
            Question::QualityOfLife => list(
                QualityOfLife::ALL,
                QualityOfLife::as_str,
                QualityOfLife::wording,
            ),
        }
    }
}

/// A survey period: one half of a calendar year, in UK dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub year: i32,
    /// 1: January to June; 2: July to December.
    pub half: u8,
}

impl Period {
    /// The period a UK date falls in.
    pub fn of(date: NaiveDate) -> Self {
        Period {
            year: date.year(),
            half: if date.month() <= 6 { 1 } else { 2 },
        }
    }

    /// The period a moment falls in (by its UK date).
    pub fn at(at: NaiveDateTime) -> Self {
        Self::of(crate::domain::time::london_date(at))
    }

    /// `2026-H2`.
    pub fn label(self) -> String {
        format!("{}-H{}", self.year, self.half)
    }

    /// The first day.
    pub fn first_day(self) -> NaiveDate {
        let month = if self.half == 1 { 1 } else { 7 };
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Self {
        if self.half == 1 {
            Period {
                year: self.year,
                half: 2,
            }
        } else {
            Period {
                year: self.year + 1,
                half: 1,
            }
        }
    }

    pub fn previous(self) -> Self {
        if self.half == 2 {
            Period {
                year: self.year,
                half: 1,
            }
        } else {
            Period {
                year: self.year - 1,
                half: 2,
            }
        }
    }

    /// When it starts, in UTC (midnight UK time on its first day).
    pub fn starts_at(self) -> NaiveDateTime {
        crate::domain::checkins::london_midnight(self.first_day())
    }

    /// "July to December 2026".
    pub fn describe(self) -> String {
        if self.half == 1 {
            format!("January to June {}", self.year)
        } else {
            format!("July to December {}", self.year)
        }
    }
}

/// One resident's answers for a period, as stored.
#[derive(Debug, Clone, Queryable, Selectable, PartialEq)]
#[diesel(table_name = outcome_surveys)]
pub struct OutcomeSurvey {
    pub id: i64,
    pub resident_id: i64,
    pub submitted_by: i64,
    /// The resident's area when they answered.
    pub area: String,
    pub period: String,
    pub control: String,
    pub social_contact: String,
    pub safety: String,
    pub information: String,
    pub quality_of_life: String,
    /// When the period's first answers were given.
    pub created_at: NaiveDateTime,
    /// When the answers that count were given.
    pub submitted_at: NaiveDateTime,
}

impl OutcomeSurvey {
    /// The stored answer to a question.
    pub fn answer(&self, q: Question) -> &str {
        match q {
            Question::ControlOverDailyLife => &self.control,
            Question::SocialContact => &self.social_contact,
            Question::FeelingSafe => &self.safety,
            Question::FindingInformation => &self.information,
            Question::QualityOfLife => &self.quality_of_life,
        }
    }
}

/// A resident's answers to every question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answers {
    pub control: ControlOverDailyLife,
    pub social_contact: SocialContact,
    pub safety: FeelingSafe,
    pub information: FindingInformation,
    pub quality_of_life: QualityOfLife,
}

/// Record a resident's answers for the current period (the resident, or
/// someone who acts for them). Answers given earlier in the same period are
/// replaced. Someone the caller may not act for is `NOT_FOUND`; a person
/// without a resident profile is `VALIDATION` on `residentId`.
pub fn submit_survey(
    conn: &mut DbConn,
    actor: &Actor,
    resident_id: i64,
    answers: Answers,
    now: NaiveDateTime,
) -> AppResult<OutcomeSurvey> {
    let viewer = signed_in(actor)?;
    let period = Period::at(now).label();
    write_tx(conn, |conn| {
        let person = people::find(conn, resident_id)?
            .filter(|p| p.erased_at.is_none())
            .ok_or(AppError::NotFound("That resident"))?;
        if !residents::can_act_for(conn, &viewer, person.id)? {
            return Err(AppError::NotFound("That resident"));
        }
        let profile = residents::find_profile(conn, person.id)?.ok_or_else(|| {
            AppError::validation(
                "residentId",
                "Only residents answer the outcome survey: add a resident profile for this person first.",
            )
        })?;
        crate::domain::shifts::lock_person(conn, person.id)?;
        let earlier: Option<i64> = outcome_surveys::table
            .filter(outcome_surveys::resident_id.eq(person.id))
            .filter(outcome_surveys::period.eq(&period))
            .select(outcome_surveys::id)
            .first(conn)
            .optional()?;
        let values = (
            outcome_surveys::submitted_by.eq(viewer.person_id),
            outcome_surveys::area.eq(profile.area.trim()),
            outcome_surveys::control.eq(answers.control.as_str()),
            outcome_surveys::social_contact.eq(answers.social_contact.as_str()),
            outcome_surveys::safety.eq(answers.safety.as_str()),
            outcome_surveys::information.eq(answers.information.as_str()),
            outcome_surveys::quality_of_life.eq(answers.quality_of_life.as_str()),
            outcome_surveys::submitted_at.eq(now),
        );
        let survey: OutcomeSurvey = match earlier {
            Some(id) => diesel::update(outcome_surveys::table.find(id))
                .set(values)
                .returning(outcome_surveys::all_columns)
                .get_result(conn)?,
            None => diesel::insert_into(outcome_surveys::table)
                .values((
                    outcome_surveys::resident_id.eq(person.id),
                    outcome_surveys::period.eq(&period),
                    outcome_surveys::created_at.eq(now),
                    values,
                ))
                .returning(outcome_surveys::all_columns)
                .get_result(conn)
                .map_err(conflict_on_duplicate)?,
        };
        audit::access(
            conn,
            &audit::Access {
                actor_id: Some(viewer.person_id),
                action: if earlier.is_some() { "UPDATE" } else { "CREATE" },
                record_type: "OutcomeSurvey",
                record_id: survey.id,
                person_id: person.id,
                purpose: if viewer.person_id == person.id {
                    "resident's own answers"
                } else {
                    "answering with the resident"
                },
                detail: "controlOverDailyLife,socialContact,feelingSafe,findingInformation,qualityOfLife",
                at: now,
            },
        )?;
        Ok(survey)
    })
}

/// Map a lost race on the one-per-period key to a clean conflict.
fn conflict_on_duplicate(e: diesel::result::Error) -> AppError {
    if is_unique_violation(&e) {
        AppError::conflict(
            "These answers were being saved at the same moment from somewhere else. Please try again.",
        )
    } else {
        e.into()
    }
}

/// A resident's answers for the current period, or else their latest (the
/// resident, or someone who acts for them; `None` for anyone else).
pub fn latest_survey(
    conn: &mut DbConn,
    actor: &Actor,
    resident_id: i64,
) -> AppResult<Option<OutcomeSurvey>> {
    let viewer = signed_in(actor)?;
    if !residents::can_act_for(conn, &viewer, resident_id)? {
        return Ok(None);
    }
    Ok(outcome_surveys::table
        .filter(outcome_surveys::resident_id.eq(resident_id))
        .order(outcome_surveys::submitted_at.desc())
        .select(OutcomeSurvey::as_select())
        .first(conn)
        .optional()?)
}
