import { expect, test, type Page } from '@playwright/test';
import { demoServer } from './demo-server.ts';
import { screenshots } from './support.ts';

// 邻里街坊 with the demo's own people, on 360 px phones: the resident 刘洋 (2-503) asks for help; the volunteer
// 王芳 (1-302, 楼长 of building 1) sees it on the board, replies and takes it; 刘洋 sees who is helping, hears of
// it in 消息 and marks it resolved. Then 王芳 posts a need for 1-203 (代发), a neighbour of her building without
// a smartphone, and opens the same form from 物资覆盖's 代发求助 on that home. The demo compound is seeded by a server of this spec's own (the run's shared server has no
// demo). Screens go to e2e/artifacts/street-*.png.

const shot = screenshots('street');
const LIU = '13800000004';
const WANG = '13800000003';

const { signIn } = demoServer('street');

/** The board's 「N 条求助还没人回应」. */
async function waitingCount(page: Page): Promise<number> {
  const line = page.getByTestId('street-waiting');
  await expect(line).toHaveText(/\d+ 条求助还没人回应/);
  return Number(/(\d+) 条/.exec((await line.textContent()) ?? '')![1]);
}

test('a need asked, taken, answered and resolved; a need posted for a neighbour (代发)', async ({
  browser,
}) => {
  test.setTimeout(150_000);
  const pageErrors: string[] = [];
  const { page: liu, cid } = await signIn(browser, LIU);
  const { page: wang } = await signIn(browser, WANG);
  for (const p of [liu, wang]) p.on('pageerror', (e) => pageErrors.push(e.message));
  const TITLE = '家里老人的降压药断了';
  // 王芳 has the board open meanwhile (once her home is drawn: a tap before may be lost to its first render).
  await expect(wang.getByRole('heading', { name: '王芳，你好' })).toBeVisible();
  await wang.getByRole('link', { name: '邻里', exact: true }).click();
  await expect(wang.getByRole('heading', { name: '邻里街坊' })).toBeVisible();

  // --- 刘洋 asks for help from the 邻里 tab ---
  await liu.getByRole('link', { name: '邻里', exact: true }).click();
  await expect(liu.getByRole('heading', { name: '邻里街坊' })).toBeVisible();
  // The demo's street: a notice, needs (one 楼长代发 for 9-103), an offer, a swap, a tip.
  await expect(liu.getByTestId('post-card').filter({ hasText: '9-103' })).toContainText('楼长代发');
  const waiting = await waitingCount(liu);
  await shot(liu, 'resident-board-demo');
  await liu.getByRole('link', { name: '发帖' }).click();
  await expect(liu.getByRole('radio', { name: '求助' })).toHaveAttribute('aria-checked', 'true');
  // A resident posts no notice (公告), and not for anyone else.
  await expect(liu.getByRole('radio', { name: '公告' })).toHaveCount(0);
  await expect(liu.getByText('替邻居发（代发）')).toHaveCount(0);
  await liu.getByLabel('标题').fill(TITLE);
  await expect(liu.getByText(`${TITLE.length}/40`)).toBeVisible();
  await liu.getByLabel(/详细说明/).fill('络活喜 5mg，谁家有多余的先借两盒，药店开门了马上还。');
  await shot(liu, 'resident-compose');
  await liu.getByRole('button', { name: '发出去' }).click();
  await expect(liu).toHaveURL(/\/street\/[0-9a-f-]{36}$/);
  const postUrl = new URL(liu.url()).pathname;
  await expect(liu.getByTestId('post-status')).toHaveText('等人帮忙');
  // Her own need: no 我来帮忙 for her.
  await expect(liu.getByRole('button', { name: '我来帮忙' })).toHaveCount(0);
  await shot(liu, 'resident-posted');

  // --- 王芳's open board is told of it (no request until she taps); she opens it, replies and takes it ---
  await expect(wang.getByTestId('street-news')).toContainText('有 1 条新动态');
  await expect(wang.getByTestId('post-card').filter({ hasText: TITLE })).toHaveCount(0);
  await shot(wang, 'volunteer-board-news');
  await wang.getByRole('button', { name: '刷新看看' }).click();
  await expect(wang.getByTestId('street-news')).toHaveCount(0);
  expect(await waitingCount(wang)).toBe(waiting + 1);
  const card = wang.getByTestId('post-card').filter({ hasText: TITLE });
  await expect(card).toContainText('2-503');
  await expect(card).toContainText('等人帮忙');
  await shot(wang, 'volunteer-board');
  // The waiting line filters the board to needs, in the URL.
  await wang.getByTestId('street-waiting').click();
  await expect(wang).toHaveURL(/\/street\?kind=need$/);
  await expect(wang.getByRole('tab', { name: '求助' })).toHaveAttribute('aria-selected', 'true');
  await card.click();
  await expect(wang).toHaveURL(new RegExp(`${postUrl}$`));
  await wang.getByRole('textbox', { name: '回复' }).fill('我家有一盒，晚上 7 点放你家门口');
  await wang.getByRole('button', { name: '发送' }).click();
  const replies = wang.getByTestId('replies');
  await expect(replies).toContainText('我家有一盒');
  await expect(replies).toContainText('我');
  await wang.getByRole('button', { name: '我来帮忙' }).click();
  await expect(wang.getByTestId('post-status')).toHaveText('有人帮忙（1-302）');
  await expect(wang.getByRole('button', { name: '不帮了' })).toBeVisible();
  await shot(wang, 'volunteer-taken');
  // Back returns to the board as she left it (求助 only).
  await wang.getByRole('link', { name: '返回' }).click();
  await expect(wang).toHaveURL(/\/street\?kind=need$/);
  await expect(wang.getByTestId('post-card').filter({ hasText: TITLE })).toContainText('有人帮忙（1-302）');

  // --- 刘洋 sees who is helping, hears of it in 消息, and marks it resolved ---
  await liu.reload();
  await expect(liu.getByTestId('post-status')).toHaveText('有人帮忙（1-302）');
  await expect(liu.getByTestId('post-helper')).toHaveText('1-302 楼长 来帮忙了');
  await expect(liu.getByTestId('replies')).toContainText('1-302 楼长');
  await liu.getByRole('link', { name: /消息/ }).click();
  const notices = liu.getByTestId('notification');
  await expect(notices.filter({ hasText: `1-302 楼长 来帮忙了：${TITLE}` })).toBeVisible();
  await expect(notices.filter({ hasText: `1-302 楼长 回复了你的帖子：${TITLE}` })).toBeVisible();
  await shot(liu, 'resident-notifications');
  await notices.filter({ hasText: '来帮忙了' }).click();
  await expect(liu).toHaveURL(new RegExp(`${postUrl}$`));
  await liu.getByRole('button', { name: '已解决' }).click();
  await expect(liu.getByTestId('post-status')).toHaveText('已解决');
  await expect(liu.getByText('这条帖子已经结束，不能再回复了。')).toBeVisible();
  await shot(liu, 'resident-resolved');
  // It has left the active board for 已结束.
  await liu.goto(`/c/${cid}/street`);
  await expect(liu.getByTestId('post-card').first()).toBeVisible();
  await expect(liu.getByTestId('post-card').filter({ hasText: TITLE })).toHaveCount(0);
  expect(await waitingCount(liu)).toBe(waiting);
  await liu.getByRole('tab', { name: '已结束' }).click();
  await expect(liu).toHaveURL(/\/street\?state=ended$/);
  await expect(liu.getByTestId('post-card').filter({ hasText: TITLE })).toContainText('已解决');

  // --- 代发: 王芳 posts a need for 1-203, of her building ---
  await wang.goto(`/c/${cid}/street/new`);
  await wang.getByText('替邻居发（代发）').click();
  const building = wang.getByLabel('楼栋');
  // A volunteer picks among her own buildings only.
  await expect(building.locator('option')).toHaveText(['请选择', '1号楼']);
  await building.selectOption({ label: '1号楼' });
  await wang.getByLabel('房间').selectOption({ label: '203' });
  await expect(wang.getByTestId('on-behalf-as')).toContainText('1-203');
  await wang.getByLabel('标题').fill('宝宝的二段奶粉快吃完了');
  await wang.getByLabel(/详细说明/).fill('八个月的宝宝，要二段奶粉和尿不湿。谁家有多的，楼长来拿。');
  await shot(wang, 'volunteer-compose-for');
  await wang.getByRole('button', { name: '发出去' }).click();
  await expect(wang).toHaveURL(/\/street\/[0-9a-f-]{36}$/);
  await expect(wang.getByTestId('post-status')).toHaveText('等人帮忙');
  await expect(wang.getByText('楼长代发')).toBeVisible();
  await expect(wang.locator('.street-post .street-who')).toHaveText('1-203');
  await shot(wang, 'volunteer-posted-for');
  // Others see it as 1-203's, marked 楼长代发.
  await liu.goto(`/c/${cid}/street`);
  const forCard = liu.getByTestId('post-card').filter({ hasText: '宝宝的二段奶粉快吃完了' });
  await expect(forCard).toContainText('1-203');
  await expect(forCard).toContainText('楼长代发');
  expect(await waitingCount(liu)).toBe(waiting + 1);
  await shot(liu, 'resident-board');

  // 物资覆盖's 代发求助 on a left-out home opens the form with 代发 on and that home chosen.
  await wang.goto(`/c/${cid}/care`);
  const row = wang.getByTestId('left-out').filter({ hasText: '1-203' });
  await row.getByRole('link', { name: '代发求助' }).click();
  await expect(wang).toHaveURL(/\/street\/new\?kind=need&building=.+&household=.+/);
  await expect(wang.getByRole('checkbox', { name: /替邻居发/ })).toBeChecked();
  await expect(wang.getByTestId('on-behalf-as')).toContainText('1-203');

  expect(pageErrors).toEqual([]);
});

// 放心买 on the demo's open buy (this spec's demo server serves it too): its 土鸡蛋 at ¥45 is 41 % above the ¥32
// the compound paid in the arrived buy; the leader's record and the supplier's first time; the earlier prices.
test('放心买: a price above what the compound paid before is flagged on the buy page', async ({
  browser,
}) => {
  const { page, cid } = await signIn(browser, LIU);
  await page.goto(`/c/${cid}/buys`);
  await page.getByText('时令蔬菜水果团（崇明农场直供）').click();
  const card = page.locator('.trust-card');
  await expect(card.getByTestId('trust-high')).toHaveText(
    '土鸡蛋 ¥45.00/盒，比本小区上次团的 ¥32.00 高 41%，下单前想一想',
  );
  await expect(card.getByTestId('trust-leader')).toContainText('团长 3-201');
  await expect(card.getByTestId('trust-leader')).toContainText('在本小区开过 3 次团：完成 1 次，进行中 2 次');
  await expect(card.getByTestId('trust-supplier')).toContainText('崇明绿港农场');
  await card.getByText('价格参考').click();
  await expect(card.getByText('上次 ¥32.00')).toBeVisible();
  await shot(page, 'trust-card');
});

// 供应商名录: the leader 李娜 registered the open buy's supplier and the committee has not checked it, so the admin
// 陈建国's 待办 asks him to; he verifies it on the register and registers the 联合团购's supplier himself. 放心买 on
// the open buy then tells the resident 刘洋 the committee checked it, and its link opens the register, read-only.
test('供应商名录: the admin verifies the supplier his 待办 names and registers another; 放心买 says so', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  const { page: admin } = await signIn(browser, '13800000001');
  admin.on('pageerror', (e) => pageErrors.push(e.message));
  const task = admin.getByTestId('todo').filter({ hasText: '1 家正在团购的供应商还没核验' });
  await task.click();
  await expect(admin).toHaveURL(/\/suppliers$/);
  await expect(admin.getByRole('heading', { name: '供应商名录' })).toBeVisible();
  const row = admin.getByTestId('supplier').filter({ hasText: '崇明绿港农场' });
  await expect(row).toContainText('未核验');
  await expect(row.getByTestId('supplier-under-way')).toHaveText(
    '1 个进行中的团购找这家供货 邻居正在这家下单，请尽快核验',
  );
  await shot(admin, 'suppliers-to-check');
  await row.getByRole('button', { name: '核验', exact: true }).click();
  await expect(row).toContainText('已核验');
  await expect(row.getByRole('button', { name: '取消核验' })).toBeVisible();
  await expect(row.getByTestId('supplier-under-way')).toHaveText('1 个进行中的团购找这家供货');

  await admin.getByRole('button', { name: '添加供应商' }).click();
  const form = admin.getByTestId('supplier-form');
  await form.getByLabel('供应商名称').fill('五常稻花香米业');
  await form.getByLabel(/营业执照号/).fill('91230184DEMO000004');
  await form.getByLabel(/联系方式/).fill('138 0451 2200');
  await form.getByRole('checkbox').check();
  await shot(admin, 'supplier-form');
  await form.getByRole('button', { name: '登记', exact: true }).click();
  const rice = admin.getByTestId('supplier').filter({ hasText: '五常稻花香米业' });
  await expect(rice).toContainText('未核验');
  await expect(rice).toContainText('保供企业');
  await expect(rice).toContainText('91230184DEMO000004');
  await rice.getByRole('button', { name: '核验', exact: true }).click();
  await expect(rice).toContainText('已核验');
  await shot(admin, 'suppliers-admin');
  // Nothing left to check on his 待办.
  await admin.getByRole('link', { name: '首页' }).click();
  await expect(admin.getByTestId('todo').filter({ hasText: '认领房号' })).toBeVisible();
  await expect(admin.getByTestId('todo').filter({ hasText: '供应商' })).toHaveCount(0);
  // A new buy's editor offers the register: the name as registered fills the empty contact.
  await admin.goto(admin.url().replace(/\/?$/, '/buys/new'));
  const supplierName = admin.getByLabel(/^供应商/).first();
  await expect(supplierName).toHaveAttribute('list', /.+/);
  await supplierName.fill('崇明绿港农场');
  await expect(admin.getByLabel(/供应商联系方式/)).toHaveValue('136 0000 1234');

  const { page: liu, cid } = await signIn(browser, LIU);
  liu.on('pageerror', (e) => pageErrors.push(e.message));
  await liu.goto(`/c/${cid}/buys`);
  await liu.getByText('时令蔬菜水果团（崇明农场直供）').click();
  const line = liu.locator('.trust-card').getByTestId('trust-supplier');
  await expect(line).toContainText('崇明绿港农场');
  await expect(line.getByTestId('trust-standing')).toHaveText('居委已核验');
  await shot(liu, 'trust-card-verified');
  // The register, from the card: the resident reads it and changes nothing.
  await line.getByRole('link', { name: '供应商名录' }).click();
  await expect(liu).toHaveURL(/\/suppliers$/);
  const seen = liu.getByTestId('supplier').filter({ hasText: '崇明绿港农场' });
  await expect(seen).toContainText('已核验');
  await expect(seen.getByRole('button')).toHaveCount(0);
  await expect(liu.getByRole('button', { name: '添加供应商' })).toHaveCount(0);

  expect(pageErrors).toEqual([]);
});
