import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createClosedBuyScene } from '../../../test/support/money.ts';
import { bearer } from '../../../test/support/users.ts';
import type { Io } from '../io.ts';
import { runAuditVerify } from './audit.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (x) => out.push(x), err: (x) => err.push(x), env: {} };
  return { io, out: () => out.join('\n'), err: () => err.join('\n') };
}

/** What an attacker with database access would do: switch the append-only trigger off, rewrite, switch it on. */
async function tamper(query: ReturnType<typeof sql>) {
  await t.container.db.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`);
  try {
    await t.container.db.execute(query);
  } finally {
    await t.container.db.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`);
  }
}

describe('linli audit verify', () => {
  it('passes an intact trail and reports the first rewritten, then removed, event (exit 1)', async () => {
    const s = await createClosedBuyScene(t.app, t.container);
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/payments`,
      headers: bearer(s.residents[0]!),
      payload: { method: 'wechat' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/payments/${paid.json().payment.id}/confirm`,
      headers: bearer(s.leader),
    });

    const ok = fakeIo();
    expect(await runAuditVerify(t.container, ok.io)).toBe(0);
    expect(ok.out()).toMatch(/Audit trail intact: \d+ events in 1 buys/);

    // Rewrite what 1-101's order was (event 3 of the chain: publish, then 4 orders).
    await tamper(
      sql`UPDATE audit_events SET after = jsonb_set(after, '{amountFen}', '1') WHERE buy_id = ${s.buy.id} AND seq = 3`,
    );
    const rewritten = fakeIo();
    expect(await runAuditVerify(t.container, rewritten.io)).toBe(1);
    expect(rewritten.err()).toContain(`buy ${s.buy.id}, event 3 (hash mismatch)`);

    // Removing an event leaves a gap (removing the last one is caught by the head kept on the buy row).
    await tamper(sql`DELETE FROM audit_events WHERE buy_id = ${s.buy.id} AND seq = 3`);
    const removed = fakeIo();
    expect(await runAuditVerify(t.container, removed.io)).toBe(1);
    expect(removed.err()).toContain('event 3 (gap)');
  });
});
