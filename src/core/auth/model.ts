/** Accounts, sessions and personal access tokens: the auth context's types and limits. */

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const DISPLAY_NAME_MAX = 40;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const TOKEN_NAME_MAX = 60;
/** Enough for every script and device a person owns; stops a runaway loop from filling the table. */
export const MAX_ACTIVE_TOKENS = 50;
/** Browser sessions last 30 days from sign-in. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Personal access tokens start with this, so a leaked one is easy to recognise in logs and scanners. */
export const TOKEN_PREFIX = 'lin_';

export interface User {
  id: string;
  displayName: string;
  /** Normalised mainland mobile number (13812345678). */
  phone: string;
  locale: string;
  createdAt: Date;
}

export interface UserWithPassword extends User {
  /** Null for accounts that cannot sign in with a password (created by scripts, proxies). */
  passwordHash: string | null;
}

export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
}

/** What a browser gets when it signs in: the cookie's secret and the CSRF token to echo on writes. */
export interface IssuedSession {
  sessionId: string;
  secret: string;
  csrfToken: string;
  expiresAt: Date;
}

export interface AccessTokenRecord {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export type ClaimStatus = 'pending' | 'verified' | 'rejected';

/** One compound the user belongs to, with their roles and their live household claim. */
export interface MembershipSummary {
  communityId: string;
  communityName: string;
  memberId: string;
  isAdmin: boolean;
  isLeader: boolean;
  volunteerBuildingIds: string[];
  household: { id: string; label: string; status: ClaimStatus } | null;
}
