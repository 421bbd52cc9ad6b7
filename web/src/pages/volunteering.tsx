// Volunteers: skills, languages, when I am usually free, and how far I
// will travel. Coordinators use these to match people to help.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import {
  Button,
  ErrorSummary,
  FieldError,
  fieldId,
  problemList,
  sortProblems,
  TextField,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { LoadError, Loading, Notice } from "../components/status";
import { graphql } from "../gql";
import type { DayOfWeek, VolunteerProfileFieldsFragment } from "../gql/graphql";

graphql(`
  fragment VolunteerProfileFields on VolunteerProfile {
    skills
    languages
    travelRadiusKm
    availability {
      day
      startTime
      endTime
    }
  }
`);

const MyVolunteeringQuery = graphql(`
  query MyVolunteering {
    me {
      id
      volunteerProfile {
        ...VolunteerProfileFields
      }
    }
  }
`);

const UpdateVolunteerProfileMutation = graphql(`
  mutation UpdateVolunteerProfile($input: VolunteerProfileInput!) {
    updateVolunteerProfile(input: $input) {
      ...VolunteerProfileFields
    }
  }
`);

const DAYS: { value: DayOfWeek; label: string }[] = [
  { value: "MONDAY", label: "Monday" },
  { value: "TUESDAY", label: "Tuesday" },
  { value: "WEDNESDAY", label: "Wednesday" },
  { value: "THURSDAY", label: "Thursday" },
  { value: "FRIDAY", label: "Friday" },
  { value: "SATURDAY", label: "Saturday" },
  { value: "SUNDAY", label: "Sunday" },
];

type Row = { key: number; day: DayOfWeek; start: string; end: string };

const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;

function listText(items: string[]): string {
  return items.join(", ");
}

function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function ProfileForm({ profile }: { profile: VolunteerProfileFieldsFragment | null }) {
  const nextKey = useRef(0);
  const row = (day: DayOfWeek, start: string, end: string): Row => ({ key: nextKey.current++, day, start, end });
  const [skills, setSkills] = useState(listText(profile?.skills ?? []));
  const [languages, setLanguages] = useState(listText(profile?.languages ?? []));
  const [radius, setRadius] = useState(profile?.travelRadiusKm != null ? String(profile.travelRadiusKm) : "");
  const [rows, setRows] = useState<Row[]>(() =>
    (profile?.availability ?? []).map((a) => row(a.day, a.startTime, a.endTime)),
  );
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const [busy, act] = useAction();
  const savedRef = useRef<HTMLDivElement>(null);
  const focusRow = useRef<number | null>(null);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);
  useEffect(() => {
    if (focusRow.current !== null) {
      document.getElementById(fieldId(`time-${focusRow.current}-day`))?.focus();
      focusRow.current = null;
    }
  }, [rows]);

  const show = (f: FieldErrors, g: string[] = []) => {
    setFieldErrors(f);
    setGeneral(g);
    setAttempt((a) => a + 1);
  };
  const update = (key: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const order = [
    "skills",
    "languages",
    "travelRadiusKm",
    ...rows.flatMap((r) => [`time-${r.key}-start`, `time-${r.key}-end`]),
    "availability",
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setSaved(false);
      const local: FieldErrors = {};
      const km = radius.trim();
      if (km && !/^\d+$/.test(km)) local.travelRadiusKm = "Enter the distance as a whole number of kilometres, like 5.";
      for (const r of rows) {
        if (!TIME.test(r.start.trim())) local[`time-${r.key}-start`] = "Enter a time like 09:30.";
        if (!TIME.test(r.end.trim())) local[`time-${r.key}-end`] = "Enter a time like 17:00.";
        else if (TIME.test(r.start.trim()) && r.end.trim().padStart(5, "0") <= r.start.trim().padStart(5, "0")) {
          local[`time-${r.key}-end`] = "The end time must be after the start time.";
        }
      }
      if (Object.keys(local).length > 0) return show(local);
      try {
        await request(UpdateVolunteerProfileMutation, {
          input: {
            skills: splitList(skills),
            languages: splitList(languages),
            travelRadiusKm: km ? Number(km) : null,
            availability: rows.map((r) => ({
              day: r.day,
              startTime: r.start.trim().padStart(5, "0"),
              endTime: r.end.trim().padStart(5, "0"),
            })),
          },
        });
        setFieldErrors({});
        setGeneral([]);
        setSaved(true);
      } catch (error) {
        const sorted = sortProblems(error, ["skills", "languages", "travelRadiusKm", "availability"]);
        show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  return (
    <>
      <div ref={savedRef} tabIndex={-1}>
        {saved ? <Notice>Your volunteering details have been saved.</Notice> : null}
      </div>
      <ErrorSummary problems={problemList(fieldErrors, order, general)} attempt={attempt} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          name="skills"
          label="Skills you can offer"
          hint="Separate them with commas, for example: driving, shopping, first aid."
          value={skills}
          onChange={setSkills}
          error={fieldErrors.skills}
        />
        <TextField
          name="languages"
          label="Languages you speak"
          hint="Separate them with commas, for example: English, Welsh."
          value={languages}
          onChange={setLanguages}
          error={fieldErrors.languages}
        />
        <TextField
          name="travelRadiusKm"
          label="How far will you travel, in kilometres?"
          hint="From 0 to 200. 1 mile is about 1.6 km."
          inputMode="numeric"
          width="short"
          value={radius}
          onChange={setRadius}
          error={fieldErrors.travelRadiusKm}
        />
        <div className={`field${fieldErrors.availability ? " field--error" : ""}`}>
          <fieldset
            className="fieldset"
            id={fieldId("availability")}
            tabIndex={-1}
            aria-describedby={fieldErrors.availability ? `${fieldId("availability")}-error` : undefined}
          >
            <legend className="legend">When are you usually free?</legend>
            <p className="hint">Add a time for each part of the week you are usually free. Use the 24-hour clock.</p>
            <FieldError id={fieldId("availability")} error={fieldErrors.availability} />
            {rows.length === 0 ? <p>You have not added any times yet.</p> : null}
            <ol className="time-rows">
              {rows.map((r, i) => {
                const dayId = fieldId(`time-${r.key}-day`);
                return (
                  <li key={r.key} className="time-row">
                    <fieldset className="fieldset">
                      <legend className="legend">Time {i + 1}</legend>
                      <div className="time-row__fields">
                        <div className="field">
                          <label className="label" htmlFor={dayId}>
                            Day
                          </label>
                          <select
                            id={dayId}
                            className="input select"
                            value={r.day}
                            onChange={(e) => update(r.key, { day: e.target.value as DayOfWeek })}
                          >
                            {DAYS.map((d) => (
                              <option key={d.value} value={d.value}>
                                {d.label}
                              </option>
                            ))}
                          </select>
                        </div>
                        <TextField
                          name={`time-${r.key}-start`}
                          label="From"
                          width="short"
                          inputMode="numeric"
                          placeholder="09:30"
                          value={r.start}
                          onChange={(v) => update(r.key, { start: v })}
                          error={fieldErrors[`time-${r.key}-start`]}
                        />
                        <TextField
                          name={`time-${r.key}-end`}
                          label="Until"
                          width="short"
                          inputMode="numeric"
                          placeholder="17:00"
                          value={r.end}
                          onChange={(v) => update(r.key, { end: v })}
                          error={fieldErrors[`time-${r.key}-end`]}
                        />
                      </div>
                      <Button
                        type="button"
                        variant="secondary"
                        onClick={() => {
                          setRows((rs) => rs.filter((x) => x.key !== r.key));
                          requestAnimationFrame(() => document.getElementById("add-time")?.focus());
                        }}
                      >
                        Remove time {i + 1}
                      </Button>
                    </fieldset>
                  </li>
                );
              })}
            </ol>
            <Button
              id="add-time"
              type="button"
              variant="secondary"
              onClick={() => {
                const added = row("MONDAY", "", "");
                focusRow.current = added.key;
                setRows((rs) => [...rs, added]);
              }}
            >
              Add a time
            </Button>
          </fieldset>
        </div>
        <Button busy={busy} busyText="Saving…">
          Save my details
        </Button>
      </form>
    </>
  );
}

export function VolunteeringPage() {
  const query = useQuery(MyVolunteeringQuery, {});
  return (
    <Page title="My volunteering">
      <p className="lead">
        Tell your groups what you can do, when you are free and how far you can go. They use this to find the right
        person when someone needs help.
      </p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading your details…</Loading> : null}
      {query.data?.me ? <ProfileForm profile={query.data.me.volunteerProfile} /> : null}
    </Page>
  );
}
