import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { exportJielong } from '../../core/jielong/export-jielong.ts';
import { commitImport, previewImport } from '../../core/jielong/import-jielong.ts';
import { requireActor } from '../auth.ts';
import { buyParams, idempotencyHeaders } from '../buys/buys.schemas.ts';
import { presentCommit, presentPreview } from './jielong.presenter.ts';
import { commitBody, previewBody } from './jielong.schemas.ts';

const tags = ['jielong'];

/** WeChat 接龙 text in (preview, commit) and out (the 接龙 and the summary); docs/jielong.md. */
export async function jielongRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.jielongDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/buys/:buyId/jielong/preview',
    {
      schema: {
        tags,
        summary:
          "Read a pasted 接龙 and sort its lines for review (the buy's leader, admin); changes nothing",
        params: buyParams,
        body: previewBody,
      },
    },
    async (request) =>
      presentPreview(
        await previewImport(deps, requireActor(request), {
          buyId: request.params.buyId,
          text: request.body.text,
        }),
      ),
  );

  app.post(
    '/api/buys/:buyId/jielong/commit',
    {
      schema: {
        tags,
        summary: 'Place the reviewed 接龙 entries as orders for their households, in list order',
        params: buyParams,
        body: commitBody,
        headers: idempotencyHeaders,
      },
    },
    async (request) => {
      const key = request.headers['idempotency-key'];
      const outcome = await commitImport(deps, requireActor(request), {
        buyId: request.params.buyId,
        entries: request.body.entries,
        idempotency: key ? { key, scope: `POST /api/buys/${request.params.buyId}/jielong/commit` } : null,
      });
      return presentCommit(outcome);
    },
  );

  app.get(
    '/api/buys/:buyId/jielong',
    {
      schema: {
        tags,
        summary: 'The buy as WeChat text: the 接龙 so far and the per-item, per-building summary',
        params: buyParams,
      },
    },
    async (request) => {
      const text = await exportJielong(deps, requireActor(request), { buyId: request.params.buyId });
      return { jielong: text.jielong, summary: text.summary };
    },
  );
}
