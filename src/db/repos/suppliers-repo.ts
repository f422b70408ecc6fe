/** The compound's register of suppliers (src/core/trust/suppliers.ts). */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { buys } from '../schema/buys.ts';
import { suppliers } from '../schema/suppliers.ts';
import { BUYS_UNDER_WAY, type Supplier, type SuppliersRepo } from '../../core/trust/suppliers.ts';
import { pgCode, UNIQUE_VIOLATION } from './community-repo.ts';

const columns = {
  id: suppliers.id,
  communityId: suppliers.communityId,
  name: suppliers.name,
  contact: suppliers.contact,
  licenceNo: suppliers.licenceNo,
  baogong: suppliers.baogong,
  note: suppliers.note,
  addedBy: suppliers.addedBy,
  verifiedAt: suppliers.verifiedAt,
  createdAt: suppliers.createdAt,
  updatedAt: suppliers.updatedAt,
};

export function createSuppliersRepo(db: Executor): SuppliersRepo {
  const one = async (where: ReturnType<typeof eq>): Promise<Supplier | null> => {
    const [row] = await db.select(columns).from(suppliers).where(where).limit(1);
    return row ?? null;
  };
  return {
    listSuppliers: (communityId) =>
      db
        .select(columns)
        .from(suppliers)
        .where(eq(suppliers.communityId, communityId))
        .orderBy(sql`${suppliers.verifiedAt} IS NULL`, desc(suppliers.baogong), asc(suppliers.nameKey)),
    // A compound's handful of buys under way, on the buys' community index.
    async namesUnderWay(communityId) {
      const found = await db
        .select({ name: buys.supplierName })
        .from(buys)
        .where(
          and(
            eq(buys.communityId, communityId),
            inArray(buys.status, [...BUYS_UNDER_WAY]),
            isNotNull(buys.supplierName),
          ),
        );
      return found.flatMap((r) => (r.name === null ? [] : [r.name]));
    },
    findSupplier: (id) => one(eq(suppliers.id, id)),
    findByKey: (communityId, nameKey) =>
      one(and(eq(suppliers.communityId, communityId), eq(suppliers.nameKey, nameKey))!),
    async insertSupplier(s, nameKey) {
      const inserted = await db
        .insert(suppliers)
        .values({ ...s, nameKey })
        .onConflictDoNothing({ target: [suppliers.communityId, suppliers.nameKey] })
        .returning({ id: suppliers.id });
      return inserted.length === 1;
    },
    async updateSupplier(s, nameKey, verifiedBy) {
      try {
        await db
          .update(suppliers)
          .set({
            name: s.name,
            nameKey,
            contact: s.contact,
            licenceNo: s.licenceNo,
            baogong: s.baogong,
            note: s.note,
            verifiedAt: s.verifiedAt,
            ...(verifiedBy === undefined ? {} : { verifiedBy }),
            updatedAt: s.updatedAt,
          })
          .where(eq(suppliers.id, s.id));
        return true;
      } catch (e) {
        // The name is another supplier's in the compound.
        if (pgCode(e) === UNIQUE_VIOLATION) return false;
        throw e;
      }
    },
  };
}
