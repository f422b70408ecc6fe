import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { BuyViewer } from '../../core/realtime/policies.ts';

/** One query answers both "does the buy exist" and "is this user a member of its compound". */
export function createRealtimeRepo(db: Executor) {
  return {
    async buyViewer(
      buyId: string,
      userId: string,
    ): Promise<BuyViewer & { communityId: string | null; householdId: string | null }> {
      // householdId: the member's verified household, for frames about one household (distribution).
      const result = (await db.execute(sql`
        SELECT b.community_id, m.id AS member_id,
          (SELECT c.household_id FROM household_claims c
            WHERE c.member_id = m.id AND c.community_id = m.community_id AND c.status = 'verified' LIMIT 1) AS household_id
        FROM buys b
        LEFT JOIN members m ON m.community_id = b.community_id AND m.user_id = ${userId}
        WHERE b.id = ${buyId}`)) as unknown as {
        rows: { community_id: string; member_id: string | null; household_id: string | null }[];
      };
      const row = result.rows[0];
      return {
        buyExists: !!row,
        isMember: !!row?.member_id,
        communityId: row?.community_id ?? null,
        householdId: row?.household_id ?? null,
      };
    },
  };
}
