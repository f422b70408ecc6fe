import { expect, test } from '@playwright/test';
import { phone, screenshots, seedCompound } from './support.ts';

// Money on three phones: a resident marks her payment with a screenshot, the leader sees it with the
// screenshot and confirms, and the public ledger open on a neighbour's phone updates without a reload.
// The compound, the buy and the orders are seeded through the API. Screens go to e2e/artifacts/money-*.png.

const shot = screenshots('money');

test('a resident marks paid with a screenshot, the leader confirms, the public ledger updates', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const leader = await phone(browser, 375, 812);
  const alice = await phone(browser, 375, 812);
  const bob = await phone(browser, 360, 780);
  const pageErrors: string[] = [];
  for (const p of [leader, alice, bob]) p.on('pageerror', (e) => pageErrors.push(e.message));

  // --- seed: compound, two verified residents, a buy with a leader fee, two orders, closed ---
  const { lead, cid, residents } = await seedCompound(leader, {
    leaderName: '李团长',
    name: '阳光花园',
    buildings: { to: 2, floors: 6, roomsPerFloor: 2 },
    residents: [
      [alice, '王阿姨', '1-101'],
      [bob, '张叔叔', '2-502'],
    ],
  });
  const buy = await lead.post<{ id: string; items: { id: string }[] }>(`/api/communities/${cid}/buys`, {
    title: '崇明土鸡蛋',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    leaderFeeFen: 150,
    items: [{ name: '土鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2550, stock: 20 }],
  });
  await lead.post(`/api/buys/${buy.id}/publish`);
  await residents['1-101']!.put(`/api/buys/${buy.id}/orders/mine`, {
    lines: [{ itemId: buy.items[0]!.id, qty: 1 }],
  });
  await residents['2-502']!.put(`/api/buys/${buy.id}/orders/mine`, {
    lines: [{ itemId: buy.items[0]!.id, qty: 2 }],
  });
  await lead.post(`/api/buys/${buy.id}/close`);
  const base = `/c/${cid}/buys/${buy.id}`;

  // --- leader: the payment QR code, uploaded on the reconciliation page, where the home's 待办 leads ---
  // The ledger charges the households a moment after the close: the home asks once when it loads.
  const qrTask = leader.getByTestId('todo').filter({ hasText: '还没有收款码' });
  await expect(async () => {
    await leader.goto(`/c/${cid}`);
    await expect(qrTask).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await expect(qrTask).toContainText('崇明土鸡蛋');
  await qrTask.getByRole('link').click();
  await expect(leader).toHaveURL(new RegExp(`${base}/money#qr$`));
  await expect(leader.getByTestId('reconcile-balance')).toContainText('2 户未付清');
  const qr = await leader.screenshot({ clip: { x: 0, y: 0, width: 200, height: 200 } });
  await leader.setInputFiles('#qr-file', { name: 'qr.png', mimeType: 'image/png', buffer: qr });
  await expect(leader.locator('img.money-qr')).toBeVisible();
  await expect(leader.getByText('换一张收款码')).toBeVisible();
  // The home no longer asks for it.
  await leader.goto(`/c/${cid}`);
  await expect(leader.getByTestId('todo').first()).toBeVisible();
  await expect(qrTask).toHaveCount(0);
  await leader.goBack();

  // --- Bob keeps the public ledger open: nothing collected yet ---
  await bob.goto(base);
  await bob.getByRole('link', { name: '公开账本' }).click();
  await expect(bob.getByTestId('ledger-collected')).toHaveText('¥0.00');
  await bob.evaluate('window.__sameDocument = true');
  await shot(bob, '01-ledger-before');

  // --- Alice: her home says what she owes; the QR code, "I paid" with a screenshot ---
  // The ledger charges the households a moment after the close: her home asks once when it loads.
  await expect(async () => {
    await alice.goto(`/c/${cid}`);
    await expect(alice.getByTestId('todo')).toHaveText(/还要付 ¥27\.00：去付款/, { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  await expect(alice.getByTestId('todo')).toContainText('崇明土鸡蛋');
  await shot(alice, '01a-home-to-pay');
  await alice.getByTestId('todo').getByRole('link').click();
  await expect(alice).toHaveURL(new RegExp(`${base}/pay$`));
  await expect(alice.getByTestId('money-owed')).toHaveText('¥27.00');
  await expect(alice.getByTestId('money-due')).toContainText('还需付 ¥27.00');
  await expect(alice.getByAltText('团长的收款二维码')).toBeVisible();
  await expect(alice.getByTestId('qr-how')).toContainText('长按二维码');
  await alice.getByText('微信', { exact: true }).click();
  await alice.getByLabel('付款备注（可选）').fill('尾号 0427');
  const proof = await alice.screenshot({ clip: { x: 0, y: 0, width: 300, height: 400 } });
  await alice.setInputFiles('#pay-screenshot', { name: 'proof.png', mimeType: 'image/png', buffer: proof });
  await expect(alice.getByTestId('file-chosen')).toContainText('proof.png');
  await expect(alice.getByTestId('file-chosen').getByAltText('已选的图片')).toBeVisible();
  await shot(alice, '02-pay-form');
  // Her screenshot is lost on the way the first time (an old phone on a congested network): the payment is in;
  // pressing again sends only the screenshot, not a second payment (which the server would refuse).
  const marks: string[] = [];
  alice.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith(`/api/buys/${buy.id}/money/payments`)) marks.push(r.url());
  });
  // It is lost twice; she gives up and comes back later: the waiting payment takes its screenshot then.
  await alice.route('**/api/payments/*/screenshot', (route) => route.abort('failed'), { times: 2 });
  await alice.getByRole('button', { name: '提交，等团长确认' }).click();
  await expect(alice.getByRole('alert')).toContainText('已经提交了，但照片没有传上去');
  await shot(alice, '02a-pay-screenshot-failed');
  const lostAgain = alice.waitForEvent('requestfailed', (r) => r.url().endsWith('/screenshot'));
  await alice.getByRole('button', { name: '重传截图' }).click();
  await lostAgain;
  await expect(alice.getByRole('alert')).toContainText('已经提交了，但照片没有传上去');
  await alice.reload();
  await expect(alice.getByTestId('my-payment')).toContainText('待确认');
  await expect(alice.getByTestId('my-payment')).not.toContainText('查看截图');
  await alice.getByLabel('补传付款截图').setInputFiles({
    name: 'proof.png',
    mimeType: 'image/png',
    buffer: proof,
  });
  expect(marks).toHaveLength(1);
  await expect(alice.getByTestId('my-payment')).toContainText('查看截图');
  await shot(alice, '03-pay-pending');
  // 我的订单 no longer asks her for it: paid, waiting for the leader.
  await alice.goto(`/c/${cid}/orders`);
  await expect(alice.getByTestId('owed-total')).toHaveText('¥0.00');
  await expect(alice.getByTestId('owed-more')).toContainText('¥27.00 已付款，等团长确认');
  await expect(alice.getByTestId('order-money')).toContainText('已付款，等团长确认');
  await expect(alice.getByRole('link', { name: '去付款' })).toHaveCount(0);
  await shot(alice, '03a-orders-pending');
  // Nor does her home: with nothing left to do, it has no 待办 at all.
  await alice.goto(`/c/${cid}`);
  await expect(alice.getByRole('heading', { name: '最新消息' })).toBeVisible();
  await expect(alice.getByTestId('todo')).toHaveCount(0);
  await expect(alice.getByRole('heading', { name: '待办' })).toHaveCount(0);
  await alice.goBack();
  await alice.goBack();
  await expect(alice.getByTestId('my-payment')).toContainText('待确认');
  // Her bell, as it stands before the leader confirms (the page stays open, no reload).
  await expect(alice.getByTestId('unread-badge')).toBeVisible();
  const unreadBefore = Number(await alice.getByTestId('unread-badge').textContent());
  await alice.evaluate('window.__sameDocument = true');

  // --- leader: the pending payment with its screenshot; confirm ---
  await leader.reload();
  const pending = leader.getByTestId('pending-payment');
  await expect(pending).toContainText('1-101');
  await expect(pending).toContainText('¥27.00');
  await expect(pending.locator('img.money-shot')).toBeVisible();
  await shot(leader, '04-reconcile-pending');
  await pending.getByRole('button', { name: '确认收到' }).click();
  await expect(leader.getByTestId('pending-payment')).toHaveCount(0);
  await expect(leader.getByTestId('household-row').filter({ hasText: '1-101' })).toContainText('已付清');
  await expect(leader.getByTestId('reconcile-balance')).toContainText('1 户未付清');
  await shot(leader, '05-reconcile-confirmed');
  // Who has not paid, to chase in the group chat: only them, then the message copied (labels, no names).
  await leader.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await leader.getByRole('button', { name: '只看未付清（1）' }).click();
  await expect(leader.getByTestId('household-row')).toHaveCount(1);
  await expect(leader.getByTestId('household-row')).toContainText('2-502');
  await leader.getByRole('button', { name: '复制未付款名单，发到群里' }).click();
  await expect(leader.getByText('已复制，可以粘贴到群里')).toBeVisible();
  const message = String(await leader.evaluate('navigator.clipboard.readText()'));
  expect(message).toMatch(
    /^【崇明土鸡蛋】还没付款的邻居：\n2-502 ¥\d+\.\d\d\n付款后请在邻里点「我已付款」，谢谢！$/,
  );
  expect(message).not.toContain('张叔叔');
  await shot(leader, '05a-reconcile-unpaid');
  // The home's 待办 line "1 户还没付款" opens the page that way, at the households.
  await leader.goto(`${base}/money?unpaid=1#households`);
  await expect(leader.getByRole('heading', { name: '各户情况' })).toBeInViewport();
  await expect(leader.getByRole('button', { name: '只看未付清（1）' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(leader.getByTestId('household-row')).toHaveCount(1);
  await leader.getByRole('button', { name: '只看未付清（1）' }).click();
  await expect(leader.getByTestId('household-row')).toHaveCount(2);

  // --- Bob's ledger updated live; Alice sees her payment confirmed ---
  await expect(bob.getByTestId('ledger-collected')).toHaveText('¥27.00');
  await expect(bob.getByTestId('ledger-lines')).toContainText('1-101');
  await expect(bob.getByTestId('ledger-lines')).not.toContainText('王阿姨');
  expect(await bob.evaluate('window.__sameDocument')).toBe(true);
  await shot(bob, '06-ledger-after');
  // Alice's bell rang: the badge counts the confirmation without a reload (GET …/notifications/events).
  await expect(alice.getByTestId('unread-badge')).toHaveText(String(unreadBefore + 1));
  expect(await alice.evaluate('window.__sameDocument')).toBe(true);
  await alice.reload();
  await expect(alice.getByTestId('my-payment')).toContainText('已确认');
  await expect(alice.getByText('已结清')).toBeVisible();
  await shot(alice, '07-pay-confirmed');
  // Elder mode on the same screen: big text, nothing wider than the phone.
  await alice.getByRole('button', { name: '长辈模式' }).click();
  await expect(alice.locator('html')).toHaveClass(/elder/);
  await shot(alice, '07a-pay-elder');
  await alice.getByRole('button', { name: '长辈模式' }).click();

  // --- the change history: Alice sees her own events ---
  await alice.getByRole('link', { name: '查看变更记录' }).click();
  await expect(alice.getByText('付款 · 确认收款')).toBeVisible();
  // Plain sentences, not developer diffs: statuses translated, items by name, no file keys or JSON.
  await expect(alice.getByText('状态：待确认 → 已确认')).toBeVisible();
  await expect(alice.getByText('上传了收款码')).toBeVisible();
  await expect(alice.locator('.audit-list')).not.toContainText('fileKey');
  await expect(alice.locator('.audit-list')).not.toContainText('{"');
  await shot(alice, '08-audit');
  await alice.getByRole('button', { name: '长辈模式' }).click();
  await expect(alice.locator('html')).toHaveClass(/elder/);
  await shot(alice, '08a-audit-elder');
  await alice.getByRole('button', { name: '长辈模式' }).click();
  // The leader sees the whole buy's trail (supplier, every household); then the same in English.
  await leader.goto(new URL(alice.url()).pathname);
  await expect(leader.getByText('状态：待确认 → 已确认')).toBeVisible();
  await shot(leader, '08b-audit-leader');
  await leader.getByRole('button', { name: 'EN' }).click();
  await expect(leader.getByText('Status: Waiting → Confirmed')).toBeVisible();
  await shot(leader, '08c-audit-leader-en');
  // Once confirmed, 我的订单 says it is paid up.
  await alice.goto(`/c/${cid}/orders`);
  await expect(alice.getByTestId('owed-total')).toHaveText('¥0.00');
  await expect(alice.getByTestId('order-money')).toContainText('已付清');
  await expect(alice.getByTestId('order-money')).toContainText('¥27.00');

  // --- 2-502 paid cash at the door instead of pressing "I paid": the leader records it (in English) ---
  await leader.goto(`${base}/money#households`);
  const row502 = leader.getByTestId('household-row').filter({ hasText: '2-502' });
  await row502.getByRole('button', { name: 'Record a payment' }).click();
  const received = leader.getByRole('dialog', { name: 'Paid in person by 2-502' });
  await expect(received.getByLabel('Amount received (yuan)')).not.toHaveValue('');
  await received.getByLabel('Amount received (yuan)').fill('99999');
  await expect(received.getByRole('alert')).toContainText('Enter an amount from 0.01 to');
  await received.getByLabel('Amount received (yuan)').fill('5');
  await received.getByLabel('Note (optional)').fill('cash at the door');
  await shot(leader, '08d-record-cash-en');
  await received.getByRole('button', { name: 'Received ¥5.00' }).click();
  await expect(leader.getByText('2-502 paid ¥5.00: recorded')).toBeVisible();
  await expect(row502).toContainText('paid ¥5.00');
  // The rest, as much as is due by default.
  await row502.getByRole('button', { name: 'Record a payment' }).click();
  await received.getByRole('button', { name: /^Received ¥/ }).click();
  await expect(leader.getByTestId('reconcile-balance')).toHaveText('The books balance ✓');

  // --- the leader's next buy shows the QR code uploaded for this one, until it gets its own (in English) ---
  const next = await lead.post<{ id: string }>(`/api/communities/${cid}/buys`, {
    title: '崇明土鸡蛋（第二期）',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    items: [{ name: '土鸡蛋', priceFen: 2550 }],
  });
  await leader.goto(`/c/${cid}/buys/${next.id}/money`);
  await expect(leader.getByTestId('qr-earlier')).toContainText('QR code you added to an earlier buy');
  await expect(leader.locator('img.money-qr')).toBeVisible();
  await expect(leader.getByText('Use another QR code')).toBeVisible();
  await shot(leader, '09-next-buy-qr-en');
  expect(pageErrors).toEqual([]);
});
