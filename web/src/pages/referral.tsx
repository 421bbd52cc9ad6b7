// A referral to a statutory partner (council adult social care, NHS,
// housing, fire and rescue): raising one for a resident, often from a
// check-in that raised a concern, with the resident's consent shown (or a
// lawful basis for sharing without it); then following it: every move the
// partner makes appears on its timeline as it happens (referralUpdated).

import { useEffect, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { useSubscription } from "../api/subscriptions";
import { useSession } from "../auth/session";
import {
  Button,
  ErrorSummary,
  problemList,
  RadioGroup,
  sortProblems,
  TextArea,
  type Choice,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { flash } from "../flash";
import { formatDay, formatTime } from "../format";
import { graphql } from "../gql";
import type {
  GroupKind,
  LawfulBasis,
  ReferralReason,
  ReferralStatus,
  ReferralTimelineFragment,
  ReferralUrgency,
} from "../gql/graphql";
import { Link, navigate, useLocation } from "../router";
import { coordinatedGroups, residentHref } from "./residents";

graphql(`
  fragment ReferralTimeline on Referral {
    id
    status
    reason
    urgency
    details
    outcome
    consentId
    lawfulBasis
    sentAt
    acknowledgeBy
    acknowledgedAt
    acknowledgementOverdue
    checkInId
    resident {
      id
      displayName
    }
    partner {
      id
      name
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

const ReferralQuery = graphql(`
  query ReferralTimeline($id: ID!) {
    referral(id: $id) {
      ...ReferralTimeline
    }
  }
`);

const ReferralUpdatedSubscription = graphql(`
  subscription ReferralUpdated($referralId: ID!) {
    referralUpdated(referralId: $referralId) {
      ...ReferralTimeline
    }
  }
`);

const NewReferralQuery = graphql(`
  query NewReferral($subjectId: ID!) {
    node(id: $subjectId) {
      ... on Person {
        id
        displayName
        consents {
          id
          purpose
          given
          recordedAt
        }
      }
      ... on CheckIn {
        id
        dueAt
        outcome
        concerns
        notes
        group {
          id
          name
        }
        volunteer {
          id
          displayName
        }
        resident {
          id
          displayName
          consents {
            id
            purpose
            given
            recordedAt
          }
        }
      }
    }
    groups(first: 100) {
      edges {
        node {
          id
          name
          kind
          acceptedReferralReasons
        }
      }
    }
  }
`);

const CreateReferralMutation = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      partner {
        id
        name
      }
    }
  }
`);

const STATUTORY: GroupKind[] = ["COUNCIL_ADULT_SOCIAL_CARE", "NHS", "HOUSING", "FIRE_AND_RESCUE", "OTHER_STATUTORY"];

export const STATUS_WORDS: Record<ReferralStatus, string> = {
  DRAFT: "Draft: not sent yet",
  SENT: "Sent: waiting for the partner to acknowledge it",
  ACKNOWLEDGED: "Acknowledged: the partner is deciding",
  ACCEPTED: "Accepted",
  DECLINED: "Declined",
  REDIRECTED: "Passed to another partner",
  IN_PROGRESS: "In progress",
  CLOSED: "Closed",
};

const REASON_CHOICES: Choice<ReferralReason>[] = [
  { value: "CARE_ASSESSMENT", label: "Care and support assessment" },
  { value: "HEALTH", label: "Physical health" },
  { value: "MENTAL_HEALTH", label: "Mental health" },
  { value: "HOUSING", label: "Housing: repairs, adaptations or losing their home" },
  { value: "HOME_SAFETY", label: "Safety at home: falls, fire, repairs" },
  { value: "FINANCIAL", label: "Money" },
  { value: "CARER_SUPPORT", label: "Support for a carer" },
  { value: "SAFEGUARDING", label: "Safeguarding" },
  { value: "OTHER", label: "Something else" },
];
const REASON_WORDS = Object.fromEntries(REASON_CHOICES.map((c) => [c.value, c.label])) as Record<string, string>;

const URGENCY_CHOICES: Choice<ReferralUrgency>[] = [
  { value: "ROUTINE", label: "Routine" },
  { value: "SOON", label: "Soon" },
  { value: "URGENT", label: "Urgent" },
];

const BASIS_CHOICES: Choice<LawfulBasis>[] = [
  { value: "VITAL_INTERESTS", label: "To protect their life" },
  { value: "SAFEGUARDING_DUTY", label: "The council's duty to make safeguarding enquiries" },
  { value: "LEGAL_OBLIGATION", label: "A legal obligation" },
  { value: "PUBLIC_TASK", label: "A task in the public interest" },
];

const CONCERN_WORDS: Record<string, string> = {
  LONELINESS: "lonely or isolated",
  HEALTH: "physical or mental health",
  HOME_SAFETY: "safety at home",
  MONEY: "money worries",
  FOOD: "not eating well",
  CARER_STRAIN: "their carer is struggling",
  OTHER: "something else",
};

function firstName(name: string | undefined): string {
  return (name ?? "them").split(" ")[0] || "them";
}

function consentPurpose(kind: GroupKind): string {
  return `share with ${kind.toLowerCase().replace(/_/g, " ")}`;
}

type Consent = { id: string; purpose: string; given: boolean; recordedAt: string };
type Partner = { id: string; name: string; kind: GroupKind; acceptedReferralReasons: ReferralReason[] };

// ---- raising a referral --------------------------------------------------------

const FIELDS = ["referringGroupId", "partnerGroupId", "reason", "details", "urgency", "sharing", "lawfulBasis", "lawfulBasisReasoning"] as const;

function NewReferralForm({ subjectId, groupParam }: { subjectId: string; groupParam: string | null }) {
  const session = useSession();
  const myGroups = coordinatedGroups(session.status === "signedIn" ? session.viewer : null);
  const query = useQuery(NewReferralQuery, { subjectId });
  const node = query.data?.node ?? null;
  const checkIn = node && "dueAt" in node ? node : null;
  const resident = checkIn ? checkIn.resident : node && "displayName" in node ? node : null;
  const partners: Partner[] = (query.data?.groups.edges ?? [])
    .map((e) => e.node)
    .filter((g) => STATUTORY.includes(g.kind));

  const [referringGroupId, setReferringGroupId] = useState<string | null>(
    groupParam ?? (myGroups.length === 1 ? myGroups[0].id : null),
  );
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const [reason, setReason] = useState<ReferralReason | null>(null);
  const [details, setDetails] = useState("");
  const [urgency, setUrgency] = useState<ReferralUrgency>("ROUTINE");
  const [sharing, setSharing] = useState<"consent" | "lawful" | null>(null);
  const [basis, setBasis] = useState<LawfulBasis | null>(null);
  const [reasoning, setReasoning] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();

  const name = firstName(resident?.displayName);
  const partner = partners.find((p) => p.id === partnerId) ?? null;
  const consentFor = (p: Partner | null): Consent | null =>
    (p && (resident?.consents ?? []).find((c) => c.purpose === consentPurpose(p.kind) && c.given)) || null;
  const consent = consentFor(partner);
  const needsGroup = !checkIn && myGroups.length > 1 && !groupParam;

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((a) => a + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (needsGroup && !referringGroupId) local.referringGroupId = "Choose the group making the referral.";
      if (!partnerId) local.partnerGroupId = "Choose who to refer to.";
      if (!reason) local.reason = "Choose what the referral is about.";
      if (details.trim().length < 10) local.details = "Tell the partner what they need to know, in a sentence or two.";
      if (!sharing) local.sharing = `Choose how ${name}'s details can be shared.`;
      if (sharing === "lawful" && !basis) local.lawfulBasis = "Choose the lawful basis.";
      if (Object.keys(local).length > 0) return show(local);
      try {
        const data = await request(CreateReferralMutation, {
          input: {
            residentId: resident!.id,
            partnerGroupId: partnerId!,
            referringGroupId: checkIn ? null : referringGroupId,
            reason: reason!,
            details: details.trim(),
            urgency,
            consentId: sharing === "consent" ? (consent?.id ?? null) : null,
            lawfulBasis: sharing === "lawful" ? basis : null,
            lawfulBasisReasoning: sharing === "lawful" ? reasoning.trim() : null,
            checkInId: checkIn?.id ?? null,
          },
        });
        flash(`Referral sent to ${data.createReferral.partner?.name ?? "the partner"}. You can follow it here.`);
        navigate(`/referral?id=${encodeURIComponent(data.createReferral.id)}`);
      } catch (error) {
        const sorted = sortProblems(error, FIELDS, { CONSENT_REQUIRED: "sharing" });
        if (sorted.fieldErrors.sharing && error && (error as { has?: (c: string) => boolean }).has?.("CONSENT_REQUIRED")) {
          sorted.fieldErrors.sharing = `${name} has not agreed to their details going to ${partner?.name ?? "this partner"}. Record their consent on their page first, or choose a lawful basis.`;
        }
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  if (query.error) return <LoadError error={query.error} onRetry={() => void query.reload()} />;
  if (query.loading && !query.data) return <Loading>Loading…</Loading>;
  if (!resident) {
    return (
      <Empty>
        <p>
          We could not find that resident or check-in. Go to <Link href="/residents">Residents</Link>.
        </p>
      </Empty>
    );
  }

  return (
    <>
      <p className="lead">
        Refer {resident.displayName} to the council, NHS or housing. The partner is emailed a link, with no personal
        details in the email.
      </p>
      {checkIn ? (
        <section aria-labelledby="concern-title" className="card">
          <h2 id="concern-title">The concern it follows</h2>
          <p>
            {checkIn.volunteer?.displayName ?? "The volunteer"} checked in on {formatDay(checkIn.dueAt)} and raised a
            concern
            {checkIn.concerns.length > 0 ? ` about ${checkIn.concerns.map((c) => CONCERN_WORDS[c] ?? c).join(", ")}` : ""}.
          </p>
          {checkIn.notes ? <p>Their note: “{checkIn.notes}”</p> : null}
        </section>
      ) : null}
      <form className="form" noValidate onSubmit={submit} aria-label="New referral">
        <ErrorSummary problems={problemList(fieldErrors, FIELDS, general)} attempt={attempt} />
        {needsGroup ? (
          <RadioGroup
            name="referringGroupId"
            legend="Which of your groups is making the referral?"
            error={fieldErrors.referringGroupId}
            value={referringGroupId}
            onChange={setReferringGroupId}
            choices={myGroups.map((g) => ({ value: g.id, label: g.name }))}
          />
        ) : null}
        {partners.length === 0 ? (
          <Empty>
            <p>There are no council, NHS or housing partners on Kith yet.</p>
          </Empty>
        ) : (
          <RadioGroup
            name="partnerGroupId"
            legend="Who should it go to?"
            error={fieldErrors.partnerGroupId}
            value={partnerId}
            onChange={setPartnerId}
            choices={partners.map((p) => ({
              value: p.id,
              label: p.name,
              hint: consentFor(p)
                ? `${name} agreed to their details going to them (${formatDay(consentFor(p)!.recordedAt)}).`
                : `${name} has not agreed to their details going to them.`,
            }))}
          />
        )}
        <RadioGroup
          name="reason"
          legend="What is it about?"
          error={fieldErrors.reason}
          value={reason}
          onChange={setReason}
          choices={REASON_CHOICES}
        />
        <TextArea
          name="details"
          label="What does the partner need to know?"
          hint="What you have noticed, what the resident would like, and how best to reach them."
          rows={5}
          maxLength={8000}
          value={details}
          onChange={setDetails}
          error={fieldErrors.details}
        />
        <RadioGroup name="urgency" legend="How soon?" error={fieldErrors.urgency} value={urgency} onChange={setUrgency} choices={URGENCY_CHOICES} />
        <RadioGroup<"consent" | "lawful">
          name="sharing"
          legend={`How can ${name}'s details be shared?`}
          hint={
            partner
              ? consent
                ? `${name} agreed to their details going to ${partner.name} on ${formatDay(consent.recordedAt)}.`
                : `No consent from ${name} is recorded for ${partner.name}.`
              : "Choose who it goes to first to see what has been agreed."
          }
          error={fieldErrors.sharing}
          value={sharing}
          onChange={setSharing}
          choices={[
            { value: "consent", label: `With ${name}'s consent` },
            { value: "lawful", label: "Without consent, on a lawful basis", hint: "Only when it is needed to keep them or others safe." },
          ]}
        />
        {sharing === "lawful" ? (
          <>
            <RadioGroup
              name="lawfulBasis"
              legend="Which lawful basis?"
              error={fieldErrors.lawfulBasis}
              value={basis}
              onChange={setBasis}
              choices={BASIS_CHOICES}
            />
            <TextArea
              name="lawfulBasisReasoning"
              label="Why is sharing without consent justified?"
              rows={3}
              maxLength={4000}
              value={reasoning}
              onChange={setReasoning}
              error={fieldErrors.lawfulBasisReasoning}
            />
          </>
        ) : null}
        <Button busy={busy} busyText="Sending…">
          Send referral
        </Button>
      </form>
    </>
  );
}

// ---- following a referral --------------------------------------------------------

function Timeline({ id }: { id: string }) {
  const query = useQuery(ReferralQuery, { id });
  const [referral, setReferral] = useState<ReferralTimelineFragment | null>(null);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (query.data) setReferral(query.data.referral);
  }, [query.data]);
  const live = useSubscription(
    ReferralUpdatedSubscription,
    { referralId: id },
    (data) => {
      setReferral(data.referralUpdated);
      setAnnouncement(`The referral is now: ${STATUS_WORDS[data.referralUpdated.status].split(":")[0].toLowerCase()}.`);
    },
    Boolean(query.data),
  );

  if (query.error) return <LoadError error={query.error} onRetry={() => void query.reload()} />;
  if (!referral) return <Loading>Loading the referral…</Loading>;
  const r = referral;
  return (
    <>
      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>
      <p className="tag-line">
        <strong className="tag tag--status">{STATUS_WORDS[r.status]}</strong>{" "}
        {r.acknowledgementOverdue ? <strong className="tag tag--urgent">Acknowledgement overdue</strong> : null}
      </p>
      <dl className="facts">
        <div>
          <dt>About</dt>
          <dd>
            {r.resident ? <Link href={residentHref(r.resident.id, r.referringGroup?.id)}>{r.resident.displayName}</Link> : "A resident"}
          </dd>
        </div>
        <div>
          <dt>Sent to</dt>
          <dd>{r.partner?.name ?? "A partner"}</dd>
        </div>
        <div>
          <dt>Why</dt>
          <dd>{REASON_WORDS[r.reason] ?? r.reason}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            {r.referrer?.displayName ?? "Unknown"}
            {r.referringGroup ? `, ${r.referringGroup.name}` : ""}
          </dd>
        </div>
        <div>
          <dt>Shared</dt>
          <dd>{r.consentId ? "With the resident's consent" : r.lawfulBasis ? "Without consent, on a lawful basis" : "Not yet"}</dd>
        </div>
        {r.acknowledgeBy && !r.acknowledgedAt ? (
          <div>
            <dt>Should be acknowledged by</dt>
            <dd>
              {formatDay(r.acknowledgeBy)}, {formatTime(r.acknowledgeBy)}
            </dd>
          </div>
        ) : null}
        {r.outcome ? (
          <div>
            <dt>Outcome</dt>
            <dd>{r.outcome}</dd>
          </div>
        ) : null}
      </dl>
      <p className="details">{r.details}</p>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">What has happened</h2>
        <p className="hint">
          {live === "live" ? "This list updates by itself when the partner moves the referral on." : "Reload the page to see the latest."}
        </p>
        <ol className="list timeline-list" aria-label="Timeline">
          {r.timeline.map((e, i) => (
            <li key={i}>
              <strong>{STATUS_WORDS[e.toStatus].split(":")[0]}</strong>: {formatDay(e.at)}, {formatTime(e.at)}
              {e.actor ? `, by ${e.actor.displayName}` : ""}
              {e.note ? `. “${e.note}”` : ""}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function ReferralPage() {
  const { search } = useLocation();
  const id = search.get("id");
  const subject = search.get("checkInId") ?? search.get("residentId");
  return (
    <Page title={id ? "Referral" : "Make a referral"}>
      {id ? (
        <Timeline id={id} />
      ) : subject ? (
        <NewReferralForm subjectId={subject} groupParam={search.get("group")} />
      ) : (
        <Empty>
          <p>
            Choose a resident on the <Link href="/residents">Residents</Link> page to refer them.
          </p>
        </Empty>
      )}
    </Page>
  );
}
