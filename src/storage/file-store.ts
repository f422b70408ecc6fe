/**
 * Uploaded files on disk, content-addressed (sha256), written atomically (temporary file, then rename), so a
 * crash leaves either the whole file or none. Lives in the data folder (LINLI_DATA_DIR/files); several
 * instances on one PostgreSQL need that folder shared (see docs/operations.md).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileStore, StoredFile } from '../core/shared/ports.ts';

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};
const TYPES = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));
const KEY = /^([0-9a-f]{64})\.([a-z]{2,4})$/;

function keyFor(bytes: Uint8Array, contentType: string): string {
  const ext = EXTENSIONS[contentType];
  if (!ext) throw new RangeError(`no extension known for ${contentType}`);
  return `${createHash('sha256').update(bytes).digest('hex')}.${ext}`;
}

/** Files in `dir` (created on first write), two levels of folders by hash prefix. */
export function createDiskFileStore(dir: string): FileStore {
  const pathOf = (hash: string, key: string) => join(dir, hash.slice(0, 2), key);
  return {
    async put(bytes, contentType) {
      const key = keyFor(bytes, contentType);
      const path = pathOf(key, key);
      const exists = await stat(path).then(
        () => true,
        () => false,
      );
      if (!exists) {
        await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
        const tmp = `${path}.${randomUUID()}.tmp`;
        await writeFile(tmp, bytes, { flush: true });
        await rename(tmp, path);
      }
      return { key, contentType, size: bytes.length } satisfies StoredFile;
    },
    async get(key) {
      const m = KEY.exec(key);
      const type = m ? TYPES[m[2]!] : undefined;
      if (!m || !type) return null;
      try {
        return { bytes: await readFile(pathOf(m[1]!, key)), contentType: type };
      } catch {
        return null;
      }
    },
  };
}

/** The same behaviour in memory, for unit tests of use-cases that store files. */
export function createMemoryFileStore(): FileStore {
  const files = new Map<string, { bytes: Buffer; contentType: string }>();
  return {
    async put(bytes, contentType) {
      const key = keyFor(bytes, contentType);
      files.set(key, { bytes: Buffer.from(bytes), contentType });
      return { key, contentType, size: bytes.length };
    },
    async get(key) {
      return files.get(key) ?? null;
    },
  };
}
