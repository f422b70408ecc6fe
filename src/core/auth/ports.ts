/** What the auth use-cases need from the outside world. src/db/repos/auth-repo.ts implements AuthStore. */
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { AccessTokenRecord, MembershipSummary, SessionRecord, User, UserWithPassword } from './model.ts';

export interface AuthStore {
  /** Runs `fn` in one transaction; the store passed to `fn` uses it. */
  transaction<T>(fn: (store: AuthStore) => Promise<T>): Promise<T>;

  /** False when the phone number is already registered. */
  insertUser(user: UserWithPassword): Promise<boolean>;
  findUserById(id: string): Promise<User | null>;
  findUserByPhone(phone: string): Promise<UserWithPassword | null>;
  updateUser(id: string, patch: { displayName?: string; locale?: string }): Promise<User | null>;

  insertSession(session: SessionRecord): Promise<void>;
  deleteSession(id: string): Promise<void>;
  /** Removes the user's sessions that expired before `now`; returns how many. */
  deleteExpiredSessions(userId: string, now: Date): Promise<number>;

  insertToken(token: AccessTokenRecord & { tokenHash: string }): Promise<void>;
  findToken(id: string): Promise<AccessTokenRecord | null>;
  /** The user's tokens that are not revoked, newest first. */
  listActiveTokens(userId: string): Promise<AccessTokenRecord[]>;
  countActiveTokens(userId: string): Promise<number>;
  revokeToken(id: string, at: Date): Promise<void>;

  /** Read-only view of the community tables: the compounds the user belongs to. */
  listMemberships(userId: string): Promise<MembershipSummary[]>;
}

/** Password hashing behind a port: bcrypt in production, a fast fake in unit tests. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * True when `password` matches `hash`. With a null hash (unknown phone, no password set) it still does
   * the work of a real comparison and returns false, so the response time does not reveal which phones exist.
   */
  verify(password: string, hash: string | null): Promise<boolean>;
}

/** Random secrets and their stored hashes (src/core/shared/secrets.ts in production). */
export interface SecretSource {
  random(bytes?: number): string;
  hash(secret: string): string;
}

export interface AuthDeps {
  store: AuthStore;
  hasher: PasswordHasher;
  secrets: SecretSource;
  clock: Clock;
  ids: IdGenerator;
}
