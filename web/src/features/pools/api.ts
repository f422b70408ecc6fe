/** 联合团购's calls, one function each, so screens never build URLs by hand. */
import { api, seg } from '../../api-client.ts';
import type { JoinPoolInput, OpenPoolInput, PoolPreview, PoolView } from './types.ts';

const poolOfBuy = (buyId: string) => `/api/buys/${seg(buyId)}/pool`;

export const poolsApi = {
  /** The pool a buy is in, or null (most buys). */
  ofBuy: (buyId: string, signal?: AbortSignal) =>
    api.get<{ pool: PoolView | null }>(poolOfBuy(buyId), { signal }).then((r) => r.pool),
  open: (buyId: string, input: OpenPoolInput) =>
    api.post<{ pool: PoolView }>(poolOfBuy(buyId), input).then((r) => r.pool),
  preview: (code: string, signal?: AbortSignal) =>
    api.get<PoolPreview>(`/api/pools/${seg(code)}`, { signal }),
  join: (code: string, input: JoinPoolInput) =>
    api.post<{ buyId: string; communityId: string }>(`/api/pools/${seg(code)}/members`, input),
};

/** The supplier's sheet, split per gate (a plain link: the session cookie authenticates it). */
export const manifestUrl = (buyId: string) => `${poolOfBuy(buyId)}/manifest.xlsx`;
