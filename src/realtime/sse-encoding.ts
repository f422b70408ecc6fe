/**
 * Event streams in gzip without a compressor per stream.
 *
 * A phone on a buy's page receives every line of a rush (~0.6 MB for 5,000 joins), and every phone receives
 * the same bytes: 5,000 pages are ~3 GB for one rush, more than a small server's uplink carries in minutes.
 * Compressing each stream as it goes would need a deflate state per stream (~256 KB at zlib's defaults,
 * against the ~16 KB a stream holds now) and compress the same bytes once per phone.
 *
 * Instead each frame (or a batch's frames together) is compressed once, on its own: raw deflate from an empty
 * history, ended with a sync flush (an empty stored block, not the final one), so it starts and ends on a byte
 * boundary and refers to nothing before it. A gzip stream is then the 10-byte gzip header followed by any such
 * chunks in any order, so the same chunk goes to every stream of a channel. Such a stream never ends with
 * gzip's trailer (its checksum would differ per stream): it is cut, as an event stream always is when the
 * connection ends, and decoders that stream (browsers, Node's fetch) hand over everything up to the cut.
 */
import { constants, deflateRawSync } from 'node:zlib';

/** A gzip member's header: deflate, no flags, no time, no extra flags, OS unknown. */
export const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);

/** Below this, a chunk is stored as it is (a deflate "stored" block): see `gzipChunk`. */
export const STORE_BELOW_BYTES = 256;

/**
 * `bytes` as a deflate stored block (not final), 5 bytes more than they are: valid anywhere a chunk is. For the
 * few bytes a stream alone is sent (its `retry:` line): no zlib state made and dropped for every connection.
 */
function storedChunk(bytes: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + bytes.length);
  out[0] = 0x00; // BFINAL 0, BTYPE 00 (stored), padded to the byte
  out.writeUInt16LE(bytes.length, 1);
  out.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(out, 5);
  return out;
}

/** `bytes` as a self-contained deflate chunk of a gzip event stream (see above). */
export function gzipChunk(text: Buffer | string): Buffer {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  // A zlib state is ~150 KB made and dropped per call; for a few bytes, storing them costs 5 bytes instead,
  // and 10,000 phones connecting each had ~2–15 KB more of the server's memory left behind without it.
  if (bytes.length < STORE_BELOW_BYTES) return storedChunk(bytes);
  // Level 6 (zlib's default) with a 4 KB window rather than 32 KB: an event's repeats (keys, labels, item
  // names) are near each other. Measured on this machine: one order event (603 bytes → 406) in ~16 µs, 500
  // of them (a replay, 307 KB) in ~1.4 ms to 49 KB; with the 32 KB window ~26 µs and ~2.3 ms to 51 KB. A
  // decoder's window is always 32 KB, so any smaller one is read the same.
  return deflateRawSync(bytes, { windowBits: 12, finishFlush: constants.Z_SYNC_FLUSH });
}

/**
 * The end of a gzip member whose chunks (as `gzipChunk` makes them) held `length` bytes with this CRC-32 (zlib's
 * `crc32`, run over them in order): an empty final deflate block (fixed Huffman codes, its end-of-block code
 * alone), then the CRC and the length, little-endian. With it, the header and the chunks are a whole gzip
 * answer that any decoder checks (src/http/encoded-bodies.ts).
 */
export function gzipEnd(crc: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(10);
  out[0] = 0x03; // BFINAL 1, BTYPE 01 (fixed), end of block (seven 0 bits), padded to the byte
  out[1] = 0x00;
  out.writeUInt32LE(crc >>> 0, 2);
  out.writeUInt32LE(length >>> 0, 6);
  return out;
}

/** A frame, or several frames in order, encoded once for every stream that takes it whole. */
export class SharedFrames {
  #bytes: Buffer | null = null;
  #gzip: Buffer | null = null;

  constructor(readonly text: string) {}

  /** As UTF-8. */
  bytes(): Buffer {
    return (this.#bytes ??= Buffer.from(this.text));
  }

  /** As a gzip chunk (compressed on first use only: a channel with no gzip stream never pays for it). */
  gzip(): Buffer {
    return (this.#gzip ??= gzipChunk(this.bytes()));
  }
}

/**
 * Whether an Accept-Encoding header offers an encoding: named with a q above 0, or `*` with a q above 0 when
 * it is not named (`x-gzip` names gzip too). Browsers send `gzip, deflate, br, zstd` with every request.
 */
export function acceptsEncoding(header: string | string[] | undefined, encoding: 'gzip' | 'br'): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  let star = false;
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const offered = Number.isFinite(weight) && weight > 0;
    if (name === encoding || (encoding === 'gzip' && name === 'x-gzip')) return offered;
    if (name === '*') star = offered;
  }
  return star;
}

/** Whether an Accept-Encoding header offers gzip (event streams: see above). */
export const acceptsGzip = (header: string | string[] | undefined): boolean =>
  acceptsEncoding(header, 'gzip');
