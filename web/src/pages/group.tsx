// Coordinators: one group. Requests to join (approve or decline), its
// activities (drafts included, with how they repeat in words), its shifts
// of the last two weeks and to come (with a link to each roster), and
// importing a calendar file as draft activities.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import { Button, FieldError, fieldId } from "../components/forms";
import { Page } from "../components/Page";
import { describeRule } from "../components/RecurrencePicker";
import { Empty, LoadError, Loading } from "../components/status";
import { formatDay, formatWhen, plural } from "../format";
import { graphql } from "../gql";
import type { GroupPageQuery } from "../gql/graphql";
import { Link, useLocation } from "../router";
import { KIND_WORDS } from "./groups";

const GroupPageDocument = graphql(`
  query GroupPage($id: ID!, $shiftsFrom: DateTime) {
    group(id: $id) {
      id
      name
      kind
      area
      joinPolicy
      memberCount
      myMembership {
        id
        role
        status
      }
      members(status: PENDING, first: 50) {
        totalCount
        edges {
          node {
            id
            createdAt
            person {
              id
              displayName
            }
          }
        }
      }
    }
    groupActivities(groupId: $id, first: 50) {
      totalCount
      edges {
        node {
          id
          title
          status
          recurrence
          startsAt
          endsAt
        }
      }
    }
    upcomingShifts(groupId: $id, from: $shiftsFrom, first: 50) {
      totalCount
      edges {
        node {
          id
          title
          startsAt
          endsAt
          places
          confirmedCount
          waitlistCount
          status
        }
      }
    }
  }
`);

const DecideMembershipMutation = graphql(`
  mutation DecideMembership($membershipId: ID!, $approve: Boolean!) {
    decideMembership(membershipId: $membershipId, approve: $approve) {
      id
      status
    }
  }
`);

const PublishDraftMutation = graphql(`
  mutation PublishDraft($id: ID!) {
    publishActivity(id: $id) {
      id
      status
    }
  }
`);

const ImportGroupCalendarMutation = graphql(`
  mutation ImportGroupCalendar($groupId: ID!, $ics: String!) {
    importGroupCalendar(groupId: $groupId, ics: $ics) {
      created {
        id
        title
      }
      updated {
        id
        title
      }
      unchanged {
        id
      }
      skipped {
        summary
        line
        reason
      }
    }
  }
`);

type GroupData = NonNullable<GroupPageQuery["group"]>;
type PendingMember = GroupData["members"]["edges"][number]["node"];
type ActivityItem = GroupPageQuery["groupActivities"]["edges"][number]["node"];
type ShiftItem = GroupPageQuery["upcomingShifts"]["edges"][number]["node"];

const JOIN_WORDS: Record<string, string> = {
  OPEN: "Anyone can join straight away.",
  APPROVAL: "People ask to join and a coordinator approves them.",
  INVITATION: "People join when a coordinator invites them.",
};

const STATUS_WORDS: Record<string, string> = {
  DRAFT: "Draft: only coordinators see it",
  PUBLISHED: "Published",
  CANCELLED: "Cancelled",
};

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : "Something went wrong. Please try again.";
}

/** Move focus to an element once it has been shown. */
function useFocusWhen(flag: unknown) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (flag) ref.current?.focus();
  }, [flag]);
  return ref;
}

function JoinRequest({ member, onDecided }: { member: PendingMember; onDecided: () => void }) {
  const [busy, act] = useAction();
  const [pending, setPending] = useState<boolean | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const id = `request-${member.id}`;
  const name = member.person.displayName;
  const resultRef = useFocusWhen(result);
  const errorRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (attempt > 0) errorRef.current?.focus();
  }, [attempt]);

  const decide = (approve: boolean) =>
    act(async () => {
      setPending(approve);
      setError(null);
      try {
        const data = await request(DecideMembershipMutation, { membershipId: member.id, approve });
        setResult(
          data.decideMembership.status === "ACTIVE"
            ? `${name} is now a member. We have emailed them.`
            : `You have declined ${name}'s request to join. We have emailed them.`,
        );
        onDecided();
      } catch (e) {
        setError(messageOf(e));
        setAttempt((a) => a + 1);
      } finally {
        setPending(null);
      }
    });

  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`} className="card__title">
        {name}
      </h3>
      <p className="card__meta">Asked to join on {formatDay(member.createdAt)}</p>
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : (
        <div className={`field${error ? " field--error" : ""}`}>
          {error ? (
            <p className="field-error" id={`${id}-error`} ref={errorRef} tabIndex={-1} role="alert">
              <span className="visually-hidden">Error: </span>
              {error}
            </p>
          ) : null}
          <div className="actions">
            <Button
              type="button"
              id={id}
              busy={busy}
              busyText={pending === true ? "Approving…" : undefined}
              onClick={() => void decide(true)}
              aria-describedby={error ? `${id}-error` : undefined}
            >
              Approve<span className="visually-hidden"> {name}</span>
            </Button>
            <Button
              type="button"
              variant="warning"
              busy={busy}
              busyText={pending === false ? "Declining…" : undefined}
              onClick={() => void decide(false)}
              aria-describedby={error ? `${id}-error` : undefined}
            >
              Decline<span className="visually-hidden"> {name}</span>
            </Button>
          </div>
        </div>
      )}
    </article>
  );
}

function JoinRequests({ group }: { group: GroupData }) {
  // Keep decided requests in place so their result stays in view.
  const [shown] = useState<PendingMember[]>(() => group.members.edges.map((e) => e.node));
  const [decided, setDecided] = useState(0);
  const waiting = shown.length - decided;
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Requests to join</h2>
      {shown.length === 0 ? (
        <Empty>
          <p>No one is waiting to join.</p>
        </Empty>
      ) : (
        <>
          <p>{waiting === 0 ? "You have answered every request." : `${plural(waiting, "person is", "people are")} waiting for your answer.`}</p>
          <ul className="card-list">
            {shown.map((m) => (
              <li key={m.id}>
                <JoinRequest member={m} onDecided={() => setDecided((n) => n + 1)} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ActivityCard({ activity, onPublished }: { activity: ActivityItem; onPublished: () => void }) {
  const [busy, act] = useAction();
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const resultRef = useFocusWhen(result);
  const id = `activity-${activity.id}`;
  const publish = () =>
    act(async () => {
      setError(null);
      try {
        await request(PublishDraftMutation, { id: activity.id });
        setResult(`${activity.title} is published. People can now find and book it.`);
        onPublished();
      } catch (e) {
        setError(messageOf(e));
      }
    });
  return (
    <article className="card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="card__title">
        {activity.title}
      </h3>
      <p className="tag-line">
        <strong className={`tag ${activity.status === "PUBLISHED" ? "tag--confirmed" : "tag--neutral"}`}>
          {STATUS_WORDS[activity.status] ?? activity.status}
        </strong>
      </p>
      <p>{describeRule(activity.recurrence, activity.startsAt, activity.endsAt)}</p>
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {activity.status !== "CANCELLED" ? (
        <div className="card__actions actions">
          {activity.status === "DRAFT" ? (
            <Button type="button" busy={busy} busyText="Publishing…" onClick={() => void publish()}>
              Publish<span className="visually-hidden"> {activity.title}</span>
            </Button>
          ) : null}
          <Link href={`/post-activity?activity=${encodeURIComponent(activity.id)}`}>
            Add volunteer shifts<span className="visually-hidden"> for {activity.title}</span>
          </Link>
        </div>
      ) : null}
    </article>
  );
}

function shiftPlaces(s: ShiftItem): string {
  const filled = `${s.confirmedCount} of ${plural(s.places, "place", "places")} filled`;
  return s.waitlistCount > 0 ? `${filled}, ${s.waitlistCount} on the waiting list.` : `${filled}.`;
}

function ShiftList({ shifts }: { shifts: ShiftItem[] }) {
  const now = Date.now();
  return (
    <section aria-labelledby="shifts-title">
      <h2 id="shifts-title">Shifts</h2>
      <p>Shifts from the last two weeks and still to come. Open a roster to see who is coming and to record who helped.</p>
      {shifts.length === 0 ? (
        <Empty>
          <p>There are no shifts. Add some to an activity below.</p>
        </Empty>
      ) : (
        <ul className="card-list">
          {shifts.map((s) => {
            const started = Date.parse(s.startsAt) <= now;
            return (
              <li key={s.id}>
                <article className="card" aria-labelledby={`shift-${s.id}-title`}>
                  <h3 id={`shift-${s.id}-title`} className="card__title">
                    {s.title}
                  </h3>
                  {started ? (
                    <p className="tag-line">
                      <strong className="tag tag--neutral">
                        {Date.parse(s.endsAt) <= now ? "Finished" : "Happening now"}
                      </strong>
                    </p>
                  ) : null}
                  <dl className="facts">
                    <div>
                      <dt>When</dt>
                      <dd>{formatWhen(s.startsAt, s.endsAt)}</dd>
                    </div>
                    <div>
                      <dt>Places</dt>
                      <dd>{shiftPlaces(s)}</dd>
                    </div>
                  </dl>
                  <p>
                    <Link href={`/roster?shift=${encodeURIComponent(s.id)}`}>
                      {started ? "See the roster and record who helped" : "See the roster"}
                      <span className="visually-hidden"> for {s.title}</span>
                    </Link>
                  </p>
                </article>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

type ImportReport = {
  created: number;
  updated: number;
  unchanged: number;
  skipped: { summary: string | null; line: number; reason: string }[];
};

const MAX_FILE_BYTES = 1_000_000;

function CalendarImport({ groupId, onImported }: { groupId: string; onImported: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();
  const reportRef = useRef<HTMLDivElement>(null);
  const id = fieldId("calendarFile");
  useEffect(() => {
    if (attempt > 0) input.current?.focus();
  }, [attempt]);
  useEffect(() => {
    if (report) reportRef.current?.focus();
  }, [report]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setReport(null);
      const fail = (message: string) => {
        setError(message);
        setAttempt((a) => a + 1);
      };
      const file = input.current?.files?.[0];
      if (!file) return fail("Choose a calendar file first.");
      if (file.size > MAX_FILE_BYTES) return fail("The file is too big: a calendar file can be at most 1 MB.");
      let ics: string;
      try {
        ics = await file.text();
      } catch {
        return fail("We could not read that file. Try saving it again and choose it once more.");
      }
      try {
        const data = await request(ImportGroupCalendarMutation, { groupId, ics });
        const r = data.importGroupCalendar;
        setError(null);
        setReport({
          created: r.created.length,
          updated: r.updated.length,
          unchanged: r.unchanged.length,
          skipped: r.skipped,
        });
        if (input.current) input.current.value = "";
        onImported();
      } catch (e) {
        fail(messageOf(e));
      }
    });
  };

  return (
    <section className="panel" aria-labelledby="import-title">
      <h2 id="import-title">Import a calendar file</h2>
      <p>
        Already keep your group&apos;s events in Google Calendar, Outlook or Apple Calendar? Export them as an .ics file
        and import it here. Each event becomes a draft activity for you to check and publish. Importing the same file
        again brings the drafts up to date.
      </p>
      <form className="form" noValidate onSubmit={submit} aria-labelledby="import-title">
        <div className={`field${error ? " field--error" : ""}`}>
          <label className="label" htmlFor={id}>
            Calendar file (.ics)
          </label>
          <FieldError id={id} error={error ?? undefined} />
          <input
            ref={input}
            id={id}
            name="calendarFile"
            type="file"
            className="input input--full"
            accept=".ics,text/calendar"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        <Button busy={busy} busyText="Importing…">
          Import the file
        </Button>
      </form>
      {report ? (
        <div className="result-region" ref={reportRef} tabIndex={-1} role="status">
          <p>
            <strong>Imported {plural(report.created, "new draft activity", "new draft activities")}.</strong>{" "}
            {report.updated > 0 ? `${plural(report.updated, "draft was", "drafts were")} brought up to date. ` : ""}
            {report.unchanged > 0 ? `${plural(report.unchanged, "was", "were")} already up to date. ` : ""}
            {report.skipped.length > 0
              ? `${plural(report.skipped.length, "event was", "events were")} left out:`
              : "Nothing was left out."}
          </p>
          {report.skipped.length > 0 ? (
            <ul className="list">
              {report.skipped.map((s, i) => (
                <li key={i}>
                  {s.summary ? `“${s.summary}”` : "An event without a title"} (line {s.line}): {s.reason}.
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function GroupDetails({ id }: { id: string }) {
  const [shiftsFrom] = useState(() => new Date(Date.now() - 14 * 24 * 60 * 60 * 1000).toISOString());
  const query = useQuery(GroupPageDocument, { id, shiftsFrom });
  // Keep the last good data on screen while reloading.
  const [data, setData] = useState<GroupPageQuery | null>(null);
  useEffect(() => {
    if (query.data) setData(query.data);
  }, [query.data]);
  const reload = () => void query.reload();
  const group = data?.group;

  return (
    <Page title={group?.name ?? (query.loading ? "Your group" : "Group")}>
      {query.error && !data ? <LoadError error={query.error} onRetry={reload} /> : null}
      {query.loading && !data ? <Loading>Loading the group…</Loading> : null}
      {data && !group ? (
        <Empty>
          <p>
            We could not find that group. <Link href="/groups">Go back to your groups</Link>.
          </p>
        </Empty>
      ) : null}
      {data && group ? (
        <>
          <dl className="facts">
            <div>
              <dt>Kind</dt>
              <dd>{KIND_WORDS[group.kind]}</dd>
            </div>
            {group.area ? (
              <div>
                <dt>Area</dt>
                <dd>{group.area}</dd>
              </div>
            ) : null}
            <div>
              <dt>Members</dt>
              <dd>{plural(group.memberCount, "member", "members")}</dd>
            </div>
            <div>
              <dt>Joining</dt>
              <dd>{JOIN_WORDS[group.joinPolicy]}</dd>
            </div>
          </dl>
          <JoinRequests key={group.members.edges.map((e) => e.node.id).join()} group={group} />
          <section aria-labelledby="activities-title">
            <h2 id="activities-title">Activities</h2>
            <p>
              <Link href={`/post-activity?group=${encodeURIComponent(group.id)}`} className="button button--primary">
                Post an activity
              </Link>
            </p>
            {data.groupActivities.edges.length === 0 ? (
              <Empty>
                <p>The group has no activities yet.</p>
              </Empty>
            ) : (
              <ul className="card-list">
                {data.groupActivities.edges.map(({ node }) => (
                  <li key={node.id}>
                    <ActivityCard activity={node} onPublished={reload} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <ShiftList shifts={data.upcomingShifts.edges.map((e) => e.node)} />
          <CalendarImport groupId={group.id} onImported={reload} />
        </>
      ) : null}
    </Page>
  );
}

export function GroupPage() {
  const { search } = useLocation();
  const id = search.get("id");
  if (!id) {
    return (
      <Page title="Group">
        <Empty>
          <p>
            No group was chosen. <Link href="/groups">Go to your groups</Link>.
          </p>
        </Empty>
      </Page>
    );
  }
  return <GroupDetails key={id} id={id} />;
}
