import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { readTodo } from '../../core/todo/read-todo.ts';
import { requireActor } from '../auth.ts';
import { presentTask } from './todo.presenter.ts';
import { communityParams, todoOut } from './todo.schemas.ts';

/** The home page's 待办 (docs/todo.md). */
export async function todoRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.todoDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/communities/:communityId/todo',
    {
      schema: {
        tags: ['todo'],
        summary:
          "What the caller has to do in a compound, most urgent first: a leader's buys (reports, deliveries, the supplier, arrival, payments, finishing, drafts), a volunteer's packages and claims, an admin's claims; then the caller's household's own (what it owes, a package to confirm or waiting for it)",
        params: communityParams,
        response: { 200: todoOut },
      },
      // Buys, packages, payments, the ledger, reports and claims: nothing the order journal holds back.
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const r = await readTodo(deps, requireActor(request), { communityId: request.params.communityId });
      return { tasks: r.tasks.map(presentTask) };
    },
  );
}
