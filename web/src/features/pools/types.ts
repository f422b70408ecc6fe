/**
 * 联合团购 (a joint buy across compounds) as the server presents it (src/http/pools/pools.presenter.ts): the
 * core's shapes, times as ISO text.
 */
import type {
  PoolSummary as CoreSummary,
  PoolView as CorePoolView,
} from '../../../../src/core/pools/pool-fns.ts';
import type { PoolPreview as CorePreview } from '../../../../src/core/pools/pools.ts';

type Iso<T, K extends keyof T> = Omit<T, K> & { [P in K]: null extends T[P] ? string | null : string };

/** GET /api/buys/{id}/pool's pool: `code` and each gate's `contact` only for who runs the buy viewed. */
export type PoolView = Iso<CorePoolView, 'deadline' | 'closedAt'>;
/** One compound's buy in the pool: its 送货点 (gate), what it has ordered, its badges. */
export type PoolGate = PoolView['gates'][number];
/** An item across the pool; `byGate` lines up with `gates`. */
export type PoolItem = PoolView['items'][number];
export type PoolTotals = PoolView['totals'];
/** A pooled buy on the 团购 list (`pool` of GET /api/communities/{id}/buys): compounds and progress. */
export type PoolSummary = CoreSummary;
/** What a leader sees of a pool by its code before joining (GET /api/pools/{code}). */
export type PoolPreview = Iso<CorePreview, 'deadline'>;
export type PoolPreviewItem = PoolPreview['items'][number];

/** POST /api/buys/{id}/pool (minimums in fen, omitted for the buy's own) and POST /api/pools/{code}/members. */
export type { JoinPoolInput, OpenPoolInput } from '../../../../src/core/pools/pools.ts';
