//! Outcome surveys, the coordinators' survey call list, and the public,
//! disclosure-controlled outcome figures.

use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use super::accounts::{ContactChannelGql, PersonNode};
use super::loaders::load;
use super::relay::PageInfo;
use super::scalars::Date;
use super::{gql, ids, loaders, run};
use crate::domain::outcomes::{
    self, Answers, CallListEntry, Figure, OutcomeReport, OutcomeSurvey, ReportRequest,
};
use crate::domain::page;
use crate::domain::people::ContactChannel;
use crate::error::AppError;

/// How much control the resident has over their daily life (the Adult
/// Social Care Survey question behind ASCOF 1B).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "ControlOverDailyLife",
    remote = "crate::domain::outcomes::ControlOverDailyLife"
)]
pub enum ControlOverDailyLifeGql {
    /// I have as much control over my daily life as I want
    AsMuchAsIWant,
    /// I have adequate control over my daily life
    Adequate,
    /// I have some control over my daily life, but not enough
    SomeButNotEnough,
    /// I have no control over my daily life
    NoControl,
}

/// How much social contact the resident has with people they like (ASCOF
/// 1I).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "SocialContact",
    remote = "crate::domain::outcomes::SocialContact"
)]
pub enum SocialContactGql {
    /// I have as much social contact as I want with people I like
    AsMuchAsIWant,
    /// I have adequate social contact with people
    Adequate,
    /// I have some social contact with people, but not enough
    SomeButNotEnough,
    /// I have little social contact with people and feel socially isolated
    Isolated,
}

/// How safe the resident feels (ASCOF 4A).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "FeelingSafe", remote = "crate::domain::outcomes::FeelingSafe")]
pub enum FeelingSafeGql {
    /// I feel as safe as I want
    AsSafeAsIWant,
    /// Generally I feel adequately safe, but not as safe as I would like
    AdequatelySafe,
    /// I feel less than adequately safe
    LessThanAdequatelySafe,
    /// I don't feel at all safe
    NotAtAllSafe,
}

/// How easy it has been, in the past year, to find information and advice
/// about support, services or benefits (ASCOF 3D).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "FindingInformation",
    remote = "crate::domain::outcomes::FindingInformation"
)]
pub enum FindingInformationGql {
    /// Very easy to find
    VeryEasy,
    /// Fairly easy to find
    FairlyEasy,
    /// Fairly difficult to find
    FairlyDifficult,
    /// Very difficult to find
    VeryDifficult,
    /// I have never tried to find information or advice
    NeverTried,
}

/// The resident's quality of life as a whole (ASCOF 1A).
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(
    name = "QualityOfLife",
    remote = "crate::domain::outcomes::QualityOfLife"
)]
pub enum QualityOfLifeGql {
    /// So good, it could not be better
    CouldNotBeBetter,
    /// Very good
    VeryGood,
    /// Good
    Good,
    /// Alright
    Alright,
    /// Bad
    Bad,
    /// Very bad
    VeryBad,
    /// So bad, it could not be worse
    CouldNotBeWorse,
}

/// The outcome survey's questions.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "OutcomeQuestion", remote = "crate::domain::outcomes::Question")]
pub enum OutcomeQuestionGql {
    /// How much control over daily life (answers: `ControlOverDailyLife`).
    ControlOverDailyLife,
    /// How much social contact (answers: `SocialContact`).
    SocialContact,
    /// How safe (answers: `FeelingSafe`).
    FeelingSafe,
    /// Finding information and advice (answers: `FindingInformation`).
    FindingInformation,
    /// Quality of life as a whole (answers: `QualityOfLife`).
    QualityOfLife,
}

/// A resident's answers to the outcome survey.
#[derive(InputObject)]
pub struct OutcomeSurveyInput {
    /// The resident (default: me). Someone who acts for the resident may
    /// answer with them.
    pub resident_id: Option<ID>,
    /// "Which of the following statements best describes how much control
    /// you have over your daily life?"
    pub control_over_daily_life: ControlOverDailyLifeGql,
    /// "Thinking about how much contact you've had with people you like,
    /// which of the following statements best describes your social
    /// situation?"
    pub social_contact: SocialContactGql,
    /// "Which of the following statements best describes how safe you feel?"
    pub feeling_safe: FeelingSafeGql,
    /// "In the past year, have you generally found it easy or difficult to
    /// find information and advice about support, services or benefits?"
    pub finding_information: FindingInformationGql,
    /// "Thinking about the good and bad things that make up your quality of
    /// life, how would you rate the quality of your life as a whole?"
    pub quality_of_life: QualityOfLifeGql,
}

/// One resident's answers for a survey period. Seen only by the resident
/// and those who act for them: everyone else sees published totals only.
pub struct OutcomeSurveyNode(pub OutcomeSurvey);

/// A stored answer as its enum (stored answers are always valid codes).
fn parse<T>(value: &str, parse: fn(&str) -> Option<T>) -> async_graphql::Result<T> {
    parse(value).ok_or_else(|| gql(AppError::internal("unknown stored survey answer", value)))
}

/// A resident's answers to the outcome survey for one period.
#[Object(name = "OutcomeSurvey")]
impl OutcomeSurveyNode {
    /// The survey's opaque global id.
    async fn id(&self) -> ID {
        ids::encode("OutcomeSurvey", self.0.id)
    }

    /// Whose answers these are.
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.0.resident_id)
            .await?
            .map(PersonNode::new))
    }

    /// Who recorded them: the resident, or someone answering with them.
    async fn submitted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.0.submitted_by)
            .await?
            .map(PersonNode::new))
    }

    /// True when someone else recorded the answers for the resident.
    async fn on_behalf(&self) -> bool {
        self.0.submitted_by != self.0.resident_id
    }

    /// The resident's area when they answered.
    async fn area(&self) -> &str {
        &self.0.area
    }

    /// The survey period, such as `2026-H2` (July to December 2026).
    async fn period(&self) -> &str {
        &self.0.period
    }

    /// Control over daily life.
    async fn control_over_daily_life(&self) -> async_graphql::Result<ControlOverDailyLifeGql> {
        parse(&self.0.control, outcomes::ControlOverDailyLife::parse).map(Into::into)
    }

    /// Social contact.
    async fn social_contact(&self) -> async_graphql::Result<SocialContactGql> {
        parse(&self.0.social_contact, outcomes::SocialContact::parse).map(Into::into)
    }

    /// Feeling safe.
    async fn feeling_safe(&self) -> async_graphql::Result<FeelingSafeGql> {
        parse(&self.0.safety, outcomes::FeelingSafe::parse).map(Into::into)
    }

    /// Finding information and advice.
    async fn finding_information(&self) -> async_graphql::Result<FindingInformationGql> {
        parse(&self.0.information, outcomes::FindingInformation::parse).map(Into::into)
    }

    /// Quality of life as a whole.
    async fn quality_of_life(&self) -> async_graphql::Result<QualityOfLifeGql> {
        parse(&self.0.quality_of_life, outcomes::QualityOfLife::parse).map(Into::into)
    }

    /// When these answers were given (answering again in the same period
    /// replaces them).
    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at.and_utc()
    }
}

/// A resident to reach about the survey by phone, text, post or in person.
pub struct CallListEntryNode(pub CallListEntry);

/// A resident invited to answer the outcome survey this period who prefers
/// not to be emailed (or has no email address) and has not answered yet.
#[Object(name = "OutcomeSurveyCallListEntry")]
impl CallListEntryNode {
    /// The resident. Their phone number and address are on
    /// `resident.residentProfile` (each look is logged).
    async fn resident(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<PersonNode>> {
        Ok(load(&loaders(ctx).people, self.0.invitation.resident_id)
            .await?
            .map(PersonNode::new))
    }

    /// The resident's name.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    /// How to reach them: the way they prefer (PHONE when they prefer email
    /// but have no address).
    async fn channel(&self) -> Option<ContactChannelGql> {
        ContactChannel::parse(&self.0.invitation.channel).map(Into::into)
    }

    /// Their preferred language, as a language tag such as `en` or `cy`.
    async fn language(&self) -> &str {
        &self.0.language
    }

    /// Accessibility needs to keep in mind when contacting them.
    async fn accessibility_needs(&self) -> &str {
        &self.0.accessibility_needs
    }

    /// When they were invited.
    async fn invited_at(&self) -> DateTime<Utc> {
        self.0.invitation.invited_at.and_utc()
    }
}

/// One page of a group's survey call list.
#[derive(SimpleObject)]
pub struct OutcomeSurveyCallListConnection {
    /// The residents on this page, each with its cursor.
    pub edges: Vec<OutcomeSurveyCallListEdge>,
    /// Where this page sits in the whole list.
    pub page_info: PageInfo,
    /// How many residents the whole list holds, across all pages.
    pub total_count: i64,
}

/// One resident on the call list, with the cursor to continue after it.
#[derive(SimpleObject)]
pub struct OutcomeSurveyCallListEdge {
    /// Pass as `after` to get the residents that follow this one.
    pub cursor: String,
    /// The resident to reach.
    pub node: CallListEntryNode,
}

/// One published figure after disclosure control.
#[derive(SimpleObject)]
#[graphql(name = "OutcomeFigure")]
pub struct FigureGql {
    /// The count rounded to the nearest 5 (0 is exact); null when
    /// suppressed.
    pub value: Option<i32>,
    /// True when the count is not shown: it is 1 to 4, or shown it would let
    /// a small count be worked out from the other figures.
    pub suppressed: bool,
    /// Its share (0 to 1, three decimal places) of the figure it is part of,
    /// worked out from the rounded figures; null when either is not shown
    /// or it is part of nothing.
    pub share: Option<f64>,
}

impl From<Figure> for FigureGql {
    fn from(f: Figure) -> Self {
        FigureGql {
            value: f.value.map(|v| v.min(i32::MAX as i64) as i32),
            suppressed: f.suppressed,
            share: f.share,
        }
    }
}

/// How many respondents gave one answer.
#[derive(SimpleObject)]
pub struct OutcomeAnswerFigure {
    /// The answer's enum value, such as `AS_MUCH_AS_I_WANT`.
    pub answer: String,
    /// The answer as the survey words it.
    pub text: String,
    /// The count and its share of the respondents.
    #[graphql(flatten)]
    pub figure: FigureGql,
}

/// How respondents answered one question.
#[derive(SimpleObject)]
pub struct OutcomeQuestionFigures {
    /// The question.
    pub question: OutcomeQuestionGql,
    /// The question as the survey asks it.
    pub text: String,
    /// Every answer, in the survey's order (best first).
    pub answers: Vec<OutcomeAnswerFigure>,
}

/// What the community did for the area in the period.
#[derive(SimpleObject)]
pub struct OutcomeServiceFigures {
    /// Hours of service given through the time bank (shifts, help and
    /// check-ins, less reversals) to residents and groups of the area, in
    /// whole hours; suppressed also when fewer than 5 people gave them.
    pub hours_given: FigureGql,
    /// Check-ins with the area's residents due in the period (not
    /// cancelled).
    pub check_ins_due: FigureGql,
    /// Of those, recorded by their overdue time without being missed.
    pub check_ins_on_time: FigureGql,
    /// Of those due, missed (no answer, or nothing recorded in time).
    pub check_ins_missed: FigureGql,
    /// Of those missed, escalated to at least one person.
    pub check_ins_escalated: FigureGql,
    /// Referrals of the area's residents sent to partners in the period.
    pub referrals_sent: FigureGql,
    /// Of those, acknowledged by the partner within the agreed time.
    pub referrals_acknowledged_in_time: FigureGql,
    /// Residents of the area with a resident profile by the end of the
    /// period.
    pub residents: FigureGql,
    /// Of those, residents who also gave time (credited for service in the
    /// period).
    pub residents_giving_time: FigureGql,
}

/// Published, privacy-safe outcome figures for an area and whole survey
/// periods (half years), after disclosure control: counts of 1 to 4 are
/// suppressed, the rest rounded to the nearest 5, and no suppressed count
/// can be worked out from the others.
#[derive(SimpleObject)]
#[graphql(name = "OutcomeReport")]
pub struct OutcomeReportGql {
    /// The area (null: every area together).
    pub area: Option<String>,
    /// The first day covered (the start of the first whole period).
    pub from: Date,
    /// The last day covered (the end of the last whole period).
    pub to: Date,
    /// The survey periods covered, such as `2026-H2`.
    pub periods: Vec<String>,
    /// Residents who answered the survey.
    pub respondents: FigureGql,
    /// How they answered, question by question.
    pub questions: Vec<OutcomeQuestionFigures>,
    /// What the community did.
    pub service: OutcomeServiceFigures,
    /// The disclosure rules, in plain English.
    pub method: String,
}

impl From<OutcomeReport> for OutcomeReportGql {
    fn from(r: OutcomeReport) -> Self {
        let s = &r.service;
        OutcomeReportGql {
            area: r.area.clone(),
            from: Date(r.from()),
            to: Date(r.to()),
            periods: r.periods().into_iter().map(|p| p.label()).collect(),
            respondents: r.respondents.into(),
            questions: r
                .questions
                .iter()
                .map(|q| OutcomeQuestionFigures {
                    question: q.question.into(),
                    text: q.question.wording().to_string(),
                    answers: q
                        .question
                        .answers()
                        .into_iter()
                        .zip(&q.answers)
                        .map(|((code, wording), f)| OutcomeAnswerFigure {
                            answer: code.to_string(),
                            text: wording.to_string(),
                            figure: (*f).into(),
                        })
                        .collect(),
                })
                .collect(),
            service: OutcomeServiceFigures {
                hours_given: s.hours_given.into(),
                check_ins_due: s.check_ins_due.into(),
                check_ins_on_time: s.check_ins_on_time.into(),
                check_ins_missed: s.check_ins_missed.into(),
                check_ins_escalated: s.check_ins_escalated.into(),
                referrals_sent: s.referrals_sent.into(),
                referrals_acknowledged_in_time: s.referrals_acknowledged_in_time.into(),
                residents: s.residents.into(),
                residents_giving_time: s.residents_giving_time.into(),
            },
            method: outcomes::METHOD.to_string(),
        }
    }
}

#[derive(Default)]
pub struct OutcomeQuery;

#[Object]
impl OutcomeQuery {
    /// Published outcome figures (public: no sign-in). `from` and `to`
    /// widen to the whole survey periods (half years) they fall in; only
    /// periods that have ended are published. Default: the latest period
    /// that has ended. Also as CSV: `GET /outcomes.csv?area=…&from=…&to=…`.
    async fn published_outcomes(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "One area, as written on residents' profiles and groups (default: every area together)."
        )]
        area: Option<String>,
        #[graphql(
            desc = "From the survey period this day falls in (default: the period of `to`)."
        )]
        from: Option<Date>,
        #[graphql(
            desc = "To the survey period this day falls in (default, and at most: the latest period that has ended)."
        )]
        to: Option<Date>,
    ) -> async_graphql::Result<OutcomeReportGql> {
        let req = ReportRequest {
            area,
            from: from.map(|d| d.0),
            to: to.map(|d| d.0),
        };
        run(ctx, move |conn, _, _, now| {
            outcomes::published_outcomes(conn, &req, now)
        })
        .await
        .map(Into::into)
    }

    /// A resident's answers for the current period, or else their latest
    /// (the resident, or those who act for them); null when there are none
    /// or you may not see them.
    async fn latest_outcome_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The resident (default: me).")] resident_id: Option<ID>,
    ) -> async_graphql::Result<Option<OutcomeSurveyNode>> {
        let resident = resident_id
            .map(|r| ids::person("residentId", &r))
            .transpose()
            .map_err(gql)?;
        run(ctx, move |conn, actor, _, _| {
            let viewer = crate::domain::authz::signed_in(actor)?;
            outcomes::latest_survey(conn, actor, resident.unwrap_or(viewer.person_id))
        })
        .await
        .map(|s| s.map(OutcomeSurveyNode))
    }

    /// The group's survey call list for the current period (the group's
    /// coordinators): residents invited to answer who prefer phone, text,
    /// post or a visit (or have no email address) and have not answered
    /// yet, to reach and answer with. By resident.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity + 1")]
    async fn outcome_survey_call_list(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The group.")] group_id: ID,
        #[graphql(desc = "How many to return (default 20, at most 100).")] first: Option<i32>,
        #[graphql(desc = "Cursor of the last resident already seen.")] after: Option<String>,
    ) -> async_graphql::Result<OutcomeSurveyCallListConnection> {
        let group = ids::group("groupId", &group_id).map_err(gql)?;
        let first_n = page::page_size(first).map_err(gql)?;
        let after_c = page::after(after.as_deref()).map_err(gql)?;
        let has_previous = after_c.is_some();
        let page = run(ctx, move |conn, actor, _, now| {
            outcomes::call_list(conn, actor, group, first_n, after_c, now)
        })
        .await?;
        let edges: Vec<OutcomeSurveyCallListEdge> = page
            .items
            .into_iter()
            .map(|(cursor, entry)| OutcomeSurveyCallListEdge {
                cursor: cursor.encode(),
                node: CallListEntryNode(entry),
            })
            .collect();
        Ok(OutcomeSurveyCallListConnection {
            page_info: PageInfo {
                has_next_page: page.has_next,
                has_previous_page: has_previous,
                start_cursor: edges.first().map(|e| e.cursor.clone()),
                end_cursor: edges.last().map(|e| e.cursor.clone()),
            },
            edges,
            total_count: page.total,
        })
    }
}

#[derive(Default)]
pub struct OutcomeMutation;

#[Object]
impl OutcomeMutation {
    /// Answer the outcome survey for the current period: the resident, or
    /// someone who acts for them answering with them (recorded as such).
    /// Answering again in the same period replaces the earlier answers.
    /// `NOT_FOUND` for a resident you may not act for; `VALIDATION` on
    /// `residentId` for a person without a resident profile.
    async fn submit_outcome_survey(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The answers.")] input: OutcomeSurveyInput,
    ) -> async_graphql::Result<OutcomeSurveyNode> {
        let resident = input
            .resident_id
            .as_ref()
            .map(|r| ids::person("residentId", r))
            .transpose()
            .map_err(gql)?;
        let answers = Answers {
            control: input.control_over_daily_life.into(),
            social_contact: input.social_contact.into(),
            safety: input.feeling_safe.into(),
            information: input.finding_information.into(),
            quality_of_life: input.quality_of_life.into(),
        };
        run(ctx, move |conn, actor, _, now| {
            let viewer = crate::domain::authz::signed_in(actor)?;
            outcomes::submit_survey(
                conn,
                actor,
                resident.unwrap_or(viewer.person_id),
                answers,
                now,
            )
        })
        .await
        .map(OutcomeSurveyNode)
    }
}
