/** In-memory implementations of the auth ports, for unit tests of the use-cases. */
import type { AccessTokenRecord, MembershipSummary, SessionRecord, User, UserWithPassword } from './model.ts';
import type { AuthDeps, AuthStore, PasswordHasher, SecretSource } from './ports.ts';

export class InMemoryAuthStore implements AuthStore {
  users = new Map<string, UserWithPassword>();
  sessions = new Map<string, SessionRecord>();
  tokens = new Map<string, AccessTokenRecord & { tokenHash: string }>();
  memberships = new Map<string, MembershipSummary[]>();

  async transaction<T>(fn: (store: AuthStore) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async insertUser(user: UserWithPassword) {
    if ([...this.users.values()].some((u) => u.phone === user.phone)) return false;
    this.users.set(user.id, { ...user });
    return true;
  }
  async findUserById(id: string): Promise<User | null> {
    const u = this.users.get(id);
    if (!u) return null;
    const { passwordHash: _h, ...user } = u;
    return user;
  }
  async findUserByPhone(phone: string) {
    return [...this.users.values()].find((u) => u.phone === phone) ?? null;
  }
  async updateUser(id: string, patch: { displayName?: string; locale?: string }) {
    const u = this.users.get(id);
    if (!u) return null;
    Object.assign(u, patch);
    return this.findUserById(id);
  }
  async insertSession(session: SessionRecord) {
    this.sessions.set(session.id, { ...session });
  }
  async deleteSession(id: string) {
    this.sessions.delete(id);
  }
  async deleteExpiredSessions(userId: string, now: Date) {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.userId === userId && s.expiresAt < now) {
        this.sessions.delete(s.id);
        n++;
      }
    }
    return n;
  }
  async insertToken(token: AccessTokenRecord & { tokenHash: string }) {
    this.tokens.set(token.id, { ...token });
  }
  async findToken(id: string) {
    const t = this.tokens.get(id);
    if (!t) return null;
    const { tokenHash: _h, ...token } = t;
    return token;
  }
  async listActiveTokens(userId: string) {
    return [...this.tokens.values()]
      .filter((t) => t.userId === userId && !t.revokedAt)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map(({ tokenHash: _h, ...t }) => t);
  }
  async countActiveTokens(userId: string) {
    return (await this.listActiveTokens(userId)).length;
  }
  async revokeToken(id: string, at: Date) {
    const t = this.tokens.get(id);
    if (t) t.revokedAt = at;
  }
  async listMemberships(userId: string) {
    return this.memberships.get(userId) ?? [];
  }
}

/** Not a hash at all: fast, and lets tests see which password was stored. Counts null-hash checks. */
export function fakeHasher(): PasswordHasher & { dummyChecks: number } {
  const hasher = {
    dummyChecks: 0,
    hash: async (password: string) => `hashed:${password}`,
    async verify(password: string, hash: string | null) {
      if (hash === null) {
        hasher.dummyChecks++;
        return false;
      }
      return hash === `hashed:${password}`;
    },
  };
  return hasher;
}

export function fakeSecrets(): SecretSource {
  let n = 0;
  return { random: () => `secret${++n}`, hash: (s) => `sha:${s}` };
}

export interface FakeDeps extends AuthDeps {
  store: InMemoryAuthStore;
  hasher: ReturnType<typeof fakeHasher>;
  /** Moves the fake clock forward. */
  advance(ms: number): void;
}

export function fakeDeps(start = new Date('2026-03-01T08:00:00+08:00')): FakeDeps {
  let now = start.getTime();
  let id = 0;
  return {
    store: new InMemoryAuthStore(),
    hasher: fakeHasher(),
    secrets: fakeSecrets(),
    clock: { now: () => new Date(now) },
    ids: { id: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}` },
    advance: (ms) => {
      now += ms;
    },
  };
}
