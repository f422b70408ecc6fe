/**
 * 联合团购 (docs/pools.md): a leader opens a pool from a buy of theirs; leaders of other compounds join it with
 * its code, each getting a draft buy of their own compound with the host's goods and the pool's deadline. The
 * pool closes all of them together (src/core/buys/close-due-pools.ts).
 */
import { buyNotFound, loadVisibleBuy, requireMember } from '../buys/access.ts';
import { newBuyRecord, newItems } from '../buys/create-buy.ts';
import type { BuyStatus } from '../buys/buy.ts';
import { listBuys } from '../buys/read-buys.ts';
import type { BuyView } from '../buys/views.ts';
import { exportFilename } from '../buys/export-fns.ts';
import { renderXlsx } from '../buys/export-xlsx.ts';
import type { ExportFile } from '../buys/export.ts';
import type { BuyRecord, BuysRepo, ItemRecord, NewItem } from '../buys/ports.ts';
import type { CommunityRepo } from '../community/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { AppError, conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { DomainEvent } from '../shared/events.ts';
import type { Clock, EventPublisher, IdGenerator, StoredIds } from '../shared/ports.ts';
import {
  hostOf,
  normaliseCode,
  poolJoinable,
  poolMet,
  poolSheets,
  poolSummary,
  poolTotals,
  poolView,
  type PoolFacts,
  type PoolRecord,
  type PoolSummary,
  type PoolTotals,
  type PoolView,
} from './pool-fns.ts';
import { mayJoinPoolFor, mayManagePoolOf, mayOpenPool } from './policies.ts';

export interface NewGate {
  buyId: string;
  communityId: string;
  gate: string;
  contact: string;
  joinedBy: string;
  joinedAt: Date;
}

export interface PoolsRepo {
  poolOfBuy(buyId: string): Promise<PoolFacts | null>;
  poolByCode(code: string): Promise<PoolFacts | null>;
  /**
   * The pools still open (not closed, the deadline ahead) with a compound whose buy is open and was not told
   * they reached the minimum, with their gates: what tellPoolsMet checks every couple of seconds.
   */
  untoldOpenPools(now: Date): Promise<PoolFacts[]>;
  /** The pool of each of these buys that is in one, by buy id (the 团购 list's). */
  poolsOfBuys(buyIds: readonly string[]): Promise<Map<string, PoolFacts>>;
  /**
   * Under the buy's lock: 'not_open' unless it is a draft or open, 'already_pooled' when it is in a pool. The
   * buy's own minimum is cleared (the pool's counts, over every compound).
   */
  insertPool(
    pool: PoolRecord,
    host: NewGate,
    createdBy: string,
  ): Promise<'ok' | 'not_open' | 'already_pooled'>;
  /**
   * Under the pool's lock (poolJoinable checked again there): the compound's new draft and its gate, and `events`
   * stored with the same commit (their ids in `stored`, to publish them with).
   */
  joinPool(
    poolId: string,
    buy: BuyRecord,
    items: readonly NewItem[],
    gate: NewGate,
    events: readonly DomainEvent[],
    stored: StoredIds,
  ): Promise<'ok' | 'pool_closed' | 'already_in_pool' | 'pool_full'>;
}

export interface PoolsDeps {
  buys: Pick<BuysRepo, 'findBuyHeader' | 'memberContext' | 'findBuy' | 'listBuys'>;
  community: Pick<CommunityRepo, 'listMembershipsOfUser'>;
  pools: PoolsRepo;
  clock: Clock;
  ids: IdGenerator;
  /** pool.joined, stored with a compound's joining and published once it has committed (the host's leader is told). */
  events: EventPublisher;
  /** A fresh share code (poolCodeOf over random bytes). */
  newCode(): string;
}

const poolNotFound = () =>
  new AppError('not_found', 'No joint buy has this code', { code: 'pool_not_found' });
const ALREADY_POOLED = () => conflict('This buy is already part of a joint buy', 'already_pooled');
const CLOSED = () =>
  conflict('This joint buy can no longer be joined (closed, past its deadline or full)', 'pool_closed');

/** GET /api/buys/{id}/pool: the pool the buy is part of, or null; whoever may see the buy. */
export async function readPoolOfBuy(deps: PoolsDeps, actor: Actor, buyId: string): Promise<PoolView | null> {
  const { buy, member } = await loadVisibleBuy(deps.buys, buyId, actor);
  const facts = await deps.pools.poolOfBuy(buyId);
  return facts && poolView(facts, buyId, mayManagePoolOf(member, buy));
}

/**
 * GET /api/communities/{id}/buys: the 团购 list (listBuys: the compound's buys the member may see), each with
 * what its residents may see of its pool (poolSummary), or null: a pooled buy shows how far every compound
 * together is from the minimum, where its own bar would say nothing (it has no minimum of its own).
 */
export async function listBuysWithPools(
  deps: Pick<PoolsDeps, 'buys' | 'pools'>,
  actor: Actor,
  input: { communityId: string; statuses: BuyStatus[] | null },
): Promise<(BuyView & { pool: PoolSummary | null })[]> {
  const buys = await listBuys({ repo: deps.buys }, actor, input);
  const pools = buys.length > 0 ? await deps.pools.poolsOfBuys(buys.map((b) => b.id)) : new Map();
  return buys.map((b) => {
    const facts = pools.get(b.id);
    return { ...b, pool: facts ? poolSummary(facts) : null };
  });
}

export interface OpenPoolInput {
  gate: string;
  contact: string;
  minTotalQty?: number | null;
  minAmountFen?: number | null;
}

/** POST /api/buys/{id}/pool: the buy's manager opens a pool from it (a draft or open buy, deadline ahead). */
export async function openPool(
  deps: PoolsDeps,
  actor: Actor,
  buyId: string,
  input: OpenPoolInput,
): Promise<PoolView> {
  const { buy: header, member } = await loadVisibleBuy(deps.buys, buyId, actor);
  if (!mayOpenPool(member, header))
    throw forbidden('Only the leader of this buy or an admin can do this', 'not_buy_manager');
  const buy = await deps.buys.findBuy(buyId);
  if (!buy) throw buyNotFound();
  const now = deps.clock.now();
  if ((buy.status !== 'draft' && buy.status !== 'open') || buy.deadline.getTime() <= now.getTime())
    throw conflict('Only a draft or open buy before its deadline can be pooled', 'pool_not_open', {
      status: buy.status,
    });
  // Before the minimum: a pooled buy's own is cleared, and "needs a minimum" would hide what is wrong.
  if (await deps.pools.poolOfBuy(buyId)) throw ALREADY_POOLED();
  const minTotalQty = input.minTotalQty === undefined ? buy.minTotalQty : input.minTotalQty;
  const minAmountFen = input.minAmountFen === undefined ? buy.minAmountFen : input.minAmountFen;
  if (minTotalQty === null && minAmountFen === null)
    throw invalid(
      "A joint buy needs a minimum (the supplier's 起送): a quantity, an amount or both",
      'pool_needs_minimum',
    );
  const pool: PoolRecord = {
    id: deps.ids.id(),
    hostBuyId: buyId,
    code: deps.newCode(),
    minTotalQty,
    minAmountFen,
    deadline: buy.deadline,
    closedAt: null,
    outcome: null,
  };
  const gate = {
    buyId,
    communityId: buy.communityId,
    ...tidyGate(input),
    joinedBy: member.memberId,
    joinedAt: now,
  };
  const done = await deps.pools.insertPool(pool, gate, member.memberId);
  if (done === 'already_pooled') throw ALREADY_POOLED();
  if (done === 'not_open')
    throw conflict('Only a draft or open buy before its deadline can be pooled', 'pool_not_open');
  const facts = await deps.pools.poolOfBuy(buyId);
  if (!facts) throw buyNotFound();
  return poolView(facts, buyId, true);
}

const tidyGate = (input: { gate: string; contact: string }) => ({
  gate: input.gate.trim(),
  contact: input.contact.trim(),
});

export interface PoolPreview {
  id: string;
  code: string;
  hostCommunityName: string;
  title: string;
  supplierName: string | null;
  deadline: Date;
  minTotalQty: number | null;
  minAmountFen: number | null;
  totals: PoolTotals;
  met: boolean;
  gates: number;
  items: {
    name: string;
    spec: string | null;
    unit: string | null;
    priceFen: number;
    perHouseholdMax: number | null;
    packSize: number | null;
  }[];
  open: boolean;
  communities: { id: string; name: string; joined: boolean }[];
}

/** What a compound joining gets of the host's goods (and what its leader sees before): no stock, no counters. */
const goodsOf = ({ name, spec, unit, priceFen, perHouseholdMax, packSize }: ItemRecord) => ({
  name,
  spec,
  unit,
  priceFen,
  perHouseholdMax,
  packSize,
});

async function poolOfCode(deps: PoolsDeps, code: string): Promise<PoolFacts> {
  const normal = normaliseCode(code);
  const facts = normal && (await deps.pools.poolByCode(normal));
  if (!facts) throw poolNotFound();
  return facts;
}

async function hostBuyOf(deps: PoolsDeps, facts: PoolFacts) {
  const host = await deps.buys.findBuy(facts.pool.hostBuyId);
  if (!host) throw poolNotFound();
  return host;
}

/**
 * GET /api/pools/{code}: what a leader of another compound needs to decide (the host's compound, goods,
 * prices, deadline, minimum and how far it is), and their compounds where they may join it. The code is the
 * key: who has it was given it by the host. Nothing of a household.
 */
export async function previewPool(deps: PoolsDeps, actor: Actor, code: string): Promise<PoolPreview> {
  const facts = await poolOfCode(deps, code);
  const host = await hostBuyOf(deps, facts);
  const joined = new Set(facts.gates.map((g) => g.communityId));
  const mine = await deps.community.listMembershipsOfUser(actor.userId);
  return {
    id: facts.pool.id,
    code: facts.pool.code,
    hostCommunityName: hostOf(facts)?.communityName ?? '',
    title: host.title,
    supplierName: host.supplierName,
    deadline: facts.pool.deadline,
    minTotalQty: facts.pool.minTotalQty,
    minAmountFen: facts.pool.minAmountFen,
    totals: poolTotals(facts),
    met: poolMet(facts),
    gates: facts.gates.length,
    items: host.items.map(goodsOf),
    open: poolJoinable(facts, deps.clock.now()),
    communities: mine
      .filter(mayJoinPoolFor)
      .map((m) => ({ id: m.communityId, name: m.communityName, joined: joined.has(m.communityId) })),
  };
}

export interface JoinPoolInput {
  communityId: string;
  gate: string;
  contact: string;
}

/**
 * POST /api/pools/{code}/members: a leader or admin of a compound joins it to the pool. The compound gets a
 * draft buy of its own with the host's goods (prices, caps, pack sizes; no stock limit: the supplier's stock is
 * the host's to share out, docs/pools.md), the pool's deadline and no minimum of its own; its leader sets the
 * fee, pickup and delivery and publishes it as any buy.
 */
export async function joinPool(
  deps: PoolsDeps,
  actor: Actor,
  code: string,
  input: JoinPoolInput,
): Promise<{ buyId: string; communityId: string }> {
  const facts = await poolOfCode(deps, code);
  const member = await requireMember(deps.buys, input.communityId, actor);
  if (!mayJoinPoolFor(member))
    throw forbidden('Only leaders and admins can join a joint buy for their compound', 'not_a_leader');
  const now = deps.clock.now();
  if (facts.gates.some((g) => g.communityId === input.communityId))
    throw conflict('This compound is already in this joint buy', 'already_in_pool');
  if (!poolJoinable(facts, now)) throw CLOSED();
  const host = await hostBuyOf(deps, facts);
  const buy = newBuyRecord(
    deps.ids.id(),
    input.communityId,
    member.memberId,
    {
      title: host.title,
      description: host.description,
      supplierName: host.supplierName,
      supplierContact: host.supplierContact,
      deadline: facts.pool.deadline,
      deliveryDate: host.deliveryDate,
      pickupMode: host.pickupMode,
    },
    now,
  );
  const items = newItems(deps.ids, host.items.map(goodsOf));
  const gate = {
    buyId: buy.id,
    communityId: input.communityId,
    ...tidyGate(input),
    joinedBy: member.memberId,
    joinedAt: now,
  };
  // The host's leader is told (notify.ts): stored with the join's commit, so a crash cannot lose it.
  const joining = (await deps.community.listMembershipsOfUser(actor.userId)).find(
    (m) => m.communityId === input.communityId,
  );
  const events: DomainEvent[] = [
    {
      type: 'pool.joined',
      communityId: host.communityId,
      buyId: host.id,
      compoundName: joining?.communityName ?? '',
      gate: gate.gate,
      at: now.toISOString(),
    },
  ];
  const stored: StoredIds = { ids: null };
  const done = await deps.pools.joinPool(facts.pool.id, buy, items, gate, events, stored);
  if (done === 'already_in_pool')
    throw conflict('This compound is already in this joint buy', 'already_in_pool');
  if (done === 'pool_full') throw conflict('This joint buy has as many compounds as it takes', 'pool_full');
  if (done === 'pool_closed') throw CLOSED();
  deps.events.publish(events, stored.ids ?? undefined);
  return { buyId: buy.id, communityId: input.communityId };
}

/** GET /api/buys/{id}/pool/manifest.xlsx: the supplier's sheet of the whole pool, for a manager of a member buy. */
export async function exportPoolManifest(deps: PoolsDeps, actor: Actor, buyId: string): Promise<ExportFile> {
  const { buy, member } = await loadVisibleBuy(deps.buys, buyId, actor);
  if (!mayManagePoolOf(member, buy))
    throw forbidden('Only the leader of this buy or an admin can do this', 'not_buy_manager');
  const facts = await deps.pools.poolOfBuy(buyId);
  if (!facts) throw new AppError('not_found', 'This buy is not part of a joint buy', { code: 'not_pooled' });
  const host = await hostBuyOf(deps, facts);
  const body = await renderXlsx(poolSheets(facts, host.title, deps.clock.now()), { title: host.title });
  return {
    filename: exportFilename(host.title, '联合团购送货单', 'xlsx'),
    asciiFilename: `pool-${facts.pool.code}-manifest.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    body,
  };
}
