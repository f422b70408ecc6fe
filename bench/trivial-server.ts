/**
 * The yardstick (#7): "a trivial in-memory Fastify handler reaches 0.55–0.7 [of GET /healthz] on this
 * 2-core box". A bare Fastify app, no logger, no hooks: GET /healthz as Linli answers it, and
 * `PUT /api/buys/:buyId/orders/mine` that parses the JSON body, allocates from a counter in memory and answers
 * 201 with an order of the contract's shape (what Linli's join answers, about the same bytes). Nothing is
 * checked, stored or kept durable. Run by bench/trivial.ts as `node <npm start's flags> --import tsx
 * bench/trivial-server.ts`, on PORT and 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

interface Body {
  lines: { itemId: string; qty: number }[];
}

const app = Fastify({ logger: false });
let stock = 1000;
let seq = 0;
/** The orders, by the caller's Authorization header (one per household). */
const orders = new Map<string, unknown>();

app.get('/healthz', async () => ({ status: 'ok' }));
app.put<{ Params: { buyId: string }; Body: Body }>('/api/buys/:buyId/orders/mine', async (request, reply) => {
  const lines = request.body.lines.map((l) => {
    const allocatedQty = Math.min(l.qty, stock);
    stock -= allocatedQty;
    return { itemId: l.itemId, qty: l.qty, allocatedQty, waitlistedQty: l.qty - allocatedQty };
  });
  const order = {
    id: randomUUID(),
    buyId: request.params.buyId,
    seq: ++seq,
    householdId: randomUUID(),
    householdLabel: '3-502',
    status: 'active',
    lines,
    amountFen: lines.reduce((s, l) => s + l.allocatedQty * 2500, 0),
    note: null,
  };
  orders.set(request.headers.authorization ?? '', order);
  return reply.status(201).send({ order });
});

await app.listen({ port: Number(process.env.PORT ?? 3990), host: '127.0.0.1' });
