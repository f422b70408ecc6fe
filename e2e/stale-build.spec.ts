import { expect, test, type Page } from '@playwright/test';
import { phone, screenshots, seedCompound } from './support.ts';

// Linli is upgraded while a resident's phone keeps the page open: the screens it loads on demand are files the
// new build replaced (web/src/stale-build.ts). Opening one reloads the page into the new build, once; a file
// missing from the new build too ends on the page's error inside the compound's tabs, with 重新加载, never on a
// blank screen or in a loop of reloads. The screens are saved to e2e/artifacts/stale-*.png.

const shot = screenshots('stale');
const NOTIFICATIONS_CHUNK = /\/assets\/notifications-page-[^/]+\.js$/;

/** The server has a new build out: index.html names another entry script than the phone runs. */
async function newBuildOut(page: Page) {
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const html = await (await route.fetch()).text();
      await route.fulfill({
        contentType: 'text/html',
        body: html.replace(/src="\/assets\/index-/, 'src="/assets/index-new-'),
      });
    },
  );
}

/** PageBoundary's 这个页面没能打开. */
const pageError = (page: Page) => page.getByRole('alert').filter({ hasText: '这个页面没能打开' });

/** The resident's phone on the compound's home, counting the page's loads. */
async function residentAtHome(page: Page, name: string, label: string) {
  const leader = await phone(page.context().browser()!, 360, 780);
  const { cid } = await seedCompound(leader, {
    leaderName: '郑主任',
    name: '新村小区',
    buildings: { to: 2, floors: 2, roomsPerFloor: 2 },
    residents: [[page, name, label]],
  });
  const loads = { count: 0 };
  page.on('load', () => loads.count++);
  await page.goto(`/c/${cid}`);
  await expect(page.getByRole('heading', { name: `${name}，你好` })).toBeVisible();
  return { cid, loads };
}

test('a phone left open across an upgrade reloads into the new build when it opens a screen', async ({
  browser,
}) => {
  const page = await phone(browser, 360, 740);
  const { cid, loads } = await residentAtHome(page, '钱阿姨', '1-201');
  // The old build's file is gone (404) the first time; the new build's page finds it.
  await newBuildOut(page);
  let asked = 0;
  await page.route(NOTIFICATIONS_CHUNK, (route) =>
    ++asked === 1 ? route.fulfill({ status: 404, body: 'Not Found' }) : route.continue(),
  );
  await page.getByRole('link', { name: '消息' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${cid}/notifications$`));
  await expect(page.getByRole('heading', { name: '消息' })).toBeVisible();
  expect(asked).toBe(2);
  expect(loads.count).toBe(2);
});

test('a screen that fails with the same build served, as offline, is not reloaded: it says so in the tabs', async ({
  browser,
}) => {
  const page = await phone(browser, 360, 740);
  const { loads } = await residentAtHome(page, '李叔叔', '1-102');
  await page.route(NOTIFICATIONS_CHUNK, (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: '消息' }).click();
  await expect(pageError(page)).toBeVisible();
  await page.waitForTimeout(1000);
  expect(loads.count).toBe(1);
});

test('a screen missing from the new build too ends on its error in the tabs, reloaded once, then by hand', async ({
  browser,
}) => {
  const page = await phone(browser, 360, 740);
  const { cid, loads } = await residentAtHome(page, '孙大爷', '2-102');
  await newBuildOut(page);
  let gone = true;
  await page.route(NOTIFICATIONS_CHUNK, (route) =>
    gone ? route.fulfill({ status: 404, body: 'Not Found' }) : route.continue(),
  );
  await page.getByRole('link', { name: '消息' }).click();
  const failed = pageError(page);
  await expect(failed).toBeVisible();
  // The compound's tabs are still there to go elsewhere, and 回到首页 is the compound's home.
  await expect(page.getByRole('link', { name: '首页', exact: true })).toBeVisible();
  await expect(failed.getByRole('link', { name: '回到首页' })).toHaveAttribute('href', `/c/${cid}`);
  await shot(page, 'page-error');
  await page.waitForTimeout(1500);
  expect(loads.count).toBe(2); // the first load and one reload: no loop
  // Another page is drawn afresh; back on this one the error stays until 重新加载 finds the file.
  await page.getByRole('link', { name: '首页', exact: true }).click();
  await expect(page.getByRole('heading', { name: '孙大爷，你好' })).toBeVisible();
  await page.goBack();
  await expect(failed).toBeVisible();
  gone = false;
  await failed.getByRole('button', { name: '重新加载' }).click();
  await expect(page.getByRole('heading', { name: '消息' })).toBeVisible();
  expect(loads.count).toBe(3);
});
