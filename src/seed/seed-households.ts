import { between, count } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.ts';
import { accessTokens, users } from '../db/schema/auth.ts';
import { buildings, communities, householdClaims, households, members } from '../db/schema/community.ts';
import { hashSecret, randomSecret } from '../core/shared/secrets.ts';
import type { Clock, IdGenerator } from '../core/shared/ports.ts';
import { insertInChunks } from './bulk.ts';

export interface SeedOptions {
  households: number;
  /** Default: one building per 24 households (6 floors × 4 rooms), as in a typical Shanghai compound. */
  buildings?: number;
  communityName?: string;
}

/** The file `linli seed --out FILE` writes (shared/api-contract.md, "Server and CLI"). */
export interface SeedResult {
  communityId: string;
  admin: { token: string };
  leader: { token: string };
  households: { householdId: string; label: string; token: string }[];
}

export const MAX_SEED_HOUSEHOLDS = 100_000;
const ROOMS_PER_FLOOR = 4;

export function defaultBuildingCount(households: number): number {
  return Math.max(1, Math.ceil(households / 24));
}

/** Labels like the demo's: building b, the j-th household in it → "b-FRR" (floor, two-digit room). */
export function householdLayout(householdCount: number, buildingCount: number) {
  const perBuilding = Math.ceil(householdCount / buildingCount);
  const layout: { building: number; room: string; label: string }[] = [];
  for (let i = 0; i < householdCount; i++) {
    const building = Math.floor(i / perBuilding) + 1;
    const j = i % perBuilding;
    const room = `${Math.floor(j / ROOMS_PER_FLOOR) + 1}${String((j % ROOMS_PER_FLOOR) + 1).padStart(2, '0')}`;
    layout.push({ building, room, label: `${building}-${room}` });
  }
  return layout;
}

/**
 * Load-test data: a community with N verified households (one member each), an admin and a leader, each
 * with a personal access token created directly (only its hash is stored; no password hashing, so 5,000
 * households take seconds). Everything is one transaction with chunked multi-row inserts.
 */
export async function seedHouseholds(
  db: Db,
  deps: { ids: IdGenerator; clock: Clock },
  options: SeedOptions,
): Promise<SeedResult> {
  const n = options.households;
  const b = options.buildings ?? defaultBuildingCount(n);
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEED_HOUSEHOLDS)
    throw new RangeError(`--households must be a whole number from 1 to ${MAX_SEED_HOUSEHOLDS}`);
  if (!Number.isInteger(b) || b < 1 || b > n)
    throw new RangeError('--buildings must be a whole number from 1 to N');

  const { ids, clock } = deps;
  const now = clock.now();
  const newToken = () => `lin_${randomSecret()}`;

  return db.transaction(async (tx) => {
    const phoneBase = await freePhoneRange(tx, n + 2);
    const phone = (i: number) => `170${String(phoneBase + i).padStart(8, '0')}`;

    const userRows: (typeof users.$inferInsert)[] = [];
    const tokenRows: (typeof accessTokens.$inferInsert)[] = [];
    const addUser = (displayName: string, i: number) => {
      const id = ids.id();
      const token = newToken();
      userRows.push({ id, displayName, phone: phone(i), createdAt: now });
      tokenRows.push({
        id: ids.id(),
        userId: id,
        name: 'seed',
        tokenHash: hashSecret(token),
        createdAt: now,
      });
      return { id, token };
    };

    const admin = addUser('Seed Admin', 0);
    const leader = addUser('Seed Leader', 1);
    const communityId = ids.id();
    const buildingIds = Array.from({ length: b }, () => ids.id());
    const adminMemberId = ids.id();
    const memberRows: (typeof members.$inferInsert)[] = [
      { id: adminMemberId, communityId, userId: admin.id, isAdmin: true, createdAt: now },
      { id: ids.id(), communityId, userId: leader.id, isLeader: true, createdAt: now },
    ];
    const householdRows: (typeof households.$inferInsert)[] = [];
    const claimRows: (typeof householdClaims.$inferInsert)[] = [];
    const result: SeedResult['households'] = [];

    householdLayout(n, b).forEach((h, i) => {
      const householdId = ids.id();
      const user = addUser(`住户 ${h.label}`, i + 2);
      const memberId = ids.id();
      householdRows.push({
        id: householdId,
        communityId,
        buildingId: buildingIds[h.building - 1]!,
        room: h.room,
        label: h.label,
        createdAt: now,
      });
      memberRows.push({ id: memberId, communityId, userId: user.id, createdAt: now });
      claimRows.push({
        id: ids.id(),
        communityId,
        householdId,
        memberId,
        status: 'verified',
        reviewedBy: adminMemberId,
        reviewedAt: now,
        createdAt: now,
      });
      result.push({ householdId, label: h.label, token: user.token });
    });

    await insertInChunks(tx, users, userRows);
    await insertInChunks(tx, accessTokens, tokenRows);
    await tx.insert(communities).values({
      id: communityId,
      name: options.communityName ?? `Seed compound (${n} households)`,
      createdBy: admin.id,
      createdAt: now,
    });
    await insertInChunks(
      tx,
      buildings,
      buildingIds.map((id, i) => ({ id, communityId, name: String(i + 1), sortKey: i + 1, createdAt: now })),
    );
    await insertInChunks(tx, households, householdRows);
    await insertInChunks(tx, members, memberRows);
    await insertInChunks(tx, householdClaims, claimRows);

    return {
      communityId,
      admin: { token: admin.token },
      leader: { token: leader.token },
      households: result,
    };
  });
}

/**
 * Seeded users get 170xxxxxxxx numbers (a virtual-operator range) in a random block that no existing user
 * occupies, so seeding twice into the same database does not collide on the unique phone column.
 */
async function freePhoneRange(db: Executor, size: number): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const base = Math.floor(Math.random() * (1e8 - size));
    const lo = `170${String(base).padStart(8, '0')}`;
    const hi = `170${String(base + size - 1).padStart(8, '0')}`;
    const [row] = await db
      .select({ n: count() })
      .from(users)
      .where(between(users.phone, lo, hi));
    if ((row?.n ?? 0) === 0) return base;
  }
  throw new Error('Could not find a free block of phone numbers for the seeded users');
}
