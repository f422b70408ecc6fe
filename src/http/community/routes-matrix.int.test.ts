import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  createTestCommunity,
  createTestMember,
  type TestCommunity,
} from '../../../test/support/community.ts';
import { bearer, createTestUser, type TestUser } from '../../../test/support/users.ts';

// Every community route: unauthenticated → 401, bad ids → 400, malformed JSON → 400, outsiders → 403.
let t: TestApp;
let tc: TestCommunity;
let outsider: TestUser;
let inviteId: string;
let claimId: string;
let supplyId: string;

const NIL = '00000000-0000-4000-8000-000000000000';

type Route = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: () => string;
  body?: () => object;
  badId?: string;
};

const routes: Route[] = [
  { method: 'GET', url: () => `/api/communities/${tc.community.id}`, badId: '/api/communities/nope' },
  {
    method: 'PATCH',
    url: () => `/api/communities/${tc.community.id}`,
    body: () => ({ name: 'x' }),
    badId: '/api/communities/1',
  },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/buildings/generate`,
    body: () => ({ buildingFrom: 1, buildingTo: 1, floors: 1, roomsPerFloor: 1 }),
    badId: '/api/communities/1/buildings/generate',
  },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/households/import`,
    body: () => ({ csv: '1,101' }),
    badId: '/api/communities/1/households/import',
  },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/buildings`,
    badId: '/api/communities/1/buildings',
  },
  {
    method: 'PATCH',
    url: () => `/api/buildings/${tc.buildings[0]!.id}`,
    body: () => ({ name: '9' }),
    badId: '/api/buildings/1',
  },
  { method: 'DELETE', url: () => `/api/buildings/${tc.buildings[1]!.id}`, badId: '/api/buildings/1' },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/households`,
    badId: '/api/communities/1/households',
  },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/households`,
    body: () => ({ buildingId: tc.buildings[0]!.id, room: '999' }),
    badId: '/api/communities/1/households',
  },
  {
    method: 'PATCH',
    url: () => `/api/households/${tc.household('1-101').id}`,
    body: () => ({ room: '199' }),
    badId: '/api/households/1',
  },
  { method: 'DELETE', url: () => `/api/households/${tc.household('1-102').id}`, badId: '/api/households/1' },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/invites`,
    body: () => ({}),
    badId: '/api/communities/1/invites',
  },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/invites`,
    badId: '/api/communities/1/invites',
  },
  { method: 'DELETE', url: () => `/api/invites/${inviteId}`, badId: '/api/invites/1' },
  { method: 'GET', url: () => `/api/invites/${inviteId}/qr.png`, badId: '/api/invites/1/qr.png' },
  { method: 'GET', url: () => `/api/invites/${inviteId}/qr.svg`, badId: '/api/invites/1/qr.svg' },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/claims`,
    body: () => ({ householdId: tc.household('1-101').id }),
    badId: '/api/communities/1/claims',
  },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/claims`,
    badId: '/api/communities/1/claims',
  },
  { method: 'POST', url: () => `/api/claims/${claimId}/verify`, badId: '/api/claims/1/verify' },
  {
    method: 'POST',
    url: () => `/api/claims/${claimId}/reject`,
    body: () => ({ reason: 'x' }),
    badId: '/api/claims/1/reject',
  },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/members`,
    badId: '/api/communities/1/members',
  },
  {
    method: 'PUT',
    url: () => `/api/members/${tc.admin.memberId}/roles`,
    body: () => ({ admin: true, leader: false, volunteerBuildingIds: [] }),
    badId: '/api/members/1/roles',
  },
  {
    method: 'POST',
    url: () => `/api/communities/${tc.community.id}/proxies`,
    body: () => ({ householdId: tc.household('2-101').id, contactName: '王阿姨' }),
    badId: '/api/communities/1/proxies',
  },
  {
    method: 'GET',
    url: () => `/api/communities/${tc.community.id}/proxies`,
    badId: '/api/communities/1/proxies',
  },
  {
    method: 'POST',
    url: () => `/api/households/${tc.household('2-102').id}/supplies`,
    body: () => ({ note: '一袋米' }),
    badId: '/api/households/1/supplies',
  },
  { method: 'DELETE', url: () => `/api/household-supplies/${supplyId}`, badId: '/api/household-supplies/1' },
];

beforeAll(async () => {
  t = await createTestApp();
  tc = await createTestCommunity(t.container, { buildings: 2, floors: 1, roomsPerFloor: 2 });
  outsider = await createTestUser(t.container, 'Outsider');
  const inv = await t.app.inject({
    method: 'POST',
    url: `/api/communities/${tc.community.id}/invites`,
    headers: bearer(tc.admin),
    payload: {},
  });
  inviteId = inv.json().invite.id;
  const claimant = await createTestMember(t.container, tc.community.id);
  const claim = await t.app.inject({
    method: 'POST',
    url: `/api/communities/${tc.community.id}/claims`,
    headers: bearer(claimant),
    payload: { householdId: tc.household('1-102').id },
  });
  claimId = claim.json().claim.id;
  const given = await t.app.inject({
    method: 'POST',
    url: `/api/households/${tc.household('2-102').id}/supplies`,
    headers: bearer(tc.admin),
    payload: {},
  });
  supplyId = given.json().supply.id;
});
afterAll(async () => {
  await t.close();
});

const label = (r: Route) => `${r.method} ${r.badId}`;

describe('every community route', () => {
  it.each(routes.map((r) => [label(r), r] as const))('%s: 401 without a session', async (_l, r) => {
    const res = await t.app.inject({
      method: r.method,
      url: r.url(),
      ...(r.body ? { payload: r.body() } : {}),
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it.each(routes.map((r) => [label(r), r] as const))(
    '%s: 400 for an id that is not a UUID',
    async (_l, r) => {
      const res = await t.app.inject({
        method: r.method,
        url: r.badId!,
        headers: bearer(tc.admin),
        ...(r.body ? { payload: r.body() } : {}),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    },
  );

  it.each(routes.map((r) => [label(r), r] as const))('%s: 404 for an unknown id', async (_l, r) => {
    const url = r.url().replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, NIL);
    const body = r.body?.();
    const res = await t.app.inject({
      method: r.method,
      url,
      headers: bearer(tc.admin),
      ...(body ? { payload: body } : {}),
    });
    expect(res.statusCode).toBe(404);
  });

  it.each(routes.map((r) => [label(r), r] as const))(
    '%s: 403 for someone outside the compound',
    async (_l, r) => {
      const body = r.body?.();
      const res = await t.app.inject({
        method: r.method,
        url: r.url(),
        headers: bearer(outsider),
        ...(body ? { payload: body } : {}),
      });
      expect(res.statusCode).toBe(403);
    },
  );

  it.each(routes.filter((r) => r.body).map((r) => [label(r), r] as const))(
    '%s: 400 for malformed JSON',
    async (_l, r) => {
      const res = await t.app.inject({
        method: r.method,
        url: r.url(),
        headers: { ...bearer(tc.admin), 'content-type': 'application/json' },
        payload: '{"oops',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('malformed_json');
    },
  );

  it.each(routes.filter((r) => r.body).map((r) => [label(r), r] as const))(
    '%s: 400 for a wrong-type body',
    async (_l, r) => {
      const res = await t.app.inject({
        method: r.method,
        url: r.url(),
        headers: bearer(tc.admin),
        payload: [1, 2],
      });
      expect(res.statusCode).toBe(400);
    },
  );

  it('lists every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    for (const p of [
      '/api/communities',
      '/api/invite-codes/{code}/accept',
      '/api/members/{memberId}/roles',
    ]) {
      expect(doc.paths[p]).toBeDefined();
    }
  });
});
