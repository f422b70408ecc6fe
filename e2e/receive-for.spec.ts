import { expect, test } from '@playwright/test';
import { householdId, phone, screenshots, seedCompound, seedVolunteer } from './support.ts';

// 代签收: a neighbour without a smartphone (a proxy household) cannot press 我收到了 or 有问题; the building's
// volunteer, who ordered for her and took the eggs to her door, does it for her from 送货到户, pays for her and
// hands her refund over (代付, 代收退款). The compound, the order, the arrival, the delivery mark and the refund are
// seeded through the API. Screens: e2e/artifacts/recv-*.png.

const shot = screenshots('recv');

test('a volunteer confirms receipt for an elderly neighbour and reports a broken egg for her', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const leader = await phone(browser, 390, 844);
  const volunteer = await phone(browser, 360, 780);
  const pageErrors: string[] = [];
  volunteer.on('pageerror', (e) => pageErrors.push(e.message));
  const { lead, cid, inviteCode } = await seedCompound(leader, {
    leaderName: '李团长',
    name: '阳光花园',
    buildings: { to: 1, floors: 2, roomsPerFloor: 2 },
    residents: [],
  });
  const vol = await seedVolunteer(volunteer, lead, { cid, inviteCode }, '刘楼长');
  const zhou = await householdId(lead, cid, '1-202');
  await vol.post(`/api/communities/${cid}/proxies`, { householdId: zhou, contactName: '周奶奶' });
  const buy = await lead.post<{ id: string; items: { id: string }[] }>(`/api/communities/${cid}/buys`, {
    title: '崇明土鸡蛋',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    items: [{ name: '土鸡蛋', unit: '盒', priceFen: 2500, stock: 50, perHouseholdMax: 5 }],
  });
  const egg = buy.items[0]!.id;
  await lead.post(`/api/buys/${buy.id}/publish`);
  await vol.put(`/api/buys/${buy.id}/orders/households/${zhou}`, { lines: [{ itemId: egg, qty: 2 }] });
  await lead.post(`/api/buys/${buy.id}/close`);
  await lead.post(`/api/buys/${buy.id}/confirm`);
  await lead.post(`/api/buys/${buy.id}/arrival`, {
    policy: 'seq',
    received: [{ itemId: egg, receivedQty: 2 }],
  });
  const mine = await vol.get<{ package: { code: string } }>(
    `/api/buys/${buy.id}/packages/households/${zhou}`,
  );
  await vol.post(`/api/buys/${buy.id}/packages/deliver`, { code: mine.package.code, method: 'door' });
  const base = `/c/${cid}/buys/${buy.id}`;

  // 送货到户: 1-202 was taken to her door; nobody there can confirm it, so the row offers 代签收.
  await volunteer.goto(`${base}/deliveries`);
  await volunteer.getByRole('button', { name: '只看未送' }).click(); // show every row, delivered ones too
  const row = volunteer.getByTestId('package-row').filter({ hasText: '1-202' });
  await expect(row).toContainText('已送到门口');
  await shot(volunteer, 'row');
  await row.getByRole('link', { name: '代签收' }).click();
  await expect(volunteer).toHaveURL(new RegExp(`${base}/package\\?household=`));
  await expect(volunteer.getByRole('heading', { name: '1-202 的包裹（代签收）' })).toBeVisible();
  await expect(volunteer.getByTestId('receive-for-hint')).toContainText('这户不用手机，你替它收货');
  await expect(volunteer.getByTestId('pickup-qr')).toHaveCount(0);
  await shot(volunteer, 'package');
  await volunteer.getByRole('button', { name: '代签收' }).click();
  await expect(volunteer.getByText('已代签收')).toBeVisible();
  await expect(volunteer.locator('.pkg-confirmed')).toHaveText('住户已确认');

  // One egg box was cracked: reported for her, as she would have.
  await volunteer.getByRole('button', { name: '有问题' }).click();
  await volunteer.getByRole('radio', { name: '东西坏了' }).click();
  await volunteer.getByRole('button', { name: '土鸡蛋 加一' }).click();
  await volunteer.getByLabel('说明（可不填）').fill('一盒裂了');
  await volunteer.getByRole('button', { name: '提交' }).click();
  await expect(volunteer.getByText('已告诉团长，请等处理')).toBeVisible();
  await expect(volunteer.getByRole('heading', { name: '替这户反馈的问题' })).toBeVisible();
  await shot(volunteer, 'reported');

  // 代付款: she handed over her ¥50 in cash; the volunteer records it for her, and the leader confirms it.
  await volunteer.getByRole('link', { name: '代付款' }).click();
  await expect(volunteer.getByRole('heading', { name: '1-202 的付款（代付）' })).toBeVisible();
  await expect(volunteer.getByTestId('pay-for-hint')).toContainText('这户不用手机，你替它付款');
  await expect(volunteer.getByTestId('money-due')).toContainText('¥50.00');
  await expect(volunteer.getByRole('radio', { name: '现金' })).toBeChecked();
  await volunteer.getByLabel('付款备注（可选）').fill('周奶奶的现金，已交团长');
  await volunteer.getByRole('button', { name: '提交，等团长确认' }).click();
  await expect(volunteer.getByText('已提交，等团长确认')).toBeVisible();
  await shot(volunteer, 'pay');
  const { rows } = await lead.get<{ rows: { householdLabel: string; pending: { id: string } | null }[] }>(
    `/api/buys/${buy.id}/money/reconciliation`,
  );
  const pending = rows.find((r) => r.householdLabel === '1-202')!.pending!;
  await lead.post(`/api/payments/${pending.id}/confirm`);
  await volunteer.reload();
  await expect(volunteer.getByText('已结清')).toBeVisible();
  await volunteer.getByRole('link', { name: '返回' }).click();
  await expect(volunteer.getByRole('heading', { name: '1-202 的包裹（代签收）' })).toBeVisible();

  // Back on 送货到户: confirmed, and what is left is 有问题; the leader has the report to resolve.
  await volunteer.getByRole('link', { name: '返回' }).click();
  await expect(volunteer).toHaveURL(`${base}/deliveries`);
  await volunteer.getByRole('button', { name: '只看未送' }).click();
  await expect(row).toContainText('住户已确认');
  await expect(row.getByRole('link', { name: '有问题' })).toBeVisible();
  const { reports } = await lead.get<{ reports: { id: string; householdLabel: string; kind: string }[] }>(
    `/api/buys/${buy.id}/reports`,
  );
  expect(reports.map((r) => [r.householdLabel, r.kind])).toEqual([['1-202', 'damaged']]);
  await volunteer.getByRole('button', { name: '长辈模式' }).click();
  await shot(volunteer, 'row-elder');

  // 代收退款: the leader refunds the cracked box in cash, through the volunteer. Her notice (代管 1-202) opens her
  // pay page at its refunds, where the volunteer says the money is in her hands.
  await lead.post(`/api/delivery-reports/${reports[0]!.id}/resolve`, { resolution: 'refunded' });
  await lead.post(`/api/buys/${buy.id}/money/refunds`, { householdId: zhou, method: 'cash' });
  // Her refund is on the volunteer's 待办 too, under 代管 1-202.
  await volunteer.goto(`/c/${cid}`);
  const task = volunteer.getByTestId('todo').filter({ hasText: '团长退了这户 ¥25.00：交到老人手里后请确认' });
  await expect(task.getByTestId('todo-for')).toHaveText('代管 1-202');
  await shot(volunteer, 'todo-elder');
  await volunteer.goto(`/c/${cid}/notifications`);
  const notice = volunteer
    .getByTestId('notification')
    .filter({ hasText: '团长已退 1-202 ¥25.00，交到老人手里后请确认' });
  await expect(notice.getByTestId('notification-for')).toHaveText('代管 1-202');
  await notice.getByRole('link').click();
  await expect(volunteer).toHaveURL(new RegExp(`${base}/pay\\?household=${zhou}#refunds$`));
  await volunteer.getByRole('button', { name: '退款已交给 1-202' }).click();
  await expect(volunteer.getByText('已确认收到')).toBeVisible();
  await shot(volunteer, 'refund-elder');
  // The leader's 收款对账 lists the refunds sent: 1-202's, said to have arrived.
  await leader.goto(`${base}/money`);
  await expect(leader.getByTestId('refunds-sent').locator('li')).toHaveText([
    /1-202代登记已确认收到¥25\.00 · 现金/,
  ]);
  await shot(leader, 'refunds-sent');
  expect(pageErrors).toEqual([]);
});
