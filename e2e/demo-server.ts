/**
 * A spec's own server with the demo compound (阳光花园小区) seeded into a fresh data folder (the run's shared
 * server has no demo), started before the spec's tests and stopped after them, and signing in as its people.
 * The web app is already built by the run's own server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { phone } from './support.ts';

export const DEMO_PASSWORD = 'linli2022';

/** A port nothing listens on now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Registers the server's start and stop as the spec's beforeAll and afterAll; `name` marks its data folder. */
export function demoServer(name: string) {
  let server: ChildProcess | null = null;
  let baseURL = '';

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const port = await freePort();
    baseURL = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['bin/linli.js', 'serve'], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        LINLI_DATA_DIR: mkdtempSync(join(tmpdir(), `linli-e2e-${name}-`)),
        LOG_LEVEL: 'warn',
        PUBLIC_URL: baseURL,
      },
      stdio: 'ignore',
    });
    for (let i = 0; i < 200; i++) {
      const up = await fetch(`${baseURL}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the demo server did not start');
  });

  test.afterAll(() => {
    server?.kill();
  });

  return {
    /** A 360 px phone signed in as a demo account through the sign-in page; answers the compound's id. */
    async signIn(browser: Browser, phoneNumber: string): Promise<{ page: Page; cid: string }> {
      const page = await phone(browser, 360, 740, { baseURL });
      await page.goto('/signin');
      await page.getByLabel('手机号').fill(phoneNumber);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录', exact: true }).click();
      await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}/);
      const cid = /\/c\/([0-9a-f-]{36})/.exec(page.url())![1]!;
      return { page, cid };
    },
  };
}
