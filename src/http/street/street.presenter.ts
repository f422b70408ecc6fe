/** 邻里街坊's JSON, picked field by field: labels and roles, never a member id, a name or a phone. */
import type { Reply } from '../../core/street/model.ts';
import type { PostForViewer } from '../../core/street/posts.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function presentPost({ post: p, mine, can }: PostForViewer) {
  return {
    id: p.id,
    communityId: p.communityId,
    kind: p.kind,
    status: p.status,
    title: p.title,
    body: p.body,
    author: { label: p.householdLabel, role: p.authorRole },
    onBehalf: p.onBehalf,
    helper:
      p.helperMemberId === null && p.helperHouseholdId === null
        ? null
        : { label: p.helperLabel, role: p.helperRole },
    replyCount: p.replyCount,
    removedReason: p.removedReason,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    endedAt: iso(p.endedAt),
    mine,
    can: {
      take: can.take,
      release: can.release,
      resolve: can.resolve,
      close: can.close,
      remove: can.remove,
      reply: can.reply,
    },
  };
}

export const presentReply = ({ reply: r, mine }: { reply: Reply; mine: boolean }) => ({
  id: r.id,
  author: { label: r.householdLabel, role: r.role },
  body: r.body,
  createdAt: r.createdAt.toISOString(),
  mine,
});
