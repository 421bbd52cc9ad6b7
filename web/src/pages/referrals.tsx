// Partner staff: the referral queue of their organisation, and moving each
// referral on (acknowledge, accept, decline, start, close) with a note.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useWholeList } from "../api/hooks";
import { useSession } from "../auth/session";
import { Button, ErrorSummary, problemList, sortProblems, TextArea, type FieldErrors } from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatTime, formatWhen } from "../format";
import { graphql } from "../gql";
import type { ReferralCardFragment, ReferralStatus } from "../gql/graphql";

graphql(`
  fragment ReferralCard on Referral {
    id
    reason
    urgency
    status
    details
    outcome
    createdAt
    sentAt
    acknowledgeBy
    acknowledgedAt
    acknowledgementOverdue
    resident {
      id
      displayName
    }
    referringGroup {
      id
      name
    }
    referrer {
      id
      displayName
    }
    timeline {
      fromStatus
      toStatus
      note
      at
      actor {
        id
        displayName
      }
    }
  }
`);

const PartnerQueueQuery = graphql(`
  query PartnerQueue($partnerGroupId: ID!, $after: String) {
    referrals(partnerGroupId: $partnerGroupId, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ReferralCard
        }
      }
    }
  }
`);

const UpdateReferralStatusMutation = graphql(`
  mutation UpdateReferralStatus($referralId: ID!, $status: ReferralStatus!, $note: String) {
    updateReferralStatus(referralId: $referralId, status: $status, note: $note) {
      ...ReferralCard
    }
  }
`);

const STATUS_WORDS: Record<ReferralStatus, string> = {
  DRAFT: "Draft",
  SENT: "New: waiting to be acknowledged",
  ACKNOWLEDGED: "Acknowledged: waiting for a decision",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  REDIRECTED: "Passed to another partner",
  IN_PROGRESS: "In progress",
  CLOSED: "Closed",
};

const REASON_WORDS: Record<string, string> = {
  CARE_ASSESSMENT: "Care and support assessment",
  HEALTH: "Physical health",
  MENTAL_HEALTH: "Mental health",
  HOUSING: "Housing",
  HOME_SAFETY: "Safety at home",
  FINANCIAL: "Money",
  CARER_SUPPORT: "Support for a carer",
  SAFEGUARDING: "Safeguarding",
  OTHER: "Something else",
};

const URGENCY_WORDS: Record<string, string> = {
  ROUTINE: "Routine",
  SOON: "Soon",
  URGENT: "Urgent",
};

/** The moves partner staff can make from each status. */
type Move = { to: ReferralStatus; label: string; needsNote?: boolean };
const MOVES: Partial<Record<ReferralStatus, Move[]>> = {
  SENT: [{ to: "ACKNOWLEDGED", label: "Acknowledge" }],
  ACKNOWLEDGED: [
    { to: "ACCEPTED", label: "Accept" },
    { to: "DECLINED", label: "Decline", needsNote: true },
  ],
  ACCEPTED: [{ to: "IN_PROGRESS", label: "Start work" }],
  IN_PROGRESS: [{ to: "CLOSED", label: "Close", needsNote: true }],
};

function ReferralActions({
  referral,
  title,
  onChange,
}: {
  referral: ReferralCardFragment;
  title: string;
  onChange: (r: ReferralCardFragment, message: string) => void;
}) {
  const moves = MOVES[referral.status] ?? [];
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const [pending, setPending] = useState<ReferralStatus | null>(null);
  const prefix = `ref-${referral.id}`;
  if (moves.length === 0) return null;

  const move = (m: Move) => (event?: FormEvent) => {
    event?.preventDefault();
    void act(async () => {
      setPending(m.to);
      try {
        const data = await request(UpdateReferralStatusMutation, {
          referralId: referral.id,
          status: m.to,
          note: note.trim() || null,
        });
        setNote("");
        setFieldErrors({});
        setGeneral([]);
        onChange(data.updateReferralStatus, `Referral ${STATUS_WORDS[m.to].split(":")[0].toLowerCase()}.`);
      } catch (error) {
        const sorted = sortProblems(error, ["note"]);
        setFieldErrors(sorted.fieldErrors);
        setGeneral(sorted.general);
        setAttempt((a) => a + 1);
      } finally {
        setPending(null);
      }
    });
  };

  return (
    <form className="form referral-actions" noValidate onSubmit={move(moves[0])} aria-label={`Move on: ${title}`}>
      <ErrorSummary
        problems={problemList(
          Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [`${prefix}-${k}`, v])),
          [`${prefix}-note`],
          general,
        )}
        attempt={attempt}
      />
      <TextArea
        name={`${prefix}-note`}
        label="Note"
        hint={
          moves.some((m) => m.needsNote)
            ? "Needed to decline (say why) and to close (the outcome). The referrer will see it."
            : "Optional. The referrer will see it."
        }
        rows={3}
        maxLength={4000}
        value={note}
        onChange={setNote}
        error={fieldErrors.note}
      />
      <div className="actions">
        {moves.map((m, i) => (
          <Button
            key={m.to}
            type={i === 0 ? "submit" : "button"}
            variant={m.to === "DECLINED" ? "warning" : i === 0 ? "primary" : "secondary"}
            busy={busy}
            busyText={pending === m.to ? "Saving…" : undefined}
            onClick={i === 0 ? undefined : () => move(m)()}
          >
            {m.label}
          </Button>
        ))}
      </div>
    </form>
  );
}

function ReferralCard({ referral, onChange }: { referral: ReferralCardFragment; onChange: (r: ReferralCardFragment) => void }) {
  const id = `referral-${referral.id}`;
  const title = `${REASON_WORDS[referral.reason] ?? referral.reason}: ${referral.resident?.displayName ?? "a resident"}`;
  const [message, setMessage] = useState<string | null>(null);
  const resultRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) resultRef.current?.focus();
  }, [message]);
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        {title}
      </h3>
      <p className="tag-line">
        <strong className={`tag ${referral.urgency === "URGENT" ? "tag--urgent" : "tag--neutral"}`}>
          {URGENCY_WORDS[referral.urgency] ?? referral.urgency}
        </strong>{" "}
        <strong className="tag tag--status">{STATUS_WORDS[referral.status]}</strong>
        {referral.acknowledgementOverdue ? <strong className="tag tag--urgent">Acknowledgement overdue</strong> : null}
      </p>
      <dl className="facts">
        <div>
          <dt>From</dt>
          <dd>
            {referral.referrer?.displayName ?? "Unknown"}
            {referral.referringGroup ? `, ${referral.referringGroup.name}` : ""}
          </dd>
        </div>
        {referral.sentAt ? (
          <div>
            <dt>Sent</dt>
            <dd>{formatWhen(referral.sentAt)}</dd>
          </div>
        ) : null}
        {referral.acknowledgeBy && !referral.acknowledgedAt ? (
          <div>
            <dt>Acknowledge by</dt>
            <dd>{formatWhen(referral.acknowledgeBy)}</dd>
          </div>
        ) : null}
        {referral.status === "DECLINED" && referral.timeline.length > 0 ? (
          <div>
            <dt>Why declined</dt>
            <dd>{referral.timeline[referral.timeline.length - 1].note}</dd>
          </div>
        ) : null}
        {referral.outcome ? (
          <div>
            <dt>Outcome</dt>
            <dd>{referral.outcome}</dd>
          </div>
        ) : null}
      </dl>
      {referral.details ? <p className="details">{referral.details}</p> : null}
      <details className="timeline">
        <summary>What has happened ({referral.timeline.length})</summary>
        <ol className="list">
          {referral.timeline.map((e, i) => (
            <li key={i}>
              {formatDay(e.at)}, {formatTime(e.at)}: {STATUS_WORDS[e.toStatus].split(":")[0]}
              {e.actor ? ` by ${e.actor.displayName}` : ""}
              {e.note ? `. “${e.note}”` : ""}
            </li>
          ))}
        </ol>
      </details>
      {message ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {message}
        </p>
      ) : null}
      <ReferralActions
        referral={referral}
        title={title}
        onChange={(r, m) => {
          onChange(r);
          setMessage(m);
        }}
      />
    </article>
  );
}

function PartnerQueue({ groupId, groupName }: { groupId: string; groupName: string }) {
  const query = useWholeList(PartnerQueueQuery, { partnerGroupId: groupId }, (d) => d.referrals);
  const [items, setItems] = useState<ReferralCardFragment[] | null>(null);
  useEffect(() => {
    if (query.nodes) setItems(query.nodes);
  }, [query.nodes]);
  // A referral finished here stays in place until the next visit, so its
  // result stays in view.
  const [touched, setTouched] = useState<string[]>([]);
  const finished = (r: ReferralCardFragment) =>
    ["DECLINED", "REDIRECTED", "CLOSED"].includes(r.status) && !touched.includes(r.id);
  const open = (items ?? []).filter((r) => !finished(r));
  const done = (items ?? []).filter(finished);
  const replace = (changed: ReferralCardFragment) => {
    setTouched((t) => (t.includes(changed.id) ? t : [...t, changed.id]));
    setItems((list) => (list ? list.map((r) => (r.id === changed.id ? changed : r)) : list));
  };

  return (
    <section aria-labelledby={`queue-${groupId}`}>
      <h2 id={`queue-${groupId}`}>{groupName}</h2>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !items ? <Loading>Loading referrals…</Loading> : null}
      {items && items.length === 0 ? (
        <Empty>
          <p>No referrals yet.</p>
        </Empty>
      ) : null}
      {open.length > 0 ? (
        <ul className="card-list" aria-label="Open referrals">
          {open.map((r) => (
            <li key={r.id}>
              <ReferralCard referral={r} onChange={replace} />
            </li>
          ))}
        </ul>
      ) : items && items.length > 0 ? (
        <p>There are no open referrals.</p>
      ) : null}
      {done.length > 0 ? (
        <details className="done">
          <summary>Finished referrals ({done.length})</summary>
          <ul className="card-list">
            {done.map((r) => (
              <li key={r.id}>
                <ReferralCard referral={r} onChange={replace} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function ReferralsPage() {
  const session = useSession();
  const groups =
    session.status === "signedIn"
      ? session.viewer.memberships.filter((m) => m.role === "PARTNER_STAFF" && m.status === "ACTIVE").map((m) => m.group)
      : [];
  return (
    <Page title="Referrals">
      <p className="lead">Referrals sent to your organisation, newest first. Move each one on and leave a note.</p>
      {groups.length === 0 ? (
        <Empty>
          <p>Only staff of a council, NHS or housing partner see referrals here.</p>
        </Empty>
      ) : (
        groups.map((g) => <PartnerQueue key={g.id} groupId={g.id} groupName={g.name} />)
      )}
    </Page>
  );
}
