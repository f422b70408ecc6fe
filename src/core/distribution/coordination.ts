/** Delivery coordination: the truck's details, "arriving / at the gate" posts, the compound's quiet hours. */
import { AppError, conflict, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { requireMember } from '../buys/access.ts';
import { loadBuy, notLeader } from './access.ts';
import type { DeliveryPlan, DeliveryPost, DistributionSettings, PostKind } from './model.ts';
import { canEditDistributionSettings, canRunDistribution, canSeeDeliveryPlan } from './policies.ts';
import type { DistributionDeps } from './ports.ts';
import { isTimeZone, minutesOf } from './quiet-hours.ts';

const COORDINATED = new Set(['closed', 'confirmed', 'arrived']);

export interface Coordination {
  plan: DeliveryPlan | null;
  posts: DeliveryPost[];
}

/** GET /api/buys/{id}/delivery: the plan and the posts (leader, admins, building volunteers). */
export async function getCoordination(
  deps: DistributionDeps,
  actor: Actor,
  buyId: string,
): Promise<Coordination> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  if (!canSeeDeliveryPlan(member, buy))
    throw new AppError('forbidden', 'Delivery details are for the leader and building volunteers', {
      code: 'not_buy_manager',
    });
  const [plan, posts] = await Promise.all([deps.repo.findPlan(buyId), deps.repo.listPosts(buyId)]);
  return { plan, posts };
}

export type PlanInput = Omit<DeliveryPlan, 'buyId' | 'updatedAt'> & { buyId: string };

/** PUT /api/buys/{id}/delivery: the leader sets the window, driver, plate, pass notes and gate. */
export async function saveDeliveryPlan(
  deps: DistributionDeps,
  actor: Actor,
  input: PlanInput,
): Promise<Coordination> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  if (!canRunDistribution(member, buy)) throw notLeader();
  if (!COORDINATED.has(buy.status))
    throw conflict('Delivery is planned once the list has closed', 'buy_not_confirmed', {
      status: buy.status,
    });
  if (input.windowStart && input.windowEnd && input.windowEnd.getTime() < input.windowStart.getTime())
    throw invalid('The window ends before it starts', 'bad_window');
  await deps.repo.savePlan({ ...input, updatedAt: deps.clock.now() }, member.memberId);
  return getCoordination(deps, actor, input.buyId);
}

/**
 * POST /api/buys/{id}/delivery/posts {kind, message, urgent}: "truck arriving" / "at the gate" / a note.
 * Participants are notified (non-urgent ones wait for the end of the compound's quiet hours).
 */
export async function postDeliveryUpdate(
  deps: DistributionDeps,
  actor: Actor,
  input: { buyId: string; kind: PostKind; message: string | null; urgent: boolean },
): Promise<DeliveryPost> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  if (!canRunDistribution(member, buy)) throw notLeader();
  if (!COORDINATED.has(buy.status))
    throw conflict('Delivery updates are for a buy on its way', 'buy_not_confirmed', { status: buy.status });
  const now = deps.clock.now();
  const post: DeliveryPost = {
    id: deps.ids.id(),
    buyId: input.buyId,
    kind: input.kind,
    message: input.message,
    urgent: input.urgent,
    createdAt: now,
  };
  // The event is stored with the commit: a crash just after it cannot lose what participants are told.
  await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    await tx.insertPost(post, member.memberId);
    const events: DomainEvent[] = [
      {
        type: 'delivery.posted',
        communityId: buy.communityId,
        buyId: buy.id,
        postId: post.id,
        kind: post.kind,
        message: post.message,
        urgent: post.urgent,
        at: now.toISOString(),
      },
    ];
    return { events };
  });
  return post;
}

/** GET /api/communities/{id}/distribution-settings (members). */
export async function getDistributionSettings(
  deps: DistributionDeps,
  actor: Actor,
  communityId: string,
): Promise<DistributionSettings> {
  await requireMember(deps.buys, communityId, actor);
  return deps.repo.settings(communityId);
}

/** PUT /api/communities/{id}/distribution-settings (admins): quiet hours and the overdue threshold. */
export async function saveDistributionSettings(
  deps: DistributionDeps,
  actor: Actor,
  input: DistributionSettings,
): Promise<DistributionSettings> {
  const member = await requireMember(deps.buys, input.communityId, actor);
  if (!canEditDistributionSettings(member, input.communityId))
    throw new AppError('forbidden', 'Only an admin of this compound can do this', { code: 'not_admin' });
  if (minutesOf(input.quietStart) === null || minutesOf(input.quietEnd) === null)
    throw invalid('Times are HH:MM (00:00–23:59)', 'bad_time');
  if (!isTimeZone(input.timeZone)) throw invalid('Unknown time zone', 'bad_time_zone');
  await deps.repo.saveSettings(input, deps.clock.now());
  return input;
}
