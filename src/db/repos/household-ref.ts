import { sql } from 'drizzle-orm';
import type { HouseholdRef } from '../../core/shared/household-ref.ts';
import type { Executor } from '../client.ts';
import { rows } from './raw-sql.ts';

/** One household's HouseholdRef by id (the money and distribution repositories' `householdRef`); null if none. */
export async function readHouseholdRef(db: Executor, householdId: string): Promise<HouseholdRef | null> {
  const [r] = await rows(
    db,
    sql`SELECT id, community_id, label, building_id, is_proxy FROM households WHERE id = ${householdId}`,
  );
  return r
    ? {
        id: r.id as string,
        communityId: r.community_id as string,
        label: r.label as string,
        buildingId: r.building_id as string,
        isProxy: r.is_proxy === true,
      }
    : null;
}
