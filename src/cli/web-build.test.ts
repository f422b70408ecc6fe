import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { webBuildReason } from './web-build.ts';

let root: string;
let web: string;
const at = (path: string, secondsAgo: number) => {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, t, t);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'linli-web-'));
  web = join(root, 'web');
  mkdirSync(join(web, 'src', 'features'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<div id="root">');
  writeFileSync(join(web, 'src', 'features', 'page.tsx'), 'export {}');
  at(join(web, 'index.html'), 100);
  at(join(web, 'src', 'features', 'page.tsx'), 100);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('webBuildReason', () => {
  it('builds when web/dist is missing', () => {
    expect(webBuildReason(web)).toBe('web/dist is missing');
  });

  it('does nothing when dist is newer than every source file', () => {
    mkdirSync(join(web, 'dist'));
    writeFileSync(join(web, 'dist', 'index.html'), 'built');
    expect(webBuildReason(web)).toBeNull();
  });

  it('rebuilds when any file in web/ (however deep) is newer than the build', () => {
    mkdirSync(join(web, 'dist'));
    writeFileSync(join(web, 'dist', 'index.html'), 'built');
    at(join(web, 'dist', 'index.html'), 50);
    at(join(web, 'src', 'features', 'page.tsx'), 10);
    expect(webBuildReason(web)).toBe('web/src/features/page.tsx is newer than web/dist');
  });

  it('ignores web/node_modules', () => {
    mkdirSync(join(web, 'dist'));
    writeFileSync(join(web, 'dist', 'index.html'), 'built');
    at(join(web, 'dist', 'index.html'), 50);
    mkdirSync(join(web, 'node_modules'));
    writeFileSync(join(web, 'node_modules', 'cache.json'), '{}');
    expect(webBuildReason(web)).toBeNull();
  });
});
