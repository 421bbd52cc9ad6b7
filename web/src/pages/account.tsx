// Signing in, creating an account, and resetting a forgotten password.

import { useRef, useState, type FormEvent } from "react";
import { request } from "../api/client";
import { useAction } from "../api/hooks";
import {
  LoginMutation,
  RegisterMutation,
  RequestPasswordResetMutation,
  ResetPasswordMutation,
} from "../auth/operations";
import { signIn, signOut, useSession } from "../auth/session";
import {
  Button,
  ErrorSummary,
  problemList,
  sortProblems,
  TextField,
  type FieldErrors,
} from "../components/forms";
import { Page } from "../components/Page";
import { Notice } from "../components/status";
import { flash } from "../flash";
import { Link, navigate, useLocation } from "../router";

/** Where to go after signing in: a path inside the app, else home. */
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** Form state shared by the account forms. */
function useFormErrors() {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  return {
    fieldErrors,
    general,
    attempt,
    show(fields: FieldErrors, other: string[] = []) {
      setFieldErrors(fields);
      setGeneral(other);
      setAttempt((a) => a + 1);
    },
    clear() {
      setFieldErrors({});
      setGeneral([]);
    },
  };
}

function SignedInAlready({ name }: { name: string }) {
  return (
    <p>
      You are signed in as {name}. <Link href="/">Go to the home page</Link>.
    </p>
  );
}

export function SignInPage() {
  const session = useSession();
  const { search } = useLocation();
  const next = safeNext(search.get("next"));
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const errors = useFormErrors();
  const [busy, act] = useAction();
  const fields = ["email", "password"] as const;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const missing: FieldErrors = {};
      if (!email.trim()) missing.email = "Enter your email address.";
      if (!password) missing.password = "Enter your password.";
      if (Object.keys(missing).length > 0) return errors.show(missing);
      try {
        const data = await request(LoginMutation, { email: email.trim(), password });
        await signIn(data.login);
        navigate(next, { replace: true });
      } catch (error) {
        const sorted = sortProblems(error, fields, {
          INVALID_CREDENTIALS: "password",
          RATE_LIMITED: "password",
        });
        errors.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  if (session.status === "signedIn" && !busy) {
    return (
      <Page title="Sign in">
        <SignedInAlready name={session.viewer.displayName} />
      </Page>
    );
  }

  return (
    <Page title="Sign in">
      {session.status === "signedOut" && session.notice ? <Notice tone="info">{session.notice}</Notice> : null}
      <ErrorSummary problems={problemList(errors.fieldErrors, fields, errors.general)} attempt={errors.attempt} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.fieldErrors.email}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errors.fieldErrors.password}
        />
        <Button busy={busy} busyText="Signing in…">
          Sign in
        </Button>
      </form>
      <p>
        <Link href="/forgot-password">I have forgotten my password</Link>
      </p>
      <p>
        New to Kith? <Link href="/register">Create an account</Link>.
      </p>
    </Page>
  );
}

export function RegisterPage() {
  const session = useSession();
  const [displayName, setDisplayName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const errors = useFormErrors();
  const [busy, act] = useAction();
  const fields = ["displayName", "email", "password"] as const;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const missing: FieldErrors = {};
      if (!displayName.trim()) missing.displayName = "Enter your name.";
      if (!email.trim()) missing.email = "Enter your email address.";
      if (!password) missing.password = "Choose a password.";
      if (Object.keys(missing).length > 0) return errors.show(missing);
      try {
        const data = await request(RegisterMutation, {
          input: { displayName: displayName.trim(), email: email.trim(), password },
        });
        await signIn(data.register);
        flash("Your account is ready. Welcome to Kith.");
        navigate("/", { replace: true });
      } catch (error) {
        const sorted = sortProblems(error, fields, {
          EMAIL_TAKEN: "email",
          WEAK_PASSWORD: "password",
        });
        errors.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  if (session.status === "signedIn" && !busy) {
    return (
      <Page title="Create an account">
        <SignedInAlready name={session.viewer.displayName} />
      </Page>
    );
  }

  return (
    <Page title="Create an account">
      <p>With an account you can volunteer, ask for help and keep in touch with your groups.</p>
      <ErrorSummary problems={problemList(errors.fieldErrors, fields, errors.general)} attempt={errors.attempt} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          name="displayName"
          label="Your name"
          hint="This is the name other people in your groups will see."
          autoComplete="name"
          value={displayName}
          onChange={setDisplayName}
          error={errors.fieldErrors.displayName}
        />
        <TextField
          name="email"
          label="Email address"
          hint="You will use this to sign in."
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.fieldErrors.email}
        />
        <TextField
          name="password"
          label="Password"
          hint="At least 8 characters. A few words strung together make a good one."
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errors.fieldErrors.password}
        />
        <Button busy={busy} busyText="Creating your account…">
          Create my account
        </Button>
      </form>
      <p>
        Already have an account? <Link href="/sign-in">Sign in</Link>.
      </p>
    </Page>
  );
}

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const errors = useFormErrors();
  const [busy, act] = useAction();
  const confirmation = useRef<HTMLDivElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      if (!email.trim()) return errors.show({ email: "Enter your email address." });
      try {
        await request(RequestPasswordResetMutation, { email: email.trim() });
        errors.clear();
        setSentTo(email.trim());
        requestAnimationFrame(() => confirmation.current?.focus());
      } catch (error) {
        const sorted = sortProblems(error, ["email"]);
        errors.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  if (sentTo) {
    return (
      <Page title="Check your email">
        <div ref={confirmation} tabIndex={-1} className="panel">
          <p>
            If there is a Kith account for <strong>{sentTo}</strong>, we have sent it an email with a link to choose a
            new password.
          </p>
          <p>The link works for 60 minutes. If the email has not arrived after a few minutes, check your spam folder.</p>
        </div>
        <p>
          <Link href="/sign-in">Back to sign in</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title="Reset your password">
      <p>Tell us the email address you sign in with and we will send you a link to choose a new password.</p>
      <ErrorSummary problems={problemList(errors.fieldErrors, ["email"], errors.general)} attempt={errors.attempt} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.fieldErrors.email}
        />
        <Button busy={busy} busyText="Sending…">
          Send me a link
        </Button>
      </form>
      <p>
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </Page>
  );
}

export function ResetPasswordPage() {
  const { search } = useLocation();
  const token = search.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const errors = useFormErrors();
  const [busy, act] = useAction();
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const fields = ["newPassword", "confirmPassword"] as const;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const local: FieldErrors = {};
      if (!password) local.newPassword = "Choose a new password.";
      if (!confirm) local.confirmPassword = "Type your new password again.";
      else if (password && confirm !== password) local.confirmPassword = "The two passwords are not the same.";
      if (Object.keys(local).length > 0) return errors.show(local);
      try {
        await request(ResetPasswordMutation, { token, newPassword: password }, { anonymous: true });
        await signOut();
        flash("Your password has been changed. Sign in with your new password.");
        navigate("/sign-in", { replace: true });
      } catch (error) {
        const sorted = sortProblems(error, [...fields, "token"], { WEAK_PASSWORD: "newPassword" });
        if (sorted.fieldErrors.token) {
          setLinkProblem(sorted.fieldErrors.token);
          delete sorted.fieldErrors.token;
        }
        errors.show(sorted.fieldErrors, sorted.general);
      }
    });
  };

  if (!token || linkProblem) {
    return (
      <Page title="This link does not work">
        <div className="notice notice--error" role="alert">
          <p>{linkProblem ?? "This reset link is not complete. Please copy the whole link from the email."}</p>
        </div>
        <p>
          <Link href="/forgot-password">Ask for a new link</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title="Choose a new password">
      <ErrorSummary problems={problemList(errors.fieldErrors, fields, errors.general)} attempt={errors.attempt} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          name="newPassword"
          label="New password"
          hint="At least 8 characters. A few words strung together make a good one."
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={errors.fieldErrors.newPassword}
        />
        <TextField
          name="confirmPassword"
          label="Type your new password again"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={setConfirm}
          error={errors.fieldErrors.confirmPassword}
        />
        <Button busy={busy} busyText="Saving…">
          Save my new password
        </Button>
      </form>
    </Page>
  );
}
