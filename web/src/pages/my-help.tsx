// Residents: the help I have asked for: who is coming and when, and
// cancelling a request (with a reason).

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useWholeList } from "../api/hooks";
import { Button, ErrorSummary, problemList, sortProblems, TextArea, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatMinutes, formatTime, formatWhen, ukDateKey } from "../format";
import { graphql } from "../gql";
import type { MyHelpRequestFragment } from "../gql/graphql";
import { Link } from "../router";
import { CATEGORY_WORDS, URGENCY_WORDS } from "./ask-help";

graphql(`
  fragment MyHelpRequest on HelpRequest {
    id
    status
    category
    urgency
    description
    createdAt
    preferredTimes {
      startsAt
      endsAt
    }
    group {
      id
      name
    }
    assignedVolunteer {
      id
      displayName
    }
    minutes
    cancelReason
  }
`);

const MyHelpRequestsQuery = graphql(`
  query MyHelpRequests($after: String) {
    myHelpRequests(first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...MyHelpRequest
        }
      }
    }
  }
`);

const CancelHelpRequestMutation = graphql(`
  mutation CancelHelpRequest($helpRequestId: ID!, $reason: String!) {
    cancelHelpRequest(helpRequestId: $helpRequestId, reason: $reason) {
      ...MyHelpRequest
    }
  }
`);

function firstName(name: string | undefined | null): string {
  return (name ?? "").trim().split(/\s+/)[0] || "A volunteer";
}

/** The times asked for, in a few words. */
export function timesWords(windows: { startsAt: string; endsAt: string }[]): string {
  if (windows.length === 0) return "No time given";
  const sorted = [...windows].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  if (sorted.length === 1) return formatWhen(sorted[0].startsAt, sorted[0].endsAt);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const sameHours = sorted.every(
    (w) => formatTime(w.startsAt) === formatTime(first.startsAt) && formatTime(w.endsAt) === formatTime(first.endsAt),
  );
  const days = `${formatDay(first.startsAt)} to ${formatDay(last.startsAt)}`;
  if (sameHours && ukDateKey(first.startsAt) !== ukDateKey(last.startsAt)) {
    return `Any day from ${days}, ${formatTime(first.startsAt)} to ${formatTime(first.endsAt)}`;
  }
  return sorted.map((w) => formatWhen(w.startsAt, w.endsAt)).join("; or ");
}

function StatusLine({ help }: { help: MyHelpRequestFragment }) {
  const name = firstName(help.assignedVolunteer?.displayName);
  switch (help.status) {
    case "OPEN":
      return (
        <div className="tag-line">
          <strong className="tag tag--waitlisted">Looking for a volunteer</strong>
          <p>We are finding someone who can help. Their name will show here when someone is coming.</p>
        </div>
      );
    case "ASSIGNED":
      return (
        <div className="tag-line">
          <strong className="tag tag--confirmed">{name} is coming</strong>
          <p>
            {name} from {help.group.name} will help you.
          </p>
        </div>
      );
    case "COMPLETED":
      return (
        <div className="tag-line">
          <strong className="tag tag--neutral">Done</strong>
          <p>
            {help.assignedVolunteer ? `${name} helped you` : "You were helped"}
            {help.minutes != null ? ` for ${formatMinutes(help.minutes)}` : ""}.
          </p>
        </div>
      );
    case "CANCELLED":
      return (
        <div className="tag-line">
          <strong className="tag tag--neutral">Cancelled</strong>
          {help.cancelReason ? <p>Reason: {help.cancelReason}</p> : null}
        </div>
      );
    case "EXPIRED":
      return (
        <div className="tag-line">
          <strong className="tag tag--neutral">No one was free</strong>
          <p>
            Sorry, no volunteer was free at the times you gave. <Link href="/ask-for-help">Ask again</Link> with other
            times.
          </p>
        </div>
      );
  }
}

function CancelForm({
  help,
  onCancelled,
  onKeep,
}: {
  help: MyHelpRequestFragment;
  onCancelled: (h: MyHelpRequestFragment) => void;
  onKeep: () => void;
}) {
  const prefix = `help-${help.id}`;
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const area = useRef<HTMLFormElement>(null);

  useEffect(() => {
    area.current?.querySelector("textarea")?.focus();
  }, []);

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((n) => n + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      if (!reason.trim()) return show({ reason: "Tell us why you are cancelling, in a few words." });
      try {
        const data = await request(CancelHelpRequestMutation, { helpRequestId: help.id, reason: reason.trim() });
        onCancelled(data.cancelHelpRequest);
      } catch (error) {
        const sorted = sortProblems(error, ["reason"]);
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  const prefixed = Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v]));
  return (
    <form ref={area} onSubmit={submit} noValidate className="form record-form" aria-labelledby={`${prefix}-cancel-title`}>
      <h3 id={`${prefix}-cancel-title`}>Cancel this request</h3>
      <ErrorSummary problems={problemList(prefixed, [`${prefix}-reason`], general)} attempt={attempt} />
      <TextArea
        name={`${prefix}-reason`}
        label="Why are you cancelling?"
        hint="For example: my daughter did the shopping for me."
        value={reason}
        onChange={setReason}
        error={fieldErrors.reason}
        rows={2}
        maxLength={500}
      />
      <div className="actions">
        <Button variant="warning" busy={busy} busyText="Cancelling…">
          Cancel my request
        </Button>
        <Button type="button" variant="secondary" onClick={onKeep}>
          Keep my request
        </Button>
      </div>
    </form>
  );
}

function HelpCard({ help, onChange }: { help: MyHelpRequestFragment; onChange: (h: MyHelpRequestFragment) => void }) {
  const id = `help-${help.id}`;
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const [focus, setFocus] = useState<"result" | "button" | null>(null);
  const what = CATEGORY_WORDS[help.category] ?? "Help";

  useEffect(() => {
    if (focus === "result") resultRef.current?.focus();
    if (focus === "button") openButton.current?.focus();
    if (focus) setFocus(null);
  }, [focus]);

  const canCancel = help.status === "OPEN" || help.status === "ASSIGNED";
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        {what}
      </h3>
      <p className="card__meta">
        Asked on {formatDay(help.createdAt)}, {help.group.name}
      </p>
      <StatusLine help={help} />
      <dl className="facts">
        <div>
          <dt>When</dt>
          <dd>{timesWords(help.preferredTimes)}</dd>
        </div>
        <div>
          <dt>How soon</dt>
          <dd>{URGENCY_WORDS[help.urgency]}</dd>
        </div>
        <div>
          <dt>What you asked</dt>
          <dd className="details">{help.description}</dd>
        </div>
      </dl>
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
      {canCancel && cancelling ? (
        <CancelForm
          help={help}
          onCancelled={(h) => {
            onChange(h);
            setCancelling(false);
            setResult("Your request has been cancelled.");
            setFocus("result");
          }}
          onKeep={() => {
            setCancelling(false);
            setFocus("button");
          }}
        />
      ) : null}
      {canCancel && !cancelling ? (
        <div className="card__actions">
          <button
            type="button"
            className="button button--secondary"
            ref={openButton}
            onClick={() => setCancelling(true)}
          >
            Cancel this request<span className="visually-hidden"> for {what.toLowerCase()}</span>
          </button>
        </div>
      ) : null}
    </article>
  );
}

export function MyHelpPage() {
  const query = useWholeList(MyHelpRequestsQuery, {}, (d) => d.myHelpRequests);
  const [items, setItems] = useState<MyHelpRequestFragment[] | null>(null);
  useEffect(() => {
    if (query.nodes) setItems(query.nodes);
  }, [query.nodes]);
  const [touched, setTouched] = useState<string[]>([]);

  const replace = (changed: MyHelpRequestFragment) => {
    setTouched((t) => (t.includes(changed.id) ? t : [...t, changed.id]));
    setItems((list) => (list ? list.map((h) => (h.id === changed.id ? changed : h)) : list));
  };
  // A request cancelled here stays where it was, so its message stays in view.
  const current = (items ?? []).filter(
    (h) => h.status === "OPEN" || h.status === "ASSIGNED" || touched.includes(h.id),
  );
  const earlier = (items ?? []).filter((h) => !current.includes(h));

  return (
    <Page title="My help">
      <p className="lead">The help you have asked for, who is coming and when.</p>
      <p>
        <Link href="/ask-for-help" className="button button--primary">
          Ask for help
        </Link>
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !items ? <Loading>Loading your requests…</Loading> : null}
      {items ? (
        <>
          <section aria-labelledby="current-title">
            <h2 id="current-title">Help on its way</h2>
            {current.length === 0 ? (
              <Empty>
                <p>You have not asked for any help at the moment.</p>
              </Empty>
            ) : (
              <ul className="card-list">
                {current.map((h) => (
                  <li key={h.id}>
                    <HelpCard help={h} onChange={replace} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          {earlier.length > 0 ? (
            <section aria-labelledby="earlier-title">
              <h2 id="earlier-title">Earlier requests</h2>
              <ul className="card-list">
                {earlier.map((h) => (
                  <li key={h.id}>
                    <HelpCard help={h} onChange={replace} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
