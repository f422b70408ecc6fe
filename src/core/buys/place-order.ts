import { AppError, forbidden, notFound } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { RequestedLine } from './allocation-fns.ts';
import { buyNotFound, notAMember } from './access.ts';
import type { GroupCommitQueue } from './group-commit.ts';
import type { OrderRequest, OrderResponse } from './order-batch.ts';
import { canManageBuy, canOrderFor, canSeeBuy } from './policies.ts';
import type { BuyRecord, HouseholdRecord, MemberContext } from './ports.ts';

export type OrderQueue = GroupCommitQueue<OrderRequest, OrderResponse>;

export interface OrderDeps {
  orderQueue: Pick<OrderQueue, 'submit'>;
}

/**
 * `viaImport`: the buy's leader or an admin placing an order from a pasted 接龙 (src/core/jielong), allowed
 * for any household of the compound; never set from a request.
 */
export type OrderTarget = { kind: 'mine' } | { kind: 'household'; householdId: string; viaImport?: boolean };

export interface OrderWriteInput {
  buyId: string;
  /** The caller's own household, or one a volunteer/admin orders for. */
  target: OrderTarget;
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
 * Joins the buy's group-commit queue straight away: who may write what is decided inside the batch, with one
 * query for all its callers (authorizeOrderWrite), so a rush costs a few statements per batch rather than
 * several per request. Resolves only after the change has committed.
 */
export async function writeOrder(
  deps: OrderDeps,
  actor: Actor,
  input: OrderWriteInput,
): Promise<OrderResponse> {
  return deps.orderQueue.submit(input.buyId, {
    userId: actor.userId,
    target: input.target,
    change: input.change,
    idempotency: input.idempotency && {
      scope: `${actor.userId} ${input.idempotency.scope}`,
      key: input.idempotency.key,
    },
  });
}

/** The household an order write acts on, and who acts. */
export interface OrderWriter {
  householdId: string;
  householdLabel: string;
  /** The member who placed it (the resident, or the volunteer ordering on their behalf). */
  placedBy: string;
}

/**
 * Who may write this order, decided on the buy (already locked by the batch), the caller's standing in its
 * compound and, for a volunteer or admin, the target household. Throws the error the caller gets: the same
 * codes, in the same order, as the read use-cases (404 for a buy they cannot see, 403 for non-members).
 */
export function authorizeOrderWrite(
  buy: Pick<BuyRecord, 'communityId' | 'status' | 'createdBy'>,
  member: MemberContext | null,
  target: OrderTarget,
  household: HouseholdRecord | null,
): OrderWriter {
  if (!member) throw notAMember();
  if (!canSeeBuy(member, buy)) throw buyNotFound();
  if (target.kind === 'mine') {
    if (!member.household || !member.household.verified) throw notVerified();
    return {
      householdId: member.household.id,
      householdLabel: member.household.label,
      placedBy: member.memberId,
    };
  }
  if (!household || household.communityId !== buy.communityId) throw notFound('household');
  if (!canOrderFor(member, household) && !(target.viaImport && canManageBuy(member, buy)))
    throw forbidden(
      'Only a volunteer of this building or an admin can order for this household',
      'not_volunteer_of_building',
    );
  if (!household.verified) throw notVerified();
  return { householdId: household.id, householdLabel: household.label, placedBy: member.memberId };
}

/** The 409 for a write on a buy that is not open (or whose deadline has passed). */
export function buyNotOpen(status: BuyRecord['status']): AppError {
  return new AppError(
    'conflict',
    status === 'open'
      ? 'The deadline of this buy has passed; orders can no longer change'
      : `This buy is ${status}; orders can only change while it is open`,
    { code: 'buy_not_open', details: { status } },
  );
}
