/** The distribution API's shapes, as the server presents them (src/http/distribution/*.presenter.ts). */
import type { HouseholdNeed } from '../../api-types.ts';
import type { PickupMode } from '../buys/types.ts';

export type ShortagePolicy = 'seq' | 'pro_rata';
export type PackageStatus = 'sorted' | 'delivered' | 'picked_up';
export type ReportStatus = 'open' | 'redelivered' | 'refunded' | 'rejected';

export interface ArrivalPlan {
  policy: ShortagePolicy;
  items: {
    itemId: string;
    name: string;
    priceFen: number;
    allocatedQty: number;
    receivedQty: number;
    shortQty: number;
  }[];
  orders: {
    orderId: string;
    seq: number;
    householdId: string;
    householdLabel: string;
    lines: {
      itemId: string;
      allocatedQty: number;
      newQty: number;
      qtyDelta: number;
      amountFenDelta: number;
    }[];
    refundFen: number;
  }[];
  refundFen: number;
}

export interface SortingHousehold {
  orderId: string;
  householdId: string;
  label: string;
  quantities: number[];
  isProxy: boolean;
  proxyContact: { name: string; phone: string | null } | null;
  /** 需照顾: what the register says of it, for the admins and its building's volunteers (else empty). */
  needs: HouseholdNeed[];
  packageId: string | null;
  code: string | null;
  status: PackageStatus | null;
  deliveredAt: string | null;
  confirmedAt: string | null;
  qr?: string | null;
}

export interface SortingList {
  buy: { id: string; communityId: string; title: string; status: string; community: { name: string } };
  items: { itemId: string; name: string; spec: string | null; unit: string | null }[];
  buildings: {
    buildingId: string;
    name: string;
    households: SortingHousehold[];
    totals: { quantities: number[] };
  }[];
}

export interface PackageView {
  id: string;
  householdId: string;
  householdLabel: string;
  buildingId: string;
  isProxy: boolean;
  code: string;
  status: PackageStatus;
  deliveredAt: string | null;
  confirmedAt: string | null;
}

export interface DeliveryReport {
  id: string;
  packageId: string;
  householdId: string;
  householdLabel: string;
  buildingId: string;
  kind: 'missing' | 'damaged';
  note: string | null;
  lines: { itemId: string; qty: number }[];
  hasPhoto: boolean;
  status: ReportStatus;
  resolutionReason: string | null;
  createdAt: string;
  resolvedAt: string | null;
}

export interface MyPackage {
  buyId: string;
  /** Whose package: the reader's household, or a proxy household they receive for (代签收: `onBehalf`). */
  household: { label: string; onBehalf: boolean };
  status: string;
  orderId: string | null;
  package: PackageView | null;
  /** While it waits: its code as the label's QR code (an SVG data URL), for the volunteer's scanner. */
  qr: string | null;
  /** The buy's 取货方式: how the household gets its package. */
  pickupMode: PickupMode;
  lines: {
    itemId: string;
    name: string;
    unit: string | null;
    priceFen: number;
    orderedQty: number;
    allocatedQty: number;
    receivedQty: number;
    refundedQty: number;
  }[];
  refundFen: number;
  reports: DeliveryReport[];
}

export interface Board {
  arrivedAt: string | null;
  staleHours: number;
  buildings: {
    buildingId: string;
    name: string;
    sorted: number;
    delivered: number;
    confirmed: number;
    openReports: number;
    overdue: { packageId: string; householdLabel: string }[];
  }[];
  totals: { sorted: number; delivered: number; confirmed: number; openReports: number; overdue: number };
}

export interface DeliveryPlan {
  windowStart: string | null;
  windowEnd: string | null;
  driverName: string | null;
  driverPhone: string | null;
  plate: string | null;
  passNotes: string | null;
  gate: string | null;
}

export interface Coordination {
  plan: (DeliveryPlan & { updatedAt: string }) | null;
  posts: {
    id: string;
    kind: 'arriving' | 'at_gate' | 'note';
    message: string | null;
    urgent: boolean;
    createdAt: string;
  }[];
}
