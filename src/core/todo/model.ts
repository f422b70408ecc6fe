/**
 * 待办: what a leader, a building volunteer or an admin has to do next in a compound, on the home page
 * (docs/todo.md). Counts only: each task links to the page where the work is done, which shows the names.
 */
import type { BuyStatus, PickupMode } from '../buys/buy.ts';
import { DEFAULT_STALE_HOURS, type PackageStatus } from '../distribution/model.ts';

/**
 * The buys a to-do list concerns: drafts to publish, the stages between the list closing and the end, and a
 * completed buy while a report on it is open, a payment waits or a household still owes (a household can report
 * a package, or pay, after the leader marked the buy done).
 */
export const TODO_BUY_STATUSES = [
  'draft',
  'closed',
  'confirmed',
  'arrived',
] as const satisfies readonly BuyStatus[];
export type TodoBuyStatus = (typeof TODO_BUY_STATUSES)[number] | 'completed' | 'failed' | 'cancelled';

export interface TodoBuyFact {
  id: string;
  title: string;
  status: TodoBuyStatus;
  /** The member who created the buy, who runs it. */
  createdBy: string;
  deliveryDate: string | null;
  /** When the goods' arrival was recorded (arrived and completed buys). */
  arrivedAt: Date | null;
  /** Residents have a QR code to pay it with: its own, or one its leader uploaded on another buy. */
  hasQr: boolean;
}

/** One count of the to-do query, per buy and building where the task is per building. */
export interface TodoCount {
  buyId: string | null;
  buildingId: string | null;
  count: number;
}

/** What the to-do list is made from, for the whole compound; the pure tasksFor picks the member's share. */
export interface TodoFacts {
  buys: TodoBuyFact[];
  /** Packages not yet delivered or picked up, on arrived buys, per buy and building. */
  undelivered: TodoCount[];
  /** Payments waiting for the leader's decision, per buy, not counting the member's own household's. */
  pendingPayments: TodoCount[];
  /** Delivery reports (missing, damaged) still open, per buy. */
  openReports: TodoCount[];
  /**
   * Households that owe on a buy (the ledger's receivable) and have no payment waiting, per buy, not counting the
   * member's own household.
   */
  unpaid: TodoCount[];
  /**
   * Households owed money back on a buy (the ledger's receivable below zero: a shortage, a refunded report, a
   * failed or cancelled buy they had paid for) that no refund has been sent for, per buy, not counting the
   * member's own household.
   */
  refundsDue: TodoCount[];
  /** Household claims waiting to be verified, per building. */
  pendingClaims: TodoCount[];
  /** The compound's distribution settings' hours after the arrival from which an undelivered package is overdue. */
  staleHours: number;
  /** How far a new compound is set up: what its admins' first tasks (setup_rooms, invite) are made from. */
  compound: CompoundSetup;
}

/** What a compound has of what its admin sets up first: its rooms, its members, an invite to join it by. */
export interface CompoundSetup {
  /** It has households (rooms), generated or imported. */
  households: boolean;
  /** Its members, counted up to 2: enough to tell whether anyone but its founder has joined. */
  members: number;
  /** It has an invite that can be used now (not revoked, expired or used up). */
  liveInvite: boolean;
}

/**
 * What a household's own tasks are made from (the caller's verified household): its money in each buy it owes
 * in, and its packages of arrived buys.
 */
export interface HouseholdTodoFacts {
  /** Buys whose receivable the household still owes on (balance > 0), with its payments waiting for the leader. */
  money: {
    buyId: string;
    title: string;
    balanceFen: number;
    pendingFen: number;
    /** The household's latest payment on the buy was disputed by the leader. */
    disputed: boolean;
  }[];
  /** Refunds the leader recorded as sent to the household and it has not acknowledged, summed per buy. */
  refunds: { buyId: string; title: string; amountFen: number }[];
  packages: {
    buyId: string;
    title: string;
    status: PackageStatus;
    /** The pickup code on the package's label. */
    code: string;
    /** The buy's 取货方式: brought to the door, or picked up downstairs or at the gate. */
    pickupMode: PickupMode;
    /** The household confirmed receipt. */
    confirmed: boolean;
    /** The household reported a problem with it (open or resolved). */
    reported: boolean;
  }[];
}

/** A proxy household of the caller's buildings (代管户: nobody of it uses the app), for whom they act. */
export interface ProxyRef {
  id: string;
  label: string;
}

/** A proxy household's own facts, read for a volunteer of its building (代付, 代收退款, 代签收). */
export interface ProxyTodoFacts {
  household: ProxyRef;
  facts: HouseholdTodoFacts;
}

/** Facts with nothing in them: the start of the repository's fold, and of a test's facts. */
export const emptyTodoFacts = (): TodoFacts => ({
  buys: [],
  undelivered: [],
  pendingPayments: [],
  openReports: [],
  unpaid: [],
  refundsDue: [],
  pendingClaims: [],
  staleHours: DEFAULT_STALE_HOURS,
  // A compound under way: no setup task.
  compound: { households: true, members: 2, liveInvite: true },
});

interface OfBuy {
  buyId: string;
  title: string;
}

/** A household task done by a volunteer for a proxy household of their building; absent for the caller's own. */
interface ForHousehold {
  forHousehold?: ProxyRef;
}

/**
 * One task, most urgent first in a list: a household without its goods (reports), goods waiting to go out,
 * a closed list to confirm with the supplier, goods to receive, payments to decide, households yet to pay,
 * neighbours to verify, a finished buy to close, a draft to publish.
 */
export type TodoTask =
  | ({ kind: 'reports'; count: number } & OfBuy)
  /**
   * Households on the register of those that need looking after (需照顾), in the caller's buildings (an admin's:
   * all), that have received nothing in the last `days` days and have nothing on its way (物资覆盖's left out).
   */
  | { kind: 'in_need'; count: number; days: number }
  /**
   * 邻里街坊's help requests from households of the caller's buildings (an admin's: all) that nobody has taken
   * for `hours` hours or more.
   */
  | { kind: 'help_waiting'; count: number; hours: number }
  | ({
      kind: 'deliver';
      count: number;
      allBuildings: boolean;
      /** The compound's staleHours once that long has passed since the arrival (the board's overdue), else null. */
      overdueHours: number | null;
    } & OfBuy)
  | ({ kind: 'confirm' } & OfBuy)
  | ({ kind: 'arrival'; deliveryDate: string | null } & OfBuy)
  | ({ kind: 'payments'; count: number } & OfBuy)
  /** Households owe on it and there is no QR code to pay with: upload the leader's 收款码. */
  | ({ kind: 'payment_qr' } & OfBuy)
  | ({ kind: 'unpaid'; count: number } & OfBuy)
  | ({ kind: 'refund_due'; count: number } & OfBuy)
  | { kind: 'claims'; count: number }
  /** Entries of the register of suppliers a buy under way names that no admin has verified (核验) yet. */
  | { kind: 'suppliers'; count: number }
  | ({ kind: 'finish' } & OfBuy)
  | ({ kind: 'publish' } & OfBuy)
  // A new compound's admin: its rooms first (none yet), then an invite for the neighbours (nobody else has joined
  // and no invite can be used).
  | { kind: 'setup_rooms' }
  | { kind: 'invite' }
  // The caller's household's own tasks, after the role's: pay what it owes (the ledger's due), acknowledge a
  // refund the leader sent, confirm a package brought to the door, and a package waiting for it (its pickup code).
  // The first three also for a proxy household of a volunteer's buildings (`forHousehold`): 代付, 代收退款, 代签收.
  | ({
      kind: 'pay';
      dueFen: number;
      /** Its latest payment was disputed: the pay page says why. */
      disputed: boolean;
    } & OfBuy &
      ForHousehold)
  | ({ kind: 'refund'; amountFen: number } & OfBuy & ForHousehold)
  | ({ kind: 'receipt' } & OfBuy & ForHousehold)
  | ({ kind: 'pickup'; code: string; pickupMode: PickupMode } & OfBuy);

export type TodoKind = TodoTask['kind'];

export const TODO_KINDS = [
  'reports',
  'in_need',
  'help_waiting',
  'deliver',
  'confirm',
  'arrival',
  'payments',
  'payment_qr',
  'unpaid',
  'refund_due',
  'claims',
  'suppliers',
  'finish',
  'publish',
  'setup_rooms',
  'invite',
  'pay',
  'refund',
  'receipt',
  'pickup',
] as const satisfies readonly TodoKind[];
