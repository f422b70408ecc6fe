/** Loading a buy with the caller's standing, and the errors distribution use-cases share. */
import { loadVisibleBuy } from '../buys/access.ts';
import { AppError, conflict, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import type { BuyHeader, MemberContext } from '../buys/ports.ts';
import { canHandlePackage, canReceiveFor, isOwnHousehold } from './policies.ts';
import type { DistributionDeps } from './ports.ts';

export const loadBuy = (deps: Pick<DistributionDeps, 'buys'>, buyId: string, actor: Actor) =>
  loadVisibleBuy(deps.buys, buyId, actor);

/**
 * Whose package a call is about: the caller's own household (no `householdId`), or a proxy household they
 * receive for (代签收: `canReceiveFor`). 404 for a household outside the buy's compound, 403 for a volunteer of
 * another building, 409 `not_proxy_household` for a household whose members speak for themselves.
 */
export async function receivingHousehold(
  deps: Pick<DistributionDeps, 'repo'>,
  member: MemberContext,
  buy: BuyHeader,
  householdId: string | undefined,
): Promise<{ id: string; label: string; onBehalf: boolean }> {
  if (householdId === undefined) {
    const own = member.household;
    if (!own || !isOwnHousehold(member, own.id)) throw notYourHousehold();
    return { id: own.id, label: own.label, onBehalf: false };
  }
  const h = await deps.repo.householdRef(householdId);
  if (!h || h.communityId !== buy.communityId) throw householdNotFound();
  if (isOwnHousehold(member, h.id)) return { id: h.id, label: h.label, onBehalf: false };
  if (!canReceiveFor(member, buy, h)) {
    if (!canHandlePackage(member, buy, h)) throw notVolunteerHere();
    throw notProxyHousehold(h.label);
  }
  return { id: h.id, label: h.label, onBehalf: true };
}

export const notLeader = () =>
  forbidden('Only the leader of this buy or an admin can do this', 'not_buy_manager');
export const notVolunteerHere = () =>
  forbidden('You are not a volunteer of this package’s building', 'not_volunteer_of_building');
export const notYourHousehold = () =>
  forbidden('Only a verified member of the household can do this', 'not_your_household');
export const packageNotFound = () =>
  new AppError('not_found', 'No package with that code in this buy', { code: 'package_not_found' });
export const reportNotFound = () =>
  new AppError('not_found', 'No such delivery report', { code: 'report_not_found' });
export const notProxyHousehold = (label: string) =>
  conflict(
    'This household has members of its own: they confirm receipt and report problems themselves',
    'not_proxy_household',
    { householdLabel: label },
  );
export const householdNotFound = () =>
  new AppError('not_found', 'No such household in this compound', { code: 'household_not_found' });
export const notArrived = (status: string) =>
  conflict('The goods have not arrived yet: record the arrival first', 'buy_not_arrived', { status });

/** The board changed: open boards refetch (no household data, so safe on the buy's public stream). */
export const boardChanged = (communityId: string, buyId: string, at: Date): DomainEvent => ({
  type: 'delivery.updated',
  communityId,
  buyId,
  at: at.toISOString(),
});
