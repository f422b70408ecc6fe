/**
 * Large answers that are the same for everyone who may read them, kept encoded by version: the public 接龙 list.
 *
 * The list of a buy with 5,000 orders is ~0.7 MB of JSON. When a buy closes or its goods arrive, the whole
 * compound opens the page at the same version of the buy: the answer for a key (a buy and a page of its list) is
 * built once per version, its gzip form made once when first asked for, and every later request at that version
 * is sent the same bytes. A newer version replaces the older; a build in progress is shared. Access is checked
 * per request, before this (the route).
 *
 * During a rush every order batch is a new version, and a page opened then is answered a version nobody has
 * asked for yet, of which the batch changed a few lines. So an answer is made of its lines in chunks (runs of
 * lines of one group, which the caller draws from what does not move: 256 seqs of the list a group), each chunk's
 * JSON and gzip form made once, and a new version reuses the chunks of the one before whose lines are the same
 * objects. Its gzip answer is the gzip header, each chunk raw-deflated on its own (from an empty history, ended
 * on a byte boundary: sse-encoding.ts), and gzip's end with the CRC-32 of the whole. Until the forty-sixth
 * session the whole answer was compressed again for every version (brotli, ~4 ms of CPU at 5,000 lines); now a
 * rush's new version compresses the chunk its batch changed. The price: a quarter more bytes than brotli of the
 * whole (61 KB against 49 at 5,000 lines), as no chunk refers back to another, and brotli is no longer offered
 * (every browser takes gzip). See docs/benchmarks.md, forty-sixth session.
 */
import { promisify } from 'node:util';
import { constants, crc32, deflateRaw } from 'node:zlib';
import {
  acceptsEncoding,
  GZIP_HEADER,
  gzipChunk,
  gzipEnd,
  STORE_BELOW_BYTES,
} from '../realtime/sse-encoding.ts';

const deflateRawAsync = promisify(deflateRaw);

/** Below this, a body goes as it is (as `@fastify/compress` does: src/http/compression.ts). */
const ENCODE_FROM_BYTES = 4096;

/** A chunk holds at most this many lines, whatever their groups. */
const MAX_CHUNK_LINES = 512;

/**
 * An answer as its parts: `head`, its lines' JSON separated by commas, `tail`. Each line is an object that stands
 * for its JSON (`json` makes it): the same object for a line unchanged since an earlier version, so a chunk of
 * lines the same as before is known by their objects, and is not made again.
 */
export interface BodyParts<L extends object = object> {
  head: string;
  lines: readonly L[];
  /** A line's JSON (asked only of the lines of chunks made anew). */
  json(line: L): Buffer;
  /**
   * A line's group: consecutive lines of one group make a chunk. Groups that stay put as lines come and go (a
   * range of seqs) keep the other chunks whole when one line changes.
   */
  group(line: L): number;
  tail: string;
}

/** Lines of one run of a group: their JSON with a comma before each but the answer's first, and its gzip form. */
interface Chunk {
  group: number;
  first: boolean;
  lines: readonly object[];
  json: Buffer;
  gzip: Promise<Buffer> | null;
}

/** `parts` joined into memory of their own (a slice of Node's shared pool would keep its whole slab alive). */
function joined(parts: readonly Buffer[], length: number): Buffer {
  const out = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}

const COMMA = Buffer.from(',');

function newChunk(
  group: number,
  first: boolean,
  lines: readonly object[],
  json: (line: object) => Buffer,
): Chunk {
  const parts: Buffer[] = [];
  let length = 0;
  for (const l of lines) {
    if (parts.length > 0 || !first) {
      parts.push(COMMA);
      length += 1;
    }
    const bytes = json(l);
    parts.push(bytes);
    length += bytes.length;
  }
  return { group, first, lines, json: joined(parts, length), gzip: null };
}

function sameLines(kept: readonly object[], lines: readonly object[], from: number, to: number): boolean {
  if (kept.length !== to - from) return false;
  for (let i = from; i < to; i++) if (kept[i - from] !== lines[i]) return false;
  return true;
}

/** A chunk's gzip form, made once (off the event loop, in libuv's threadpool). */
function chunkGzip(c: Chunk): Promise<Buffer> {
  if (!c.gzip) {
    const made =
      c.json.length < STORE_BELOW_BYTES
        ? Promise.resolve(gzipChunk(c.json))
        : deflateRawAsync(c.json, { finishFlush: constants.Z_SYNC_FLUSH });
    c.gzip = made;
    made.catch(() => {
      if (c.gzip === made) c.gzip = null;
    });
  }
  return c.gzip;
}

/** One version of one answer: its chunks, its JSON and gzip form once asked for. */
export class EncodedBody {
  readonly #head: Buffer;
  readonly #tail: Buffer;
  readonly #chunks: Chunk[] = [];
  /** The chunks by group, for the next version to reuse. */
  readonly #byGroup = new Map<number, Chunk>();
  /** The JSON's length in bytes. */
  readonly length: number;
  #json: Buffer | null = null;
  #gzip: Promise<Buffer> | null = null;

  /** `previous`: an earlier version of the same answer, whose chunks are reused where their lines are the same. */
  constructor(parts: BodyParts, previous?: EncodedBody) {
    this.#head = Buffer.from(parts.head);
    this.#tail = Buffer.from(parts.tail);
    const { lines } = parts;
    const groups: number[] = [];
    for (const l of lines) groups.push(parts.group(l));
    const json = (l: object) => parts.json(l);
    let length = this.#head.length + this.#tail.length;
    for (let i = 0; i < lines.length;) {
      const group = groups[i]!;
      let end = i + 1;
      while (end < lines.length && end - i < MAX_CHUNK_LINES && groups[end] === group) end++;
      const first = i === 0;
      const kept = previous ? previous.#byGroup.get(group) : undefined;
      const chunk =
        kept && kept.first === first && sameLines(kept.lines, lines, i, end)
          ? kept
          : newChunk(group, first, lines.slice(i, end), json);
      this.#chunks.push(chunk);
      this.#byGroup.set(group, chunk);
      length += chunk.json.length;
      i = end;
    }
    this.length = length;
  }

  /** The answer as JSON (joined when first asked for). */
  get json(): Buffer {
    return (this.#json ??= joined([this.#head, ...this.#chunks.map((c) => c.json), this.#tail], this.length));
  }

  /** How many of its chunks it shares with `other` (tests). */
  sharedChunks(other: EncodedBody): number {
    const theirs = new Set(other.#chunks);
    return this.#chunks.filter((c) => theirs.has(c)).length;
  }

  /** The answer in gzip: the header, every part's deflate chunk in order, and gzip's end. */
  gzip(): Promise<Buffer> {
    if (!this.#gzip) {
      const made = (async () => {
        const chunks = await Promise.all(this.#chunks.map(chunkGzip));
        let crc = crc32(this.#head);
        for (const c of this.#chunks) crc = crc32(c.json, crc);
        crc = crc32(this.#tail, crc);
        return Buffer.concat([
          GZIP_HEADER,
          gzipChunk(this.#head),
          ...chunks,
          gzipChunk(this.#tail),
          gzipEnd(crc, this.length),
        ]);
      })();
      this.#gzip = made;
      made.catch(() => {
        if (this.#gzip === made) this.#gzip = null;
      });
    }
    return this.#gzip;
  }

  /** The bytes to send and their encoding, for a request's Accept-Encoding: gzip when offered, else the JSON. */
  async forRequest(
    acceptEncoding: string | string[] | undefined,
  ): Promise<{ bytes: Buffer; encoding: 'gzip' | null }> {
    if (this.length >= ENCODE_FROM_BYTES && acceptsEncoding(acceptEncoding, 'gzip'))
      return { bytes: await this.gzip(), encoding: 'gzip' };
    return { bytes: this.json, encoding: null };
  }
}

interface Kept {
  version: number;
  body: Promise<EncodedBody>;
  /** The body once built (the next version reuses its chunks). */
  built: EncodedBody | null;
}

export class EncodedBodies {
  readonly #entries = new Map<string, Kept>();
  readonly #max: number;

  /** `max`: keys kept at most (the least lately built go first). */
  constructor({ max = 32 }: { max?: number } = {}) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The body of `key` at `version`, built of `build`'s parts unless it is kept, or being built, at that version
   * or a later one. A failed build is not kept.
   */
  get(key: string, version: number, build: () => Promise<BodyParts>): Promise<EncodedBody> {
    const kept = this.#entries.get(key);
    if (kept && kept.version >= version) return kept.body;
    const previous = kept?.built ?? undefined;
    const entry: Kept = {
      version,
      body: build().then((parts) => new EncodedBody(parts, previous)),
      built: null,
    };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    entry.body.then(
      (body) => {
        entry.built = body;
      },
      () => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      },
    );
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return entry.body;
  }
}

/** A weak validator for an answer at one version (the same JSON whatever its encoding). */
export const versionTag = (version: number): string => `W/"v${version}"`;

/** Whether an If-None-Match header names this tag (weak comparison), or is `*`. */
export function matchesTag(header: string | string[] | undefined, tag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return value.split(',').some((t) => t.trim() === '*' || bare(t) === bare(tag));
}
