/**
 * Large answers that are the same for everyone who may read them, kept encoded by version.
 *
 * The public 接龙 list of a buy with 5,000 orders is ~0.6 MB of JSON: building, serialising and compressing it
 * cost the server ~25–34 ms of CPU per request (docs/benchmarks.md, thirty-first session). When a buy closes or
 * its goods arrive, the whole compound opens the page to see what it got, at the same version of the buy. Here
 * the answer for a key (a buy and a page of its list) is built once per version, its brotli and gzip forms
 * made once when first asked for (off the event loop, in libuv's threadpool), and every later request at that
 * version is sent the same bytes. A newer version replaces the older; a build in progress is shared. Access is
 * checked per request, before this (the route).
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { acceptsEncoding } from '../realtime/sse-encoding.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type BodyEncoding = 'br' | 'gzip';

/** Below this, a body goes as it is (as `@fastify/compress` does: src/http/compression.ts). */
const ENCODE_FROM_BYTES = 4096;

/** One version of one answer: its JSON, and its compressed forms once asked for. */
export class EncodedBody {
  readonly #encoded = new Map<BodyEncoding, Promise<Buffer>>();

  constructor(readonly json: Buffer) {}

  /** The bytes to send and their encoding, for a request's Accept-Encoding (brotli first, as the plugin). */
  async forRequest(
    acceptEncoding: string | string[] | undefined,
  ): Promise<{ bytes: Buffer; encoding: BodyEncoding | null }> {
    if (this.json.length < ENCODE_FROM_BYTES) return { bytes: this.json, encoding: null };
    const encoding: BodyEncoding | null = acceptsEncoding(acceptEncoding, 'br')
      ? 'br'
      : acceptsEncoding(acceptEncoding, 'gzip')
        ? 'gzip'
        : null;
    if (!encoding) return { bytes: this.json, encoding: null };
    let bytes = this.#encoded.get(encoding);
    if (!bytes) {
      // Brotli at level 4, as the plugin's (its default 11 is its slowest).
      bytes =
        encoding === 'br'
          ? brotli(this.json, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
          : gzipAsync(this.json);
      this.#encoded.set(encoding, bytes);
      bytes.catch(() => this.#encoded.delete(encoding));
    }
    return { bytes: await bytes, encoding };
  }
}

export class EncodedBodies {
  readonly #entries = new Map<string, { version: number; body: Promise<EncodedBody> }>();
  readonly #max: number;

  /** `max`: keys kept at most (the least lately built go first). */
  constructor({ max = 32 }: { max?: number } = {}) {
    this.#max = max;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The body of `key` at `version`, built with `build` (its JSON) unless it is kept, or being built, at that
   * version or a later one. A failed build is not kept.
   */
  get(key: string, version: number, build: () => Promise<string | Buffer>): Promise<EncodedBody> {
    const kept = this.#entries.get(key);
    if (kept && kept.version >= version) return kept.body;
    const body = build().then((json) => new EncodedBody(typeof json === 'string' ? Buffer.from(json) : json));
    const entry = { version, body };
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    body.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    return body;
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
