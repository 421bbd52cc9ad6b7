// Volunteers: today's check-ins (calls and visits) and recording what
// happened: the outcome, any concerns, and the minutes spent.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useWholeList } from "../api/hooks";
import {
  Button,
  CheckboxGroup,
  ErrorSummary,
  problemList,
  RadioGroup,
  sortProblems,
  TextArea,
  TextField,
  type Choice,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatMinutes, formatTime, ukDateKey } from "../format";
import { graphql } from "../gql";
import type { CheckInCardFragment, CheckInOutcome, ConcernFlag } from "../gql/graphql";

graphql(`
  fragment CheckInCard on CheckIn {
    id
    dueAt
    overdueAt
    status
    outcome
    concerns
    suggestedNextSteps
    minutes
    notes
    channel
    recordedAt
    escalationStep
    resolvedAt
    resident {
      id
      displayName
    }
    volunteer {
      id
    }
    group {
      id
      name
    }
  }
`);

const MyCheckInsQuery = graphql(`
  query MyCheckIns($after: String) {
    me {
      id
    }
    myCheckIns(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...CheckInCard
        }
      }
    }
  }
`);

const RecordCheckInMutation = graphql(`
  mutation RecordCheckIn($input: RecordCheckInInput!) {
    recordCheckIn(input: $input) {
      ...CheckInCard
    }
  }
`);

/** A check-in can be recorded from this long before it is due. */
const EARLIEST_RECORD_MS = 12 * 60 * 60 * 1000;

const CHANNEL_WORDS: Record<string, string> = {
  PHONE: "Phone call",
  VISIT: "Home visit",
  VIDEO: "Video call",
};

const OUTCOME_WORDS: Record<CheckInOutcome, string> = {
  WELL: "Well",
  CONCERN: "In touch, with a concern",
  NO_ANSWER: "No answer",
  DECLINED: "Did not want a check-in this time",
};

const CONCERN_CHOICES: Choice<ConcernFlag>[] = [
  { value: "LONELINESS", label: "Lonely or isolated" },
  { value: "HEALTH", label: "Physical or mental health" },
  { value: "HOME_SAFETY", label: "Safety at home (falls, fire, repairs)" },
  { value: "MONEY", label: "Money worries" },
  { value: "FOOD", label: "Not eating well, or no food in" },
  { value: "CARER_STRAIN", label: "Their carer is struggling" },
  { value: "OTHER", label: "Something else" },
];

const CONCERN_WORDS = Object.fromEntries(CONCERN_CHOICES.map((c) => [c.value, c.label])) as Record<string, string>;

function firstName(name: string | undefined): string {
  return (name ?? "them").split(" ")[0] || "them";
}

function canRecord(c: CheckInCardFragment, now: number): boolean {
  if (c.status === "SCHEDULED") return Date.parse(c.dueAt) - EARLIEST_RECORD_MS <= now;
  return c.status === "MISSED" && !c.resolvedAt;
}

function RecordForm({
  checkIn,
  onRecorded,
}: {
  checkIn: CheckInCardFragment;
  onRecorded: (updated: CheckInCardFragment) => void;
}) {
  const prefix = `ci-${checkIn.id}`;
  const name = firstName(checkIn.resident?.displayName);
  const [outcome, setOutcome] = useState<CheckInOutcome | null>(null);
  const [concerns, setConcerns] = useState<ConcernFlag[]>([]);
  const [minutes, setMinutes] = useState("");
  const [notes, setNotes] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const fields = ["outcome", "concerns", "minutes", "notes"] as const;
  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((a) => a + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!outcome) local.outcome = `Choose how the check-in with ${name} went.`;
      const trimmed = minutes.trim();
      if (trimmed && !/^\d+$/.test(trimmed)) local.minutes = "Enter the minutes as a whole number, like 20.";
      if (Object.keys(local).length > 0) return show(local);
      try {
        const data = await request(RecordCheckInMutation, {
          input: {
            checkInId: checkIn.id,
            outcome: outcome!,
            concerns: outcome === "CONCERN" ? concerns : [],
            minutes: trimmed ? Number(trimmed) : null,
            notes: notes.trim() || null,
          },
        });
        onRecorded(data.recordCheckIn);
      } catch (error) {
        const sorted = sortProblems(error, fields);
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  // Field names are prefixed so several forms can share the page.
  const prefixed = Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  const order = fields.map((f) => `${prefix}-${f}`);

  return (
    <form onSubmit={submit} noValidate className="form record-form" aria-labelledby={`${prefix}-form-title`}>
      <h3 id={`${prefix}-form-title`}>Record your check-in with {name}</h3>
      <ErrorSummary problems={problemList(prefixed, order, general)} attempt={attempt} />
      <RadioGroup<CheckInOutcome>
        name={`${prefix}-outcome`}
        legend={`How did it go with ${name}?`}
        error={fieldErrors.outcome}
        value={outcome}
        onChange={setOutcome}
        choices={[
          { value: "WELL", label: `${name} is well` },
          { value: "CONCERN", label: "We spoke, and I have a concern" },
          {
            value: "NO_ANSWER",
            label: "No answer",
            hint: "We will tell the backup volunteer and the coordinators straight away.",
          },
          { value: "DECLINED", label: `${name} did not want a check-in this time` },
        ]}
      />
      {outcome === "CONCERN" ? (
        <CheckboxGroup<ConcernFlag>
          name={`${prefix}-concerns`}
          legend="What is the concern about?"
          hint="Choose all that apply."
          error={fieldErrors.concerns}
          value={concerns}
          onChange={setConcerns}
          choices={CONCERN_CHOICES}
        />
      ) : null}
      <TextField
        name={`${prefix}-minutes`}
        label="How many minutes did it take? (optional)"
        hint="These count towards the hours you give."
        inputMode="numeric"
        width="short"
        value={minutes}
        onChange={setMinutes}
        error={fieldErrors.minutes}
      />
      <TextArea
        name={`${prefix}-notes`}
        label="Notes for the coordinators (optional)"
        value={notes}
        onChange={setNotes}
        error={fieldErrors.notes}
        maxLength={2000}
      />
      <Button busy={busy} busyText="Saving…">
        Save check-in
      </Button>
    </form>
  );
}

function Recorded({ checkIn }: { checkIn: CheckInCardFragment }) {
  return (
    <div className="recorded">
      <p>
        <strong className={`tag ${checkIn.outcome === "WELL" ? "tag--confirmed" : "tag--waitlisted"}`}>
          {checkIn.outcome ? OUTCOME_WORDS[checkIn.outcome] : "Recorded"}
        </strong>
        {checkIn.recordedAt ? ` Recorded at ${formatTime(checkIn.recordedAt)}.` : null}
        {checkIn.minutes != null ? ` ${formatMinutes(checkIn.minutes)} given.` : null}
      </p>
      {checkIn.concerns.length > 0 ? (
        <p>Concerns: {checkIn.concerns.map((c) => CONCERN_WORDS[c] ?? c).join(", ")}.</p>
      ) : null}
      {checkIn.suggestedNextSteps.length > 0 ? (
        <>
          <h4>Next steps to think about</h4>
          <ul className="list">
            {checkIn.suggestedNextSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function statusWords(c: CheckInCardFragment): string | null {
  if (c.status === "MISSED" && !c.resolvedAt) return "Missed: the backup volunteer and coordinators have been told";
  if (c.status === "MISSED") return "Missed, then resolved";
  if (c.status === "CANCELLED") return "Cancelled";
  return null;
}

function CheckInCard({
  checkIn,
  meId,
  now,
  onRecorded,
}: {
  checkIn: CheckInCardFragment;
  meId: string | null;
  now: number;
  onRecorded: (c: CheckInCardFragment) => void;
}) {
  const resultRef = useRef<HTMLDivElement>(null);
  const [justRecorded, setJustRecorded] = useState(false);
  useEffect(() => {
    if (justRecorded) resultRef.current?.focus();
  }, [justRecorded]);
  const id = `checkin-${checkIn.id}`;
  const iMakeIt = checkIn.volunteer?.id === meId;
  const who = iMakeIt ? checkIn.resident?.displayName ?? "A resident" : "Your check-in";
  const status = statusWords(checkIn);
  const recorded = checkIn.status === "COMPLETED";

  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        {who}
      </h3>
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            {formatDay(checkIn.dueAt)}, {formatTime(checkIn.dueAt)}
          </dd>
        </div>
        <div>
          <dt>How</dt>
          <dd>{CHANNEL_WORDS[checkIn.channel] ?? checkIn.channel}</dd>
        </div>
        {checkIn.group ? (
          <div>
            <dt>Group</dt>
            <dd>{checkIn.group.name}</dd>
          </div>
        ) : null}
      </dl>
      {status ? <p className="tag-line">{status}</p> : null}
      <div ref={resultRef} tabIndex={-1} role="status" className="result-region">
        {recorded ? <Recorded checkIn={checkIn} /> : null}
      </div>
      {!recorded && iMakeIt && canRecord(checkIn, now) ? (
        <RecordForm
          checkIn={checkIn}
          onRecorded={(c) => {
            onRecorded(c);
            setJustRecorded(true);
          }}
        />
      ) : null}
      {!recorded && iMakeIt && checkIn.status === "SCHEDULED" && !canRecord(checkIn, now) ? (
        <p className="hint">You can record this check-in on the day.</p>
      ) : null}
    </article>
  );
}

export function CheckInsPage() {
  const query = useWholeList(MyCheckInsQuery, {}, (d) => d.myCheckIns);
  const [items, setItems] = useState<CheckInCardFragment[] | null>(null);
  const [now] = useState(() => Date.now());
  useEffect(() => {
    if (query.nodes) setItems(query.nodes);
  }, [query.nodes]);

  const today = ukDateKey(new Date(now));
  const dueToday = (items ?? []).filter((c) => ukDateKey(c.dueAt) <= today);
  const later = (items ?? []).filter((c) => ukDateKey(c.dueAt) > today);
  const meId = query.data?.me?.id ?? null;
  const replace = (changed: CheckInCardFragment) =>
    setItems((list) => (list ? list.map((c) => (c.id === changed.id ? changed : c)) : list));

  return (
    <Page title="Check-ins">
      <p className="lead">Regular calls and visits to people who could do with someone looking in.</p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !items ? <Loading>Loading your check-ins…</Loading> : null}
      {items ? (
        <>
          <section aria-labelledby="today-title">
            <h2 id="today-title">Today</h2>
            {dueToday.length === 0 ? (
              <Empty>
                <p>You have no check-ins today.</p>
              </Empty>
            ) : (
              <ul className="card-list">
                {dueToday.map((c) => (
                  <li key={c.id}>
                    <CheckInCard checkIn={c} meId={meId} now={now} onRecorded={replace} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="later-title">
            <h2 id="later-title">Coming up in the next two weeks</h2>
            {later.length > 0 ? <p className="hint">You can record each check-in on the day.</p> : null}
            {later.length === 0 ? (
              <Empty>
                <p>Nothing else is planned for the next two weeks.</p>
              </Empty>
            ) : (
              <ul className="card-list">
                {later.map((c) =>
                  c.status === "SCHEDULED" && !canRecord(c, now) ? (
                    <li key={c.id} className="compact">
                      <strong>
                        {formatDay(c.dueAt)}, {formatTime(c.dueAt)}
                      </strong>
                      : {c.volunteer?.id === meId ? (c.resident?.displayName ?? "A resident") : "Your check-in"},{" "}
                      {(CHANNEL_WORDS[c.channel] ?? c.channel).toLowerCase()}
                    </li>
                  ) : (
                    <li key={c.id}>
                      <CheckInCard checkIn={c} meId={meId} now={now} onRecorded={replace} />
                    </li>
                  ),
                )}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </Page>
  );
}
