// Anyone, signed in or not: the directory of activities near a postcode or
// near where you are, by words, kind of activity and day, a page at a time.
// The search lives in the address (?postcode=SW9&radius=5…), so the back
// button and a shared link show the same results.

import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ApiError } from "../api/client";
import { useQuery } from "../api/hooks";
import { useSession } from "../auth/session";
import {
  Button,
  ErrorSummary,
  FieldError,
  fieldId,
  problemList,
  TextField,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { DayOfWeek, DirectoryServicesQuery, DirectoryServicesQueryVariables } from "../gql/graphql";
import { Link, navigate, useLocation } from "../router";

const DirectoryServicesQueryDoc = graphql(`
  query DirectoryServices(
    $search: String
    $category: String
    $near: GeoFilter
    $nearPostcode: PostcodeFilter
    $day: DayOfWeek
    $first: Int
    $after: String
  ) {
    services(
      search: $search
      category: $category
      near: $near
      nearPostcode: $nearPostcode
      day: $day
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          distanceKm
          group {
            id
            name
          }
          nextDates(first: 1) {
            startsAt
            endsAt
          }
          activity {
            id
            title
            category
            location
            costPence
            recurrence
          }
        }
      }
    }
  }
`);

const DirectoryMyBookingsQuery = graphql(`
  query DirectoryMyBookings {
    myBookings(first: 20) {
      totalCount
      edges {
        node {
          id
          occurrenceStartsAt
          occurrenceEndsAt
          activity {
            id
            title
          }
        }
      }
    }
  }
`);

type ServiceNode = DirectoryServicesQuery["services"]["edges"][number]["node"];

/** The kinds of activity groups most often post, as they name them. */
export const CATEGORIES = [
  "lunch club",
  "coffee morning",
  "digital help",
  "walking",
  "exercise",
  "befriending",
  "arts and crafts",
  "music",
] as const;

export const DAYS: { value: DayOfWeek; label: string }[] = [
  { value: "MONDAY", label: "Monday" },
  { value: "TUESDAY", label: "Tuesday" },
  { value: "WEDNESDAY", label: "Wednesday" },
  { value: "THURSDAY", label: "Thursday" },
  { value: "FRIDAY", label: "Friday" },
  { value: "SATURDAY", label: "Saturday" },
  { value: "SUNDAY", label: "Sunday" },
];

const RADII = ["1", "2", "5", "10", "25"] as const;

/** "£3.50", or "Free". */
export function formatCost(pence: number): string {
  if (pence === 0) return "Free";
  const pounds = pence / 100;
  return `£${Number.isInteger(pounds) ? pounds : pounds.toFixed(2)}`;
}

/** "0.8 km (half a mile) away": kilometres, and miles for those who think in them. */
export function formatDistance(km: number): string {
  const miles = km / 1.609344;
  const kmText = km < 10 ? km.toFixed(1) : String(Math.round(km));
  const milesText =
    miles < 0.75 ? "under a mile" : `about ${plural(Math.max(1, Math.round(miles)), "mile", "miles")}`;
  return `${kmText} km (${milesText}) away`;
}

/** "every week" and the like, for the common repeat rules; null for others. */
export function repeatWords(rule: string | null | undefined): string | null {
  if (!rule) return null;
  const parts = Object.fromEntries(rule.split(";").map((p) => p.split("=") as [string, string]));
  const interval = Number(parts.INTERVAL ?? "1");
  if (parts.FREQ === "DAILY") return interval === 1 ? "every day" : `every ${interval} days`;
  if (parts.FREQ === "WEEKLY") return interval === 1 ? "every week" : interval === 2 ? "every other week" : `every ${interval} weeks`;
  if (parts.FREQ === "MONTHLY") return interval === 1 ? "every month" : `every ${interval} months`;
  return "regularly";
}

type SelectFieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
};

/** A drop-down list with its label, hint and error tied to it. */
export function SelectField({ name, label, hint, error, value, onChange, options }: SelectFieldProps) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <select
        id={id}
        name={name}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** What is being searched for, as kept in the address. */
type Search = {
  postcode: string;
  radius: string;
  words: string;
  category: string;
  day: string;
  lat: string;
  lng: string;
};

function readSearch(params: URLSearchParams): Search {
  return {
    postcode: params.get("postcode") ?? "",
    radius: params.get("radius") ?? "5",
    words: params.get("search") ?? "",
    category: params.get("category") ?? "",
    day: params.get("day") ?? "",
    lat: params.get("lat") ?? "",
    lng: params.get("lng") ?? "",
  };
}

function searchAddress(s: Search): string {
  const params = new URLSearchParams();
  if (s.lat && s.lng) {
    params.set("lat", s.lat);
    params.set("lng", s.lng);
  } else if (s.postcode.trim()) params.set("postcode", s.postcode.trim().toUpperCase());
  if ((s.lat && s.lng) || s.postcode.trim()) params.set("radius", s.radius);
  if (s.words.trim()) params.set("search", s.words.trim());
  if (s.category) params.set("category", s.category);
  if (s.day) params.set("day", s.day);
  const query = params.toString();
  return query ? `/activities?${query}` : "/activities";
}

function variablesOf(s: Search, after: string | null): DirectoryServicesQueryVariables {
  const radiusKm = Number(s.radius) || 5;
  const lat = Number(s.lat);
  const lng = Number(s.lng);
  const point = s.lat && s.lng && Number.isFinite(lat) && Number.isFinite(lng);
  return {
    search: s.words.trim() || null,
    category: s.category || null,
    day: (DAYS.find((d) => d.value === s.day)?.value ?? null) as DayOfWeek | null,
    near: point ? { latitude: lat, longitude: lng, radiusKm } : null,
    nearPostcode: !point && s.postcode.trim() ? { postcode: s.postcode.trim(), radiusKm } : null,
    first: 10,
    after,
  };
}

/** The API's fields, as this form calls them. */
const FIELD_OF: Record<string, string> = {
  nearPostcode: "postcode",
  near: "postcode",
  search: "words",
  category: "category",
  day: "day",
};
const FIELD_ORDER = ["postcode", "radius", "words", "category", "day"] as const;

function problemsOf(error: ApiError | null): { fieldErrors: FieldErrors; general: string[] } {
  const fieldErrors: FieldErrors = {};
  const general: string[] = [];
  if (!error) return { fieldErrors, general };
  for (const p of error.problems) {
    const field = p.field ? FIELD_OF[p.field] : undefined;
    if (field && !fieldErrors[field]) fieldErrors[field] = p.message;
    else if (!field) general.push(p.message);
  }
  return { fieldErrors, general };
}

function ServiceCard({ service }: { service: ServiceNode }) {
  const { activity, group } = service;
  const next = service.nextDates[0];
  const repeats = repeatWords(activity.recurrence);
  const titleId = useId();
  return (
    <article className="card" aria-labelledby={titleId}>
      <h3 id={titleId} className="card__title">
        <Link href={`/activity?id=${encodeURIComponent(activity.id)}`}>{activity.title}</Link>
      </h3>
      <p className="card__meta">Run by {group.name}</p>
      <dl className="facts">
        <div>
          <dt>Next date</dt>
          <dd>
            {next ? formatWhen(next.startsAt, next.endsAt) : "No dates coming up"}
            {next && repeats ? `, and ${repeats}` : ""}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>{activity.location || "Ask the group"}</dd>
        </div>
        {service.distanceKm != null ? (
          <div>
            <dt>Distance</dt>
            <dd>{formatDistance(service.distanceKm)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(activity.costPence)}</dd>
        </div>
      </dl>
    </article>
  );
}

function MyBookings() {
  const query = useQuery(DirectoryMyBookingsQuery, {});
  const bookings = query.data?.myBookings.edges.map((e) => e.node) ?? [];
  return (
    <section className="panel" aria-labelledby="my-bookings-title">
      <h2 id="my-bookings-title">Your bookings</h2>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading your bookings…</Loading> : null}
      {query.data && bookings.length === 0 ? <p>You have not booked any activities that are coming up.</p> : null}
      {bookings.length > 0 ? (
        <ul className="list">
          {bookings.map((b) => (
            <li key={b.id}>
              <Link href={`/activity?id=${encodeURIComponent(b.activity.id)}`}>{b.activity.title}</Link>:{" "}
              {formatWhen(b.occurrenceStartsAt, b.occurrenceEndsAt)}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function DirectoryPage() {
  const session = useSession();
  const { search: params } = useLocation();
  const current = readSearch(params);
  const currentKey = searchAddress(current);
  const [form, setForm] = useState<Search>(current);
  const [paging, setPaging] = useState<{ key: string; after: string | null }>({ key: currentKey, after: null });
  const after = paging.key === currentKey ? paging.after : null;
  const setAfter = (cursor: string | null) => setPaging({ key: currentKey, after: cursor });
  const [services, setServices] = useState<ServiceNode[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [locating, setLocating] = useState<string | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);

  // A new address (a search, or back and forward): show its search, from the first page.
  useEffect(() => {
    setForm(readSearch(new URLSearchParams(currentKey.split("?")[1] ?? "")));
    setServices([]);
    setTotal(null);
    setNext(null);
  }, [currentKey]);

  const query = useQuery(DirectoryServicesQueryDoc, variablesOf(current, after));

  useEffect(() => {
    const page = query.data?.services;
    if (!page) return;
    const nodes = page.edges.map((e) => e.node);
    setServices((old) =>
      after ? [...old, ...nodes.filter((n) => !old.some((o) => o.activity.id === n.activity.id))] : nodes,
    );
    setTotal(page.totalCount);
    setNext(page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null);
    if (focusResults.current) {
      focusResults.current = false;
      resultsRef.current?.focus();
    }
  }, [query.data, after]);

  const { fieldErrors, general } = problemsOf(query.error);
  const searchFailed = query.error !== null && Object.keys(fieldErrors).length > 0;
  useEffect(() => {
    if (query.error) setAttempt((a) => a + 1);
  }, [query.error]);

  const set = (key: keyof Search) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Typing a postcode replaces "near me".
    const chosen = form.postcode.trim() !== current.postcode ? { ...form, lat: "", lng: "" } : form;
    const to = searchAddress(chosen);
    focusResults.current = true;
    if (to === currentKey) {
      setAfter(null);
      void query.reload();
    } else navigate(to);
  };

  const nearMe = () => {
    if (!("geolocation" in navigator)) {
      setLocating("Your browser cannot tell us where you are. Type your postcode instead.");
      return;
    }
    setLocating("Finding where you are…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(null);
        focusResults.current = true;
        navigate(
          searchAddress({
            ...form,
            postcode: "",
            lat: position.coords.latitude.toFixed(4),
            lng: position.coords.longitude.toFixed(4),
          }),
        );
      },
      () => setLocating("We could not find where you are. Type your postcode instead."),
      { timeout: 15_000, maximumAge: 600_000 },
    );
  };

  const nearPoint = Boolean(current.lat && current.lng);
  const place = nearPoint
    ? "near you"
    : current.postcode
      ? `near ${current.postcode}`
      : "";
  const showingSearch = Boolean(
    place || current.words.trim() || current.category || current.day,
  );

  return (
    <Page title="Find activities near you">
      <p className="lead">
        Lunch clubs, coffee mornings, walks and more, run by local groups. Anyone can look: you do not need an account.
      </p>
      <ErrorSummary problems={problemList(fieldErrors, FIELD_ORDER)} attempt={attempt} />
      <form className="form" onSubmit={submit} aria-labelledby="directory-search-title" noValidate>
        <h2 id="directory-search-title">Search</h2>
        <TextField
          name="postcode"
          label="Your postcode"
          hint="For example SW9 8QT, or just the first part, SW9. Leave it empty to see everywhere."
          value={form.postcode}
          onChange={set("postcode")}
          error={fieldErrors.postcode}
          width="medium"
          autoComplete="postal-code"
          spellCheck={false}
        />
        <SelectField
          name="radius"
          label="How far are you happy to go?"
          value={form.radius}
          onChange={set("radius")}
          options={RADII.map((r) => ({ value: r, label: `Up to ${r} km (${Math.round(Number(r) / 1.609)} ${Number(r) / 1.609 < 1.5 ? "mile" : "miles"})` }))}
        />
        <TextField
          name="words"
          label="Words to look for (optional)"
          hint="For example: lunch, walk, phone help"
          value={form.words}
          onChange={set("words")}
          error={fieldErrors.words}
          width="medium"
        />
        <SelectField
          name="category"
          label="Kind of activity"
          value={form.category}
          onChange={set("category")}
          error={fieldErrors.category}
          options={[
            { value: "", label: "Any kind" },
            ...CATEGORIES.map((c) => ({ value: c, label: c[0].toUpperCase() + c.slice(1) })),
          ]}
        />
        <SelectField
          name="day"
          label="Day of the week"
          value={form.day}
          onChange={set("day")}
          error={fieldErrors.day}
          options={[{ value: "", label: "Any day" }, ...DAYS]}
        />
        <div className="actions">
          <Button busy={query.loading && services.length === 0 && !query.error} busyText="Searching…">
            Search
          </Button>
          <Button type="button" variant="secondary" onClick={nearMe} disabled={locating === "Finding where you are…"}>
            Search near where I am now
          </Button>
        </div>
        <p className="result" role="status">
          {locating}
        </p>
      </form>

      {session.status === "signedIn" ? <MyBookings /> : null}

      <section aria-labelledby="results-title">
        <h2 id="results-title" ref={resultsRef} tabIndex={-1}>
          {showingSearch ? `Activities ${place}`.trim() : "All activities"}
        </h2>
        {query.error && !searchFailed ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
        {general.length > 0 && searchFailed ? <p>{general.join(" ")}</p> : null}
        {searchFailed ? <p>Check your search above and try again.</p> : null}
        {query.loading && services.length === 0 && !query.error ? <Loading>Looking for activities…</Loading> : null}
        {!query.loading && !query.error && services.length === 0 ? (
          <Empty>
            <p>
              <strong>No activities match your search.</strong>
            </p>
            <p>Try going further, choosing any day or any kind of activity, or using fewer words.</p>
          </Empty>
        ) : null}
        {services.length > 0 && !query.error ? (
          <>
            <p role="status">
              Showing {services.length} of {plural(total ?? services.length, "activity", "activities")}.
            </p>
            <ul className="card-list">
              {services.map((service) => (
                <li key={service.activity.id}>
                  <ServiceCard service={service} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {next && !query.error ? (
          <Button type="button" variant="secondary" onClick={() => !query.loading && setAfter(next)}>
            {query.loading ? "Loading more activities…" : "Show more activities"}
          </Button>
        ) : null}
      </section>
    </Page>
  );
}
