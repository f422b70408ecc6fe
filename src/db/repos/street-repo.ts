/** 邻里街坊's posts and replies (src/core/street). Labels come from `households` as they are now. */
import { and, asc, count, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../client.ts';
import { households } from '../schema/community.ts';
import { streetPosts, streetReplies } from '../schema/street.ts';
import { ACTIVE_STATUSES, type PostKind, type PostStatus, type StreetRole } from '../../core/street/model.ts';
import type { BoardQuery, StreetRepo } from '../../core/street/ports.ts';

const helpers = alias(households, 'helper_households');
const ENDED_STATUSES: PostStatus[] = ['resolved', 'closed'];

const postColumns = {
  id: streetPosts.id,
  communityId: streetPosts.communityId,
  kind: streetPosts.kind,
  status: streetPosts.status,
  title: streetPosts.title,
  body: streetPosts.body,
  householdId: streetPosts.householdId,
  householdLabel: households.label,
  buildingId: households.buildingId,
  authorMemberId: streetPosts.authorMemberId,
  authorRole: streetPosts.authorRole,
  onBehalf: streetPosts.onBehalf,
  helperHouseholdId: streetPosts.helperHouseholdId,
  helperLabel: helpers.label,
  helperMemberId: streetPosts.helperMemberId,
  helperRole: streetPosts.helperRole,
  replyCount: streetPosts.replyCount,
  removedReason: streetPosts.removedReason,
  createdAt: streetPosts.createdAt,
  updatedAt: streetPosts.updatedAt,
  endedAt: streetPosts.endedAt,
};

/** The text columns as the domain's unions: only the use-cases write them, from those unions. */
const toPost = <
  R extends { kind: string; status: string; authorRole: string | null; helperRole: string | null },
>(
  r: R,
) => ({
  ...r,
  kind: r.kind as PostKind,
  status: r.status as PostStatus,
  authorRole: r.authorRole as StreetRole | null,
  helperRole: r.helperRole as StreetRole | null,
});

export function createStreetRepo(db: Executor): StreetRepo {
  const selectPosts = () =>
    db
      .select(postColumns)
      .from(streetPosts)
      .leftJoin(households, eq(households.id, streetPosts.householdId))
      .leftJoin(helpers, eq(helpers.id, streetPosts.helperHouseholdId));

  return {
    transaction: (fn) => db.transaction((tx) => fn(createStreetRepo(tx))),

    async findPost(id, lock = false) {
      const query = selectPosts().where(eq(streetPosts.id, id));
      const [row] = await (lock ? query.for('update', { of: streetPosts }) : query);
      return row ? toPost(row) : null;
    },

    async insertPost(p) {
      await db.insert(streetPosts).values({
        id: p.id,
        communityId: p.communityId,
        kind: p.kind,
        status: p.status,
        title: p.title,
        body: p.body,
        householdId: p.householdId,
        authorMemberId: p.authorMemberId,
        authorRole: p.authorRole,
        onBehalf: p.onBehalf,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      });
    },

    async updatePost(p) {
      await db
        .update(streetPosts)
        .set({
          status: p.status,
          helperHouseholdId: p.helperHouseholdId,
          helperMemberId: p.helperMemberId,
          helperRole: p.helperRole,
          removedReason: p.removedReason,
          updatedAt: p.updatedAt,
          endedAt: p.endedAt,
        })
        .where(eq(streetPosts.id, p.id));
    },

    async countActive(owner) {
      const [row] = await db
        .select({ n: count() })
        .from(streetPosts)
        .where(
          and(
            inArray(streetPosts.status, [...ACTIVE_STATUSES]),
            'householdId' in owner
              ? eq(streetPosts.householdId, owner.householdId)
              : and(eq(streetPosts.authorMemberId, owner.memberId), isNull(streetPosts.householdId)),
          ),
        );
      return row?.n ?? 0;
    },

    async listPosts(q: BoardQuery) {
      const conds: (SQL | undefined)[] = [
        eq(streetPosts.communityId, q.communityId),
        inArray(streetPosts.status, q.state === 'active' ? [...ACTIVE_STATUSES] : ENDED_STATUSES),
        q.kind ? eq(streetPosts.kind, q.kind) : undefined,
        q.before
          ? or(
              lt(streetPosts.createdAt, q.before.createdAt),
              and(eq(streetPosts.createdAt, q.before.createdAt), lt(streetPosts.id, q.before.id)),
            )
          : undefined,
      ];
      if (q.mine) {
        const { householdId, memberId } = q.mine;
        conds.push(
          or(
            eq(streetPosts.authorMemberId, memberId),
            eq(streetPosts.helperMemberId, memberId),
            householdId ? eq(streetPosts.householdId, householdId) : undefined,
            householdId ? eq(streetPosts.helperHouseholdId, householdId) : undefined,
          ),
        );
      }
      const rows = await selectPosts()
        .where(and(...conds))
        .orderBy(desc(streetPosts.createdAt), desc(streetPosts.id))
        .limit(q.limit);
      return rows.map(toPost);
    },

    async countWaiting(communityId, scope = 'all', postedBefore) {
      if (scope !== 'all' && scope.length === 0) return 0;
      const [row] = await db
        .select({ n: count() })
        .from(streetPosts)
        .leftJoin(households, eq(households.id, streetPosts.householdId))
        .where(
          and(
            eq(streetPosts.communityId, communityId),
            // The predicate of street_posts_waiting_idx, as written there.
            sql`${streetPosts.kind} = 'need' AND ${streetPosts.status} = 'open'`,
            postedBefore ? lt(streetPosts.createdAt, postedBefore) : undefined,
            scope === 'all' ? undefined : inArray(households.buildingId, scope),
          ),
        );
      return row?.n ?? 0;
    },

    async listReplies(postId) {
      const rows = await db
        .select({
          id: streetReplies.id,
          postId: streetReplies.postId,
          communityId: streetReplies.communityId,
          householdId: streetReplies.householdId,
          householdLabel: households.label,
          memberId: streetReplies.memberId,
          role: streetReplies.role,
          body: streetReplies.body,
          createdAt: streetReplies.createdAt,
        })
        .from(streetReplies)
        .leftJoin(households, eq(households.id, streetReplies.householdId))
        .where(eq(streetReplies.postId, postId))
        .orderBy(asc(streetReplies.createdAt), asc(streetReplies.id));
      return rows.map((r) => ({ ...r, role: r.role as StreetRole | null }));
    },

    async insertReply(r) {
      await db.insert(streetReplies).values({
        id: r.id,
        postId: r.postId,
        communityId: r.communityId,
        householdId: r.householdId,
        memberId: r.memberId,
        role: r.role,
        body: r.body,
        createdAt: r.createdAt,
      });
      await db
        .update(streetPosts)
        .set({ replyCount: sql`${streetPosts.replyCount} + 1` })
        .where(eq(streetPosts.id, r.postId));
    },
  };
}
