/** 送过物资's records (src/core/community/supplies.ts). */
import { eq } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { householdSupplies } from '../schema/community.ts';
import type { SuppliesRepo } from '../../core/community/supplies.ts';

export function createHouseholdSuppliesRepo(db: Executor): SuppliesRepo {
  return {
    async insertSupply(record) {
      await db.insert(householdSupplies).values(record);
    },
    async findSupply(id) {
      const [row] = await db.select().from(householdSupplies).where(eq(householdSupplies.id, id)).limit(1);
      return row ?? null;
    },
    async deleteSupply(id) {
      const gone = await db
        .delete(householdSupplies)
        .where(eq(householdSupplies.id, id))
        .returning({ id: householdSupplies.id });
      return gone.length > 0;
    },
  };
}
