import { expect, test, type Page } from '@playwright/test';
import { demoServer } from './demo-server.ts';
import { screenshots } from './support.ts';

// 联合团购 with the demo's two leaders, on 360 px phones: 李娜 opens a pool from the manage page of the demo's open
// buy (时令蔬菜水果团, 阳光花园小区) and copies its code; 张伟 sets up a compound of his own (幸福里), joins the pool
// there by pasting the whole invitation, lands in the editor of the draft it made, and publishes it. Both buy pages
// then show the 联合团购 card with both gates. The demo is seeded by a server of this spec's own (the run's shared
// server has no demo). A second test has the pool reach its minimum while a resident's buy page is open: the
// card fills, the leader's manage page reads the pool again, and 消息 says so. Screens go to e2e/artifacts/pools-*.png.

const shot = screenshots('pools');
const LINA = '13800000002';
const ZHANG = '13800000005';
const OPEN_BUY = '时令蔬菜水果团（崇明农场直供）';

const { signIn } = demoServer('pools');

/** A write through the API as the page's signed-in person (its CSRF token from /api/me); answers the JSON. */
async function api<T>(page: Page, method: 'POST' | 'PUT', url: string, data?: object): Promise<T> {
  const request = page.context().request;
  const me = (await (await request.get('/api/me')).json()) as { csrfToken: string };
  const res = await request.fetch(url, { method, data, headers: { 'X-CSRF-Token': me.csrfToken } });
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}

/** The page's signed-in person creates a compound through the API (they become its admin); answers its id. */
async function newCompound(page: Page, name: string): Promise<string> {
  return (await api<{ community: { id: string } }>(page, 'POST', '/api/communities', { name })).community.id;
}

test('a joint buy: opened from manage, joined by code from another compound, shown on both buy pages', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const pageErrors: string[] = [];
  const { page: lina, cid: sunny } = await signIn(browser, LINA);
  const { page: zhang } = await signIn(browser, ZHANG);
  for (const p of [lina, zhang]) p.on('pageerror', (e) => pageErrors.push(e.message));

  // --- 李娜 opens a pool from the manage page of her open buy ---
  await lina.goto(`/c/${sunny}/buys`);
  await lina.getByText(OPEN_BUY).click();
  await expect(lina).toHaveURL(/\/buys\/[0-9a-f-]{36}$/);
  const hostBuyUrl = new URL(lina.url()).pathname;
  // Not in a pool yet: no card.
  await expect(lina.getByTestId('item-row').first()).toBeVisible();
  await expect(lina.locator('.pool-card')).toHaveCount(0);
  await lina.getByRole('link', { name: '团长管理' }).click();
  await expect(lina.getByRole('button', { name: '立即截单' })).toBeVisible();
  await lina.getByRole('button', { name: '发起联合团购' }).click();
  const form = lina.getByTestId('pool-open-form');
  // Prefilled: her own phone, and the buy's own minimum (¥6,000) in yuan.
  await expect(form.getByLabel('联系人电话')).toHaveValue(LINA);
  await expect(form.getByLabel('起送金额（元）')).toHaveValue('6000');
  // The buy's stock limits are this compound's only: she is told before opening.
  await expect(form.getByTestId('pool-stock-note')).toContainText(
    '限量的商品（时令蔬菜包、土鸡蛋、猪肉糜）只限本小区',
  );
  await form.getByRole('button', { name: '发起' }).click();
  await expect(form.getByText('请填写这一项')).toBeVisible();
  await form.getByLabel('送货点').fill('南门');
  await shot(lina, 'host-open-form');
  await form.getByRole('button', { name: '发起' }).click();
  const codeBox = lina.getByTestId('pool-code');
  await expect(codeBox).toBeVisible();
  const code = (await codeBox.getAttribute('data-code'))!;
  expect(code).toMatch(/^[A-Z0-9]{8}$/);
  await expect(codeBox).toHaveText(`${code.slice(0, 4)} ${code.slice(4)}`);
  const invitation = (await lina.getByTestId('pool-share-text').textContent())!;
  expect(invitation).toContain(`在邻里「加入联合团购」输入 ${code}`);
  await lina.getByRole('button', { name: '复制邀请码' }).click();
  await expect(lina.getByText('已复制')).toBeVisible();
  // A pooled buy closes with the others at the deadline: no 立即截单.
  await expect(lina.getByRole('button', { name: '立即截单' })).toHaveCount(0);
  const hostGates = lina.getByTestId('pool-manage-gates');
  await expect(hostGates.locator('li')).toHaveCount(1);
  await expect(hostGates).toContainText('南门');
  await expect(hostGates.getByRole('link', { name: LINA })).toHaveAttribute('href', `tel:${LINA}`);
  const manifest = lina.getByRole('link', { name: /供应商总单/ });
  await expect(manifest).toHaveAttribute('href', /\/api\/buys\/[0-9a-f-]{36}\/pool\/manifest\.xlsx$/);
  const sheet = await lina.context().request.get((await manifest.getAttribute('href'))!);
  expect(sheet.status()).toBe(200);
  expect(sheet.headers()['content-type']).toContain('spreadsheetml');
  await shot(lina, 'host-manage');

  // --- 张伟, leader in the same compound, sets up his own (幸福里) and joins from there ---
  const happy = await newCompound(zhang, '幸福里小区');
  await zhang.goto(`/c/${happy}/buys`);
  await zhang.getByRole('link', { name: '加入联合团购' }).click();
  await expect(zhang).toHaveURL(new RegExp(`/c/${happy}/pools/join$`));
  // A code that is not one is said at once, without asking the server.
  await zhang.getByLabel('邀请码').fill('K7M2');
  await zhang.getByRole('button', { name: '查看' }).click();
  await expect(zhang.getByText('邀请码是 8 位字母和数字，请核对一下')).toBeVisible();
  // One no pool has: the server's pool_not_found, in Chinese.
  await zhang.getByLabel('邀请码').fill('aaaa aaaa');
  await zhang.getByRole('button', { name: '查看' }).click();
  await expect(zhang.getByText('没有这个邀请码，请核对后再输入')).toBeVisible();
  // The whole invitation pasted from WeChat, as it came.
  await zhang.getByLabel('邀请码').fill(invitation);
  await zhang.getByRole('button', { name: '查看' }).click();
  await expect(zhang).toHaveURL(new RegExp(`/pools/join\\?code=${code}$`));
  await expect(zhang.getByTestId('pool-preview-lead')).toHaveText('阳光花园小区 发起 · 已有 1 个小区');
  await expect(zhang.getByTestId('pool-preview-items')).toContainText('土鸡蛋');
  await expect(zhang.getByTestId('pool-preview-items')).toContainText('¥45.00');
  await expect(zhang.locator('.pool-preview')).toContainText('¥6,000.00');
  await shot(zhang, 'join-preview');
  await zhang.getByLabel('送货点').fill('北门');
  await expect(zhang.getByLabel('联系人电话')).toHaveValue(ZHANG);
  await zhang.getByRole('button', { name: '加入', exact: true }).click();
  await expect(zhang).toHaveURL(new RegExp(`/c/${happy}/buys/[0-9a-f-]{36}/edit$`));
  const joinedBuy = /\/buys\/([0-9a-f-]{36})\/edit$/.exec(zhang.url())![1]!;

  // --- his draft: the host's title and items; he publishes it ---
  await expect(zhang.getByLabel('团购名称')).toHaveValue(OPEN_BUY);
  await expect(zhang.getByTestId('pooled-draft-note')).toContainText('阳光花园小区');
  // The deadline and the minimum are the pool's: shown, not editable.
  await expect(zhang.getByLabel('截止时间')).toBeDisabled();
  await shot(zhang, 'joined-editor');
  await zhang.getByRole('button', { name: '下一步' }).click();
  await expect(zhang.getByLabel('商品名称').first()).toHaveValue('时令蔬菜包');
  await zhang.getByRole('button', { name: '下一步' }).click();
  await expect(zhang.getByText('这是联合团购：起送按各小区合计算')).toBeVisible();
  await expect(zhang.getByLabel(/最少总份数/)).toBeDisabled();
  await expect(zhang.getByLabel(/最低总金额/)).toBeDisabled();
  await zhang.getByRole('button', { name: '发布团购' }).click();
  await expect(zhang).toHaveURL(new RegExp(`/c/${happy}/buys/${joinedBuy}$`));

  // --- both buy pages show the pool with both gates ---
  const card = zhang.locator('.pool-card');
  await expect(card.getByTestId('pool-lead')).toHaveText('2 个小区一起凑起送');
  await expect(card).toContainText('还差 ¥');
  await card.getByText('各小区送货点（2）').click();
  const gates = card.getByTestId('pool-gate');
  await expect(gates).toHaveCount(2);
  await expect(gates.nth(0)).toContainText('阳光花园小区 · 南门');
  await expect(gates.nth(0)).toContainText('发起');
  await expect(gates.nth(0)).not.toContainText('本小区');
  await expect(gates.nth(1)).toContainText('幸福里小区 · 北门');
  await expect(gates.nth(1)).toContainText('本小区');
  await shot(zhang, 'joined-buy-page');

  await lina.goto(hostBuyUrl);
  const hostCard = lina.locator('.pool-card');
  await expect(hostCard.getByTestId('pool-lead')).toHaveText('2 个小区一起凑起送');
  await hostCard.getByText('各小区送货点（2）').click();
  await expect(hostCard.getByTestId('pool-gate').nth(0)).toContainText('本小区');
  await expect(hostCard.getByTestId('pool-gate').nth(1)).toContainText('幸福里小区 · 北门');
  await shot(lina, 'host-buy-page');
  // The 团购 list says the buy is pooled, with the pool's bar (the buy has no minimum of its own now).
  await lina.goto(`/c/${sunny}/buys`);
  const listed = lina.getByTestId('buy-card').filter({ hasText: OPEN_BUY });
  await expect(listed.getByTestId('buy-card-pool')).toHaveText('联合团购 · 2 个小区一起凑起送');
  await expect(listed.getByRole('progressbar')).toBeVisible();
  await expect(listed).toContainText('还差 ¥');
  await shot(lina, 'host-buy-list');
  await listed.click();
  await expect(lina).toHaveURL(new RegExp(`${hostBuyUrl}$`));
  // The host's manage page: both gates with their contacts, the items by gate.
  await lina.getByRole('link', { name: '团长管理' }).click();
  await expect(lina.getByTestId('pool-manage-gates').locator('li')).toHaveCount(2);
  await expect(lina.getByTestId('pool-manage-gates').getByRole('link', { name: ZHANG })).toBeVisible();
  await expect(lina.getByTestId('pool-items').locator('thead th')).toHaveCount(4);

  // Joining again from 幸福里 is refused: the preview says so before anything is typed.
  await zhang.goto(`/c/${happy}/pools/join?code=${code.toLowerCase()}`);
  await expect(zhang.getByTestId('pool-join-state')).toHaveText('本小区已经加入了这个联合团购。');

  expect(pageErrors).toEqual([]);
});

test('成团 of a joint buy reaches an open buy page and the compound’s 消息 without a reload', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const pageErrors: string[] = [];
  // 李娜 (阳光花园) opens a buy pooled with a minimum of 4 boxes; 赵敏 joins it for 和平苑 and publishes it.
  const { page: lina, cid: sunny } = await signIn(browser, LINA);
  const { page: zhao, cid: peace } = await signIn(browser, '13800000006');
  const { page: admin } = await signIn(browser, '13800000001');
  // No quiet hours in 阳光花园 for this test: its notice must not wait for the morning.
  await api(admin, 'PUT', `/api/communities/${sunny}/distribution-settings`, {
    quietStart: '00:00',
    quietEnd: '00:00',
  });
  const deadline = new Date(Date.now() + 6 * 3600_000).toISOString();
  const buy = await api<{ id: string; items: { id: string }[] }>(
    lina,
    'POST',
    `/api/communities/${sunny}/buys`,
    {
      title: '崇明土鸡蛋',
      pickupMode: 'building',
      deadline,
      items: [{ name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 4500, perHouseholdMax: 5 }],
    },
  );
  await api(lina, 'POST', `/api/buys/${buy.id}/publish`);
  const { pool } = await api<{ pool: { code: string } }>(lina, 'POST', `/api/buys/${buy.id}/pool`, {
    gate: '南门',
    contact: '李娜 13800000002',
    minTotalQty: 4,
  });
  const joined = await api<{ buyId: string }>(zhao, 'POST', `/api/pools/${pool.code}/members`, {
    communityId: peace,
    gate: '北门',
    contact: '赵敏 13800000006',
  });
  await api(zhao, 'POST', `/api/buys/${joined.buyId}/publish`);
  const zhaoBuy = (await (await zhao.context().request.get(`/api/buys/${joined.buyId}`)).json()) as {
    items: { id: string }[];
  };
  await api(lina, 'PUT', `/api/buys/${buy.id}/orders/mine`, {
    lines: [{ itemId: buy.items[0]!.id, qty: 2 }],
  });

  // 刘洋 has the host's buy open: two of four.
  const { page: liu } = await signIn(browser, '13800000004');
  liu.on('pageerror', (e) => pageErrors.push(e.message));
  await liu.goto(`/c/${sunny}/buys/${buy.id}`);
  const card = liu.locator('.pool-card');
  await expect(card).toContainText('还差 2 份成团');
  // 李娜 has its manage page open: her pool section reads the pool again when the pool's events say so.
  lina.on('pageerror', (e) => pageErrors.push(e.message));
  await lina.goto(`/c/${sunny}/buys/${buy.id}/manage`);
  const section = lina.locator('.pool-card');
  await expect(section.getByTestId('pool-totals')).toContainText('各小区合计 2 份');
  // 和平苑's two boxes take the pool to its minimum: the deadline job tells both compounds within seconds.
  await api(zhao, 'PUT', `/api/buys/${joined.buyId}/orders/mine`, {
    lines: [{ itemId: zhaoBuy.items[0]!.id, qty: 2 }],
  });
  await expect(card).toContainText('已成团', { timeout: 15_000 });
  await expect(card).toContainText('各小区合计 4 份');
  await shot(liu, 'met-live');
  // His gate list was read when the page opened (和平苑: nothing yet); unfolded, it is read again.
  await card.locator('summary').click();
  await expect(card.getByTestId('pool-gate').nth(1)).toContainText('2 份');
  await expect(section).toContainText('已成团');
  await expect(section.getByTestId('pool-totals')).toContainText('各小区合计 4 份');
  await expect(lina.getByTestId('pool-manage-gates').locator('li').nth(1)).toContainText('2 份');
  await liu.goto(`/c/${sunny}/notifications`);
  await expect(liu.getByText('崇明土鸡蛋：2 个小区一起凑够了起送量，达到成团门槛')).toBeVisible();
  await shot(liu, 'met-notice');
  expect(pageErrors).toEqual([]);
});
