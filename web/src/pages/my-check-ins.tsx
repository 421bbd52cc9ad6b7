// Residents: my check-in schedule (who calls or visits, how often), the
// next two weeks of check-ins, and pausing them for a holiday (until a
// date, or until I turn them back on) and resuming.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { Button, ErrorSummary, FieldError, fieldId, problemList, RadioGroup, sortProblems, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatTime } from "../format";
import { graphql } from "../gql";
import type { CheckInChannel, MyCheckInPlanFragment } from "../gql/graphql";
import { ukMoment } from "./ask-help";

graphql(`
  fragment MyCheckInPlan on CheckInPlan {
    id
    status
    recurrence
    firstDueAt
    channel
    pausedUntil
    endedAt
    volunteer {
      id
      displayName
    }
    backupVolunteer {
      id
      displayName
    }
    group {
      id
      name
    }
  }
`);

const MyCheckInScheduleQuery = graphql(`
  query MyCheckInSchedule {
    me {
      id
    }
    checkInPlans {
      ...MyCheckInPlan
    }
    myCheckIns(first: 100) {
      edges {
        node {
          id
          dueAt
          status
          channel
          resident {
            id
          }
          volunteer {
            id
            displayName
          }
        }
      }
    }
  }
`);

const PauseCheckInPlanMutation = graphql(`
  mutation PauseCheckInPlan($planId: ID!, $until: Date) {
    pauseCheckInPlan(planId: $planId, until: $until) {
      ...MyCheckInPlan
    }
  }
`);

const ResumeCheckInPlanMutation = graphql(`
  mutation ResumeCheckInPlan($planId: ID!) {
    resumeCheckInPlan(planId: $planId) {
      ...MyCheckInPlan
    }
  }
`);

const CHANNEL_WORDS: Record<CheckInChannel, string> = {
  PHONE: "phone call",
  VISIT: "visit at home",
  VIDEO: "video call",
};

const DAY_NAMES: Record<string, string> = {
  MO: "Monday",
  TU: "Tuesday",
  WE: "Wednesday",
  TH: "Thursday",
  FR: "Friday",
  SA: "Saturday",
  SU: "Sunday",
};

const weekdayFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long" });

function firstName(name: string | undefined | null): string {
  return (name ?? "").trim().split(/\s+/)[0] || "Your volunteer";
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** "Every Tuesday at 10am", from the plan's repeat rule and first time. */
export function howOften(recurrence: string, firstDueAt: string): string {
  const rule = Object.fromEntries(
    recurrence
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((p) => p.split("=") as [string, string]),
  ) as Record<string, string | undefined>;
  const at = formatTime(firstDueAt);
  const interval = Number(rule.INTERVAL ?? "1");
  const days = (rule.BYDAY ?? "")
    .split(",")
    .map((d) => DAY_NAMES[d.replace(/^[-+\d]+/, "").toUpperCase()])
    .filter(Boolean);
  switch (rule.FREQ?.toUpperCase()) {
    case "DAILY":
      return interval === 1 ? `Every day at ${at}` : `Every ${interval} days at ${at}`;
    case "WEEKLY": {
      const names = joinWords(days.length > 0 ? days : [weekdayFormat.format(new Date(firstDueAt))]);
      if (interval === 2) return `Every other ${names} at ${at}`;
      if (interval > 2) return `Every ${interval} weeks on ${names} at ${at}`;
      return `Every ${names} at ${at}`;
    }
    case "MONTHLY":
      return `Once a month at ${at}`;
    default:
      return `Regularly, at ${at}`;
  }
}

/** "Monday 4 January" for a plain date ("2027-01-04"). */
function dateWords(date: string): string {
  return formatDay(ukMoment(date, 12));
}

type DateParts = { day: string; month: string; year: string };

/** A date as three boxes (day, month, year): easy to type and to read back. */
function DateInput({
  name,
  legend,
  hint,
  error,
  value,
  onChange,
}: {
  name: string;
  legend: string;
  hint: string;
  error?: string;
  value: DateParts;
  onChange: (v: DateParts) => void;
}) {
  const id = fieldId(name);
  const described = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const part = (key: keyof DateParts, label: string, size: "short" | "medium", inputId: string) => (
    <div className="date-part">
      <label className="label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        className={`input input--${size === "short" ? "short" : "medium"} date-input`}
        inputMode="numeric"
        autoComplete="off"
        value={value[key]}
        onChange={(e) => onChange({ ...value, [key]: e.target.value })}
        aria-invalid={error ? true : undefined}
      />
    </div>
  );
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={described}>
        <legend className="legend">{legend}</legend>
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
        <FieldError id={id} error={error} />
        <div className="time-row__fields">
          {part("day", "Day", "short", id)}
          {part("month", "Month", "short", `${id}-month`)}
          {part("year", "Year", "short", `${id}-year`)}
        </div>
      </fieldset>
    </div>
  );
}

/** "2027-01-04" from the three boxes, or null when it is not a real date. */
function isoDate({ day, month, year }: DateParts): string | null {
  const d = Number(day.trim());
  const m = Number(month.trim());
  const y = Number(year.trim());
  if (![d, m, y].every((n) => Number.isInteger(n) && n > 0) || y < 1000 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

type PauseHow = "DATE" | "OPEN";

function PauseForm({ plan, onDone }: { plan: MyCheckInPlanFragment; onDone: (message: string) => void }) {
  const prefix = `plan-${plan.id}`;
  const [how, setHow] = useState<PauseHow | null>(null);
  const [date, setDate] = useState<DateParts>({ day: "", month: "", year: "" });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      if (!how) return show({ how: "Choose how long to pause your check-ins for." });
      const until = how === "DATE" ? isoDate(date) : null;
      if (how === "DATE" && !until) {
        return show({ until: "Enter the date your check-ins should start again, for example 5 1 2027." });
      }
      try {
        const data = await request(PauseCheckInPlanMutation, { planId: plan.id, until });
        const paused = data.pauseCheckInPlan.pausedUntil;
        onDone(
          paused
            ? `Your check-ins are paused. They will start again on ${dateWords(paused)}.`
            : "Your check-ins are paused until you turn them back on.",
        );
      } catch (error) {
        const sorted = sortProblems(error, ["until"]);
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const prefixed = Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  return (
    <form onSubmit={submit} noValidate className="form record-form" aria-labelledby={`${prefix}-pause-title`}>
      <h3 id={`${prefix}-pause-title`}>Going away? Pause your check-ins</h3>
      <p>If you will be away, pause your check-ins so nobody worries when you do not answer.</p>
      <ErrorSummary problems={problemList(prefixed, [`${prefix}-how`, `${prefix}-until`], general)} attempt={attempt} />
      <RadioGroup<PauseHow>
        name={`${prefix}-how`}
        legend="How long for?"
        error={fieldErrors.how}
        value={how}
        onChange={setHow}
        choices={[
          { value: "DATE", label: "Until a date I choose" },
          { value: "OPEN", label: "Until I turn them back on" },
        ]}
      />
      {how === "DATE" ? (
        <DateInput
          name={`${prefix}-until`}
          legend="When should your check-ins start again?"
          hint="For example, 5 1 2027. Your check-ins start again on that day."
          error={fieldErrors.until}
          value={date}
          onChange={setDate}
        />
      ) : null}
      <Button busy={busy} busyText="Pausing…">
        Pause my check-ins
      </Button>
    </form>
  );
}

function PlanCard({
  plan,
  onChanged,
}: {
  plan: MyCheckInPlanFragment;
  onChanged: (message: string) => Promise<void>;
}) {
  const [busy, act] = useAction();
  const [error, setError] = useState<string | null>(null);
  const id = `plan-${plan.id}`;
  const who = firstName(plan.volunteer?.displayName);
  const what = CHANNEL_WORDS[plan.channel];

  const resume = () =>
    act(async () => {
      setError(null);
      try {
        await request(ResumeCheckInPlanMutation, { planId: plan.id });
        await onChanged("Your check-ins are back on.");
      } catch (e) {
        setError(sortProblems(e, []).general.join(" "));
      }
    });

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        A {what} from {who}
      </h3>
      <dl className="facts">
        <div>
          <dt>How often</dt>
          <dd>{howOften(plan.recurrence, plan.firstDueAt)}</dd>
        </div>
        <div>
          <dt>Who</dt>
          <dd>
            {plan.volunteer?.displayName ?? "A volunteer"}
            {plan.group ? `, from ${plan.group.name}` : ""}
            {plan.backupVolunteer ? `. If ${who} cannot, ${firstName(plan.backupVolunteer.displayName)} will.` : ""}
          </dd>
        </div>
        <div>
          <dt>Now</dt>
          <dd>
            {plan.status === "ACTIVE" ? <strong className="tag tag--confirmed">On</strong> : null}
            {plan.status === "PAUSED" ? (
              <>
                <strong className="tag tag--waitlisted">Paused</strong>{" "}
                {plan.pausedUntil
                  ? `They start again on ${dateWords(plan.pausedUntil)}.`
                  : "Until you turn them back on."}
              </>
            ) : null}
            {plan.status === "ENDED" ? <strong className="tag tag--neutral">Ended</strong> : null}
          </dd>
        </div>
      </dl>
      {error ? (
        <p className="field-error" role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {plan.status === "ACTIVE" ? <PauseForm plan={plan} onDone={(m) => void onChanged(m)} /> : null}
      {plan.status === "PAUSED" ? (
        <div className="card__actions">
          <Button type="button" busy={busy} busyText="Turning them back on…" onClick={resume}>
            Turn my check-ins back on
          </Button>
        </div>
      ) : null}
    </article>
  );
}

export function MyCheckInsPage() {
  const query = useQuery(MyCheckInScheduleQuery, {});
  const [message, setMessage] = useState<string | null>(null);
  const [focusMessage, setFocusMessage] = useState(0);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (focusMessage > 0) messageRef.current?.focus();
  }, [focusMessage]);

  const changed = async (m: string) => {
    await query.reload();
    setMessage(m);
    setFocusMessage((n) => n + 1);
  };

  const data = query.data;
  const plans = (data?.checkInPlans ?? []).filter((p) => p.status !== "ENDED");
  const meId = data?.me?.id;
  const upcoming = (data?.myCheckIns.edges ?? [])
    .map((e) => e.node)
    .filter((c) => c.resident?.id === meId && c.status === "SCHEDULED");

  return (
    <Page title="My check-ins">
      <p className="lead">Regular calls or visits from a volunteer, to see how you are.</p>
      {message ? (
        <p className="notice notice--success" ref={messageRef} tabIndex={-1} role="status">
          {message}
        </p>
      ) : null}
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !data ? <Loading>Loading your check-ins…</Loading> : null}
      {data ? (
        <>
          <section aria-labelledby="plans-title">
            <h2 id="plans-title">Your check-ins</h2>
            {plans.length === 0 ? (
              <Empty>
                <p>
                  You do not have regular check-ins. If you would like someone to call or visit you regularly, ask your
                  group&apos;s coordinator.
                </p>
              </Empty>
            ) : (
              <ul className="card-list">
                {plans.map((p) => (
                  <li key={p.id}>
                    <PlanCard plan={p} onChanged={changed} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="upcoming-title">
            <h2 id="upcoming-title">The next two weeks</h2>
            {upcoming.length === 0 ? (
              <Empty>
                <p>No check-ins are planned for the next two weeks.</p>
              </Empty>
            ) : (
              <ul className="list upcoming-check-ins">
                {upcoming.map((c) => (
                  <li key={c.id}>
                    <strong>
                      {formatDay(c.dueAt)}, {formatTime(c.dueAt)}
                    </strong>
                    : a {CHANNEL_WORDS[c.channel]} from {firstName(c.volunteer?.displayName)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
