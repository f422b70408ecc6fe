/** The member's to-do list from the compound's counts. Pure. */
import type { MemberContext } from '../buys/ports.ts';
import { coverageState, type CoverageRow } from '../community/coverage-fns.ts';
import { buysBySupplier, supplierKey } from '../trust/trust-fns.ts';
import {
  TODO_KINDS,
  type CompoundSetup,
  type HouseholdTodoFacts,
  type ProxyTodoFacts,
  type TodoBuyFact,
  type TodoCount,
  type TodoFacts,
  type TodoTask,
} from './model.ts';
import { deliversIn, runsBuy, setsUp, verifiesIn } from './policies.ts';

/** Most urgent kind first (TODO_KINDS); stable, so within a kind the buys keep their order. */
export const byKind = (a: TodoTask, b: TodoTask): number =>
  TODO_KINDS.indexOf(a.kind) - TODO_KINDS.indexOf(b.kind);

/** The sum of the counts the member's share keeps. */
function sumWhere(counts: TodoCount[], keep: (c: TodoCount) => boolean): number {
  return counts.reduce((n, c) => (keep(c) ? n + c.count : n), 0);
}

/** The tasks of one buy, for a member who runs it or delivers some of its packages. */
function buyTasks(
  m: MemberContext,
  buy: TodoBuyFact,
  runs: boolean,
  facts: TodoFacts,
  now: Date,
): TodoTask[] {
  const of = { buyId: buy.id, title: buy.title };
  const mine = (c: TodoCount) => c.buyId === buy.id;
  const tasks: TodoTask[] = [];
  if (runs) {
    const reports = sumWhere(facts.openReports, mine);
    if (reports > 0) tasks.push({ kind: 'reports', count: reports, ...of });
  }
  if (buy.status === 'arrived') {
    const undelivered = sumWhere(
      facts.undelivered,
      (c) => mine(c) && c.buildingId !== null && deliversIn(m, runs, c.buildingId),
    );
    const overdue =
      buy.arrivedAt !== null && now.getTime() - buy.arrivedAt.getTime() >= facts.staleHours * 3_600_000;
    if (undelivered > 0)
      tasks.push({
        kind: 'deliver',
        count: undelivered,
        allBuildings: runs,
        overdueHours: overdue ? facts.staleHours : null,
        ...of,
      });
  }
  if (!runs) return tasks;
  if (buy.status === 'closed') tasks.push({ kind: 'confirm', ...of });
  if (buy.status === 'confirmed') tasks.push({ kind: 'arrival', deliveryDate: buy.deliveryDate, ...of });
  const payments = sumWhere(facts.pendingPayments, mine);
  if (payments > 0) tasks.push({ kind: 'payments', count: payments, ...of });
  const unpaid = sumWhere(facts.unpaid, mine);
  // Neighbours who owe and no QR code to scan: they ask in the group chat how to pay, at 3 a.m.
  if (unpaid > 0 && !buy.hasQr) tasks.push({ kind: 'payment_qr', ...of });
  if (unpaid > 0) tasks.push({ kind: 'unpaid', count: unpaid, ...of });
  const refundsDue = sumWhere(facts.refundsDue, mine);
  if (refundsDue > 0) tasks.push({ kind: 'refund_due', count: refundsDue, ...of });
  if (buy.status === 'arrived' && tasks.length === 0) tasks.push({ kind: 'finish', ...of });
  if (buy.status === 'draft') tasks.push({ kind: 'publish', ...of });
  return tasks;
}

/**
 * What the member has to do, most urgent kind first (TodoTask), and within a kind in the order of the facts'
 * buys. A buy the member does not run shows only its packages in the member's buildings, once it has arrived;
 * drafts are seen by whoever created them only. A buy's deliveries are overdue (as on the board) once the compound's
 * staleHours have passed since its arrival was recorded.
 */
export function tasksFor(m: MemberContext, facts: TodoFacts, now: Date): TodoTask[] {
  const tasks: TodoTask[] = [];
  for (const buy of facts.buys) {
    const runs = runsBuy(m, buy, m.communityId);
    if (buy.status === 'draft' && !runs) continue;
    tasks.push(...buyTasks(m, buy, runs, facts, now));
  }
  const claims = sumWhere(facts.pendingClaims, (c) => c.buildingId !== null && verifiesIn(m, c.buildingId));
  if (claims > 0) tasks.push({ kind: 'claims', count: claims });
  tasks.push(...setupTasks(m, facts.compound));
  // Array.prototype.sort is stable: within a kind, the buys keep their order.
  return tasks.sort(byKind);
}

/**
 * A new compound's first steps, its admins': rooms while it has none; then, while nobody but one member has joined
 * and no invite can be used, an invite to post in the neighbours' group chat. A compound whose invites have all
 * expired is not nagged once neighbours are in.
 */
export function setupTasks(m: MemberContext, c: CompoundSetup): TodoTask[] {
  if (!setsUp(m)) return [];
  if (!c.households) return [{ kind: 'setup_rooms' }];
  return c.members < 2 && !c.liveInvite ? [{ kind: 'invite' }] : [];
}

/** How long a help request waits untaken before it is on the admins' and volunteers' to-do. */
export const HELP_WAITING_HOURS = 1;

/** 邻里街坊's needs nobody has taken for HELP_WAITING_HOURS, in the caller's buildings. */
export function helpWaitingTask(count: number): TodoTask[] {
  return count > 0 ? [{ kind: 'help_waiting', count, hours: HELP_WAITING_HOURS }] : [];
}

/**
 * 需照顾 households left out (物资覆盖's rule, coverageState): `rows` are the register's households of the
 * caller's buildings; none when every one of them received something since `since` or has goods on their way.
 */
export function inNeedTask(rows: readonly CoverageRow[], since: Date, days: number): TodoTask[] {
  const count = rows.filter((r) => coverageState(r, since) === 'left_out').length;
  return count > 0 ? [{ kind: 'in_need', count, days }] : [];
}

/**
 * The register's suppliers (供应商名录) an admin has yet to verify that a buy under way names, spaces, case and
 * full-width forms aside (放心买's match): its residents are paying that supplier now. An unverified entry no buy
 * under way names does not nag, and a name the register lacks is not counted (there is nothing to verify).
 */
export function suppliersTask(
  entries: readonly { name: string; verifiedAt: Date | null }[],
  namesUnderWay: readonly string[],
): TodoTask[] {
  const underWay = buysBySupplier(namesUnderWay);
  const count = entries.filter((e) => e.verifiedAt === null && underWay.has(supplierKey(e.name))).length;
  return count > 0 ? [{ kind: 'suppliers', count }] : [];
}

/**
 * A volunteer's tasks for the proxy households of their buildings (代管户): each one's pay, refund and receipt, as
 * its own would be, with the household (代付, 代收退款, 代签收). Not its pickup: a package waiting in the building
 * is the volunteer's `deliver` already. By kind, then household, as listed.
 */
export function proxyTasks(proxies: ProxyTodoFacts[]): TodoTask[] {
  const tasks = proxies.flatMap(({ household, facts }) =>
    householdTasks(facts)
      .filter((task) => task.kind === 'pay' || task.kind === 'refund' || task.kind === 'receipt')
      .map((task) => ({ ...task, forHousehold: household })),
  );
  return tasks.sort(byKind); // stable: households stay in the order they were read
}

/**
 * A household's own tasks, after any role's: what it owes (as 我的订单 says 待付款: a due that its payments waiting
 * for the leader do not cover), refunds the leader sent that it has not acknowledged, a package brought to the
 * door or picked up that it has neither confirmed nor reported, and a package still waiting for it. Kinds in that
 * order, buys in the facts' order.
 */
export function householdTasks(facts: HouseholdTodoFacts): TodoTask[] {
  const tasks: TodoTask[] = [];
  for (const m of facts.money)
    if (m.balanceFen > 0 && m.pendingFen < m.balanceFen)
      tasks.push({
        kind: 'pay',
        dueFen: m.balanceFen,
        disputed: m.disputed,
        buyId: m.buyId,
        title: m.title,
      });
  for (const r of facts.refunds)
    if (r.amountFen > 0)
      tasks.push({ kind: 'refund', amountFen: r.amountFen, buyId: r.buyId, title: r.title });
  for (const p of facts.packages) {
    const of = { buyId: p.buyId, title: p.title };
    if (p.status === 'sorted') tasks.push({ kind: 'pickup', code: p.code, pickupMode: p.pickupMode, ...of });
    else if (!p.confirmed && !p.reported) tasks.push({ kind: 'receipt', ...of });
  }
  return tasks.sort(byKind);
}
