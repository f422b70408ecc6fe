import type { Actor } from '../shared/actor.ts';
import type { AuthDeps } from './ports.ts';
import { canEndSession } from './policies.ts';

/** Ends the actor's browser session. Without one (bearer token, already signed out) there is nothing to do. */
export async function logout(
  deps: Pick<AuthDeps, 'store'>,
  actor: Actor | null,
  input: { sessionId: string | null },
): Promise<void> {
  if (actor && canEndSession(actor, input.sessionId)) await deps.store.deleteSession(input.sessionId);
}
