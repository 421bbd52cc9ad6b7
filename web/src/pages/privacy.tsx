// My privacy: what I agree to (consent, given or withdrawn, kept as a
// record), how I would like to be contacted, and a copy of everything
// Kith holds about me as a file to download.

import { useEffect, useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction, useQuery } from "../api/hooks";
import {
  Button,
  CheckboxGroup,
  ErrorSummary,
  problemList,
  RadioGroup,
  sortProblems,
  TextArea,
  TextField,
  type Choice,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { LoadError, Loading } from "../components/status";
import { formatDay, formatTime, ukDateKey } from "../format";
import { graphql } from "../gql";
import type { ContactChannel, MyPrivacyQuery } from "../gql/graphql";

const MyPrivacyQueryDocument = graphql(`
  query MyPrivacy {
    me {
      id
      displayName
      contactChannel
      language
      accessibilityNeeds
      doNotContact
      residentProfile {
        area
      }
      consents {
        id
        purpose
        given
        recordedAt
      }
      consentHistory {
        id
        purpose
        given
        recordedAt
        recordedBy {
          id
          displayName
        }
      }
    }
  }
`);

const RecordMyConsentMutation = graphql(`
  mutation RecordMyConsent($input: RecordConsentInput!) {
    recordConsent(input: $input) {
      id
      purpose
      given
    }
  }
`);

const UpdateMyContactMutation = graphql(`
  mutation UpdateMyContact($input: UpdateProfileInput!) {
    updateMyProfile(input: $input) {
      id
      contactChannel
      language
      accessibilityNeeds
      doNotContact
    }
  }
`);

const ExportMyDataMutation = graphql(`
  mutation ExportMyData {
    exportMyData
  }
`);

type Me = NonNullable<MyPrivacyQuery["me"]>;

/** The consents a resident can give, in plain words. */
const PURPOSES: { purpose: string; question: string; short: string }[] = [
  {
    purpose: "contact by volunteers",
    question: "Can volunteers from your groups phone or visit you?",
    short: "Volunteers may phone or visit me",
  },
  {
    purpose: "share with council adult social care",
    question: "Can your group pass your details to the council's adult social care team, if you need their help?",
    short: "Share my details with the council's adult social care team",
  },
  {
    purpose: "share with nhs",
    question: "Can your group pass your details to the NHS, if you need their help?",
    short: "Share my details with the NHS",
  },
  {
    purpose: "share with housing",
    question: "Can your group pass your details to your housing provider, if you need their help?",
    short: "Share my details with my housing provider",
  },
  {
    purpose: "share with fire and rescue",
    question: "Can your group pass your details to the fire and rescue service, for example for a free home fire safety check?",
    short: "Share my details with the fire and rescue service",
  },
];

const CHANNEL_CHOICES: Choice<ContactChannel>[] = [
  { value: "PHONE", label: "By phone" },
  { value: "EMAIL", label: "By email" },
  { value: "TEXT", label: "By text message" },
  { value: "POST", label: "By letter" },
  { value: "IN_PERSON", label: "In person" },
];

type YesNo = "YES" | "NO";

function fieldName(purpose: string): string {
  return `consent-${purpose.replace(/\s+/g, "-")}`;
}

function purposeWords(purpose: string): string {
  return PURPOSES.find((p) => p.purpose === purpose)?.short ?? purpose;
}

function ConsentForm({ me, onSaved }: { me: Me; onSaved: () => Promise<void> }) {
  const current = (purpose: string): YesNo | null => {
    const c = me.consents?.find((x) => x.purpose === purpose);
    return c ? (c.given ? "YES" : "NO") : null;
  };
  const [choices, setChoices] = useState<Record<string, YesNo | null>>(() =>
    Object.fromEntries(PURPOSES.map((p) => [p.purpose, current(p.purpose)])),
  );
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<string | null>(null);
  const [busy, act] = useAction();
  const resultRef = useRef<HTMLParagraphElement>(null);
  const [focusResult, setFocusResult] = useState(0);
  useEffect(() => {
    if (focusResult > 0) resultRef.current?.focus();
  }, [focusResult]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setGeneral([]);
      setResult(null);
      const changes = PURPOSES.filter((p) => choices[p.purpose] && choices[p.purpose] !== current(p.purpose));
      if (changes.length === 0) {
        setResult("Nothing has changed.");
        setFocusResult((n) => n + 1);
        return;
      }
      try {
        for (const p of changes) {
          await request(RecordMyConsentMutation, {
            input: { purpose: p.purpose, given: choices[p.purpose] === "YES" },
          });
        }
        await onSaved();
        setResult("Your choices have been saved.");
        setFocusResult((n) => n + 1);
      } catch (error) {
        setGeneral(sortProblems(error, []).general);
        setAttempt((n) => n + 1);
      }
    });
  };

  const answered = (purpose: string) => {
    const c = me.consents?.find((x) => x.purpose === purpose);
    if (!c) return "You have not told us yet.";
    return `You said ${c.given ? "yes" : "no"} on ${formatDay(c.recordedAt)}.`;
  };

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="consent-title">
      <h2 id="consent-title">What you agree to</h2>
      <p>You can change your mind at any time. We keep a record of each choice you make.</p>
      <ErrorSummary problems={problemList({}, [], general)} attempt={attempt} />
      {PURPOSES.map((p) => (
        <RadioGroup<YesNo>
          key={p.purpose}
          name={fieldName(p.purpose)}
          legend={p.question}
          hint={answered(p.purpose)}
          value={choices[p.purpose]}
          onChange={(v) => setChoices((c) => ({ ...c, [p.purpose]: v }))}
          choices={[
            { value: "YES", label: "Yes" },
            { value: "NO", label: "No" },
          ]}
        />
      ))}
      <Button busy={busy} busyText="Saving…">
        Save my choices
      </Button>
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
    </form>
  );
}

function ContactForm({ me, onSaved }: { me: Me; onSaved: () => Promise<void> }) {
  const [channel, setChannel] = useState<ContactChannel | null>(me.contactChannel ?? null);
  const [language, setLanguage] = useState(me.language ?? "");
  const [needs, setNeeds] = useState(me.accessibilityNeeds ?? "");
  const [noContact, setNoContact] = useState<"STOP"[]>(me.doNotContact ? ["STOP"] : []);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<string | null>(null);
  const [busy, act] = useAction();
  const resultRef = useRef<HTMLParagraphElement>(null);
  const [focusResult, setFocusResult] = useState(0);
  useEffect(() => {
    if (focusResult > 0) resultRef.current?.focus();
  }, [focusResult]);
  const fields = ["contactChannel", "language", "accessibilityNeeds", "doNotContact"] as const;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      setResult(null);
      try {
        await request(UpdateMyContactMutation, {
          input: {
            contactChannel: channel,
            language: language.trim() ? language.trim() : null,
            accessibilityNeeds: needs.trim(),
            doNotContact: noContact.includes("STOP"),
          },
        });
        setFieldErrors({});
        setGeneral([]);
        await onSaved();
        setResult("How we contact you has been saved.");
        setFocusResult((n) => n + 1);
      } catch (error) {
        const sorted = sortProblems(error, fields);
        setFieldErrors(sorted.fieldErrors);
        setGeneral(sorted.general);
        setAttempt((n) => n + 1);
      }
    });
  };

  return (
    <form onSubmit={submit} noValidate className="form" aria-labelledby="contact-title">
      <h2 id="contact-title">How we contact you</h2>
      <ErrorSummary problems={problemList(fieldErrors, fields, general)} attempt={attempt} />
      <RadioGroup<ContactChannel>
        name="contactChannel"
        legend="How would you like us to get in touch?"
        error={fieldErrors.contactChannel}
        value={channel}
        onChange={setChannel}
        choices={CHANNEL_CHOICES}
      />
      <TextField
        name="language"
        label="Which language would you like us to use? (optional)"
        hint="For example, English, Welsh or Polish."
        width="medium"
        value={language}
        onChange={setLanguage}
        error={fieldErrors.language}
      />
      <TextArea
        name="accessibilityNeeds"
        label="Is there anything that makes it easier for you when we get in touch? (optional)"
        hint="For example: please speak slowly, I use a hearing aid, or I need letters in large print."
        value={needs}
        onChange={setNeeds}
        error={fieldErrors.accessibilityNeeds}
        rows={3}
        maxLength={2000}
      />
      <CheckboxGroup<"STOP">
        name="doNotContact"
        legend="Would you like a break from all contact?"
        hint="If you tick this, nobody will phone, visit or write to you, and volunteers cannot be sent to help you. You can change it at any time."
        error={fieldErrors.doNotContact}
        value={noContact}
        onChange={setNoContact}
        choices={[{ value: "STOP", label: "Please do not contact me at all" }]}
      />
      <Button busy={busy} busyText="Saving…">
        Save how we contact you
      </Button>
      {result ? (
        <p className="result" ref={resultRef} tabIndex={-1} role="status">
          {result}
        </p>
      ) : null}
    </form>
  );
}

function DownloadMyData() {
  const [busy, act] = useAction();
  const [file, setFile] = useState<{ url: string; name: string; size: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const link = useRef<HTMLAnchorElement>(null);

  useEffect(() => {
    if (file) link.current?.focus();
    return () => {
      if (file) URL.revokeObjectURL(file.url);
    };
  }, [file]);

  const prepare = () =>
    act(async () => {
      setError(null);
      try {
        const data = await request(ExportMyDataMutation);
        let text = data.exportMyData;
        try {
          text = JSON.stringify(JSON.parse(text), null, 2);
        } catch {
          // Keep the document as it came.
        }
        const blob = new Blob([text], { type: "application/json" });
        setFile({ url: URL.createObjectURL(blob), name: `kith-my-data-${ukDateKey(new Date())}.json`, size: blob.size });
      } catch (e) {
        setError(sortProblems(e, []).general.join(" "));
      }
    });

  return (
    <section className="panel" aria-labelledby="download-title">
      <h2 id="download-title">Get a copy of your data</h2>
      <p>
        Download everything Kith holds about you: your details, your choices, the help you asked for, your check-ins,
        your time account, and who has looked at your record. It comes as a file you can keep or show someone you
        trust.
      </p>
      {error ? (
        <p className="field-error" role="alert">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      {file ? (
        <p>
          <a ref={link} href={file.url} download={file.name} className="button button--primary">
            Download my data
          </a>{" "}
          <span className="hint">
            ({file.name}, {Math.max(1, Math.round(file.size / 1024))} KB)
          </span>
        </p>
      ) : (
        <Button type="button" busy={busy} busyText="Getting your data ready…" onClick={prepare}>
          Get my data ready to download
        </Button>
      )}
    </section>
  );
}

function ConsentHistory({ me }: { me: Me }) {
  const history = me.consentHistory ?? [];
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">Your past choices</h2>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Your past choices, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Your choice</th>
            </tr>
          </thead>
          <tbody>
            {history.slice(0, 20).map((c) => (
              <tr key={c.id}>
                <td>
                  {formatDay(c.recordedAt)}, {formatTime(c.recordedAt)}
                </td>
                <td>
                  {purposeWords(c.purpose)}
                  {c.recordedBy && c.recordedBy.id !== me.id ? (
                    <span className="block">Recorded for you by {c.recordedBy.displayName}</span>
                  ) : null}
                </td>
                <td>{c.given ? "Yes" : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PrivacyPage() {
  const query = useQuery(MyPrivacyQueryDocument, {});
  const me = query.data?.me ?? null;
  const reload = () => query.reload();

  return (
    <Page title="My privacy">
      <p className="lead">You decide who may contact you and who may see your details.</p>
      {query.error ? <LoadError error={query.error} onRetry={() => void query.reload()} /> : null}
      {query.loading && !query.data ? <Loading>Loading your choices…</Loading> : null}
      {me ? (
        <>
          {me.residentProfile ? <ConsentForm me={me} onSaved={reload} /> : null}
          <ContactForm me={me} onSaved={reload} />
          <DownloadMyData />
          <ConsentHistory me={me} />
        </>
      ) : null}
    </Page>
  );
}
