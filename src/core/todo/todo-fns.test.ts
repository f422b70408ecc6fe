import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../buys/ports.ts';
import { emptyTodoFacts, type HouseholdTodoFacts, type TodoBuyFact, type TodoFacts } from './model.ts';
import { coverageScope, hasTodo, runsBuy, verifiesSuppliers } from './policies.ts';
import { byKind, householdTasks, inNeedTask, proxyTasks, suppliersTask, tasksFor } from './todo-fns.ts';
import type { CoverageRow } from '../community/coverage-fns.ts';

const C = 'c1';
const NOW = new Date('2026-12-06T12:00:00Z');
const member = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'm-leader',
  communityId: C,
  isAdmin: false,
  isLeader: true,
  volunteerBuildingIds: [],
  household: null,
  ...over,
});
const buy = (id: string, status: TodoBuyFact['status'], createdBy = 'm-leader'): TodoBuyFact => ({
  id,
  title: `团 ${id}`,
  status,
  createdBy,
  deliveryDate: status === 'confirmed' ? '2026-12-08' : null,
  // Arrived an hour before NOW: not overdue at the default 6 hours.
  arrivedAt: status === 'arrived' || status === 'completed' ? new Date(NOW.getTime() - 3_600_000) : null,
  hasQr: true,
});
const tasksAt = (m: MemberContext, f: TodoFacts, now = NOW) => tasksFor(m, f, now);
const facts = (over: Partial<TodoFacts> = {}): TodoFacts => ({ ...emptyTodoFacts(), ...over });

describe('hasTodo and runsBuy', () => {
  it.each([
    [{ isLeader: false }, false],
    [{ isLeader: true }, true],
    [{ isLeader: false, isAdmin: true }, true],
    [{ isLeader: false, volunteerBuildingIds: ['b1'] }, true],
  ])('%j → %s', (over, expected) => {
    expect(hasTodo(member(over))).toBe(expected);
  });

  it('is the creator who still may run the buy, not an admin stepping in', () => {
    expect(runsBuy(member(), buy('x', 'arrived'), C)).toBe(true);
    expect(
      runsBuy(member({ isAdmin: true, isLeader: false, memberId: 'm-admin' }), buy('x', 'arrived'), C),
    ).toBe(false);
    // A leader who lost the role no longer runs their buys (an admin does).
    expect(runsBuy(member({ isLeader: false }), buy('x', 'arrived'), C)).toBe(false);
    expect(runsBuy(member({ communityId: 'other' }), buy('x', 'arrived'), C)).toBe(false);
  });
});

describe('tasksFor', () => {
  it('gives each stage of a run buy its next step', () => {
    const f = facts({
      buys: [buy('d', 'draft'), buy('o', 'closed'), buy('c', 'confirmed'), buy('a', 'arrived')],
    });
    expect(tasksAt(member(), f)).toEqual([
      { kind: 'confirm', buyId: 'o', title: '团 o' },
      { kind: 'arrival', buyId: 'c', title: '团 c', deliveryDate: '2026-12-08' },
      { kind: 'finish', buyId: 'a', title: '团 a' },
      { kind: 'publish', buyId: 'd', title: '团 d' },
    ]);
  });

  it("shows another leader's buy only through its packages in the volunteer's buildings", () => {
    const f = facts({
      buys: [buy('d', 'draft', 'm-other'), buy('o', 'closed', 'm-other'), buy('a', 'arrived', 'm-other')],
      undelivered: [
        { buyId: 'a', buildingId: 'b1', count: 3 },
        { buyId: 'a', buildingId: 'b2', count: 5 },
      ],
      pendingPayments: [{ buyId: 'a', buildingId: null, count: 2 }],
      openReports: [{ buyId: 'a', buildingId: null, count: 1 }],
    });
    expect(tasksAt(member({ volunteerBuildingIds: ['b2'] }), f)).toEqual([
      { kind: 'deliver', count: 5, allBuildings: false, overdueHours: null, buyId: 'a', title: '团 a' },
    ]);
    expect(tasksAt(member({ isLeader: false }), f)).toEqual([]);
  });

  it("counts all of a run buy's buildings, and orders kinds by urgency, buys in the facts' order", () => {
    const f = facts({
      buys: [buy('a1', 'arrived'), buy('a2', 'arrived'), buy('done', 'completed')],
      undelivered: [
        { buyId: 'a1', buildingId: 'b1', count: 3 },
        { buyId: 'a1', buildingId: 'b2', count: 5 },
        { buyId: 'a2', buildingId: 'b2', count: 1 },
      ],
      pendingPayments: [
        { buyId: 'a1', buildingId: null, count: 2 },
        { buyId: 'done', buildingId: null, count: 1 },
      ],
      unpaid: [{ buyId: 'done', buildingId: null, count: 6 }],
      openReports: [{ buyId: 'a2', buildingId: null, count: 4 }],
      pendingClaims: [{ buyId: null, buildingId: 'b1', count: 7 }],
    });
    expect(tasksAt(member({ volunteerBuildingIds: ['b1'] }), f)).toEqual([
      { kind: 'reports', count: 4, buyId: 'a2', title: '团 a2' },
      { kind: 'deliver', count: 8, allBuildings: true, overdueHours: null, buyId: 'a1', title: '团 a1' },
      { kind: 'deliver', count: 1, allBuildings: true, overdueHours: null, buyId: 'a2', title: '团 a2' },
      { kind: 'payments', count: 2, buyId: 'a1', title: '团 a1' },
      { kind: 'payments', count: 1, buyId: 'done', title: '团 done' },
      { kind: 'unpaid', count: 6, buyId: 'done', title: '团 done' },
      { kind: 'claims', count: 7 },
    ]);
  });

  it('counts claims in the buildings the member verifies: an admin all, a volunteer theirs', () => {
    const f = facts({
      pendingClaims: [
        { buyId: null, buildingId: 'b1', count: 2 },
        { buyId: null, buildingId: 'b2', count: 3 },
      ],
    });
    expect(tasksAt(member({ isAdmin: true, isLeader: false }), f)).toEqual([{ kind: 'claims', count: 5 }]);
    expect(tasksAt(member({ isLeader: false, volunteerBuildingIds: ['b2'] }), f)).toEqual([
      { kind: 'claims', count: 3 },
    ]);
    expect(tasksAt(member(), f)).toEqual([]);
  });

  it('does not finish a completed buy again, nor an arrived one with work left', () => {
    const f = facts({
      buys: [buy('a', 'arrived'), buy('done', 'completed')],
      pendingPayments: [{ buyId: 'a', buildingId: null, count: 1 }],
    });
    expect(tasksAt(member(), f)).toEqual([{ kind: 'payments', count: 1, buyId: 'a', title: '团 a' }]);
    const owing = facts({
      buys: [buy('a', 'arrived')],
      unpaid: [{ buyId: 'a', buildingId: null, count: 2 }],
    });
    expect(tasksAt(member(), owing)).toEqual([{ kind: 'unpaid', count: 2, buyId: 'a', title: '团 a' }]);
  });

  it('asks the leader for a 收款码 while households owe on a buy with no QR code to pay with', () => {
    const f = facts({
      buys: [
        { ...buy('a', 'closed'), hasQr: false },
        buy('b', 'arrived'),
        { ...buy('c', 'closed'), hasQr: false },
      ],
      unpaid: [
        { buyId: 'a', buildingId: null, count: 2 },
        { buyId: 'b', buildingId: null, count: 1 },
      ],
      pendingPayments: [{ buyId: 'a', buildingId: null, count: 1 }],
    });
    // c: nobody owes on it (yet): no QR code asked for. b: its leader's code is there.
    expect(tasksAt(member(), f)).toEqual([
      { kind: 'confirm', buyId: 'a', title: '团 a' },
      { kind: 'confirm', buyId: 'c', title: '团 c' },
      { kind: 'payments', count: 1, buyId: 'a', title: '团 a' },
      { kind: 'payment_qr', buyId: 'a', title: '团 a' },
      { kind: 'unpaid', count: 2, buyId: 'a', title: '团 a' },
      { kind: 'unpaid', count: 1, buyId: 'b', title: '团 b' },
    ]);
    // Another leader's buy is theirs to collect for.
    expect(tasksAt(member({ memberId: 'm-other' }), f)).toEqual([]);
  });

  it('asks for the refunds owed, on an arrived buy before finishing and on a failed or cancelled one', () => {
    const f = facts({
      buys: [buy('a', 'arrived'), buy('x', 'cancelled'), buy('y', 'failed', 'm-other')],
      refundsDue: [
        { buyId: 'a', buildingId: null, count: 2 },
        { buyId: 'x', buildingId: null, count: 3 },
        { buyId: 'y', buildingId: null, count: 1 },
      ],
    });
    // Not 'finish' while households are owed money back; another leader's failed buy is theirs.
    expect(tasksAt(member(), f)).toEqual([
      { kind: 'refund_due', count: 2, buyId: 'a', title: '团 a' },
      { kind: 'refund_due', count: 3, buyId: 'x', title: '团 x' },
    ]);
    // An admin who created none of them has none of it.
    expect(tasksAt(member({ memberId: 'm-admin', isLeader: false, isAdmin: true }), f)).toEqual([]);
  });
});

describe('tasksFor, a new compound', () => {
  const admin = member({ memberId: 'm-admin', isAdmin: true, isLeader: false });
  const setUp = (compound: Partial<TodoFacts['compound']>) =>
    facts({ compound: { households: true, members: 1, liveInvite: false, ...compound } });

  it('asks its admin for the rooms first, then for an invite while nobody else has joined', () => {
    expect(tasksAt(admin, setUp({ households: false }))).toEqual([{ kind: 'setup_rooms' }]);
    // An invite made before the rooms: the rooms are still asked for (nobody could claim a home).
    expect(tasksAt(admin, setUp({ households: false, liveInvite: true }))).toEqual([{ kind: 'setup_rooms' }]);
    expect(tasksAt(admin, setUp({}))).toEqual([{ kind: 'invite' }]);
  });

  it('asks for nothing once an invite can be used or a neighbour has joined', () => {
    expect(tasksAt(admin, setUp({ liveInvite: true }))).toEqual([]);
    // Its invites expired after the neighbours came in: not nagged.
    expect(tasksAt(admin, setUp({ members: 2 }))).toEqual([]);
    expect(tasksAt(admin, facts())).toEqual([]);
  });

  it("is the admins' only, after the compound's other work", () => {
    expect(tasksAt(member(), setUp({ households: false }))).toEqual([]);
    expect(tasksAt(member({ isLeader: false, volunteerBuildingIds: ['b1'] }), setUp({}))).toEqual([]);
    const f = setUp({});
    f.buys = [buy('d', 'draft', 'm-admin')];
    f.pendingClaims = [{ buyId: null, buildingId: 'b1', count: 1 }];
    expect(tasksAt(admin, f).map((x) => x.kind)).toEqual(['claims', 'publish', 'invite']);
  });
});

describe('tasksFor, deliveries overdue', () => {
  const late = (arrivedHoursAgo: number, staleHours = 6) =>
    tasksAt(member(), {
      ...facts({
        buys: [
          {
            ...buy('a', 'arrived'),
            arrivedAt: new Date(NOW.getTime() - arrivedHoursAgo * 3_600_000),
          },
        ],
        undelivered: [{ buyId: 'a', buildingId: 'b1', count: 3 }],
      }),
      staleHours,
    }).find((t) => t.kind === 'deliver');

  it("says the compound's hours once that long has passed since the arrival, as the board does", () => {
    expect(late(5.9)).toMatchObject({ count: 3, overdueHours: null });
    expect(late(6)).toMatchObject({ count: 3, overdueHours: 6 });
    expect(late(30, 24)).toMatchObject({ overdueHours: 24 });
    expect(late(12, 24)).toMatchObject({ overdueHours: null });
  });
});

describe('householdTasks', () => {
  const money = (buyId: string, balanceFen: number, pendingFen = 0, disputed = false) => ({
    buyId,
    title: `团 ${buyId}`,
    balanceFen,
    pendingFen,
    disputed,
  });
  const pkg = (
    buyId: string,
    status: 'sorted' | 'delivered' | 'picked_up',
    over: Partial<HouseholdTodoFacts['packages'][number]> = {},
  ) => ({
    buyId,
    title: `团 ${buyId}`,
    status,
    code: `CODE${buyId}`,
    pickupMode: 'building' as const,
    confirmed: false,
    reported: false,
    ...over,
  });

  it('asks to pay what is due, unless payments waiting for the leader cover it', () => {
    expect(
      householdTasks({ refunds: [], money: [money('b1', 2500), money('b2', 900, 900)], packages: [] }),
    ).toEqual([{ kind: 'pay', dueFen: 2500, disputed: false, buyId: 'b1', title: '团 b1' }]);
    // Part marked paid: the due is still to pay (as 我的订单 says 待付款).
    expect(householdTasks({ refunds: [], money: [money('b1', 2500, 1000)], packages: [] })).toEqual([
      { kind: 'pay', dueFen: 2500, disputed: false, buyId: 'b1', title: '团 b1' },
    ]);
    expect(householdTasks({ refunds: [], money: [money('b1', 0), money('b2', -300)], packages: [] })).toEqual(
      [],
    );
    // The leader disputed its latest payment: still to pay, and the line says why to look.
    expect(householdTasks({ refunds: [], money: [money('b1', 2500, 0, true)], packages: [] })).toEqual([
      { kind: 'pay', dueFen: 2500, disputed: true, buyId: 'b1', title: '团 b1' },
    ]);
  });

  it('names a waiting package by its code, and asks to confirm one delivered or picked up', () => {
    expect(
      householdTasks({
        refunds: [],
        money: [],
        packages: [pkg('b1', 'sorted'), pkg('b2', 'delivered'), pkg('b3', 'picked_up')],
      }),
    ).toEqual([
      { kind: 'receipt', buyId: 'b2', title: '团 b2' },
      { kind: 'receipt', buyId: 'b3', title: '团 b3' },
      { kind: 'pickup', code: 'CODEb1', pickupMode: 'building', buyId: 'b1', title: '团 b1' },
    ]);
  });

  it("says how a waiting package is had: the buy's 取货方式", () => {
    const waiting = (pickupMode: 'door' | 'building' | 'gate') =>
      householdTasks({ refunds: [], money: [], packages: [pkg('b1', 'sorted', { pickupMode })] });
    expect(waiting('door')).toEqual([
      { kind: 'pickup', code: 'CODEb1', pickupMode: 'door', buyId: 'b1', title: '团 b1' },
    ]);
    expect(waiting('gate')[0]).toMatchObject({ kind: 'pickup', pickupMode: 'gate' });
  });

  it('leaves a package once confirmed or reported', () => {
    expect(
      householdTasks({
        refunds: [],
        money: [],
        packages: [pkg('b1', 'delivered', { confirmed: true }), pkg('b2', 'delivered', { reported: true })],
      }),
    ).toEqual([]);
  });

  it('asks to acknowledge refunds the leader sent', () => {
    expect(
      householdTasks({
        money: [],
        refunds: [{ buyId: 'b1', title: '团 b1', amountFen: 2500 }],
        packages: [],
      }),
    ).toEqual([{ kind: 'refund', amountFen: 2500, buyId: 'b1', title: '团 b1' }]);
  });

  it('puts paying first, then refunds, receipts and waiting packages, buys in the order given', () => {
    const kinds = householdTasks({
      refunds: [{ buyId: 'b3', title: '团 b3', amountFen: 100 }],
      money: [money('b2', 100), money('b1', 100)],
      packages: [pkg('b1', 'sorted'), pkg('b2', 'delivered')],
    }).map((t) => [t.kind, 'buyId' in t ? t.buyId : null]);
    expect(kinds).toEqual([
      ['pay', 'b2'],
      ['pay', 'b1'],
      ['refund', 'b3'],
      ['receipt', 'b2'],
      ['pickup', 'b1'],
    ]);
  });

  it("gives a volunteer each proxy household's pay, refund and receipt, named, but not its pickup", () => {
    const zhou = { id: 'p1', label: '1-202' };
    const wu = { id: 'p2', label: '1-301' };
    const tasks = proxyTasks([
      {
        household: zhou,
        facts: {
          refunds: [],
          money: [money('b1', 5000)],
          packages: [pkg('b1', 'delivered'), pkg('b2', 'sorted')],
        },
      },
      {
        household: wu,
        facts: {
          refunds: [{ buyId: 'b1', title: '团 b1', amountFen: 300 }],
          money: [money('b1', 900)],
          packages: [],
        },
      },
    ]);
    expect(tasks).toEqual([
      { kind: 'pay', dueFen: 5000, disputed: false, buyId: 'b1', title: '团 b1', forHousehold: zhou },
      { kind: 'pay', dueFen: 900, disputed: false, buyId: 'b1', title: '团 b1', forHousehold: wu },
      { kind: 'refund', amountFen: 300, buyId: 'b1', title: '团 b1', forHousehold: wu },
      { kind: 'receipt', buyId: 'b1', title: '团 b1', forHousehold: zhou },
    ]);
    expect(proxyTasks([])).toEqual([]);
  });
});

describe('inNeedTask and coverageScope', () => {
  const since = new Date(NOW.getTime() - 3 * 86_400_000);
  const row = (label: string, over: Partial<CoverageRow> = {}): CoverageRow => ({
    householdId: `h${label}`,
    label,
    room: label.split('-')[1]!,
    buildingId: 'b1',
    buildingName: '1',
    buildingSort: 1,
    isProxy: false,
    members: 1,
    lastReceivedAt: null,
    coming: false,
    needs: ['elderly_alone'],
    needsNote: null,
    ...over,
  });

  it('counts the households in need that received nothing since the window and have nothing coming', () => {
    const rows = [
      row('1-101'),
      row('1-102', { lastReceivedAt: new Date(NOW.getTime() - 86_400_000) }),
      row('1-103', { coming: true }),
      row('1-104', { lastReceivedAt: new Date(NOW.getTime() - 5 * 86_400_000) }),
    ];
    expect(inNeedTask(rows, since, 3)).toEqual([{ kind: 'in_need', count: 2, days: 3 }]);
    expect(inNeedTask(rows.slice(1, 3), since, 3)).toEqual([]);
    expect(inNeedTask([], since, 3)).toEqual([]);
  });

  it('comes right after reports, before deliveries', () => {
    const list = [
      { kind: 'deliver', count: 1, allBuildings: false, overdueHours: null, buyId: 'b', title: 't' },
      { kind: 'in_need', count: 1, days: 3 },
      { kind: 'reports', count: 1, buyId: 'b', title: 't' },
    ] as const;
    expect([...list].sort(byKind).map((t) => t.kind)).toEqual(['reports', 'in_need', 'deliver']);
  });

  it("is the admins' for the compound, a volunteer's for their buildings, and nobody else's", () => {
    expect(coverageScope(member({ isAdmin: true, isLeader: false }))).toBe('all');
    expect(coverageScope(member({ isLeader: false, volunteerBuildingIds: ['b1'] }))).toEqual(['b1']);
    expect(coverageScope(member())).toBeNull();
  });
});

describe('suppliersTask', () => {
  it('counts the unverified entries a buy under way names, by name key, each once', () => {
    const entry = (name: string, verified = false) => ({ name, verifiedAt: verified ? NOW : null });
    const entries = [
      entry('崇明绿港农场'),
      entry('Fresh Farm'),
      entry('老王蔬菜'),
      entry('光明乳业浦东配送站', true),
    ];
    // Two buys of the same farm, one typed with a space; full-width letters; a name the register lacks; a verified one.
    const names = [
      '崇明绿港农场',
      '崇明 绿港农场',
      'ＦＲＥＳＨ farm',
      '五常稻花香米业',
      '光明乳业浦东配送站',
    ];
    expect(suppliersTask(entries, names)).toEqual([{ kind: 'suppliers', count: 2 }]);
    // 老王蔬菜 waits unverified, but no buy under way names it: no task.
    expect(suppliersTask(entries, ['五常稻花香米业', '光明乳业浦东配送站'])).toEqual([]);
    expect(suppliersTask([], names)).toEqual([]);
  });

  it("is an admin's (the trust context's canVerifySupplier), after the claims", () => {
    expect(verifiesSuppliers(member({ isAdmin: true, isLeader: false }))).toBe(true);
    expect(verifiesSuppliers(member())).toBe(false);
    expect(verifiesSuppliers(member({ isLeader: false, volunteerBuildingIds: ['b1'] }))).toBe(false);
    const list = [
      { kind: 'finish', buyId: 'b', title: 't' },
      { kind: 'suppliers', count: 1 },
      { kind: 'claims', count: 1 },
    ] as const;
    expect([...list].sort(byKind).map((t) => t.kind)).toEqual(['claims', 'suppliers', 'finish']);
  });
});
