import { mkdirSync } from 'node:fs';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { apiUser, householdId } from './support.ts';

// The foundation journey across two phones: an admin sets up a compound and invites; a resident joins and
// claims a household; the admin verifies it; the resident sees "verified". Every screen is saved to
// e2e/artifacts/ so a person can look at the rendering (Chinese fonts, 360 px widths, elder mode).

const ARTIFACTS = 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

const PASSWORD = 'linli-e2e-pass';
const uniquePhone = () => `139${String(Date.now()).slice(-8)}`;

async function shot(page: Page, name: string): Promise<void> {
  // Let toasts and late images settle, then check nothing is wider than the phone.
  await page.waitForLoadState('networkidle');
  await page.evaluate('window.scrollTo(0, 0)');
  // A string, not a function: the e2e tsconfig has no DOM types.
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  expect(overflow, `${name}: page is ${overflow}px wider than the viewport`).toBeLessThanOrEqual(0);
  // Toasts from the previous step would cover the screen; they are checked by the steps themselves.
  await page.screenshot({
    path: `${ARTIFACTS}/${name}.png`,
    fullPage: true,
    style: '.toasts { display: none; }',
  });
}

async function phone(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  return context.newPage();
}

/** A door the test opens: requests routed through it wait until then. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function signUp(page: Page, name: string, phoneNumber: string): Promise<void> {
  await page.getByLabel('称呼').fill(name);
  await page.getByLabel('手机号').fill(phoneNumber);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: '注册', exact: true }).click();
}

test('admin sets up a compound, a resident joins and claims, the admin verifies', async ({ browser }) => {
  // 40 s alone; 1.2 min beside another spec on two cores, and once over the default 90 s (2026-12-06).
  test.setTimeout(180_000);
  const admin = await phone(browser, 360, 780);
  const resident = await phone(browser, 390, 844);
  // English is a chunk of its own, loaded when it is chosen: the Chinese pages never ask for it.
  const ENGLISH = /\/assets\/locale-en-[^/]*\.js$/;
  const englishAsked: string[] = [];
  resident.on('request', (r) => {
    if (ENGLISH.test(r.url())) englishAsked.push(r.url());
  });

  // --- signed-out landing, 404 and a form's own validation ---
  await admin.goto('/');
  await expect(admin.getByRole('heading', { name: /邻里/ })).toBeVisible();
  await shot(admin, '01-landing');
  await admin.goto('/no-such-page');
  await expect(admin.getByText('这个页面不存在')).toBeVisible();
  await shot(admin, '02-not-found');

  await admin.goto('/signup');
  await admin.getByRole('button', { name: '注册', exact: true }).click();
  await expect(admin.getByText('请填写这一项').first()).toBeVisible();
  await shot(admin, '03-signup-validation');

  // --- admin: sign up, create the compound, generate buildings ---
  await signUp(admin, '李主任', uniquePhone());
  await expect(admin.getByText('你还没有加入任何小区。')).toBeVisible();
  await shot(admin, '04-picker-empty');
  await admin.getByRole('link', { name: '新建小区' }).click();
  await admin.getByLabel('小区名称').fill('阳光花园');
  await admin.getByLabel('地址').fill('浦东新区锦绣路 100 弄');
  await shot(admin, '05-new-compound');
  await admin.getByRole('button', { name: '创建小区' }).click();

  await expect(admin).toHaveURL(/\/c\/[0-9a-f-]+\/admin\/setup$/);
  const communityPath = new URL(admin.url()).pathname.replace(/\/admin\/setup$/, '');
  await admin.getByLabel('从几号楼').fill('1');
  await admin.getByLabel('到几号楼').fill('3');
  await admin.getByLabel('每栋几层').fill('6');
  await admin.getByLabel('每层几户').fill('2');
  await expect(admin.getByTestId('pattern-preview')).toHaveText('将生成 3 栋 36 户：1-101 … 3-602');
  await shot(admin, '06-setup-preview');
  await admin.getByRole('button', { name: '生成楼栋和房间' }).click();
  await expect(admin.getByText('3号楼')).toBeVisible();
  await admin.getByRole('button', { name: /1号楼/ }).click();
  await expect(admin.getByRole('button', { name: '修改 1-502' })).toBeVisible();
  await shot(admin, '07-setup-buildings');

  await expect(admin.getByRole('link', { name: '下一步：邀请住户' })).toHaveAttribute(
    'href',
    `${communityPath}/admin/invites`,
  );

  // --- admin: the home's 待办 asks for the first invite; create it ---
  await admin.goto(communityPath);
  const inviteTask = admin
    .getByTestId('todo')
    .filter({ hasText: '生成邀请链接或二维码，发到小区群里请邻居加入' });
  await expect(inviteTask).toBeVisible();
  await shot(admin, '07b-home-first-invite');
  await inviteTask.getByRole('link').click();
  await expect(admin).toHaveURL(new RegExp(`${communityPath}/admin/invites$`));
  await admin.getByRole('button', { name: '生成邀请链接和二维码' }).click();
  const link = admin.getByTestId('invite-link').first();
  await expect(link).toContainText('/join/');
  const qr = admin.getByRole('img', { name: /邀请二维码/ }).first();
  await expect(qr).toBeVisible();
  await expect // the PNG really loaded (an expression string: the e2e tsconfig has no DOM types)
    .poll(() =>
      admin.evaluate("Array.from(document.querySelectorAll('img.qr')).every((i) => i.naturalWidth > 0)"),
    )
    .toBe(true);
  await shot(admin, '08-invites');
  const invitePath = new URL((await link.textContent())!.trim()).pathname;
  // What the committee posts in the group chat: who it is for, what to do, until when, the link.
  await admin.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await admin.getByRole('button', { name: '复制邀请语' }).first().click();
  await expect(admin.getByText('已复制')).toBeVisible();
  expect(String(await admin.evaluate('navigator.clipboard.readText()'))).toMatch(
    new RegExp(`^阳光花园的邻居们：用这个链接加入小区的「邻里」.+（.+前有效）。http://[^ ]+${invitePath}$`),
  );

  // --- resident: open the invite, sign up, join, claim 2-502 ---
  await resident.goto(invitePath);
  await expect(resident.getByRole('heading', { name: '阳光花园' })).toBeVisible();
  await shot(resident, '09-join-signed-out');
  await resident.getByRole('link', { name: '注册并加入' }).click();
  await signUp(resident, '王阿姨', uniquePhone());
  await expect(resident).toHaveURL(new RegExp(`${invitePath}$`));
  await shot(resident, '10-join-signed-in');
  await resident.getByRole('button', { name: '加入阳光花园' }).click();

  await expect(resident).toHaveURL(/\/claim$/);
  await expect(resident.getByRole('button', { name: '2号楼' })).toBeVisible();
  await shot(resident, '11-claim-building');
  await resident.getByRole('button', { name: '2号楼' }).click();
  await expect(resident.getByRole('heading', { name: '5 楼' })).toBeVisible();
  await shot(resident, '12-claim-room');
  await resident.getByRole('button', { name: '502', exact: true }).click();
  await expect(resident.getByText('2-502')).toBeVisible();
  await shot(resident, '13-claim-confirm');
  await resident.getByRole('button', { name: '确认认领' }).click();
  await expect(resident.getByRole('heading', { name: '等待核验' })).toBeVisible();
  await shot(resident, '14-claim-pending');
  await resident.getByRole('link', { name: '首页', exact: true }).click();
  await expect(resident.getByText('待核验', { exact: true })).toBeVisible();
  await shot(resident, '15-home-pending');

  // --- admin: home with tools, members, verify the claim ---
  await admin.goto(communityPath);
  await expect(admin.getByRole('link', { name: '核验住户' })).toBeVisible();
  await shot(admin, '16-admin-home');
  await admin.goto(`${communityPath}/admin/members`);
  await expect(admin.getByText('王阿姨')).toBeVisible();
  await shot(admin, '17-members');
  // A compound without a buy yet: 物资覆盖 says every household is left out, and why.
  await admin.goto(`${communityPath}/care`);
  await expect(admin.getByTestId('care-summary')).toHaveText('近 3 天有 36 户什么都没收到');
  await expect(admin.getByTestId('care-nothing')).toContainText('每户都算作未覆盖');
  await admin.goto(`${communityPath}/verify`);
  const claim = admin.getByTestId('claim').filter({ hasText: '2-502' });
  await expect(claim).toContainText('王阿姨');
  await shot(admin, '18-verify');
  await claim.getByRole('button', { name: '核验通过' }).click();
  await expect(admin.getByText('没有待核验的住户')).toBeVisible();
  await shot(admin, '19-verify-done');
  await admin.getByRole('tab', { name: '代登记' }).click();
  await admin.getByLabel('楼栋').selectOption({ label: '3号楼' });
  await admin.getByLabel('房间').selectOption({ label: '101' });
  await admin.getByLabel('联系人称呼').fill('张大爷');
  await admin.getByLabel('联系电话').fill('13800138000');
  await admin.getByRole('button', { name: '登记', exact: true }).click();
  await expect(admin.getByText('张大爷')).toBeVisible();
  await shot(admin, '20-proxies');

  // Elder mode on the narrowest phone and the densest screen: the forms must stay usable.
  await admin.getByRole('button', { name: '长辈模式' }).click();
  await admin.goto(`${communityPath}/admin/setup`);
  await expect(admin.getByTestId('pattern-preview')).toBeVisible();
  await shot(admin, '21-setup-elder-360');

  // --- resident: sees verified; then English, elder mode and settings ---
  await resident.reload();
  await expect(resident.getByText('已核验', { exact: true })).toBeVisible();
  // The home's 最新消息 says so too, and it leads to the buys she may join now.
  const told = resident.getByTestId('latest-notices').getByRole('link', {
    name: /2-502 已核验通过：现在可以参加团购了/,
  });
  await expect(async () => {
    if (!(await told.isVisible())) await resident.reload(); // written a moment after the verification
    await expect(told).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(told).toHaveAttribute('href', `${communityPath}/buys`);
  await shot(resident, '22-home-verified');
  await resident.getByRole('button', { name: '长辈模式' }).click();
  await expect(resident.locator('html')).toHaveClass(/elder/);
  await shot(resident, '23-home-elder');
  await resident.getByRole('link', { name: '我的', exact: true }).click();
  await shot(resident, '24-mine-elder');
  await resident.getByRole('button', { name: '长辈模式' }).click();
  expect(englishAsked).toEqual([]);
  await expect(resident.locator('link[rel="modulepreload"][href*="/assets/locale-en-"]')).toHaveCount(0);
  // With no network the page stays in Chinese and says why; the next tap, online, switches.
  await resident.route(ENGLISH, (route) => route.abort('internetdisconnected'));
  await resident.getByRole('button', { name: 'Switch to English' }).click();
  await expect(resident.getByText('没有网络，暂时不能换成英文，请联网后再试')).toBeVisible();
  await expect(resident.getByText('已核验', { exact: true })).toBeVisible();
  await resident.unroute(ENGLISH);
  await resident.getByRole('button', { name: 'Switch to English' }).click();
  await expect(resident.getByText('Verified', { exact: true })).toBeVisible();
  await resident.getByRole('link', { name: 'Home', exact: true }).click();
  await expect(resident.getByText(/Hello, 王阿姨/)).toBeVisible();
  await shot(resident, '25-home-english');
  await resident.goto('/settings');
  await expect(resident.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await resident.getByLabel('Token name').fill('e2e script');
  await resident.getByRole('button', { name: 'Create', exact: true }).click();
  await expect(resident.getByText('This token is shown only once. Copy it now:')).toBeVisible();
  await shot(resident, '26-settings-english');

  // The language choice survives a reload, and the page asks for English alongside its main script.
  await resident.reload();
  await expect(resident.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(resident.locator('link[rel="modulepreload"][href*="/assets/locale-en-"]')).toHaveCount(1);
  // On a network too slow for English, the page is drawn in Chinese meanwhile, and switches when it arrives.
  // English is held until the test lets it go (not a fixed delay, which a busy CI machine can outrun).
  let english = gate();
  await resident.route(ENGLISH, async (route) => {
    await english.opened;
    await route.continue();
  });
  await resident.reload({ waitUntil: 'commit' });
  await expect(resident.getByRole('heading', { name: '设置' })).toBeVisible();
  english.open();
  await expect(resident.getByRole('heading', { name: 'Settings' })).toBeVisible({ timeout: 10_000 });
  // A choice made while English is on its way wins: Chinese, tapped before English arrived, stays.
  await resident.getByRole('button', { name: '简体中文' }).click();
  await expect(resident.getByRole('heading', { name: '设置' })).toBeVisible();
  await resident.reload();
  await expect(resident.getByRole('heading', { name: '设置' })).toBeVisible();
  english = gate();
  const arrived = resident.waitForResponse(ENGLISH);
  await resident.getByRole('button', { name: 'English', exact: true }).click();
  await resident.getByRole('button', { name: '简体中文' }).click();
  english.open();
  await arrived;
  await resident.waitForTimeout(500); // what the arrival would have switched, it would have switched by now
  await expect(resident.getByRole('heading', { name: '设置' })).toBeVisible();
  await expect(resident.locator('html')).toHaveAttribute('lang', 'zh-CN');
});

test('CSV import shows per-line errors; a taken phone is reported next to its field', async ({ browser }) => {
  const page = await phone(browser, 360, 780);
  const phoneNumber = uniquePhone();
  await page.goto('/signup');
  await signUp(page, '周老师', phoneNumber);
  await page.getByRole('link', { name: '新建小区' }).click();
  await page.getByLabel('小区名称').fill('幸福里');
  await page.getByRole('button', { name: '创建小区' }).click();
  await expect(page).toHaveURL(/\/admin\/setup$/);

  await page.getByRole('tab', { name: '导入表格' }).click();
  await page.getByLabel('或者粘贴表格内容').fill('楼号,房号\n1,101\n1,102\n2号楼,502室\n,301\n3,\n');
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await expect(page.getByText(/导入了 3 户/)).toBeVisible();
  await expect(page.getByText('第 5 行')).toBeVisible();
  await expect(page.getByText('第 6 行')).toBeVisible();
  await expect(page.getByRole('button', { name: /2号楼/ })).toBeVisible();
  await shot(page, '27-csv-import-errors');

  // Sign out, then try to register the same number again: the error sits under the phone field.
  await page.goto('/settings');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('link', { name: '注册' })).toBeVisible();
  await page.goto('/signup');
  await signUp(page, '另一个人', phoneNumber);
  await expect(page.getByRole('alert').filter({ hasText: '这个手机号已经注册过了' })).toBeVisible();
  await expect(page.getByLabel('手机号')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '28-signup-phone-taken');
});

test('an invite used up or withdrawn tells a newcomer why; a member opening it again is sent on', async ({
  browser,
}) => {
  const [admin, neighbour, newcomer] = [
    await phone(browser, 360, 740),
    await phone(browser, 360, 740),
    await phone(browser, 360, 740),
  ];
  const lead = await apiUser(admin, '吴主任');
  const { community } = await lead.post<{ community: { id: string } }>('/api/communities', {
    name: '和睦里',
  });
  const { invite } = await lead.post<{ invite: { id: string; code: string } }>(
    `/api/communities/${community.id}/invites`,
    { maxUses: 1 },
  );
  const member = await apiUser(neighbour, '邻居甲');
  await member.post(`/api/invite-codes/${invite.code}/accept`);

  // Its one use is spent: a newcomer (signed out) reads why, and has a way on.
  await newcomer.goto(`/join/${invite.code}`);
  await expect(newcomer.getByText('和睦里的这个邀请已失效')).toBeVisible();
  await expect(
    newcomer.getByText('这个邀请的使用次数已经用完，请向居委会或楼长要一个新的链接。'),
  ).toBeVisible();
  await expect(newcomer.getByRole('link', { name: '回到首页' })).toHaveAttribute('href', '/');
  await shot(newcomer, '29-join-used-up');
  // The neighbour who used it opens it again from the group chat: in already, on to claiming their home.
  await neighbour.goto(`/join/${invite.code}`);
  await expect(neighbour.getByText('你已经是这个小区的成员了。')).toBeVisible();
  await expect(neighbour.getByRole('link', { name: '去认领房号' })).toHaveAttribute(
    'href',
    `/c/${community.id}/claim`,
  );
  // Withdrawn by the admin: that is what it says now.
  await lead.delete(`/api/invites/${invite.id}`);
  await newcomer.reload();
  await expect(newcomer.getByText('这个邀请已被撤销，请向居委会或楼长要一个新的链接。')).toBeVisible();

  // The neighbour claims a home the admin cannot confirm: the rejection and its reason reach them.
  await lead.post(`/api/communities/${community.id}/buildings/generate`, {
    buildingFrom: 1,
    buildingTo: 1,
    floors: 2,
    roomsPerFloor: 2,
  });
  const { claim } = await member.post<{ claim: { id: string } }>(`/api/communities/${community.id}/claims`, {
    householdId: await householdId(lead, community.id, '1-201'),
  });
  await lead.post(`/api/claims/${claim.id}/reject`, { reason: '1-201 住的是李家，请再核对一下门牌号' });
  await neighbour.goto(`/c/${community.id}`);
  await expect(neighbour.getByText('你认领的 1-201 没有通过核验，请重新选择正确的门牌号。')).toBeVisible();
  await expect(neighbour.getByText('核验人说：1-201 住的是李家，请再核对一下门牌号')).toBeVisible();
  await shot(neighbour, '30-home-claim-rejected');
  await neighbour.getByRole('link', { name: '认领房号' }).click();
  await expect(neighbour.getByRole('alert')).toContainText('核验人说：1-201 住的是李家');
});
