import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { communities, members } from './community.ts';

/**
 * The compound's register of suppliers (docs/trust.md): who they are, their business licence and 保供 status,
 * and whether an admin checked them. Buys name a supplier by text; 放心买 matches the two by name.
 */
export const suppliers = pgTable(
  'suppliers',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** supplierKey(name): one entry per supplier name in a compound. */
    nameKey: text('name_key').notNull(),
    /** The business's own phone or address, as on a buy's page. */
    contact: text('contact'),
    /** 营业执照 (unified social credit code) as the supplier gave it. */
    licenceNo: text('licence_no'),
    /** A certified 保供 (supply-guarantee) company. */
    baogong: boolean('baogong').notNull().default(false),
    note: text('note'),
    addedBy: uuid('added_by').references(() => members.id, { onDelete: 'set null' }),
    verifiedBy: uuid('verified_by').references(() => members.id, { onDelete: 'set null' }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('suppliers_community_name_uq').on(t.communityId, t.nameKey),
    index('suppliers_added_by_idx').on(t.addedBy),
    index('suppliers_verified_by_idx').on(t.verifiedBy),
  ],
);
