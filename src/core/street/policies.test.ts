import { describe, expect, it } from 'vitest';
import { isKnown, mayPostFor, mayPostKind, roleOf } from './policies.ts';
import { viewer } from './testing/fixtures.ts';

const resident = viewer('m1', { label: '1-101' });
const unverified = viewer('m2');
const volunteer = viewer('m3', { volunteerBuildingIds: ['b1'] });
const leader = viewer('m4', { isLeader: true, volunteerBuildingIds: ['b1'] });
const admin = viewer('m5', { isAdmin: true, isLeader: true });

describe('street policies', () => {
  it('shows the highest role held', () => {
    expect([resident, unverified, volunteer, leader, admin].map(roleOf)).toEqual([
      null,
      null,
      'volunteer',
      'leader',
      'admin',
    ]);
  });

  it('lets a verified household or a role holder write; others read', () => {
    expect([resident, unverified, volunteer, leader, admin].map(isKnown)).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it('keeps notices to admins and leaders', () => {
    expect([resident, unverified, volunteer, leader, admin].map((v) => mayPostKind(v, 'notice'))).toEqual([
      false,
      false,
      false,
      true,
      true,
    ]);
    expect([resident, unverified, volunteer].map((v) => mayPostKind(v, 'need'))).toEqual([true, false, true]);
  });

  it("lets an admin, or the building's volunteer, post for a household (not a notice)", () => {
    const inB1 = { buildingId: 'b1' };
    const inB2 = { buildingId: 'b2' };
    expect(mayPostFor(volunteer, inB1, 'need')).toBe(true);
    expect(mayPostFor(volunteer, inB2, 'need')).toBe(false);
    expect(mayPostFor(resident, inB1, 'need')).toBe(false);
    expect(mayPostFor(admin, inB2, 'offer')).toBe(true);
    expect(mayPostFor(admin, inB2, 'notice')).toBe(false);
  });
});
