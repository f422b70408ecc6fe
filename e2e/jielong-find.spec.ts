import { expect, test } from '@playwright/test';
import { phone, screenshots, seedCompound } from './support.ts';

// A long 接龙 on a phone: a resident finds one household's line by room (typed with a Chinese keyboard's
// full-width digits) or by its number, without scrolling through the rest. Phones have no "find in page" a
// resident would reach for. The list draws its first 50 lines and the rest as the resident scrolls to its end
// (a rush's thousands of lines drawn at once froze old phones). Screens are saved to e2e/artifacts/find-*.png
// to be looked at.

const shot = screenshots('find');

test('a resident finds one line in a long 接龙 by room or number, and scrolls to its end', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const leader = await phone(browser, 360, 780);
  const resident = await phone(browser, 360, 740);
  const { lead, cid, residents } = await seedCompound(leader, {
    leaderName: '孙团长',
    name: '桂花里',
    buildings: { to: 3, floors: 5, roomsPerFloor: 4 },
    residents: [[resident, '周阿姨', '1-101']],
  });
  const buy = await lead.post<{ id: string; items: { id: string }[] }>(`/api/communities/${cid}/buys`, {
    title: '青菜',
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    items: [{ name: '青菜', unit: '袋', priceFen: 1000, stock: 100, perHouseholdMax: 2 }],
  });
  await lead.post(`/api/buys/${buy.id}/publish`);
  const lines = [{ itemId: buy.items[0]!.id, qty: 1 }];
  // 59 households, registered as proxy households (代登记) and ordered for by the leader, an admin, in the
  // order of their labels ("3-504" is line 59); then the resident joins, last: line 60.
  const { households } = await lead.get<{ households: { id: string; label: string }[] }>(
    `/api/communities/${cid}/households`,
  );
  const ids = new Map(households.map((h) => [h.label, h.id]));
  const labels = [1, 2, 3].flatMap((b) =>
    [1, 2, 3, 4, 5].flatMap((f) => [1, 2, 3, 4].map((r) => `${b}-${f}0${r}`)),
  );
  for (const label of labels.filter((l) => l !== '1-101')) {
    const id = ids.get(label)!;
    await lead.post(`/api/communities/${cid}/proxies`, { householdId: id, contactName: `邻居${label}` });
    await lead.put(`/api/buys/${buy.id}/orders/households/${id}`, { lines });
  }
  await residents['1-101']!.put(`/api/buys/${buy.id}/orders/mine`, { lines });

  await resident.goto(`/c/${cid}/buys/${buy.id}`);
  const list = resident.getByTestId('jielong-entry');
  await expect(resident.getByText('接龙（60）')).toBeVisible();
  await expect(list).toHaveCount(50);
  const more = resident.getByTestId('jielong-more');
  await expect(more).toHaveText('再显示 10 条（已显示 50 / 60）');
  const find = resident.getByRole('searchbox', { name: '找一户：房号或接龙序号' });
  await find.fill('２－３０２');
  await expect(list).toHaveCount(1);
  await expect(list).toContainText('2-302');
  await expect(resident.getByRole('status')).toHaveText('找到 1 条');
  await shot(resident, '01-room');
  await find.fill('7'); // in no room's label: line 7 only
  await expect(list).toHaveCount(1);
  await expect(list).toContainText('7.');
  await find.fill('3-504'); // line 59, below the lines drawn
  await expect(list).toHaveCount(1);
  await expect(list).toContainText('59.');
  await find.fill('9-999');
  await expect(resident.getByText('没有找到这一户')).toBeVisible();
  await find.fill('');
  await expect(list).toHaveCount(50);
  // My line is below those drawn: the page offers to find it, and marks it as mine.
  const findMine = resident.getByTestId('jielong-find-mine');
  await expect(findMine).toHaveText('看我家这条（第 60 条）');
  await shot(resident, '02-find-mine');
  await findMine.click();
  await expect(find).toHaveValue('1-101');
  await expect(list).toHaveCount(1);
  await expect(resident.locator('.jielong-mine')).toContainText('60.1-101');
  await expect(findMine).toHaveCount(0);
  await shot(resident, '03-mine');
  await find.fill('');
  await expect(findMine).toBeVisible();
  // Scrolling to the end of the list draws the rest, with no tap, mine among them.
  // (The last line drawn to the top of the screen, not the offer's button into view: the list may draw the rest,
  // and the button go, as line 50 comes into view.)
  await list.nth(49).scrollIntoViewIfNeeded();
  await list.last().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await expect(list).toHaveCount(60);
  await expect(more).toHaveCount(0);
  await expect(findMine).toHaveCount(0);
  await expect(list.last()).toContainText('60.1-101');
  await expect(list.nth(58)).toContainText('59.3-504');
});
