import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { createBuy } from '../../core/buys/create-buy.ts';
import { writeOrder, type OrderWriteInput } from '../../core/buys/place-order.ts';
import {
  getBuy,
  householdOrderIn,
  listOrders,
  myOrderIn,
  myOrders,
  publicList,
} from '../../core/buys/read-buys.ts';
import { transitionBuy, type ManualAction } from '../../core/buys/transition-buy.ts';
import { updateBuy } from '../../core/buys/update-buy.ts';
import { listBuysWithPools } from '../../core/pools/pools.ts';
import { requireActor } from '../auth.ts';
import { EncodedBodies, matchesTag, versionTag } from '../encoded-bodies.ts';
import { presentBuy, presentEntriesParts, presentMyOrder, presentOrder } from './buys.presenter.ts';
import { presentPoolSummary } from '../pools/pools.presenter.ts';
import {
  afterQuery,
  buyParams,
  cancelBuyBody,
  communityParams,
  createBuyBody,
  householdOrderParams,
  idempotencyHeaders,
  myOrdersQuery,
  orderBody,
  statusQuery,
  updateBuyBody,
} from './buys.schemas.ts';

const tags = ['buys'];

/** Idempotency-Key scoped to method and path (the use-case adds the caller). */
function idempotencyOf(request: FastifyRequest, key: string | undefined): OrderWriteInput['idempotency'] {
  return key ? { key, scope: `${request.method} ${request.url.split('?')[0]}` } : null;
}

/** Group buys and their orders (api-contract.md "Group buys" and "Orders"). */
export async function buysRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.buysDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();
  /** The public lists' answers, by buy, page and version. */
  const listBodies = new EncodedBodies();

  app.post(
    '/api/communities/:communityId/buys',
    {
      schema: {
        tags,
        summary: 'Draft a group buy (leader, admin)',
        params: communityParams,
        body: createBuyBody,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { deadline, ...body } = request.body;
      const buy = await createBuy(deps, actor, {
        ...body,
        communityId: request.params.communityId,
        deadline: new Date(deadline),
      });
      return reply.status(201).send(presentBuy(buy));
    },
  );

  app.get(
    '/api/communities/:communityId/buys',
    {
      schema: {
        tags,
        summary: "A compound's buys (?status=open,closed), each with its joint buy's progress (pool) or null",
        params: communityParams,
        querystring: statusQuery,
      },
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const buys = await listBuysWithPools(opts.container.poolsDeps, requireActor(request), {
        communityId: request.params.communityId,
        statuses: request.query.status,
      });
      return {
        buys: buys.map(({ pool, ...buy }) => ({
          ...presentBuy(buy),
          pool: pool === null ? null : presentPoolSummary(pool),
        })),
      };
    },
  );

  app.get(
    '/api/buys/:buyId',
    {
      schema: { tags, summary: 'A buy with its items and totals', params: buyParams },
      // Its counters are written with each journal row: an open page's refresh during a rush.
      config: { skipOrderJournal: true },
    },
    async (request) => presentBuy(await getBuy(deps, requireActor(request), request.params.buyId)),
  );

  app.patch(
    '/api/buys/:buyId',
    {
      schema: {
        tags,
        summary: 'Edit a draft, or the details and items of an open buy',
        params: buyParams,
        body: updateBuyBody,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { deadline, ...body } = request.body;
      const buy = await updateBuy(deps, actor, {
        ...body,
        buyId: request.params.buyId,
        ...(deadline !== undefined ? { deadline: new Date(deadline) } : {}),
      });
      return presentBuy(buy);
    },
  );

  for (const action of [
    'publish',
    'close',
    'confirm',
    'arrive',
    'complete',
  ] as const satisfies ManualAction[]) {
    app.post(
      `/api/buys/:buyId/${action}`,
      {
        schema: {
          tags,
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} the buy (its leader, admin)`,
          params: buyParams,
        },
      },
      async (request) =>
        presentBuy(await transitionBuy(deps, requireActor(request), { buyId: request.params.buyId, action })),
    );
  }

  app.post(
    '/api/buys/:buyId/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel the buy with a reason (its leader, admin)',
        params: buyParams,
        body: cancelBuyBody,
      },
    },
    async (request) =>
      presentBuy(
        await transitionBuy(deps, requireActor(request), {
          buyId: request.params.buyId,
          action: 'cancel',
          reason: request.body.reason,
        }),
      ),
  );

  app.get(
    '/api/buys/:buyId/orders/mine',
    {
      schema: {
        tags,
        summary: "My household's live order in this buy, or null (what the buy's page shows of mine)",
        params: buyParams,
      },
      // It expands the buy's journal itself, and only when the buy's book here is behind (a rush: never).
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const order = await myOrderIn(deps, requireActor(request), request.params.buyId);
      return { order: order && presentOrder(order) };
    },
  );

  app.put(
    '/api/buys/:buyId/orders/mine',
    {
      schema: {
        tags,
        summary: "Place or replace my household's order",
        params: buyParams,
        body: orderBody,
        headers: idempotencyHeaders,
      },
    },
    async (request, reply) => {
      const r = await writeOrder(deps, requireActor(request), {
        buyId: request.params.buyId,
        target: { kind: 'mine' },
        change: { kind: 'place', ...request.body },
        idempotency: idempotencyOf(request, request.headers['idempotency-key']),
      });
      return reply.status(r.statusCode).send({ order: presentOrder(r.body.order) });
    },
  );

  app.delete(
    '/api/buys/:buyId/orders/mine',
    {
      schema: {
        tags,
        summary: "Cancel my household's order",
        params: buyParams,
        headers: idempotencyHeaders,
      },
    },
    async (request, reply) => {
      const r = await writeOrder(deps, requireActor(request), {
        buyId: request.params.buyId,
        target: { kind: 'mine' },
        change: { kind: 'cancel' },
        idempotency: idempotencyOf(request, request.headers['idempotency-key']),
      });
      return reply.status(200).send({ order: presentOrder(r.body.order) });
    },
  );

  app.get(
    '/api/buys/:buyId/orders/households/:householdId',
    {
      schema: {
        tags,
        summary: "A household's live order in this buy, or null (its building volunteer, admin: 代下单)",
        params: householdOrderParams,
      },
    },
    async (request) => {
      const order = await householdOrderIn(deps, requireActor(request), request.params);
      return { order: order && presentOrder(order) };
    },
  );

  app.put(
    '/api/buys/:buyId/orders/households/:householdId',
    {
      schema: {
        tags,
        summary: "Place or replace a household's order (its building volunteer, admin)",
        params: householdOrderParams,
        body: orderBody,
        headers: idempotencyHeaders,
      },
    },
    async (request, reply) => {
      const r = await writeOrder(deps, requireActor(request), {
        buyId: request.params.buyId,
        target: { kind: 'household', householdId: request.params.householdId },
        change: { kind: 'place', ...request.body },
        idempotency: idempotencyOf(request, request.headers['idempotency-key']),
      });
      return reply.status(r.statusCode).send({ order: presentOrder(r.body.order) });
    },
  );

  app.delete(
    '/api/buys/:buyId/orders/households/:householdId',
    {
      schema: {
        tags,
        summary: "Cancel a household's order (its building volunteer, admin)",
        params: householdOrderParams,
        headers: idempotencyHeaders,
      },
    },
    async (request, reply) => {
      const r = await writeOrder(deps, requireActor(request), {
        buyId: request.params.buyId,
        target: { kind: 'household', householdId: request.params.householdId },
        change: { kind: 'cancel' },
        idempotency: idempotencyOf(request, request.headers['idempotency-key']),
      });
      return reply.status(200).send({ order: presentOrder(r.body.order) });
    },
  );

  app.get(
    '/api/buys/:buyId/orders',
    {
      schema: {
        tags,
        summary: 'Every order in seq order (leaders, admins); ?after=SEQ pages',
        params: buyParams,
        querystring: afterQuery,
      },
    },
    async (request) => {
      const r = await listOrders(deps, requireActor(request), {
        buyId: request.params.buyId,
        afterSeq: request.query.after,
      });
      return { orders: r.orders.map(presentOrder), nextAfter: r.nextAfter };
    },
  );

  app.get(
    '/api/buys/:buyId/list',
    {
      schema: {
        tags,
        summary: 'The public 接龙 list, by household label',
        params: buyParams,
        querystring: afterQuery,
      },
      // What it reads of the journal it expands itself, and only when it must: in a rush the list comes from
      // the buy's book in memory, and a page that has the list at the buy's version is sent nothing.
      config: { skipOrderJournal: true },
    },
    async (request, reply) => {
      const { buyId } = request.params;
      const after = request.query.after;
      const list = await publicList(deps, requireActor(request), { buyId, afterSeq: after });
      // The same for every member at one version of the buy: revalidated by it (a page that fetches it again
      // at the same version is sent nothing), and built and compressed once per version, of the chunks of lines
      // that version changed (encoded-bodies.ts).
      const tag = versionTag(list.version);
      reply
        .header('etag', tag)
        .header('cache-control', 'private, no-cache')
        .header('vary', 'accept-encoding');
      if (matchesTag(request.headers['if-none-match'], tag)) return reply.code(304).send();
      const body = await listBodies.get(`${buyId}:${after}`, list.version, async () =>
        presentEntriesParts(await list.read()),
      );
      const { bytes, encoding } = await body.forRequest(request.headers['accept-encoding']);
      if (encoding) reply.header('content-encoding', encoding);
      return reply.type('application/json; charset=utf-8').send(bytes);
    },
  );

  app.get(
    '/api/me/orders',
    {
      schema: {
        tags,
        summary: "My household's orders in a compound, with what it owes",
        querystring: myOrdersQuery,
      },
      // The compound's journals are expanded by the read itself, but for the buys it reads from their books.
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const r = await myOrders(deps, requireActor(request), { communityId: request.query.communityId });
      return { householdId: r.householdId, orders: r.orders.map(presentMyOrder), owedFen: r.owedFen };
    },
  );
}
