/** Loading a buy's money with the caller's standing, and the errors the money use-cases share. */
import { AppError, conflict, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { loadVisibleBuy } from '../buys/access.ts';
import type { BuyStatus } from '../buys/buy.ts';
import type { BuyHeader, MemberContext } from '../buys/ports.ts';
import { CHARGEABLE, householdPositions, type HouseholdPosition } from './ledger-fns.ts';
import { canManageMoney, canPayFor, canPayForProxy } from './policies.ts';
import type { MoneyDeps, MoneyTx } from './ports.ts';
import { buyNotFound } from '../buys/access.ts';

export const paymentNotFound = () =>
  new AppError('not_found', 'No such payment', { code: 'payment_not_found' });
export const refundNotFound = () => new AppError('not_found', 'No such refund', { code: 'refund_not_found' });
export const notMoneyManager = () =>
  forbidden("Only the buy's leader or an admin can do this", 'not_buy_manager');

/** 409 unless the list has closed and the buy goes ahead (money is owed only then). */
export function assertChargeable(status: BuyStatus): void {
  if (!CHARGEABLE.includes(status))
    throw conflict(
      status === 'open' || status === 'draft'
        ? 'The list is still open: pay once it closes and the amounts are final'
        : `This buy is ${status}: nothing is owed`,
      'buy_not_payable',
      { status },
    );
}

/** The buy (404 when the caller cannot see it) and the caller's standing. */
export const loadBuy = (deps: MoneyDeps, buyId: string, actor: Actor) =>
  loadVisibleBuy(deps.buys, buyId, actor);

/**
 * Whose money a call is about: the caller's own household (no `householdId`; 403 `no_household` without one),
 * or a proxy household of their building (代付, `canPayForProxy`). 404 for a household outside the buy's
 * compound, 403 `not_volunteer_of_building` for anyone else, 409 `not_proxy_household` for a household whose
 * members pay for themselves.
 */
export async function payingHousehold(
  deps: MoneyDeps,
  member: MemberContext,
  buy: BuyHeader,
  householdId: string | undefined,
): Promise<{ id: string; label: string; onBehalf: boolean }> {
  const own = member.household;
  if (householdId === undefined || householdId === own?.id) {
    if (!own || !canPayFor(member, buy, own.id))
      throw forbidden('Claim your household first, then pay for it', 'no_household');
    return { id: own.id, label: own.label, onBehalf: false };
  }
  const h = await deps.repo.householdRef(householdId);
  if (!h || h.communityId !== buy.communityId)
    throw new AppError('not_found', 'No such household in this compound', { code: 'household_not_found' });
  if (!member.volunteerBuildingIds.includes(h.buildingId))
    throw forbidden('You are not a volunteer of this household’s building', 'not_volunteer_of_building');
  if (!canPayForProxy(member, buy, h))
    throw conflict('This household has members of its own: they pay for themselves', 'not_proxy_household', {
      householdLabel: h.label,
    });
  return { id: h.id, label: h.label, onBehalf: true };
}

/** The buy, for its leader or an admin only (403 otherwise). */
export async function loadManagedBuy(deps: MoneyDeps, buyId: string, actor: Actor) {
  const loaded = await loadVisibleBuy(deps.buys, buyId, actor);
  if (!canManageMoney(loaded.member, loaded.buy)) throw notMoneyManager();
  return loaded;
}

/** The buy locked for a payment (404 when gone), refused unless money is owed on it (it may have changed). */
export async function lockChargeable(tx: MoneyTx, buyId: string) {
  const buy = await tx.lockBuy(buyId);
  if (!buy) throw buyNotFound();
  assertChargeable(buy.status);
  return buy;
}

/** One household's position in the buy's books (what it owes, paid, is owed back), or null when it has none. */
export async function positionOf(
  tx: MoneyTx,
  buyId: string,
  householdId: string,
): Promise<HouseholdPosition | null> {
  return (
    householdPositions((await tx.chargeState(buyId)).entries).find((p) => p.householdId === householdId) ??
    null
  );
}
