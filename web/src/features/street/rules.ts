/** What the street's screens offer whom (docs/street.md); the server decides again on every call. Pure. */
import type { Membership } from '../../api-types.ts';
import { POST_KINDS } from '../../../../src/core/street/model.ts';
import { canVerify, isAdmin, isLeader } from '../community/roles.ts';
import type { PostKind } from './types.ts';

/** Posting, taking and replying need a verified household, or a role in the compound. */
export const canPost = (m: Membership): boolean =>
  m.household?.status === 'verified' || isAdmin(m) || isLeader(m) || canVerify(m);

/** 代发: an admin, or a volunteer for the households of their buildings. */
export const canPostForOthers = (m: Membership): boolean => canVerify(m);

/** The kinds the compose screen offers: a notice (公告) is an admin's or a leader's, and never 代发. */
export function composeKinds(m: Membership, onBehalf: boolean): PostKind[] {
  const notice = !onBehalf && (isAdmin(m) || isLeader(m));
  return POST_KINDS.filter((k) => k !== 'notice' || notice);
}
