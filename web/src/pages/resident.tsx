// One resident, for a coordinator who looks after them: their profile and
// wishes, their check-in plans, and acting for them: setting up check-ins,
// asking for help and recording their consent. Everything done here is
// recorded as done on their behalf.

import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError, request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { useSession } from "../auth/session";
import {
  Button,
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
import { formatDay, formatTime } from "../format";
import { graphql } from "../gql";
import type { CheckInChannel, HelpCategory, HelpUrgency, ResidentQuery as ResidentQueryResult } from "../gql/graphql";
import { Link, useLocation } from "../router";
import { coordinatedGroups } from "./residents";

const ResidentQuery = graphql(`
  query Resident($id: ID!) {
    node(id: $id) {
      ... on Person {
        id
        displayName
        email
        residentProfile {
          area
          whatMatters
          needs
          riskEnablement
        }
        consents {
          id
          purpose
          given
          note
          recordedAt
          recordedBy {
            id
            displayName
          }
        }
      }
    }
    checkInPlans(residentId: $id) {
      id
      status
      recurrence
      firstDueAt
      channel
      group {
        id
        name
      }
      volunteer {
        id
        displayName
      }
      backupVolunteer {
        id
        displayName
      }
    }
  }
`);

const PlanMembersQuery = graphql(`
  query PlanMembers($groupId: ID!) {
    group(id: $groupId) {
      id
      name
      members(status: ACTIVE, first: 100) {
        edges {
          node {
            id
            role
            person {
              id
              displayName
            }
          }
        }
      }
    }
  }
`);

const CreateCheckInPlanMutation = graphql(`
  mutation CreateCheckInPlan($input: CreateCheckInPlanInput!) {
    createCheckInPlan(input: $input) {
      id
      status
    }
  }
`);

const RequestHelpOnBehalfMutation = graphql(`
  mutation RequestHelpOnBehalf($input: RequestHelpInput!) {
    requestHelp(input: $input) {
      id
      status
      category
    }
  }
`);

const RecordConsentMutation = graphql(`
  mutation RecordConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
    }
  }
`);

type Resident = { id: string; displayName: string };

// ---- UK local dates and times typed as text -------------------------------

const ZONE_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  hourCycle: "h23",
});

function londonOffsetMs(utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of ZONE_PARTS.formatToParts(new Date(utcMs))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - utcMs;
}

/** "25/11/2026" (or 2026-11-25) → [2026, 11, 25], or null. */
export function parseUkDate(text: string): [number, number, number] | null {
  const t = text.trim();
  let m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(t);
  let ymd: [number, number, number] | null = m ? [Number(m[3]), Number(m[2]), Number(m[1])] : null;
  if (!ymd) {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
    ymd = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }
  if (!ymd) return null;
  const [y, mo, d] = ymd;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ymd;
}

/** "10:30", "9.15", "14:00" → [hour, minute], or null. */
export function parseUkTime(text: string): [number, number] | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2] ?? "0");
  return h < 24 && mi < 60 ? [h, mi] : null;
}

/** A UK local date and time as an RFC 3339 UTC time. */
export function ukLocalToIso([y, mo, d]: [number, number, number], [h, mi]: [number, number]): string {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  let utc = guess - londonOffsetMs(guess);
  const again = guess - londonOffsetMs(utc);
  if (again !== utc) utc = again;
  return new Date(utc).toISOString();
}

const DATE_HINT = "For example 25/11/2026.";
const TIME_HINT = "Use the 24-hour clock, for example 10:30 or 14:00.";

// ---- shared bits -------------------------------------------------------------

/** Sort an API error into fields, after renaming the server's field names. */
function sortInto(
  error: unknown,
  fields: readonly string[],
  rename: Record<string, string>,
  byCode: Record<string, string> = {},
) {
  let e = error;
  if (error instanceof ApiError) {
    e = new ApiError(
      error.problems.map((p) => ({
        ...p,
        field: p.field ? (rename[p.field] ?? rename[p.field.split(/[.[]/)[0]] ?? p.field) : null,
      })),
    );
  }
  return sortProblems(e, fields, byCode);
}

function useFormState() {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((a) => a + 1);
  };
  const clear = () => {
    setFieldErrors({});
    setGeneral([]);
  };
  return { fieldErrors, general, attempt, show, clear };
}

/** Where a form tells the coordinator it worked; focused when it appears. */
function Result({ message, children }: { message: string | null; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  return (
    <div ref={ref} tabIndex={-1} role="status" className="result-region">
      {message ? (
        <div className="notice notice--success">
          <p>{message}</p>
          {children}
        </div>
      ) : null}
    </div>
  );
}

function firstName(name: string): string {
  return name.split(" ")[0] || name;
}

// ---- check-in plan -------------------------------------------------------------

const CHANNEL_CHOICES: Choice<CheckInChannel>[] = [
  { value: "PHONE", label: "Phone call" },
  { value: "VISIT", label: "Home visit", hint: "The volunteers need a current DBS check." },
  { value: "VIDEO", label: "Video call" },
];
const CHANNEL_WORDS = Object.fromEntries(CHANNEL_CHOICES.map((c) => [c.value, c.label])) as Record<string, string>;

type Frequency = "FREQ=DAILY" | "FREQ=WEEKLY" | "FREQ=WEEKLY;INTERVAL=2";
const FREQUENCY_CHOICES: Choice<Frequency>[] = [
  { value: "FREQ=DAILY", label: "Every day" },
  { value: "FREQ=WEEKLY", label: "Once a week, on the same day as the first" },
  { value: "FREQ=WEEKLY;INTERVAL=2", label: "Every two weeks, on the same day as the first" },
];

function recurrenceWords(rule: string): string {
  const known = FREQUENCY_CHOICES.find((c) => c.value === rule);
  if (known) return String(known.label).split(",")[0];
  if (rule.startsWith("FREQ=DAILY")) return "Every day";
  if (rule.startsWith("FREQ=WEEKLY")) return "Every week";
  return "Regularly";
}

const PLAN_FIELDS = ["volunteerId", "backupVolunteerId", "recurrence", "firstDate", "firstTime", "channel"] as const;

function CheckInPlanForm({
  resident,
  groupId,
  onCreated,
}: {
  resident: Resident;
  groupId: string;
  onCreated: () => void;
}) {
  const members = useQuery(PlanMembersQuery, { groupId });
  const [volunteerId, setVolunteerId] = useState<string | null>(null);
  const [backupId, setBackupId] = useState<string>("none");
  const [recurrence, setRecurrence] = useState<Frequency | null>(null);
  const [firstDate, setFirstDate] = useState("");
  const [firstTime, setFirstTime] = useState("");
  const [channel, setChannel] = useState<CheckInChannel | null>(null);
  const form = useFormState();
  const [busy, act] = useAction();
  const [done, setDone] = useState<string | null>(null);
  const name = firstName(resident.displayName);
  const prefix = "plan";

  const people = (members.data?.group?.members.edges ?? [])
    .map((e) => e.node.person)
    .filter((p) => p.id !== resident.id);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!volunteerId) local.volunteerId = `Choose who will check in on ${name}.`;
      if (!recurrence) local.recurrence = "Choose how often.";
      const date = parseUkDate(firstDate);
      const time = parseUkTime(firstTime);
      if (!date) local.firstDate = `Enter the date of the first check-in, ${DATE_HINT.toLowerCase()}`;
      if (!time) local.firstTime = "Enter the time of the first check-in, for example 10:30.";
      if (!channel) local.channel = "Choose how they will keep in touch.";
      if (Object.keys(local).length > 0) return form.show(local);
      try {
        await request(CreateCheckInPlanMutation, {
          input: {
            residentId: resident.id,
            groupId,
            volunteerId: volunteerId!,
            backupVolunteerId: backupId === "none" ? null : backupId,
            recurrence: recurrence!,
            firstDueAt: ukLocalToIso(date!, time!),
            channel: channel!,
          },
        });
        form.clear();
        setDone(`Check-ins with ${name} are set up. The first is on ${formatDay(ukLocalToIso(date!, time!))}.`);
        onCreated();
      } catch (error) {
        const sorted = sortInto(
          error,
          PLAN_FIELDS,
          { firstDueAt: "firstDate", residentId: "volunteerId" },
          { VETTING_REQUIRED: "volunteerId", INVALID_RECURRENCE: "recurrence" },
        );
        form.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const prefixed = Object.fromEntries(Object.entries(form.fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Set up check-ins</h2>
      <Result message={done} />
      {members.error ? <LoadError error={members.error} onRetry={() => void members.reload()} /> : null}
      {members.loading && !members.data ? <Loading>Loading the group's volunteers…</Loading> : null}
      {members.data ? (
        <form className="form" noValidate onSubmit={submit} aria-labelledby="plan-title">
          <ErrorSummary
            problems={problemList(prefixed, PLAN_FIELDS.map((f) => `${prefix}-${f}`), form.general)}
            attempt={form.attempt}
          />
          <RadioGroup
            name={`${prefix}-volunteerId`}
            legend={`Who will check in on ${name}?`}
            error={form.fieldErrors.volunteerId}
            value={volunteerId}
            onChange={setVolunteerId}
            choices={people.map((p) => ({ value: p.id, label: p.displayName }))}
          />
          <RadioGroup
            name={`${prefix}-backupVolunteerId`}
            legend="Who should we tell first if a check-in is missed? (optional)"
            hint="The coordinators are always told next."
            error={form.fieldErrors.backupVolunteerId}
            value={backupId}
            onChange={setBackupId}
            choices={[{ value: "none", label: "Nobody else" }, ...people.map((p) => ({ value: p.id, label: p.displayName }))]}
          />
          <RadioGroup
            name={`${prefix}-recurrence`}
            legend="How often?"
            error={form.fieldErrors.recurrence}
            value={recurrence}
            onChange={setRecurrence}
            choices={FREQUENCY_CHOICES}
          />
          <TextField
            name={`${prefix}-firstDate`}
            label="Date of the first check-in"
            hint={DATE_HINT}
            width="medium"
            autoComplete="off"
            value={firstDate}
            onChange={setFirstDate}
            error={form.fieldErrors.firstDate}
          />
          <TextField
            name={`${prefix}-firstTime`}
            label="Time (UK time)"
            hint={TIME_HINT}
            width="short"
            autoComplete="off"
            value={firstTime}
            onChange={setFirstTime}
            error={form.fieldErrors.firstTime}
          />
          <RadioGroup
            name={`${prefix}-channel`}
            legend="How will they keep in touch?"
            error={form.fieldErrors.channel}
            value={channel}
            onChange={setChannel}
            choices={CHANNEL_CHOICES}
          />
          <Button busy={busy} busyText="Setting up…">
            Set up check-ins
          </Button>
        </form>
      ) : null}
    </section>
  );
}

// ---- help on their behalf ------------------------------------------------------

const CATEGORY_CHOICES: Choice<HelpCategory>[] = [
  { value: "SHOPPING", label: "Shopping" },
  { value: "PRESCRIPTION_COLLECTION", label: "Collecting a prescription" },
  { value: "TRANSPORT", label: "A lift somewhere" },
  { value: "BEFRIENDING", label: "Company and a chat" },
  { value: "ODD_JOBS", label: "Odd jobs around the home" },
  { value: "DIGITAL_HELP", label: "Help with a phone, tablet or computer" },
  { value: "FORM_FILLING", label: "Help with forms and letters" },
  { value: "OTHER", label: "Something else" },
];

const URGENCY_CHOICES: Choice<HelpUrgency>[] = [
  { value: "ROUTINE", label: "In the next week or so" },
  { value: "SOON", label: "In the next day or two" },
  { value: "URGENT", label: "Today: it is urgent" },
];

const HELP_FIELDS = ["category", "description", "urgency", "helpDate", "helpFrom", "helpTo"] as const;

function HelpForm({ resident, groupId }: { resident: Resident; groupId: string }) {
  const [category, setCategory] = useState<HelpCategory | null>(null);
  const [description, setDescription] = useState("");
  const [urgency, setUrgency] = useState<HelpUrgency>("ROUTINE");
  const [date, setDate] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const form = useFormState();
  const [busy, act] = useAction();
  const [done, setDone] = useState<{ message: string; id: string } | null>(null);
  const name = firstName(resident.displayName);
  const prefix = "help";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!category) local.category = "Choose what kind of help.";
      if (!description.trim()) local.description = `Say in a sentence what ${name} needs.`;
      const day = parseUkDate(date);
      const start = parseUkTime(from);
      const end = parseUkTime(to);
      if (!day) local.helpDate = `Enter a day that suits ${name}, ${DATE_HINT.toLowerCase()}`;
      if (!start) local.helpFrom = "Enter the earliest time, for example 10:00.";
      if (!end) local.helpTo = "Enter the latest time, for example 12:00.";
      if (Object.keys(local).length > 0) return form.show(local);
      try {
        const data = await request(RequestHelpOnBehalfMutation, {
          input: {
            residentId: resident.id,
            groupId,
            category: category!,
            description: description.trim(),
            urgency,
            preferredTimes: [{ startsAt: ukLocalToIso(day!, start!), endsAt: ukLocalToIso(day!, end!) }],
          },
        });
        form.clear();
        setDescription("");
        setDone({
          message: `Help asked for on ${name}'s behalf. The group's volunteers can now offer to help.`,
          id: data.requestHelp.id,
        });
      } catch (error) {
        const sorted = sortInto(error, HELP_FIELDS, { preferredTimes: "helpDate" });
        form.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const prefixed = Object.fromEntries(Object.entries(form.fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  return (
    <section aria-labelledby="help-title">
      <h2 id="help-title">Ask for help for {name}</h2>
      <Result message={done?.message ?? null}>
        {done ? <p data-help-request-id={done.id}>You can ask for more help below.</p> : null}
      </Result>
      <form className="form" noValidate onSubmit={submit} aria-labelledby="help-title">
        <ErrorSummary
          problems={problemList(prefixed, HELP_FIELDS.map((f) => `${prefix}-${f}`), form.general)}
          attempt={form.attempt}
        />
        <RadioGroup
          name={`${prefix}-category`}
          legend="What kind of help?"
          error={form.fieldErrors.category}
          value={category}
          onChange={setCategory}
          choices={CATEGORY_CHOICES}
        />
        <TextArea
          name={`${prefix}-description`}
          label="What is needed?"
          hint="Any volunteer may read this: keep private details out of it."
          rows={3}
          maxLength={500}
          value={description}
          onChange={setDescription}
          error={form.fieldErrors.description}
        />
        <RadioGroup
          name={`${prefix}-urgency`}
          legend="How soon?"
          error={form.fieldErrors.urgency}
          value={urgency}
          onChange={setUrgency}
          choices={URGENCY_CHOICES}
        />
        <TextField
          name={`${prefix}-helpDate`}
          label={`A day that suits ${name}`}
          hint={DATE_HINT}
          width="medium"
          autoComplete="off"
          value={date}
          onChange={setDate}
          error={form.fieldErrors.helpDate}
        />
        <TextField
          name={`${prefix}-helpFrom`}
          label="From (UK time)"
          hint={TIME_HINT}
          width="short"
          autoComplete="off"
          value={from}
          onChange={setFrom}
          error={form.fieldErrors.helpFrom}
        />
        <TextField
          name={`${prefix}-helpTo`}
          label="Until (UK time)"
          width="short"
          autoComplete="off"
          value={to}
          onChange={setTo}
          error={form.fieldErrors.helpTo}
        />
        <Button busy={busy} busyText="Asking…">
          Ask for help
        </Button>
      </form>
    </section>
  );
}

// ---- consent -------------------------------------------------------------------

export const CONSENT_PURPOSES: Choice<string>[] = [
  { value: "contact by volunteers", label: "Volunteers may contact them" },
  { value: "share with council adult social care", label: "Share their details with the council's adult social care" },
  { value: "share with nhs", label: "Share their details with the NHS" },
  { value: "share with housing", label: "Share their details with their housing provider" },
  { value: "share with fire and rescue", label: "Share their details with the fire and rescue service" },
];

export function purposeWords(purpose: string): string {
  return String(CONSENT_PURPOSES.find((c) => c.value === purpose)?.label ?? purpose);
}

type ConsentRow = {
  id: string;
  purpose: string;
  given: boolean;
  note: string;
  recordedAt: string;
  recordedBy: { id: string; displayName: string } | null;
};

const CONSENT_FIELDS = ["purpose", "given", "note"] as const;

function ConsentSection({
  resident,
  consents,
  onRecorded,
}: {
  resident: Resident;
  consents: ConsentRow[];
  onRecorded: () => void;
}) {
  const [purpose, setPurpose] = useState<string | null>(null);
  const [given, setGiven] = useState<"yes" | "no" | null>(null);
  const [note, setNote] = useState("");
  const form = useFormState();
  const [busy, act] = useAction();
  const [done, setDone] = useState<string | null>(null);
  const name = firstName(resident.displayName);
  const prefix = "consent";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!purpose) local.purpose = "Choose what they have decided about.";
      if (!given) local.given = `Choose whether ${name} agrees.`;
      if (!note.trim()) local.note = `Say how ${name} told you, for example "On the phone, 25 November".`;
      if (Object.keys(local).length > 0) return form.show(local);
      try {
        await request(RecordConsentMutation, {
          input: { residentId: resident.id, purpose: purpose!, given: given === "yes", note: note.trim() },
        });
        form.clear();
        setNote("");
        setDone(`${name}'s decision is recorded: ${given === "yes" ? "agreed" : "does not agree"}.`);
        onRecorded();
      } catch (error) {
        const sorted = sortProblems(error, CONSENT_FIELDS);
        form.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const prefixed = Object.fromEntries(Object.entries(form.fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  return (
    <section aria-labelledby="consent-title">
      <h2 id="consent-title">{name}'s consent</h2>
      {consents.length === 0 ? (
        <Empty>
          <p>Nothing recorded yet.</p>
        </Empty>
      ) : (
        <ul className="list" aria-label="What they have agreed to">
          {consents.map((c) => (
            <li key={c.id}>
              <strong>{purposeWords(c.purpose)}:</strong> {c.given ? "agreed" : "does not agree"} (
              {formatDay(c.recordedAt)}
              {c.recordedBy ? `, recorded by ${c.recordedBy.displayName}` : ""})
              {c.note ? `. “${c.note}”` : ""}
            </li>
          ))}
        </ul>
      )}
      <Result message={done} />
      <form className="form" noValidate onSubmit={submit} aria-labelledby="consent-form-title">
        <h3 id="consent-form-title">Record a decision {name} has made</h3>
        <ErrorSummary
          problems={problemList(prefixed, CONSENT_FIELDS.map((f) => `${prefix}-${f}`), form.general)}
          attempt={form.attempt}
        />
        <RadioGroup
          name={`${prefix}-purpose`}
          legend="What is it about?"
          error={form.fieldErrors.purpose}
          value={purpose}
          onChange={setPurpose}
          choices={CONSENT_PURPOSES}
        />
        <RadioGroup<"yes" | "no">
          name={`${prefix}-given`}
          legend={`Does ${name} agree?`}
          hint="They can change their mind at any time: record it again."
          error={form.fieldErrors.given}
          value={given}
          onChange={setGiven}
          choices={[
            { value: "yes", label: "Yes, they agree" },
            { value: "no", label: "No, or they have changed their mind" },
          ]}
        />
        <TextField
          name={`${prefix}-note`}
          label="How did they tell you?"
          value={note}
          onChange={setNote}
          maxLength={1000}
          error={form.fieldErrors.note}
        />
        <Button busy={busy} busyText="Saving…">
          Record decision
        </Button>
      </form>
    </section>
  );
}

// ---- the page --------------------------------------------------------------------

export function ResidentPage() {
  const { search } = useLocation();
  const session = useSession();
  const id = search.get("id") ?? "";
  const groups = coordinatedGroups(session.status === "signedIn" ? session.viewer : null);
  const groupParam = search.get("group");
  const group = groups.find((g) => g.id === groupParam) ?? (groups.length === 1 ? groups[0] : null);
  const query = useQuery(ResidentQuery, { id });
  type PersonNode = Extract<NonNullable<ResidentQueryResult["node"]>, { displayName: string }>;
  const node = query.data?.node;
  const person: PersonNode | null = node && "displayName" in node ? (node as PersonNode) : null;
  const title = person ? person.displayName : "Resident";

  if (!id) {
    return (
      <Page title="Resident">
        <Empty>
          <p>
            No resident was chosen. Go to <Link href="/residents">Residents</Link> and choose a name.
          </p>
        </Empty>
      </Page>
    );
  }

  return (
    <Page title={title}>
      <p>
        <Link href="/residents">Back to all residents</Link>
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading their details…</Loading> : null}
      {query.data && !person ? (
        <Empty>
          <p>
            We could not find this resident, or you do not look after them. Go to <Link href="/residents">Residents</Link>.
          </p>
        </Empty>
      ) : null}
      {person ? (
        <>
          <p className="lead">
            {person.email
              ? `${firstName(person.displayName)} has their own account. You can also act for them here.`
              : `${firstName(person.displayName)} has no email address: you act for them. Everything you do here is recorded as done on their behalf.`}
          </p>
          <section aria-labelledby="about-title">
            <h2 id="about-title">About {firstName(person.displayName)}</h2>
            <dl className="facts">
              <div>
                <dt>Where they live</dt>
                <dd>{person.residentProfile?.area || "Not recorded"}</dd>
              </div>
              <div>
                <dt>What matters to them</dt>
                <dd>{person.residentProfile?.whatMatters || "Not recorded"}</dd>
              </div>
              {person.residentProfile?.needs ? (
                <div>
                  <dt>Help they need</dt>
                  <dd>{person.residentProfile.needs}</dd>
                </div>
              ) : null}
              {person.residentProfile?.riskEnablement ? (
                <div>
                  <dt>Their choices about risk</dt>
                  <dd>{person.residentProfile.riskEnablement}</dd>
                </div>
              ) : null}
            </dl>
          </section>
          <section aria-labelledby="plans-title">
            <h2 id="plans-title">Check-ins</h2>
            {query.data!.checkInPlans.length === 0 ? (
              <Empty>
                <p>No regular check-ins yet.</p>
              </Empty>
            ) : (
              <ul className="list" aria-label="Check-in plans">
                {query.data!.checkInPlans.map((p) => (
                  <li key={p.id}>
                    {recurrenceWords(p.recurrence)}, {(CHANNEL_WORDS[p.channel] ?? p.channel).toLowerCase()} by{" "}
                    {p.volunteer?.displayName ?? "a volunteer"}
                    {p.backupVolunteer ? ` (backup: ${p.backupVolunteer.displayName})` : ""}, from{" "}
                    {formatDay(p.firstDueAt)} at {formatTime(p.firstDueAt)}.{" "}
                    {p.status === "ACTIVE" ? "" : p.status === "PAUSED" ? "Paused." : "Ended."}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <p>
            <Link href={`/referral?residentId=${encodeURIComponent(person.id)}`}>
              Refer {firstName(person.displayName)} to the council, NHS or housing
            </Link>
          </p>
          {group ? (
            <>
              <CheckInPlanForm resident={person} groupId={group.id} onCreated={() => void query.reload()} />
              <HelpForm resident={person} groupId={group.id} />
            </>
          ) : groups.length > 1 ? (
            <section aria-labelledby="which-group-title">
              <h2 id="which-group-title">Act for them as part of a group</h2>
              <ul className="list">
                {groups.map((g) => (
                  <li key={g.id}>
                    <Link href={`/resident?id=${encodeURIComponent(person.id)}&group=${encodeURIComponent(g.id)}`}>
                      {g.name}
                    </Link>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {person.consents ? (
            <ConsentSection resident={person} consents={person.consents} onRecorded={() => void query.reload()} />
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
