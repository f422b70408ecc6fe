import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { BuyViewer } from '../../core/realtime/policies.ts';
import { LookupBatcher } from './lookup-batcher.ts';

/** householdId: the member's verified household, for frames about one household (payments, packages …). */
export type BuyViewerFacts = BuyViewer & { communityId: string | null; householdId: string | null };

interface ViewerRow {
  k: string;
  community_id: string;
  is_member: boolean;
  household_id: string | null;
}

/**
 * One query answers both "does the buy exist" and "is this user a member of its compound". Lookups that
 * arrive together share that query (LookupBatcher): when a scarce buy opens, thousands of phones open its
 * event stream in the same seconds, and on the embedded database each statement runs in turn.
 */
export function createRealtimeRepo(db: Executor) {
  const viewers = new LookupBatcher<BuyViewerFacts>(async (keys) => {
    const pairs = keys.map((k) => {
      const [buyId, userId] = k.split(' ');
      return { k, buy_id: buyId, user_id: userId };
    });
    const result = (await db.execute(sql`
      SELECT p.k, b.community_id, bool_or(m.id IS NOT NULL) AS is_member,
        (array_agg(c.household_id) FILTER (WHERE c.household_id IS NOT NULL))[1] AS household_id
      FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS p(k text, buy_id uuid, user_id uuid)
      JOIN buys b ON b.id = p.buy_id
      LEFT JOIN members m ON m.community_id = b.community_id AND m.user_id = p.user_id
      LEFT JOIN household_claims c
        ON c.member_id = m.id AND c.community_id = m.community_id AND c.status = 'verified'
      GROUP BY p.k, b.community_id`)) as unknown as { rows: ViewerRow[] };
    return new Map(
      result.rows.map((r) => [
        r.k,
        {
          buyExists: true,
          isMember: r.is_member,
          communityId: r.community_id,
          householdId: r.household_id ?? null,
        },
      ]),
    );
  });
  return {
    async buyViewer(buyId: string, userId: string): Promise<BuyViewerFacts> {
      const found = await viewers.get(`${buyId} ${userId}`, new Date());
      return found ?? { buyExists: false, isMember: false, communityId: null, householdId: null };
    },
  };
}
