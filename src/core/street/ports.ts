/** What 邻里街坊's use-cases need from the outside world; src/db/repos/street-repo.ts implements it. */
import type { Post, PostKind, Reply } from './model.ts';

/** A page of the board. */
export interface BoardQuery {
  communityId: string;
  kind: PostKind | null;
  state: 'active' | 'ended';
  /** "Mine": the posts of this household or by this member, and the needs they help with. */
  mine: { householdId: string | null; memberId: string } | null;
  before: { createdAt: Date; id: string } | null;
  limit: number;
}

export interface StreetRepo {
  /** Runs `fn` in one transaction; the repository passed to `fn` uses it. */
  transaction<T>(fn: (repo: StreetRepo) => Promise<T>): Promise<T>;
  /** The post with its labels; `lock` holds its row for the rest of the transaction. */
  findPost(id: string, lock?: boolean): Promise<Post | null>;
  /** Stores a new post (its labels are read from its households when shown). */
  insertPost(p: Post): Promise<void>;
  /** Writes an action's outcome: status, helper, removal reason, times. */
  updatePost(p: Post): Promise<void>;
  /** Active posts of a household, or of a member without one (the limit). */
  countActive(owner: { householdId: string } | { memberId: string }): Promise<number>;
  listPosts(q: BoardQuery): Promise<Post[]>;
  /**
   * Open needs nobody has taken: the compound's, or (a list of building ids) those of households in these
   * buildings; with `postedBefore`, only those that have waited since before then.
   */
  countWaiting(communityId: string, scope?: 'all' | string[], postedBefore?: Date): Promise<number>;
  /** A post's replies, oldest first. */
  listReplies(postId: string): Promise<Reply[]>;
  /** Stores a reply and counts it on its post. */
  insertReply(r: Omit<Reply, 'householdLabel'>): Promise<void>;
}
