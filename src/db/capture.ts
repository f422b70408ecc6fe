import type { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { Db } from './client.ts';
import type { ScriptStatement } from './pglite-worker-client.ts';

/**
 * The statements that `write` would send, in order, without sending them: a Drizzle database whose driver only
 * writes them down (and answers each with no rows). For writes whose statements do not depend on answers, to
 * be sent as one script (PGliteWorkerClient.script). A read would be answered wrongly, so it is refused.
 */
export async function captureStatements(write: (db: Db) => Promise<unknown>): Promise<ScriptStatement[]> {
  const statements: ScriptStatement[] = [];
  interface CaptureClient {
    query(sql: string, params?: unknown[]): Promise<{ rows: never[]; fields: never[]; affectedRows: number }>;
    exec(): Promise<never>;
    transaction<T>(fn: (tx: CaptureClient) => Promise<T>): Promise<T>;
  }
  const client: CaptureClient = {
    query: (sql: string, params: unknown[] = []) => {
      if (/^\s*select\b/i.test(sql)) throw new Error(`a captured write may not read: ${sql.slice(0, 80)}`);
      statements.push({ sql, params });
      return Promise.resolve({ rows: [], fields: [], affectedRows: 0 });
    },
    exec: () => Promise.reject(new Error('a captured write runs statements with parameters only')),
    transaction: (fn) => fn(client),
  };
  const db = drizzle({ client: client as unknown as PGlite, casing: 'snake_case' }) as unknown as Db;
  await write(db);
  return statements;
}
