// Dates, times and durations in plain UK English, always in UK time
// (Kith's groups are in the UK, wherever the browser is).

const ZONE = "Europe/London";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
});
const dayWithYearFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function parts(date: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(date)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

/** "2026-11-26": the UK calendar date of a moment, for comparing days. */
export function ukDateKey(when: string | Date): string {
  const p = parts(new Date(when));
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

/** "Wednesday 26 November" (with the year when it is not this year). */
export function formatDay(when: string | Date): string {
  const date = new Date(when);
  const sameYear = parts(date).year === parts(new Date()).year;
  return (sameYear ? dayFormat : dayWithYearFormat).format(date);
}

/** "11am", "2:30pm", "midday", "midnight". */
export function formatTime(when: string | Date): string {
  const { hour, minute } = parts(new Date(when));
  if (minute === 0 && hour === 12) return "midday";
  if (minute === 0 && hour === 0) return "midnight";
  const h = hour % 12 === 0 ? 12 : hour % 12;
  const m = minute === 0 ? "" : `:${String(minute).padStart(2, "0")}`;
  return `${h}${m}${hour < 12 ? "am" : "pm"}`;
}

/** "Wednesday 26 November, 11am to 2pm". */
export function formatWhen(startsAt: string, endsAt?: string | null): string {
  const start = `${formatDay(startsAt)}, ${formatTime(startsAt)}`;
  if (!endsAt) return start;
  if (ukDateKey(startsAt) === ukDateKey(endsAt)) return `${start} to ${formatTime(endsAt)}`;
  return `${start} to ${formatDay(endsAt)}, ${formatTime(endsAt)}`;
}

/** "1 hour 30 minutes", "45 minutes", "2 hours", "0 minutes". */
export function formatMinutes(total: number): string {
  const sign = total < 0 ? "minus " : "";
  const abs = Math.abs(total);
  const hours = Math.floor(abs / 60);
  const minutes = abs % 60;
  const h = hours === 1 ? "1 hour" : `${hours} hours`;
  const m = minutes === 1 ? "1 minute" : `${minutes} minutes`;
  if (hours === 0) return sign + m;
  if (minutes === 0) return sign + h;
  return `${sign}${h} ${m}`;
}

/** "1 place", "3 places". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
