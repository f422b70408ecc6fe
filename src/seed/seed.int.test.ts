import { count, eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { users } from '../db/schema/auth.ts';
import { streetPosts, streetReplies } from '../db/schema/street.ts';
import {
  communities,
  householdClaims,
  householdNeeds,
  households,
  members,
  volunteerBuildings,
} from '../db/schema/community.ts';
import {
  DEMO_ALL_LOGINS,
  DEMO_NEIGHBOUR,
  DEMO_NEIGHBOUR_LOGIN,
  DEMO_PASSWORD,
  DemoAlreadySeededError,
  hasDemo,
  isDatabaseEmpty,
  seedDemo,
} from './demo.ts';
import { householdLayout, seedHouseholds } from './seed-households.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('householdLayout', () => {
  it('fills buildings of 6 floors × 4 rooms in label order', () => {
    const layout = householdLayout(50, 3);
    expect(layout.slice(0, 5).map((h) => h.label)).toEqual(['1-101', '1-102', '1-103', '1-104', '1-201']);
    expect(layout[17]!.label).toBe('2-101');
    expect(new Set(layout.map((h) => h.label)).size).toBe(50);
    expect(layout.at(-1)!.building).toBe(3);
  });
});

describe('the demo compound', () => {
  it('goes into an empty database, once', async () => {
    expect(await isDatabaseEmpty(t.container.db)).toBe(true);
    const summary = await seedDemo(t.container.db, t.container);
    expect(summary.households).toBe(288);
    expect(summary.members).toBeGreaterThanOrEqual(280);
    expect(summary.members).toBeLessThanOrEqual(330);
    expect(await isDatabaseEmpty(t.container.db)).toBe(false);
    expect(await hasDemo(t.container.db)).toBe(true);
    await expect(seedDemo(t.container.db, t.container)).rejects.toBeInstanceOf(DemoAlreadySeededError);
  });

  it('has the roles, proxies and pending claims the walkthrough needs', async () => {
    const db = t.container.db;
    const [vols] = await db.select({ n: count() }).from(volunteerBuildings);
    expect(vols?.n).toBe(12);
    // 阳光花园's admin and two leaders, and 和平苑's leader (its admin too).
    const [admins] = await db.select({ n: count() }).from(members).where(eq(members.isAdmin, true));
    expect(admins?.n).toBe(2);
    const [leaders] = await db.select({ n: count() }).from(members).where(eq(members.isLeader, true));
    expect(leaders?.n).toBe(3);
    const proxies = await db.select().from(households).where(eq(households.isProxy, true));
    expect(proxies).toHaveLength(6);
    expect(proxies.every((p) => p.proxyContactName && p.proxyNotes && p.proxyManagedBy)).toBe(true);
    const [pending] = await db
      .select({ n: count() })
      .from(householdClaims)
      .where(eq(householdClaims.status, 'pending'));
    expect(pending?.n).toBe(8);
    const verified = await db
      .selectDistinct({ h: householdClaims.householdId })
      .from(householdClaims)
      .where(eq(householdClaims.status, 'verified'));
    expect(verified.length).toBeGreaterThan(250);
    // The register of households that need looking after: four, each kept by its building's volunteer.
    const needs = await db
      .select({ label: households.label, by: householdNeeds.updatedBy, building: households.buildingId })
      .from(householdNeeds)
      .innerJoin(households, eq(households.id, householdNeeds.householdId));
    expect(needs.map((n) => n.label).sort()).toEqual(['1-203', '1-501', '2-101', '9-103']);
    const keepers = await db.select().from(volunteerBuildings);
    for (const n of needs)
      expect(
        keepers.some((v) => v.memberId === n.by && v.buildingId === n.building),
        n.label,
      ).toBe(true);
  });

  it('has a street: a notice, help requests, an offer, a swap and a tip, with replies', async () => {
    const db = t.container.db;
    const posts = await db
      .select({
        kind: streetPosts.kind,
        status: streetPosts.status,
        label: households.label,
        onBehalf: streetPosts.onBehalf,
        authorRole: streetPosts.authorRole,
        replyCount: streetPosts.replyCount,
        helper: streetPosts.helperHouseholdId,
        createdAt: streetPosts.createdAt,
      })
      .from(streetPosts)
      .leftJoin(households, eq(households.id, streetPosts.householdId));
    expect(posts.map((p) => `${p.kind} ${p.label ?? p.authorRole} ${p.status}`).sort()).toEqual([
      'need 1-203 taken',
      'need 9-103 open',
      'notice admin open',
      'offer 6-302 open',
      'swap 8-402 open',
      'tip 2-503 open',
    ]);
    // 9-103 has no phone: its building's volunteer posted for it, and it has waited past the hour.
    const insulin = posts.find((p) => p.label === '9-103')!;
    expect(insulin).toMatchObject({ onBehalf: true, authorRole: 'volunteer', helper: null });
    expect(Date.now() - insulin.createdAt.getTime()).toBeGreaterThan(60 * 60_000);
    expect(posts.find((p) => p.kind === 'swap')!.authorRole).toBe('leader');
    const [replies] = await db.select({ n: count() }).from(streetReplies);
    expect(replies?.n).toBe(posts.reduce((n, p) => n + p.replyCount, 0));
    expect(replies?.n).toBe(3);
  });

  it('has 和平苑 next door: 12 households, each with a verified resident, its leader in 1-101', async () => {
    const db = t.container.db;
    const [next] = await db.select().from(communities).where(eq(communities.name, DEMO_NEIGHBOUR.name));
    const homes = await db.select().from(households).where(eq(households.communityId, next!.id));
    expect(homes).toHaveLength(12);
    const claims = await db
      .select({ status: householdClaims.status, label: households.label, admin: members.isAdmin })
      .from(householdClaims)
      .innerJoin(households, eq(households.id, householdClaims.householdId))
      .innerJoin(members, eq(members.id, householdClaims.memberId))
      .where(eq(householdClaims.communityId, next!.id));
    expect(claims).toHaveLength(12);
    expect(claims.every((c) => c.status === 'verified')).toBe(true);
    expect(claims.filter((c) => c.admin).map((c) => c.label)).toEqual([DEMO_NEIGHBOUR_LOGIN.household]);
  });

  it('lets every named login sign in with the one demo password', async () => {
    for (const login of DEMO_ALL_LOGINS) {
      const [u] = await t.container.db.select().from(users).where(eq(users.phone, login.phone));
      expect(u?.displayName).toBe(login.displayName);
      expect(await bcrypt.compare(DEMO_PASSWORD, u!.passwordHash!)).toBe(true);
    }
    const phones = await t.container.db.select({ phone: users.phone }).from(users);
    expect(phones.every((p) => /^1\d{10}$/.test(p.phone))).toBe(true);
  });
});

describe('seedHouseholds (linli seed)', () => {
  it('writes the documented shape, and its tokens authenticate', async () => {
    const result = await seedHouseholds(t.container.db, t.container, { households: 50 });
    expect(Object.keys(result).sort()).toEqual(['admin', 'communityId', 'households', 'leader']);
    expect(result.households).toHaveLength(50);
    expect(result.households[0]).toEqual({
      householdId: expect.any(String),
      label: '1-101',
      token: expect.stringMatching(/^lin_/),
    });
    // 50 households → ceil(50/24) = 3 buildings
    expect(result.households.at(-1)!.label.startsWith('3-')).toBe(true);

    for (const token of [result.admin.token, result.leader.token, result.households[49]!.token]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode, res.body).not.toBe(401);
    }
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Bearer lin_nope' },
    });
    expect(bad.statusCode).toBe(401);

    const [claims] = await t.container.db
      .select({ n: count() })
      .from(householdClaims)
      .where(eq(householdClaims.communityId, result.communityId));
    expect(claims?.n).toBe(50);
  });

  it('can run twice into the same database without phone collisions, and validates its input', async () => {
    const again = await seedHouseholds(t.container.db, t.container, { households: 30, buildings: 2 });
    expect(again.households.at(-1)!.label).toBe('2-403');
    await expect(seedHouseholds(t.container.db, t.container, { households: 0 })).rejects.toThrow(
      /households/,
    );
    await expect(
      seedHouseholds(t.container.db, t.container, { households: 5, buildings: 6 }),
    ).rejects.toThrow(/buildings/);
  });
});
