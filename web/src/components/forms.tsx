// Form parts that keep labels, hints and errors tied to their inputs, and
// an error summary that links to each field at fault.

import { useEffect, useId, useRef, type ButtonHTMLAttributes, type InputHTMLAttributes, type ReactNode } from "react";
import { ApiError } from "../api/client";

export type FieldErrors = Record<string, string>;

/** A problem to list in the summary: `field` links it to its input. */
export type FormProblem = { field?: string; message: string };

/**
 * Sort an API error's problems into the fields they belong to:
 * `extensions.field` when the server names one of this form's fields,
 * else the field a code stands for (`byCode`, e.g. WEAK_PASSWORD →
 * password). Anything else is about the form as a whole.
 */
export function sortProblems(
  error: unknown,
  fields: readonly string[],
  byCode: Record<string, string> = {},
): { fieldErrors: FieldErrors; general: string[] } {
  const fieldErrors: FieldErrors = {};
  const general: string[] = [];
  const problems =
    error instanceof ApiError
      ? error.problems
      : [{ message: "Something went wrong. Please try again.", code: "INTERNAL", field: null }];
  for (const p of problems) {
    const field = p.field && fields.includes(p.field) ? p.field : byCode[p.code];
    if (field && !fieldErrors[field]) fieldErrors[field] = p.message;
    else if (!field) general.push(p.message);
  }
  return { fieldErrors, general };
}

export function fieldId(name: string): string {
  return `field-${name}`;
}

/** The problems of a form, in field order, then the general ones. */
export function problemList(fieldErrors: FieldErrors, order: readonly string[], general: string[] = []): FormProblem[] {
  return [
    ...order.filter((f) => fieldErrors[f]).map((f) => ({ field: f, message: fieldErrors[f] })),
    ...general.map((message) => ({ message })),
  ];
}

/**
 * "There is a problem": shown above a form after a failed submit, and
 * focused so screen reader and keyboard users land on it.
 */
export function ErrorSummary({ problems, attempt }: { problems: FormProblem[]; attempt: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [attempt, problems.length]);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={titleId}>
      <h2 id={titleId}>There is a problem</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.field ? (
              <a
                href={`#${fieldId(p.field)}`}
                onClick={(event) => {
                  const target = document.getElementById(fieldId(p.field!));
                  if (target) {
                    event.preventDefault();
                    target.focus();
                  }
                }}
              >
                {p.message}
              </a>
            ) : (
              p.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">Error: </span>
      {error}
    </p>
  );
}

type TextFieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  width?: "full" | "medium" | "short";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "name" | "id">;

export function TextField({ name, label, hint, error, value, onChange, width = "full", ...input }: TextFieldProps) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <input
        id={id}
        name={name}
        className={`input input--${width}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
    </div>
  );
}

type TextAreaProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number;
};

export function TextArea({ name, label, hint, error, value, onChange, rows = 4, maxLength }: TextAreaProps) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={id} error={error} />
      <textarea
        id={id}
        name={name}
        className="input textarea"
        rows={rows}
        maxLength={maxLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </div>
  );
}

export type Choice<T extends string> = { value: T; label: ReactNode; hint?: ReactNode };

type ChoicesProps<T extends string> = {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  choices: Choice<T>[];
};

/** One of several options (radio buttons in a fieldset). */
export function RadioGroup<T extends string>({
  name,
  legend,
  hint,
  error,
  choices,
  value,
  onChange,
}: ChoicesProps<T> & { value: T | null; onChange: (value: T) => void }) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="legend">{legend}</legend>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <FieldError id={id} error={error} />
        <div className="choices">
          {choices.map((c, i) => {
            const choiceId = i === 0 ? id : `${id}-${c.value}`;
            return (
              <div className="choice" key={c.value}>
                <input
                  type="radio"
                  id={choiceId}
                  name={name}
                  value={c.value}
                  checked={value === c.value}
                  onChange={() => onChange(c.value)}
                  aria-describedby={c.hint ? `${choiceId}-hint` : undefined}
                />
                <label htmlFor={choiceId}>{c.label}</label>
                {c.hint ? (
                  <p className="hint choice-hint" id={`${choiceId}-hint`}>
                    {c.hint}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** Any number of options (checkboxes in a fieldset). */
export function CheckboxGroup<T extends string>({
  name,
  legend,
  hint,
  error,
  choices,
  value,
  onChange,
}: ChoicesProps<T> & { value: T[]; onChange: (value: T[]) => void }) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" aria-describedby={describedBy(id, hint, error)}>
        <legend className="legend">{legend}</legend>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <FieldError id={id} error={error} />
        <div className="choices">
          {choices.map((c, i) => {
            const choiceId = i === 0 ? id : `${id}-${c.value}`;
            const checked = value.includes(c.value);
            return (
              <div className="choice" key={c.value}>
                <input
                  type="checkbox"
                  id={choiceId}
                  name={name}
                  value={c.value}
                  checked={checked}
                  onChange={() => onChange(checked ? value.filter((v) => v !== c.value) : [...value, c.value])}
                />
                <label htmlFor={choiceId}>{c.label}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** A button that shows it is working and cannot be pressed again meanwhile. */
export function Button({
  busy = false,
  busyText,
  children,
  variant = "primary",
  type = "submit",
  ...rest
}: {
  busy?: boolean;
  busyText?: string;
  variant?: "primary" | "secondary" | "warning";
} & ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      {...rest}
      type={type}
      className={`button button--${variant}${rest.className ? ` ${rest.className}` : ""}`}
      disabled={busy || rest.disabled}
    >
      {busy && busyText ? busyText : children}
    </button>
  );
}
