/** The 接龙 calls: preview and commit an import, and the buy as WeChat text. */
import { api, seg } from '../../api-client.ts';
import type { CommitEntry, CommitOutcome, ImportPreview } from './types.ts';

const base = (buyId: string) => `/api/buys/${seg(buyId)}/jielong`;

export const jielongApi = {
  preview: (buyId: string, text: string) => api.post<ImportPreview>(`${base(buyId)}/preview`, { text }),
  commit: (buyId: string, entries: CommitEntry[], idempotencyKey: string) =>
    api.post<CommitOutcome>(
      `${base(buyId)}/commit`,
      { entries },
      { headers: { 'Idempotency-Key': idempotencyKey } },
    ),
  text: (buyId: string, signal?: AbortSignal) =>
    api.get<{ jielong: string; summary: string }>(base(buyId), { signal }),
};
