import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundles as en } from './locale-en.ts';
import { bundles as zhCN } from './locale-zh-CN.ts';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`),
  );
}

/** English plurals live under key_one / key_other; Chinese has one form. */
const base = (key: string) => key.replace(/_(one|other)$/, '');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('translations', () => {
  // The context bundles are merged into the same namespace at start-up (index.ts, bundles.ts).
  const zhKeys = new Set(zhCN.flatMap((t) => flatten(t)).map(base));
  const enKeys = new Set(en.flatMap((t) => flatten(t)).map(base));

  it('finds the context bundles by name, the same in both languages', () => {
    expect(zhCN.length).toBeGreaterThanOrEqual(3); // the common file and at least two contexts
    expect(en.length).toBe(zhCN.length);
  });

  it('has every Chinese key in English, except error codes (English falls back to the server message)', () => {
    const missing = [...zhKeys].filter((k) => !enKeys.has(k) && !k.startsWith('errors.'));
    expect(missing).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has a Chinese text for every literal key the screens use', () => {
    const src = join(import.meta.dirname, '..');
    const used = new Set<string>();
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
      for (const match of text.matchAll(/'(validation\.[a-zA-Z]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !zhKeys.has(k))).toEqual([]);
  });
});
