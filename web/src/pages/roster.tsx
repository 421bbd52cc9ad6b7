// Coordinators: one shift's roster (who has a place, who is waiting, in
// order) and, once it has started, recording how long each volunteer
// helped. Recorded minutes go into the volunteer's hours.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { Button, sortProblems, TextField, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatMinutes, formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { RosterQuery } from "../gql/graphql";
import { Link, useLocation } from "../router";

const RosterDocument = graphql(`
  query Roster($id: ID!) {
    node(id: $id) {
      ... on Shift {
        id
        title
        startsAt
        endsAt
        location
        places
        confirmedCount
        waitlistCount
        status
        group {
          id
          name
        }
        activity {
          id
          title
        }
        signups(first: 100) {
          totalCount
          edges {
            node {
              id
              status
              attendedMinutes
              createdAt
              volunteer {
                id
                displayName
              }
            }
          }
        }
      }
    }
  }
`);

const RecordShiftAttendanceMutation = graphql(`
  mutation RecordShiftAttendance($signupId: ID!, $minutes: Int!) {
    recordShiftAttendance(signupId: $signupId, minutes: $minutes) {
      id
      status
      attendedMinutes
    }
  }
`);

type ShiftData = Extract<NonNullable<RosterQuery["node"]>, { signups: unknown }>;
type Signup = ShiftData["signups"]["edges"][number]["node"];

function Attendance({
  signup,
  shiftMinutes,
  onRecorded,
}: {
  signup: Signup;
  shiftMinutes: number;
  onRecorded: (minutes: number) => void;
}) {
  const name = signup.volunteer.displayName;
  const field = `minutes-${signup.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const [minutes, setMinutes] = useState(String(shiftMinutes));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  useEffect(() => {
    if (attempt > 0) document.getElementById(`field-${field}`)?.focus();
  }, [attempt, field]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const text = minutes.trim();
      if (!/^\d+$/.test(text)) {
        setErrors({ minutes: "Enter the minutes as a whole number, like 120 for two hours." });
        setAttempt((a) => a + 1);
        return;
      }
      try {
        const data = await request(RecordShiftAttendanceMutation, { signupId: signup.id, minutes: Number(text) });
        setErrors({});
        onRecorded(data.recordShiftAttendance.attendedMinutes ?? Number(text));
      } catch (error) {
        const sorted = sortProblems(error, ["minutes"], {
          CONFLICT: "minutes",
          INVALID_TRANSITION: "minutes",
          FORBIDDEN: "minutes",
          NOT_FOUND: "minutes",
        });
        setErrors({ minutes: sorted.fieldErrors.minutes ?? sorted.general[0] ?? "Something went wrong. Please try again." });
        setAttempt((a) => a + 1);
      }
    });
  };

  return (
    <form className="form record-form" noValidate onSubmit={submit} aria-label={`Record how long ${name} helped`}>
      <TextField
        name={field}
        label={`Minutes ${name} helped`}
        hint="For example, 120 for two hours. It is added to their hours given."
        width="short"
        inputMode="numeric"
        value={minutes}
        onChange={setMinutes}
        error={errors.minutes}
      />
      <Button busy={busy} busyText="Recording…">
        Record attendance<span className="visually-hidden"> for {name}</span>
      </Button>
    </form>
  );
}

function Volunteer({ signup, started, shiftMinutes }: { signup: Signup; started: boolean; shiftMinutes: number }) {
  const [recorded, setRecorded] = useState<number | null>(signup.attendedMinutes);
  const [justRecorded, setJustRecorded] = useState(false);
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (justRecorded) ref.current?.focus();
  }, [justRecorded]);
  const name = signup.volunteer.displayName;
  const id = `signup-${signup.id.replace(/[^A-Za-z0-9_-]/g, "")}`;
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`} className="card__title">
        {name}
      </h3>
      {recorded !== null ? (
        <p className={justRecorded ? "result" : undefined} ref={ref} tabIndex={-1} role={justRecorded ? "status" : undefined}>
          {justRecorded ? "Recorded: " : ""}
          {name} helped for {formatMinutes(recorded)}.{justRecorded ? " It is added to their hours." : ""}
        </p>
      ) : started ? (
        <Attendance
          signup={signup}
          shiftMinutes={shiftMinutes}
          onRecorded={(m) => {
            setRecorded(m);
            setJustRecorded(true);
          }}
        />
      ) : (
        <p>Has a place.</p>
      )}
    </article>
  );
}

function RosterDetails({ id }: { id: string }) {
  const query = useQuery(RosterDocument, { id });
  const node = query.data?.node;
  const shift = node && "signups" in node ? (node as ShiftData) : null;
  const title = shift ? `Roster: ${shift.title}` : "Roster";
  if (query.error) {
    return (
      <Page title="Roster">
        <LoadError error={query.error} onRetry={() => void query.reload()} />
      </Page>
    );
  }
  if (!shift) {
    return (
      <Page title={title}>
        {query.loading ? (
          <Loading>Loading the roster…</Loading>
        ) : (
          <Empty>
            <p>
              We could not find that shift. <Link href="/groups">Go to your groups</Link>.
            </p>
          </Empty>
        )}
      </Page>
    );
  }
  const signups = shift.signups.edges.map((e) => e.node);
  const confirmed = signups.filter((s) => s.status === "CONFIRMED");
  const waiting = signups.filter((s) => s.status === "WAITLISTED");
  const cancelled = signups.filter((s) => s.status === "CANCELLED");
  const started = Date.parse(shift.startsAt) <= Date.now();
  const shiftMinutes = Math.round((Date.parse(shift.endsAt) - Date.parse(shift.startsAt)) / 60000);

  return (
    <Page title={title}>
      <dl className="facts">
        <div>
          <dt>Group</dt>
          <dd>
            <Link href={`/group?id=${encodeURIComponent(shift.group.id)}`}>{shift.group.name}</Link>
          </dd>
        </div>
        {shift.activity ? (
          <div>
            <dt>For</dt>
            <dd>{shift.activity.title}</dd>
          </div>
        ) : null}
        <div>
          <dt>When</dt>
          <dd>{formatWhen(shift.startsAt, shift.endsAt)}</dd>
        </div>
        {shift.location ? (
          <div>
            <dt>Where</dt>
            <dd>{shift.location}</dd>
          </div>
        ) : null}
        <div>
          <dt>Places</dt>
          <dd>
            {shift.confirmedCount} of {plural(shift.places, "place", "places")} filled.
          </dd>
        </div>
      </dl>
      {shift.status === "CANCELLED" ? <p className="tag-line">This shift has been cancelled.</p> : null}
      {!started && shift.status !== "CANCELLED" ? (
        <p>You can record who helped, and for how long, once the shift has started.</p>
      ) : null}
      <section aria-labelledby="confirmed-title">
        <h2 id="confirmed-title">Signed up ({confirmed.length})</h2>
        {confirmed.length === 0 ? (
          <Empty>
            <p>No one has signed up yet.</p>
          </Empty>
        ) : (
          <ul className="card-list">
            {confirmed.map((s) => (
              <li key={s.id}>
                <Volunteer signup={s} started={started && shift.status !== "CANCELLED"} shiftMinutes={shiftMinutes} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">Waiting list ({waiting.length})</h2>
        {waiting.length === 0 ? (
          <Empty>
            <p>No one is on the waiting list.</p>
          </Empty>
        ) : (
          <>
            <p>In order: the first person gets the next place that comes up, and we email them.</p>
            <ol className="list">
              {waiting.map((s) => (
                <li key={s.id}>{s.volunteer.displayName}</li>
              ))}
            </ol>
          </>
        )}
      </section>
      {cancelled.length > 0 ? (
        <p>{plural(cancelled.length, "person has", "people have")} cancelled their place.</p>
      ) : null}
    </Page>
  );
}

export function RosterPage() {
  const { search } = useLocation();
  const id = search.get("shift");
  if (!id) {
    return (
      <Page title="Roster">
        <Empty>
          <p>
            No shift was chosen. <Link href="/groups">Go to your groups</Link> and open a shift&apos;s roster.
          </p>
        </Empty>
      </Page>
    );
  }
  return <RosterDetails key={id} id={id} />;
}
