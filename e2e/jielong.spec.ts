import { expect, test } from '@playwright/test';
import { apiUser, householdId, screenshots } from './support.ts';

// The leader pastes a WeChat 接龙 into an open buy, reviews it, fixes the one line it was unsure of
// (which item?), commits, and sees the orders on the buy page in list order; then copies the 接龙 and the
// summary back for the group. Screens are saved to e2e/artifacts/jielong-*.png to be looked at.

const shot = screenshots('jielong');

const LIST = [
  '#接龙',
  '鸡蛋牛奶团 鸡蛋25元/盒 牛奶60元/箱',
  '例 3-502 鸡蛋1盒',
  '',
  '1. 1-101 鸡蛋2盒 王阿姨',
  '2. 1号楼102 纯牛奶1箱',
  '3. 2-201 两盒',
  '4. 3栋101室 鸡蛋1 🙏',
  '谢谢团长！',
].join('\n');

test('paste a 接龙, fix the unsure line, commit, see the orders; copy the 接龙 and the summary', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // --- seed through the API: the leader's compound (as its admin), four proxy households, an open buy ---
  const lead = await apiUser(page, '李团长');
  const { community } = await lead.post<{ community: { id: string } }>('/api/communities', {
    name: '锦绣花园',
  });
  const cid = community.id;
  await lead.post(`/api/communities/${cid}/buildings/generate`, {
    buildingFrom: 1,
    buildingTo: 3,
    floors: 3,
    roomsPerFloor: 2,
  });
  for (const label of ['1-101', '1-102', '2-201', '3-101'])
    await lead.post(`/api/communities/${cid}/proxies`, {
      householdId: await householdId(lead, cid, label),
      contactName: `邻居${label}`,
    });
  const buy = await lead.post<{ id: string }>(`/api/communities/${cid}/buys`, {
    title: '鸡蛋牛奶团',
    deadline: new Date(Date.now() + 86_400_000).toISOString(),
    items: [
      { name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500, stock: 100, perHouseholdMax: 5 },
      { name: '牛奶', unit: '箱', priceFen: 6000 },
    ],
  });
  await lead.post(`/api/buys/${buy.id}/publish`);
  const buyPath = `/c/${cid}/buys/${buy.id}`;

  // --- manage page → 导入接龙 → paste ---
  await page.goto(`${buyPath}/manage`);
  await expect(page.getByRole('link', { name: '导入接龙' })).toBeVisible();
  await shot(page, '01-manage');
  await page.getByRole('link', { name: '导入接龙' }).click();
  await expect(page).toHaveURL(/\/import$/);
  await page.getByTestId('jielong-text').fill(LIST);
  await shot(page, '02-paste');
  await page.getByRole('button', { name: '识别' }).click();

  // --- review: three understood, one unsure (which item?), one chatter line ---
  await expect(page.getByTestId('jielong-counts')).toContainText('看懂 3 行 · 要确认 1 行 · 看不懂 1 行');
  await expect(page.getByTestId('jielong-understood')).toHaveCount(3);
  const unsure = page.getByTestId('jielong-unsure');
  await expect(unsure).toHaveCount(1);
  await expect(unsure).toContainText('没写要哪样东西');
  await expect(page.getByTestId('jielong-unreadable')).toContainText('谢谢团长！');
  await expect(page.getByTestId('jielong-commit')).toHaveText('导入 3 户');
  await shot(page, '03-review');

  // Fix it: 2-201 wants two boxes of eggs.
  await unsure.getByLabel('鸡蛋').fill('2');
  await unsure.getByTestId('jielong-fix-include').check();
  await expect(unsure.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('jielong-commit')).toHaveText('导入 4 户');
  await shot(page, '04-fixed');
  await page.getByTestId('jielong-commit').click();

  // --- the buy page shows the orders, numbered in list order ---
  await expect(page).toHaveURL(new RegExp(`${buyPath}$`));
  const entries = page.getByTestId('jielong-entry');
  await expect(entries).toHaveCount(4);
  await expect(entries.nth(0)).toContainText('1-101');
  await expect(entries.nth(0)).toContainText('鸡蛋×2');
  await expect(entries.nth(1)).toContainText('1-102');
  await expect(entries.nth(1)).toContainText('牛奶×1');
  await expect(entries.nth(2)).toContainText('2-201');
  await expect(entries.nth(2)).toContainText('鸡蛋×2');
  await expect(entries.nth(3)).toContainText('3-101');
  await shot(page, '05-buy-orders');

  // --- back on the manage page: copy the 接龙 and the summary ---
  await page.goto(`${buyPath}/manage`);
  await page.getByTestId('copy-jielong').click();
  await expect(page.getByTestId('jielong-copied-text')).toContainText('4. 3-101 鸡蛋1盒');
  expect(await page.evaluate('navigator.clipboard.readText()')).toContain('1. 1-101 鸡蛋2盒');
  await page.getByTestId('copy-summary').click();
  await expect(page.getByTestId('jielong-copied-text')).toContainText(
    '鸡蛋 共5盒：1号楼101室2盒、2号楼201室2盒、3号楼101室1盒',
  );
  await page.getByTestId('jielong-copied-text').scrollIntoViewIfNeeded();
  await shot(page, '06-copied-summary');

  // Importing the same list again adds nothing: everything is "imported before".
  await page.getByRole('link', { name: '导入接龙' }).click();
  await page.getByTestId('jielong-text').fill(LIST);
  await page.getByRole('button', { name: '识别' }).click();
  await expect(page.getByTestId('jielong-counts')).toContainText(
    '看懂 0 行 · 要确认 0 行 · 看不懂 1 行 · 已导入过 4 行',
  );
  await expect(page.getByTestId('jielong-commit')).toBeDisabled();

  // A longer list: only the new line needs a look (2-202 is not verified, and which item?).
  await page.getByRole('button', { name: '重新粘贴' }).click();
  await page.getByTestId('jielong-text').fill(`${LIST}\n5. 2-202 三盒`);
  await page.getByRole('button', { name: '识别' }).click();
  await expect(page.getByTestId('jielong-unsure')).toContainText('这户还没核验');

  // Elder mode: the review still fits a small phone.
  await page.evaluate("document.documentElement.classList.add('elder')");
  await shot(page, '07-review-elder');
  expect(pageErrors).toEqual([]);
});
