/** Read use-cases: a buy, a compound's buys, the order list, the public 接龙 list, my household's orders. */
import { forbidden, notFound } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { buyNotFound, loadVisibleBuy, requireMember } from './access.ts';
import type { BuyStatus } from './buy.ts';
import { canManageBuy, canOrderFor, canSeeBuy, canViewOrders } from './policies.ts';
import type { BuysRepo, EntryRow } from './ports.ts';
import {
  buyView,
  jielongEntryOf,
  linesWithPlace,
  orderView,
  type BuyView,
  type JielongEntry,
  type OrderView,
} from './views.ts';

type Repo = Pick<
  BuysRepo,
  | 'findBuyToShow'
  | 'findBuyHeader'
  | 'memberContext'
  | 'listBuys'
  | 'listOrders'
  | 'publicEntries'
  | 'ordersOfHousehold'
  | 'liveOrderOf'
  | 'findHousehold'
>;

/** Orders per page of GET …/orders (the contract asks for at least 10,000 in one response). */
export const ORDERS_PAGE = 10_000;

/** GET /api/buys/{id}: any member (drafts: the leader and admins). */
export async function getBuy(deps: { repo: Repo }, actor: Actor, buyId: string): Promise<BuyView> {
  // The buy itself is its own header: one read fewer than loadVisibleBuy and then the buy. Every page that
  // opens fetches it: the buy as last read, while its row is the same (bench/place-reads.ts, `buy`).
  const shown = await deps.repo.findBuyToShow(buyId);
  if (!shown) throw buyNotFound();
  const { buy } = shown;
  const member = await requireMember(deps.repo, buy.communityId, actor, shown.standingVersion);
  if (!canSeeBuy(member, buy)) throw buyNotFound();
  return buyView(buy);
}

/** GET /api/communities/{id}/buys?status=: the compound's buys a member may see, by deadline. */
export async function listBuys(
  deps: { repo: Pick<Repo, 'memberContext' | 'listBuys'> },
  actor: Actor,
  input: { communityId: string; statuses: BuyStatus[] | null },
): Promise<BuyView[]> {
  const member = await requireMember(deps.repo, input.communityId, actor);
  const buys = await deps.repo.listBuys(input.communityId, input.statuses);
  return buys.filter((b) => canSeeBuy(member, b)).map(buyView);
}

/** GET /api/buys/{id}/orders (leaders, admins): every order in seq order, cancelled ones included. */
export async function listOrders(
  deps: { repo: Repo },
  actor: Actor,
  input: { buyId: string; afterSeq: number },
): Promise<{ orders: OrderView[]; nextAfter: number | null }> {
  const { buy, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  if (!canViewOrders(member, buy) && !canManageBuy(member, buy))
    throw forbidden(
      'Only leaders and admins can see every order; residents see the public list',
      'not_a_leader',
    );
  const orders = await deps.repo.listOrders(input.buyId, {
    afterSeq: input.afterSeq,
    limit: ORDERS_PAGE,
    liveOnly: false,
  });
  return { orders, nextAfter: orders.length === ORDERS_PAGE ? orders.at(-1)!.seq : null };
}

export type { JielongEntry };

/**
 * GET /api/buys/{id}/list (any member): the public 接龙 list, by household label only. Checks the caller may
 * see the buy and gives the version of the list it would read; `read` then reads and builds the entries. Every
 * member sees the same list at one version, so the HTTP layer keeps what `read` answered by version and serves
 * it to everyone who asks at that version (and sends nothing to a page that has it).
 */
export async function publicList(
  deps: { repo: Repo },
  actor: Actor,
  input: { buyId: string; afterSeq: number },
): Promise<{ version: number; read: () => Promise<PublicListPage> }> {
  // As getBuy: the buy as last read while its row is the same is its own header, and gives the list its
  // version and items (one read of the buy's row a request; every page that opens reads the list).
  const shown = await deps.repo.findBuyToShow(input.buyId);
  if (!shown) throw buyNotFound();
  const { buy } = shown;
  const member = await requireMember(deps.repo, buy.communityId, actor, shown.standingVersion);
  if (!canSeeBuy(member, buy)) throw buyNotFound();
  const list = await deps.repo.publicEntries(buy, { afterSeq: input.afterSeq, limit: ORDERS_PAGE });
  return {
    version: list.version,
    async read() {
      const orders = await list.read();
      return {
        orders,
        entryOf: jielongEntryOf(list.items),
        nextAfter: orders.length === ORDERS_PAGE ? orders.at(-1)!.seq : null,
      };
    },
  };
}

/**
 * A page of the public list: its orders in seq order, and their entries as `entryOf` makes them. Made one by one
 * by the caller, and only of the orders it has made nothing of yet: a repository hands out the same order object
 * again for an order unchanged since its last read (a buy's book does, in a rush), so a caller that keeps what it
 * made of the last version knows those (src/http/encoded-bodies.ts).
 */
export interface PublicListPage {
  orders: readonly EntryRow[];
  entryOf: (order: EntryRow) => JielongEntry;
  nextAfter: number | null;
}

export interface MyOrder extends OrderView {
  buy: { id: string; title: string; status: BuyStatus; deadline: string };
}

/** GET /api/me/orders?communityId=: my household's orders and what it owes in total. */
export async function myOrders(
  deps: { repo: Repo },
  actor: Actor,
  input: { communityId: string },
): Promise<{ householdId: string | null; orders: MyOrder[]; owedFen: number }> {
  const member = await requireMember(deps.repo, input.communityId, actor);
  if (!member.household || !member.household.verified) return { householdId: null, orders: [], owedFen: 0 };
  const rows = await deps.repo.ordersOfHousehold(member.household, input.communityId);
  const orders = rows.map(({ buyTitle, buyStatus, deadline, communityId: _c, place, ...o }) => ({
    ...o,
    lines: place ? linesWithPlace(o.lines, place) : o.lines,
    buy: { id: o.buyId, title: buyTitle, status: buyStatus, deadline: deadline.toISOString() },
  }));
  const owedFen = orders
    .filter((o) => o.status !== 'cancelled' && o.buy.status !== 'failed' && o.buy.status !== 'cancelled')
    .reduce((n, o) => n + o.amountFen, 0);
  return { householdId: member.household.id, orders, owedFen };
}

/**
 * GET /api/buys/{id}/orders/mine: my household's live order in this buy, or null (none, or no verified
 * household), what the buy's page shows of mine. Unlike `myOrders` it reads one buy's order only, and during a
 * rush from the buy's book: it waits for no journal to be expanded.
 */
export async function myOrderIn(
  deps: { repo: Repo },
  actor: Actor,
  buyId: string,
): Promise<OrderView | null> {
  const { buy, member } = await loadVisibleBuy(deps.repo, buyId, actor);
  const household = member.household;
  if (!household?.verified) return null;
  // At the version the header was read at (one read of the buy's row a request; a waiting page's own order,
  // thousands at a time after a change in the queue).
  const mine = await deps.repo.liveOrderOf(buy, household.id);
  if (!mine) return null;
  // Only an open buy promotes (a cancellation or a restock): once the list has closed, what waits waits for
  // nothing, and a place would promise what cannot come.
  return orderView(mine.order, buyId, household.label, buy.status === 'open' ? mine.place : undefined);
}

/**
 * GET /api/buys/{id}/orders/households/{householdId}: a household's live order in this buy, or null, for whoever
 * may order for it (its building's volunteers, admins): 代下单 then edits what the neighbour already has (they
 * phoned yesterday, or a 接龙 import put them in) instead of replacing it blind.
 */
export async function householdOrderIn(
  deps: { repo: Repo },
  actor: Actor,
  input: { buyId: string; householdId: string },
): Promise<OrderView | null> {
  const { buy, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  const household = await deps.repo.findHousehold(input.householdId);
  if (!household || household.communityId !== buy.communityId) throw notFound('household');
  if (!canOrderFor(member, household))
    throw forbidden(
      "Only a volunteer of this building or an admin can see this household's order",
      'not_volunteer_of_building',
    );
  const theirs = await deps.repo.liveOrderOf(buy, household.id);
  if (!theirs) return null;
  return orderView(theirs.order, buy.id, household.label, buy.status === 'open' ? theirs.place : undefined);
}
