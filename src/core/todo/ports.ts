/** What the to-do use-case needs from the outside world. Implemented in src/db/repos/todo-repo.ts. */
import type { BuysRepo } from '../buys/ports.ts';
import type { CoverageRepo } from '../community/coverage.ts';
import type { Clock } from '../shared/ports.ts';
import type { StreetRepo } from '../street/ports.ts';
import type { SuppliersRepo } from '../trust/suppliers.ts';
import type { HouseholdTodoFacts, ProxyTodoFacts, TodoFacts } from './model.ts';

export interface TodoRepo {
  /**
   * The compound's counts in one read: its buys in TODO_BUY_STATUSES, undelivered packages of arrived buys,
   * pending payments and households yet to pay (not counting `ownHouseholdId`: nobody decides on their own
   * payment), open delivery reports, pending claims; and, given `setupAt` (an admin's clock), how far the
   * compound is set up (its households, its members counted to 2, an invite usable then). Without it the facts
   * say a compound under way.
   */
  facts(communityId: string, ownHouseholdId: string | null, setupAt: Date | null): Promise<TodoFacts>;
  /**
   * The household's own facts in one read: its receivable balance per buy of the compound where it owes (with its
   * payments waiting for the leader), the refunds sent to it that it has not acknowledged, and its packages of
   * arrived buys.
   */
  householdFacts(communityId: string, householdId: string): Promise<HouseholdTodoFacts>;
  /**
   * The same facts, in one read, for each proxy household of these buildings of the compound (代管户), in label
   * order; those with nothing to do are left out.
   */
  proxyFacts(communityId: string, buildingIds: string[]): Promise<ProxyTodoFacts[]>;
}

export interface TodoDeps {
  members: Pick<BuysRepo, 'memberContext'>;
  repo: TodoRepo;
  /** 物资覆盖's read, for the register's households only (the in_need task). */
  coverage: Pick<CoverageRepo, 'coverageRows'>;
  /** 邻里街坊's needs nobody has taken (the help_waiting task). */
  street: Pick<StreetRepo, 'countWaiting'>;
  /** The register of suppliers and the names the buys under way give (the suppliers task, an admin's). */
  suppliers: Pick<SuppliersRepo, 'listSuppliers' | 'namesUnderWay'>;
  clock: Clock;
}
