import { describe, expect, it } from 'vitest';
import { DrizzleQueryError } from 'drizzle-orm';
import pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.ts';

/** A server error as node-postgres makes it (pg.DatabaseError with its SQLSTATE and severity). */
function serverError(code: string, severity = 'ERROR', message = 'x'): Error {
  const e = new pg.DatabaseError(message, 0, 'error');
  Object.assign(e, { code, severity });
  return e;
}

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

describe('isDatabaseUnavailable', () => {
  it('is true for a server that is not there, went away or cannot serve now', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])
      expect(isDatabaseUnavailable(socketError(code)), code).toBe(true);
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001', '08P01'])
      expect(isDatabaseUnavailable(serverError(code)), code).toBe(true);
    // At connection time: `database "x" is not currently accepting connections` (55000, FATAL).
    expect(isDatabaseUnavailable(serverError('55000', 'FATAL'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
  });

  it('looks through the errors that wrap the driver’s (Drizzle’s failed query)', () => {
    const wrapped = new DrizzleQueryError('select 1', [], socketError('ECONNREFUSED'));
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('outer', { cause: new Error('mid', { cause: serverError('57P03') }) })),
    ).toBe(true);
  });

  it('is false for errors of the request or the code, which waiting will not change', () => {
    for (const code of ['23505', '23503', '22P02', '40001', '42P01', '55000'])
      expect(isDatabaseUnavailable(serverError(code)), code).toBe(false);
    expect(isDatabaseUnavailable(new DrizzleQueryError('insert', [], serverError('23505')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });

  it('stops after a few causes (a cycle cannot hang it)', () => {
    const a: { cause?: unknown } = new Error('a');
    a.cause = a;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
