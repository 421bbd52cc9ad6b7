// How an activity repeats, chosen in plain words ("Every week on Tuesday
// and Thursday, until 30 June") and turned into the RFC 5545 RRULE the API
// takes. The rule is applied in UK time, so 10am stays 10am across a clock
// change. Also: reading UK dates and times typed by people, and describing
// a stored rule in words again.

import type { ReactNode } from "react";
import { CheckboxGroup, FieldError, RadioGroup, TextField, fieldId, type FieldErrors } from "./forms";

export type Weekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU";
export type Repeat = "ONCE" | "WEEKLY" | "FORTNIGHTLY" | "MONTHLY";
export type RepeatEnd = "NEVER" | "COUNT" | "UNTIL";
export type MonthWeek = "1" | "2" | "3" | "4" | "-1";

export type Recurrence = {
  repeat: Repeat;
  /** Weekly and every two weeks: the days. */
  days: Weekday[];
  /** Monthly: which week of the month (first … fourth, or the last). */
  monthWeek: MonthWeek;
  /** Monthly: which day of that week. */
  monthDay: Weekday;
  end: RepeatEnd;
  /** How many times in all, as typed. */
  count: string;
  /** The last date, as typed (day/month/year). */
  until: string;
};

/** Monday first, as people in the UK read a week. */
export const WEEKDAYS: { value: Weekday; label: string }[] = [
  { value: "MO", label: "Monday" },
  { value: "TU", label: "Tuesday" },
  { value: "WE", label: "Wednesday" },
  { value: "TH", label: "Thursday" },
  { value: "FR", label: "Friday" },
  { value: "SA", label: "Saturday" },
  { value: "SU", label: "Sunday" },
];

const DAY_NAME: Record<Weekday, string> = Object.fromEntries(WEEKDAYS.map((d) => [d.value, d.label])) as Record<
  Weekday,
  string
>;

const MONTH_WEEKS: { value: MonthWeek; label: string }[] = [
  { value: "1", label: "first" },
  { value: "2", label: "second" },
  { value: "3", label: "third" },
  { value: "4", label: "fourth" },
  { value: "-1", label: "last" },
];

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

// ---------------------------------------------------------------------------
// UK dates and times

/** A calendar date (no time, no zone). */
export type LocalDate = { year: number; month: number; day: number };

/** Read "3/3/2026", "03-03-2026", "3 3 2026" or "2026-03-03"; null if it is not a real date. */
export function parseDate(text: string): LocalDate | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  let year: number, month: number, day: number;
  if (m) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    m = /^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{4})$/.exec(t);
    if (!m) return null;
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Read "10:00", "9:30" or "14.15" (24-hour clock); minutes after midnight, or null. */
export function parseTime(text: string): number | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** The weekday of a date. */
export function weekdayOf(date: LocalDate): Weekday {
  const n = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const)[n];
}

/** Which week of its month a date is in: 1 for days 1–7, 2 for 8–14 and so on. */
export function weekOfMonth(date: LocalDate): number {
  return Math.ceil(date.day / 7);
}

/** Whether a date is the last of its weekday in its month. */
function isLastOfMonth(date: LocalDate): boolean {
  const daysInMonth = new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
  return date.day + 7 > daysInMonth;
}

const londonParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
  hourCycle: "h23",
});

/** How far UK time is ahead of UTC at a moment, in milliseconds. */
function londonOffset(ms: number): number {
  const p: Record<string, number> = {};
  for (const part of londonParts.formatToParts(new Date(ms))) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - ms;
}

/** The moment a UK wall-clock time happens (minutes after midnight on `date`). */
export function ukMoment(date: LocalDate, minutes: number): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let utc = wall - londonOffset(wall);
  utc = wall - londonOffset(utc);
  return new Date(utc);
}

/** The UK calendar date of a moment. */
export function ukDate(when: Date): LocalDate {
  const p: Record<string, number> = {};
  for (const part of londonParts.formatToParts(when)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return { year: p.year, month: p.month, day: p.day };
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "30 June" (with the year when it is not this year). */
export function dateWords(date: LocalDate): string {
  const thisYear = ukDate(new Date()).year;
  return `${date.day} ${MONTHS[date.month - 1]}${date.year === thisYear ? "" : ` ${date.year}`}`;
}

/** "Tuesday 3 March" (with the year when it is not this year). */
export function dayWords(date: LocalDate): string {
  return `${DAY_NAME[weekdayOf(date)]} ${dateWords(date)}`;
}

/** "10am", "2:30pm", "midday". */
export function clockWords(minutes: number): string {
  const [hour, minute] = [Math.floor(minutes / 60), minutes % 60];
  if (minute === 0 && hour === 12) return "midday";
  if (minute === 0 && hour === 0) return "midnight";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h}${minute === 0 ? "" : `:${String(minute).padStart(2, "0")}`}${hour < 12 ? "am" : "pm"}`;
}

function ukClock(when: Date): number {
  const p: Record<string, number> = {};
  for (const part of londonParts.formatToParts(when)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  return p.hour * 60 + p.minute;
}

function listWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------
// The rule

export function emptyRecurrence(): Recurrence {
  return { repeat: "ONCE", days: [], monthWeek: "1", monthDay: "MO", end: "NEVER", count: "", until: "" };
}

/**
 * The RRULE for a choice (null for "once"). Assumes `checkRecurrence`
 * found nothing wrong.
 */
export function buildRule(r: Recurrence): string | null {
  const parts: string[] = [];
  const days = WEEKDAYS.map((d) => d.value).filter((d) => r.days.includes(d));
  switch (r.repeat) {
    case "ONCE":
      return null;
    case "WEEKLY":
      parts.push("FREQ=WEEKLY", `BYDAY=${days.join(",")}`);
      break;
    case "FORTNIGHTLY":
      parts.push("FREQ=WEEKLY", "INTERVAL=2", `BYDAY=${days.join(",")}`);
      break;
    case "MONTHLY":
      parts.push("FREQ=MONTHLY", `BYDAY=${r.monthWeek}${r.monthDay}`);
      break;
  }
  if (r.end === "COUNT") parts.push(`COUNT=${Number(r.count.trim())}`);
  if (r.end === "UNTIL") {
    const until = parseDate(r.until);
    if (until) {
      // The end of that day in the UK, written in UTC as RFC 5545 asks.
      const last = new Date(ukMoment(until, 24 * 60).getTime() - 1000);
      parts.push(`UNTIL=${last.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
    }
  }
  return parts.join(";");
}

/** Field names of the picker, for errors (and for the API's INVALID_RECURRENCE). */
export const RECURRENCE_FIELDS = ["repeat", "days", "monthWeek", "count", "until"] as const;

/**
 * What is wrong with a choice, by field, given the first date (if it has
 * been typed): the API needs the first date to be one the rule gives.
 */
export function checkRecurrence(r: Recurrence, first: LocalDate | null): FieldErrors {
  const errors: FieldErrors = {};
  if (r.repeat === "ONCE") return errors;
  if (r.repeat === "WEEKLY" || r.repeat === "FORTNIGHTLY") {
    if (r.days.length === 0) errors.days = "Choose at least one day of the week.";
    else if (first && !r.days.includes(weekdayOf(first))) {
      errors.days = `The first date, ${dayWords(first)}, is a ${DAY_NAME[weekdayOf(first)]}. Tick ${DAY_NAME[weekdayOf(first)]} too, or change the first date.`;
    }
  }
  if (r.repeat === "MONTHLY" && first) {
    const fits =
      weekdayOf(first) === r.monthDay &&
      (r.monthWeek === "-1" ? isLastOfMonth(first) : weekOfMonth(first) === Number(r.monthWeek));
    if (!fits) {
      const week = MONTH_WEEKS.find((w) => w.value === r.monthWeek)!.label;
      errors.monthWeek = `The first date, ${dayWords(first)}, is not the ${week} ${DAY_NAME[r.monthDay]} of its month. Change the first date or the day.`;
    }
  }
  if (r.end === "COUNT") {
    const n = Number(r.count.trim());
    if (!/^\d+$/.test(r.count.trim()) || n < 2 || n > 500) {
      errors.count = "Enter how many times it runs, as a number from 2 to 500.";
    }
  }
  if (r.end === "UNTIL") {
    const until = parseDate(r.until);
    if (!until) errors.until = "Enter the last date like 30/6/2027.";
    else if (first && compareDates(until, first) <= 0) errors.until = "The last date must be after the first date.";
  }
  return errors;
}

const RULE_DAYS: Weekday[] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/**
 * A stored activity's timing in words: "Every Tuesday and Thursday, 10am
 * to midday, from Tuesday 3 March until 30 June 2027."
 */
export function describeRule(rule: string | null | undefined, startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const first = ukDate(start);
  const hours = `${clockWords(ukClock(start))} to ${clockWords(ukClock(end))}`;
  if (!rule) return `Once, on ${dayWords(first)}, ${hours}.`;
  const fields = Object.fromEntries(
    rule
      .replace(/^RRULE:/i, "")
      .split(";")
      .map((p) => p.split("=") as [string, string])
      .map(([k, v]) => [k.toUpperCase(), (v ?? "").toUpperCase()]),
  );
  const interval = Number(fields.INTERVAL ?? "1");
  const byday = (fields.BYDAY ?? "").split(",").filter(Boolean);
  const known = new Set(["FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"]);
  let how: string | null = null;
  if (Object.keys(fields).every((k) => known.has(k))) {
    if (fields.FREQ === "WEEKLY") {
      const days = byday.length > 0 ? byday : [weekdayOf(first)];
      if (days.every((d) => RULE_DAYS.includes(d as Weekday))) {
        const names = listWords(RULE_DAYS.filter((d) => days.includes(d)).map((d) => DAY_NAME[d]));
        if (interval === 1) how = `Every ${names}`;
        else if (interval === 2) how = `Every two weeks on ${names}`;
        else how = `Every ${interval} weeks on ${names}`;
      }
    } else if (fields.FREQ === "DAILY" && byday.length === 0) {
      how = interval === 1 ? "Every day" : `Every ${interval} days`;
    } else if (fields.FREQ === "MONTHLY" && interval === 1) {
      const m = byday.length === 1 ? /^([+-]?\d)(MO|TU|WE|TH|FR|SA|SU)$/.exec(byday[0]) : null;
      if (m) {
        const week = MONTH_WEEKS.find((w) => w.value === String(Number(m[1])));
        if (week) how = `On the ${week.label} ${DAY_NAME[m[2] as Weekday]} of every month`;
      } else if (byday.length === 0) {
        how = `On day ${first.day} of every month`;
      }
    }
  }
  if (!how) return `Repeats to its own rule (${rule}), starting ${dayWords(first)}, ${hours}.`;
  let ending = "";
  if (fields.COUNT) ending = `, ${fields.COUNT} times in all`;
  else if (fields.UNTIL) {
    const u = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(fields.UNTIL);
    if (u) {
      const moment = u[4]
        ? new Date(Date.UTC(+u[1], +u[2] - 1, +u[3], +u[4], +u[5], +u[6]))
        : new Date(Date.UTC(+u[1], +u[2] - 1, +u[3], 12));
      ending = ` until ${dateWords(ukDate(moment))}`;
    }
  }
  return `${how}, ${hours}, from ${dayWords(first)}${ending}.`;
}

// ---------------------------------------------------------------------------
// The picker

type SelectProps<T extends string> = {
  name: string;
  label: ReactNode;
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string;
};

export function Select<T extends string>({ name, label, value, options, onChange, error }: SelectProps<T>) {
  const id = fieldId(name);
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label className="label" htmlFor={id}>
        {label}
      </label>
      <FieldError id={id} error={error} />
      <select
        id={id}
        name={name}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value as T)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type PickerProps = {
  value: Recurrence;
  onChange: (value: Recurrence) => void;
  /** Errors by field name (see RECURRENCE_FIELDS). */
  errors: FieldErrors;
  /** The first date as typed, to suggest the days. */
  first: LocalDate | null;
};

/** The questions: how often, which days, and when it stops. */
export function RecurrencePicker({ value, onChange, errors, first }: PickerProps) {
  const set = (changes: Partial<Recurrence>) => onChange({ ...value, ...changes });
  const chooseRepeat = (repeat: Repeat) => {
    const changes: Partial<Recurrence> = { repeat };
    // Start from the first date's day, which the rule has to include.
    if ((repeat === "WEEKLY" || repeat === "FORTNIGHTLY") && value.days.length === 0 && first) {
      changes.days = [weekdayOf(first)];
    }
    if (repeat === "MONTHLY" && first && value.repeat !== "MONTHLY") {
      changes.monthDay = weekdayOf(first);
      changes.monthWeek = weekOfMonth(first) > 4 ? "-1" : (String(weekOfMonth(first)) as MonthWeek);
    }
    set(changes);
  };
  const repeats = value.repeat !== "ONCE";
  return (
    <div className="recurrence">
      <RadioGroup<Repeat>
        name="repeat"
        legend="How often does it happen?"
        error={errors.repeat}
        value={value.repeat}
        onChange={chooseRepeat}
        choices={[
          { value: "ONCE", label: "Once" },
          { value: "WEEKLY", label: "Every week" },
          { value: "FORTNIGHTLY", label: "Every two weeks" },
          { value: "MONTHLY", label: "Every month" },
        ]}
      />
      {value.repeat === "WEEKLY" || value.repeat === "FORTNIGHTLY" ? (
        <CheckboxGroup<Weekday>
          name="days"
          legend="On which days?"
          hint="The first date must be on one of these days."
          error={errors.days}
          value={value.days}
          onChange={(days) => set({ days })}
          choices={WEEKDAYS}
        />
      ) : null}
      {value.repeat === "MONTHLY" ? (
        <div className="time-row__fields">
          <Select<MonthWeek>
            name="monthWeek"
            label="Which week of the month?"
            value={value.monthWeek}
            options={MONTH_WEEKS.map((w) => ({ value: w.value, label: `The ${w.label}` }))}
            onChange={(monthWeek) => set({ monthWeek })}
            error={errors.monthWeek}
          />
          <Select<Weekday>
            name="monthDay"
            label="Which day?"
            value={value.monthDay}
            options={WEEKDAYS}
            onChange={(monthDay) => set({ monthDay })}
          />
        </div>
      ) : null}
      {repeats ? (
        <>
          <RadioGroup<RepeatEnd>
            name="end"
            legend="When does it stop?"
            value={value.end}
            onChange={(end) => set({ end })}
            choices={[
              { value: "NEVER", label: "Keep going, with no end date" },
              { value: "COUNT", label: "After a number of times" },
              { value: "UNTIL", label: "On a date" },
            ]}
          />
          {value.end === "COUNT" ? (
            <TextField
              name="count"
              label="How many times in all?"
              width="short"
              inputMode="numeric"
              value={value.count}
              onChange={(count) => set({ count })}
              error={errors.count}
            />
          ) : null}
          {value.end === "UNTIL" ? (
            <TextField
              name="until"
              label="Last date"
              hint="Day, month and year, for example 30/6/2027."
              width="medium"
              value={value.until}
              onChange={(until) => set({ until })}
              error={errors.until}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
