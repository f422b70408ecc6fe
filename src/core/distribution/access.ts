/** Loading a buy with the caller's standing, and the errors distribution use-cases share. */
import { loadVisibleBuy } from '../buys/access.ts';
import { AppError, conflict, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import type { DistributionDeps } from './ports.ts';

export const loadBuy = (deps: Pick<DistributionDeps, 'buys'>, buyId: string, actor: Actor) =>
  loadVisibleBuy(deps.buys, buyId, actor);

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
export const notArrived = (status: string) =>
  conflict('The goods have not arrived yet: record the arrival first', 'buy_not_arrived', { status });

/** The board changed: open boards refetch (no household data, so safe on the buy's public stream). */
export const boardChanged = (communityId: string, buyId: string, at: Date): DomainEvent => ({
  type: 'delivery.updated',
  communityId,
  buyId,
  at: at.toISOString(),
});
