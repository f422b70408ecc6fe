import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { openSseStream, until } from '../../../test/support/sse.ts';
import { buyBody, createBuyScene, createOpenBuy } from '../../../test/support/buys.ts';
import { createTestMember } from '../../../test/support/community.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';

let t: TestApp;
let base: string;
let scene: Awaited<ReturnType<typeof createBuyScene>>;

beforeAll(async () => {
  t = await createTestApp();
  scene = await createBuyScene(t.container, { residents: 2 });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t.close();
});

type Frame = { type: string; eventId: number; householdId?: string | null; buyId?: string };

const openStream = (token: string, lastEventId?: number) =>
  openSseStream<Frame>(`${base}/api/communities/${scene.community.id}/events`, token, lastEventId);

const settle = async () => {
  await t.container.notifier.flush();
  await t.container.realtime.flush();
};

describe('GET /api/communities/{id}/events', () => {
  it("carries the compound's events and each household's notifications to that household only", async () => {
    const [a, b] = [scene.residents[0]!, scene.residents[1]!];
    const sa = await openStream(a.token);
    const sb = await openStream(b.token);
    expect(sa.res.status).toBe(200);
    expect(sa.res.headers.get('content-type')).toContain('text/event-stream');
    // fetch offers gzip, as browsers do: each household's own frames are compressed for its stream alone.
    expect(sa.res.headers.get('content-encoding')).toBe('gzip');

    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    const itemId = buy.items[0]!.id;
    for (const who of [a, b])
      await t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: bearer(who),
        payload: { lines: [{ itemId, qty: 1 }] },
      });
    await settle();

    const forB = (e: Frame) => e.type === 'notification.created' && e.householdId === b.household.id;
    await until(() => sb.events.some(forB));
    // Both saw the buy open and the community-wide notification.
    for (const s of [sa, sb]) {
      await until(() => s.events.some((e) => e.type === 'buy.published' && e.buyId === buy.id));
      await until(() => s.events.some((e) => e.type === 'notification.created' && e.householdId === null));
    }
    // a never sees b's household frame, live or replayed.
    expect(sa.events.some((e) => e.householdId === b.household.id)).toBe(false);
    const replay = await openStream(a.token, 0);
    await until(() => replay.events.some((e) => e.type === 'buy.published' && e.buyId === buy.id));
    expect(replay.events.some((e) => e.householdId === b.household.id)).toBe(false);
    // b's own replay includes it.
    const replayB = await openStream(b.token, 0);
    await until(() => replayB.events.some(forB));
    for (const s of [sa, sb, replay, replayB]) s.close();
  });

  it('401 without a session, 403 for non-members, 400 for a bad id', async () => {
    const url = `/api/communities/${scene.community.id}/events`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const stranger = await createTestUser(t.container);
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(stranger) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_a_member');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/communities/nope/events',
      headers: bearer(scene.residents[0]!),
    });
    expect(bad.statusCode).toBe(400);
    const badId = await t.app.inject({
      method: 'GET',
      url: `${url}?lastEventId=-1`,
      headers: bearer(stranger),
    });
    expect(badId.statusCode).toBe(400);
  });

  it('a member without a verified household still follows the compound', async () => {
    const m = await createTestMember(t.container, scene.community.id);
    const s = await openStream(m.token);
    expect(s.res.status).toBe(200);
    s.close();
  });
});
