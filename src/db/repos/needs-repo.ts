/** The register of households that need looking after (src/core/community/needs.ts). */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { householdNeeds, households } from '../schema/community.ts';
import type { NeedsRepo } from '../../core/community/needs.ts';
import type { HouseholdNeed } from '../../core/community/needs-fns.ts';

const byLabel = new Intl.Collator('zh-CN', { numeric: true });

export function createNeedsRepo(db: Executor): NeedsRepo {
  return {
    async listNeeds(communityId, scope) {
      if (scope !== 'all' && scope.length === 0) return [];
      const found = await db
        .select({
          householdId: householdNeeds.householdId,
          label: households.label,
          buildingId: households.buildingId,
          needs: householdNeeds.needs,
          note: householdNeeds.note,
          updatedAt: householdNeeds.updatedAt,
        })
        .from(householdNeeds)
        .innerJoin(households, eq(households.id, householdNeeds.householdId))
        .where(
          and(
            eq(householdNeeds.communityId, communityId),
            scope === 'all' ? undefined : inArray(households.buildingId, scope),
          ),
        );
      return found
        .map((r) => ({ ...r, needs: r.needs as HouseholdNeed[] }))
        .sort((a, b) => byLabel.compare(a.label, b.label));
    },

    async needsOf(householdIds) {
      if (householdIds.length === 0) return new Map();
      const found = await db
        .select({ householdId: householdNeeds.householdId, needs: householdNeeds.needs })
        .from(householdNeeds)
        .where(inArray(householdNeeds.householdId, [...householdIds]));
      return new Map(found.map((r) => [r.householdId, r.needs as HouseholdNeed[]]));
    },

    async saveNeeds(household, entry, by, at) {
      if (entry === null) {
        await db.delete(householdNeeds).where(eq(householdNeeds.householdId, household.id));
        return;
      }
      const values = { needs: entry.needs, note: entry.note, updatedBy: by, updatedAt: at };
      await db
        .insert(householdNeeds)
        .values({ householdId: household.id, communityId: household.communityId, ...values })
        .onConflictDoUpdate({ target: householdNeeds.householdId, set: values });
    },
  };
}
