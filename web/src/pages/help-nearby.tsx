// Volunteers: open help requests near where they start from (or anywhere),
// by kind of help, and offering to help with one. Residents' details stay
// minimal here: first name, area and a rough distance.

import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from "react";
import { ApiError, request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { Button, ErrorSummary, problemList, RadioGroup, TextField, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { HelpCategory, HelpNearbyRequestsQuery, HelpUrgency } from "../gql/graphql";
import { Link } from "../router";
import { SelectField } from "./directory";

const HelpNearbyProfileQuery = graphql(`
  query HelpNearbyProfile {
    me {
      id
      volunteerProfile {
        travelRadiusKm
        location {
          latitude
          longitude
        }
      }
    }
  }
`);

const HelpNearbyRequestsQueryDoc = graphql(`
  query HelpNearbyRequests($near: GeoFilter, $category: String, $first: Int, $after: String) {
    openHelpRequests(near: $near, category: $category, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          category
          urgency
          description
          homeVisit
          requiredSkills
          preferredTimes {
            startsAt
            endsAt
          }
          group {
            id
            name
          }
          residentFirstName
          area
          roughDistanceKm
        }
      }
    }
  }
`);

const OfferHelpMutation = graphql(`
  mutation HelpNearbyOffer($helpRequestId: ID!) {
    offerHelp(helpRequestId: $helpRequestId) {
      id
      status
    }
  }
`);

type HelpRequestNode = HelpNearbyRequestsQuery["openHelpRequests"]["edges"][number]["node"];

const CATEGORY_WORDS: Record<HelpCategory, string> = {
  SHOPPING: "Shopping",
  PRESCRIPTION_COLLECTION: "Collecting a prescription",
  TRANSPORT: "A lift",
  BEFRIENDING: "A friendly visit or call",
  ODD_JOBS: "Odd jobs",
  DIGITAL_HELP: "Help with a phone or computer",
  FORM_FILLING: "Help with forms",
  OTHER: "Other help",
};

const URGENCY_WORDS: Record<HelpUrgency, { text: string; tag: string }> = {
  URGENT: { text: "Urgent", tag: "tag--urgent" },
  SOON: { text: "Needed soon", tag: "tag--waitlisted" },
  ROUTINE: { text: "When you can", tag: "tag--neutral" },
};

/** Codes that mean the request is no longer open to offers. */
const CLOSED_CODES = ["NOT_FOUND", "INVALID_TRANSITION"];
const CLOSED_MESSAGE =
  "This request is no longer open, so you cannot offer to help with it. Someone else may already be helping.";

type Filter = { where: "near" | "anywhere"; distance: string; category: string };

function HelpRequestCard({ help }: { help: HelpRequestNode }) {
  const [busy, act] = useAction();
  const [state, setState] = useState<"open" | "offered" | "closed">("open");
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [focus, setFocus] = useState<"result" | "error" | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  const base = useId();
  const what = CATEGORY_WORDS[help.category];
  const urgency = URGENCY_WORDS[help.urgency];

  useEffect(() => {
    if (focus === "result") resultRef.current?.focus();
    if (focus === "error") errorRef.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  const offer = () =>
    act(async () => {
      setError(null);
      setResult(null);
      try {
        await request(OfferHelpMutation, { helpRequestId: help.id });
        setState("offered");
        setResult(
          `Thank you. You have offered to help ${help.residentFirstName}. A coordinator from ${help.group.name} will be in touch to arrange it.`,
        );
        setFocus("result");
      } catch (e) {
        const code = e instanceof ApiError ? e.code : "INTERNAL";
        if (CLOSED_CODES.includes(code)) {
          setState("closed");
          setError(CLOSED_MESSAGE);
        } else {
          if (code === "CONFLICT") setState("offered");
          setError(e instanceof ApiError ? e.message : "Something went wrong. Please try again.");
        }
        setFocus("error");
      }
    });

  return (
    <article className="card" aria-labelledby={`${base}-title`}>
      <h3 id={`${base}-title`} className="card__title">
        {what} for {help.residentFirstName}
      </h3>
      <p className="tag-line">
        <strong className={`tag ${urgency.tag}`}>{urgency.text}</strong>
        {state === "offered" ? (
          <>
            {" "}
            <strong className="tag tag--confirmed">You offered to help</strong>
          </>
        ) : null}
        {state === "closed" ? (
          <>
            {" "}
            <strong className="tag tag--status">No longer open</strong>
          </>
        ) : null}
      </p>
      <p>{help.description}</p>
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>
            {help.preferredTimes.length === 1 ? (
              formatWhen(help.preferredTimes[0].startsAt, help.preferredTimes[0].endsAt)
            ) : (
              <ul className="list">
                {help.preferredTimes.map((t) => (
                  <li key={t.startsAt}>{formatWhen(t.startsAt, t.endsAt)}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {help.area || "Area not given"}
            {help.roughDistanceKm != null ? `, about ${help.roughDistanceKm} km from you` : ""}
          </dd>
        </div>
        <div>
          <dt>Group</dt>
          <dd>{help.group.name}</dd>
        </div>
        {help.homeVisit || help.requiredSkills.length > 0 ? (
          <div>
            <dt>You need</dt>
            <dd>
              {[
                ...help.requiredSkills.map((s) => `the ${s} skill`),
                ...(help.homeVisit ? ["a DBS check, because helping means going into their home"] : []),
              ].join(" and ")}
            </dd>
          </div>
        ) : null}
      </dl>
      {error ? (
        <p className="field-error" id={`${base}-error`} ref={errorRef} tabIndex={-1} role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
      {state === "open" ? (
        <div className="card__actions">
          <Button
            type="button"
            busy={busy}
            busyText="Sending your offer…"
            onClick={() => void offer()}
            aria-describedby={error ? `${base}-error` : undefined}
          >
            Offer to help<span className="visually-hidden"> {help.residentFirstName}: {what.toLowerCase()}</span>
          </Button>
        </div>
      ) : null}
    </article>
  );
}

type Variables = { near: { latitude: number; longitude: number; radiusKm: number } | null; category: string | null };

/** The server's problems with the search itself, by the form's field names. */
function searchErrors(error: ApiError | null): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of error?.problems ?? []) {
    if (p.field === "near" && !errors.distance) errors.distance = p.message;
    if (p.field === "category" && !errors.category) errors.category = p.message;
  }
  return errors;
}

function Requests({ variables, onSearchErrors }: { variables: Variables; onSearchErrors: (errors: FieldErrors) => void }) {
  const [paging, setPaging] = useState<{ key: string; after: string | null }>({ key: "", after: null });
  const key = JSON.stringify(variables);
  const after = paging.key === key ? paging.after : null;
  const query = useQuery(HelpNearbyRequestsQueryDoc, { ...variables, first: 20, after });
  const [list, setList] = useState<{ key: string; items: HelpRequestNode[]; total: number; next: string | null }>({
    key: "",
    items: [],
    total: 0,
    next: null,
  });

  useEffect(() => {
    const page = query.data?.openHelpRequests;
    if (!page) return;
    const nodes = page.edges.map((e) => e.node);
    setList((old) => ({
      key,
      items: old.key === key && after ? [...old.items, ...nodes.filter((n) => !old.items.some((o) => o.id === n.id))] : nodes,
      total: page.totalCount,
      next: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null,
    }));
  }, [query.data, key, after]);

  const report = useRef(onSearchErrors);
  report.current = onSearchErrors;
  useEffect(() => {
    report.current(searchErrors(query.error));
  }, [query.error]);

  const items = list.key === key ? list.items : [];
  if (query.error && items.length === 0) {
    return Object.keys(searchErrors(query.error)).length > 0 ? (
      <p>Check what you asked for above and try again.</p>
    ) : (
      <LoadError error={query.error} onRetry={() => void query.reload()} />
    );
  }
  if (query.loading && items.length === 0) return <Loading>Looking for requests…</Loading>;
  if (items.length === 0) {
    return (
      <Empty>
        <p>
          <strong>There are no open requests that match.</strong>
        </p>
        <p>Try looking further away or for any kind of help. New requests come in all the time, so please look again soon.</p>
      </Empty>
    );
  }
  return (
    <>
      <p role="status">Showing {items.length} of {plural(list.total, "open request", "open requests")}, most urgent first.</p>
      <ul className="card-list">
        {items.map((help) => (
          <li key={help.id}>
            <HelpRequestCard help={help} />
          </li>
        ))}
      </ul>
      {list.next ? (
        <Button type="button" variant="secondary" onClick={() => !query.loading && setPaging({ key, after: list.next })}>
          {query.loading ? "Loading more requests…" : "Show more requests"}
        </Button>
      ) : null}
    </>
  );
}

export function HelpNearbyPage() {
  const profile = useQuery(HelpNearbyProfileQuery, {});
  const vp = profile.data?.me?.volunteerProfile ?? null;
  const home = vp?.location ?? null;
  const [form, setForm] = useState<Filter | null>(null);
  const [applied, setApplied] = useState<Filter | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [attempt, setAttempt] = useState(0);

  // Start from the volunteer's own place and travel radius, when known.
  useEffect(() => {
    if (!profile.data || form) return;
    const start: Filter = {
      where: home ? "near" : "anywhere",
      distance: String(vp?.travelRadiusKm && vp.travelRadiusKm > 0 ? vp.travelRadiusKm : 5),
      category: "",
    };
    setForm(start);
    setApplied(start);
  }, [profile.data, form, home, vp]);

  const variables =
    applied && {
      near:
        applied.where === "near" && home
          ? { latitude: home.latitude, longitude: home.longitude, radiusKm: Number(applied.distance) }
          : null,
      category: applied.category || null,
    };

  // The server's answer about the search itself lands on the field it is about.
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const errors = { ...serverErrors, ...fieldErrors };
  const onSearchErrors = useCallback((found: FieldErrors) => {
    setServerErrors(found);
    if (Object.keys(found).length > 0) setAttempt((a) => a + 1);
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const km = Number(form.distance.trim());
    if (form.where === "near" && (form.distance.trim() === "" || !Number.isFinite(km))) {
      setFieldErrors({ distance: "Enter how far you will go as a number of kilometres, like 5." });
      setAttempt((a) => a + 1);
      return;
    }
    setFieldErrors({});
    setApplied({ ...form, distance: form.distance.trim() });
  };

  return (
    <Page title="Help nearby">
      <p className="lead">
        Neighbours who have asked for help. Offer to help with one you can do, and a coordinator will be in touch to
        arrange it.
      </p>
      {profile.error ? <LoadError error={profile.error} onRetry={() => void profile.reload()} /> : null}
      {profile.loading && !profile.data ? <Loading>Loading…</Loading> : null}
      {form && applied && variables ? (
        <>
          <ErrorSummary problems={problemList(errors, ["where", "distance", "category"])} attempt={attempt} />
          <form className="form" onSubmit={submit} aria-labelledby="help-filter-title" noValidate>
            <h2 id="help-filter-title">Which requests to show</h2>
            {home ? (
              <RadioGroup
                name="where"
                legend="Where"
                value={form.where}
                onChange={(where) => setForm({ ...form, where })}
                choices={[
                  { value: "near", label: "Near where I start from" },
                  { value: "anywhere", label: "Anywhere" },
                ]}
              />
            ) : (
              <p>
                To see requests near you, <Link href="/volunteering">say where you start from</Link>. Until then we
                show requests from everywhere.
              </p>
            )}
            {home && form.where === "near" ? (
              <TextField
                name="distance"
                label="How far will you go, in kilometres?"
                hint="1 kilometre is a little over half a mile."
                value={form.distance}
                onChange={(distance) => setForm({ ...form, distance })}
                error={errors.distance}
                width="short"
                inputMode="decimal"
              />
            ) : null}
            <SelectField
              name="category"
              label="Kind of help"
              value={form.category}
              onChange={(category) => setForm({ ...form, category })}
              error={errors.category}
              options={[
                { value: "", label: "Any kind of help" },
                ...(Object.keys(CATEGORY_WORDS) as HelpCategory[]).map((c) => ({ value: c, label: CATEGORY_WORDS[c] })),
              ]}
            />
            <Button>Show requests</Button>
          </form>
          <section aria-labelledby="requests-title">
            <h2 id="requests-title">Open requests</h2>
            <Requests variables={variables} onSearchErrors={onSearchErrors} />
          </section>
        </>
      ) : null}
    </Page>
  );
}
