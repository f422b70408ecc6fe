/**
 * The checkout's root folder (where package.json is), found by walking up from this module. Paths to files
 * that ship beside the code (migrations, the web app) start here rather than at `import.meta.url`, because the
 * same code also runs bundled into one file (.build/linli.mjs, see bin/linli.js) at another depth.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'db', 'migrations'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no Linli checkout above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
