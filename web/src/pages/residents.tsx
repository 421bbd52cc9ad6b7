// Coordinators: the residents their groups look after, and adding a
// resident who has no email address or account (the coordinator then acts
// for them from the resident's page).

import { useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useWholeList } from "../api/hooks";
import { useSession, type Viewer } from "../auth/session";
import {
  Button,
  ErrorSummary,
  problemList,
  RadioGroup,
  sortProblems,
  TextArea,
  TextField,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Empty, LoadError, Loading } from "../components/status";
import { flash } from "../flash";
import { graphql } from "../gql";
import { Link, navigate } from "../router";

const GroupResidentsQuery = graphql(`
  query GroupResidents($groupId: ID!, $after: String) {
    residents(groupId: $groupId, first: 100, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          displayName
          email
          residentProfile {
            area
          }
        }
      }
    }
  }
`);

const CreateResidentMutation = graphql(`
  mutation CreateResident($input: CreateResidentInput!) {
    createResident(input: $input) {
      id
      displayName
    }
  }
`);

export type CoordinatedGroup = { id: string; name: string };

/** The groups the viewer actively coordinates. */
export function coordinatedGroups(viewer: Viewer | null): CoordinatedGroup[] {
  if (!viewer) return [];
  return viewer.memberships
    .filter((m) => m.role === "COORDINATOR" && m.status === "ACTIVE")
    .map((m) => ({ id: m.group.id, name: m.group.name }));
}

/** The link to a resident's page, in the group they are looked after by. */
export function residentHref(residentId: string, groupId?: string | null): string {
  const params = new URLSearchParams({ id: residentId });
  if (groupId) params.set("group", groupId);
  return `/resident?${params.toString()}`;
}

function GroupResidents({ group }: { group: CoordinatedGroup }) {
  const query = useWholeList(GroupResidentsQuery, { groupId: group.id }, (d) => d.residents);
  const titleId = `residents-${group.id}`;
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{group.name}</h2>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.nodes ? <Loading>Loading residents…</Loading> : null}
      {query.nodes && query.nodes.length === 0 ? (
        <Empty>
          <p>No residents yet. Add someone below.</p>
        </Empty>
      ) : null}
      {query.nodes && query.nodes.length > 0 ? (
        <ul className="card-list" aria-label={`Residents of ${group.name}`}>
          {query.nodes.map((r) => (
            <li key={r.id} className="compact">
              <Link href={residentHref(r.id, group.id)}>{r.displayName}</Link>
              {r.residentProfile?.area ? `, ${r.residentProfile.area}` : ""}
              {r.email ? "" : " (no email: you act for them)"}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const FIELDS = ["groupId", "displayName", "email", "area", "phone", "whatMatters"] as const;

function AddResidentForm({ groups }: { groups: CoordinatedGroup[] }) {
  const [groupId, setGroupId] = useState<string | null>(groups.length === 1 ? groups[0].id : null);
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [area, setArea] = useState("");
  const [phone, setPhone] = useState("");
  const [whatMatters, setWhatMatters] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((a) => a + 1);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!groupId) local.groupId = "Choose the group that will look after them.";
      if (!displayName.trim()) local.displayName = "Enter their name.";
      if (Object.keys(local).length > 0) return show(local);
      try {
        const data = await request(CreateResidentMutation, {
          input: {
            groupId: groupId!,
            displayName: displayName.trim(),
            email: email.trim() || null,
            profile: {
              area: area.trim() || null,
              phone: phone.trim() || null,
              whatMatters: whatMatters.trim() || null,
            },
          },
        });
        flash(`${data.createResident.displayName} has been added. You can now act for them.`);
        navigate(residentHref(data.createResident.id, groupId));
      } catch (error) {
        const sorted = sortProblems(error, FIELDS, { EMAIL_TAKEN: "email" });
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  return (
    <form className="form" noValidate onSubmit={submit} aria-labelledby="add-resident-title">
      <h2 id="add-resident-title">Add a resident</h2>
      <p>
        For someone who does not use email or the internet. You will be able to arrange check-ins, ask for help and
        record their wishes for them.
      </p>
      <ErrorSummary problems={problemList(fieldErrors, FIELDS, general)} attempt={attempt} />
      {groups.length > 1 ? (
        <RadioGroup
          name="groupId"
          legend="Which group will look after them?"
          error={fieldErrors.groupId}
          value={groupId}
          onChange={setGroupId}
          choices={groups.map((g) => ({ value: g.id, label: g.name }))}
        />
      ) : null}
      <TextField
        name="displayName"
        label="Their name"
        autoComplete="off"
        value={displayName}
        onChange={setDisplayName}
        error={fieldErrors.displayName}
      />
      <TextField
        name="email"
        label="Their email address (optional)"
        hint="Leave this empty if they do not have one."
        type="email"
        autoComplete="off"
        value={email}
        onChange={setEmail}
        error={fieldErrors.email}
      />
      <TextField
        name="area"
        label="Where they live (optional)"
        hint="The street or neighbourhood, for example Mill Lane, Riverside."
        value={area}
        onChange={setArea}
        error={fieldErrors.area}
      />
      <TextField
        name="phone"
        label="Their phone number (optional)"
        type="tel"
        autoComplete="off"
        width="medium"
        value={phone}
        onChange={setPhone}
        error={fieldErrors.phone}
      />
      <TextArea
        name="whatMatters"
        label="What matters to them (optional)"
        hint="In their own words if you can."
        rows={3}
        maxLength={2000}
        value={whatMatters}
        onChange={setWhatMatters}
        error={fieldErrors.whatMatters}
      />
      <Button busy={busy} busyText="Adding…">
        Add resident
      </Button>
    </form>
  );
}

export function ResidentsPage() {
  const session = useSession();
  const groups = coordinatedGroups(session.status === "signedIn" ? session.viewer : null);
  return (
    <Page title="Residents">
      <p className="lead">The people your groups look after. Choose a name to see their page and act for them.</p>
      {groups.length === 0 ? (
        <Empty>
          <p>Only group coordinators see residents here.</p>
        </Empty>
      ) : (
        <>
          {groups.map((g) => (
            <GroupResidents key={g.id} group={g} />
          ))}
          <AddResidentForm groups={groups} />
        </>
      )}
    </Page>
  );
}
