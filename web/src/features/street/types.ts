/** 邻里街坊 as the server presents it (docs/street.md): the stored types' public side, dates as ISO strings. */
import type {
  Party,
  PostAbilities,
  PostKind,
  PostStatus,
  StreetRole,
} from '../../../../src/core/street/model.ts';

export type { Party, PostAbilities, PostKind, PostStatus, StreetRole };

export interface StreetPost {
  id: string;
  communityId: string;
  kind: PostKind;
  status: PostStatus;
  title: string;
  body: string | null;
  /** The household the post is from (or for, 代发) and the role its writer held; never a name. */
  author: Party;
  /** A volunteer or an admin posted it for the household (楼长代发). */
  onBehalf: boolean;
  /** Who said 我来帮忙 (a taken need); null otherwise. */
  helper: Party | null;
  replyCount: number;
  removedReason: string | null;
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
  /** The caller is on the author's side (the household's members, whoever posted it). */
  mine: boolean;
  /** What the caller may do now: the screen shows these buttons only. */
  can: PostAbilities;
}

export interface StreetReply {
  id: string;
  author: Party;
  body: string;
  createdAt: string;
  mine: boolean;
}

/** GET /api/communities/{id}/posts. */
export interface StreetBoard {
  posts: StreetPost[];
  nextCursor: string | null;
  /** The compound's open needs nobody has taken. */
  waiting: number;
}

export interface PostWithReplies {
  post: StreetPost;
  replies: StreetReply[];
}

/** POST /api/communities/{id}/posts. */
export interface PostInput {
  kind: PostKind;
  title: string;
  body?: string;
  /** 代发: the household the post is for. */
  householdId?: string;
}
