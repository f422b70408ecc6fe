/** The group-buy shapes the screens read (api-contract.md "Group buys" and "Orders", docs/buys.md). */

import type { HouseholdFilter } from '../../../../src/core/buys/household-search.ts';
import type { PoolSummary } from '../pools/types.ts';
import type { ListEntryChange } from '../../../../src/core/shared/events.ts';

export const BUY_STATUSES = [
  'draft',
  'open',
  'closed',
  'failed',
  'confirmed',
  'arrived',
  'completed',
  'cancelled',
] as const;
export type BuyStatus = (typeof BUY_STATUSES)[number];

export const PICKUP_MODES = ['door', 'building', 'gate'] as const;
export type PickupMode = (typeof PICKUP_MODES)[number];

export interface BuyItem {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  stock: number | null;
  perHouseholdMax: number | null;
  packSize: number | null;
  allocatedQty: number;
  waitlistedQty: number;
  /** Stock left to allocate; null when unlimited. */
  remaining: number | null;
}

export interface Buy {
  id: string;
  communityId: string;
  title: string;
  description: string;
  status: BuyStatus;
  deadline: string;
  deliveryDate: string | null;
  pickupMode: PickupMode;
  supplierName: string | null;
  supplierContact: string | null;
  minTotalQty: number | null;
  minAmountFen: number | null;
  leaderFeeFen: number;
  cancelReason: string | null;
  /** The member id of the leader who created it. */
  createdBy: string;
  publishedAt: string | null;
  closedAt: string | null;
  version: number;
  items: BuyItem[];
  totals: { orders: number; allocatedQty: number; waitlistedQty: number; amountFen: number };
  /** On the 团购 list only: its 联合团购's compounds and progress, null when in none (absent elsewhere). */
  pool?: PoolSummary | null;
}

export type OrderStatus = 'active' | 'waitlisted' | 'cancelled';

export interface OrderLine {
  itemId: string;
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
  /** On a waiting line of my household's own order: the quantity of the item waiting ahead of it. */
  waitingAhead?: number;
}

export interface Order {
  id: string;
  buyId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  status: OrderStatus;
  lines: OrderLine[];
  amountFen: number;
  note: string | null;
}

export interface MyOrder extends Order {
  buy: { id: string; title: string; status: BuyStatus; deadline: string };
}

export interface MyOrdersResponse {
  householdId: string | null;
  orders: MyOrder[];
  owedFen: number;
}

/** A line of the public 接龙 list (GET /api/buys/{id}/list). */
export interface JielongEntry extends Omit<ListEntryChange, 'status'> {
  status: 'active' | 'waitlisted';
}

// What a buy's order events carry for a page to apply itself: the server's own types, so the two cannot drift.
export type { BuyCounters, BuyStatusChange, ListEntryChange } from '../../../../src/core/shared/events.ts';

export interface ItemInput {
  id?: string;
  name: string;
  spec?: string | null;
  unit?: string | null;
  priceFen: number;
  stock?: number | null;
  perHouseholdMax?: number | null;
  packSize?: number | null;
}

export interface BuyInput {
  title: string;
  description?: string;
  supplierName?: string | null;
  supplierContact?: string | null;
  deadline: string;
  deliveryDate?: string | null;
  pickupMode?: PickupMode;
  minTotalQty?: number | null;
  minAmountFen?: number | null;
  leaderFeeFen?: number;
  items: ItemInput[];
}

export interface SummaryItem {
  itemId: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  orderedQty: number;
  allocatedQty: number;
  waitlistedQty: number;
  amountFen: number;
}

export interface ProxyContact {
  name: string;
  phone: string | null;
}

/** Which of the summary's households the leader's list shows (src/core/buys/household-search.ts). */
export type { HouseholdFilter };

/** What part of the summary's households to fetch: a search, a filter and how many. */
export interface HouseholdView {
  q?: string;
  filter?: HouseholdFilter;
  limit?: number;
}

export interface BuySummary {
  items: SummaryItem[];
  buildings: {
    buildingId: string;
    name: string;
    households: number;
    items: { itemId: string; allocatedQty: number }[];
    goodsFen: number;
    amountFen: number;
  }[];
  households: {
    orderId: string;
    seq: number;
    householdId: string;
    label: string;
    buildingName: string;
    status: OrderStatus;
    placedByVolunteer: boolean;
    isProxy: boolean;
    proxyContact: ProxyContact | null;
    lines: (OrderLine & { amountFen: number })[];
    amountFen: number;
  }[];
  /** How many households match the search and the filter asked for (all pages). */
  householdsFound: number;
  /** How many households each filter holds. */
  householdCounts: Record<HouseholdFilter, number>;
  totals: {
    orders: number;
    households: number;
    goodsFen: number;
    leaderFeesFen: number;
    amountFen: number;
    [key: string]: number;
  };
}

export interface PackingList {
  buy: {
    id: string;
    title: string;
    status: BuyStatus;
    supplierName: string | null;
    deliveryDate: string | null;
    pickupMode: PickupMode;
    community: { name: string; address: string | null };
  };
  items: { itemId: string; name: string; spec: string | null; unit: string | null; priceFen: number }[];
  buildings: {
    buildingId: string;
    name: string;
    households: {
      orderId: string;
      seq: number;
      householdId: string;
      label: string;
      quantities: number[];
      amountFen: number;
      isProxy: boolean;
      proxyContact: ProxyContact | null;
    }[];
    totals: { quantities: number[]; amountFen: number };
  }[];
}
