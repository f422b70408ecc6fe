/** <input type="datetime-local"> speaks local wall time without a zone; the API wants ISO with an offset. */

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-05-03T14:05" (local) → "2026-05-03T14:05:00+08:00" with this device's offset; null if malformed. */
export function localInputToIso(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00'] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(date.getTime()) || date.getDate() !== Number(d)) return null;
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** An ISO instant → "2026-05-03T14:05" in local time, for the input's value. */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** Tomorrow 20:00 local: a sensible default deadline for a new buy. */
export function defaultDeadlineInput(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 20, 0);
  return isoToLocalInput(d.toISOString());
}

/** A copy's deadline must leave at least this long to sign up (2 hours). */
const REPEAT_LEAD_MS = 2 * 3600_000;

/**
 * 再开一团: the earlier buy's time of day (a daily vegetable box closes at 20:00 every day) on the first day that
 * leaves at least two hours to sign up; the usual default when the earlier deadline cannot be read.
 */
export function repeatDeadlineInput(earlierIso: string, now: Date): string {
  const earlier = new Date(earlierIso);
  if (Number.isNaN(earlier.getTime())) return defaultDeadlineInput(now);
  const at = (days: number) =>
    new Date(
      now.getFullYear(),
      now.getMonth(),
      now.getDate() + days,
      earlier.getHours(),
      earlier.getMinutes(),
    );
  const today = at(0);
  const next = today.getTime() - now.getTime() >= REPEAT_LEAD_MS ? today : at(1);
  return isoToLocalInput(next.toISOString());
}
