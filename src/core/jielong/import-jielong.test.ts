import { describe, expect, it } from 'vitest';
import { authorizeOrderWrite } from '../buys/place-order.ts';
import type { OrderRequest, OrderResponse } from '../buys/order-batch.ts';
import type { BuyWithItems, MemberContext } from '../buys/ports.ts';
import { AppError } from '../shared/app-error.ts';
import { commitImport, previewImport } from './import-jielong.ts';
import { canExportJielong, canImportJielong } from './policies.ts';
import type { ImportRecord, JielongDeps, StoredCommit } from './ports.ts';

const member = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'leader',
  communityId: 'c1',
  isAdmin: false,
  isLeader: true,
  volunteerBuildingIds: [],
  household: null,
  ...over,
});
const buyRef = { communityId: 'c1', createdBy: 'leader', status: 'open' as const };
const household = { id: 'h2', communityId: 'c1', label: '1-102', buildingId: 'b1', verified: true };

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('policies', () => {
  it("lets the buy's leader and admins import, and any member who sees the buy export", () => {
    expect(canImportJielong(member(), buyRef)).toBe(true);
    expect(canImportJielong(member({ memberId: 'other-leader' }), buyRef)).toBe(false);
    expect(canImportJielong(member({ memberId: 'x', isLeader: false, isAdmin: true }), buyRef)).toBe(true);
    expect(canImportJielong(member({ communityId: 'c2', isAdmin: true }), buyRef)).toBe(false);
    expect(canImportJielong(null, buyRef)).toBe(false);
    expect(canExportJielong(member({ memberId: 'r', isLeader: false }), buyRef)).toBe(true);
    expect(canExportJielong(member({ memberId: 'r', isLeader: false }), { ...buyRef, status: 'draft' })).toBe(
      false,
    );
    expect(canExportJielong(member({ communityId: 'c2' }), buyRef)).toBe(false);
  });

  it("lets an import order for any household of the compound, but only for the buy's manager", () => {
    const viaImport = { kind: 'household', householdId: 'h2', viaImport: true } as const;
    const plain = { kind: 'household', householdId: 'h2' } as const;
    expect(code(() => authorizeOrderWrite(buyRef, member(), viaImport, household))).toBe('ok');
    expect(code(() => authorizeOrderWrite(buyRef, member(), plain, household))).toBe(
      'not_volunteer_of_building',
    );
    expect(code(() => authorizeOrderWrite(buyRef, member({ memberId: 'other' }), viaImport, household))).toBe(
      'not_volunteer_of_building',
    );
    expect(
      code(() => authorizeOrderWrite(buyRef, member(), viaImport, { ...household, verified: false })),
    ).toBe('household_not_verified');
    expect(
      code(() => authorizeOrderWrite(buyRef, member(), viaImport, { ...household, communityId: 'c2' })),
    ).toBe('household_not_found');
  });
});

const NOW = new Date('2026-11-30T08:00:00Z');
const buy: BuyWithItems = {
  id: 'b1',
  communityId: 'c1',
  title: '鸡蛋团',
  description: '',
  supplierName: null,
  supplierContact: null,
  deadline: new Date('2026-12-01T12:00:00Z'),
  deliveryDate: null,
  pickupMode: 'building',
  minTotalQty: null,
  minAmountFen: null,
  leaderFeeFen: 0,
  status: 'open',
  cancelReason: null,
  createdBy: 'leader',
  nextSeq: 1,
  liveOrders: 0,
  amountFen: 0,
  version: 1,
  publishedAt: NOW,
  closedAt: null,
  createdAt: NOW,
  updatedAt: NOW,
  items: [
    {
      id: 'egg',
      buyId: 'b1',
      position: 0,
      name: '鸡蛋',
      spec: null,
      unit: '盒',
      priceFen: 2500,
      stock: null,
      perHouseholdMax: null,
      packSize: null,
      allocatedQty: 0,
      waitlistedQty: 0,
    },
  ],
};

/** In-memory fakes: the queue answers in submission order and fails one household. */
function fakes(options: { status?: BuyWithItems['status'] } = {}) {
  const submitted: OrderRequest[] = [];
  const saved: ImportRecord[] = [];
  const commits = new Map<string, StoredCommit>();
  const deps: JielongDeps = {
    clock: { now: () => NOW },
    buys: {
      findBuyHeader: async () => ({ ...buy, status: options.status ?? 'open', standingVersion: 0 }),
      findBuy: async () => ({ ...buy, status: options.status ?? 'open' }),
      memberContext: async () => member(),
      listOrders: async () => [],
    },
    repo: {
      householdsOf: async () => [
        { id: 'h1', label: '1-101', verified: true },
        { id: 'h2', label: '1-102', verified: true },
      ],
      importsOf: async () => [],
      saveImports: async (_b, _by, _at, records) => {
        saved.push(...records);
      },
      findCommit: async (scope, key) => commits.get(`${scope}\n${key}`) ?? null,
      saveCommit: async (c) => {
        if (!commits.has(`${c.scope}\n${c.key}`)) commits.set(`${c.scope}\n${c.key}`, c);
      },
    },
    orderQueue: {
      submit: async (_buyId: string, r: OrderRequest): Promise<OrderResponse> => {
        submitted.push(r);
        const householdId = r.target.kind === 'household' ? r.target.householdId : 'mine';
        if (householdId === 'h-bad') throw new AppError('not_found', 'no', { code: 'household_not_found' });
        const order = {
          id: `o-${householdId}`,
          buyId: 'b1',
          seq: submitted.length,
          householdId,
          householdLabel: householdId,
          status: 'active' as const,
          lines: [],
          amountFen: 0,
          note: null,
        };
        return { statusCode: 201, body: { order }, replayed: false };
      },
    },
  };
  return { deps, submitted, saved };
}

const actor = { userId: 'u1', displayName: 'Leader', via: 'token' as const };

describe('previewImport', () => {
  it('reviews the list against the compound and changes nothing', async () => {
    const f = fakes();
    const p = await previewImport(f.deps, actor, {
      buyId: 'b1',
      text: '#接龙\n团\n1. 1-101 2盒\n2. 9-101 1',
    });
    expect(p.lines.map((l) => [l.line, l.status, l.reasons])).toEqual([
      [3, 'understood', []],
      [4, 'unsure', ['unknown_household']],
    ]);
    expect(f.submitted).toEqual([]);
  });

  it('refuses a buy that is not open', async () => {
    const f = fakes({ status: 'closed' });
    await expect(previewImport(f.deps, actor, { buyId: 'b1', text: 'x' })).rejects.toMatchObject({
      code: 'buy_not_open',
    });
  });
});

describe('commitImport', () => {
  it('submits the entries in list order as imports, with per-entry idempotency keys, and records the successes', async () => {
    const f = fakes();
    const out = await commitImport(f.deps, actor, {
      buyId: 'b1',
      idempotency: { key: 'k', scope: 'POST /x' },
      entries: [
        {
          line: 3,
          householdId: 'h2',
          action: 'add',
          items: [{ itemId: 'egg', qty: 2 }],
          note: '王阿姨',
          text: '1. 1-102 2盒',
        },
        { line: 4, householdId: 'h-bad', action: 'add', items: [{ itemId: 'egg', qty: 1 }] },
        { line: 5, householdId: 'h1', action: 'cancel', items: [] },
      ],
    });
    expect(f.submitted.map((r) => [r.target, r.change.kind, r.idempotency])).toEqual([
      [
        { kind: 'household', householdId: 'h2', viaImport: true },
        'place',
        { key: 'k#h2', scope: 'u1 POST /x' },
      ],
      [
        { kind: 'household', householdId: 'h-bad', viaImport: true },
        'place',
        { key: 'k#h-bad', scope: 'u1 POST /x' },
      ],
      [
        { kind: 'household', householdId: 'h1', viaImport: true },
        'cancel',
        { key: 'k#h1', scope: 'u1 POST /x' },
      ],
    ]);
    expect(f.submitted[0]!.change).toEqual({
      kind: 'place',
      lines: [{ itemId: 'egg', qty: 2 }],
      note: '王阿姨',
    });
    expect(out.counts).toEqual({ placed: 1, cancelled: 1, failed: 1 });
    expect(out.results[1]).toMatchObject({ ok: false, error: { code: 'household_not_found' } });
    expect(f.saved).toEqual([
      {
        householdId: 'h2',
        action: 'add',
        lines: [{ itemId: 'egg', qty: 2 }],
        sourceLine: 3,
        sourceText: '1. 1-102 2盒',
      },
      { householdId: 'h1', action: 'cancel', lines: [], sourceLine: 5, sourceText: '' },
    ]);
  });

  it.each([
    [
      [
        { line: 1, householdId: 'h1', action: 'add', items: [{ itemId: 'egg', qty: 1 }] },
        { line: 2, householdId: 'h1', action: 'add', items: [{ itemId: 'egg', qty: 1 }] },
      ],
      'duplicate_household',
    ],
    [
      [{ line: 1, householdId: 'h1', action: 'cancel', items: [{ itemId: 'egg', qty: 1 }] }],
      'cancel_with_items',
    ],
    [[{ line: 1, householdId: 'h1', action: 'add', items: [{ itemId: 'egg', qty: 0 }] }], 'empty_order'],
    [[{ line: 1, householdId: 'h1', action: 'add', items: [{ itemId: 'milk', qty: 1 }] }], 'item_not_in_buy'],
  ] as const)('refuses a bad set before ordering anything (%#: %s)', async (entries, expected) => {
    const f = fakes();
    await expect(
      commitImport(f.deps, actor, {
        buyId: 'b1',
        idempotency: null,
        entries: entries.map((e) => ({ ...e, items: [...e.items] })),
      }),
    ).rejects.toMatchObject({ code: expected });
    expect(f.submitted).toEqual([]);
  });
});
