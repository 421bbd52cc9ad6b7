// Residents: the six-monthly outcome survey (invitation emails link here).
// Shows what I answered last time; answering again in the same half-year
// replaces the earlier answers. Nobody else sees a person's answers: they
// are only published as rounded totals for the area.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { Button, ErrorSummary, problemList, RadioGroup, sortProblems, type Choice, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/status";
import { formatDay, ukDateKey } from "../format";
import { graphql } from "../gql";
import type {
  ControlOverDailyLife,
  FeelingSafe,
  FindingInformation,
  MyOutcomeSurveyFragment,
  QualityOfLife,
  SocialContact,
} from "../gql/graphql";

graphql(`
  fragment MyOutcomeSurvey on OutcomeSurvey {
    id
    period
    onBehalf
    controlOverDailyLife
    socialContact
    feelingSafe
    findingInformation
    qualityOfLife
    submittedAt
  }
`);

const OutcomeSurveyQuery = graphql(`
  query OutcomeSurveyPage {
    me {
      id
      residentProfile {
        area
      }
    }
    latestOutcomeSurvey {
      ...MyOutcomeSurvey
    }
  }
`);

const SubmitOutcomeSurveyMutation = graphql(`
  mutation SubmitOutcomeSurvey($input: OutcomeSurveyInput!) {
    submitOutcomeSurvey(input: $input) {
      ...MyOutcomeSurvey
    }
  }
`);

type Question = {
  key: "controlOverDailyLife" | "socialContact" | "feelingSafe" | "findingInformation" | "qualityOfLife";
  text: string;
  choices: Choice<string>[];
};

const CONTROL: Choice<ControlOverDailyLife>[] = [
  { value: "AS_MUCH_AS_I_WANT", label: "I have as much control over my daily life as I want" },
  { value: "ADEQUATE", label: "I have adequate control over my daily life" },
  { value: "SOME_BUT_NOT_ENOUGH", label: "I have some control over my daily life, but not enough" },
  { value: "NO_CONTROL", label: "I have no control over my daily life" },
];
const SOCIAL: Choice<SocialContact>[] = [
  { value: "AS_MUCH_AS_I_WANT", label: "I have as much social contact as I want with people I like" },
  { value: "ADEQUATE", label: "I have adequate social contact with people" },
  { value: "SOME_BUT_NOT_ENOUGH", label: "I have some social contact with people, but not enough" },
  { value: "ISOLATED", label: "I have little social contact with people and feel socially isolated" },
];
const SAFE: Choice<FeelingSafe>[] = [
  { value: "AS_SAFE_AS_I_WANT", label: "I feel as safe as I want" },
  { value: "ADEQUATELY_SAFE", label: "Generally I feel adequately safe, but not as safe as I would like" },
  { value: "LESS_THAN_ADEQUATELY_SAFE", label: "I feel less than adequately safe" },
  { value: "NOT_AT_ALL_SAFE", label: "I don't feel at all safe" },
];
const INFORMATION: Choice<FindingInformation>[] = [
  { value: "VERY_EASY", label: "Very easy to find" },
  { value: "FAIRLY_EASY", label: "Fairly easy to find" },
  { value: "FAIRLY_DIFFICULT", label: "Fairly difficult to find" },
  { value: "VERY_DIFFICULT", label: "Very difficult to find" },
  { value: "NEVER_TRIED", label: "I have never tried to find information or advice" },
];
const QUALITY: Choice<QualityOfLife>[] = [
  { value: "COULD_NOT_BE_BETTER", label: "So good, it could not be better" },
  { value: "VERY_GOOD", label: "Very good" },
  { value: "GOOD", label: "Good" },
  { value: "ALRIGHT", label: "Alright" },
  { value: "BAD", label: "Bad" },
  { value: "VERY_BAD", label: "Very bad" },
  { value: "COULD_NOT_BE_WORSE", label: "So bad, it could not be worse" },
];

const QUESTIONS: Question[] = [
  {
    key: "controlOverDailyLife",
    text: "Which of these best describes how much control you have over your daily life?",
    choices: CONTROL,
  },
  {
    key: "socialContact",
    text: "Thinking about how much contact you've had with people you like, which of these best describes your social situation?",
    choices: SOCIAL,
  },
  { key: "feelingSafe", text: "Which of these best describes how safe you feel?", choices: SAFE },
  {
    key: "findingInformation",
    text: "In the past year, have you found it easy or difficult to find information and advice about support, services or benefits?",
    choices: INFORMATION,
  },
  {
    key: "qualityOfLife",
    text: "Thinking about the good and bad things in your life, how would you rate your quality of life as a whole?",
    choices: QUALITY,
  },
];

type Answers = Record<Question["key"], string | null>;
const EMPTY: Answers = {
  controlOverDailyLife: null,
  socialContact: null,
  feelingSafe: null,
  findingInformation: null,
  qualityOfLife: null,
};

/** "2026-H2" for today in the UK: surveys are per half-year. */
function currentPeriod(): string {
  const [year, month] = ukDateKey(new Date()).split("-").map(Number);
  return `${year}-H${month <= 6 ? 1 : 2}`;
}

/** "July to December 2026". */
function periodWords(period: string): string {
  const m = /^(\d{4})-H([12])$/.exec(period);
  if (!m) return period;
  return m[2] === "1" ? `January to June ${m[1]}` : `July to December ${m[1]}`;
}

function answersOf(s: MyOutcomeSurveyFragment): Answers {
  return {
    controlOverDailyLife: s.controlOverDailyLife,
    socialContact: s.socialContact,
    feelingSafe: s.feelingSafe,
    findingInformation: s.findingInformation,
    qualityOfLife: s.qualityOfLife,
  };
}

function wordsFor(q: Question, value: string): string {
  const label = q.choices.find((c) => c.value === value)?.label;
  return typeof label === "string" ? label : value;
}

function LastAnswers({ survey, id }: { survey: MyOutcomeSurveyFragment; id: string }) {
  const thisPeriod = survey.period === currentPeriod();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{thisPeriod ? "Your answers" : "What you said last time"}</h2>
      <p>
        You answered on {formatDay(survey.submittedAt)} ({periodWords(survey.period)})
        {survey.onBehalf ? ", with someone who helps you" : ""}.
        {thisPeriod ? " If anything has changed, answer again below and your new answers will replace these." : ""}
      </p>
      <dl className="facts survey-answers">
        {QUESTIONS.map((q) => (
          <div key={q.key}>
            <dt>{q.text}</dt>
            <dd>{wordsFor(q, answersOf(survey)[q.key] ?? "")}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function OutcomeSurveyPage() {
  const query = useQuery(OutcomeSurveyQuery, {});
  const [latest, setLatest] = useState<MyOutcomeSurveyFragment | null>(null);
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(0);
  const [busy, act] = useAction();
  const savedRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const survey = query.data?.latestOutcomeSurvey ?? null;
    setLatest(survey);
    // This half-year's answers can be changed: start from them.
    if (survey && survey.period === currentPeriod()) setAnswers(answersOf(survey));
  }, [query.data]);

  useEffect(() => {
    if (saved > 0) savedRef.current?.focus();
  }, [saved]);

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const missing: FieldErrors = {};
      for (const q of QUESTIONS) {
        if (!answers[q.key]) missing[q.key] = "Choose the answer that fits you best.";
      }
      if (Object.keys(missing).length > 0) return show(missing);
      try {
        const data = await request(SubmitOutcomeSurveyMutation, {
          input: {
            controlOverDailyLife: answers.controlOverDailyLife as ControlOverDailyLife,
            socialContact: answers.socialContact as SocialContact,
            feelingSafe: answers.feelingSafe as FeelingSafe,
            findingInformation: answers.findingInformation as FindingInformation,
            qualityOfLife: answers.qualityOfLife as QualityOfLife,
          },
        });
        setLatest(data.submitOutcomeSurvey);
        setFieldErrors({});
        setGeneral([]);
        setSaved((n) => n + 1);
      } catch (error) {
        const sorted = sortProblems(error, QUESTIONS.map((q) => q.key));
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const canAnswer = Boolean(query.data?.me?.residentProfile);
  const order = QUESTIONS.map((q) => q.key);

  return (
    <Page title="How are things?">
      <p className="lead">
        Five short questions about your life, asked every six months. Your answers help local groups and the council
        see what difference support makes.
      </p>
      <p>
        Nobody else sees your answers. They are only shared as totals for your area, rounded so no one can be picked
        out.
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading the survey…</Loading> : null}
      {saved > 0 ? (
        <div className="notice notice--success" ref={savedRef} tabIndex={-1} role="status">
          Thank you. Your answers have been saved.
        </div>
      ) : null}
      {query.data && !canAnswer ? (
        <div className="empty">
          <p>
            This survey is for people who get support through Kith. If you should be able to answer it, please ask your
            group&apos;s coordinator.
          </p>
        </div>
      ) : null}
      {latest ? <LastAnswers survey={latest} id="last-answers-title" /> : null}
      {query.data && canAnswer ? (
        <form onSubmit={submit} noValidate className="form" aria-labelledby="survey-title">
          <h2 id="survey-title">{latest && latest.period === currentPeriod() ? "Change your answers" : "Your answers"}</h2>
          <ErrorSummary problems={problemList(fieldErrors, order, general)} attempt={attempt} />
          {QUESTIONS.map((q) => (
            <RadioGroup<string>
              key={q.key}
              name={q.key}
              legend={q.text}
              error={fieldErrors[q.key]}
              value={answers[q.key]}
              onChange={(v) => setAnswers((a) => ({ ...a, [q.key]: v }))}
              choices={q.choices}
            />
          ))}
          <Button busy={busy} busyText="Saving…">
            Save my answers
          </Button>
        </form>
      ) : null}
    </Page>
  );
}
