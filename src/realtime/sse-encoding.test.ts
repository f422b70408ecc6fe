import { constants, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, GZIP_HEADER, gzipChunk, SharedFrames, STORE_BELOW_BYTES } from './sse-encoding.ts';

/** What a streaming gzip decoder (a browser's, Node's fetch) makes of a stream cut where it is. */
const decodeCut = (bytes: Buffer) =>
  gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');

describe('gzip event streams from shared chunks', () => {
  it('decodes the header and any chunks, in any order, to their texts in that order', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 300 }), { maxLength: 12 }), (texts) => {
        const chunks = texts.map((t) => gzipChunk(t));
        expect(decodeCut(Buffer.concat([GZIP_HEADER, ...chunks]))).toBe(texts.join(''));
        // Chunks are self-contained: a stream that joined later, or skipped some, decodes what it got.
        const later = chunks.filter((_, i) => i % 2 === 1);
        expect(decodeCut(Buffer.concat([GZIP_HEADER, ...later]))).toBe(
          texts.filter((_, i) => i % 2 === 1).join(''),
        );
      }),
    );
  });

  it('hands over every chunk before the next arrives (each ends on a flush, not the stream)', () => {
    const text = `data: ${JSON.stringify({ lines: Array.from({ length: 20 }, (_, i) => `${i}-101 鸡蛋×1`) })}\n\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThanOrEqual(STORE_BELOW_BYTES);
    const first = gzipChunk(text);
    // An empty stored block (00 00 ff ff) closes each chunk on a byte boundary; none is the final block.
    expect([...first.subarray(-4)]).toEqual([0x00, 0x00, 0xff, 0xff]);
    expect(decodeCut(Buffer.concat([GZIP_HEADER, first]))).toBe(text);
  });

  it('stores a few bytes as they are, 5 bytes more, without compressing them', () => {
    const retry = 'retry: 4321\n: connected\n\n';
    const chunk = gzipChunk(retry);
    expect(chunk.length).toBe(Buffer.byteLength(retry) + 5);
    expect([...chunk.subarray(0, 5)]).toEqual([0x00, retry.length, 0x00, ~retry.length & 0xff, 0xff]);
    const big = 'x'.repeat(STORE_BELOW_BYTES);
    expect(decodeCut(Buffer.concat([GZIP_HEADER, chunk, gzipChunk(big), chunk]))).toBe(retry + big + retry);
  });

  it('shrinks a batch of 接龙 lines several times', () => {
    const lines = Array.from(
      { length: 100 },
      (_, i) =>
        `{"seq":${i + 1},"householdLabel":"${1 + (i % 12)}-${101 + i}","status":"active","items":[{"name":"鸡蛋","qty":${1 + (i % 3)}}]}`,
    );
    const frame = `id: 9\ndata: {"type":"orders.changed","entries":[${lines.join(',')}]}\n\n`;
    expect(gzipChunk(frame).length).toBeLessThan(Buffer.byteLength(frame) / 4);
  });

  it('encodes shared frames once, whichever way they are asked for', () => {
    const shared = new SharedFrames('data: 1\n\n');
    expect(shared.bytes()).toBe(shared.bytes());
    expect(shared.gzip()).toBe(shared.gzip());
    expect(decodeCut(Buffer.concat([GZIP_HEADER, shared.gzip()]))).toBe('data: 1\n\n');
  });
});

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['GZIP', true],
    ['x-gzip', true],
    ['*', true],
    ['br, *;q=0.5', true],
    [undefined, false],
    ['', false],
    ['identity', false],
    ['br', false],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['gzip;q=abc', false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('reads a header sent more than once', () => {
    expect(acceptsGzip(['br', 'gzip'])).toBe(true);
  });
});
