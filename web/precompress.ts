import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Files smaller than this are served as they are (the server's own threshold too: src/http/compression.ts). */
const FROM_BYTES = 4096;
const TEXT = /\.(js|css|html|svg|json|txt)$/;

/**
 * Writes a brotli (.br, its best level) and a gzip (.gz) copy beside each built text file of 4 KB or more, which
 * the server sends to phones that accept them (@fastify/static's `preCompressed`): the app's script is ~330 KB,
 * ~90 KB in brotli, and compressing it once here costs the server nothing per phone.
 */
export function precompress(): Plugin {
  return {
    name: 'linli-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      for (const file of Object.values(bundle)) {
        if (!TEXT.test(file.fileName)) continue;
        const bytes = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        if (bytes.length < FROM_BYTES) continue;
        const path = join(dir, file.fileName);
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
        );
        writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
