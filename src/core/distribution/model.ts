/** The distribution context's entities: arrival, packages, delivery reports, coordination. Pure types. */
import type { ShortagePolicy } from './shortage-fns.ts';

export const PACKAGE_STATUSES = ['sorted', 'delivered', 'picked_up'] as const;
export type PackageStatus = (typeof PACKAGE_STATUSES)[number];
export const DELIVERY_METHODS = ['door', 'pickup'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/**
 * Hours after the arrival from which a package not yet delivered is overdue, for a compound without its own
 * distribution settings (the board, the 待办).
 */
export const DEFAULT_STALE_HOURS = 6;

export const REPORT_KINDS = ['missing', 'damaged'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_RESOLUTIONS = ['redelivered', 'refunded', 'rejected'] as const;
export type ReportResolution = (typeof REPORT_RESOLUTIONS)[number];
export const REPORT_STATUSES = ['open', ...REPORT_RESOLUTIONS] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const POST_KINDS = ['arriving', 'at_gate', 'note'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** Delivery coordination for a confirmed buy: for the leader and volunteers only (a driver's phone). */
export interface DeliveryPlan {
  buyId: string;
  windowStart: Date | null;
  windowEnd: Date | null;
  driverName: string | null;
  driverPhone: string | null;
  plate: string | null;
  passNotes: string | null;
  gate: string | null;
  updatedAt: Date;
}

export interface DeliveryPost {
  id: string;
  buyId: string;
  kind: PostKind;
  message: string | null;
  urgent: boolean;
  createdAt: Date;
}

export interface ArrivalRecord {
  id: string;
  buyId: string;
  policy: ShortagePolicy;
  received: { itemId: string; receivedQty: number; allocatedQty: number }[];
  recordedBy: string;
  createdAt: Date;
}

export interface PackageRecord {
  id: string;
  buyId: string;
  orderId: string;
  householdId: string;
  householdLabel: string;
  buildingId: string;
  isProxy: boolean;
  code: string;
  status: PackageStatus;
  deliveredAt: Date | null;
  deliveredBy: string | null;
  /** Display name of whoever delivered it (for the leader's record only). */
  deliveredByName: string | null;
  confirmedAt: Date | null;
  createdAt: Date;
}

export interface ReportLine {
  itemId: string;
  qty: number;
}

export interface DeliveryReport {
  id: string;
  buyId: string;
  packageId: string;
  householdId: string;
  householdLabel: string;
  buildingId: string;
  kind: ReportKind;
  note: string | null;
  lines: ReportLine[];
  photoKey: string | null;
  status: ReportStatus;
  resolutionReason: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface DistributionSettings {
  communityId: string;
  quietStart: string;
  quietEnd: string;
  timeZone: string;
  /** Packages not delivered this many hours after arrival are flagged on the board. */
  staleHours: number;
}
