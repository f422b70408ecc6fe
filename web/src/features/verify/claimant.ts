import type { Claim } from '../../api-types.ts';

/** The claimant's name and phone, whether the server sends them flat or under `claimant`. */
export function claimant(claim: Claim): { name: string; phone: string } {
  return {
    name: claim.displayName ?? claim.claimant?.displayName ?? '',
    phone: claim.phone ?? claim.claimant?.phone ?? '',
  };
}
