import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDataLock } from '../db/data-lock.ts';
import { startServer } from '../main.ts';
import type { Io } from './io.ts';
import { runCli } from './main.ts';

// The CLI against a real embedded database on disk (one temp folder for the whole file: PGlite's first
// open of a folder is its slowest step).
let dir: string;
let dataDir: string;

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { LINLI_DATA_DIR: dataDir, ...env },
  };
  return { io, out: () => out.join('\n'), err: () => err.join('\n') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'linli-cli-'));
  dataDir = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('command line handling', () => {
  it('prints help for linli and every command', async () => {
    const top = fakeIo();
    expect(await runCli([], top.io)).toBe(0);
    expect(top.out()).toContain('linli <command>');
    for (const command of ['serve', 'migrate', 'demo', 'seed', 'jielong']) {
      const t = fakeIo();
      expect(await runCli([command, '--help'], t.io), command).toBe(0);
      expect(t.out()).toContain(`linli ${command}`);
      expect(t.err()).toBe('');
    }
  });

  it('exits 2 on unknown commands, flags and bad values, 1 on a bad environment, with a clear message', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['seed', '--households', '5', '--out', 'x', '--force'], /Unknown option '--force'/],
      [['serve', '--port', '80'], /Unknown option '--port'/],
      [['migrate', 'extra'], /Unexpected argument 'extra'/],
      [['seed', '--out', 'x'], /--households N is required/],
      [['seed', '--households', '5'], /--out FILE is required/],
      [['seed', '--households', '-3', '--out', 'x'], /households/],
      [
        ['seed', '--households', '5', '--buildings', '9', '--out', 'x'],
        /--buildings must be a whole number from 1 to 5/,
      ],
    ];
    for (const [args, message] of cases) {
      const t = fakeIo();
      expect(await runCli(args, t.io), args.join(' ')).toBe(2);
      expect(t.err()).toMatch(message);
      expect(t.out()).toBe('');
    }
    // serve's environment is checked before it opens anything (exit 1, as any error of a command's own).
    const env: [NodeJS.ProcessEnv, RegExp][] = [
      [{ PORT: '80a' }, /PORT must be a number from 0 to 65535/],
      [{ LISTEN_BACKLOG: 'lots' }, /LISTEN_BACKLOG must be a number from 1 to 65535 \(got "lots"\)/],
      [{ LISTEN_BACKLOG: '0' }, /LISTEN_BACKLOG must be/],
      [{ LISTEN_BACKLOG: '70000' }, /LISTEN_BACKLOG must be/],
      [{ LINLI_EVENT_STREAM_GZIP: 'no' }, /LINLI_EVENT_STREAM_GZIP must be "on" or "off" \(got "no"\)/],
      [
        { LINLI_NOTICES_ORPHANED_AFTER_MS: '30s' },
        /LINLI_NOTICES_ORPHANED_AFTER_MS must be a whole number of milliseconds \(got "30s"\)/,
      ],
      [{ LINLI_NOTICES_ORPHANED_AFTER_MS: '-1' }, /LINLI_NOTICES_ORPHANED_AFTER_MS must be/],
    ];
    for (const [vars, message] of env) {
      const t = fakeIo(vars);
      expect(await runCli(['serve', '--no-web'], t.io), JSON.stringify(vars)).toBe(1);
      expect(t.err()).toMatch(message);
    }
  });

  it('jielong parse prints the contract JSON from a file or standard input', async () => {
    const file = join(dir, 'list.txt');
    writeFileSync(
      file,
      '#接龙\n鸡蛋团购 25元\n例 3-502 鸡蛋1\n1. 3号楼502 鸡蛋两盒 王阿姨\n2. 4-202 纯牛奶2箱\n谢谢团长！\n',
    );
    const expected = {
      title: '鸡蛋团购 25元',
      entries: [
        {
          line: 4,
          seq: 1,
          building: '3',
          room: '502',
          items: [{ name: '鸡蛋', qty: 2 }],
          note: '王阿姨',
          action: 'add',
        },
        {
          line: 5,
          seq: 2,
          building: '4',
          room: '202',
          items: [{ name: '牛奶', qty: 2 }],
          note: null,
          action: 'add',
        },
      ],
      unparsed: [{ line: 6, text: '谢谢团长！', reason: 'not an order' }],
    };
    const fromFile = fakeIo();
    expect(await runCli(['jielong', 'parse', file, '--items', '鸡蛋,牛奶', '--json'], fromFile.io)).toBe(0);
    expect(JSON.parse(fromFile.out())).toEqual(expected);
    expect(fromFile.err()).toBe('');

    const stdin = fakeIo();
    const text = readFileSync(file, 'utf8');
    expect(
      await runCli(['jielong', 'parse', '-', '--json'], { ...stdin.io, readStdin: async () => text }),
    ).toBe(0);
    expect(JSON.parse(stdin.out()).entries[1].items).toEqual([{ name: '纯牛奶', qty: 2 }]);

    const human = fakeIo();
    expect(await runCli(['jielong', 'parse', file], human.io)).toBe(0);
    expect(human.out()).toContain('line 4: 1. 3-502 鸡蛋×2 (王阿姨)');
  });

  it('jielong exits 2 on bad usage and 1 on a missing file', async () => {
    for (const args of [
      ['jielong', 'parse', '--bad'],
      ['jielong', 'frob'],
      ['jielong'],
      ['jielong', 'parse', 'a', 'b'],
      ['jielong', 'parse', 'a', '--items', ' , '],
    ]) {
      const t = fakeIo();
      expect(await runCli(args, t.io), args.join(' ')).toBe(2);
      expect(t.out()).toBe('');
    }
    const missing = fakeIo();
    expect(await runCli(['jielong', 'parse', join(dir, 'nope.txt'), '--json'], missing.io)).toBe(1);
    expect(missing.err()).toMatch(/cannot read .*ENOENT/);
  });
});

describe('serve, and the one-shot commands around it', () => {
  it('serves /healthz and the SPA, refuses seed/migrate/demo while it runs, and stops cleanly', async () => {
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
    const lock = acquireDataLock(dataDir, { command: 'serve' });
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: { LINLI_DATA_DIR: dataDir },
      demo: false,
      webDist: dist,
      lock,
      backlog: 123,
    });
    try {
      expect(server.demo).toBe('absent');
      // The listening socket's accept queue (ss's Send-Q for a listener) is the backlog asked for.
      const port = new URL(server.url).port;
      const listener = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
      expect(listener.trim().split(/\s+/).slice(0, 3)).toEqual(['LISTEN', '0', '123']);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      const page = await fetch(`${server.url}/buys/123`);
      expect(await page.text()).toContain('<div id="root">');

      // The server's lock file carries our pid; a "live holder" from another process is simulated by
      // rewriting it with our parent's pid (alive, and not us).
      writeFileSync(lock.path, `${process.ppid}\nserve\n`);
      for (const args of [
        ['seed', '--households', '3', '--out', join(dir, 'x.json')],
        ['migrate'],
        ['demo'],
      ]) {
        const t = fakeIo();
        expect(await runCli(args, t.io), args[0]).toBe(1);
        expect(t.err()).toMatch(/in use by another Linli process .*"serve"/);
      }
      writeFileSync(lock.path, `${process.pid}\nserve\n`);
    } finally {
      await server.stop();
    }
    expect((await fetch(`${server.url}/healthz`).catch(() => null))?.status).toBeUndefined();
    // stop() released the lock: the folder is free again.
    acquireDataLock(dataDir, { command: 'test' }).release();
  });

  it('a database that cannot open fails the start with its error and releases the lock', async () => {
    // A file where the data folder should be. The app is built while the database opens (src/main.ts).
    const notADir = join(dir, 'not-a-folder');
    writeFileSync(notADir, 'a file');
    let released = 0;
    const started = startServer({
      port: 0,
      host: '127.0.0.1',
      env: { LINLI_DATA_DIR: notADir },
      demo: false,
      lock: { path: join(dir, 'fake.lock'), release: () => void released++ },
    });
    await expect(started).rejects.toBeTruthy();
    expect(released).toBe(1);
  });

  it('seed writes the documented JSON file', async () => {
    const file = join(dir, 'seed.json');
    const t = fakeIo();
    expect(await runCli(['seed', '--households', '20', '--buildings', '2', '--out', file], t.io)).toBe(0);
    expect(t.out()).toBe('');
    expect(t.err()).toMatch(/Seeded community .* in [\d.]+ s; wrote/);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toEqual({
      communityId: expect.any(String),
      admin: { token: expect.any(String) },
      leader: { token: expect.any(String) },
      households: expect.any(Array),
    });
    expect(json.households).toHaveLength(20);
    expect(json.households[10]).toEqual({
      householdId: expect.any(String),
      label: '2-101',
      token: expect.any(String),
    });
  });

  it('seed --out - writes only the JSON to stdout', async () => {
    const t = fakeIo();
    expect(await runCli(['seed', '--households', '2', '--out', '-'], t.io)).toBe(0);
    expect(JSON.parse(t.out()).households).toHaveLength(2);
  });

  it('demo seeds once, then refuses; migrate is idempotent', async () => {
    const first = fakeIo();
    expect(await runCli(['demo'], first.io)).toBe(0);
    expect(first.out()).toMatch(/阳光花园小区: 288 households/);
    expect(first.out()).toContain('13800000001');
    expect(first.out()).toMatch(/时令蔬菜水果团: open, 48 orders/);
    expect(first.out()).toMatch(/鸡蛋牛奶保供套餐: arrived/);
    // Its files (the demo's payment codes) are in the data folder the command was given, not this process's.
    expect(readdirSync(join(dataDir, 'files')).length).toBeGreaterThan(0);
    const again = fakeIo();
    expect(await runCli(['demo'], again.io)).toBe(1);
    expect(again.err()).toMatch(/already in this database/);
    const migrate = fakeIo();
    expect(await runCli(['migrate'], migrate.io)).toBe(0);
    expect(migrate.out()).toMatch(/Migrations applied to the embedded database/);
  });
});
