/** 放心买's read (src/core/trust): a buy's items, its leader's and supplier's buys here, earlier prices. */
import { and, count, eq, gt, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { buyItems, buys } from '../schema/buys.ts';
import { householdClaims, households, members } from '../schema/community.ts';
import { deliveryReports } from '../schema/distribution.ts';
import type { Clock } from '../../core/shared/ports.ts';
import type { TrustFacts, TrustRepo } from '../../core/trust/ports.ts';
import { EARLIER_DAYS } from '../../core/trust/trust-fns.ts';

const DAY_MS = 86_400_000;

/** A name as SQL can compare it: without spaces, lower case. */
const looseName = (name: string) => name.replace(/\s+/g, '').toLowerCase();

export function createTrustRepo(db: Executor, clock: Clock): TrustRepo {
  return {
    async trustFacts(buyId) {
      const [buy] = await db
        .select({
          id: buys.id,
          communityId: buys.communityId,
          createdBy: buys.createdBy,
          supplierName: buys.supplierName,
          publishedAt: buys.publishedAt,
        })
        .from(buys)
        .where(eq(buys.id, buyId));
      if (!buy) return null;
      const since = buy.publishedAt ?? clock.now();
      const mine = and(eq(buys.communityId, buy.communityId), eq(buys.createdBy, buy.createdBy));
      const earlier = and(
        eq(buys.communityId, buy.communityId),
        ne(buys.id, buy.id),
        isNotNull(buys.publishedAt),
        lt(buys.publishedAt, since),
        gt(buys.publishedAt, new Date(since.getTime() - EARLIER_DAYS * DAY_MS)),
      );
      const items = await db
        .select({
          id: buyItems.id,
          name: buyItems.name,
          spec: buyItems.spec,
          unit: buyItems.unit,
          priceFen: buyItems.priceFen,
        })
        .from(buyItems)
        .where(eq(buyItems.buyId, buy.id))
        .orderBy(buyItems.position);
      // Earlier items of the same names only (spaces and case aside, as goodsKey compares them; its NFKC, which
      // SQL lacks, is applied to spec and unit after): not the compound's whole year of items.
      const names = [...new Set(items.map((i) => looseName(i.name)))];
      const [leader, leaderBuys, reports, supplierBuys, earlierItems] = await Promise.all([
        db
          .select({ label: households.label, isAdmin: members.isAdmin, isLeader: members.isLeader })
          .from(members)
          .leftJoin(
            householdClaims,
            and(eq(householdClaims.memberId, members.id), eq(householdClaims.status, 'verified')),
          )
          .leftJoin(households, eq(households.id, householdClaims.householdId))
          .where(eq(members.id, buy.createdBy))
          .limit(1),
        db.select({ status: buys.status, count: count() }).from(buys).where(mine).groupBy(buys.status),
        db
          .select({
            total: count(),
            resolved: sql<number>`count(*) FILTER (WHERE ${deliveryReports.status} <> 'open')`.mapWith(
              Number,
            ),
          })
          .from(deliveryReports)
          .innerJoin(buys, eq(buys.id, deliveryReports.buyId))
          .where(mine),
        db
          .select({ name: sql<string>`${buys.supplierName}`, status: buys.status, count: count() })
          .from(buys)
          .where(and(earlier, isNotNull(buys.supplierName)))
          .groupBy(buys.supplierName, buys.status),
        db
          .select({
            name: buyItems.name,
            spec: buyItems.spec,
            unit: buyItems.unit,
            priceFen: buyItems.priceFen,
            at: sql<Date>`${buys.publishedAt}`.mapWith(buys.publishedAt),
          })
          .from(buyItems)
          .innerJoin(buys, eq(buys.id, buyItems.buyId))
          .where(
            and(
              earlier,
              inArray(
                sql`lower(regexp_replace(${buyItems.name}, '\s+', '', 'g'))`,
                names.length > 0 ? names : [''],
              ),
            ),
          ),
      ]);
      const facts: TrustFacts = {
        buy: { ...buy, since },
        items,
        leader: leader[0] ?? { label: null, isAdmin: false, isLeader: false },
        leaderBuys,
        leaderReports: { total: reports[0]?.total ?? 0, resolved: reports[0]?.resolved ?? 0 },
        supplierBuys,
        earlierItems,
      };
      return facts;
    },
  };
}

/**
 * The same facts for up to `ttlMs` after they were read: every phone opening a buy in its rush asks for them, and
 * they change slowly (a price edited, a buy finished). A cached entry is dropped after its time.
 */
export function cachedTrust(repo: TrustRepo, clock: Clock, ttlMs = 15_000): TrustRepo {
  const cache = new Map<string, { at: number; facts: Promise<TrustFacts | null> }>();
  return {
    trustFacts(buyId) {
      const now = clock.now().getTime();
      const hit = cache.get(buyId);
      if (hit && now - hit.at < ttlMs) return hit.facts;
      if (cache.size > 1_000) cache.clear();
      const facts = repo.trustFacts(buyId);
      cache.set(buyId, { at: now, facts });
      facts.catch(() => cache.delete(buyId));
      return facts;
    },
  };
}
