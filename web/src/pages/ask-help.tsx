// Residents: ask for help in three steps. 1: what kind of help (and which
// group to ask, when there is a choice); 2: when, and how soon; 3: check
// and send. Going back and forward keeps every answer, and a problem the
// server finds takes you back to the step and the question it is about.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction } from "../api/hooks";
import { useSession, type Viewer } from "../auth/session";
import {
  Button,
  ErrorSummary,
  fieldId,
  FieldError,
  problemList,
  RadioGroup,
  sortProblems,
  TextArea,
  type Choice,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Empty, Loading } from "../components/status";
import { flash } from "../flash";
import { formatDay, formatTime, ukDateKey } from "../format";
import { graphql } from "../gql";
import type { HelpCategory, HelpUrgency } from "../gql/graphql";
import { Link, navigate } from "../router";

const RequestHelpMutation = graphql(`
  mutation RequestHelp($input: RequestHelpInput!) {
    requestHelp(input: $input) {
      id
      status
    }
  }
`);

export const CATEGORY_CHOICES: Choice<HelpCategory>[] = [
  { value: "SHOPPING", label: "Shopping", hint: "Picking up food or other things you need." },
  { value: "PRESCRIPTION_COLLECTION", label: "Collecting a prescription" },
  { value: "TRANSPORT", label: "A lift", hint: "To the doctor, the hospital, the shops or to see friends." },
  { value: "BEFRIENDING", label: "Someone to talk to", hint: "A friendly visit or a phone call." },
  { value: "ODD_JOBS", label: "Small jobs at home", hint: "A light bulb, a shelf, or the garden." },
  { value: "DIGITAL_HELP", label: "Help with a phone, tablet or computer" },
  { value: "FORM_FILLING", label: "Help with forms or letters" },
  { value: "OTHER", label: "Something else" },
];

/** "Shopping", "A lift"… the kind of help in plain words. */
export const CATEGORY_WORDS = Object.fromEntries(CATEGORY_CHOICES.map((c) => [c.value, c.label])) as Record<
  HelpCategory,
  string
>;

export const URGENCY_CHOICES: Choice<HelpUrgency>[] = [
  { value: "ROUTINE", label: "It can wait a few days" },
  { value: "SOON", label: "In the next day or two" },
  {
    value: "URGENT",
    label: "As soon as possible",
    hint: "We will tell volunteers near you straight away.",
  },
];

export const URGENCY_WORDS = Object.fromEntries(URGENCY_CHOICES.map((c) => [c.value, c.label])) as Record<
  HelpUrgency,
  string
>;

/** Groups that help neighbours (not council, NHS or housing partners). */
const HELPING_KINDS = ["VOLUNTARY_GROUP", "CHARITY", "SOCIAL_ENTERPRISE", "FAITH_GROUP"];

/** The groups the viewer can ask: their active memberships of helping groups. */
export function groupsToAsk(viewer: Viewer): { id: string; name: string }[] {
  return viewer.memberships
    .filter((m) => m.status === "ACTIVE" && HELPING_KINDS.includes(m.group.kind))
    .map((m) => ({ id: m.group.id, name: m.group.name }));
}

// UK local times, whatever time zone the browser is in.

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** Minutes UK time is ahead of UTC at a moment (0 or 60). */
function londonOffsetMinutes(at: number): number {
  const p: Record<string, number> = {};
  for (const part of londonParts.formatToParts(new Date(at))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(at / 60000) * 60000) / 60000);
}

/** The moment a UK date ("2026-12-01") reaches a UK clock time. */
export function ukMoment(dateKey: string, hour: number, minute = 0): Date {
  const [y, m, d] = dateKey.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, hour, minute);
  let at = wall - londonOffsetMinutes(wall) * 60000;
  at = wall - londonOffsetMinutes(at) * 60000;
  return new Date(at);
}

/** The UK date `days` after a UK date. */
export function addDays(dateKey: string, days: number): string {
  const [y, m, d] = dateKey.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

type When = "WEEK" | "DAY";
type PartOfDay = "MORNING" | "AFTERNOON" | "EVENING" | "ALL_DAY";

/** Hours (UK time) of each part of the day. */
const PART_HOURS: Record<PartOfDay, [number, number]> = {
  MORNING: [9, 12],
  AFTERNOON: [12, 17],
  EVENING: [17, 20],
  ALL_DAY: [9, 20],
};

const PART_CHOICES: Choice<PartOfDay>[] = [
  { value: "MORNING", label: "In the morning (9am to midday)" },
  { value: "AFTERNOON", label: "In the afternoon (midday to 5pm)" },
  { value: "EVENING", label: "In the early evening (5pm to 8pm)" },
  { value: "ALL_DAY", label: "Any time that day (9am to 8pm)" },
];

/** How many days "this week" and the list of days cover. */
const WEEK_DAYS = 7;
const CHOOSABLE_DAYS = 14;

type Answers = {
  category: HelpCategory | null;
  description: string;
  notes: string;
  groupId: string | null;
  when: When | null;
  day: string;
  part: PartOfDay | null;
  urgency: HelpUrgency | null;
};

/** The preferred times to send: each at most 12 hours, none already over. */
function windowsFor(a: Answers, now: number): { startsAt: string; endsAt: string }[] {
  const today = ukDateKey(new Date(now));
  const days =
    a.when === "WEEK" ? Array.from({ length: WEEK_DAYS }, (_, i) => addDays(today, i)) : a.day ? [a.day] : [];
  const [from, to] = a.when === "WEEK" ? PART_HOURS.ALL_DAY : PART_HOURS[a.part ?? "ALL_DAY"];
  return days
    .map((d) => ({ start: ukMoment(d, from), end: ukMoment(d, to) }))
    .filter((w) => w.end.getTime() > now)
    .map((w) => ({ startsAt: w.start.toISOString(), endsAt: w.end.toISOString() }));
}

function dayLabel(key: string, today: string): string {
  const words = formatDay(ukMoment(key, 12));
  if (key === today) return `Today (${words})`;
  if (key === addDays(today, 1)) return `Tomorrow (${words})`;
  return words;
}

function whenWords(a: Answers, today: string): string {
  if (a.when === "WEEK") return "Any time in the next 7 days, between 9am and 8pm";
  if (!a.day || !a.part) return "";
  const [from, to] = PART_HOURS[a.part];
  return `${dayLabel(a.day, today)}, ${formatTime(ukMoment(a.day, from))} to ${formatTime(ukMoment(a.day, to))}`;
}

/** Which step asks each question (server fields mapped to ours). */
const STEP_OF: Record<string, 1 | 2> = {
  category: 1,
  description: 1,
  notes: 1,
  groupId: 1,
  when: 2,
  day: 2,
  part: 2,
  urgency: 2,
};
const SERVER_FIELDS = ["category", "description", "notes", "groupId", "preferredTimes", "urgency"] as const;

const STEP_TITLES = {
  1: "What do you need help with?",
  2: "When would you like help?",
  3: "Check your request and send it",
} as const;

export function AskHelpPage() {
  const session = useSession();
  if (session.status !== "signedIn") {
    return (
      <Page title="Ask for help">
        <Loading />
      </Page>
    );
  }
  return <AskHelpSteps viewer={session.viewer} />;
}

function AskHelpSteps({ viewer }: { viewer: Viewer }) {
  const groups = groupsToAsk(viewer);
  const [step, setStep] = useState<1 | 2 | 3>(1);
  const [answers, setAnswers] = useState<Answers>({
    category: null,
    description: "",
    notes: "",
    groupId: groups.length === 1 ? groups[0].id : null,
    when: null,
    day: "",
    part: null,
    urgency: null,
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const heading = useRef<HTMLHeadingElement>(null);
  const [moved, setMoved] = useState(0);
  const [now] = useState(() => Date.now());
  const today = ukDateKey(new Date(now));

  // After moving between steps (without problems to show), focus the
  // step's heading so it is read out.
  useEffect(() => {
    if (moved > 0) heading.current?.focus();
  }, [moved]);

  const set = <K extends keyof Answers>(key: K, value: Answers[K]) => setAnswers((a) => ({ ...a, [key]: value }));

  const show = (errors: FieldErrors, messages: string[] = []) => {
    setFieldErrors(errors);
    setGeneral(messages);
    setAttempt((n) => n + 1);
  };

  const goTo = (next: 1 | 2 | 3) => {
    setFieldErrors({});
    setGeneral([]);
    setStep(next);
    setMoved((n) => n + 1);
  };

  const checkStep1 = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!answers.category) e.category = "Choose the kind of help you need.";
    if (!answers.description.trim()) e.description = "Tell us what you need help with.";
    if (!answers.groupId) e.groupId = "Choose which group to ask.";
    return e;
  };

  const checkStep2 = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!answers.when) e.when = "Choose when you would like help.";
    if (answers.when === "DAY") {
      if (!answers.day) e.day = "Choose a day.";
      if (!answers.part) e.part = "Choose a time of day.";
      else if (answers.day && windowsFor(answers, Date.now()).length === 0) {
        e.part = "That time has already passed today. Choose a later time or another day.";
      }
    }
    if (!answers.urgency) e.urgency = "Choose how soon you need help.";
    return e;
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    const errors = step === 1 ? checkStep1() : checkStep2();
    if (Object.keys(errors).length > 0) return show(errors);
    goTo(step === 1 ? 2 : 3);
  };

  const send = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const first = checkStep1();
      if (Object.keys(first).length > 0) {
        setStep(1);
        return show(first);
      }
      const second = checkStep2();
      if (Object.keys(second).length > 0) {
        setStep(2);
        return show(second);
      }
      try {
        await request(RequestHelpMutation, {
          input: {
            groupId: answers.groupId!,
            category: answers.category!,
            description: answers.description.trim(),
            notes: answers.notes.trim() || null,
            urgency: answers.urgency!,
            preferredTimes: windowsFor(answers, Date.now()),
          },
        });
        flash("Your request has been sent. We will find a volunteer and show you here who is coming.");
        navigate("/my-help");
      } catch (error) {
        const sorted = sortProblems(error, SERVER_FIELDS);
        const errors: FieldErrors = {};
        for (const [field, message] of Object.entries(sorted.fieldErrors)) {
          errors[field === "preferredTimes" ? (answers.when === "DAY" ? "part" : "when") : field] = message;
        }
        const steps = Object.keys(errors).map((f) => STEP_OF[f] ?? 3);
        const back = steps.length > 0 ? (Math.min(...steps) as 1 | 2) : 3;
        setStep(back);
        show(errors, sorted.general);
      }
    });
  };

  if (groups.length === 0) {
    return (
      <Page title="Ask for help">
        <Empty>
          <p>
            To ask for help, you need to belong to a local group first. Please ask a group you know, or a coordinator,
            to add you.
          </p>
        </Empty>
      </Page>
    );
  }

  const order =
    step === 1 ? ["category", "description", "notes", "groupId"] : step === 2 ? ["when", "day", "part", "urgency"] : [];
  const problems = problemList(fieldErrors, order, general);
  const days = Array.from({ length: CHOOSABLE_DAYS }, (_, i) => addDays(today, i));
  const group = groups.find((g) => g.id === answers.groupId);

  return (
    <Page title="Ask for help">
      <p className="lead">Tell us what you need and when. A volunteer from your group will help.</p>
      <p className="hint" id="step-count">
        Step {step} of 3
      </p>
      <h2 tabIndex={-1} ref={heading} aria-describedby="step-count">
        {STEP_TITLES[step]}
      </h2>
      <ErrorSummary problems={problems} attempt={attempt} />

      {step === 1 ? (
        <form onSubmit={next} noValidate className="form" aria-label={STEP_TITLES[1]}>
          <RadioGroup<HelpCategory>
            name="category"
            legend="What kind of help do you need?"
            error={fieldErrors.category}
            value={answers.category}
            onChange={(v) => set("category", v)}
            choices={CATEGORY_CHOICES}
          />
          <TextArea
            name="description"
            label="Tell us a little more"
            hint="For example: I need milk, bread and my newspaper from the corner shop."
            error={fieldErrors.description}
            value={answers.description}
            onChange={(v) => set("description", v)}
            rows={3}
            maxLength={500}
          />
          <TextArea
            name="notes"
            label="Anything the volunteer should know before they come? (optional)"
            hint="For example, where the key safe is, or that you have a dog. Only the volunteer who helps you and the group's organisers will see this."
            error={fieldErrors.notes}
            value={answers.notes}
            onChange={(v) => set("notes", v)}
            rows={3}
            maxLength={2000}
          />
          {groups.length > 1 ? (
            <RadioGroup<string>
              name="groupId"
              legend="Which group would you like to ask?"
              error={fieldErrors.groupId}
              value={answers.groupId}
              onChange={(v) => set("groupId", v)}
              choices={groups.map((g) => ({ value: g.id, label: g.name }))}
            />
          ) : null}
          <div className="actions">
            <Button>Continue</Button>
          </div>
        </form>
      ) : null}

      {step === 2 ? (
        <form onSubmit={next} noValidate className="form" aria-label={STEP_TITLES[2]}>
          <RadioGroup<When>
            name="when"
            legend="When would you like help?"
            error={fieldErrors.when}
            value={answers.when}
            onChange={(v) => set("when", v)}
            choices={[
              { value: "WEEK", label: "Any time in the next 7 days", hint: "Between 9am and 8pm." },
              { value: "DAY", label: "On a day I choose" },
            ]}
          />
          {answers.when === "DAY" ? (
            <>
              <div className={`field${fieldErrors.day ? " field--error" : ""}`}>
                <label className="label" htmlFor={fieldId("day")}>
                  Which day?
                </label>
                <FieldError id={fieldId("day")} error={fieldErrors.day} />
                <select
                  id={fieldId("day")}
                  className="input select"
                  value={answers.day}
                  onChange={(e) => set("day", e.target.value)}
                  aria-invalid={fieldErrors.day ? true : undefined}
                  aria-describedby={fieldErrors.day ? `${fieldId("day")}-error` : undefined}
                >
                  <option value="">Choose a day</option>
                  {days.map((d) => (
                    <option key={d} value={d}>
                      {dayLabel(d, today)}
                    </option>
                  ))}
                </select>
              </div>
              <RadioGroup<PartOfDay>
                name="part"
                legend="What time of day?"
                error={fieldErrors.part}
                value={answers.part}
                onChange={(v) => set("part", v)}
                choices={PART_CHOICES}
              />
            </>
          ) : null}
          <RadioGroup<HelpUrgency>
            name="urgency"
            legend="How soon do you need help?"
            error={fieldErrors.urgency}
            value={answers.urgency}
            onChange={(v) => set("urgency", v)}
            choices={URGENCY_CHOICES}
          />
          <div className="actions">
            <Button>Continue</Button>
            <Button type="button" variant="secondary" onClick={() => goTo(1)}>
              Back
            </Button>
          </div>
        </form>
      ) : null}

      {step === 3 ? (
        <form onSubmit={send} noValidate className="form" aria-label={STEP_TITLES[3]}>
          <dl className="facts">
            <div>
              <dt>Help with</dt>
              <dd>{answers.category ? CATEGORY_WORDS[answers.category] : ""}</dd>
            </div>
            <div>
              <dt>Details</dt>
              <dd className="details">{answers.description.trim()}</dd>
            </div>
            {answers.notes.trim() ? (
              <div>
                <dt>For the volunteer</dt>
                <dd className="details">{answers.notes.trim()}</dd>
              </div>
            ) : null}
            <div>
              <dt>Group</dt>
              <dd>{group?.name}</dd>
            </div>
            <div>
              <dt>When</dt>
              <dd>{whenWords(answers, today)}</dd>
            </div>
            <div>
              <dt>How soon</dt>
              <dd>{answers.urgency ? URGENCY_WORDS[answers.urgency] : ""}</dd>
            </div>
          </dl>
          <div className="actions">
            <Button type="button" variant="secondary" onClick={() => goTo(1)}>
              Change what you need
            </Button>
            <Button type="button" variant="secondary" onClick={() => goTo(2)}>
              Change when
            </Button>
          </div>
          <p>
            When you send it, your group&apos;s organisers will see your request. Volunteers nearby will see your first
            name, your area and what you need, but not your address or phone number.
          </p>
          <div className="actions">
            <Button busy={busy} busyText="Sending…">
              Send my request
            </Button>
            <Button type="button" variant="secondary" onClick={() => goTo(2)}>
              Back
            </Button>
          </div>
        </form>
      ) : null}
      <p>
        <Link href="/my-help">See the help you have asked for</Link>
      </p>
    </Page>
  );
}
