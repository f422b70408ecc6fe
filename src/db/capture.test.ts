import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { captureStatements } from './capture.ts';
import { idempotencyKeys } from './schema/index.ts';

describe('captureStatements', () => {
  it('writes down the statements a write would send, in order, with their parameters', async () => {
    const statements = await captureStatements(async (db) => {
      await db.execute(sql`UPDATE buys SET version = version + 1 WHERE id = ${'b1'}`);
      await db
        .insert(idempotencyKeys)
        .values({ scope: 's', key: 'k', requestHash: 'h', statusCode: 201, response: { ok: true } });
    });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toEqual({
      sql: 'UPDATE buys SET version = version + 1 WHERE id = $1',
      params: ['b1'],
    });
    expect(statements[1]!.sql).toMatch(/^insert into "idempotency_keys"/);
    expect(statements[1]!.params).toContain('{"ok":true}');
  });

  it('refuses a read (its answer would be made up)', async () => {
    // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
    const err = await captureStatements((db) => db.execute(sql`SELECT version FROM buys`)).catch(
      (e: unknown) => e as Error,
    );
    expect(String((err as Error).cause)).toMatch(/may not read/);
  });
});
