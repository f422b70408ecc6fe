/** Invite links and QR codes the committee posts in the WeChat group, and joining through them. */
import type { Actor } from '../shared/actor.ts';
import { conflict, notFound } from '../shared/app-error.ts';
import { ADMINS_ONLY, ensure, loadCommunity } from './access.ts';
import { inviteStatus, type Invite, type InviteStatus, type MembershipView } from './model.ts';
import { canManageCommunity } from './policies.ts';
import type { CommunityDeps, CommunityRepo } from './ports.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The link a QR code and the WeChat message carry. */
export function inviteUrl(publicUrl: string, code: string): string {
  return `${publicUrl}/join/${encodeURIComponent(code)}`;
}

/** Creates an invite (admins), optionally expiring after some days or some uses. */
export async function createInvite(
  deps: Pick<CommunityDeps, 'repo' | 'ids' | 'clock' | 'newInviteCode'>,
  actor: Actor,
  communityId: string,
  input: { expiresInDays?: number | null; maxUses?: number | null },
): Promise<Invite> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
  const now = deps.clock.now();
  const invite: Invite = {
    id: deps.ids.id(),
    communityId,
    code: deps.newInviteCode(),
    createdBy: me!.memberId,
    expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
    maxUses: input.maxUses ?? null,
    uses: 0,
    revokedAt: null,
    createdAt: now,
  };
  await deps.repo.insertInvite(invite);
  return invite;
}

/** The compound's invites, newest first (admins). */
export async function listInvites(deps: Pick<CommunityDeps, 'repo'>, actor: Actor, communityId: string) {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
  return deps.repo.listInvites(communityId);
}

/** One invite, for its QR code (admins of its compound). */
export async function getInvite(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  inviteId: string,
): Promise<Invite> {
  const invite = await deps.repo.findInvite(inviteId);
  if (!invite) throw notFound('invite');
  const { me } = await loadCommunity(deps.repo, actor, invite.communityId);
  ensure(canManageCommunity(me, invite.communityId), ADMINS_ONLY);
  return invite;
}

/** Revokes an invite (admins); revoking twice is fine. */
export async function revokeInvite(
  deps: Pick<CommunityDeps, 'repo' | 'clock'>,
  actor: Actor,
  inviteId: string,
): Promise<void> {
  const invite = await getInvite(deps, actor, inviteId);
  if (!invite.revokedAt) await deps.repo.revokeInvite(invite.id, deps.clock.now());
}

/** What someone holding the code sees before signing up: the compound's name and whether it still works. */
export async function previewInvite(
  deps: Pick<CommunityDeps, 'repo' | 'clock'>,
  code: string,
): Promise<{ communityId: string; communityName: string; status: InviteStatus }> {
  const invite = await deps.repo.findInviteByCode(code);
  const community = invite ? await deps.repo.findCommunity(invite.communityId) : null;
  if (!invite || !community) throw notFound('invite');
  return {
    communityId: community.id,
    communityName: community.name,
    status: inviteStatus(invite, deps.clock.now()),
  };
}

const REFUSED: Record<Exclude<InviteStatus, 'valid'>, string> = {
  expired: 'This invite link has expired; ask the committee for a new one',
  revoked: 'This invite link was withdrawn; ask the committee for a new one',
  used_up: 'This invite link has been used as many times as allowed; ask the committee for a new one',
};

function refuse(status: Exclude<InviteStatus, 'valid'>): never {
  throw conflict(REFUSED[status], `invite_${status}`);
}

/** Joins the compound through an invite. Idempotent: a member accepting again gets their membership. */
export async function acceptInvite(
  deps: Pick<CommunityDeps, 'repo' | 'clock' | 'ids'>,
  actor: Actor,
  code: string,
): Promise<{ membership: MembershipView; joined: boolean }> {
  const invite = await deps.repo.findInviteByCode(code);
  if (!invite) throw notFound('invite');
  const existing = await deps.repo.membershipView(invite.communityId, actor.userId);
  if (existing) return { membership: existing, joined: false };
  const now = deps.clock.now();
  const status = inviteStatus(invite, now);
  if (status !== 'valid') refuse(status);
  const joined = await deps.repo.transaction(async (repo: CommunityRepo) => {
    const inserted = await repo.insertMember({
      memberId: deps.ids.id(),
      communityId: invite.communityId,
      userId: actor.userId,
      isAdmin: false,
      isLeader: false,
      volunteerBuildingIds: [],
    });
    if (!inserted) return false; // joined a moment ago through another request
    if (!(await repo.useInvite(invite.id, now))) refuse('used_up'); // rolls the membership back
    return true;
  });
  const membership = await deps.repo.membershipView(invite.communityId, actor.userId);
  if (!membership) throw notFound('member');
  return { membership, joined };
}
