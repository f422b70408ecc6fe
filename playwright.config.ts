import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// One real server per run: built web app, a throw-away data folder, no demo data. The port and folder are
// chosen once and kept in the environment so the runner's worker processes see the same values.
process.env.E2E_PORT ??= freePort(20000 + (process.pid % 10000));
process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'linli-e2e-'));
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 90_000,
  expect: { timeout: 10_000 },
  // Spec files run two at a time (a spec's steps in order): on two cores most of a step is waiting.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // serve builds web/dist itself when it is missing or older than web/.
    command: 'node bin/linli.js serve --no-demo',
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LINLI_DATA_DIR: process.env.E2E_DATA_DIR,
      LOG_LEVEL: 'warn',
      // Invite links and QR codes point at this server.
      PUBLIC_URL: baseURL,
    },
  },
});

/**
 * The first port from `start` that nothing listens on, found by listening on it (in a child process, since
 * the config is read synchronously). The ports lie below Linux's ephemeral range (32768–60999), where the
 * kernel picks the local port of every outgoing connection and of every `listen(0)`: a port chosen there by
 * a fixed rule was once taken by another socket when the browser tests started (EADDRINUSE, no test ran).
 */
function freePort(start: number): string {
  const probe = `
    const net = require('node:net');
    const attempt = (port, left) => {
      const server = net.createServer();
      server.once('error', () => (left > 0 ? attempt(port >= 32767 ? 20000 : port + 1, left - 1) : process.exit(1)));
      server.listen(port, '127.0.0.1', () => server.close(() => process.stdout.write(String(port))));
    };
    attempt(${start}, 200);`;
  return execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
}
