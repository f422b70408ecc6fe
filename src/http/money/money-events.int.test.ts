import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createClosedBuyScene } from '../../../test/support/money.ts';
import { openSseStream, until } from '../../../test/support/sse.ts';
import { bearer } from '../../../test/support/users.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t.close());

describe("the buy's live stream and money", () => {
  it('everyone gets money.updated; a payment decision reaches its household only', async () => {
    const s = await createClosedBuyScene(t.app, t.container);
    const [alice, bob] = s.residents;
    const url = `${base}/api/buys/${s.buy.id}/events`;
    const aliceStream = await openSseStream<{ type: string; householdId?: string }>(url, alice!.token);
    const bobStream = await openSseStream<{ type: string; householdId?: string }>(url, bob!.token);
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/payments`,
      headers: bearer(alice!),
      payload: { method: 'cash' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/payments/${paid.json().payment.id}/dispute`,
      headers: bearer(s.leader),
      payload: { reason: '金额不对' },
    });
    await until(() => aliceStream.events.some((e) => e.type === 'payment.disputed'));
    await until(() => bobStream.events.filter((e) => e.type === 'money.updated').length >= 2);
    expect(bobStream.events.some((e) => e.type.startsWith('payment.'))).toBe(false);
    aliceStream.close();
    bobStream.close();
  });
});
