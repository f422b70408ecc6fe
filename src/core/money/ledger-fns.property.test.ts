import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BuyStatus } from '../buys/buy.ts';
import {
  chargedByHousehold,
  householdPositions,
  isBalanced,
  ledgerTotals,
  owedByHousehold,
  owedTotal,
  paymentTxn,
  refundTxn,
  supplierInvoiceTxn,
  supplierPaymentTxn,
  syncTransactions,
  SETTLED_BY_LEDGER,
  type Entry,
  type OrderCharge,
} from './ledger-fns.ts';
import type { LedgerTxn } from './model.ts';

const HOUSEHOLDS = ['h1', 'h2', 'h3', 'h4'];
const FEE = 150;

type Op =
  | { op: 'order'; h: string; amountFen: number }
  | { op: 'cancel'; h: string }
  | { op: 'close' }
  | { op: 'cancel_buy' }
  | { op: 'shortage'; h: string; amountFen: number }
  | { op: 'pay'; h: string; amountFen: number }
  | { op: 'refund'; h: string }
  | { op: 'supplier'; amountFen: number; paid: boolean };

const household = fc.constantFrom(...HOUSEHOLDS);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('order' as const),
    h: household,
    amountFen: fc.integer({ min: 1, max: 50_000 }),
  }),
  fc.record({ op: fc.constant('cancel' as const), h: household }),
  fc.constant({ op: 'close' as const }),
  fc.constant({ op: 'cancel_buy' as const }),
  fc.record({
    op: fc.constant('shortage' as const),
    h: household,
    amountFen: fc.integer({ min: 1, max: 20_000 }),
  }),
  fc.record({
    op: fc.constant('pay' as const),
    h: household,
    amountFen: fc.integer({ min: 1, max: 60_000 }),
  }),
  fc.record({ op: fc.constant('refund' as const), h: household }),
  fc.record({
    op: fc.constant('supplier' as const),
    amountFen: fc.integer({ min: 1, max: 90_000 }),
    paid: fc.boolean(),
  }),
);

/** A whole buy in memory: orders, adjustments, and the ledger the money use-cases would write. */
function run(ops: readonly Op[]) {
  let status: BuyStatus = 'open';
  const orders = new Map<string, OrderCharge>();
  const adjustments: { householdId: string; amountFenDelta: number }[] = [];
  const entries: Entry[] = [];
  let n = 0;
  const post = (txn: LedgerTxn) => {
    expect(isBalanced(txn)).toBe(true);
    for (const l of txn.legs) entries.push({ ...l, kind: txn.kind });
  };
  const owed = () => owedByHousehold(status, FEE, [...orders.values()], adjustments);
  const sync = () => {
    if (SETTLED_BY_LEDGER.includes(status))
      for (const t of syncTransactions(chargedByHousehold(entries), owed())) post(t);
  };
  const position = (h: string) => householdPositions(entries).find((p) => p.householdId === h);
  const check = () => {
    const totals = ledgerTotals(entries);
    expect(totals.entriesSumFen).toBe(0);
    // The sync converges: a second run adds nothing.
    if (SETTLED_BY_LEDGER.includes(status))
      expect(syncTransactions(chargedByHousehold(entries), owed())).toEqual([]);
    for (const p of householdPositions(entries)) {
      const target = owed().get(p.householdId);
      const owes = SETTLED_BY_LEDGER.includes(status) ? (target ? owedTotal(target) : 0) : p.owedFen;
      expect(p.owedFen).toBe(owes);
      expect(p.balanceFen).toBe(owes - p.paidFen + p.refundedFen);
      expect(p.dueFen * p.refundDueFen).toBe(0);
    }
  };
  for (const o of ops) {
    switch (o.op) {
      case 'order':
        if (status === 'open')
          orders.set(o.h, { householdId: o.h, status: 'active', amountFen: o.amountFen + FEE });
        break;
      case 'cancel':
        if (status === 'open' && orders.has(o.h))
          orders.set(o.h, { ...orders.get(o.h)!, status: 'cancelled', amountFen: 0 });
        break;
      case 'close':
        if (status === 'open') status = orders.size > 0 ? 'closed' : 'failed';
        break;
      case 'cancel_buy':
        if (status === 'open' || status === 'closed') {
          status = 'cancelled';
          for (const [h, ord] of orders) orders.set(h, { ...ord, status: 'cancelled', amountFen: 0 });
        }
        break;
      case 'shortage': {
        const ord = orders.get(o.h);
        if (status === 'closed' && ord && ord.status !== 'cancelled')
          adjustments.push({ householdId: o.h, amountFenDelta: -o.amountFen });
        break;
      }
      case 'pay':
        if (SETTLED_BY_LEDGER.includes(status)) post(paymentTxn(`p${++n}`, o.h, o.amountFen));
        break;
      case 'refund': {
        const due = position(o.h)?.refundDueFen ?? 0;
        if (due > 0) post(refundTxn(`r${++n}`, o.h, due));
        break;
      }
      case 'supplier':
        post(
          o.paid ? supplierPaymentTxn(`s${++n}`, o.amountFen) : supplierInvoiceTxn(`s${++n}`, o.amountFen),
        );
        break;
    }
    sync();
    check();
  }
  return { entries, status };
}

describe('ledger (property)', () => {
  it('any sequence of orders, edits, cancellations, payments, shortages and refunds keeps it balanced', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        run(ops);
      }),
      { numRuns: 400 },
    );
  });

  it('refunding every refund due and collecting every amount due settles the households', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { entries, status } = run([...ops, { op: 'close' }]);
        if (!SETTLED_BY_LEDGER.includes(status)) return;
        const fix: Op[] = householdPositions(entries).flatMap((p): Op[] =>
          p.dueFen > 0
            ? [{ op: 'pay', h: p.householdId, amountFen: p.dueFen }]
            : [{ op: 'refund', h: p.householdId }],
        );
        const after = run([...ops, { op: 'close' }, ...fix]);
        const totals = ledgerTotals(after.entries);
        expect(totals.outstandingFen).toBe(0);
        expect(totals.refundsDueFen).toBe(0);
        expect(totals.leftFen).toBe(totals.collectedFen - totals.refundedFen - totals.paidToSupplierFen);
      }),
      { numRuns: 200 },
    );
  });
});
