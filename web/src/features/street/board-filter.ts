/** The board's filter, kept in the URL (so Back returns to it) and sent as the board's query. Pure. */
import { POST_KINDS } from '../../../../src/core/street/model.ts';
import type { PostKind } from './types.ts';

export type KindFilter = 'all' | PostKind;
export const KIND_FILTERS: readonly KindFilter[] = ['all', ...POST_KINDS];

export interface BoardFilter {
  kind: KindFilter;
  /** 已结束 (resolved, closed) instead of 进行中. */
  ended: boolean;
  /** 我的: my household's posts, the ones I posted, the needs I am helping with. */
  mine: boolean;
}

export const ALL_ACTIVE: BoardFilter = { kind: 'all', ended: false, mine: false };

/** `?kind=need&state=ended&mine=1` → the filter; anything unknown is the default. */
export function readFilter(params: URLSearchParams): BoardFilter {
  const kind = KIND_FILTERS.find((k) => k === params.get('kind')) ?? 'all';
  return { kind, ended: params.get('state') === 'ended', mine: params.get('mine') === '1' };
}

/** The filter as the page's search params, defaults left out (a plain /street for the default board). */
export function writeFilter(filter: BoardFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.kind !== 'all') params.set('kind', filter.kind);
  if (filter.ended) params.set('state', 'ended');
  if (filter.mine) params.set('mine', '1');
  return params;
}

/** The board's query string for the API: `?kind=…&state=ended&mine=true&before=…`, or '' for the default. */
export function boardQuery(filter: BoardFilter, before: string | null = null): string {
  const params = new URLSearchParams();
  if (filter.kind !== 'all') params.set('kind', filter.kind);
  if (filter.ended) params.set('state', 'ended');
  if (filter.mine) params.set('mine', 'true');
  if (before) params.set('before', before);
  const query = params.toString();
  return query ? `?${query}` : '';
}
