/** GET /api/communities/{id}/todo: the caller's to-do list in a compound (docs/todo.md). */
import { requireMember } from '../buys/access.ts';
import type { Actor } from '../shared/actor.ts';
import type { TodoTask } from './model.ts';
import { actsForProxiesIn, coverageScope, hasTodo, setsUp, verifiesSuppliers } from './policies.ts';
import type { TodoDeps } from './ports.ts';
import { COVERAGE_DAYS } from '../community/coverage-fns.ts';
import {
  byKind,
  HELP_WAITING_HOURS,
  helpWaitingTask,
  householdTasks,
  inNeedTask,
  proxyTasks,
  suppliersTask,
  tasksFor,
} from './todo-fns.ts';

/**
 * The member's tasks: their role's, most urgent first, then a volunteer's for the proxy households of their
 * buildings (代付, 代收退款, 代签收), then their verified household's own (pay, confirm a package, a package waiting). A member with no role is not asked about the compound's work, only their
 * household's (a small read by household on indexes); one with neither gets an empty list. 403 not_a_member for
 * anyone else.
 */
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

export async function readTodo(
  deps: TodoDeps,
  actor: Actor,
  input: { communityId: string },
): Promise<{ tasks: TodoTask[] }> {
  const member = await requireMember(deps.members, input.communityId, actor);
  const tasks: TodoTask[] = [];
  if (hasTodo(member)) {
    // The money context's canDecidePayment: not one's own household's payment, claimed or verified.
    const now = deps.clock.now();
    const facts = await deps.repo.facts(
      input.communityId,
      member.household?.id ?? null,
      setsUp(member) ? now : null,
    );
    tasks.push(...tasksFor(member, facts, now));
    const scope = coverageScope(member);
    if (scope !== null) {
      const days = COVERAGE_DAYS.default;
      const [rows, waiting] = await Promise.all([
        deps.coverage.coverageRows(input.communityId, scope, true),
        deps.street.countWaiting(
          input.communityId,
          scope,
          new Date(now.getTime() - HELP_WAITING_HOURS * HOUR_MS),
        ),
      ]);
      tasks.push(...inNeedTask(rows, new Date(now.getTime() - days * DAY_MS), days));
      tasks.push(...helpWaitingTask(waiting));
    }
    if (verifiesSuppliers(member)) {
      const [entries, names] = await Promise.all([
        deps.suppliers.listSuppliers(input.communityId),
        deps.suppliers.namesUnderWay(input.communityId),
      ]);
      tasks.push(...suppliersTask(entries, names));
    }
    tasks.sort(byKind);
    const buildings = actsForProxiesIn(member);
    if (buildings.length > 0)
      tasks.push(...proxyTasks(await deps.repo.proxyFacts(input.communityId, buildings)));
  }
  if (member.household?.verified)
    tasks.push(...householdTasks(await deps.repo.householdFacts(input.communityId, member.household.id)));
  return { tasks };
}
