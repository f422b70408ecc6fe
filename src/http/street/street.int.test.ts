import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addRole,
  createPendingResident,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  type TestCommunity,
  type TestMember,
  type TestResident,
} from '../../../test/support/community.ts';
import { call } from '../../../test/support/distribution.ts';
import { createTestUser } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

type Who = { token: string };
let t: TestApp;
let s: TestCommunity;
let leader: TestMember;
let volunteer1: TestMember;
let a: TestResident;
let b: TestResident;
let d: TestResident;
let pending: TestResident;
let other: TestCommunity;

interface PostJson {
  id: string;
  kind: string;
  status: string;
  title: string;
  body: string | null;
  author: { label: string | null; role: string | null };
  onBehalf: boolean;
  helper: { label: string | null; role: string | null } | null;
  replyCount: number;
  removedReason: string | null;
  endedAt: string | null;
  mine: boolean;
  can: Record<'take' | 'release' | 'resolve' | 'close' | 'remove' | 'reply', boolean>;
}

/** Lets the notifier store what the last request published. */
const settle = async () => {
  await t.container.notifier.flush();
  await t.container.realtime.flush();
};
const send = async (method: string, url: string, who: Who | undefined, body?: unknown, status = 200) => {
  const res = await call(t.app, method, url, who, body);
  expect(res.statusCode, res.body).toBe(status);
  await settle();
  return res.json();
};
const posts = () => `/api/communities/${s.community.id}/posts`;
const post = (who: Who, body: object, status = 201): Promise<PostJson> =>
  send('POST', posts(), who, body, status);
const act = (who: Who, id: string, action: string, status = 200, body?: object): Promise<PostJson> =>
  send('POST', `/api/posts/${id}/${action}`, who, body, status);
const board = (
  who: Who,
  query = '',
): Promise<{ posts: PostJson[]; nextCursor: string | null; waiting: number }> =>
  send('GET', `${posts()}${query}`, who);
const errorCode = async (
  method: string,
  url: string,
  who: Who | undefined,
  status: number,
  body?: unknown,
) => {
  const res = await call(t.app, method, url, who, body);
  expect(res.statusCode, res.body).toBe(status);
  return (res.json() as { error: { code: string } }).error.code;
};
const notices = async (who: Who) =>
  (
    (await send('GET', `/api/communities/${s.community.id}/notifications`, who)) as {
      notifications: { type: string; buyId: string | null; data: Record<string, unknown> }[];
    }
  ).notifications;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestCommunity(t.container, { buildings: 2, floors: 2, roomsPerFloor: 2 });
  leader = await createTestMember(t.container, s.community.id, 'Leader Li');
  await addRole(t.container, leader, { leader: true });
  volunteer1 = await createTestMember(t.container, s.community.id, 'Volunteer Wang');
  await addRole(t.container, volunteer1, { volunteerBuildingIds: [s.buildings[0]!.id] });
  a = await createVerifiedResident(t.container, s.community.id, '1-101', 'Resident Alpha');
  b = await createVerifiedResident(t.container, s.community.id, '1-102', 'Resident Bravo');
  d = await createVerifiedResident(t.container, s.community.id, '2-101', 'Resident Delta');
  pending = await createPendingResident(t.container, s.community.id, '2-102', 'Claimant Echo');
  other = await createTestCommunity(t.container, { name: 'Elsewhere' });
});
afterAll(async () => {
  await t.close();
});

describe('邻里街坊: a help request from posting to resolved', () => {
  it('goes on the board as the household label, and its household hears who takes it and who answers', async () => {
    const need = await post(a, {
      kind: 'need',
      title: '  家里老人的降压药断了 ',
      body: '络活喜，\r\n\r\n\r\n\r\n谁家有多余的',
    });
    expect(need).toMatchObject({
      kind: 'need',
      status: 'open',
      title: '家里老人的降压药断了',
      body: '络活喜，\n\n谁家有多余的',
      author: { label: '1-101', role: null },
      onBehalf: false,
      helper: null,
      replyCount: 0,
      mine: true,
      can: { take: false, release: false, resolve: true, close: true, remove: false, reply: true },
    });
    const seen = await board(b);
    expect(seen.posts.map((p) => p.id)).toContain(need.id);
    expect(seen.waiting).toBeGreaterThanOrEqual(1);
    expect(seen.posts.find((p) => p.id === need.id)).toMatchObject({
      mine: false,
      can: { take: true, release: false, resolve: false, close: false, remove: false, reply: true },
    });

    const reply = await send('POST', `/api/posts/${need.id}/replies`, d, { body: ' 我家有两盒 ' }, 201);
    expect(reply).toMatchObject({ author: { label: '2-101', role: null }, body: '我家有两盒', mine: true });
    await send('POST', `/api/posts/${need.id}/replies`, a, { body: '谢谢！' }, 201);

    const taken = await act(b, need.id, 'take');
    expect(taken).toMatchObject({ status: 'taken', helper: { label: '1-102', role: null } });
    expect(taken.can).toMatchObject({ take: false, release: true, resolve: true, close: false });
    // Again by the same household: nothing changes; by another: taken already.
    expect((await act(b, need.id, 'take')).status).toBe('taken');
    expect(await errorCode('POST', `/api/posts/${need.id}/take`, d, 409)).toBe('post_taken');
    expect(await errorCode('POST', `/api/posts/${need.id}/release`, d, 403)).toBe('forbidden');

    const mine = await notices(a);
    expect(mine.filter((n) => n.type === 'help_offered')).toEqual([
      expect.objectContaining({
        buyId: null,
        data: { postId: need.id, postTitle: '家里老人的降压药断了', byLabel: '1-102', byRole: null },
      }),
    ]);
    // One notice for the neighbour's reply; none for the household's own.
    expect(mine.filter((n) => n.type === 'post_replied').map((n) => n.data.byLabel)).toEqual(['2-101']);
    expect((await notices(b)).filter((n) => n.type === 'help_offered' || n.type === 'post_replied')).toEqual(
      [],
    );

    const read = await send('GET', `/api/posts/${need.id}`, b);
    expect(read.post).toMatchObject({ replyCount: 2, status: 'taken' });
    expect(read.replies.map((r: { body: string; mine: boolean }) => [r.body, r.mine])).toEqual([
      ['我家有两盒', false],
      ['谢谢！', false],
    ]);

    // The helper lets go (the household hears it waits again); someone else takes it; the household resolves it.
    expect(await act(b, need.id, 'release')).toMatchObject({ status: 'open', helper: null });
    expect((await act(b, need.id, 'release')).status).toBe('open');
    expect((await notices(a)).filter((n) => n.type === 'help_released').map((n) => n.data.byLabel)).toEqual([
      '1-102',
    ]);
    await act(d, need.id, 'take');
    const done = await act(a, need.id, 'resolve');
    expect(done).toMatchObject({ status: 'resolved', helper: { label: '2-101' } });
    expect(done.endedAt).not.toBeNull();
    expect(Object.values(done.can).some(Boolean)).toBe(false);
    expect((await act(a, need.id, 'resolve')).status).toBe('resolved');
    // Its helper may say it is done too: then the household hears it (not when it says so itself, as above).
    const again = await post(a, { kind: 'need', title: '求一个插线板' });
    await act(d, again.id, 'take');
    expect((await act(d, again.id, 'resolve')).status).toBe('resolved');
    expect(
      (await notices(a))
        .filter((n) => n.type === 'help_resolved')
        .map((n) => [n.data.byLabel, n.data.postTitle]),
    ).toEqual([['2-101', '求一个插线板']]);

    expect((await board(b)).posts.map((p) => p.id)).not.toContain(need.id);
    expect((await board(b, '?state=ended')).posts.map((p) => p.id)).toContain(need.id);
    expect(await errorCode('POST', `/api/posts/${need.id}/replies`, d, 409, { body: '还要吗' })).toBe(
      'post_ended',
    );
    expect(await errorCode('POST', `/api/posts/${need.id}/take`, b, 409)).toBe('post_ended');
    expect(await errorCode('POST', `/api/posts/${need.id}/close`, a, 409)).toBe('post_ended');
  });

  it('refuses taking your own need, taking another kind, and acting on a post that is not yours', async () => {
    const need = await post(b, { kind: 'need', title: '借个梯子' });
    expect(await errorCode('POST', `/api/posts/${need.id}/take`, b, 409)).toBe('own_post');
    expect(await errorCode('POST', `/api/posts/${need.id}/close`, d, 403)).toBe('forbidden');
    expect(await errorCode('POST', `/api/posts/${need.id}/resolve`, d, 403)).toBe('forbidden');
    const offer = await post(b, { kind: 'offer', title: '多了两袋大米，送给需要的邻居' });
    expect(offer.can).toMatchObject({ take: false, resolve: false, close: true });
    expect(await errorCode('POST', `/api/posts/${offer.id}/take`, d, 409)).toBe('not_a_need');
    expect(await errorCode('POST', `/api/posts/${offer.id}/resolve`, b, 409)).toBe('not_a_need');
    // An admin closes anyone's post.
    expect((await act(s.admin, offer.id, 'close')).status).toBe('closed');
    expect((await act(b, need.id, 'close')).status).toBe('closed');
  });

  it('gives one of two neighbours pressing 我来帮忙 at once the need, and the other a 409', async () => {
    const need = await post(a, { kind: 'need', title: '帮忙取个快递' });
    const [x, y] = await Promise.all([
      call(t.app, 'POST', `/api/posts/${need.id}/take`, b),
      call(t.app, 'POST', `/api/posts/${need.id}/take`, d),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    await act(a, need.id, 'close');
  });
});

describe('who posts what', () => {
  it('lets admins and leaders post notices, shown by their role', async () => {
    expect(await errorCode('POST', posts(), a, 403, { kind: 'notice', title: '明天核酸' })).toBe('forbidden');
    expect(await errorCode('POST', posts(), volunteer1, 403, { kind: 'notice', title: '明天核酸' })).toBe(
      'forbidden',
    );
    const notice = await post(leader, { kind: 'notice', title: '明早七点北门核酸', body: '带好身份证' });
    expect(notice.author).toEqual({ label: null, role: 'leader' });
    await act(leader, notice.id, 'close');
  });

  it("lets a building's volunteer post for a household of the building (代发), and nobody else", async () => {
    const h = s.household('1-201');
    const need = await post(volunteer1, { kind: 'need', title: '独居老人要买菜', householdId: h.id });
    expect(need).toMatchObject({ author: { label: '1-201', role: 'volunteer' }, onBehalf: true, mine: true });
    expect(need.can.close).toBe(true);
    expect((await board(volunteer1, '?mine=true')).posts.map((p) => p.id)).toContain(need.id);
    const elsewhere = { kind: 'need', title: '代发', householdId: s.household('2-201').id };
    expect(await errorCode('POST', posts(), volunteer1, 403, elsewhere)).toBe('forbidden');
    expect(await errorCode('POST', posts(), a, 403, elsewhere)).toBe('forbidden');
    expect(
      await errorCode('POST', posts(), volunteer1, 403, {
        kind: 'notice',
        title: '代发公告',
        householdId: h.id,
      }),
    ).toBe('forbidden');
    for (const householdId of [randomUUID(), other.households[0]!.id])
      expect(
        await errorCode('POST', posts(), s.admin, 404, { kind: 'need', title: '代发', householdId }),
      ).toBe('household_not_found');
    // The admin posts for any household of the compound.
    const byAdmin = await post(s.admin, {
      kind: 'need',
      title: '代发',
      householdId: s.household('2-201').id,
    });
    expect(byAdmin.author).toEqual({ label: '2-201', role: 'admin' });
    await act(s.admin, byAdmin.id, 'close');
    await act(volunteer1, need.id, 'close');
  });

  it('lets a member without a verified household read the board, not write on it', async () => {
    const need = await post(a, { kind: 'need', title: '求口罩' });
    expect((await board(pending)).posts.map((p) => p.id)).toContain(need.id);
    expect(await errorCode('POST', posts(), pending, 403, { kind: 'need', title: '求助' })).toBe(
      'household_not_verified',
    );
    expect(await errorCode('POST', `/api/posts/${need.id}/take`, pending, 403)).toBe(
      'household_not_verified',
    );
    expect(await errorCode('POST', `/api/posts/${need.id}/replies`, pending, 403, { body: '我也要' })).toBe(
      'household_not_verified',
    );
    await act(a, need.id, 'close');
  });

  it('keeps a household to five active posts: close one to post another', async () => {
    const up: PostJson[] = [];
    for (let i = 0; i < 5; i++) up.push(await post(d, { kind: 'swap', title: `换物 ${i}` }));
    expect(await errorCode('POST', posts(), d, 409, { kind: 'swap', title: '第六个' })).toBe(
      'too_many_open_posts',
    );
    await act(d, up[0]!.id, 'close');
    up.push(await post(d, { kind: 'swap', title: '第六个' }));
    for (const p of up.slice(1)) await act(d, p.id, 'close');
  });
});

describe('the board', () => {
  it('pages newest first, filters by kind and by mine', async () => {
    const made: PostJson[] = [];
    for (const title of ['推荐一家菜场', '推荐团长老王', '推荐水果店'])
      made.push(await post(b, { kind: 'tip', title }));
    const first = await board(a, '?kind=tip&limit=2');
    expect(first.posts.map((p) => p.title)).toEqual(['推荐水果店', '推荐团长老王']);
    expect(first.nextCursor).not.toBeNull();
    const second = await board(a, `?kind=tip&limit=2&before=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.posts.map((p) => p.title)).toEqual(['推荐一家菜场']);
    expect(second.nextCursor).toBeNull();
    expect((await board(b, '?mine=true&kind=tip')).posts).toHaveLength(3);
    expect((await board(a, '?mine=true&kind=tip')).posts).toHaveLength(0);
    for (const p of made) await act(b, p.id, 'close');
  });

  it('shows people as labels and roles only: no name, no phone', async () => {
    const need = await post(a, { kind: 'need', title: '求助' });
    await send('POST', `/api/posts/${need.id}/replies`, volunteer1, { body: '楼长来了' }, 201);
    await act(volunteer1, need.id, 'take');
    const texts = JSON.stringify([await board(b), await send('GET', `/api/posts/${need.id}`, d)]);
    for (const who of [a, b, d, volunteer1, leader]) {
      expect(texts).not.toContain(who.displayName);
      expect(texts).not.toContain(who.phone);
      expect(texts).not.toContain(who.memberId);
    }
    expect(texts).toContain('"role":"volunteer"');
    await act(a, need.id, 'close');
  });
});

describe('taking a post down', () => {
  it('is for admins, with a reason; the post leaves every list and is a 404 to everyone else', async () => {
    const tip = await post(b, { kind: 'tip', title: '某某保供，价格翻倍' });
    expect(await errorCode('POST', `/api/posts/${tip.id}/remove`, leader, 403, { reason: '虚假' })).toBe(
      'forbidden',
    );
    expect(await errorCode('POST', `/api/posts/${tip.id}/remove`, b, 403, { reason: '虚假' })).toBe(
      'forbidden',
    );
    expect(await errorCode('POST', `/api/posts/${tip.id}/remove`, s.admin, 400, { reason: '  ' })).toBe(
      'validation_failed',
    );
    const removed = await act(s.admin, tip.id, 'remove', 200, { reason: '核实为虚假信息' });
    expect(removed).toMatchObject({ status: 'removed', removedReason: '核实为虚假信息' });
    expect((await board(b)).posts.map((p) => p.id)).not.toContain(tip.id);
    expect((await board(b, '?state=ended')).posts.map((p) => p.id)).not.toContain(tip.id);
    expect(await errorCode('GET', `/api/posts/${tip.id}`, b, 404)).toBe('post_not_found');
    expect(await errorCode('POST', `/api/posts/${tip.id}/close`, b, 404)).toBe('post_not_found');
    expect((await send('GET', `/api/posts/${tip.id}`, s.admin)).post.status).toBe('removed');
  });
});

describe('bad requests', () => {
  it('answers malformed, missing, oversized, unauthorised and unknown with a 4xx', async () => {
    const need = await post(a, { kind: 'need', title: '测试' });
    const stranger = await createTestUser(t.container, 'Stranger');
    const bad: [string, string, Who | undefined, number, unknown?][] = [
      ['GET', posts(), undefined, 401],
      ['GET', posts(), stranger, 403],
      ['GET', posts(), other.admin, 403],
      ['GET', `/api/communities/${randomUUID()}/posts`, a, 404],
      ['GET', '/api/communities/nope/posts', a, 400],
      ['GET', `${posts()}?kind=gossip`, a, 400],
      ['GET', `${posts()}?state=all`, a, 400],
      ['GET', `${posts()}?limit=51`, a, 400],
      ['GET', `${posts()}?before=yesterday`, a, 400],
      ['GET', `${posts()}?before=2026-13-45T00:00:00.000Z_${randomUUID()}`, a, 400],
      ['POST', posts(), undefined, 401, { kind: 'need', title: 'x' }],
      ['POST', posts(), other.admin, 403, { kind: 'need', title: 'x' }],
      ['POST', posts(), a, 400, { kind: 'gossip', title: 'x' }],
      ['POST', posts(), a, 400, { kind: 'need' }],
      ['POST', posts(), a, 400, { kind: 'need', title: '   ' }],
      ['POST', posts(), a, 400, { kind: 'need', title: '长'.repeat(41) }],
      ['POST', posts(), a, 400, { kind: 'need', title: 'x', body: '长'.repeat(501) }],
      ['POST', posts(), a, 400, { kind: 'need', title: 'x', householdId: 'nope' }],
      ['POST', posts(), a, 415, 'not json'],
      ['GET', `/api/posts/${randomUUID()}`, a, 404],
      ['GET', '/api/posts/nope', a, 400],
      ['GET', `/api/posts/${need.id}`, undefined, 401],
      ['GET', `/api/posts/${need.id}`, other.admin, 403],
      ['POST', `/api/posts/${need.id}/take`, stranger, 403],
      ['POST', `/api/posts/${randomUUID()}/take`, b, 404],
      ['POST', `/api/posts/${need.id}/replies`, b, 400, { body: '' }],
      ['POST', `/api/posts/${need.id}/replies`, b, 400, { body: '长'.repeat(301) }],
      ['POST', `/api/posts/${need.id}/replies`, b, 400, {}],
      ['POST', `/api/posts/${need.id}/remove`, s.admin, 400, {}],
      ['POST', `/api/posts/${need.id}/remove`, s.admin, 400, { reason: '长'.repeat(201) }],
    ];
    for (const [method, url, who, status, body] of bad) {
      const res = await call(t.app, method, url, who, body);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
    }
    await act(a, need.id, 'close');
  });
});
