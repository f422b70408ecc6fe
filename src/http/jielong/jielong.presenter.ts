import type { CommitOutcome, ImportPreview } from '../../core/jielong/import-jielong.ts';
import { presentOrder } from '../buys/buys.presenter.ts';

/** The review, field by field: households by id and label only. */
export function presentPreview(p: ImportPreview) {
  return {
    title: p.title,
    counts: p.counts,
    lines: p.lines.map((l) => ({
      line: l.line,
      text: l.text,
      status: l.status,
      reasons: l.reasons,
      label: l.label,
      householdId: l.householdId,
      action: l.action,
      items: l.items.map((i) => ({ itemId: i.itemId, qty: i.qty })),
      note: l.note,
      current: l.current && l.current.map((i) => ({ itemId: i.itemId, qty: i.qty })),
    })),
    households: p.households.map((h) => ({ id: h.id, label: h.label, verified: h.verified })),
  };
}

/** Every field spelled out: a replayed commit comes back from jsonb, which does not keep key order. */
export function presentCommit(c: CommitOutcome) {
  const { placed, cancelled, failed } = c.counts;
  return {
    counts: { placed, cancelled, failed },
    results: c.results.map((r) =>
      r.ok
        ? { line: r.line, householdId: r.householdId, ok: true as const, order: presentOrder(r.order) }
        : {
            line: r.line,
            householdId: r.householdId,
            ok: false as const,
            error: { code: r.error.code, message: r.error.message },
          },
    ),
  };
}
