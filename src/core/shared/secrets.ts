import { hash, randomBytes } from 'node:crypto';

/** A random URL-safe secret (session cookies, access tokens, invite codes). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Only hashes of bearer secrets are stored, so a database leak does not leak sessions. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}
