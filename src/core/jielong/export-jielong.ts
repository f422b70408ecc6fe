/** GET /api/buys/{id}/jielong: the buy as WeChat text (the 接龙 and the summary), labels only. */
import { buyNotFound, loadVisibleBuy } from '../buys/access.ts';
import type { Actor } from '../shared/actor.ts';
import { forbidden } from '../shared/app-error.ts';
import { canExportJielong } from './policies.ts';
import type { JielongDeps } from './ports.ts';
import { writeJielong, writeSummary } from './write-fns.ts';

export interface JielongText {
  jielong: string;
  summary: string;
}

/** Any member who can see the buy: the text carries household labels and quantities, nothing private. */
export async function exportJielong(
  deps: Pick<JielongDeps, 'buys'>,
  actor: Actor,
  input: { buyId: string },
): Promise<JielongText> {
  const { buy: header, member } = await loadVisibleBuy(deps.buys, input.buyId, actor);
  if (!canExportJielong(member, header))
    throw forbidden('Only members of this compound can do this', 'not_a_member');
  const buy = await deps.buys.findBuy(input.buyId);
  if (!buy) throw buyNotFound();
  const orders = await deps.buys.listOrders(buy.id, { afterSeq: 0, limit: 1_000_000, liveOnly: true });
  const write = {
    title: buy.title,
    deadline: buy.deadline,
    items: buy.items.map((i) => ({
      id: i.id,
      name: i.name,
      spec: i.spec,
      unit: i.unit,
      priceFen: i.priceFen,
    })),
  };
  const list = orders.map((o) => ({
    seq: o.seq,
    householdLabel: o.householdLabel,
    status: o.status,
    lines: o.lines.map((l) => ({ itemId: l.itemId, qty: l.qty })),
  }));
  return { jielong: writeJielong(write, list), summary: writeSummary(write, list) };
}
