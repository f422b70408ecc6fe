/** Zod schemas of the accounts API: request validation and the OpenAPI document both come from here. */
import { z } from 'zod';
import {
  DISPLAY_NAME_MAX,
  LOCALES,
  PASSWORD_MAX,
  PASSWORD_MIN,
  TOKEN_NAME_MAX,
} from '../../core/auth/model.ts';
import { normalisePhone } from '../../core/auth/phone.ts';

// eslint-disable-next-line no-control-regex
const ONE_LINE = /^[^\u0000-\u001f\u007f]*$/;

const displayName = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(DISPLAY_NAME_MAX, `Use at most ${DISPLAY_NAME_MAX} characters`)
  .regex(ONE_LINE, 'Use a name on one line');

const phone = z
  .string()
  .max(32, 'Enter a mainland mobile number, e.g. 13812345678')
  .refine((s) => normalisePhone(s) !== null, 'Enter a mainland mobile number, e.g. 13812345678');

const locale = z.enum(LOCALES);

export const signupBody = z.object({
  displayName,
  phone,
  password: z
    .string()
    .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`),
  locale: locale.optional(),
});

export const loginBody = z.object({
  phone,
  password: z.string().min(1, 'Enter your password').max(PASSWORD_MAX),
});

export const updateMeBody = z.object({ displayName: displayName.optional(), locale: locale.optional() });

export const createTokenBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the token')
    .max(TOKEN_NAME_MAX, `Use at most ${TOKEN_NAME_MAX} characters`),
});

export const tokenParams = z.object({ tokenId: z.uuid() });

export const userSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  phone: z.string(),
  locale: z.string(),
});

export const membershipSchema = z.object({
  communityId: z.string(),
  communityName: z.string(),
  memberId: z.string(),
  roles: z.object({ admin: z.boolean(), leader: z.boolean(), volunteerBuildingIds: z.array(z.string()) }),
  household: z
    .object({ id: z.string(), label: z.string(), status: z.enum(['pending', 'verified', 'rejected']) })
    .nullable(),
});

export const signedInResponse = z.object({ user: userSchema, csrfToken: z.string() });

export const meResponse = z.object({
  user: userSchema,
  /** Null when the request came with a bearer token: only cookie sessions need CSRF tokens. */
  csrfToken: z.string().nullable(),
  memberships: z.array(membershipSchema),
});

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});

export const tokensResponse = z.object({ tokens: z.array(tokenSchema) });

export const createdTokenResponse = z.object({
  token: z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
  secret: z.string(),
});
