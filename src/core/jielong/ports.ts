/** What the 接龙 use-cases need. The jielong repo is src/db/repos/jielong-repo.ts; buys come from buys. */
import type { OrderDeps } from '../buys/place-order.ts';
import type { BuysRepo } from '../buys/ports.ts';
import type { Clock } from '../shared/ports.ts';

/** A household of the compound, as the import matches list lines to it (public label only). */
export interface CompoundHousehold {
  id: string;
  label: string;
  /** A verified claim exists, or it is a proxy household: only those can have orders. */
  verified: boolean;
}

export interface ImportLine {
  itemId: string;
  qty: number;
}

/** What was last imported for one household of a buy. */
export interface ImportRecord {
  householdId: string;
  action: 'add' | 'cancel';
  lines: ImportLine[];
  sourceLine: number;
  sourceText: string;
}

/** A whole commit's first answer under an Idempotency-Key, with the hash of the request that got it. */
export interface StoredCommit {
  scope: string;
  key: string;
  requestHash: string;
  response: unknown;
}

export interface JielongRepo {
  householdsOf(communityId: string): Promise<CompoundHousehold[]>;
  findCommit(scope: string, key: string): Promise<StoredCommit | null>;
  /** Stores a commit's answer; when a commit with the same key stored first, that one stays. */
  saveCommit(commit: StoredCommit): Promise<void>;
  importsOf(buyId: string): Promise<ImportRecord[]>;
  /** Upserts one row per household (the latest import wins). */
  saveImports(buyId: string, importedBy: string, at: Date, records: readonly ImportRecord[]): Promise<void>;
}

export interface JielongDeps extends OrderDeps {
  repo: JielongRepo;
  buys: Pick<BuysRepo, 'findBuy' | 'findBuyHeader' | 'memberContext' | 'listOrders'>;
  clock: Clock;
}
