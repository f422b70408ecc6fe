import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/app-error.ts';
import type { Locale, MembershipSummary, User } from './model.ts';
import type { AuthDeps } from './ports.ts';
import { checkDisplayName } from './validation.ts';

// The actor was resolved from a live session or token a moment ago; a missing user means it was just deleted.
const gone = () =>
  new AppError('unauthenticated', 'This account no longer exists; sign in again', {
    code: 'unauthenticated',
  });

/** The signed-in user and the compounds they belong to. */
export async function getMe(
  deps: Pick<AuthDeps, 'store'>,
  actor: Actor,
): Promise<{ user: User; memberships: MembershipSummary[] }> {
  const [user, memberships] = await Promise.all([
    deps.store.findUserById(actor.userId),
    deps.store.listMemberships(actor.userId),
  ]);
  if (!user) throw gone();
  return { user, memberships };
}

export interface UpdateMeInput {
  displayName?: string;
  locale?: Locale;
}

/** Changes the user's own name or language; fields left out stay as they are. */
export async function updateMe(
  deps: Pick<AuthDeps, 'store'>,
  actor: Actor,
  input: UpdateMeInput,
): Promise<User> {
  const patch: { displayName?: string; locale?: string } = {};
  if (input.displayName !== undefined) patch.displayName = checkDisplayName(input.displayName);
  if (input.locale !== undefined) patch.locale = input.locale;
  const user =
    Object.keys(patch).length === 0
      ? await deps.store.findUserById(actor.userId)
      : await deps.store.updateUser(actor.userId, patch);
  if (!user) throw gone();
  return user;
}
