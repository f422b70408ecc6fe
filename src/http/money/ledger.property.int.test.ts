import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createClosedBuyScene, writeShortage } from '../../../test/support/money.ts';
import { bearer } from '../../../test/support/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Op =
  | { op: 'order'; who: number; qty: number }
  | { op: 'cancel'; who: number }
  | { op: 'close' }
  | { op: 'shortage'; who: number }
  | { op: 'pay'; who: number; amountFen: number | null }
  | { op: 'refund'; who: number }
  | { op: 'cancel_buy' };

const who = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('order' as const), who, qty: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant('cancel' as const), who }),
  fc.constant({ op: 'close' as const }),
  fc.record({ op: fc.constant('shortage' as const), who }),
  fc.record({
    op: fc.constant('pay' as const),
    who,
    amountFen: fc.option(fc.integer({ min: 1, max: 20_000 })),
  }),
  fc.record({ op: fc.constant('refund' as const), who }),
  fc.constant({ op: 'cancel_buy' as const }),
);

// The same invariants as ledger-fns.property.test.ts, through the real routes, repositories and SQL sums.
describe('ledger through the API (property, few runs: each builds a compound)', () => {
  it('random orders, edits, cancellations, payments, shortages and refunds keep the books balanced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 12 }), async (ops) => {
        const s = await createClosedBuyScene(t.app, t.container, { close: false });
        const people = s.residents;
        const go = (
          method: 'GET' | 'POST' | 'PUT' | 'DELETE',
          url: string,
          as: { token: string },
          payload?: object,
        ) => t.app.inject({ method, url, headers: bearer(as), ...(payload ? { payload } : {}) });
        for (const o of ops) {
          const r = o.op === 'close' || o.op === 'cancel_buy' ? null : people[o.who]!;
          switch (o.op) {
            case 'order':
              await go('PUT', `/api/buys/${s.buy.id}/orders/mine`, r!, {
                lines: [{ itemId: s.itemId, qty: o.qty }],
              });
              break;
            case 'cancel':
              await go('DELETE', `/api/buys/${s.buy.id}/orders/mine`, r!);
              break;
            case 'close':
              await go('POST', `/api/buys/${s.buy.id}/close`, s.leader);
              break;
            case 'cancel_buy':
              await go('POST', `/api/buys/${s.buy.id}/cancel`, s.leader, { reason: 'test' });
              break;
            case 'shortage': {
              const state = (await t.container.db.execute(
                sql`SELECT b.status, l.allocated_qty FROM buys b JOIN orders o ON o.buy_id = b.id AND o.household_id = ${r!.household.id} AND o.status <> 'cancelled'
                  JOIN order_lines l ON l.order_id = o.id WHERE b.id = ${s.buy.id}`,
              )) as unknown as { rows: { status: string; allocated_qty: number }[] };
              const row = state.rows[0];
              if (row && row.status === 'closed' && row.allocated_qty > 0)
                await writeShortage(t.container, {
                  buyId: s.buy.id,
                  householdId: r!.household.id,
                  itemId: s.itemId,
                  qty: 1,
                  priceFen: 2500,
                });
              break;
            }
            case 'pay': {
              const marked = await go('POST', `/api/buys/${s.buy.id}/money/payments`, r!, {
                method: 'cash',
                ...(o.amountFen ? { amountFen: o.amountFen } : {}),
              });
              if (marked.statusCode === 201)
                expect(
                  (await go('POST', `/api/payments/${marked.json().payment.id}/confirm`, s.leader))
                    .statusCode,
                ).toBe(200);
              else expect(marked.statusCode).toBe(409);
              break;
            }
            case 'refund': {
              const res = await go('POST', `/api/buys/${s.buy.id}/money/refunds`, s.leader, {
                householdId: r!.household.id,
                method: 'cash',
              });
              expect([201, 409]).toContain(res.statusCode);
              break;
            }
          }
          await t.container.ledgerSyncer.flush();
          const rec = await go('GET', `/api/buys/${s.buy.id}/money/reconciliation`, s.leader);
          expect(rec.statusCode).toBe(200);
          const { totals, rows } = rec.json() as {
            totals: { entriesSumFen: number };
            rows: { owedFen: number; paidFen: number; refundedFen: number; balanceFen: number }[];
          };
          expect(totals.entriesSumFen).toBe(0);
          for (const x of rows) expect(x.balanceFen).toBe(x.owedFen - x.paidFen + x.refundedFen);
          const sum = (await t.container.db.execute(
            sql`SELECT COALESCE(SUM(amount_fen), 0)::bigint AS s FROM ledger_entries WHERE buy_id = ${s.buy.id}`,
          )) as unknown as { rows: { s: string | number }[] };
          expect(Number(sum.rows[0]!.s)).toBe(0);
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
