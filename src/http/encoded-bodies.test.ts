import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type BodyParts, EncodedBodies, EncodedBody, matchesTag, versionTag } from './encoded-bodies.ts';

/** Lines as the list's presenter hands them out: one Buffer object per line, the same while the line is. */
const line = (seq: number, text = `${seq}. 3-502 鸡蛋×1`) => Buffer.from(JSON.stringify({ seq, text }));
const parts = (lines: Buffer[], groups = lines.map((_, i) => Math.floor(i / 8))): BodyParts<Buffer> => {
  const groupOf = new Map(lines.map((l, i) => [l, groups[i]!]));
  return {
    head: '{"entries":[',
    lines,
    json: (l) => l,
    group: (l) => groupOf.get(l)!,
    tail: '],"nextAfter":null}',
  };
};
const expectedJson = (p: BodyParts) => p.head + p.lines.map((l) => l.toString()).join(',') + p.tail;
const big = Array.from({ length: 200 }, (_, i) => line(i));

describe('EncodedBodies', () => {
  it('builds a key once per version, shares a build in progress, and keeps the newer version', async () => {
    const bodies = new EncodedBodies();
    let builds = 0;
    const build = (json: string) => async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return { ...parts([]), head: json, tail: '' };
    };
    const [a, b] = await Promise.all([bodies.get('k', 3, build('"v3"')), bodies.get('k', 3, build('"x"'))]);
    expect(a).toBe(b);
    expect(builds).toBe(1);
    // An older version asked for late is answered with the newer kept (newer is never wrong for a reader).
    expect((await bodies.get('k', 2, build('"v2"'))).json.toString()).toBe('"v3"');
    expect((await bodies.get('k', 4, build('"v4"'))).json.toString()).toBe('"v4"');
    expect(builds).toBe(2);
  });

  it('keeps no failed build, and at most `max` keys', async () => {
    const bodies = new EncodedBodies({ max: 2 });
    await expect(bodies.get('k', 1, () => Promise.reject(new Error('db')))).rejects.toThrow('db');
    expect(bodies.size).toBe(0);
    for (const k of ['a', 'b', 'c']) await bodies.get(k, 1, async () => parts([]));
    expect(bodies.size).toBe(2);
    let rebuilt = false;
    await bodies.get('a', 1, async () => ((rebuilt = true), parts([])));
    expect(rebuilt).toBe(true);
  });

  it("reuses the previous version's chunks whose lines are the same objects", async () => {
    const bodies = new EncodedBodies();
    const v1 = await bodies.get('k', 1, async () => parts(big.slice(0, 100)));
    // A batch: one line changed (a new object), ten added at the end.
    const changed = [...big.slice(0, 100)];
    changed[42] = line(42, '42. 3-502 鸡蛋×3');
    const next = [...changed, ...big.slice(100, 110)];
    const v2 = await bodies.get('k', 2, async () => parts(next));
    expect(v2.json.toString()).toBe(expectedJson(parts(next)));
    // 13 chunks of 8 lines before: all but the changed one and the last (now longer) are shared.
    expect(v2.sharedChunks(v1)).toBe(11);
    expect(JSON.parse(gunzipSync(await v2.gzip()).toString())).toEqual(JSON.parse(v2.json.toString()));
  });
});

describe('EncodedBody', () => {
  it('sends gzip when offered, else the JSON; small bodies as they are', async () => {
    const body = new EncodedBody(parts(big));
    const json = expectedJson(parts(big));
    expect(body.json.toString()).toBe(json);
    expect(body.length).toBe(Buffer.byteLength(json));
    const gz = await body.forRequest('gzip, deflate, br');
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString()).toBe(json);
    expect((await body.forRequest(['gzip;q=1', 'br;q=0'])).bytes).toBe(gz.bytes); // compressed once
    expect(await body.forRequest(undefined)).toEqual({ bytes: body.json, encoding: null });
    // Brotli alone is not offered it: the JSON.
    expect((await body.forRequest('br')).encoding).toBeNull();
    expect((await body.forRequest('deflate')).encoding).toBeNull();
    const small = new EncodedBody(parts([line(1)]));
    expect((await small.forRequest('gzip')).encoding).toBeNull();
  });

  it('is the JSON of its parts, and its gzip form decodes to it, however lines, groups and versions fall', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 300 });
    return fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, fc.nat(5)), { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.option(text, { nil: undefined })), { maxLength: 10 }),
        fc.nat(8),
        async (first, edits, dropped) => {
          const lines = first.map(([t]) => Buffer.from(JSON.stringify(t)));
          const groups = first.map(([, g]) => g);
          const a = new EncodedBody(parts(lines, groups));
          // A next version: the first lines gone, some lines replaced by new objects (same or other text), some
          // removed.
          const next = lines.slice(dropped);
          const nextGroups = groups.slice(dropped);
          for (const [at, t] of edits) {
            if (next.length === 0) break;
            const i = at % next.length;
            if (t === undefined) {
              next.splice(i, 1);
              nextGroups.splice(i, 1);
            } else next[i] = Buffer.from(JSON.stringify(t));
          }
          for (const [body, p] of [
            [a, parts(lines, groups)],
            [new EncodedBody(parts(next, nextGroups), a), parts(next, nextGroups)],
          ] as const) {
            const json = expectedJson(p);
            expect(body.json.toString()).toBe(json);
            expect(body.length).toBe(Buffer.byteLength(json));
            expect(gunzipSync(await body.gzip()).toString()).toBe(json);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('matchesTag', () => {
  it('compares weakly, in lists, and takes *', () => {
    const tag = versionTag(7);
    expect(tag).toBe('W/"v7"');
    expect(matchesTag('W/"v7"', tag)).toBe(true);
    expect(matchesTag('"v7"', tag)).toBe(true);
    expect(matchesTag('W/"v6", W/"v7"', tag)).toBe(true);
    expect(matchesTag('*', tag)).toBe(true);
    expect(matchesTag('W/"v70"', tag)).toBe(false);
    expect(matchesTag(undefined, tag)).toBe(false);
    expect(matchesTag('', tag)).toBe(false);
  });
});
