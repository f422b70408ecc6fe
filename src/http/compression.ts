import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/** Answers smaller than this go as they are: a join's answer, an order, the buy (a packet or two either way). */
export const COMPRESS_FROM_BYTES = 4096;

/**
 * Compresses answers of 4 KB or more for clients that accept it: brotli at a fast level, else gzip. Residents are
 * often on old phones over congested networks, and what a page loads when a buy's link is posted is large: the
 * 接龙 list of a buy with 5,000 orders is ~600 KB of JSON, the leader's summary ~1 MB, the app's script ~330 KB,
 * each a tenth of that or less compressed. Compressing them costs the server a few milliseconds each, off the
 * event loop for the large ones (the plugin streams those through libuv's threadpool). Event streams are
 * untouched (they are hijacked and written raw), as are files already compressed (xlsx, png: not compressible
 * by their type). Request bodies are not accepted compressed: a compressed body is no JSON, so it is refused
 * as malformed, as before.
 *
 * Registered before the routes and the web app's static files, so the hook covers them all.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    threshold: COMPRESS_FROM_BYTES,
    encodings: ['br', 'gzip', 'deflate'],
    // Brotli's default is its slowest level (11): level 4 compresses a 600 KB list about as well as gzip's
    // default in less time.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    globalDecompression: false,
  });
}
