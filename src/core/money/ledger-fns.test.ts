import { describe, expect, it } from 'vitest';
import {
  chargedByHousehold,
  householdPositions,
  owedByHousehold,
  paymentTxn,
  refundTxn,
  syncTransactions,
  type Entry,
} from './ledger-fns.ts';
import type { LedgerTxn } from './model.ts';

const entries = (txns: LedgerTxn[]): Entry[] =>
  txns.flatMap((t) => t.legs.map((l) => ({ ...l, kind: t.kind })));
const order = (householdId: string, amountFen: number, status: 'active' | 'cancelled' = 'active') => ({
  householdId,
  status,
  amountFen,
});

describe('owedByHousehold', () => {
  it.each([
    ['open: nothing posted', 'open', [order('a', 2650)], [], {}],
    ['closed: goods + fee', 'closed', [order('a', 2650)], [], { a: { goodsFen: 2500, feeFen: 150 } }],
    ['cancelled order: nothing', 'closed', [order('a', 0, 'cancelled')], [], {}],
    ['failed buy: nothing', 'failed', [order('a', 2650)], [], {}],
    [
      'partial shortage keeps the fee',
      'arrived',
      [order('a', 5150)],
      [-2500],
      { a: { goodsFen: 2500, feeFen: 150 } },
    ],
    [
      'nothing arrived: the fee is waived',
      'arrived',
      [order('a', 2650)],
      [-2500],
      { a: { goodsFen: 0, feeFen: 0 } },
    ],
  ] as const)('%s', (_name, status, orders, adj, expected) => {
    const owed = owedByHousehold(
      status,
      150,
      orders,
      adj.map((amountFenDelta) => ({ householdId: 'a', amountFenDelta })),
    );
    expect(Object.fromEntries(owed)).toEqual(expected);
  });
});

describe('sync and positions', () => {
  it('appends only the difference, as a reversing charge when the amount falls', () => {
    const first = syncTransactions(new Map(), new Map([['a', { goodsFen: 2500, feeFen: 150 }]]));
    expect(first).toHaveLength(1);
    const reduced = syncTransactions(
      chargedByHousehold(entries(first)),
      new Map([['a', { goodsFen: 0, feeFen: 0 }]]),
    );
    expect(reduced[0]!.legs).toEqual([
      { account: 'receivable', householdId: 'a', amountFen: -2650 },
      { account: 'sales', householdId: 'a', amountFen: 2500 },
      { account: 'leader_fee', householdId: 'a', amountFen: 150 },
    ]);
    const all = entries([...first, ...reduced]);
    expect(syncTransactions(chargedByHousehold(all), new Map())).toEqual([]);
  });

  it('balance = owed − paid + refunded; negative is a refund due', () => {
    const txns = [
      ...syncTransactions(new Map(), new Map([['a', { goodsFen: 2500, feeFen: 150 }]])),
      paymentTxn('p1', 'a', 3000),
      refundTxn('r1', 'a', 100),
    ];
    expect(householdPositions(entries(txns))).toEqual([
      {
        householdId: 'a',
        owedFen: 2650,
        paidFen: 3000,
        refundedFen: 100,
        balanceFen: -250,
        dueFen: 0,
        refundDueFen: 250,
      },
    ]);
  });
});
