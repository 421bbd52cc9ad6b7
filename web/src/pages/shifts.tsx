// Volunteers: finding shifts, signing up (or joining the waiting list),
// cancelling, and "my shifts" with the private calendar link.

import { useEffect, useRef, useState } from "react";
import { ApiError, request } from "../api/client";
import { useAction, useQuery, useWholeList } from "../api/hooks";
import { Button } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { ShiftCardFragment } from "../gql/graphql";
import { Link } from "../router";

graphql(`
  fragment ShiftCard on Shift {
    id
    title
    description
    startsAt
    endsAt
    location
    places
    confirmedCount
    waitlistCount
    requiredSkills
    requiredVetting
    membersOnly
    waitlist
    status
    group {
      id
      name
    }
    mySignup {
      id
      status
    }
  }
`);

const UpcomingShiftsQuery = graphql(`
  query UpcomingShifts($first: Int, $after: String) {
    upcomingShifts(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ShiftCard
        }
      }
    }
  }
`);

const MyShiftsQuery = graphql(`
  query MyShifts($after: String) {
    me {
      id
      calendarFeedUrl
    }
    upcomingShifts(first: 50, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ShiftCard
        }
      }
    }
  }
`);

const SignUpForShiftMutation = graphql(`
  mutation SignUpForShift($shiftId: ID!) {
    signUpForShift(shiftId: $shiftId) {
      id
      status
      shift {
        ...ShiftCard
      }
    }
  }
`);

const CancelShiftSignupMutation = graphql(`
  mutation CancelShiftSignup($signupId: ID!) {
    cancelShiftSignup(signupId: $signupId) {
      id
      status
      shift {
        ...ShiftCard
      }
    }
  }
`);

const RotateCalendarFeedMutation = graphql(`
  mutation RotateCalendarFeed {
    rotateCalendarFeedToken
  }
`);

const VETTING_WORDS: Record<string, string> = {
  BASIC: "a basic DBS check",
  STANDARD: "a standard DBS check",
  ENHANCED: "an enhanced DBS check",
};

function needs(shift: ShiftCardFragment): string | null {
  const parts = [
    ...shift.requiredSkills.map((s) => `the ${s} skill`),
    ...(VETTING_WORDS[shift.requiredVetting] ? [VETTING_WORDS[shift.requiredVetting]] : []),
  ];
  return parts.length > 0 ? parts.join(" and ") : null;
}

function placesText(shift: ShiftCardFragment): string {
  const filled = `${shift.confirmedCount} of ${plural(shift.places, "place", "places")} filled.`;
  if (shift.confirmedCount < shift.places) return filled;
  if (!shift.waitlist) return `${filled} This shift is full.`;
  return `${filled} Full: ${plural(shift.waitlistCount, "person", "people")} on the waiting list.`;
}

function SignupStatus({ shift }: { shift: ShiftCardFragment }) {
  const status = shift.mySignup?.status;
  if (status === "CONFIRMED") {
    return (
      <p className="tag-line">
        <strong className="tag tag--confirmed">You are signed up</strong>
      </p>
    );
  }
  if (status === "WAITLISTED") {
    return (
      <div className="tag-line">
        <strong className="tag tag--waitlisted">On the waiting list</strong>
        <p>This shift is full. You are on the waiting list, and we will email you if a place comes up.</p>
      </div>
    );
  }
  return null;
}

type ShiftCardProps = {
  shift: ShiftCardFragment;
  headingLevel?: 2 | 3;
  onChange: (shift: ShiftCardFragment) => void;
};

/** One shift, what it needs, where I stand, and the button to change that. */
export function ShiftCard({ shift, headingLevel = 2, onChange }: ShiftCardProps) {
  const [busy, act] = useAction();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const [focusAfter, setFocusAfter] = useState<"result" | "error" | null>(null);
  const id = `shift-${shift.id}`;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const status = shift.mySignup?.status;
  const signedUp = status === "CONFIRMED" || status === "WAITLISTED";
  const full = shift.confirmedCount >= shift.places;
  const need = needs(shift);

  useEffect(() => {
    if (focusAfter === "result") resultRef.current?.focus();
    if (focusAfter === "error") errorRef.current?.focus();
    if (focusAfter) setFocusAfter(null);
  }, [focusAfter]);

  const run = (work: () => Promise<string>) =>
    act(async () => {
      setError(null);
      setResult(null);
      try {
        setResult(await work());
        setFocusAfter("result");
      } catch (e) {
        setError(e instanceof ApiError ? e.message : "Something went wrong. Please try again.");
        setFocusAfter("error");
      }
    });

  const signUp = () =>
    run(async () => {
      const data = await request(SignUpForShiftMutation, { shiftId: shift.id });
      onChange(data.signUpForShift.shift);
      return data.signUpForShift.status === "WAITLISTED"
        ? `This shift is full, so you are on the waiting list for ${shift.title}.`
        : `You are signed up for ${shift.title}.`;
    });

  const cancel = () =>
    run(async () => {
      const wasWaiting = status === "WAITLISTED";
      const data = await request(CancelShiftSignupMutation, { signupId: shift.mySignup!.id });
      onChange(data.cancelShiftSignup.shift);
      return wasWaiting
        ? `You have left the waiting list for ${shift.title}.`
        : `You have cancelled your place on ${shift.title}.`;
    });

  return (
    <article className="card shift" aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`} className="card__title">
        {shift.title}
      </Heading>
      <p className="card__meta">
        {shift.group.name}
        {shift.membersOnly ? " (members only)" : ""}
      </p>
      <dl className="facts">
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
          <dd>{placesText(shift)}</dd>
        </div>
        {need ? (
          <div>
            <dt>You need</dt>
            <dd>{need}</dd>
          </div>
        ) : null}
      </dl>
      {shift.description ? <p>{shift.description}</p> : null}
      <SignupStatus shift={shift} />
      {shift.status === "CANCELLED" ? <p className="tag-line">This shift has been cancelled.</p> : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} ref={errorRef} tabIndex={-1} role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
      {shift.status === "SCHEDULED" ? (
        <div className="card__actions">
          {signedUp ? (
            <Button type="button" variant="secondary" busy={busy} busyText="Cancelling…" onClick={cancel}>
              {status === "WAITLISTED" ? "Leave the waiting list" : "Cancel my place"}
              <span className="visually-hidden"> on {shift.title}</span>
            </Button>
          ) : full && !shift.waitlist ? null : (
            <Button
              type="button"
              busy={busy}
              busyText="Signing you up…"
              onClick={signUp}
              aria-describedby={error ? `${id}-error` : undefined}
            >
              {full ? "Join the waiting list" : "Sign up"}
              <span className="visually-hidden"> for {shift.title}</span>
            </Button>
          )}
        </div>
      ) : null}
    </article>
  );
}

function replaceShift(list: ShiftCardFragment[], changed: ShiftCardFragment): ShiftCardFragment[] {
  return list.map((s) => (s.id === changed.id ? changed : s));
}

export function ShiftsPage() {
  const [after, setAfter] = useState<string | null>(null);
  const query = useQuery(UpcomingShiftsQuery, { first: 20, after });
  const [shifts, setShifts] = useState<ShiftCardFragment[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);

  useEffect(() => {
    const page = query.data?.upcomingShifts;
    if (!page) return;
    const nodes = page.edges.map((e) => e.node);
    setShifts((old) => (after ? [...old, ...nodes.filter((n) => !old.some((o) => o.id === n.id))] : nodes));
    setTotal(page.totalCount);
    setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
  }, [query.data, after]);

  return (
    <Page title="Shifts">
      <p className="lead">Shifts coming up in your groups and across Kith. Sign up for one you can do.</p>
      <p>
        <Link href="/my-shifts">See the shifts you have signed up for</Link>
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && shifts.length === 0 ? <Loading>Loading shifts…</Loading> : null}
      {!query.loading && !query.error && shifts.length === 0 ? (
        <Empty>
          <p>There are no shifts coming up at the moment. Please check again soon.</p>
        </Empty>
      ) : null}
      {shifts.length > 0 ? (
        <>
          <p role="status">
            Showing {shifts.length} of {plural(total ?? shifts.length, "shift", "shifts")}.
          </p>
          <ul className="card-list">
            {shifts.map((shift) => (
              <li key={shift.id}>
                <ShiftCard shift={shift} onChange={(s) => setShifts((list) => replaceShift(list, s))} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {next ? (
        <Button type="button" variant="secondary" onClick={() => !query.loading && setAfter(next)}>
          {query.loading ? "Loading more shifts…" : "Show more shifts"}
        </Button>
      ) : null}
    </Page>
  );
}

function CalendarLink({ url: initialUrl }: { url: string }) {
  const [url, setUrl] = useState(initialUrl);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, act] = useAction();
  const input = useRef<HTMLInputElement>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setMessage("Link copied. Paste it into your calendar app to subscribe.");
    } catch {
      input.current?.focus();
      input.current?.select();
      setMessage("We could not copy the link. It is selected: copy it with Ctrl+C (or Cmd+C on a Mac).");
    }
  };

  const rotate = () =>
    act(async () => {
      try {
        const data = await request(RotateCalendarFeedMutation);
        setUrl(data.rotateCalendarFeedToken);
        setMessage("You have a new link. The old link no longer works, so update your calendar app.");
      } catch (e) {
        setMessage(e instanceof ApiError ? e.message : "Something went wrong. Please try again.");
      }
    });

  return (
    <section className="panel" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Add your shifts to your calendar</h2>
      <p>
        Subscribe to this link in Google Calendar, Outlook or Apple Calendar and your shifts will show up there,
        kept up to date. Keep it to yourself: anyone with the link can see your shifts.
      </p>
      <div className="field">
        <label className="label" htmlFor="calendar-link">
          Your calendar link
        </label>
        <input
          id="calendar-link"
          ref={input}
          className="input input--full mono"
          readOnly
          value={url}
          onFocus={(e) => e.target.select()}
        />
      </div>
      <div className="actions">
        <Button type="button" onClick={() => void copy()}>
          Copy link
        </Button>
        <Button type="button" variant="secondary" busy={busy} busyText="Making a new link…" onClick={rotate}>
          Make a new link
        </Button>
      </div>
      <p role="status" className="result">
        {message}
      </p>
    </section>
  );
}

export function MyShiftsPage() {
  const query = useWholeList(MyShiftsQuery, {}, (d) => d.upcomingShifts);
  const [shifts, setShifts] = useState<ShiftCardFragment[] | null>(null);

  useEffect(() => {
    if (query.nodes) setShifts(query.nodes);
  }, [query.nodes]);

  // Keep a shift on the page after cancelling it, so its result stays in view.
  const [touched, setTouched] = useState<string[]>([]);
  const mine = (shifts ?? []).filter(
    (s) => s.mySignup?.status === "CONFIRMED" || s.mySignup?.status === "WAITLISTED" || touched.includes(s.id),
  );
  const update = (changed: ShiftCardFragment) => {
    setTouched((t) => (t.includes(changed.id) ? t : [...t, changed.id]));
    setShifts((list) => (list ? replaceShift(list, changed) : list));
  };
  const confirmed = mine.filter((s) => s.mySignup?.status !== "WAITLISTED");
  const waiting = mine.filter((s) => s.mySignup?.status === "WAITLISTED");

  return (
    <Page title="My shifts">
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !shifts ? <Loading>Loading your shifts…</Loading> : null}
      {shifts ? (
        <>
          <section aria-labelledby="confirmed-title">
            <h2 id="confirmed-title">Shifts you are signed up for</h2>
            {confirmed.length === 0 ? (
              <Empty>
                <p>
                  You are not signed up for any shifts yet. <Link href="/shifts">Find a shift</Link>.
                </p>
              </Empty>
            ) : (
              <ul className="card-list">
                {confirmed.map((shift) => (
                  <li key={shift.id}>
                    <ShiftCard shift={shift} headingLevel={3} onChange={update} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="waiting-title">
            <h2 id="waiting-title">On the waiting list</h2>
            {waiting.length === 0 ? (
              <Empty>
                <p>You are not on any waiting lists.</p>
              </Empty>
            ) : (
              <ul className="card-list">
                {waiting.map((shift) => (
                  <li key={shift.id}>
                    <ShiftCard shift={shift} headingLevel={3} onChange={update} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {query.data?.me ? <CalendarLink url={query.data.me.calendarFeedUrl} /> : null}
        </>
      ) : null}
    </Page>
  );
}
