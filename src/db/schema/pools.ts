import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { buys } from './buys.ts';
import { communities, members } from './community.ts';

/**
 * 联合团购 (docs/pools.md): compounds too small for a supplier's minimum (起送) order together. Each compound
 * keeps its own buy (its residents, orders, money and doors); the pool holds the minimum, counted over them all,
 * and the deadline they all close at.
 */
export const pools = pgTable(
  'pools',
  {
    id: uuid('id').primaryKey(),
    /** The buy the pool was opened from; its compound is the host. */
    hostBuyId: uuid('host_buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    /** What other compounds' leaders type to join (8 characters, no look-alikes). */
    code: text('code').notNull(),
    minTotalQty: integer('min_total_qty'),
    minAmountFen: integer('min_amount_fen'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    /** When its member buys were closed together, and how: 'closed' (成团) or 'failed'. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    outcome: text('outcome'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('pools_code_uq').on(t.code),
    uniqueIndex('pools_host_buy_uq').on(t.hostBuyId),
    index('pools_due_idx').on(t.deadline),
  ],
);

/** A compound's part of a pool: its own buy and where the truck stops for it. The host is one too. */
export const poolMembers = pgTable(
  'pool_members',
  {
    poolId: uuid('pool_id')
      .notNull()
      .references(() => pools.id, { onDelete: 'cascade' }),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** The stop on the supplier's sheet (送货点): "南门". */
    gate: text('gate').notNull(),
    /** Who meets the truck there, as its leader wrote it (a phone number, a name): the supplier's sheet. */
    contact: text('contact').notNull(),
    joinedBy: uuid('joined_by').references(() => members.id, { onDelete: 'set null' }),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When this compound was told that the compounds together reached the minimum (成团 before the deadline:
     * once, by the first instance to set it; src/core/pools/tell-pools-met.ts). A compound whose buy opens
     * after the others were told is told then.
     */
    metToldAt: timestamp('met_told_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('pool_members_buy_uq').on(t.buyId),
    uniqueIndex('pool_members_community_uq').on(t.poolId, t.communityId),
  ],
);
