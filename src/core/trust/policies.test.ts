import { describe, expect, it } from 'vitest';
import { canAddSupplier, canEditSupplier, canVerifySupplier } from './policies.ts';

const C = 'c1';
const who = (memberId: string, roles: { isAdmin?: boolean; isLeader?: boolean } = {}) => ({
  memberId,
  communityId: C,
  isAdmin: roles.isAdmin ?? false,
  isLeader: roles.isLeader ?? false,
});
const admin = who('a', { isAdmin: true });
const leader = who('l', { isLeader: true });
const otherLeader = who('o', { isLeader: true });
const resident = who('r');
const entry = (verified: boolean) => ({
  communityId: C,
  addedBy: 'l',
  verifiedAt: verified ? new Date() : null,
});

describe('supplier policies', () => {
  it('lets leaders and admins add, in their own compound', () => {
    expect([admin, leader, resident].map((m) => canAddSupplier(m, C))).toEqual([true, true, false]);
    expect(canAddSupplier(admin, 'elsewhere')).toBe(false);
  });

  it('lets the adding leader change an entry until it is verified; admins always; nobody else', () => {
    expect([admin, leader, otherLeader, resident].map((m) => canEditSupplier(m, entry(false)))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect([admin, leader].map((m) => canEditSupplier(m, entry(true)))).toEqual([true, false]);
    expect(canEditSupplier({ ...admin, communityId: 'elsewhere' }, entry(false))).toBe(false);
  });

  it('keeps verification to admins', () => {
    expect([admin, leader, resident].map((m) => canVerifySupplier(m, entry(false)))).toEqual([
      true,
      false,
      false,
    ]);
  });
});
