/**
 * 邻里街坊, the compound's "online street" (docs/street.md): structured posts instead of a flood of chat, and
 * help requests that stay on the board until someone answers them. Types and limits; no I/O.
 */

/**
 * need: 求助, a help request tracked until it is resolved; offer: 分享, something to give away or sell on;
 * swap: 交换; tip: 推荐, a supplier or a channel that works; notice: 公告, from an admin or a leader only.
 */
export const POST_KINDS = ['need', 'offer', 'swap', 'tip', 'notice'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * open: on the board; taken: a need someone said they would help with; resolved: a need that was met;
 * closed: withdrawn or over; removed: taken down by an admin (gone from every list).
 */
export const POST_STATUSES = ['open', 'taken', 'resolved', 'closed', 'removed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** The statuses a post is still on the board in ("进行中"). */
export const ACTIVE_STATUSES: readonly PostStatus[] = ['open', 'taken'];

/** The role a person held when they wrote (shown beside the household label: 楼长, 团长, 管理员). */
export type StreetRole = 'admin' | 'leader' | 'volunteer';

export const TITLE_MAX = 40;
export const BODY_MAX = 500;
export const REPLY_MAX = 300;
export const REMOVE_REASON_MAX = 200;
/** Posts one household (or one member without a household) may have on the board at once. */
export const OPEN_POSTS_MAX = 5;
/** Replies a post takes; past that, the conversation belongs elsewhere. */
export const REPLIES_MAX = 200;

/** Who wrote something, as the compound sees them: a household label and a role, never a name. */
export interface Party {
  label: string | null;
  role: StreetRole | null;
}

/** A post as stored. */
export interface Post {
  id: string;
  communityId: string;
  kind: PostKind;
  status: PostStatus;
  title: string;
  body: string | null;
  /** The household the post is from (or, posted on its behalf, for); null: a role holder without one. */
  householdId: string | null;
  householdLabel: string | null;
  /** The building of that household (a volunteer posts for the households of their buildings). */
  buildingId: string | null;
  authorMemberId: string | null;
  authorRole: StreetRole | null;
  /** A volunteer or an admin posted it for the household (代发), which has no phone of its own to do it. */
  onBehalf: boolean;
  helperHouseholdId: string | null;
  helperLabel: string | null;
  helperMemberId: string | null;
  helperRole: StreetRole | null;
  replyCount: number;
  removedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it was resolved, closed or removed. */
  endedAt: Date | null;
}

export interface Reply {
  id: string;
  postId: string;
  communityId: string;
  householdId: string | null;
  householdLabel: string | null;
  memberId: string | null;
  role: StreetRole | null;
  body: string;
  createdAt: Date;
}

/** What the caller may do with a post (the web shows these buttons only). */
export interface PostAbilities {
  take: boolean;
  release: boolean;
  resolve: boolean;
  close: boolean;
  remove: boolean;
  reply: boolean;
}
