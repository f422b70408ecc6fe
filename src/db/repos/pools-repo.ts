/** 联合团购: pools and their gates (src/core/pools). */
import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { buyItems, buys } from '../schema/buys.ts';
import { poolMembers, pools } from '../schema/pools.ts';
import type { NewGate, PoolsRepo } from '../../core/pools/pools.ts';
import { MAX_GATES, type GateFacts, type PoolFacts, type PoolRecord } from '../../core/pools/pool-fns.ts';
import type { BuyStatus } from '../../core/buys/buy.ts';
import { itemValues } from './buys-repo.ts';
import { outboxOf } from './event-store.ts';
import { idArray, rows } from './raw-sql.ts';

interface PoolRow {
  id: string;
  host_buy_id: string;
  code: string;
  min_total_qty: number | null;
  min_amount_fen: number | null;
  deadline: Date | string;
  closed_at: Date | string | null;
  outcome: 'closed' | 'failed' | null;
}

interface GateRow {
  buy_id: string;
  community_id: string;
  community_name: string;
  gate: string;
  contact: string;
  status: BuyStatus;
  joined_at: Date | string;
  met_told: boolean;
  items: string;
}

const date = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function poolOf(r: PoolRow): PoolRecord {
  return {
    id: r.id,
    hostBuyId: r.host_buy_id,
    code: r.code,
    minTotalQty: r.min_total_qty === null ? null : Number(r.min_total_qty),
    minAmountFen: r.min_amount_fen === null ? null : Number(r.min_amount_fen),
    deadline: date(r.deadline),
    closedAt: r.closed_at === null ? null : date(r.closed_at),
    outcome: r.outcome,
  };
}

function gateOf(r: GateRow): GateFacts {
  return {
    buyId: r.buy_id,
    communityId: r.community_id,
    communityName: r.community_name,
    gate: r.gate,
    contact: r.contact,
    status: r.status,
    joinedAt: date(r.joined_at),
    metTold: r.met_told,
    items: JSON.parse(r.items) as GateFacts['items'],
  };
}

/** `notifyFrom`: this instance's name in the NOTIFYs of the events its transactions store (PostgreSQL). */
export function createPoolsRepo(db: Db, notifyFrom: string | null = null): PoolsRepo {
  /**
   * The pools `where` selects and their gates (the host first, then as they joined), with each gate's buy's
   * allocated items: two statements, however many pools.
   */
  async function factsOf(where: ReturnType<typeof sql>): Promise<PoolFacts[]> {
    const list = await rows<PoolRow>(
      db,
      sql`SELECT id, host_buy_id, code, min_total_qty, min_amount_fen, deadline, closed_at, outcome
        FROM pools WHERE ${where}`,
    );
    if (list.length === 0) return [];
    const gates = await rows<GateRow & { pool_id: string }>(
      db,
      sql`SELECT pm.pool_id, pm.buy_id, pm.community_id, c.name AS community_name, pm.gate, pm.contact, b.status,
          pm.joined_at, pm.met_told_at IS NOT NULL AS met_told,
          coalesce((SELECT json_agg(json_build_object('name', i.name, 'spec', i.spec, 'unit', i.unit,
              'priceFen', i.price_fen, 'allocatedQty', i.allocated_qty) ORDER BY i.position, i.id)
            FROM buy_items i WHERE i.buy_id = pm.buy_id), '[]'::json)::text AS items
        FROM pool_members pm
        JOIN pools p ON p.id = pm.pool_id
        JOIN buys b ON b.id = pm.buy_id
        JOIN communities c ON c.id = pm.community_id
        WHERE pm.pool_id = ANY(${idArray(list.map((p) => p.id))})
        ORDER BY pm.pool_id, pm.buy_id = p.host_buy_id DESC, pm.joined_at, pm.buy_id`,
    );
    return list.map((p) => ({
      pool: poolOf(p),
      gates: gates.filter((g) => g.pool_id === p.id).map(gateOf),
    }));
  }
  const facts = async (where: ReturnType<typeof sql>) => (await factsOf(where))[0] ?? null;

  const gateValues = (poolId: string, g: NewGate) => ({
    poolId,
    buyId: g.buyId,
    communityId: g.communityId,
    gate: g.gate,
    contact: g.contact,
    joinedBy: g.joinedBy,
    joinedAt: g.joinedAt,
  });

  return {
    poolOfBuy: (buyId) => facts(sql`id = (SELECT pool_id FROM pool_members WHERE buy_id = ${buyId})`),

    poolByCode: (code) => facts(sql`code = ${code}`),

    untoldOpenPools: (now) =>
      factsOf(
        sql`closed_at IS NULL AND deadline > ${now.toISOString()}::timestamptz AND EXISTS (
          SELECT 1 FROM pool_members pm JOIN buys b ON b.id = pm.buy_id
          WHERE pm.pool_id = pools.id AND pm.met_told_at IS NULL AND b.status = 'open')`,
      ),

    async poolsOfBuys(buyIds) {
      const found = new Map<string, PoolFacts>();
      if (buyIds.length === 0) return found;
      const list = await factsOf(
        sql`id IN (SELECT pool_id FROM pool_members WHERE buy_id = ANY(${idArray(buyIds)}))`,
      );
      const asked = new Set(buyIds);
      for (const f of list) for (const g of f.gates) if (asked.has(g.buyId)) found.set(g.buyId, f);
      return found;
    },

    insertPool: (pool, host, createdBy) =>
      db.transaction(async (tx) => {
        const [buy] = await rows<{ status: BuyStatus }>(
          tx,
          sql`SELECT status FROM buys WHERE id = ${pool.hostBuyId} FOR UPDATE`,
        );
        if (!buy || (buy.status !== 'draft' && buy.status !== 'open')) return 'not_open' as const;
        const [pooled] = await rows(tx, sql`SELECT 1 FROM pool_members WHERE buy_id = ${pool.hostBuyId}`);
        if (pooled) return 'already_pooled' as const;
        await tx.insert(pools).values({ ...pool, createdBy, createdAt: host.joinedAt });
        await tx.insert(poolMembers).values(gateValues(pool.id, host));
        // The minimum is the pool's now, over every compound: the buy's own would say (on the 团购 list) how far
        // this compound alone is from it.
        await tx.execute(
          sql`UPDATE buys SET min_total_qty = NULL, min_amount_fen = NULL, updated_at = ${host.joinedAt.toISOString()}::timestamptz
            WHERE id = ${pool.hostBuyId}`,
        );
        return 'ok' as const;
      }),

    joinPool: (poolId, buy, items, gate, events, stored) =>
      db.transaction(async (tx) => {
        // The pool's row held: two compounds joining at once are counted one after the other.
        const [pool] = await rows<{ closed_at: unknown; deadline: Date | string; host_status: BuyStatus }>(
          tx,
          sql`SELECT p.closed_at, p.deadline, b.status AS host_status
            FROM pools p JOIN buys b ON b.id = p.host_buy_id WHERE p.id = ${poolId} FOR UPDATE OF p`,
        );
        if (
          !pool ||
          pool.closed_at !== null ||
          date(pool.deadline).getTime() <= gate.joinedAt.getTime() ||
          (pool.host_status !== 'draft' && pool.host_status !== 'open')
        )
          return 'pool_closed' as const;
        const gates = await rows<{ community_id: string }>(
          tx,
          sql`SELECT community_id FROM pool_members WHERE pool_id = ${poolId}`,
        );
        if (gates.some((g) => g.community_id === gate.communityId)) return 'already_in_pool' as const;
        if (gates.length >= MAX_GATES) return 'pool_full' as const;
        await tx.insert(buys).values(buy);
        if (items.length > 0) await tx.insert(buyItems).values(itemValues(buy.id, items));
        await tx.insert(poolMembers).values(gateValues(poolId, gate));
        await outboxOf(tx, notifyFrom).storeEvents(events, stored);
        return 'ok' as const;
      }),
  };
}
