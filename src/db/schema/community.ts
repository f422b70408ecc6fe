import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './auth.ts';

// Everything below is keyed by community_id so a district-sized deployment can shard by compound.

export const communities = pgTable(
  'communities',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    address: text('address'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * Moves (by triggers, in the changing transaction: migration 0017) whenever a member, a claim, a
     * volunteer's building or a household of the compound changes, so members' standing read at one version
     * may be reused while it has not moved (VersionHeld in db/repos/version-held.ts: the order journal's
     * callers, the buys use-cases' member checks).
     */
    standingVersion: integer('standing_version').notNull().default(0),
  },
  (t) => [index('communities_created_by_idx').on(t.createdBy)],
);

/** A building (楼), named as residents say it: "3", "12", "A". */
export const buildings = pgTable(
  'buildings',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    sortKey: integer('sort_key').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('buildings_community_name_uq').on(t.communityId, t.name)],
);

/**
 * A household (户): the public identity "3-502". A proxy household is looked after by a volunteer for a
 * neighbour without a smartphone; its contact details are private.
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    room: text('room').notNull(),
    label: text('label').notNull(),
    isProxy: boolean('is_proxy').notNull().default(false),
    proxyContactName: text('proxy_contact_name'),
    proxyContactPhone: text('proxy_contact_phone'),
    proxyNotes: text('proxy_notes'),
    proxyManagedBy: uuid('proxy_managed_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('households_community_label_uq').on(t.communityId, t.label),
    index('households_building_id_idx').on(t.buildingId),
    index('households_proxy_managed_by_idx').on(t.proxyManagedBy),
  ],
);

/** A user's membership of a community, with the roles the admin gave them. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    isAdmin: boolean('is_admin').notNull().default(false),
    isLeader: boolean('is_leader').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_community_user_uq').on(t.communityId, t.userId),
    index('members_user_id_idx').on(t.userId),
  ],
);

/** Building volunteer (楼长) scope: which buildings a member looks after. */
export const volunteerBuildings = pgTable(
  'volunteer_buildings',
  {
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.buildingId] }),
    index('volunteer_buildings_building_id_idx').on(t.buildingId),
    index('volunteer_buildings_community_id_idx').on(t.communityId),
  ],
);

/**
 * A member's claim to live in a household. Pending until a volunteer of that building (or an admin)
 * verifies it; only verified households order. A member holds at most one live claim per community.
 */
export const householdClaims = pgTable(
  'household_claims',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'verified', 'rejected'] })
      .notNull()
      .default('pending'),
    reviewedBy: uuid('reviewed_by').references(() => members.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('household_claims_live_member_uq')
      .on(t.communityId, t.memberId)
      .where(sql`status <> 'rejected'`),
    index('household_claims_household_id_idx').on(t.householdId),
    index('household_claims_member_id_idx').on(t.memberId),
    index('household_claims_reviewed_by_idx').on(t.reviewedBy),
  ],
);

/** Invite links (and their QR codes) that the committee posts in the WeChat group. */
export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    maxUses: integer('max_uses'),
    uses: integer('uses').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('invites_community_id_idx').on(t.communityId),
    index('invites_created_by_idx').on(t.createdBy),
  ],
);

/**
 * The private register of households that need looking after (需照顾): someone elderly living alone, daily
 * medicine, someone who cannot manage stairs, a pregnancy or a baby. One row per household that has any; kept by
 * the admins and the building's volunteers and read by them only (docs/coverage.md). A household the register
 * no longer lists has no row.
 */
export const householdNeeds = pgTable(
  'household_needs',
  {
    householdId: uuid('household_id')
      .primaryKey()
      .references(() => households.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** HOUSEHOLD_NEEDS (src/core/community/needs-fns.ts), each at most once. */
    needs: text('needs').array().notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by').references(() => members.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('household_needs_community_id_idx').on(t.communityId),
    index('household_needs_updated_by_idx').on(t.updatedBy),
  ],
);

/**
 * 送过物资: goods an admin or a building volunteer brought to a household outside any buy (a neighbour's bag of rice,
 * the 街道's 保供包), recorded from 物资覆盖 so that it counts as having received something then
 * (src/core/community/supplies.ts, docs/coverage.md). 物资覆盖 reads a household's latest with its packages'.
 */
export const householdSupplies = pgTable(
  'household_supplies',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    /** What was brought, as the volunteer wrote it (optional). */
    note: text('note'),
    givenBy: uuid('given_by').references(() => members.id, { onDelete: 'set null' }),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A household's latest (物资覆盖's per-household read) and the compound's (its grouped read).
    index('household_supplies_household_idx').on(t.householdId, t.givenAt.desc()),
    index('household_supplies_community_idx').on(t.communityId, t.householdId),
    index('household_supplies_given_by_idx').on(t.givenBy),
  ],
);
