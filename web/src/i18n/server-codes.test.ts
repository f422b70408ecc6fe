import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundles as zhCN } from './locale-zh-CN.ts';

/** The server's source files, tests left out. */
function serverFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return serverFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const QUOTED = String.raw`(?:'(?:[^'\\]|\\.)*'|\x60[^\x60]*\x60)`;
// conflict('message', 'code'), forbidden(…), invalid(…), possibly over several lines.
const SHORTHAND = new RegExp(
  String.raw`\b(?:conflict|forbidden|invalid)\(\s*${QUOTED}\s*,\s*'([a-z_]+)'`,
  'g',
);
// notFound('buy') answers buy_not_found; notFound('photo', 'photo_missing') its second argument.
const NOT_FOUND = /\bnotFound\(\s*'([a-z_]+)'\s*(?:,\s*'([a-z_]+)')?/g;
// new AppError('kind', 'message', { code: 'code' }) and error objects written out.
const CODE_FIELD = /\bcode:\s*'([a-z_]+)'/g;

/** Codes found in the source that never reach a screen as an error's code. */
const NOT_ERROR_CODES = new Set([
  'custom', // a zod issue's kind (buys.schemas.ts), inside validation_failed's details
]);

/** Every error code the server's source names literally, with a file that names it. */
function serverCodes(): Map<string, string> {
  const root = join(import.meta.dirname, '../../../src');
  const codes = new Map<string, string>();
  for (const file of serverFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const found = [
      ...[...text.matchAll(SHORTHAND)].map((m) => m[1]!),
      ...[...text.matchAll(NOT_FOUND)].map((m) => m[2] ?? `${m[1]!}_not_found`),
      ...[...text.matchAll(CODE_FIELD)].map((m) => m[1]!),
    ];
    for (const code of found)
      if (!NOT_ERROR_CODES.has(code) && !codes.has(code)) codes.set(code, relative(root, file));
  }
  return codes;
}

describe('the server’s error codes', () => {
  it('each has a Chinese text, so a Chinese screen never shows the server’s English', () => {
    const zhErrors = new Set(
      zhCN.flatMap((bundle) => Object.keys((bundle as { errors?: object }).errors ?? {})),
    );
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(100); // the scan finds them (117 when this was written)
    const missing = [...codes]
      .filter(([code]) => !zhErrors.has(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });
});
