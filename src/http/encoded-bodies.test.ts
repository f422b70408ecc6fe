import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EncodedBodies, EncodedBody, matchesTag, versionTag } from './encoded-bodies.ts';

const big = JSON.stringify({
  entries: Array.from({ length: 200 }, (_, i) => ({ seq: i, text: `${i}. 3-502 鸡蛋×1` })),
});

describe('EncodedBodies', () => {
  it('builds a key once per version, shares a build in progress, and keeps the newer version', async () => {
    const bodies = new EncodedBodies();
    let builds = 0;
    const build = (json: string) => async () => {
      builds++;
      await new Promise((r) => setTimeout(r, 5));
      return json;
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
    for (const k of ['a', 'b', 'c']) await bodies.get(k, 1, async () => '1');
    expect(bodies.size).toBe(2);
    let rebuilt = false;
    await bodies.get('a', 1, async () => ((rebuilt = true), '1'));
    expect(rebuilt).toBe(true);
  });
});

describe('EncodedBody', () => {
  it('sends brotli when offered, else gzip, else the JSON; small bodies as they are', async () => {
    const body = new EncodedBody(Buffer.from(big));
    const br = await body.forRequest('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    expect(brotliDecompressSync(br.bytes).toString()).toBe(big);
    expect((await body.forRequest('gzip, deflate, br')).bytes).toBe(br.bytes); // compressed once
    const gz = await body.forRequest(['gzip;q=1', 'br;q=0']);
    expect(gz.encoding).toBe('gzip');
    expect(gunzipSync(gz.bytes).toString()).toBe(big);
    expect(await body.forRequest(undefined)).toEqual({ bytes: body.json, encoding: null });
    expect((await body.forRequest('deflate')).encoding).toBeNull();
    const small = new EncodedBody(Buffer.from('{"entries":[]}'));
    expect((await small.forRequest('br')).encoding).toBeNull();
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
