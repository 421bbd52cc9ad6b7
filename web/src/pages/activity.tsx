// One activity, for anyone: what it is, when and where it runs, a calendar
// file to add it to your calendar, and for people signed in, booking a
// place on one of its dates and cancelling it.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, request } from "../api/client";
import { useAction, useQuery, useWholeList } from "../api/hooks";
import { useSession } from "../auth/session";
import { Button, ErrorSummary, problemList, RadioGroup, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatWhen, plural, ukDateKey } from "../format";
import { graphql } from "../gql";
import type { ActivityPageQuery } from "../gql/graphql";
import { Link, useLocation } from "../router";
import { formatCost, repeatWords } from "./directory";

const ActivityPageQueryDoc = graphql(`
  query ActivityPage($id: ID!) {
    activity(id: $id) {
      id
      title
      description
      category
      location
      accessibility
      costPence
      minAge
      maxAge
      capacity
      status
      cancelReason
      recurrence
      allDay
      group {
        id
        name
      }
      occurrences(first: 8) {
        startsAt
        endsAt
        bookedCount
        placesLeft
      }
    }
  }
`);

const ActivityPageBookingsQuery = graphql(`
  query ActivityPageBookings($after: String) {
    myBookings(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          occurrenceStartsAt
          occurrenceEndsAt
          activity {
            id
          }
        }
      }
    }
  }
`);

const BookActivityMutation = graphql(`
  mutation ActivityPageBook($activityId: ID!, $occurrenceStartsAt: DateTime!) {
    bookActivity(activityId: $activityId, occurrenceStartsAt: $occurrenceStartsAt) {
      id
      status
      occurrenceStartsAt
      occurrenceEndsAt
    }
  }
`);

const CancelBookingMutation = graphql(`
  mutation ActivityPageCancelBooking($bookingId: ID!) {
    cancelBooking(bookingId: $bookingId) {
      id
      status
      occurrenceStartsAt
    }
  }
`);

type ActivityData = NonNullable<ActivityPageQuery["activity"]>;
type Occurrence = ActivityData["occurrences"][number];

function when(activity: ActivityData, startsAt: string, endsAt: string): string {
  if (!activity.allDay) return formatWhen(startsAt, endsAt);
  // All-day dates end at the start of the day after.
  const lastDay = new Date(Date.parse(endsAt) - 1);
  return ukDateKey(startsAt) === ukDateKey(lastDay)
    ? `${formatDay(startsAt)}, all day`
    : `${formatDay(startsAt)} to ${formatDay(lastDay)}, all day`;
}

function ages(min: number | null, max: number | null): string | null {
  if (min != null && max != null) return `For people aged ${min} to ${max}`;
  if (min != null) return `For people aged ${min} and over`;
  if (max != null) return `For people aged up to ${max}`;
  return null;
}

function placesText(o: Occurrence): string {
  if (o.placesLeft == null) return "No limit on places";
  if (o.placesLeft === 0) return "Full: no places left";
  return `${plural(o.placesLeft, "place", "places")} left`;
}

/** Errors from booking that are about the chosen date. */
const DATE_CODES = ["ACTIVITY_FULL", "ALREADY_BOOKED"];

type MyBooking = { id: string; occurrenceStartsAt: string; occurrenceEndsAt: string };

function BookingSection({
  activity,
  bookings,
  onChanged,
}: {
  activity: ActivityData;
  bookings: MyBooking[];
  onChanged: () => Promise<void>;
}) {
  const [busy, act] = useAction();
  const [date, setDate] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const [focusResult, setFocusResult] = useState(0);

  useEffect(() => {
    if (focusResult > 0) resultRef.current?.focus();
  }, [focusResult]);

  const booked = new Set(bookings.map((b) => b.occurrenceStartsAt).map((t) => Date.parse(t)));
  const bookable = activity.occurrences.filter(
    (o) => !booked.has(Date.parse(o.startsAt)) && o.placesLeft !== 0 && Date.parse(o.startsAt) > Date.now(),
  );

  const fail = (e: unknown) => {
    const errors: FieldErrors = {};
    const other: string[] = [];
    const problems =
      e instanceof ApiError ? e.problems : [{ message: "Something went wrong. Please try again.", code: "INTERNAL", field: null }];
    for (const p of problems) {
      if (DATE_CODES.includes(p.code) || p.field === "occurrenceStartsAt") errors.date ??= p.message;
      else other.push(p.message);
    }
    setFieldErrors(errors);
    setGeneral(other);
    setAttempt((a) => a + 1);
  };

  const book = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setResult(null);
      if (!date) {
        setFieldErrors({ date: "Choose the date you would like to book." });
        setGeneral([]);
        setAttempt((a) => a + 1);
        return;
      }
      try {
        const data = await request(BookActivityMutation, { activityId: activity.id, occurrenceStartsAt: date });
        const b = data.bookActivity;
        setFieldErrors({});
        setGeneral([]);
        setDate(null);
        await onChanged();
        setResult(`You have booked a place at ${activity.title} on ${when(activity, b.occurrenceStartsAt, b.occurrenceEndsAt)}.`);
        setFocusResult((n) => n + 1);
      } catch (e) {
        fail(e);
        setDate(null);
        await onChanged();
      }
    });
  };

  const cancel = (booking: MyBooking) =>
    act(async () => {
      setResult(null);
      setFieldErrors({});
      try {
        await request(CancelBookingMutation, { bookingId: booking.id });
        setGeneral([]);
        await onChanged();
        setResult(
          `You have cancelled your place on ${when(activity, booking.occurrenceStartsAt, booking.occurrenceEndsAt)}.`,
        );
        setFocusResult((n) => n + 1);
      } catch (e) {
        fail(e);
      }
    });

  return (
    <section aria-labelledby="booking-title">
      <h2 id="booking-title">Book a place</h2>
      {bookings.length > 0 ? (
        <div className="panel">
          <h3>You have booked</h3>
          <ul className="card-list">
            {bookings.map((b) => {
              const words = when(activity, b.occurrenceStartsAt, b.occurrenceEndsAt);
              return (
                <li key={b.id} className="booked-date">
                  <p>
                    <strong className="tag tag--confirmed">Booked</strong> {words}
                  </p>
                  <Button type="button" variant="secondary" busy={busy} busyText="Please wait…" onClick={() => void cancel(b)}>
                    Cancel this booking<span className="visually-hidden"> on {words}</span>
                  </Button>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      <p className="result" ref={resultRef} tabIndex={-1} role="status">
        {result}
      </p>
      <ErrorSummary problems={problemList(fieldErrors, ["date"], general)} attempt={attempt} />
      {bookable.length > 0 ? (
        <form className="form" onSubmit={book} aria-labelledby="booking-title" noValidate>
          <RadioGroup
            name="date"
            legend={bookings.length > 0 ? "Would you like to book another date?" : "Which date would you like to book?"}
            hint="Choose one date. You can book others afterwards."
            error={fieldErrors.date}
            value={date}
            onChange={setDate}
            choices={bookable.map((o) => ({
              value: o.startsAt,
              label: when(activity, o.startsAt, o.endsAt),
              hint: placesText(o),
            }))}
          />
          <Button busy={busy} busyText="Booking your place…">
            Book a place
          </Button>
        </form>
      ) : (
        <Empty>
          {fieldErrors.date ? (
            <p className="field-error" id="field-date-error">
              <span className="visually-hidden">Error: </span>
              {fieldErrors.date}
            </p>
          ) : null}
          <p>There are no other dates with places left to book at the moment.</p>
        </Empty>
      )}
    </section>
  );
}

function SignedInBooking({ activity, reloadActivity }: { activity: ActivityData; reloadActivity: () => Promise<void> }) {
  const bookings = useWholeList(ActivityPageBookingsQuery, {}, (d) => d.myBookings);
  if (bookings.error) return <LoadError error={bookings.error} onRetry={() => void bookings.reload()} />;
  if (!bookings.nodes) return <Loading>Loading your bookings…</Loading>;
  const mine = bookings.nodes
    .filter((b) => b.activity.id === activity.id && b.status === "BOOKED")
    .sort((a, b) => Date.parse(a.occurrenceStartsAt) - Date.parse(b.occurrenceStartsAt));
  return (
    <BookingSection
      activity={activity}
      bookings={mine}
      onChanged={async () => {
        await Promise.all([bookings.reload(), reloadActivity()]);
      }}
    />
  );
}

export function ActivityPage() {
  const session = useSession();
  const { search } = useLocation();
  const id = search.get("id") ?? "";
  const query = useQuery(ActivityPageQueryDoc, { id });
  const activity = query.data?.activity ?? null;

  if (!id || (query.error && query.error.has("VALIDATION")) || (query.data && !activity)) {
    return (
      <Page title="Activity not found">
        <p>We could not find that activity. It may have been taken down, or the link may be wrong.</p>
        <p>
          <Link href="/activities">Find activities near you</Link>
        </p>
      </Page>
    );
  }
  if (!activity) {
    return (
      <Page title="Activity">
        {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : <Loading>Loading the activity…</Loading>}
      </Page>
    );
  }

  const repeats = repeatWords(activity.recurrence);
  const forAges = ages(activity.minAge, activity.maxAge);
  const cancelled = activity.status === "CANCELLED";
  const here = `/activity?id=${encodeURIComponent(activity.id)}`;

  return (
    <Page title={activity.title}>
      <p className="lead">
        Run by <strong>{activity.group.name}</strong>
        {repeats ? `, ${repeats}` : ""}.
      </p>
      {cancelled ? (
        <div className="notice notice--error" role="alert">
          <p>
            <strong>This activity has been cancelled.</strong>
            {activity.cancelReason ? ` ${activity.cancelReason}` : ""}
          </p>
        </div>
      ) : null}
      {activity.description ? <p>{activity.description}</p> : null}
      <dl className="facts">
        <div>
          <dt>Where</dt>
          <dd>{activity.location || "Ask the group"}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(activity.costPence)}</dd>
        </div>
        {activity.accessibility ? (
          <div>
            <dt>Access</dt>
            <dd>{activity.accessibility}</dd>
          </div>
        ) : null}
        {forAges ? (
          <div>
            <dt>Who it is for</dt>
            <dd>{forAges}</dd>
          </div>
        ) : null}
        <div>
          <dt>Places</dt>
          <dd>{activity.capacity == null ? "No limit" : `${activity.capacity} each time`}</dd>
        </div>
      </dl>

      <section aria-labelledby="dates-title">
        <h2 id="dates-title">When it runs</h2>
        {activity.occurrences.length === 0 ? (
          <Empty>
            <p>There are no dates coming up.</p>
          </Empty>
        ) : (
          <ul className="list dates">
            {activity.occurrences.map((o) => (
              <li key={o.startsAt}>
                {when(activity, o.startsAt, o.endsAt)}
                {cancelled ? null : <span className="hint"> ({placesText(o)})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>

      {!cancelled ? (
        <section aria-labelledby="calendar-title">
          <h2 id="calendar-title">Add to your calendar</h2>
          <p>
            Download a calendar file with this activity's dates. Open it to add them to Google Calendar, Outlook or
            Apple Calendar.
          </p>
          <p>
            <a
              className="button button--secondary"
              href={`/calendar/activity/${encodeURIComponent(activity.id)}.ics`}
              download={`${activity.title.replace(/[^A-Za-z0-9 ]+/g, "").trim() || "activity"}.ics`}
            >
              Add to calendar<span className="visually-hidden">: {activity.title}</span>
            </a>
          </p>
        </section>
      ) : null}

      {cancelled ? null : session.status === "signedIn" ? (
        <SignedInBooking activity={activity} reloadActivity={query.reload} />
      ) : session.status === "signedOut" ? (
        <section aria-labelledby="booking-title">
          <h2 id="booking-title">Book a place</h2>
          <p>
            <Link href={`/sign-in?next=${encodeURIComponent(here)}`}>Sign in to book a place</Link>, or{" "}
            <Link href="/register">create an account</Link>. You can also ask {activity.group.name} to book for you.
          </p>
        </section>
      ) : null}

      <p>
        <Link href="/activities">Find other activities</Link>
      </p>
    </Page>
  );
}
