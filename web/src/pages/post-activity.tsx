// Coordinators: post an activity (one-off or repeating, chosen in plain
// words), publish it or keep it as a draft, then add volunteer shifts to
// its dates. `/post-activity?group=<id>` starts a new activity;
// `/post-activity?activity=<id>` adds shifts to an existing one.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import {
  Button,
  ErrorSummary,
  problemList,
  sortProblems,
  TextArea,
  TextField,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import {
  buildRule,
  checkRecurrence,
  describeRule,
  emptyRecurrence,
  parseDate,
  parseTime,
  RecurrencePicker,
  Select,
  ukDate,
  ukMoment,
  type Recurrence,
} from "../components/RecurrencePicker";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { PostedActivityFragment } from "../gql/graphql";
import { Link, useLocation } from "../router";

graphql(`
  fragment PostedActivity on Activity {
    id
    title
    status
    recurrence
    startsAt
    endsAt
    location
    group {
      id
      name
    }
    occurrences(first: 30) {
      startsAt
      endsAt
    }
  }
`);

const CreateActivityMutation = graphql(`
  mutation CreateActivity($input: CreateActivityInput!) {
    createActivity(input: $input) {
      ...PostedActivity
    }
  }
`);

const PublishActivityMutation = graphql(`
  mutation PublishActivity($id: ID!) {
    publishActivity(id: $id) {
      ...PostedActivity
    }
  }
`);

const ActivityForShiftsQuery = graphql(`
  query ActivityForShifts($id: ID!) {
    activity(id: $id) {
      ...PostedActivity
    }
  }
`);

const GroupNameQuery = graphql(`
  query GroupName($id: ID!) {
    group(id: $id) {
      id
      name
    }
  }
`);

const CreateShiftMutation = graphql(`
  mutation CreateShift($input: CreateShiftInput!) {
    createShift(input: $input) {
      id
      title
      startsAt
      endsAt
      places
    }
  }
`);

/** Rename error keys from the API's field names to this form's. */
function rename(errors: FieldErrors, names: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = names[k] ?? k;
    if (!out[key]) out[key] = v;
  }
  return out;
}

const ACTIVITY_ORDER = [
  "title",
  "category",
  "description",
  "location",
  "date",
  "startTime",
  "endTime",
  "repeat",
  "days",
  "monthWeek",
  "count",
  "until",
  "capacity",
  "cost",
  "accessibility",
] as const;

/** Read "3.50", "£3", "0" as pence; null when it is not a sum of money. */
function parsePence(text: string): number | null {
  const t = text.trim().replace(/^£/, "");
  if (t === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}

type ActivityFormProps = { groupId: string; groupName: string; onPosted: (a: PostedActivityFragment) => void };

function ActivityForm({ groupId, groupName, onPosted }: ActivityFormProps) {
  const [title, setTitle] = useState("");
  const [category, setCategory] = useState("");
  const [description, setDescription] = useState("");
  const [location, setLocation] = useState("");
  const [date, setDate] = useState("");
  const [startTime, setStartTime] = useState("");
  const [endTime, setEndTime] = useState("");
  const [recurrence, setRecurrence] = useState<Recurrence>(emptyRecurrence);
  const [capacity, setCapacity] = useState("");
  const [cost, setCost] = useState("");
  const [accessibility, setAccessibility] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const [publishing, setPublishing] = useState<boolean | null>(null);

  const first = parseDate(date);
  const start = parseTime(startTime);
  const end = parseTime(endTime);
  const timesOk = first !== null && start !== null && end !== null && end > start;
  const ruleErrors = checkRecurrence(recurrence, first);
  const summary =
    timesOk && Object.keys(ruleErrors).length === 0
      ? describeRule(buildRule(recurrence), ukMoment(first, start).toISOString(), ukMoment(first, end).toISOString())
      : null;

  const localErrors = (): FieldErrors => {
    const errors: FieldErrors = {};
    if (!first) errors.date = "Enter the first date like 3/3/2026.";
    if (start === null) errors.startTime = "Enter the start time like 10:00.";
    if (end === null) errors.endTime = "Enter the end time like 12:00.";
    else if (start !== null && end <= start) errors.endTime = "The end time must be after the start time.";
    Object.assign(errors, ruleErrors);
    if (capacity.trim() && !/^\d+$/.test(capacity.trim())) errors.capacity = "Enter the number of places, like 20.";
    if (parsePence(cost) === null) errors.cost = "Enter the cost in pounds, like 3.50, or leave it empty if it is free.";
    return errors;
  };

  const submit = (publish: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    void act(async () => {
      const local = localErrors();
      if (Object.keys(local).length > 0) {
        setFieldErrors(local);
        setGeneral([]);
        setAttempt((a) => a + 1);
        return;
      }
      setPublishing(publish);
      try {
        const created = await request(CreateActivityMutation, {
          input: {
            groupId,
            title,
            category,
            description: description.trim() || null,
            location: location.trim() || null,
            accessibility: accessibility.trim() || null,
            startsAt: ukMoment(first!, start!).toISOString(),
            endsAt: ukMoment(first!, end!).toISOString(),
            recurrence: buildRule(recurrence),
            capacity: capacity.trim() ? Number(capacity.trim()) : null,
            costPence: parsePence(cost) ?? 0,
          },
        });
        let activity = created.createActivity;
        if (publish) activity = (await request(PublishActivityMutation, { id: activity.id })).publishActivity;
        onPosted(activity);
      } catch (error) {
        const sorted = sortProblems(
          error,
          ["title", "category", "description", "location", "accessibility", "capacity", "costPence", "startsAt", "endsAt"],
          { INVALID_RECURRENCE: "repeat" },
        );
        setFieldErrors(rename(sorted.fieldErrors, { startsAt: "date", endsAt: "endTime", costPence: "cost" }));
        setGeneral(sorted.general);
        setAttempt((a) => a + 1);
      } finally {
        setPublishing(null);
      }
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit(true)} aria-label={`New activity for ${groupName}`}>
      <ErrorSummary problems={problemList(fieldErrors, ACTIVITY_ORDER, general)} attempt={attempt} />
      <TextField name="title" label="What is it called?" value={title} onChange={setTitle} error={fieldErrors.title} maxLength={120} />
      <TextField
        name="category"
        label="What kind of activity is it?"
        hint="A word or two, for example lunch club, walking or coffee morning."
        width="medium"
        value={category}
        onChange={setCategory}
        error={fieldErrors.category}
        maxLength={40}
      />
      <TextArea
        name="description"
        label="What happens there?"
        hint="Optional."
        value={description}
        onChange={setDescription}
        error={fieldErrors.description}
        maxLength={4000}
      />
      <TextField
        name="location"
        label="Where is it?"
        hint="Optional. A place people will recognise, for example Riverside Library."
        value={location}
        onChange={setLocation}
        error={fieldErrors.location}
        maxLength={200}
      />
      <fieldset className="fieldset">
        <legend className="legend">When is it?</legend>
        <p className="hint">UK time. Use the 24-hour clock for times.</p>
        <TextField
          name="date"
          label="First date"
          hint="Day, month and year, for example 3/3/2026."
          width="medium"
          value={date}
          onChange={setDate}
          error={fieldErrors.date}
        />
        <div className="time-row__fields">
          <TextField
            name="startTime"
            label="Starts at"
            width="short"
            inputMode="numeric"
            placeholder="10:00"
            value={startTime}
            onChange={setStartTime}
            error={fieldErrors.startTime}
          />
          <TextField
            name="endTime"
            label="Ends at"
            width="short"
            inputMode="numeric"
            placeholder="12:00"
            value={endTime}
            onChange={setEndTime}
            error={fieldErrors.endTime}
          />
        </div>
        <RecurrencePicker value={recurrence} onChange={setRecurrence} errors={fieldErrors} first={first} />
      </fieldset>
      <div className="panel summary" id="when-summary">
        <h2 className="label">When it happens, in words</h2>
        <p>{summary ?? "Fill in the first date, the times and how often it happens to see it here."}</p>
      </div>
      <TextField
        name="capacity"
        label="How many people can come each time?"
        hint="Optional. Leave it empty if there is no limit."
        width="short"
        inputMode="numeric"
        value={capacity}
        onChange={setCapacity}
        error={fieldErrors.capacity}
      />
      <TextField
        name="cost"
        label="What does it cost each time, in pounds?"
        hint="Leave it empty if it is free."
        width="short"
        inputMode="decimal"
        value={cost}
        onChange={setCost}
        error={fieldErrors.cost}
      />
      <TextArea
        name="accessibility"
        label="Access and accessibility"
        hint="Optional. For example step-free access, a hearing loop or an accessible toilet."
        rows={3}
        value={accessibility}
        onChange={setAccessibility}
        error={fieldErrors.accessibility}
        maxLength={1000}
      />
      <div className="actions">
        <Button busy={busy} busyText={publishing === true ? "Publishing…" : undefined}>
          Publish the activity
        </Button>
        <Button
          type="button"
          variant="secondary"
          busy={busy}
          busyText={publishing === false ? "Saving…" : undefined}
          onClick={() => submit(false)()}
        >
          Save as a draft
        </Button>
      </div>
    </form>
  );
}

type AddedShift = { id: string; title: string; startsAt: string; endsAt: string; places: number };

const SHIFT_ORDER = ["shift-title", "shift-date", "shift-start", "shift-end", "shift-places"] as const;

function minutesOfDay(iso: string): number {
  const d = new Date(iso);
  const day = ukDate(d);
  return Math.round((d.getTime() - ukMoment(day, 0).getTime()) / 60000);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

function ShiftForm({ activity }: { activity: PostedActivityFragment }) {
  const dates = activity.occurrences;
  const [title, setTitle] = useState(`${activity.title} helpers`);
  const [date, setDate] = useState(dates[0]?.startsAt ?? "");
  const [startTime, setStartTime] = useState(hhmm(minutesOfDay(activity.startsAt)));
  const [endTime, setEndTime] = useState(hhmm(minutesOfDay(activity.endsAt)));
  const [places, setPlaces] = useState("");
  const [membersOnly, setMembersOnly] = useState(false);
  const [waitlist, setWaitlist] = useState(true);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [added, setAdded] = useState<AddedShift[]>([]);
  const [busy, act] = useAction();
  const resultRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (added.length > 0) resultRef.current?.focus();
  }, [added.length]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      const start = parseTime(startTime);
      const end = parseTime(endTime);
      if (!date) local["shift-date"] = "Choose a date.";
      if (start === null) local["shift-start"] = "Enter the start time like 09:30.";
      if (end === null) local["shift-end"] = "Enter the end time like 12:00.";
      else if (start !== null && end <= start) local["shift-end"] = "The end time must be after the start time.";
      if (!/^\d+$/.test(places.trim())) local["shift-places"] = "Enter how many volunteers you need, like 3.";
      if (Object.keys(local).length > 0) {
        setFieldErrors(local);
        setGeneral([]);
        setAttempt((a) => a + 1);
        return;
      }
      const day = ukDate(new Date(date));
      try {
        const data = await request(CreateShiftMutation, {
          input: {
            groupId: activity.group.id,
            activityId: activity.id,
            title,
            startsAt: ukMoment(day, start!).toISOString(),
            endsAt: ukMoment(day, end!).toISOString(),
            location: activity.location || null,
            places: Number(places.trim()),
            membersOnly,
            waitlist,
          },
        });
        setFieldErrors({});
        setGeneral([]);
        setAdded((list) => [...list, data.createShift]);
      } catch (error) {
        const sorted = sortProblems(error, ["title", "startsAt", "endsAt", "places"]);
        setFieldErrors(
          rename(sorted.fieldErrors, {
            title: "shift-title",
            startsAt: "shift-start",
            endsAt: "shift-end",
            places: "shift-places",
          }),
        );
        setGeneral(sorted.general);
        setAttempt((a) => a + 1);
      }
    });
  };

  const last = added[added.length - 1];
  return (
    <section aria-labelledby="shifts-title">
      <h2 id="shifts-title">Add volunteer shifts</h2>
      <p>Add a shift for each date you need volunteers. Volunteers sign up for shifts on the Shifts page.</p>
      {added.length > 0 ? (
        <>
          <p className="result" ref={resultRef} tabIndex={-1} role="status">
            Shift added: {last.title}, {formatWhen(last.startsAt, last.endsAt)}.
          </p>
          <h3>Shifts you have added</h3>
          <ul className="list">
            {added.map((s) => (
              <li key={s.id}>
                <Link href={`/roster?shift=${encodeURIComponent(s.id)}`}>
                  {s.title}, {formatWhen(s.startsAt, s.endsAt)}
                </Link>{" "}
                ({plural(s.places, "place", "places")})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {dates.length === 0 ? (
        <Empty>
          <p>This activity has no dates to come, so there is nothing to add shifts to.</p>
        </Empty>
      ) : (
        <form className="form" noValidate onSubmit={submit} aria-labelledby="shifts-title">
          <ErrorSummary problems={problemList(fieldErrors, SHIFT_ORDER, general)} attempt={attempt} />
          <TextField
            name="shift-title"
            label="What is the shift called?"
            value={title}
            onChange={setTitle}
            error={fieldErrors["shift-title"]}
            maxLength={120}
          />
          <Select
            name="shift-date"
            label="Which date is it for?"
            value={date}
            onChange={setDate}
            error={fieldErrors["shift-date"]}
            options={dates.map((d) => ({ value: d.startsAt, label: formatDay(d.startsAt) }))}
          />
          <div className="time-row__fields">
            <TextField
              name="shift-start"
              label="Volunteers start at"
              width="short"
              inputMode="numeric"
              value={startTime}
              onChange={setStartTime}
              error={fieldErrors["shift-start"]}
            />
            <TextField
              name="shift-end"
              label="Volunteers finish at"
              width="short"
              inputMode="numeric"
              value={endTime}
              onChange={setEndTime}
              error={fieldErrors["shift-end"]}
            />
          </div>
          <TextField
            name="shift-places"
            label="How many volunteers do you need?"
            width="short"
            inputMode="numeric"
            value={places}
            onChange={setPlaces}
            error={fieldErrors["shift-places"]}
          />
          <div className="field">
            <div className="choices">
              <div className="choice">
                <input
                  type="checkbox"
                  id="shift-members-only"
                  checked={membersOnly}
                  onChange={(e) => setMembersOnly(e.target.checked)}
                />
                <label htmlFor="shift-members-only">Only members of {activity.group.name} can sign up</label>
              </div>
              <div className="choice">
                <input type="checkbox" id="shift-waitlist" checked={waitlist} onChange={(e) => setWaitlist(e.target.checked)} />
                <label htmlFor="shift-waitlist">Keep a waiting list once it is full</label>
              </div>
            </div>
          </div>
          <Button busy={busy} busyText="Adding the shift…">
            Add the shift
          </Button>
        </form>
      )}
      <p>
        <Link href={`/group?id=${encodeURIComponent(activity.group.id)}`}>Finished: go back to {activity.group.name}</Link>
      </p>
    </section>
  );
}

function Posted({ activity, justPosted }: { activity: PostedActivityFragment; justPosted: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (justPosted) ref.current?.focus();
  }, [justPosted]);
  const published = activity.status === "PUBLISHED";
  return (
    <>
      <div className="panel" ref={ref} tabIndex={-1} role={justPosted ? "status" : undefined} aria-labelledby="posted-title">
        <h2 id="posted-title">
          {justPosted ? (published ? "Activity published" : "Activity saved as a draft") : activity.title}
        </h2>
        <p>
          <strong>{activity.title}</strong>: {describeRule(activity.recurrence, activity.startsAt, activity.endsAt)}
        </p>
        <p>
          {published
            ? "People can now find it in the directory and book a place."
            : "It is a draft: only the group's coordinators can see it. Publish it from the group's page when it is ready."}
        </p>
      </div>
      <ShiftForm activity={activity} />
    </>
  );
}

function NewActivity({ groupId }: { groupId: string }) {
  const group = useQuery(GroupNameQuery, { id: groupId });
  const [posted, setPosted] = useState<PostedActivityFragment | null>(null);
  const name = group.data?.group?.name;
  return (
    <Page title={posted ? `Shifts for ${posted.title}` : "Post an activity"}>
      {group.error ? <LoadError error={group.error} onRetry={() => void group.reload()} /> : null}
      {group.loading && !group.data ? <Loading>Loading…</Loading> : null}
      {group.data && !name ? (
        <Empty>
          <p>
            We could not find that group. <Link href="/groups">Go to your groups</Link>.
          </p>
        </Empty>
      ) : null}
      {name && !posted ? (
        <>
          <p className="lead">
            Something {name} runs for people: a one-off event, or one that repeats. You can add volunteer shifts next.
          </p>
          <ActivityForm groupId={groupId} groupName={name} onPosted={setPosted} />
        </>
      ) : null}
      {posted ? <Posted activity={posted} justPosted /> : null}
    </Page>
  );
}

function ExistingActivity({ activityId }: { activityId: string }) {
  const query = useQuery(ActivityForShiftsQuery, { id: activityId });
  const activity = query.data?.activity;
  return (
    <Page title={activity ? `Shifts for ${activity.title}` : "Add volunteer shifts"}>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading the activity…</Loading> : null}
      {query.data && !activity ? (
        <Empty>
          <p>
            We could not find that activity. <Link href="/groups">Go to your groups</Link>.
          </p>
        </Empty>
      ) : null}
      {activity ? <Posted activity={activity} justPosted={false} /> : null}
    </Page>
  );
}

export function PostActivityPage() {
  const { search } = useLocation();
  const activityId = search.get("activity");
  const groupId = search.get("group");
  if (activityId) return <ExistingActivity key={activityId} activityId={activityId} />;
  if (groupId) return <NewActivity key={groupId} groupId={groupId} />;
  return (
    <Page title="Post an activity">
      <Empty>
        <p>
          Choose the group first. <Link href="/groups">Go to your groups</Link>.
        </p>
      </Empty>
    </Page>
  );
}

