/** What the distribution use-cases need from storage. Implemented in src/db/repos/distribution-repo.ts. */
import type { OrderAdjustment } from '../buys/adjustments.ts';
import type { BuyStatus, PickupMode } from '../buys/buy.ts';
import type { BuysRepo } from '../buys/ports.ts';
import type { BuysReportRepo } from '../buys/summary-ports.ts';
import type { Clock, EventOutbox, EventPublisher, FileStore, IdGenerator } from '../shared/ports.ts';
import type {
  ArrivalRecord,
  DeliveryPlan,
  DeliveryPost,
  DeliveryReport,
  DistributionSettings,
  PackageRecord,
  PackageStatus,
  ReportResolution,
} from './model.ts';
import type { ArrivalItem, ArrivalOrder } from './shortage-fns.ts';
import type { NeedsRepo } from '../community/needs.ts';
import type { AuditDraft } from '../audit/model.ts';
import type { HouseholdRef } from '../shared/household-ref.ts';

export type NewAdjustment = Omit<OrderAdjustment, 'createdAt'>;

export interface LockedBuy {
  id: string;
  communityId: string;
  status: BuyStatus;
  createdBy: string;
}

/** A line of a household's order as the household's own screen shows it. */
export interface HouseholdLine {
  itemId: string;
  name: string;
  unit: string | null;
  priceFen: number;
  qty: number;
  allocatedQty: number;
}

/** Statements that run in one transaction; the events it makes are stored with its commit (EventOutbox). */
export interface DistributionTx extends EventOutbox {
  /** Locks the buy row (FOR UPDATE); null when it does not exist. */
  lockBuy(buyId: string): Promise<LockedBuy | null>;
  /** The buy's items and its live orders with something allocated, with each order's building. */
  arrivalInputs(
    buyId: string,
  ): Promise<{ items: ArrivalItem[]; orders: (ArrivalOrder & { buildingId: string })[] }>;
  hasArrival(buyId: string): Promise<boolean>;
  insertArrival(record: ArrivalRecord): Promise<void>;
  insertAdjustments(rows: readonly NewAdjustment[], at: Date): Promise<void>;
  insertPackages(
    rows: readonly {
      id: string;
      buyId: string;
      orderId: string;
      householdId: string;
      buildingId: string;
      code: string;
    }[],
    at: Date,
  ): Promise<void>;
  setBuyArrived(buyId: string, at: Date): Promise<void>;
  /** The adjustments of one order (to cap a refund at what the household still holds). */
  adjustmentsOf(orderId: string): Promise<OrderAdjustment[]>;
  /** Locks a report (FOR UPDATE). */
  lockReport(reportId: string): Promise<DeliveryReport | null>;
  resolveReport(
    reportId: string,
    status: ReportResolution,
    reason: string | null,
    memberId: string,
    at: Date,
  ): Promise<void>;
  insertPost(post: DeliveryPost, memberId: string): Promise<void>;
  /** sorted → delivered | picked_up in one conditional statement; null when it was not sorted any more. */
  markDelivered(
    packageId: string,
    status: Exclude<PackageStatus, 'sorted'>,
    memberId: string,
    at: Date,
  ): Promise<PackageRecord | null>;
  /**
   * delivered | picked_up → sorted, clearing who and when, in one conditional statement; null when it was not
   * delivered or the household had confirmed receipt.
   */
  unmarkDelivered(packageId: string): Promise<PackageRecord | null>;
  /**
   * Records receipt for the household by someone acting for it (代签收), in one conditional statement; false
   * when the package was not delivered or was confirmed already.
   */
  confirmDelivered(packageId: string, memberId: string, at: Date): Promise<boolean>;
  /** Appends to the buy's audit chain (the caller holds the buy's row lock). */
  appendAudit(buyId: string, drafts: readonly AuditDraft[]): Promise<void>;
}

export interface DistributionRepo {
  transaction<T>(fn: (tx: DistributionTx) => Promise<T>): Promise<T>;
  /** The compound's settings, or the defaults when none are stored. */
  settings(communityId: string): Promise<DistributionSettings>;
  saveSettings(settings: DistributionSettings, at: Date): Promise<void>;
  findPlan(buyId: string): Promise<DeliveryPlan | null>;
  savePlan(plan: DeliveryPlan, memberId: string): Promise<void>;
  listPosts(buyId: string): Promise<DeliveryPost[]>;
  findArrival(buyId: string): Promise<ArrivalRecord | null>;
  listPackages(buyId: string, buildingIds: readonly string[] | null): Promise<PackageRecord[]>;
  findPackageByCode(buyId: string, code: string): Promise<PackageRecord | null>;
  findPackage(buyId: string, packageId: string): Promise<PackageRecord | null>;
  /** Whether another buy of the compound has a package with this code (a label from another buy). */
  codeInOtherBuy(communityId: string, buyId: string, code: string): Promise<boolean>;
  packageOfHousehold(buyId: string, householdId: string): Promise<PackageRecord | null>;
  /** A household as acting for it weighs it (代签收): where it is and whether it is a proxy household. */
  householdRef(householdId: string): Promise<HouseholdRef | null>;
  /** The buy's 取货方式 (the household's package page says how to get it); null for no such buy. */
  pickupModeOf(buyId: string): Promise<PickupMode | null>;
  /** Records the household's receipt; false when it was already confirmed. */
  confirmPackage(packageId: string, memberId: string, at: Date): Promise<boolean>;
  insertReport(report: DeliveryReport, memberId: string): Promise<void>;
  setReportPhoto(reportId: string, key: string): Promise<void>;
  findReport(reportId: string): Promise<DeliveryReport | null>;
  listReports(
    buyId: string,
    filter: { householdId?: string; buildingIds?: readonly string[] | null },
  ): Promise<DeliveryReport[]>;
  adjustments(buyId: string, orderIds: readonly string[] | null): Promise<OrderAdjustment[]>;
  /** The household's live order in the buy with its lines (null when none). */
  householdOrder(
    buyId: string,
    householdId: string,
  ): Promise<{ orderId: string; seq: number; lines: HouseholdLine[] } | null>;
}

export interface DistributionDeps {
  buys: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>;
  reports: Pick<BuysReportRepo, 'loadReport'>;
  repo: DistributionRepo;
  files: FileStore;
  clock: Clock;
  ids: IdGenerator;
  events: EventPublisher;
  /** The register of households that need looking after (shown to those who may see it). */
  needs: Pick<NeedsRepo, 'needsOf'>;
  /** Random integers in [0, n) for pickup codes. */
  randomInt: (n: number) => number;
  /** The address residents open; label QR codes point at it. */
  publicUrl: string;
}
