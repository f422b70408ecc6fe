/**
 * The demo's 邻里街坊 (docs/street.md): a notice, help requests (one from a household on the register, posted by
 * its building's volunteer; one a neighbour took), an offer, a swap and a supplier tip, with a few replies.
 * Times are before the seed's: the oldest open need has waited long enough to be on the volunteers' 待办.
 */
import type { streetPosts, streetReplies } from '../db/schema/street.ts';
import type { IdGenerator } from '../core/shared/ports.ts';
import type { PostKind, StreetRole } from '../core/street/model.ts';

type PostRow = typeof streetPosts.$inferInsert;
type ReplyRow = typeof streetReplies.$inferInsert;

/** Who writes: the verified member of a household (by label), or the compound's admin or a leader. */
export interface StreetPeople {
  /** A household's id (a proxy household has no member to write for it). */
  household(label: string): string;
  /** A member with a verified claim on the household, and the role they hold. */
  resident(label: string): { memberId: string; householdId: string; role: StreetRole | null };
  /** The volunteer of the household's building. */
  volunteerOf(label: string): { memberId: string; householdId: string | null };
  admin: { memberId: string; householdId: string | null };
}

interface DemoPost {
  kind: PostKind;
  title: string;
  body: string;
  /** A household label; `@admin` for the compound's admin. */
  by: string;
  /** Posted by the household's building volunteer (代发). */
  onBehalf?: boolean;
  minutesAgo: number;
  helper?: string;
  replies?: { by: string; body: string; minutesAgo: number }[];
}

const POSTS: readonly DemoPost[] = [
  {
    kind: 'notice',
    by: '@admin',
    title: '本周六上午各楼道统一消杀',
    body: '周六 8:00–11:00 逐楼消杀，请关好门窗，宠物留在家里。有老人独居的楼，楼长会先上门打招呼。',
    minutesAgo: 600,
  },
  {
    kind: 'need',
    by: '9-103',
    onBehalf: true,
    title: '9-103 阿婆的胰岛素快用完了',
    body: '诺和灵 R，谁家有多余的先借一支，下次团到了还。楼长上门来取。',
    minutesAgo: 150,
    replies: [{ by: '9-201', body: '我问问我妈，她也在打，晚上回复你', minutesAgo: 120 }],
  },
  {
    kind: 'need',
    by: '1-203',
    title: '求一罐二段奶粉',
    body: '宝宝八个月，家里只剩两顿的量了，什么牌子都行，按原价转账。',
    minutesAgo: 95,
    helper: '1-402',
    replies: [{ by: '1-402', body: '我家有一罐飞鹤二段没开封，半小时后放你门口', minutesAgo: 80 }],
  },
  {
    kind: 'offer',
    by: '6-302',
    title: '多了五斤土豆，送给需要的邻居',
    body: '放在 6 号楼一楼大堂的纸箱里，自取，拿多少都行。',
    minutesAgo: 240,
    replies: [{ by: '7-201', body: '谢谢！拿了两个', minutesAgo: 200 }],
  },
  {
    kind: 'swap',
    by: '8-402',
    title: '两盒鸡蛋换一袋大米',
    body: '鸡蛋是昨天团到的，30 个一盒。大米 5 斤装就行。',
    minutesAgo: 330,
  },
  {
    kind: 'tip',
    by: '2-503',
    title: '推荐浦东一家蔬菜保供，价格公道',
    body: '有保供证，上周 8 斤一箱 30 元，次日到；起送 50 箱，咱们小区一个团就够。',
    minutesAgo: 1_440,
  },
];

/** The demo's posts and replies, ready to insert. */
export function planStreet(
  ids: IdGenerator,
  communityId: string,
  now: Date,
  people: StreetPeople,
): { posts: PostRow[]; replies: ReplyRow[] } {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);
  const posts: PostRow[] = [];
  const replies: ReplyRow[] = [];
  for (const p of POSTS) {
    const admin = p.by === '@admin';
    const author = admin ? people.admin : p.onBehalf ? people.volunteerOf(p.by) : people.resident(p.by);
    const helper = p.helper ? people.resident(p.helper) : null;
    const id = ids.id();
    posts.push({
      id,
      communityId,
      kind: p.kind,
      status: helper ? 'taken' : 'open',
      title: p.title,
      body: p.body,
      householdId: admin ? null : people.household(p.by),
      authorMemberId: author.memberId,
      authorRole: admin ? 'admin' : p.onBehalf ? 'volunteer' : people.resident(p.by).role,
      onBehalf: p.onBehalf ?? false,
      helperHouseholdId: helper?.householdId ?? null,
      helperMemberId: helper?.memberId ?? null,
      helperRole: helper?.role ?? null,
      replyCount: p.replies?.length ?? 0,
      createdAt: ago(p.minutesAgo),
      updatedAt: ago(Math.min(p.minutesAgo, ...(p.replies ?? []).map((r) => r.minutesAgo))),
    });
    for (const r of p.replies ?? []) {
      const by = people.resident(r.by);
      replies.push({
        id: ids.id(),
        postId: id,
        communityId,
        householdId: by.householdId,
        memberId: by.memberId,
        role: by.role,
        body: r.body,
        createdAt: ago(r.minutesAgo),
      });
    }
  }
  return { posts, replies };
}
