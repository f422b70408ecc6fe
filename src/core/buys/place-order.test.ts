import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { authorizeOrderWrite, buyNotOpen, writeOrder } from './place-order.ts';
import type { OrderRequest, OrderResponse } from './order-batch.ts';
import type { HouseholdRecord, MemberContext } from './ports.ts';

const member = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'm1',
  communityId: 'c1',
  isAdmin: false,
  isLeader: false,
  volunteerBuildingIds: [],
  household: { id: 'h1', label: '1-101', buildingId: 'b1', verified: true },
  ...over,
});
const open = { communityId: 'c1', createdBy: 'leader', status: 'open' as const };
const draft = { ...open, status: 'draft' as const };
const other: HouseholdRecord = {
  id: 'h2',
  communityId: 'c1',
  label: '1-102',
  buildingId: 'b1',
  verified: true,
};
const mine = { kind: 'mine' } as const;
const forH2 = { kind: 'household', householdId: 'h2' } as const;

/** The code of the AppError a call throws, or 'ok'. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? `${e.kind}:${e.code}` : String(e);
  }
}

describe('authorizeOrderWrite', () => {
  it.each([
    ['a verified resident, own household', open, member(), mine, null, 'ok'],
    ['a stranger', open, null, mine, null, 'forbidden:not_a_member'],
    [
      'a member of another compound',
      open,
      member({ communityId: 'c2' }),
      mine,
      null,
      'not_found:buy_not_found',
    ],
    ['a resident on a draft', draft, member(), mine, null, 'not_found:buy_not_found'],
    [
      'a pending claim',
      open,
      member({ household: { id: 'h1', label: '1-101', buildingId: 'b1', verified: false } }),
      mine,
      null,
      'forbidden:household_not_verified',
    ],
    [
      'a member without a household',
      open,
      member({ household: null }),
      mine,
      null,
      'forbidden:household_not_verified',
    ],
    [
      'the building volunteer, for a neighbour',
      open,
      member({ volunteerBuildingIds: ['b1'] }),
      forH2,
      other,
      'ok',
    ],
    ['an admin, for any household', open, member({ isAdmin: true, household: null }), forH2, other, 'ok'],
    [
      'a volunteer of another building',
      open,
      member({ volunteerBuildingIds: ['b9'] }),
      forH2,
      other,
      'forbidden:not_volunteer_of_building',
    ],
    ['a resident, for a neighbour', open, member(), forH2, other, 'forbidden:not_volunteer_of_building'],
    [
      'anyone, for an unknown household',
      open,
      member({ isAdmin: true }),
      forH2,
      null,
      'not_found:household_not_found',
    ],
    [
      'an admin, for a household of another compound',
      open,
      member({ isAdmin: true }),
      forH2,
      { ...other, communityId: 'c2' },
      'not_found:household_not_found',
    ],
    [
      'a volunteer, for an unverified household',
      open,
      member({ volunteerBuildingIds: ['b1'] }),
      forH2,
      { ...other, verified: false },
      'forbidden:household_not_verified',
    ],
  ] as const)('%s → %s', (_name, buy, m, target, household, expected) => {
    expect(outcome(() => authorizeOrderWrite(buy, m, target, household))).toBe(expected);
  });

  it('names the household and the member who acts', () => {
    expect(authorizeOrderWrite(open, member(), mine, null)).toEqual({
      householdId: 'h1',
      householdLabel: '1-101',
      placedBy: 'm1',
    });
    expect(authorizeOrderWrite(open, member({ isAdmin: true, memberId: 'admin' }), forH2, other)).toEqual({
      householdId: 'h2',
      householdLabel: '1-102',
      placedBy: 'admin',
    });
  });

  it('a closed buy or a passed deadline is a 409 buy_not_open', () => {
    expect(buyNotOpen('closed')).toMatchObject({
      kind: 'conflict',
      code: 'buy_not_open',
      details: { status: 'closed' },
    });
    expect(buyNotOpen('open').message).toMatch(/deadline/);
  });
});

describe('writeOrder', () => {
  it('queues the request on its buy at once, with the idempotency scope narrowed to the caller', async () => {
    const submitted: [string, OrderRequest][] = [];
    const response = { statusCode: 201, body: {}, replayed: false } as unknown as OrderResponse;
    const orderQueue = {
      submit: async (key: string, r: OrderRequest) => {
        submitted.push([key, r]);
        return response;
      },
    };
    const change = { kind: 'place' as const, lines: [{ itemId: 'i1', qty: 2 }] };
    const got = await writeOrder(
      { orderQueue },
      { userId: 'u1', displayName: 'x', via: 'token' },
      { buyId: 'b1', target: mine, change, idempotency: { key: 'k', scope: 'PUT /api/buys/b1/orders/mine' } },
    );
    expect(got).toBe(response);
    expect(submitted).toEqual([
      [
        'b1',
        {
          userId: 'u1',
          target: mine,
          change,
          idempotency: { key: 'k', scope: 'u1 PUT /api/buys/b1/orders/mine' },
        },
      ],
    ]);
  });
});
