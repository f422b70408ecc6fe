/** The group-buy calls, one function each, so screens never build URLs by hand. */
import { api, seg } from '../../api-client.ts';
import type { Building, Household } from '../../api-types.ts';
import type { HouseholdBuyMoney } from '../../../../src/core/money/read-money.ts';
import type {
  Buy,
  BuyInput,
  BuySummary,
  HouseholdView,
  JielongEntry,
  MyOrdersResponse,
  Order,
  PackingList,
} from './types.ts';

const buyPath = (buyId: string) => `/api/buys/${seg(buyId)}`;

/** `?q=…&filter=…&limit=…` for the summary's households, leaving out what asks for nothing. */
export function householdQuery(view: HouseholdView): string {
  const params = new URLSearchParams();
  const q = view.q?.trim();
  if (q) params.set('q', q);
  if (view.filter && view.filter !== 'all') params.set('filter', view.filter);
  if (view.limit !== undefined) params.set('limit', String(view.limit));
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const buysApi = {
  list: (communityId: string, signal?: AbortSignal) =>
    api.get<{ buys: Buy[] }>(`/api/communities/${seg(communityId)}/buys`, { signal }).then((r) => r.buys),
  get: (buyId: string, signal?: AbortSignal) => api.get<Buy>(buyPath(buyId), { signal }),
  create: (communityId: string, input: BuyInput) =>
    api.post<Buy>(`/api/communities/${seg(communityId)}/buys`, input),
  update: (buyId: string, input: Partial<BuyInput>) => api.patch<Buy>(buyPath(buyId), input),
  transition: (buyId: string, action: 'publish' | 'close' | 'confirm' | 'arrive' | 'complete') =>
    api.post<Buy>(`${buyPath(buyId)}/${action}`),
  cancel: (buyId: string, reason: string) => api.post<Buy>(`${buyPath(buyId)}/cancel`, { reason }),
  jielong: (buyId: string, signal?: AbortSignal) =>
    api.get<{ entries: JielongEntry[] }>(`${buyPath(buyId)}/list`, { signal }).then((r) => r.entries),
  orders: (buyId: string, signal?: AbortSignal) =>
    api.get<{ orders: Order[] }>(`${buyPath(buyId)}/orders`, { signal }).then((r) => r.orders),
  /** The leader's summary; its households searched, filtered and paged as `view` asks (all by default). */
  summary: (buyId: string, view: HouseholdView = {}, signal?: AbortSignal) =>
    api.get<BuySummary>(`${buyPath(buyId)}/summary${householdQuery(view)}`, { signal }),
  packing: (buyId: string, signal?: AbortSignal) =>
    api.get<PackingList>(`${buyPath(buyId)}/packing`, { signal }),
  /** My household's live order in this buy, or null: what the buy's page shows of mine. */
  myOrder: (buyId: string, signal?: AbortSignal) =>
    api.get<{ order: Order | null }>(`${buyPath(buyId)}/orders/mine`, { signal }).then((r) => r.order),
  /** A household's live order, for the volunteer or admin who orders for it (代下单). */
  householdOrder: (buyId: string, householdId: string, signal?: AbortSignal) =>
    api.get<{ order: Order | null }>(orderPath(buyId, { householdId }), { signal }).then((r) => r.order),
  myOrders: (communityId: string, signal?: AbortSignal) =>
    api.get<MyOrdersResponse>(`/api/me/orders?communityId=${seg(communityId)}`, { signal }),
  /** My household's money in each buy of the compound (the ledger's due, paid, owed back; payments waiting). */
  myMoney: (communityId: string, signal?: AbortSignal) =>
    api.get<{ householdId: string | null; buys: HouseholdBuyMoney[] }>(
      `/api/me/money?communityId=${seg(communityId)}`,
      { signal },
    ),
  /** Place or replace an order: mine, or a household's (a volunteer or admin ordering for it). */
  putOrder: (
    buyId: string,
    target: { householdId: string } | 'mine',
    body: { lines: { itemId: string; qty: number }[]; note: string | null },
    idempotencyKey: string,
  ) =>
    api
      .put<{ order: Order }>(orderPath(buyId, target), body, {
        headers: { 'Idempotency-Key': idempotencyKey },
        timeoutMs: WRITE_TIMEOUT_MS,
      })
      .then((r) => r.order),
  cancelOrder: (buyId: string, target: { householdId: string } | 'mine', idempotencyKey: string) =>
    api
      .delete<{ order: Order }>(orderPath(buyId, target), {
        headers: { 'Idempotency-Key': idempotencyKey },
        timeoutMs: WRITE_TIMEOUT_MS,
      })
      .then((r) => r.order),
  buildings: (communityId: string, signal?: AbortSignal) =>
    api
      .get<{ buildings: Building[] }>(`/api/communities/${seg(communityId)}/buildings`, { signal })
      .then((r) => r.buildings),
  households: (communityId: string, buildingId: string, signal?: AbortSignal) =>
    api
      .get<{
        households: Household[];
      }>(`/api/communities/${seg(communityId)}/households?buildingId=${seg(buildingId)}`, { signal })
      .then((r) => r.households),
};

/**
 * How long an order write waits for its answer before it is sent again with the same key (web/src/retry.ts): a
 * rush's answers take well under a second on the server; twenty seconds allows for a congested cell.
 */
export const WRITE_TIMEOUT_MS = 20_000;

function orderPath(buyId: string, target: { householdId: string } | 'mine'): string {
  return target === 'mine'
    ? `${buyPath(buyId)}/orders/mine`
    : `${buyPath(buyId)}/orders/households/${seg(target.householdId)}`;
}

/** Where the leader's downloads live (plain links: the session cookie authenticates them). */
export const exportUrl = (buyId: string, file: 'supplier.xlsx' | 'supplier.csv' | 'packing.xlsx') =>
  `${buyPath(buyId)}/exports/${file}`;

/** A fresh key per attempt; the caller keeps it for retries of the same attempt. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Old browsers on plain http (randomUUID needs a secure context): good enough to tell attempts apart.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The Idempotency-Key for a write: the previous attempt's key when the same body is sent again after a
 * lost answer (the server may have stored it), a fresh one for anything else.
 */
export function attemptKey(
  previous: { key: string; body: string } | null,
  body: string,
  make: () => string = newIdempotencyKey,
): { key: string; body: string } {
  return previous && previous.body === body ? previous : { key: make(), body };
}
