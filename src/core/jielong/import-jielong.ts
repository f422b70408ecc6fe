/** Importing a pasted 接龙 into a buy: preview (parse and review), then commit (orders for households). */
import { hash as digest } from 'node:crypto';
import { reused } from '../buys/order-batch.ts';
import { writeOrder } from '../buys/place-order.ts';
import type { OrderView } from '../buys/views.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, invalid } from '../shared/app-error.ts';
import { ensureOpen, loadImportableBuy, loadManagedBuy } from './access.ts';
import { parseJielong } from './parse-jielong.ts';
import type { CompoundHousehold, ImportLine, ImportRecord, JielongDeps } from './ports.ts';
import { reviewList, type ReviewLine, type ReviewStatus } from './review-fns.ts';

/** The longest list a preview or a commit takes (a compound of 5,000 households, with room to spare). */
export const MAX_IMPORT_LINES = 10_000;

export interface ImportPreview {
  title: string | null;
  lines: ReviewLine[];
  counts: Record<ReviewStatus, number>;
  /** The compound's households, for picking one by hand on an unsure line. */
  households: CompoundHousehold[];
}

async function liveOrders(
  deps: Pick<JielongDeps, 'buys'>,
  buyId: string,
): Promise<Map<string, ImportLine[]>> {
  const orders = await deps.buys.listOrders(buyId, { afterSeq: 0, limit: 1_000_000, liveOnly: true });
  return new Map(orders.map((o) => [o.householdId, o.lines.map((l) => ({ itemId: l.itemId, qty: l.qty }))]));
}

/** POST /api/buys/{id}/jielong/preview: what the list would do, line by line; changes nothing. */
export async function previewImport(
  deps: JielongDeps,
  actor: Actor,
  input: { buyId: string; text: string },
): Promise<ImportPreview> {
  const { buy } = await loadImportableBuy(deps, actor, input.buyId);
  const parsed = parseJielong(input.text);
  if (parsed.entries.length + parsed.unparsed.length > MAX_IMPORT_LINES)
    throw invalid(`A 接龙 can have at most ${MAX_IMPORT_LINES} lines`, 'too_many_lines');
  const [households, orders, imports] = await Promise.all([
    deps.repo.householdsOf(buy.communityId),
    liveOrders(deps, buy.id),
    deps.repo.importsOf(buy.id),
  ]);
  const lines = reviewList(parsed, {
    items: buy.items.map((i) => ({ id: i.id, name: i.name, perHouseholdMax: i.perHouseholdMax })),
    households: new Map(households.map((h) => [h.label, h])),
    orders,
    imports: new Map(imports.map((r) => [r.householdId, r])),
  });
  const counts: Record<ReviewStatus, number> = { understood: 0, unsure: 0, unreadable: 0, done: 0 };
  for (const l of lines) counts[l.status]++;
  return { title: parsed.title, lines, counts, households };
}

export interface CommitEntry {
  line: number;
  householdId: string;
  action: 'add' | 'cancel';
  items: ImportLine[];
  note?: string | null;
  text?: string;
}

export type CommitResult =
  | { line: number; householdId: string; ok: true; order: OrderView }
  | { line: number; householdId: string; ok: false; error: { code: string; message: string } };

export interface CommitOutcome {
  results: CommitResult[];
  counts: { placed: number; cancelled: number; failed: number };
}

function checkEntries(entries: readonly CommitEntry[], itemIds: ReadonlySet<string>): void {
  const seen = new Set<string>();
  entries.forEach((e, n) => {
    const where = { index: n, line: e.line };
    if (seen.has(e.householdId))
      throw invalid('A household appears twice; keep one line per household', 'duplicate_household', where);
    seen.add(e.householdId);
    if (e.action === 'cancel' && e.items.length > 0)
      throw invalid('A cancellation has no items', 'cancel_with_items', where);
    if (e.action === 'add' && !e.items.some((i) => i.qty > 0))
      throw invalid('An order needs at least one item with a quantity', 'empty_order', where);
    const bad = e.items.find((i) => !itemIds.has(i.itemId));
    if (bad)
      throw invalid('That item is not part of this buy', 'item_not_in_buy', { ...where, itemId: bad.itemId });
  });
}

const errorOf = (error: unknown) =>
  error instanceof AppError
    ? { code: error.code, message: error.message }
    : { code: 'internal_error', message: 'This line could not be saved' };

/**
 * POST /api/buys/{id}/jielong/commit: places (or cancels) the reviewed entries as orders for their
 * households, through the buy's order queue like any other order write, submitted in list order so `seq`
 * follows the list; remembers what was imported for the next re-import. Each entry succeeds or fails on
 * its own (stock, limits). Under an Idempotency-Key each entry is keyed too (`key#household`), so a commit cut
 * short by a crash and retried replays what committed and runs the rest; the finished commit's answer is kept
 * whole (`key#commit`), so a retry gets it as it was, and another list under the same key is a 422.
 */
export async function commitImport(
  deps: JielongDeps,
  actor: Actor,
  input: { buyId: string; entries: CommitEntry[]; idempotency: { key: string; scope: string } | null },
): Promise<CommitOutcome> {
  const { buy, member } = await loadManagedBuy(deps, actor, input.buyId);
  // The whole commit's first answer is kept under its key: a retry gets it as it was, even for the entries
  // that failed and after the buy closed, and another list under the same key is a 422, as for any order write.
  const commit = input.idempotency && {
    scope: `${actor.userId} ${input.idempotency.scope}`,
    key: `${input.idempotency.key}#commit`,
    requestHash: digest('sha256', JSON.stringify(input.entries), 'hex'),
  };
  if (commit) {
    const stored = await deps.repo.findCommit(commit.scope, commit.key);
    if (stored && stored.requestHash !== commit.requestHash) throw reused();
    if (stored) return stored.response as CommitOutcome;
  }
  ensureOpen(deps, buy);
  checkEntries(input.entries, new Set(buy.items.map((i) => i.id)));
  // Submitted synchronously one after another: the queue runs them in arrival order, so seq follows the list.
  const settled = await Promise.allSettled(
    input.entries.map((e) =>
      writeOrder(deps, actor, {
        buyId: buy.id,
        target: { kind: 'household', householdId: e.householdId, viaImport: true },
        change:
          e.action === 'cancel'
            ? { kind: 'cancel' }
            : { kind: 'place', lines: e.items, ...(e.note !== undefined ? { note: e.note } : {}) },
        idempotency: input.idempotency && {
          key: `${input.idempotency.key}#${e.householdId}`,
          scope: input.idempotency.scope,
        },
      }),
    ),
  );
  const results: CommitResult[] = [];
  const records: ImportRecord[] = [];
  const counts = { placed: 0, cancelled: 0, failed: 0 };
  settled.forEach((s, n) => {
    const e = input.entries[n]!;
    if (s.status === 'rejected') {
      counts.failed++;
      results.push({ line: e.line, householdId: e.householdId, ok: false, error: errorOf(s.reason) });
      return;
    }
    counts[e.action === 'cancel' ? 'cancelled' : 'placed']++;
    results.push({ line: e.line, householdId: e.householdId, ok: true, order: s.value.body.order });
    records.push({
      householdId: e.householdId,
      action: e.action,
      lines: e.action === 'cancel' ? [] : e.items.filter((i) => i.qty > 0),
      sourceLine: e.line,
      sourceText: e.text ?? '',
    });
  });
  await deps.repo.saveImports(buy.id, member.memberId, deps.clock.now(), records);
  const outcome = { results, counts };
  if (commit) await deps.repo.saveCommit({ ...commit, response: outcome });
  return outcome;
}
