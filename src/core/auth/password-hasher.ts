import bcrypt from 'bcryptjs';
import type { PasswordHasher } from './ports.ts';

/**
 * bcrypt (bcryptjs, pure JS: no native build on the target machines). Cost 10 is about 60–80 ms per hash
 * on one core, slow enough for offline guessing and fast enough for a phone waiting on sign-in.
 */
export function createBcryptHasher(cost = 10): PasswordHasher {
  // A real hash of the same cost, computed once, so unknown phones cost as much as known ones.
  let dummy: Promise<string> | null = null;
  const dummyHash = () => (dummy ??= bcrypt.hash('linli-dummy-password', cost));
  return {
    hash: (password) => bcrypt.hash(password, cost),
    async verify(password, hash) {
      if (hash === null) {
        await bcrypt.compare(password, await dummyHash());
        return false;
      }
      return bcrypt.compare(password, hash);
    },
  };
}
