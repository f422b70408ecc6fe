import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { invalid } from '../../core/shared/app-error.ts';
import { exportLedger, exportPayments } from '../../core/money/export-money.ts';
import {
  attachScreenshot,
  decidePayment,
  getScreenshot,
  markPaid,
  recordReceived,
} from '../../core/money/payments.ts';
import { householdMoney, myMoney, publicLedger, reconciliation } from '../../core/money/read-money.ts';
import { acknowledgeRefund, sendRefund } from '../../core/money/refunds.ts';
import { getPaymentQr, recordSupplierBill, setPaymentQr } from '../../core/money/supplier.ts';
import { getAuditTrail } from '../../core/audit/read-audit.ts';
import { requireActor } from '../auth.ts';
import { sendFile } from '../buys/reports.routes.ts';
import { imageUploadRoute, sendStoredFile } from '../images.ts';
import {
  presentAudit,
  presentBill,
  presentHouseholdMoney,
  presentLedger,
  presentMyMoney,
  presentPayment,
  presentReconciliation,
  presentRefund,
} from './money.presenter.ts';
import {
  auditQuery,
  buyParams,
  householdParams,
  communityQuery,
  disputeBody,
  householdMoneyOut,
  markPaidBody,
  receivedBody,
  paymentParams,
  refundBody,
  refundParams,
  supplierBillBody,
} from './money.schemas.ts';

const tags = ['money'];

/** The raw image body of an upload route (see src/http/images.ts), or a 422 a person can act on. */
function imageBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body))
    throw invalid(
      'Send the image itself as the body (image/png, image/jpeg or image/webp)',
      'image_required',
    );
  return request.body;
}

/** Payments, refunds, supplier bills, the public ledger and the audit trail (docs/money.md). */
export async function moneyRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.moneyDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();
  root.addHook('onReady', async () => opts.container.ledgerSyncer.start());
  root.addHook('onClose', async () => opts.container.ledgerSyncer.stop());

  app.get(
    '/api/me/money',
    {
      schema: {
        tags,
        summary:
          "My household's money in each buy of a compound: what it still owes, paid, is owed back, and has marked paid for the leader to confirm",
        querystring: communityQuery,
        response: { 200: householdMoneyOut },
      },
      // Ledger entries and payments: nothing the order journal holds back.
      config: { skipOrderJournal: true },
    },
    async (request) =>
      presentHouseholdMoney(await householdMoney(deps, requireActor(request), request.query)),
  );

  app.get(
    '/api/buys/:buyId/money/mine',
    {
      schema: { tags, summary: "What the caller's household owes, paid and is owed back", params: buyParams },
    },
    async (request) => presentMyMoney(await myMoney(deps, requireActor(request), request.params.buyId)),
  );

  app.post(
    '/api/buys/:buyId/money/payments',
    {
      schema: {
        tags,
        summary: "Mark the household's payment (then the leader confirms)",
        params: buyParams,
        body: markPaidBody,
      },
    },
    async (request, reply) => {
      const payment = await markPaid(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.status(201).send({ payment: presentPayment(payment) });
    },
  );

  // 代付: a proxy household's money, for a volunteer of its building: as …/money/mine and …/money/payments.
  app.get(
    '/api/buys/:buyId/money/households/:householdId',
    {
      schema: {
        tags,
        summary:
          'What a proxy household owes, paid and is owed back (a volunteer of its building): as …/money/mine',
        params: householdParams,
      },
    },
    async (request) =>
      presentMyMoney(
        await myMoney(deps, requireActor(request), request.params.buyId, request.params.householdId),
      ),
  );

  app.post(
    '/api/buys/:buyId/money/households/:householdId/payments',
    {
      schema: {
        tags,
        summary:
          "Mark a proxy household's payment for it (a volunteer of its building; then the leader confirms)",
        params: householdParams,
        body: markPaidBody,
      },
    },
    async (request, reply) => {
      const payment = await markPaid(deps, requireActor(request), { ...request.params, ...request.body });
      return reply.status(201).send({ payment: presentPayment(payment) });
    },
  );

  app.post(
    '/api/buys/:buyId/money/payments/received',
    {
      schema: {
        tags,
        summary:
          'Record money a household handed over in person (the leader, admins): stored confirmed, at most what is due',
        params: buyParams,
        body: receivedBody,
      },
    },
    async (request, reply) => {
      const payment = await recordReceived(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.status(201).send({ payment: presentPayment(payment) });
    },
  );

  app.put(
    '/api/payments/:paymentId/screenshot',
    {
      ...imageUploadRoute,
      schema: {
        tags,
        summary: 'Attach a screenshot (the image as the body) to a pending payment',
        params: paymentParams,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const payment = await attachScreenshot(deps, actor, {
        paymentId: request.params.paymentId,
        bytes: imageBody(request),
      });
      return { payment: presentPayment(payment) };
    },
  );

  app.get(
    '/api/payments/:paymentId/screenshot',
    {
      schema: {
        tags,
        summary: "A payment's screenshot (its household, the leader, admins)",
        params: paymentParams,
      },
    },
    async (request, reply) =>
      sendStoredFile(reply, await getScreenshot(deps, requireActor(request), request.params.paymentId)),
  );

  app.post(
    '/api/payments/:paymentId/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a payment (leader, admin; not your own household)',
        params: paymentParams,
      },
    },
    async (request) => ({
      payment: presentPayment(
        await decidePayment(deps, requireActor(request), {
          paymentId: request.params.paymentId,
          decision: { kind: 'confirm' },
        }),
      ),
    }),
  );

  app.post(
    '/api/payments/:paymentId/dispute',
    {
      schema: {
        tags,
        summary: 'Dispute a payment with a reason (leader, admin)',
        params: paymentParams,
        body: disputeBody,
      },
    },
    async (request) => ({
      payment: presentPayment(
        await decidePayment(deps, requireActor(request), {
          paymentId: request.params.paymentId,
          decision: { kind: 'dispute', reason: request.body.reason },
        }),
      ),
    }),
  );

  app.post(
    '/api/buys/:buyId/money/refunds',
    {
      schema: {
        tags,
        summary: 'Record a refund sent to a household (leader, admin)',
        params: buyParams,
        body: refundBody,
      },
    },
    async (request, reply) => {
      const refund = await sendRefund(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.status(201).send({ refund: presentRefund(refund) });
    },
  );

  app.post(
    '/api/refunds/:refundId/acknowledge',
    { schema: { tags, summary: 'The household acknowledges a refund', params: refundParams } },
    async (request) => ({
      refund: presentRefund(await acknowledgeRefund(deps, requireActor(request), request.params.refundId)),
    }),
  );

  app.post(
    '/api/buys/:buyId/money/supplier-bills',
    {
      schema: {
        tags,
        summary: "Record the supplier's invoice or the payment to the supplier (leader, admin)",
        params: buyParams,
        body: supplierBillBody,
      },
    },
    async (request, reply) => {
      const bill = await recordSupplierBill(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.status(201).send({ bill: presentBill(bill) });
    },
  );

  app.put(
    '/api/buys/:buyId/money/qr',
    {
      ...imageUploadRoute,
      schema: { tags, summary: "The leader's payment QR code (image body)", params: buyParams },
    },
    async (request) => {
      const result = await setPaymentQr(deps, requireActor(request), {
        buyId: request.params.buyId,
        bytes: imageBody(request),
      });
      return { buyId: result.buyId, updatedAt: result.updatedAt.toISOString() };
    },
  );

  app.get(
    '/api/buys/:buyId/money/qr',
    { schema: { tags, summary: "The leader's payment QR code image", params: buyParams } },
    async (request, reply) =>
      sendStoredFile(reply, await getPaymentQr(deps, requireActor(request), request.params.buyId)),
  );

  app.get(
    '/api/buys/:buyId/money/ledger',
    { schema: { tags, summary: "The buy's public ledger (members of the compound)", params: buyParams } },
    async (request) => presentLedger(await publicLedger(deps, requireActor(request), request.params.buyId)),
  );

  app.get(
    '/api/buys/:buyId/money/reconciliation',
    {
      schema: {
        tags,
        summary: 'Who has not paid, who is owed a refund, does it balance (leader, admin)',
        params: buyParams,
      },
    },
    async (request) =>
      presentReconciliation(await reconciliation(deps, requireActor(request), request.params.buyId)),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/buys/:buyId/money/exports/ledger.${format}`,
      { schema: { tags, summary: `The public ledger as ${format.toUpperCase()}`, params: buyParams } },
      async (request, reply) =>
        sendFile(
          reply,
          await exportLedger(deps, requireActor(request), { buyId: request.params.buyId, format }),
        ),
    );
    app.get(
      `/api/buys/:buyId/money/exports/payments.${format}`,
      {
        schema: {
          tags,
          summary: `Household payments as ${format.toUpperCase()} (leader, admin)`,
          params: buyParams,
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await exportPayments(deps, requireActor(request), { buyId: request.params.buyId, format }),
        ),
    );
  }

  app.get(
    '/api/buys/:buyId/audit',
    {
      schema: {
        tags,
        summary: "The buy's audit trail (leader, admins: all; a household: buy-wide events and its own)",
        params: buyParams,
        querystring: auditQuery,
      },
    },
    async (request) =>
      presentAudit(
        await getAuditTrail(opts.container.auditDeps, requireActor(request), {
          buyId: request.params.buyId,
          limit: request.query.limit,
        }),
      ),
  );
}
