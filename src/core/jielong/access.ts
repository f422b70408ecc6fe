/** Loading a buy for the 接龙 use-cases, with the errors they share. */
import { buyNotFound, loadVisibleBuy } from '../buys/access.ts';
import { buyNotOpen } from '../buys/place-order.ts';
import type { BuyRecord } from '../buys/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { forbidden } from '../shared/app-error.ts';
import { canImportJielong } from './policies.ts';
import type { JielongDeps } from './ports.ts';

/** The buy (with items) whose 接龙 the caller may manage, in any state: 404/403 as the buys use-cases. */
export async function loadManagedBuy(deps: Pick<JielongDeps, 'buys' | 'clock'>, actor: Actor, buyId: string) {
  const { buy: header, member } = await loadVisibleBuy(deps.buys, buyId, actor);
  if (!canImportJielong(member, header))
    throw forbidden("Only this buy's leader or an admin can import a 接龙", 'not_buy_manager');
  const buy = await deps.buys.findBuy(buyId);
  if (!buy) throw buyNotFound();
  return { buy, member };
}

/** 409 unless the buy takes orders now. */
export function ensureOpen(
  deps: Pick<JielongDeps, 'clock'>,
  buy: Pick<BuyRecord, 'status' | 'deadline'>,
): void {
  if (buy.status !== 'open' || buy.deadline.getTime() <= deps.clock.now().getTime())
    throw buyNotOpen(buy.status);
}

/** The buy (with items) a caller may import into: 404/403 as the buys use-cases, 409 unless it is open. */
export async function loadImportableBuy(
  deps: Pick<JielongDeps, 'buys' | 'clock'>,
  actor: Actor,
  buyId: string,
) {
  const loaded = await loadManagedBuy(deps, actor, buyId);
  ensureOpen(deps, loaded.buy);
  return loaded;
}
