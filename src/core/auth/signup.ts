import { AppError, conflict } from '../shared/app-error.ts';
import type { IssuedSession, Locale, User } from './model.ts';
import type { AuthDeps } from './ports.ts';
import { normalisePhone } from './phone.ts';
import { issueSession } from './sessions.ts';
import { checkDisplayName, checkPassword } from './validation.ts';

export interface SignupInput {
  displayName: string;
  phone: string;
  password: string;
  locale?: Locale;
  /** The browser's current session, if any: replaced by the new one. */
  replacesSessionId?: string | null;
}

/**
 * Creates an account and signs it in. There is no actor yet (anyone may sign up), so unlike other
 * use-cases this one takes only `(deps, input)`. A registered phone is a 409 phone_taken.
 */
export async function signup(
  deps: AuthDeps,
  input: SignupInput,
): Promise<{ user: User; session: IssuedSession }> {
  const phone = normalisePhone(input.phone);
  if (!phone)
    throw new AppError('bad_request', 'Enter a mainland mobile number, e.g. 13812345678', {
      code: 'invalid_phone',
    });
  const displayName = checkDisplayName(input.displayName);
  checkPassword(input.password);
  const passwordHash = await deps.hasher.hash(input.password);
  const user: User = {
    id: deps.ids.id(),
    displayName,
    phone,
    locale: input.locale ?? 'zh-CN',
    createdAt: deps.clock.now(),
  };
  return deps.store.transaction(async (store) => {
    const inserted = await store.insertUser({ ...user, passwordHash });
    if (!inserted) throw conflict('This mobile number is already registered; sign in instead', 'phone_taken');
    const session = await issueSession(deps, store, user.id, input.replacesSessionId ?? null);
    return { user, session };
  });
}
