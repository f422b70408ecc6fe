import { AppError } from '../shared/app-error.ts';
import type { IssuedSession, User } from './model.ts';
import type { AuthDeps } from './ports.ts';
import { normalisePhone } from './phone.ts';
import { issueSession } from './sessions.ts';

export interface LoginInput {
  phone: string;
  password: string;
  replacesSessionId?: string | null;
}

const badCredentials = () =>
  new AppError('unauthenticated', 'Wrong mobile number or password', { code: 'bad_credentials' });

/**
 * Signs in with phone and password (no actor yet, hence `(deps, input)`). An unknown phone and a wrong
 * password give the same answer after the same amount of hashing work.
 */
export async function login(
  deps: AuthDeps,
  input: LoginInput,
): Promise<{ user: User; session: IssuedSession }> {
  const phone = normalisePhone(input.phone);
  const found = phone ? await deps.store.findUserByPhone(phone) : null;
  const ok = await deps.hasher.verify(input.password, found?.passwordHash ?? null);
  if (!found || !ok) throw badCredentials();
  const { passwordHash: _hash, ...user } = found;
  const session = await deps.store.transaction((store) =>
    issueSession(deps, store, user.id, input.replacesSessionId ?? null),
  );
  return { user, session };
}
