// Coordinators: the groups I run, and starting a new group.

import { useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction } from "../api/hooks";
import { reloadViewer, useSession, type Viewer } from "../auth/session";
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
import { Empty } from "../components/status";
import { flash } from "../flash";
import { graphql } from "../gql";
import type { GroupKind, JoinPolicy } from "../gql/graphql";
import { Link, navigate } from "../router";

const CreateGroupMutation = graphql(`
  mutation CreateGroup($input: CreateGroupInput!) {
    createGroup(input: $input) {
      id
      name
    }
  }
`);

export const KIND_WORDS: Record<GroupKind, string> = {
  VOLUNTARY_GROUP: "Voluntary or community group",
  CHARITY: "Charity",
  SOCIAL_ENTERPRISE: "Social enterprise",
  FAITH_GROUP: "Faith group",
  COUNCIL_ADULT_SOCIAL_CARE: "Council adult social care",
  NHS: "NHS service",
  HOUSING: "Housing",
  FIRE_AND_RESCUE: "Fire and rescue",
  OTHER_STATUTORY: "Statutory service",
};

/** The groups the viewer coordinates (active coordinator memberships). */
export function coordinatedGroups(viewer: Viewer | null): Viewer["memberships"][number]["group"][] {
  if (!viewer) return [];
  return viewer.memberships.filter((m) => m.role === "COORDINATOR" && m.status === "ACTIVE").map((m) => m.group);
}

const FIELDS = ["name", "kind", "description", "joinPolicy", "area", "contactEmail"] as const;

function NewGroupForm() {
  const [name, setName] = useState("");
  const [kind, setKind] = useState<GroupKind>("VOLUNTARY_GROUP");
  const [description, setDescription] = useState("");
  const [joinPolicy, setJoinPolicy] = useState<JoinPolicy>("APPROVAL");
  const [area, setArea] = useState("");
  const [contactEmail, setContactEmail] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [busy, act] = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      try {
        const data = await request(CreateGroupMutation, {
          input: {
            name,
            kind,
            description: description.trim() || null,
            joinPolicy,
            area: area.trim() || null,
            contactEmail: contactEmail.trim() || null,
          },
        });
        await reloadViewer();
        flash(`You have started ${data.createGroup.name}. You are its coordinator.`);
        navigate(`/group?id=${encodeURIComponent(data.createGroup.id)}`);
      } catch (error) {
        const sorted = sortProblems(error, FIELDS, { FORBIDDEN: "kind" });
        setFieldErrors(sorted.fieldErrors);
        setGeneral(sorted.general);
        setAttempt((a) => a + 1);
      }
    });
  };

  return (
    <section className="panel" aria-labelledby="new-group-title">
      <h2 id="new-group-title">Start a new group</h2>
      <p>You will be its coordinator: you approve members and post activities and shifts.</p>
      <form className="form" noValidate onSubmit={submit} aria-labelledby="new-group-title">
        <ErrorSummary problems={problemList(fieldErrors, FIELDS, general)} attempt={attempt} />
        <TextField
          name="name"
          label="Group name"
          value={name}
          onChange={setName}
          error={fieldErrors.name}
          maxLength={120}
          autoComplete="organization"
        />
        <RadioGroup<GroupKind>
          name="kind"
          legend="What sort of group is it?"
          value={kind}
          onChange={setKind}
          error={fieldErrors.kind}
          choices={(["VOLUNTARY_GROUP", "CHARITY", "SOCIAL_ENTERPRISE", "FAITH_GROUP"] as const).map((k) => ({
            value: k,
            label: KIND_WORDS[k],
          }))}
        />
        <TextArea
          name="description"
          label="What does the group do?"
          hint="Optional. People see this when they look for groups."
          value={description}
          onChange={setDescription}
          error={fieldErrors.description}
          maxLength={4000}
        />
        <RadioGroup<JoinPolicy>
          name="joinPolicy"
          legend="How do people join?"
          value={joinPolicy}
          onChange={setJoinPolicy}
          error={fieldErrors.joinPolicy}
          choices={[
            { value: "APPROVAL", label: "They ask, and a coordinator approves them" },
            { value: "OPEN", label: "Anyone can join straight away" },
            { value: "INVITATION", label: "Only people a coordinator invites" },
          ]}
        />
        <TextField
          name="area"
          label="Which area does it serve?"
          hint="Optional. A neighbourhood, ward or town."
          value={area}
          onChange={setArea}
          error={fieldErrors.area}
          width="medium"
        />
        <TextField
          name="contactEmail"
          label="Contact email for the public"
          hint="Optional."
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={contactEmail}
          onChange={setContactEmail}
          error={fieldErrors.contactEmail}
        />
        <Button busy={busy} busyText="Starting the group…">
          Start the group
        </Button>
      </form>
    </section>
  );
}

export function GroupsPage() {
  const session = useSession();
  const viewer = session.status === "signedIn" ? session.viewer : null;
  const groups = coordinatedGroups(viewer);
  return (
    <Page title="My groups">
      <p className="lead">The groups you coordinate. Open one to approve members, post activities and see rosters.</p>
      {groups.length === 0 ? (
        <Empty>
          <p>You do not coordinate any groups yet. You can start one below.</p>
        </Empty>
      ) : (
        <ul className="card-list" aria-label="Groups you coordinate">
          {groups.map((g) => (
            <li key={g.id}>
              <article className="card" aria-labelledby={`group-${g.id}-title`}>
                <h2 id={`group-${g.id}-title`} className="card__title">
                  <Link href={`/group?id=${encodeURIComponent(g.id)}`}>{g.name}</Link>
                </h2>
                <p className="card__meta">{KIND_WORDS[g.kind]}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
      <NewGroupForm />
    </Page>
  );
}
