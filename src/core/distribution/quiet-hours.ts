/** Quiet hours per compound (e.g. 22:00–07:00 Shanghai time): non-urgent notifications wait until they end. */

export interface QuietHours {
  /** "HH:MM", local time of the compound. */
  start: string;
  end: string;
  /** An IANA zone, "Asia/Shanghai". */
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' };

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight of "HH:MM", or null when malformed. */
export function minutesOf(hhmm: string): number | null {
  const m = HHMM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Whether the zone is one this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Minutes after local midnight at `at` in the zone (seconds dropped). */
function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * When a notification created at `now` may be shown: `now` outside quiet hours (or for urgent ones), else
 * the end of the quiet period (the next local `end` time). start = end means no quiet hours.
 */
export function deliverAfter(now: Date, quiet: QuietHours | null, urgent: boolean): Date {
  if (urgent || !quiet) return now;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === null || end === null || start === end) return now;
  const local = localMinutes(now, quiet.timeZone);
  const inQuiet = start < end ? local >= start && local < end : local >= start || local < end;
  if (!inQuiet) return now;
  const wait = (end - local + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
