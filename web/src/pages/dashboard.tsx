// Coordinators: check-ins that were missed or are overdue in the groups
// they run, most at risk first. New escalations appear as they happen
// (the checkInEscalated subscription); each one is resolved with a note
// of what was found.

import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useWholeList } from "../api/hooks";
import { useSubscription, type LiveStatus } from "../api/subscriptions";
import { useSession } from "../auth/session";
import { Button, ErrorSummary, problemList, sortProblems, TextArea, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatTime } from "../format";
import { graphql } from "../gql";
import type { DashboardCheckInFragment } from "../gql/graphql";
import { Link } from "../router";
import { coordinatedGroups, residentHref, type CoordinatedGroup } from "./residents";

graphql(`
  fragment DashboardCheckIn on CheckIn {
    id
    dueAt
    overdueAt
    status
    outcome
    concerns
    notes
    channel
    missedAt
    escalationStep
    nextEscalationAt
    resolvedAt
    resolutionNote
    plan {
      id
      riskLevel
    }
    resident {
      id
      displayName
    }
    volunteer {
      id
      displayName
    }
    group {
      id
      name
    }
    events {
      kind
      step
      audience
      recipientName
      channel
      detail
      at
    }
  }
`);

const OverdueCheckInsQuery = graphql(`
  query OverdueCheckIns($after: String) {
    overdueCheckIns(first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...DashboardCheckIn
        }
      }
    }
  }
`);

const CheckInEscalatedSubscription = graphql(`
  subscription CheckInEscalated($groupId: ID!) {
    checkInEscalated(groupId: $groupId) {
      ...DashboardCheckIn
    }
  }
`);

const ResolveEscalationMutation = graphql(`
  mutation ResolveEscalation($checkInId: ID!, $note: String!) {
    resolveCheckInEscalation(checkInId: $checkInId, note: $note) {
      ...DashboardCheckIn
    }
  }
`);

const CHANNEL_WORDS: Record<string, string> = { PHONE: "phone call", VISIT: "home visit", VIDEO: "video call" };
const AUDIENCE_WORDS: Record<string, string> = {
  VOLUNTEER: "the volunteer",
  BACKUP: "the backup volunteer",
  COORDINATOR: "a coordinator",
  EMERGENCY_CONTACT: "an emergency contact",
};
const HOW_WORDS: Record<string, string> = { EMAIL: "by email", PHONE: "asked to phone", NONE: "no way to reach them on file" };
const RISK_WORDS: Record<string, string> = { HIGH: "High risk", MEDIUM: "Medium risk", LOW: "Low risk" };

function statusWords(c: DashboardCheckInFragment): string {
  if (c.resolvedAt) return "Resolved";
  if (c.status === "MISSED" && c.outcome === "NO_ANSWER") return "No answer: escalating";
  if (c.status === "MISSED") return "Missed: escalating";
  return "Overdue: nothing recorded yet";
}

function firstName(name: string | undefined): string {
  return (name ?? "them").split(" ")[0] || "them";
}

function ResolveForm({ checkIn, onResolved }: { checkIn: DashboardCheckInFragment; onResolved: (c: DashboardCheckInFragment) => void }) {
  const prefix = `resolve-${checkIn.id}`;
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const name = firstName(checkIn.resident?.displayName);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      try {
        const data = await request(ResolveEscalationMutation, { checkInId: checkIn.id, note: note.trim() });
        onResolved(data.resolveCheckInEscalation);
      } catch (error) {
        const sorted = sortProblems(error, ["note"]);
        setFieldErrors(sorted.fieldErrors);
        setGeneral(sorted.general);
        setAttempt((a) => a + 1);
      }
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-label={`Resolve: ${checkIn.resident?.displayName ?? "check-in"}`}>
      <ErrorSummary
        problems={problemList(fieldErrors.note ? { [`${prefix}-note`]: fieldErrors.note } : {}, [`${prefix}-note`], general)}
        attempt={attempt}
      />
      <TextArea
        name={`${prefix}-note`}
        label={`What did you find out about ${name}?`}
        hint="Everyone who was alerted hears the all clear, with this note."
        rows={3}
        maxLength={2000}
        value={note}
        onChange={setNote}
        error={fieldErrors.note}
      />
      <Button busy={busy} busyText="Resolving…">
        Resolve
      </Button>
    </form>
  );
}

function EscalationCard({
  checkIn,
  fresh,
  onChange,
}: {
  checkIn: DashboardCheckInFragment;
  fresh: boolean;
  onChange: (c: DashboardCheckInFragment) => void;
}) {
  const id = `overdue-${checkIn.id}`;
  const [resolvedNow, setResolvedNow] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (resolvedNow) resultRef.current?.focus();
  }, [resolvedNow]);
  const told = checkIn.events.filter((e) => e.kind === "ESCALATED");
  const risk = checkIn.plan?.riskLevel;
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        {checkIn.resident ? (
          <Link href={residentHref(checkIn.resident.id, checkIn.group?.id)}>{checkIn.resident.displayName}</Link>
        ) : (
          "A resident"
        )}
      </h3>
      <p className="tag-line">
        <strong className={`tag ${checkIn.resolvedAt ? "tag--confirmed" : "tag--urgent"}`}>{statusWords(checkIn)}</strong>{" "}
        {risk ? <strong className="tag tag--neutral">{RISK_WORDS[risk] ?? risk}</strong> : null}{" "}
        {fresh ? <strong className="tag tag--status">New</strong> : null}
      </p>
      <dl className="facts">
        <div>
          <dt>Was due</dt>
          <dd>
            {formatDay(checkIn.dueAt)}, {formatTime(checkIn.dueAt)} ({CHANNEL_WORDS[checkIn.channel] ?? checkIn.channel})
          </dd>
        </div>
        <div>
          <dt>Volunteer</dt>
          <dd>{checkIn.volunteer?.displayName ?? "Unknown"}</dd>
        </div>
        {checkIn.group ? (
          <div>
            <dt>Group</dt>
            <dd>{checkIn.group.name}</dd>
          </div>
        ) : null}
        {checkIn.notes ? (
          <div>
            <dt>Volunteer's note</dt>
            <dd>{checkIn.notes}</dd>
          </div>
        ) : null}
      </dl>
      {told.length > 0 ? (
        <>
          <h4>Who has been told</h4>
          <ol className="list">
            {told.map((e, i) => (
              <li key={i}>
                {formatTime(e.at)}: {e.recipientName || AUDIENCE_WORDS[e.audience] || "someone"}
                {AUDIENCE_WORDS[e.audience] && e.recipientName ? ` (${AUDIENCE_WORDS[e.audience]})` : ""},{" "}
                {HOW_WORDS[e.channel] ?? e.channel.toLowerCase()}
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p>Nobody has been told yet: the first alert goes out within a minute.</p>
      )}
      <div ref={resultRef} tabIndex={-1} role="status" className="result-region">
        {checkIn.resolvedAt ? (
          <p>
            Resolved at {formatTime(checkIn.resolvedAt)}: “{checkIn.resolutionNote}”
          </p>
        ) : null}
      </div>
      {!checkIn.resolvedAt && checkIn.status === "MISSED" ? (
        <ResolveForm
          checkIn={checkIn}
          onResolved={(c) => {
            onChange(c);
            setResolvedNow(true);
          }}
        />
      ) : null}
      <p>
        <Link
          href={
            checkIn.outcome === "CONCERN"
              ? `/referral?checkInId=${encodeURIComponent(checkIn.id)}`
              : `/referral?residentId=${encodeURIComponent(checkIn.resident?.id ?? "")}&group=${encodeURIComponent(checkIn.group?.id ?? "")}`
          }
        >
          Refer {firstName(checkIn.resident?.displayName)} to a partner
        </Link>
      </p>
    </article>
  );
}

function GroupWatch({ group, onEvent }: { group: CoordinatedGroup; onEvent: (c: DashboardCheckInFragment, status: LiveStatus) => void }) {
  const status = useSubscription(CheckInEscalatedSubscription, { groupId: group.id }, (data) =>
    onEvent(data.checkInEscalated, "live"),
  );
  return (
    <li>
      {group.name}: {status === "live" ? "watching live" : status === "stopped" ? "not live: reload the page to see changes" : "connecting…"}
    </li>
  );
}

export function DashboardPage() {
  const session = useSession();
  const groups = coordinatedGroups(session.status === "signedIn" ? session.viewer : null);
  const query = useWholeList(OverdueCheckInsQuery, {}, (d) => d.overdueCheckIns);
  const [items, setItems] = useState<DashboardCheckInFragment[] | null>(null);
  const [fresh, setFresh] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (query.nodes) setItems(query.nodes);
  }, [query.nodes]);

  const upsert = useCallback((c: DashboardCheckInFragment) => {
    setItems((list) => {
      const current = list ?? [];
      return current.some((x) => x.id === c.id) ? current.map((x) => (x.id === c.id ? c : x)) : [c, ...current];
    });
  }, []);

  const shown = useRef<DashboardCheckInFragment[] | null>(null);
  shown.current = items;
  const onEvent = useCallback(
    (c: DashboardCheckInFragment) => {
      const known = (shown.current ?? []).some((x) => x.id === c.id);
      if (!known) {
        setFresh((f) => (f.includes(c.id) ? f : [...f, c.id]));
        setAnnouncement(`Just now: the check-in with ${c.resident?.displayName ?? "a resident"} was escalated.`);
      }
      upsert(c);
    },
    [upsert],
  );

  const open = (items ?? []).filter((c) => !c.resolvedAt || fresh.includes(`resolved-${c.id}`));
  return (
    <Page title="Dashboard">
      <p className="lead">Check-ins that were missed or are overdue in your groups, most at risk first.</p>
      {groups.length === 0 ? (
        <Empty>
          <p>Only group coordinators see the dashboard.</p>
        </Empty>
      ) : (
        <>
          <ul className="list live-list" aria-label="Live updates">
            {groups.map((g) => (
              <GroupWatch key={g.id} group={g} onEvent={onEvent} />
            ))}
          </ul>
          <div role="status" aria-live="polite" className="visually-hidden">
            {announcement}
          </div>
          {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
          {query.loading && !items ? <Loading>Loading overdue check-ins…</Loading> : null}
          {items ? (
            <section aria-labelledby="overdue-title">
              <h2 id="overdue-title">Needs attention ({open.length})</h2>
              {open.length === 0 ? (
                <Empty>
                  <p>All clear: no missed or overdue check-ins. New ones appear here as they happen.</p>
                </Empty>
              ) : (
                <ul className="card-list" aria-label="Missed and overdue check-ins">
                  {open.map((c) => (
                    <li key={c.id}>
                      <EscalationCard
                        checkIn={c}
                        fresh={fresh.includes(c.id)}
                        onChange={(changed) => {
                          setFresh((f) => [...f, `resolved-${changed.id}`]);
                          upsert(changed);
                        }}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
        </>
      )}
    </Page>
  );
}
