import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import { addRole, createTestCommunity, createVerifiedResident, makeProxyHousehold } from './community.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('community test factories', () => {
  it('creates buildings × floors × rooms households with the pattern labels', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 12, floors: 6, roomsPerFloor: 4 });
    expect(tc.buildings).toHaveLength(12);
    expect(tc.households).toHaveLength(288);
    expect(tc.households[0]!.label).toBe('1-101');
    expect(tc.households.at(-1)!.label).toBe('12-604');
    expect(tc.household('3-502').room).toBe('502');
  });

  it('creates verified residents, roles and proxies', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    const r = await createVerifiedResident(t.container, tc.community.id, '2-102');
    expect(r.household.label).toBe('2-102');
    expect(r.token).toMatch(/^lin_/);
    await addRole(t.container, r, { leader: true, volunteerBuildingIds: [tc.buildings[1]!.id] });
    await makeProxyHousehold(t.container, tc.household('2-101').id, {
      contactName: '王阿姨',
      managedByMemberId: r.memberId,
    });
  });
});
