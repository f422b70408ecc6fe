import { forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { requireMember } from './access.ts';
import type { PickupMode } from './buy.ts';
import { canCreateBuy } from './policies.ts';
import type { BuyRecord, BuysDeps, NewItem } from './ports.ts';
import { buyView, type BuyView } from './views.ts';

export interface ItemInput {
  name: string;
  spec?: string | null;
  unit?: string | null;
  priceFen: number;
  stock?: number | null;
  perHouseholdMax?: number | null;
  packSize?: number | null;
}

export interface BuyFieldsInput {
  title: string;
  description?: string;
  supplierName?: string | null;
  supplierContact?: string | null;
  deadline: Date;
  deliveryDate?: string | null;
  pickupMode?: PickupMode;
  minTotalQty?: number | null;
  minAmountFen?: number | null;
  leaderFeeFen?: number;
}

export interface CreateBuyInput extends BuyFieldsInput {
  communityId: string;
  items: ItemInput[];
}

/** 422 deadline_in_past unless the deadline is still ahead. */
export function assertFutureDeadline(deadline: Date, now: Date): void {
  if (deadline.getTime() <= now.getTime())
    throw invalid('The deadline must be in the future', 'deadline_in_past', {
      deadline: deadline.toISOString(),
    });
}

export function newItems(ids: BuysDeps['ids'], items: readonly ItemInput[], offset = 0): NewItem[] {
  return items.map((i, n) => ({
    id: ids.id(),
    position: offset + n,
    name: i.name,
    spec: i.spec ?? null,
    unit: i.unit ?? null,
    priceFen: i.priceFen,
    stock: i.stock ?? null,
    perHouseholdMax: i.perHouseholdMax ?? null,
    packSize: i.packSize ?? null,
  }));
}

/** A new draft's row: no orders, version 1. */
export function newBuyRecord(
  id: string,
  communityId: string,
  createdBy: string,
  input: BuyFieldsInput,
  now: Date,
): BuyRecord {
  return {
    id,
    communityId,
    title: input.title,
    description: input.description ?? '',
    supplierName: input.supplierName ?? null,
    supplierContact: input.supplierContact ?? null,
    deadline: input.deadline,
    deliveryDate: input.deliveryDate ?? null,
    pickupMode: input.pickupMode ?? 'building',
    minTotalQty: input.minTotalQty ?? null,
    minAmountFen: input.minAmountFen ?? null,
    leaderFeeFen: input.leaderFeeFen ?? 0,
    status: 'draft',
    cancelReason: null,
    createdBy,
    nextSeq: 1,
    liveOrders: 0,
    amountFen: 0,
    version: 1,
    publishedAt: null,
    closedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A leader or admin drafts a buy (POST /api/communities/{id}/buys → 201 draft). */
export async function createBuy(
  deps: Pick<BuysDeps, 'repo' | 'clock' | 'ids'>,
  actor: Actor,
  input: CreateBuyInput,
): Promise<BuyView> {
  const member = await requireMember(deps.repo, input.communityId, actor);
  if (!canCreateBuy(member)) throw forbidden('Only leaders and admins can open a group buy', 'not_a_leader');
  const now = deps.clock.now();
  assertFutureDeadline(input.deadline, now);
  const buy = newBuyRecord(deps.ids.id(), input.communityId, member.memberId, input, now);
  const items = newItems(deps.ids, input.items);
  await deps.repo.insertBuy(buy, items);
  return buyView({
    ...buy,
    items: items.map((i) => ({ ...i, buyId: buy.id, allocatedQty: 0, waitlistedQty: 0 })),
  });
}
