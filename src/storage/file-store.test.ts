import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDiskFileStore, createMemoryFileStore } from './file-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'linli-files-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['disk', () => createDiskFileStore(join(dir, 'files'))],
  ['memory', () => createMemoryFileStore()],
])('file store (%s)', (_name, make) => {
  it('stores by content and gives the bytes back', async () => {
    const store = make();
    const a = await store.put(Buffer.from('one'), 'image/png');
    const again = await store.put(Buffer.from('one'), 'image/png');
    expect(a.key).toMatch(/^[0-9a-f]{64}\.png$/);
    expect(again.key).toBe(a.key);
    expect(a.size).toBe(3);
    const got = await store.get(a.key);
    expect(got?.contentType).toBe('image/png');
    expect(got?.bytes.toString()).toBe('one');
  });

  it('answers null for unknown and malformed keys (no path tricks)', async () => {
    const store = make();
    expect(await store.get(`${'a'.repeat(64)}.png`)).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
    expect(await store.get('')).toBeNull();
  });
});

it('leaves no temporary files behind', () => {
  const names = readdirSync(join(dir, 'files'), { recursive: true }).map(String);
  expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
});
