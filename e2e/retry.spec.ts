import { expect, test } from '@playwright/test';
import { ARTIFACTS, phone, screenshots, seedCompound } from './support.ts';

// A join in a rush on a congested network: its answer is lost on the way back (the server stored the order),
// then the next try meets a 503 (an instance restarting). The phone sends the same request again by itself,
// with the same Idempotency-Key, and shows the order the server stored the first time: one order, one press.
// Then a change is answered late, as in a crowd: the form says it is still sending.
// The screens are saved to e2e/artifacts/retry-*.png.

const shot = screenshots('retry');

test('a join whose answer is lost is sent again by itself with the same key, and stored once', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const leader = await phone(browser, 360, 780);
  const resident = await phone(browser, 375, 812);
  const { lead, cid } = await seedCompound(leader, {
    leaderName: '周团长',
    name: '晨光小区',
    buildings: { to: 2, floors: 3, roomsPerFloor: 2 },
    residents: [[resident, '孙奶奶', '2-301']],
  });
  const buy = await lead.post<{ id: string }>(`/api/communities/${cid}/buys`, {
    title: '平价蔬菜包',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    items: [{ name: '蔬菜包', unit: '份', priceFen: 3000, stock: 50, perHouseholdMax: 2 }],
  });
  await lead.post(`/api/buys/${buy.id}/publish`);

  const keys: string[] = [];
  const outcomes: string[] = [];
  await resident.route(`**/api/buys/${buy.id}/orders/mine`, async (route) => {
    const request = route.request();
    if (request.method() !== 'PUT') return route.continue();
    keys.push(request.headers()['idempotency-key'] ?? '');
    if (keys.length === 1) {
      // The server gets it and stores the order; its answer never reaches the phone.
      outcomes.push(`lost ${(await route.fetch()).status()}`);
      return route.abort('connectionreset');
    }
    if (keys.length === 2) {
      outcomes.push('503');
      return route.fulfill({
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '1' },
        body: JSON.stringify({
          error: { code: 'upgrade_in_progress', message: 'try again in a moment', details: null },
        }),
      });
    }
    // Later sends (the change below): answered 2.5 s late, as in a crowd of thousands joining at once.
    if (keys.length > 3) await new Promise((r) => setTimeout(r, 2500));
    const answer = await route.fetch();
    outcomes.push(String(answer.status()));
    return route.fulfill({ response: answer });
  });

  await resident.goto(`/c/${cid}/buys/${buy.id}`);
  await expect(resident.getByText('实时更新')).toBeVisible();
  await resident.getByRole('button', { name: '蔬菜包 加一份' }).click();
  await resident.getByRole('button', { name: '参加接龙' }).click();
  // Between tries the form says so (the button stays busy: no second press needed).
  await expect(resident.getByText(/网络繁忙，正在自动重试/)).toBeVisible();
  await resident.screenshot({ path: `${ARTIFACTS}/retry-01-retrying.png`, fullPage: true });
  await expect(resident.getByTestId('my-order')).toContainText('已分到 1 份');
  await expect(resident.getByText('第 1 号', { exact: true }).first()).toBeVisible();
  await expect(resident.getByText(/网络繁忙，正在自动重试/)).toHaveCount(0);
  await shot(resident, '02-joined');

  // Three tries of one request: the same key each time, and the third answered from what the first stored.
  expect(outcomes.slice(0, 3)).toEqual(['lost 201', '503', '201']);
  expect(new Set(keys.slice(0, 3)).size).toBe(1);

  // A slow answer (a crowd): after a moment the form says it is still sending, so nobody presses again or leaves.
  await resident.getByRole('button', { name: '修改' }).click();
  await resident.getByRole('button', { name: '蔬菜包 加一份' }).click();
  await resident.getByRole('button', { name: '保存修改' }).click();
  await expect(resident.getByText('人多，正在排队提交，请稍候，不用再点…')).toBeVisible();
  await resident.screenshot({ path: `${ARTIFACTS}/retry-03-still-sending.png`, fullPage: true });
  await expect(resident.getByTestId('my-order')).toContainText('已分到 2 份');
  await expect(resident.getByText('人多，正在排队提交，请稍候，不用再点…')).toHaveCount(0);
  expect(outcomes).toEqual(['lost 201', '503', '201', '200']);
  expect(keys[0]).toMatch(/.{8,}/);
  const { orders } = await lead.get<{ orders: { householdLabel: string; seq: number }[] }>(
    `/api/buys/${buy.id}/orders`,
  );
  expect(orders.map((o) => [o.householdLabel, o.seq])).toEqual([['2-301', 1]]);
});
