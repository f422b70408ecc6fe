import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { recordArrival } from './arrival.ts';
import { getBoard } from './board.ts';
import { confirmReceipt, deliverPackage, getMyPackage, getSortingList, undoDelivery } from './packages.ts';
import { reportProblem, resolveReport } from './reports.ts';
import { actor, fakeDistribution } from './testing/fake-repo.ts';

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
  return 'ok';
};

async function arrived(eggs = 5) {
  const f = fakeDistribution();
  await recordArrival(f.deps, actor('leader'), {
    buyId: 'buy1',
    policy: 'seq',
    received: [{ itemId: 'egg', receivedQty: eggs }],
  });
  const codeOf = (label: string) => f.world.packages.find((p) => p.householdLabel === label)!.code;
  return { ...f, codeOf };
}

describe('recordArrival', () => {
  it('writes shortage adjustments, packages and the status, then publishes after the transaction', async () => {
    const { world } = await arrived(5);
    expect(world.adjustments.map((a) => [a.orderId, a.kind, a.qtyDelta, a.amountFenDelta, a.refId])).toEqual([
      ['o3', 'shortage', -2, -5000, world.arrivals[0]!.id],
    ]);
    expect(world.packages).toHaveLength(3);
    expect(new Set(world.packages.map((p) => p.code)).size).toBe(3);
    expect(world.buy.status).toBe('arrived');
    expect(world.events.map((e) => e.type)).toEqual([
      'order.adjusted',
      'buy.status_changed',
      'buy.updated',
      'delivery.updated',
    ]);
    expect(world.events[0]).toMatchObject({
      householdId: 'h-2-101',
      amountFenDelta: -5000,
      kind: 'shortage',
    });
  });

  it('gives no package to a household left with nothing', async () => {
    const { world } = await arrived(4);
    expect(world.packages.map((p) => p.householdLabel).sort()).toEqual(['1-101', '1-102']);
  });

  it('is for the leader, once', async () => {
    const f = fakeDistribution();
    const input = { buyId: 'buy1', policy: 'seq' as const, received: [] };
    expect(await code(recordArrival(f.deps, actor('vol1'), input))).toBe('not_buy_manager');
    expect(await code(recordArrival(f.deps, actor('leader'), input))).toBe('ok');
    expect(await code(recordArrival(f.deps, actor('leader'), input))).toBe('arrival_already_recorded');
    expect(f.world.events.filter((e) => e.type === 'buy.status_changed')).toHaveLength(1);
  });

  it('leaves nothing behind when it fails half way', async () => {
    const f = fakeDistribution();
    const bad = { buyId: 'buy1', policy: 'seq' as const, received: [{ itemId: 'ghost', receivedQty: 1 }] };
    expect(await code(recordArrival(f.deps, actor('leader'), bad))).toBe('unknown_item');
    expect([
      f.world.arrivals.length,
      f.world.packages.length,
      f.world.buy.status,
      f.world.events.length,
    ]).toEqual([0, 0, 'confirmed', 0]);
  });
});

describe('packages', () => {
  it('sorting lists carry the quantities after the shortage and the codes, scoped to the volunteer', async () => {
    const { deps, codeOf } = await arrived(5);
    const list = await getSortingList(deps, actor('vol2'), { buyId: 'buy1' });
    expect(list.buildings.map((b) => b.name)).toEqual(['2']);
    expect(list.buildings[0]!.households[0]).toMatchObject({
      label: '2-101',
      quantities: [1, 0],
      code: codeOf('2-101'),
    });
  });

  it('delivery: scope, once, and the household told', async () => {
    const { deps, world, codeOf } = await arrived(5);
    const deliver = (who: string, c: string) =>
      deliverPackage(deps, actor(who), { buyId: 'buy1', code: c, method: 'door' });
    expect(await code(deliver('vol2', codeOf('1-101')))).toBe('not_volunteer_of_building');
    expect(await code(deliver('1-101', codeOf('1-101')))).toBe('not_buy_manager');
    expect(await code(deliver('vol1', 'xx'))).toBe('bad_code');
    expect(await code(deliver('vol1', codeOf('1-101')))).toBe('ok');
    expect(await code(deliver('vol1', codeOf('1-101')))).toBe('already_delivered');
    expect(world.events.filter((e) => e.type === 'package.delivered')).toEqual([
      expect.objectContaining({ householdId: 'h-1-101' }),
    ]);
    const board = await getBoard(deps, actor('leader'), 'buy1');
    expect(board.totals).toMatchObject({ sorted: 3, delivered: 1 });
  });

  it('undoing a delivery: the same people, only while delivered and not confirmed, in the audit trail', async () => {
    const { deps, world, codeOf } = await arrived(5);
    const pkg = (label: string) => world.packages.find((p) => p.householdLabel === label)!;
    const undo = (who: string, label: string) =>
      undoDelivery(deps, actor(who), { buyId: 'buy1', packageId: pkg(label).id });
    expect(await code(undo('vol1', '1-101'))).toBe('not_delivered');
    await deliverPackage(deps, actor('vol1'), { buyId: 'buy1', code: codeOf('1-101'), method: 'door' });
    expect(await code(undo('vol2', '1-101'))).toBe('not_volunteer_of_building');
    expect(await code(undo('1-102', '1-101'))).toBe('not_buy_manager');
    expect(await code(undoDelivery(deps, actor('vol1'), { buyId: 'buy1', packageId: 'nope' }))).toBe(
      'package_not_found',
    );
    const back = await undo('vol1', '1-101');
    expect(back).toMatchObject({
      status: 'sorted',
      deliveredAt: null,
      deliveredBy: null,
      code: codeOf('1-101'),
    });
    expect(world.events.filter((e) => e.type.startsWith('package.')).map((e) => e.type)).toEqual([
      'package.delivered',
      'package.undelivered',
    ]);
    expect(world.audit.map((a) => [a.entity, a.action, a.householdId, a.before, a.after])).toEqual([
      [
        'package',
        'delivered',
        'h-1-101',
        { status: 'sorted', code: codeOf('1-101') },
        { status: 'delivered', code: codeOf('1-101') },
      ],
      [
        'package',
        'delivery_undone',
        'h-1-101',
        { status: 'delivered', code: codeOf('1-101') },
        { status: 'sorted', code: codeOf('1-101') },
      ],
    ]);
    // Delivered again, then confirmed by the household: no longer the volunteer's to take back.
    await deliverPackage(deps, actor('vol1'), { buyId: 'buy1', code: codeOf('1-101'), method: 'pickup' });
    await confirmReceipt(deps, actor('1-101'), 'buy1');
    expect(await code(undo('leader', '1-101'))).toBe('receipt_confirmed');
    expect(pkg('1-101').status).toBe('picked_up');
  });

  it('the household sees its refund and confirms once', async () => {
    const { deps } = await arrived(5);
    const mine = await getMyPackage(deps, actor('2-101'), 'buy1');
    expect([mine.refundFen, mine.lines[0]!.receivedQty]).toEqual([5000, 1]);
    await confirmReceipt(deps, actor('2-101'), 'buy1');
    expect(await code(confirmReceipt(deps, actor('2-101'), 'buy1'))).toBe('already_confirmed');
    expect(await code(getMyPackage(deps, actor('vol1'), 'buy1'))).toBe('not_your_household');
  });
});

describe('代签收: receiving for a proxy household', () => {
  it("its building's volunteer sees its package, confirms once it is delivered (audited) and reports for it", async () => {
    const { deps, world, codeOf } = await arrived(5);
    world.proxies.add('h-2-101');
    const pkg = () => world.packages.find((p) => p.householdLabel === '2-101')!;
    const mine = await getMyPackage(deps, actor('vol2'), 'buy1', 'h-2-101');
    expect(mine.household).toEqual({ id: 'h-2-101', label: '2-101', onBehalf: true });
    expect(mine.lines[0]!.receivedQty).toBe(1);
    // Not before it is marked delivered: the receipt says the neighbour has it in hand.
    expect(await code(confirmReceipt(deps, actor('vol2'), 'buy1', 'h-2-101'))).toBe('not_delivered');
    await deliverPackage(deps, actor('vol2'), { buyId: 'buy1', code: codeOf('2-101'), method: 'door' });
    const confirmed = await confirmReceipt(deps, actor('vol2'), 'buy1', 'h-2-101');
    expect(confirmed.package!.confirmedAt).not.toBeNull();
    expect(world.audit.at(-1)).toMatchObject({
      entity: 'package',
      action: 'receipt_confirmed',
      actorMemberId: 'vol2',
      householdId: 'h-2-101',
    });
    expect(await code(confirmReceipt(deps, actor('leader'), 'buy1', 'h-2-101'))).toBe('already_confirmed');
    expect(pkg().status).toBe('delivered');
    const report = await reportProblem(deps, actor('vol2'), {
      buyId: 'buy1',
      householdId: 'h-2-101',
      kind: 'damaged',
      note: '蛋碎了',
      lines: [{ itemId: 'egg', qty: 1 }],
    });
    expect(report).toMatchObject({ householdId: 'h-2-101', householdLabel: '2-101', status: 'open' });
  });

  it('not for a household with members of its own, nor by a volunteer of another building or a neighbour', async () => {
    const { deps, world } = await arrived(5);
    world.proxies.add('h-2-101');
    expect(await code(getMyPackage(deps, actor('vol1'), 'buy1', 'h-2-101'))).toBe(
      'not_volunteer_of_building',
    );
    expect(await code(getMyPackage(deps, actor('1-101'), 'buy1', 'h-2-101'))).toBe(
      'not_volunteer_of_building',
    );
    expect(await code(getMyPackage(deps, actor('vol1'), 'buy1', 'h-1-102'))).toBe('not_proxy_household');
    expect(await code(getMyPackage(deps, actor('vol1'), 'buy1', 'nope'))).toBe('household_not_found');
    const report = {
      buyId: 'buy1',
      kind: 'missing' as const,
      note: null,
      lines: [{ itemId: 'egg', qty: 1 }],
    };
    expect(await code(reportProblem(deps, actor('vol1'), { ...report, householdId: 'h-1-102' }))).toBe(
      'not_proxy_household',
    );
    // A household's own member asking by its id is answered as …/mine.
    expect((await getMyPackage(deps, actor('1-101'), 'buy1', 'h-1-101')).household.onBehalf).toBe(false);
  });
});

describe('reports', () => {
  it('refunds at most what the household still holds, as report_refund rows', async () => {
    const { deps, world } = await arrived(5);
    const first = await reportProblem(deps, actor('1-102'), {
      buyId: 'buy1',
      kind: 'missing',
      note: null,
      lines: [{ itemId: 'egg', qty: 2 }],
    });
    const second = await reportProblem(deps, actor('1-102'), {
      buyId: 'buy1',
      kind: 'damaged',
      note: null,
      lines: [{ itemId: 'egg', qty: 1 }],
    });
    await resolveReport(deps, actor('leader'), { reportId: first.id, resolution: 'refunded', reason: null });
    await resolveReport(deps, actor('leader'), { reportId: second.id, resolution: 'refunded', reason: null });
    const refunds = world.adjustments.filter((a) => a.kind === 'report_refund');
    // Two eggs held: the second report finds nothing left to refund.
    expect(refunds.map((a) => [a.refId, a.qtyDelta, a.amountFenDelta])).toEqual([[first.id, -2, -5000]]);
    expect((await getMyPackage(deps, actor('1-102'), 'buy1')).refundFen).toBe(5000);
    expect(
      await code(
        resolveReport(deps, actor('leader'), { reportId: first.id, resolution: 'rejected', reason: 'x' }),
      ),
    ).toBe('report_resolved');
  });

  it('only the household reports, within what it received', async () => {
    const { deps } = await arrived(5);
    const input = { buyId: 'buy1', kind: 'missing' as const, note: null, lines: [{ itemId: 'egg', qty: 2 }] };
    expect(await code(reportProblem(deps, actor('2-101'), input))).toBe('qty_above_received');
    expect(await code(reportProblem(deps, actor('vol2'), input))).toBe('not_your_household');
    expect(
      await code(reportProblem(deps, actor('1-101'), { ...input, lines: [{ itemId: 'milk', qty: 1 }] })),
    ).toBe('unknown_item');
  });
});
