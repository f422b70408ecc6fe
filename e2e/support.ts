import { mkdirSync } from 'node:fs';
import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';

/** Screenshots the specs take, to look at after a run (not compared by the tests). */
export const ARTIFACTS = 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

/**
 * A `shot(page, name)` that writes `${prefix}-${name}.png` once the page has loaded and its fonts are in, after
 * checking that nothing is wider than the phone. No 'networkidle': buy pages keep an SSE stream open on purpose.
 * Toasts are hidden (the steps check them themselves).
 */
export function screenshots(prefix: string) {
  return async function shot(page: Page, name: string): Promise<void> {
    await page.waitForLoadState('load');
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    await page.waitForTimeout(300);
    await page.evaluate('window.scrollTo(0, 0)');
    // A string, not a function: the e2e tsconfig has no DOM types.
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
    expect(overflow, `${name}: page is ${overflow}px wider than the viewport`).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${ARTIFACTS}/${prefix}-${name}.png`,
      fullPage: true,
      style: '.toasts { display: none; }',
    });
  };
}

/** A phone of the given size in its own browser context (its own cookies: one person per phone). */
export async function phone(
  browser: Browser,
  width: number,
  height: number,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    acceptDownloads: true,
    ...options,
  });
  return context.newPage();
}

export const PASSWORD = 'linli-e2e-pass';
let phoneSeq = 0;
/**
 * A phone number no other sign-up of this run uses (the specs share one server): the worker's digit, then the
 * time in ms and a counter, so two workers signing up in the same millisecond still differ.
 */
export const uniquePhone = () =>
  `135${(Number(process.env.TEST_PARALLEL_INDEX ?? 0) % 10).toString()}${String(Date.now() + phoneSeq++).slice(-7)}`;

/**
 * Signs the page's browser context up through the API (the cookie lands in the context) and returns a small
 * client that sends the CSRF token and fails the test on any non-2xx answer, saying which call failed.
 */
export async function apiUser(page: Page, displayName: string) {
  const res = await page.context().request.post('/api/auth/signup', {
    data: { displayName, phone: uniquePhone(), password: PASSWORD },
  });
  expect(res.status()).toBe(201);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const headers = { 'X-CSRF-Token': csrfToken };
  const call = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    data?: unknown,
  ): Promise<T> => {
    const r = await page.context().request.fetch(path, { method, headers, data });
    expect(r.ok(), `${method} ${path}: ${r.status()} ${await r.text()}`).toBe(true);
    return (r.status() === 204 ? undefined : await r.json()) as T;
  };
  return {
    get: <T>(p: string) => call<T>('GET', p),
    post: <T>(p: string, d: unknown = {}) => call<T>('POST', p, d),
    put: <T>(p: string, d: unknown) => call<T>('PUT', p, d),
    patch: <T>(p: string, d: unknown) => call<T>('PATCH', p, d),
    delete: <T>(p: string) => call<T>('DELETE', p),
  };
}

export type Api = Awaited<ReturnType<typeof apiUser>>;

/** The compound's buildings, in the API's order. */
export async function buildingsOf(api: Api, communityId: string) {
  return (
    await api.get<{ buildings: { id: string; name: string }[] }>(`/api/communities/${communityId}/buildings`)
  ).buildings;
}

/** The id of the household labelled "3-502" (building name before the dash). */
export async function householdId(api: Api, communityId: string, label: string): Promise<string> {
  const b = (await buildingsOf(api, communityId)).find((x) => x.name === label.split('-')[0])!;
  const { households } = await api.get<{ households: { id: string; label: string }[] }>(
    `/api/communities/${communityId}/households?buildingId=${b.id}`,
  );
  return households.find((h) => h.label === label)!.id;
}

/**
 * A building volunteer (楼长) of the compound's first building: a new user on `page` who joins by the invite
 * and is given that building by the admin (`lead`). Returns their API.
 */
export async function seedVolunteer(
  page: Page,
  lead: Api,
  compound: { cid: string; inviteCode: string },
  name: string,
): Promise<Api> {
  const vol = await apiUser(page, name);
  const { membership } = await vol.post<{ membership: { memberId: string } }>(
    `/api/invite-codes/${compound.inviteCode}/accept`,
  );
  const [b1] = await buildingsOf(lead, compound.cid);
  await lead.put(`/api/members/${membership.memberId}/roles`, {
    admin: false,
    leader: false,
    volunteerBuildingIds: [b1!.id],
  });
  return vol;
}

/** A resident to seed: the phone page that signs up, the display name, the household label to claim. */
export type ResidentSeed = readonly [page: Page, name: string, label: string];

/**
 * Seeds a compound through the API: the leader (signed up on `leaderPage`) creates it and its buildings,
 * every resident signs up on their own page, accepts the invite and claims their household, and the leader
 * verifies exactly those claims. Returns the leader's client, the compound id, the invite code and each
 * resident's client by household label.
 */
export async function seedCompound(
  leaderPage: Page,
  options: {
    leaderName: string;
    name: string;
    address?: string;
    buildings: { to: number; floors: number; roomsPerFloor: number };
    residents: readonly ResidentSeed[];
  },
) {
  const lead = await apiUser(leaderPage, options.leaderName);
  const { community } = await lead.post<{ community: { id: string } }>('/api/communities', {
    name: options.name,
    ...(options.address ? { address: options.address } : {}),
  });
  const cid = community.id;
  await lead.post(`/api/communities/${cid}/buildings/generate`, {
    buildingFrom: 1,
    buildingTo: options.buildings.to,
    floors: options.buildings.floors,
    roomsPerFloor: options.buildings.roomsPerFloor,
  });
  const { invite } = await lead.post<{ invite: { code: string } }>(`/api/communities/${cid}/invites`);
  const residents: Record<string, Api> = {};
  for (const [page, name, label] of options.residents) {
    const api = await apiUser(page, name);
    await api.post(`/api/invite-codes/${invite.code}/accept`);
    await api.post(`/api/communities/${cid}/claims`, { householdId: await householdId(api, cid, label) });
    residents[label] = api;
  }
  const { claims } = await lead.get<{ claims: { id: string }[] }>(
    `/api/communities/${cid}/claims?status=pending`,
  );
  expect(claims).toHaveLength(options.residents.length);
  for (const c of claims) await lead.post(`/api/claims/${c.id}/verify`);
  return { lead, cid, inviteCode: invite.code, residents };
}
