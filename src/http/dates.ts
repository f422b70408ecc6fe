import { z } from 'zod';

const FIRST = Date.UTC(1970, 0, 1);
const LAST = Date.UTC(10_000, 0, 1);
const RANGE = 'must be between 1970-01-01 and 9999-12-31';

/**
 * A moment in ISO 8601 with its offset, from 1970 to 9999 in UTC. The format alone lets through years that
 * the database refuses (year 0000, or 0001-01-01 with a positive offset, which is 1 BC in UTC): those were a
 * 500 instead of a 400 (found by src/http/api-fuzz.int.test.ts).
 */
export const instant = () =>
  z.iso.datetime({ offset: true }).refine((s) => {
    const ms = Date.parse(s);
    return ms >= FIRST && ms < LAST;
  }, RANGE);

/** A calendar date (YYYY-MM-DD) from 1970 to 9999, for the same reason. */
export const calendarDate = () => z.iso.date().refine((s) => s >= '1970-01-01' && s <= '9999-12-31', RANGE);
