import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocOrder } from '../../core/buys/allocation-fns.ts';
import { updateWaiting, waitingBySeq } from './waiting-index.ts';

const order = (id: number, seq: number, waiting: number, status: AllocOrder['status']): AllocOrder => ({
  id: `o${id}`,
  householdId: `h${id}`,
  seq,
  status,
  amountFen: 0 as AllocOrder['amountFen'],
  lines: [{ itemId: 'i', qty: 3, allocatedQty: 3 - waiting, waitlistedQty: waiting }],
});

describe('the waiting index', () => {
  it('stays the waiting orders in seq order, whatever the changes (joins, edits, promotions, cancellations)', () => {
    const change = fc.record({
      id: fc.integer({ min: 0, max: 30 }),
      waiting: fc.integer({ min: 0, max: 3 }),
      cancel: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 40 }),
        fc.array(change, { maxLength: 120 }),
        (start, changes) => {
          const orders = new Map<string, AllocOrder>();
          const seqOf = new Map<number, number>();
          let nextSeq = 1;
          const put = (c: { id: number; waiting: number; cancel: boolean }) => {
            if (!seqOf.has(c.id)) seqOf.set(c.id, nextSeq++);
            return order(
              c.id,
              seqOf.get(c.id)!,
              c.waiting,
              c.cancel ? 'cancelled' : c.waiting ? 'waitlisted' : 'active',
            );
          };
          for (const c of start) {
            const o = put(c);
            if (o.status === 'cancelled') orders.delete(o.id);
            else orders.set(o.id, o);
          }
          const index = waitingBySeq(orders.values());
          for (const c of changes) {
            const after = put(c);
            const before = orders.get(after.id);
            if (after.status === 'cancelled') orders.delete(after.id);
            else orders.set(after.id, after);
            updateWaiting(index, before, after.status === 'cancelled' ? undefined : after);
          }
          expect(index).toEqual(waitingBySeq(orders.values()));
          for (const o of index) expect(orders.get(o.id)).toBe(o);
        },
      ),
    );
  });
});
