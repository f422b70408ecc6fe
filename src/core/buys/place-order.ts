import { createHash } from 'node:crypto';
import { AppError, forbidden, notFound } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { RequestedLine } from './allocation-fns.ts';
import { loadVisibleBuy } from './access.ts';
import type { GroupCommitQueue } from './group-commit.ts';
import type { OrderRequest, OrderResponse } from './order-batch.ts';
import { canOrderFor } from './policies.ts';
import type { BuysRepo, HouseholdRecord } from './ports.ts';

export type OrderQueue = GroupCommitQueue<OrderRequest, OrderResponse>;

export interface OrderDeps {
  repo: Pick<BuysRepo, 'findBuyHeader' | 'memberContext' | 'findHousehold'>;
  orderQueue: Pick<OrderQueue, 'submit'>;
}

export interface OrderWriteInput {
  buyId: string;
  /** The caller's own household, or one a volunteer/admin orders for. */
  target: { kind: 'mine' } | { kind: 'household'; householdId: string };
  change: { kind: 'place'; lines: RequestedLine[]; note?: string | null } | { kind: 'cancel' };
  /** Idempotency-Key header with its scope (method and path; the caller is added here). */
  idempotency: { key: string; scope: string } | null;
}

const notVerified = () =>
  forbidden(
    'Your household is not verified yet; a building volunteer must verify your claim before you can order',
    'household_not_verified',
  );

/**
 * Places, replaces or cancels a household's order (PUT/DELETE …/orders/mine and …/households/{id}).
 * Authorises here, then joins the buy's group-commit queue; resolves only after the change has committed.
 */
export async function writeOrder(
  deps: OrderDeps,
  actor: Actor,
  input: OrderWriteInput,
): Promise<OrderResponse> {
  const { buy, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  let household: Pick<HouseholdRecord, 'id' | 'label'>;
  if (input.target.kind === 'mine') {
    if (!member.household || !member.household.verified) throw notVerified();
    household = member.household;
  } else {
    const found = await deps.repo.findHousehold(input.target.householdId);
    if (!found || found.communityId !== buy.communityId) throw notFound('household');
    if (!canOrderFor(member, found))
      throw forbidden(
        'Only a volunteer of this building or an admin can order for this household',
        'not_volunteer_of_building',
      );
    if (!found.verified) throw notVerified();
    household = found;
  }
  // Fail fast without queueing; a retried request (with a key) is still answered from storage in the batch.
  if (buy.status !== 'open' && !input.idempotency)
    throw new AppError('conflict', `This buy is ${buy.status}; orders can only change while it is open`, {
      code: 'buy_not_open',
      details: { status: buy.status },
    });
  const idempotency = input.idempotency && {
    scope: `${actor.userId} ${input.idempotency.scope}`,
    key: input.idempotency.key,
    hash: createHash('sha256')
      .update(JSON.stringify({ household: household.id, change: input.change }))
      .digest('hex'),
  };
  return deps.orderQueue.submit(buy.id, {
    communityId: buy.communityId,
    householdId: household.id,
    householdLabel: household.label,
    placedBy: member.memberId,
    change: input.change,
    idempotency,
  });
}
