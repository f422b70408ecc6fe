/** GET /api/communities/{id}/todo: the caller's to-do list in a compound (docs/todo.md). */
import { requireMember } from '../buys/access.ts';
import type { Actor } from '../shared/actor.ts';
import type { TodoTask } from './model.ts';
import { hasTodo } from './policies.ts';
import type { TodoDeps } from './ports.ts';
import { tasksFor } from './todo-fns.ts';

/**
 * The member's tasks, most urgent first. A member of the compound with no role gets an empty list without a
 * query beyond their standing: every resident's home would otherwise count the compound's work. 403
 * not_a_member for anyone else.
 */
export async function readTodo(
  deps: TodoDeps,
  actor: Actor,
  input: { communityId: string },
): Promise<{ tasks: TodoTask[] }> {
  const member = await requireMember(deps.members, input.communityId, actor);
  if (!hasTodo(member)) return { tasks: [] };
  // The money context's canDecidePayment: not one's own household's payment, claimed or verified.
  const facts = await deps.repo.facts(input.communityId, member.household?.id ?? null);
  return { tasks: tasksFor(member, facts) };
}
