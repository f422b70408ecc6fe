import { statSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { ARTIFACTS, householdId, phone, screenshots, seedCompound } from './support.ts';

// The group-buy journey on three phones: a leader creates and publishes a buy with a small stock; two
// residents join and see each other's entries appear live (no reload); the second is waitlisted behind a
// neighbour the leader put on the list, sees his place in the queue move up when she drops out, then the
// first cancels and the second is promoted live; the leader closes the buy and downloads the supplier
// sheet. The compound, households and verifications are seeded through the API. Every screen is saved
// to e2e/artifacts/ (buys-*.png) to be looked at.

const shot = screenshots('buys');

test('leader publishes, two residents join live, waitlist and promotion, close and export', async ({
  browser,
}) => {
  // Four phones and a whole buy: 1.6–1.9 min in this machine's CI runs today, and once 2.0, past the 2 min it had.
  test.setTimeout(180_000);
  const leader = await phone(browser, 360, 780);
  const alice = await phone(browser, 390, 844);
  const bob = await phone(browser, 375, 812);

  // --- seed: compound, households, two verified residents ---
  const pageErrors: string[] = [];
  for (const p of [leader, alice, bob]) p.on('pageerror', (e) => pageErrors.push(e.message));
  const { lead, cid } = await seedCompound(leader, {
    leaderName: '李团长',
    name: '阳光花园',
    address: '浦东新区锦绣路 100 弄',
    buildings: { to: 3, floors: 6, roomsPerFloor: 2 },
    residents: [
      [alice, '王阿姨', '1-101'],
      [bob, '张叔叔', '2-502'],
    ],
  });
  // 3-101 belongs to a neighbour without a phone: registered as a proxy household (代登记).
  await lead.post(`/api/communities/${cid}/proxies`, {
    householdId: await householdId(lead, cid, '3-101'),
    contactName: '赵奶奶',
  });
  const base = `/c/${cid}`;

  // --- residents wait: Alice on the 团购 tab, Bob on the home; neither has anything to show yet ---
  await alice.goto(`${base}/buys`);
  await bob.goto(base);
  for (const p of [alice, bob]) await expect(p.getByText('现在还没有团购')).toBeVisible();
  const listFetches = (p: typeof alice) => {
    const seen: string[] = [];
    p.on('request', (r) => {
      if (new URL(r.url()).pathname === `/api/communities/${cid}/buys`) seen.push(r.url());
    });
    return seen;
  };
  const waiting = [listFetches(alice), listFetches(bob)];
  // Bob's home also shows his newest notices (limit=3): loaded once, not again when the bell rings.
  const latestFetches: string[] = [];
  bob.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === `/api/communities/${cid}/notifications` && url.searchParams.get('limit') === '3')
      latestFetches.push(r.url());
  });

  // --- leader: empty list, then the three-step wizard ---
  await leader.goto(`${base}/buys`);
  await expect(leader.getByText('现在还没有团购')).toBeVisible();
  await shot(leader, '01-list-empty');
  await leader.getByRole('link', { name: '发起团购' }).click();
  await leader.getByLabel('团购名称').fill('崇明土鸡蛋');
  await leader.getByLabel('供应商', { exact: false }).first().fill('崇明农场');
  await leader.getByLabel('团长费').fill('1.5');
  // Expected two days from now (a calendar day, as the date input takes it).
  const twoDays = new Date(Date.now() + 2 * 86_400_000);
  const expected = `${twoDays.getFullYear()}-${String(twoDays.getMonth() + 1).padStart(2, '0')}-${String(twoDays.getDate()).padStart(2, '0')}`;
  await leader.getByLabel('预计送达日期').fill(expected);
  await shot(leader, '02-wizard-basics');
  await leader.getByRole('button', { name: '下一步' }).click();
  await leader.getByLabel('商品名称').fill('土鸡蛋');
  await leader.getByLabel('规格').fill('30枚/盒');
  await leader.getByLabel('单位').fill('盒');
  await leader.getByLabel('单价').fill('25.5');
  await leader.getByLabel('库存').fill('2');
  await leader.getByLabel('每户限购').fill('2');
  await shot(leader, '03-wizard-items');
  await leader.getByRole('button', { name: '下一步' }).click();
  await leader.getByLabel('最少总份数').fill('1');
  await expect(leader.getByText('土鸡蛋 · ¥25.50 · 库存 2')).toBeVisible();
  await shot(leader, '04-wizard-threshold');
  await leader.getByRole('button', { name: '发布团购' }).click();
  await expect(leader).toHaveURL(/\/buys\/[0-9a-f-]{36}$/);
  const buyPath = new URL(leader.url()).pathname;
  await expect(leader.getByText('接龙中').first()).toBeVisible();
  await expect(leader.getByText('每户 ¥1.50（公开）')).toBeVisible();

  // --- the waiting residents are offered the buy as it opens, by their bell: no list is refetched ---
  for (const p of [alice, bob]) {
    await expect(p.getByTestId('new-buys')).toContainText('有 1 个新团购开团了');
    await expect(p.getByText('现在还没有团购')).toBeHidden();
  }
  expect(waiting).toEqual([[], []]);
  await expect(bob.getByTestId('latest-more')).toContainText('有 1 条新消息');
  expect(latestFetches).toEqual([]);
  await shot(alice, '04b-list-new-buy');
  await shot(bob, '04c-home-new-buy');
  await alice.getByRole('link', { name: '去看看' }).click();
  await expect(alice).toHaveURL(new RegExp(`${buyPath}$`));
  await expect(alice.getByRole('heading', { name: '崇明土鸡蛋' })).toBeVisible();

  // --- residents: the home shows the open buy; both open the buy page and stay on it ---
  await alice.goto(base);
  await expect(alice.getByTestId('buy-card').filter({ hasText: '崇明土鸡蛋' })).toBeVisible();
  await expect(alice.getByText('还差 1 份成团')).toBeVisible();
  await shot(alice, '05-home-open-buy');
  await alice.getByRole('link', { name: '团购', exact: true }).click();
  await expect(alice.getByTestId('buy-card')).toHaveCount(1);
  await shot(alice, '06-list-open');
  await alice.getByTestId('buy-card').click();
  await bob.goto(buyPath);
  for (const p of [alice, bob]) {
    await expect(p.getByText('实时更新')).toBeVisible();
    await p.evaluate('window.__sameDocument = true'); // gone if the page reloads
  }
  await shot(alice, '07-buy-join-form');
  // Bob's page takes the 接龙 line and the stock left from the events: a neighbour's join costs it no
  // request at all (no refetch of the whole list, nor of the buy). The tab bar's badge is not the page: its
  // bell may still be ringing for the buy's opening (a ring asks the count up to 3 s later).
  const bobFetches: string[] = [];
  bob.on('request', (r) => {
    const url = r.url();
    if (url.includes('/api/') && !url.endsWith('/events') && !url.includes('/notifications'))
      bobFetches.push(`${r.method()} ${url}`);
  });

  // Alice takes both boxes; Bob sees her entry appear without reloading.
  await alice.getByRole('button', { name: '土鸡蛋 加一份' }).click();
  await alice.getByRole('button', { name: '土鸡蛋 加一份' }).click();
  await expect(alice.getByRole('button', { name: '土鸡蛋 加一份' })).toBeDisabled(); // per-household max
  await alice.getByRole('button', { name: '参加接龙' }).click();
  await expect(alice.getByTestId('my-order')).toContainText('已分到 2 份');
  await expect(alice.getByTestId('my-order')).toContainText('应付 ¥52.50');
  await expect(bob.getByTestId('jielong-entry').filter({ hasText: '1-101' })).toContainText('土鸡蛋×2');
  await expect(bob.getByText('已抢完，可排队')).toBeVisible();
  expect(bobFetches).toEqual([]);
  await shot(alice, '08-buy-joined');

  // Meanwhile the leader puts 3-101 (赵奶奶, no phone) on the list by phone call: one box, waiting. Bob's
  // page shows her line before he joins (behind her).
  const buyId = buyPath.split('/').pop()!;
  const { items } = await lead.get<{ items: { id: string }[] }>(`/api/buys/${buyId}`);
  const forZhao = `/api/buys/${buyId}/orders/households/${await householdId(lead, cid, '3-101')}`;
  await lead.put(forZhao, { lines: [{ itemId: items[0]!.id, qty: 1 }] });
  await expect(bob.getByTestId('jielong-entry').filter({ hasText: '3-101' })).toContainText('排队中');

  // Bob joins with one box: sold out, so he is waitlisted; Alice sees him appear, waiting. His join's answer
  // is held until his page has its echo, as in a rush, when answers wait for their group commit.
  await bob.getByRole('button', { name: '土鸡蛋 加一份' }).click();
  await expect(bob.getByText(/1 份会排队/)).toBeVisible();
  await shot(bob, '09-buy-will-wait');
  const bobLine = bob.getByTestId('jielong-entry').filter({ hasText: '2-502' });
  await bob.route('**/orders/mine', async (route) => {
    const answer = await route.fetch();
    await expect(bobLine).toBeVisible();
    await route.fulfill({ response: answer });
  });
  await bob.getByRole('button', { name: '参加接龙' }).click();
  await expect(bob.getByTestId('my-order')).toContainText('已排队 1 份');
  await expect(bob.getByTestId('queue-place')).toHaveText('前面还有 1 份在排队');
  await expect(bob.getByTestId('my-order')).toContainText('应付 ¥0.00');
  const bobEntry = alice.getByTestId('jielong-entry').filter({ hasText: '2-502' });
  await expect(bobEntry).toContainText('排队中');
  // His own join's echo costs his page no fetch of his order (its answer is shown, or on its way) nor of the
  // list; a refresh runs at most 3 s after an event.
  await bob.waitForTimeout(3_500);
  expect(bobFetches.filter((u) => /^GET .*(\/orders\/mine|\/api\/me\/orders|\/list)/.test(u))).toEqual([]);
  await bob.unroute('**/orders/mine');
  await shot(bob, '10-buy-waitlisted');
  // 赵奶奶 drops out (the leader cancels for her): Bob's page learns his place moved, without a reload, and
  // counts it from the list its events keep current: no fetch of his order.
  const fetchedBefore = bobFetches.length;
  await lead.delete(forZhao);
  await expect(bob.getByTestId('queue-place')).toHaveText('排在最前：空出一份就先补给你');
  await expect(bob.getByTestId('jielong-entry').filter({ hasText: '3-101' })).toHaveCount(0);
  await bob.waitForTimeout(3_500);
  expect(bobFetches.slice(fetchedBefore).filter((u) => /^GET .*\/orders\/mine/.test(u))).toEqual([]);
  await shot(bob, '10b-buy-first-in-line');

  // Alice cancels; Bob is promoted, live on both phones. The promotion's event carries Bob's new line and the
  // stock: neither page fetches the list or the buy, and only Bob's fetches his order (it changed).
  const aliceFetches: string[] = [];
  alice.on('request', (r) => {
    const url = r.url();
    if (url.includes('/api/') && !url.endsWith('/events') && !url.includes('/notifications'))
      aliceFetches.push(`${r.method()} ${url}`);
  });
  const bobBefore = bobFetches.length;
  await alice.getByRole('button', { name: '取消订单' }).click();
  await expect(alice.getByRole('dialog')).toContainText('确定取消订单吗？');
  await shot(alice, '11-cancel-dialog');
  await alice.getByRole('dialog').getByRole('button', { name: '取消订单' }).click();
  await expect(alice.getByRole('dialog')).toHaveCount(0);
  await expect(alice.getByTestId('jielong-entry').filter({ hasText: '1-101' })).toHaveCount(0);
  await expect(bob.getByTestId('my-order')).toContainText('已分到 1 份');
  await expect(bob.getByTestId('my-order')).toContainText('应付 ¥27.00');
  await expect(bobEntry).not.toContainText('排队中');
  await expect(bob.getByTestId('jielong-entry').filter({ hasText: '1-101' })).toHaveCount(0);
  await bob.waitForTimeout(3_500);
  const gets = (fetched: string[]) =>
    fetched
      .filter((u) => u.startsWith('GET ') && !u.includes('/api/me?'))
      .map((u) => u.replace(/^.*\/api\//, ''));
  expect(gets(aliceFetches)).toEqual([]);
  expect(gets(bobFetches.slice(bobBefore))).toEqual([`buys/${buyId}/orders/mine`]);
  for (const p of [alice, bob]) expect(await p.evaluate('window.__sameDocument')).toBe(true);
  await shot(bob, '12-buy-promoted');

  // Elder mode on the same screen: big text and buttons, nothing wider than the phone.
  await bob.getByRole('button', { name: '长辈模式' }).click();
  await expect(bob.locator('html')).toHaveClass(/elder/);
  await shot(bob, '13-buy-elder');
  // An item's lines end where its box does: in elder mode's column a row's flex-basis was 9rem of blank height.
  const blankUnder = await bob
    .locator('.item-main')
    .evaluateAll((els) =>
      els.map(
        (el) => el.getBoundingClientRect().bottom - el.lastElementChild!.getBoundingClientRect().bottom,
      ),
    );
  expect(blankUnder.length).toBeGreaterThan(0);
  for (const blank of blankUnder) expect(blank).toBeLessThan(4);
  await bob.getByRole('button', { name: '长辈模式' }).click();

  // --- leader (an admin): 代下单 for a neighbour without a phone, picking building then room ---
  await leader.goto(buyPath);
  await leader.getByRole('button', { name: '选择楼栋和房间' }).click();
  await leader.getByLabel('楼栋').selectOption({ label: '3号楼' });
  await leader.getByLabel('房间').selectOption({ label: '101（代登记）' });
  await expect(leader.getByTestId('proxy-no-order')).toHaveText('这户还没有接龙');
  await leader.getByRole('button', { name: '土鸡蛋 加一份' }).click();
  await leader.getByRole('button', { name: '参加接龙' }).click();
  await expect(leader.getByTestId('proxy-result')).toContainText('已分到 1 份');
  await expect(leader.getByText(/会排队/)).toHaveCount(0); // what the order holds counts as available
  await expect(bob.getByTestId('jielong-entry').filter({ hasText: '3-101' })).toContainText('土鸡蛋×1');
  await shot(leader, '14a-proxy-order');
  // Coming back to the same neighbour later: their order is there to change, not a blank form.
  await leader.reload();
  await leader.getByRole('button', { name: '选择楼栋和房间' }).click();
  await leader.getByLabel('楼栋').selectOption({ label: '3号楼' });
  await leader.getByLabel('房间').selectOption({ label: '101（代登记）' });
  await expect(leader.getByTestId('proxy-result')).toContainText('这户现在的接龙');
  await expect(leader.getByTestId('proxy-result')).toContainText('已分到 1 份');
  await expect(leader.getByRole('button', { name: '取消 3-101 的订单' })).toBeVisible();
  // 赵奶奶 has no phone to read her notices: they come to the one who registered her home (the leader, an
  // admin), marked 代管 3-101: her box waited, then was cancelled for her.
  await leader.goto(`${base}/notifications`);
  const forZhaoNotices = leader
    .getByTestId('notification')
    .filter({ has: leader.getByTestId('notification-for') });
  await expect(forZhaoNotices.filter({ hasText: '3-101 的 土鸡蛋×1 在排队' })).toHaveCount(1);
  await expect(forZhaoNotices.filter({ hasText: '取消了 3-101 的订单' })).toHaveCount(1);
  for (const tag of await forZhaoNotices.getByTestId('notification-for').all())
    await expect(tag).toHaveText('代管 3-101');
  await shot(leader, '14b-proxy-notices');

  // Alice joins again and waits; the leader adds a box of stock: Alice is promoted, live. The edit renames no
  // item and its promotion carries Alice's line, so both pages fetch the buy and their order, not the list.
  await alice.getByRole('button', { name: '土鸡蛋 加一份' }).click();
  await alice.getByRole('button', { name: '参加接龙' }).click();
  await expect(alice.getByTestId('my-order')).toContainText('已排队 1 份');
  const aliceInBob = bob.getByTestId('jielong-entry').filter({ hasText: '1-101' });
  await expect(aliceInBob).toContainText('排队中');
  await bob.waitForTimeout(3_500);
  const [bobBeforeRestock, aliceBeforeRestock] = [bobFetches.length, aliceFetches.length];
  await lead.patch(`/api/buys/${buyId}`, {
    items: [{ id: items[0]!.id, name: '土鸡蛋', priceFen: 2550, stock: 3 }],
  });
  await expect(alice.getByTestId('my-order')).toContainText('已分到 1 份');
  await expect(alice.getByTestId('my-order')).toContainText('应付 ¥27.00');
  await expect(aliceInBob).not.toContainText('排队中');
  await bob.waitForTimeout(3_500);
  for (const fetched of [bobFetches.slice(bobBeforeRestock), aliceFetches.slice(aliceBeforeRestock)])
    expect([...new Set(gets(fetched))].sort()).toEqual([`buys/${buyId}`, `buys/${buyId}/orders/mine`]);
  for (const p of [alice, bob]) expect(await p.evaluate('window.__sameDocument')).toBe(true);

  // --- leader: manage, close now, download the supplier sheet, printable packing list ---
  await leader.goto(`${buyPath}/manage`);
  await expect(leader.getByTestId('manage-orders')).toContainText('2-502');
  await expect(leader.getByTestId('manage-orders')).toContainText('3-101');
  // Finding one household: the room as a Chinese keyboard types it, then the households ordered for someone.
  const search = leader.getByRole('searchbox', { name: '搜房号、序号或联系人' });
  await search.fill('３１０１');
  await expect(leader.getByTestId('manage-orders')).not.toContainText('2-502');
  await expect(leader.getByTestId('manage-orders')).toContainText('3-101');
  await search.fill('9-999');
  await expect(leader.getByText('没有符合的住户')).toBeVisible();
  await search.fill('');
  await leader.getByRole('radio', { name: '代办 1' }).click();
  await expect(leader.getByTestId('manage-orders')).not.toContainText('2-502');
  await expect(leader.getByTestId('manage-orders')).toContainText('3-101');
  await shot(leader, '14b-manage-search');
  await leader.getByRole('radio', { name: /^全部/ }).click();
  await expect(leader.getByTestId('manage-orders')).toContainText('2-502');
  await shot(leader, '14-manage-open');
  await leader.getByRole('button', { name: '立即截单' }).click();
  await expect(leader.getByRole('dialog')).toContainText('现在截单？');
  const bobBeforeClose = bobFetches.length;
  await leader.getByRole('dialog').getByRole('button', { name: '立即截单' }).click();
  await expect(leader.getByText('已截单').first()).toBeVisible();
  await expect(bob.getByText('已截单').first()).toBeVisible(); // live on the resident's page too
  // The close's events carry the buy's new status, and the page shows it with no request at all: not the
  // buy, not his order, not the list (nor for the ledger's event that follows the close). The page of a
  // closed buy links to paying.
  await expect(bob.getByRole('link', { name: '付款', exact: true })).toBeVisible();
  await bob.waitForTimeout(3_500);
  expect(gets(bobFetches.slice(bobBeforeClose))).toEqual([]);
  expect(await bob.evaluate('window.__sameDocument')).toBe(true);
  await shot(leader, '15-manage-closed');
  const downloading = leader.waitForEvent('download');
  await leader.getByRole('link', { name: '供应商订单（Excel）' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = await download.path();
  expect(statSync(file).size).toBeGreaterThan(1000);
  await download.saveAs(`${ARTIFACTS}/buys-supplier.xlsx`);
  await leader.getByRole('link', { name: '打印分装单' }).click();
  await expect(leader.getByRole('heading', { name: '分装单' })).toBeVisible();
  await expect(leader.getByText('2-502')).toBeVisible();
  await shot(leader, '16-packing');

  // --- 再开一团: the leader starts tomorrow's buy from this one; its items, prices and rules are filled in ---
  await leader.goto(`${buyPath}/manage`);
  await leader.getByRole('link', { name: '再开一团' }).click();
  await expect(leader).toHaveURL(/\/buys\/new\?from=/);
  await expect(leader.getByTestId('copy-note')).toContainText('照着「崇明土鸡蛋」再开一团');
  await expect(leader.getByLabel('团购名称')).toHaveValue('崇明土鸡蛋');
  await expect(leader.getByLabel('团长费')).toHaveValue('1.50');
  await expect(leader.getByLabel('截止时间')).toHaveValue(/T20:00$/);
  await shot(leader, '16a-again-basics');
  await leader.getByRole('button', { name: '下一步' }).click();
  await expect(leader.getByLabel('商品名称')).toHaveValue('土鸡蛋');
  await expect(leader.getByLabel('单价')).toHaveValue('25.50');
  await leader.getByLabel('库存').fill('10');
  await leader.getByRole('button', { name: '下一步' }).click();
  await expect(leader.getByText('土鸡蛋 · ¥25.50 · 库存 10')).toBeVisible();
  await leader.getByRole('button', { name: '保存草稿' }).click();
  await expect(leader).toHaveURL(/\/buys\/[0-9a-f-]{36}\/edit$/);
  expect(new URL(leader.url()).pathname).not.toBe(`${buyPath}/edit`);
  await expect(leader.getByRole('heading', { name: '修改团购草稿' })).toBeVisible();
  await expect(leader.getByText('土鸡蛋 · ¥25.50 · 库存 10')).toBeVisible();

  // --- Bob: my orders, notifications (badge, text, mark read) ---
  // The badge comes with the bell, which says the count when it opens: the page loads without asking it.
  // The page Bob leaves polls its count every minute; this test reaches here more than a minute after it
  // opened on a slow machine, and its poll's request event can come in after the listener below is added.
  // Leaving it for a blank page first means every event of its requests has been emitted.
  await bob.goto('about:blank');
  const countAsks: string[] = [];
  bob.on('request', (r) => {
    if (new URL(r.url()).pathname === `/api/communities/${cid}/notifications`) countAsks.push(r.url());
  });
  await bob.goto(`${base}/me`); // 我的 → 我的订单
  await bob.getByRole('link', { name: '我的订单' }).click();
  await expect(bob.getByTestId('owed-total')).toHaveText('¥27.00');
  // The closed buy's order is to pay now, from here.
  await expect(bob.getByTestId('order-money')).toContainText('待付款');
  await expect(bob.getByRole('link', { name: '去付款' })).toHaveAttribute('href', `${buyPath}/pay`);
  // And when the goods are expected: the day the leader gave.
  await expect(bob.getByTestId('order-arrives')).toHaveText(
    new RegExp(`^预计${twoDays.getFullYear()}年${twoDays.getMonth() + 1}月${twoDays.getDate()}日.*到货$`),
  );
  await shot(bob, '17-my-orders');
  await expect(bob.getByTestId('unread-badge')).toBeVisible();
  expect(countAsks).toEqual([]);
  // Bob's other phone (the same account, signed in there too) has the notifications open, with the same badge.
  const bobOther = await phone(browser, 375, 812, { storageState: await bob.context().storageState() });
  bobOther.on('pageerror', (e) => pageErrors.push(e.message));
  await bobOther.goto(`${base}/notifications`);
  await expect(bobOther.getByTestId('unread-badge')).toHaveText(
    (await bob.getByTestId('unread-badge').textContent()) ?? '',
  );
  await expect(bobOther.locator('.notification-unread').first()).toBeVisible();
  await bob.getByRole('link', { name: /消息/ }).click();
  await expect(bob.getByTestId('notification').filter({ hasText: '排队补上了' })).toBeVisible();
  await shot(bob, '18-notifications');
  await bob.getByRole('button', { name: /全部标为已读/ }).click();
  await expect(bob.getByTestId('unread-badge')).toHaveCount(0);
  // The other phone's badge goes too, at once: its bell says `read` and it asks its count again (it polls
  // only every minute, and its page was not reloaded or hidden); its open list reloads, and the dots go.
  await expect(bobOther.getByTestId('unread-badge')).toHaveCount(0, { timeout: 5000 });
  await expect(bobOther.locator('.notification-unread')).toHaveCount(0, { timeout: 5000 });
  await bobOther.context().close();
  // This leader has added no payment code: Bob's pay page says how to pay instead of showing nothing.
  await bob.goto(`${buyPath}/pay`);
  await expect(bob.getByTestId('qr-none')).toContainText('团长还没上传收款码');

  // --- Alice in English: the buy list and the buy page ---
  await alice.getByRole('button', { name: 'Switch to English' }).click();
  await alice.goto(`${base}/buys`);
  await expect(alice.getByText('Closed', { exact: true }).first()).toBeVisible();
  await alice.goto(buyPath);
  await expect(alice.getByText('The list (3)')).toBeVisible();
  await shot(alice, '19-buy-english');
  expect(pageErrors).toEqual([]);
});
