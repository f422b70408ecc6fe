import { describe, expect, it } from 'vitest';
import { createBcryptHasher } from './password-hasher.ts';

// Cost 4 keeps the test fast; production uses 10 (see the container).
const hasher = createBcryptHasher(4);

describe('bcrypt password hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$2[aby]\$04\$/);
    expect(hash).not.toContain('correct horse');
    expect(await hasher.verify('correct horse', hash)).toBe(true);
    expect(await hasher.verify('Correct horse', hash)).toBe(false);
  });

  it('refuses everything against a missing hash, still doing a comparison', async () => {
    expect(await hasher.verify('correct horse', null)).toBe(false);
    expect(await hasher.verify('', null)).toBe(false);
  });

  it('uses cost 10 by default', async () => {
    expect(await createBcryptHasher().hash('x')).toMatch(/^\$2[aby]\$10\$/);
  });
});
