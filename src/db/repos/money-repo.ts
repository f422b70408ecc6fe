import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../client.ts';
import { buyPaymentQr, payments, refunds, supplierBills } from '../schema/money.ts';
import type { ChainHead } from '../../core/audit/model.ts';
import type { Entry, OrderCharge } from '../../core/money/ledger-fns.ts';
import { isBalanced } from '../../core/money/ledger-fns.ts';
import type { PaymentRecord, RefundRecord, SupplierBillRecord } from '../../core/money/model.ts';
import type { ChargeState, HouseholdLabel, MoneyBuy, MoneyRepo, MoneyTx } from '../../core/money/ports.ts';
import { appendAuditEvents, readChainHead } from './audit-repo.ts';
import { rows, buyItemRows, itemView } from './raw-sql.ts';
import { readHouseholdRef } from './household-ref.ts';
import { outboxOf } from './event-store.ts';

const BUY_COLUMNS = sql`id, community_id, title, status, created_by, leader_fee_fen, audit_seq, audit_head`;

interface BuyRow {
  id: string;
  community_id: string;
  title: string;
  status: MoneyBuy['status'];
  created_by: string;
  leader_fee_fen: number;
  audit_seq: number;
  audit_head: string | null;
}

const toBuy = (r: BuyRow): MoneyBuy => ({
  id: r.id,
  communityId: r.community_id,
  title: r.title,
  status: r.status,
  createdBy: r.created_by,
  leaderFeeFen: Number(r.leader_fee_fen),
});

/**
 * The order state and the ledger of a buy: three set-based reads, one after the other (`db` is often a
 * transaction, and a PostgreSQL connection takes one statement at a time: pg warns that queuing is going away).
 */
async function chargeState(db: Executor, buyId: string): Promise<ChargeState> {
  const orders = await rows<{
    household_id: string;
    status: OrderCharge['status'];
    amount_fen: string | number;
  }>(db, sql`SELECT household_id, status, amount_fen FROM orders WHERE buy_id = ${buyId} ORDER BY seq`);
  const adjustments = await rows<{ household_id: string; amount: string | number }>(
    db,
    sql`SELECT household_id, SUM(amount_fen_delta) AS amount FROM order_adjustments a
        WHERE a.buy_id = ${buyId}
          AND EXISTS (SELECT 1 FROM orders o WHERE o.id = a.order_id AND o.status <> 'cancelled')
        GROUP BY household_id`,
  );
  const entries = await rows<{
    kind: Entry['kind'];
    account: Entry['account'];
    household_id: string | null;
    amount: string | number;
  }>(
    db,
    sql`SELECT kind, account, household_id, SUM(amount_fen) AS amount FROM ledger_entries
        WHERE buy_id = ${buyId} GROUP BY kind, account, household_id`,
  );
  return {
    orders: orders.map((o) => ({
      householdId: o.household_id,
      status: o.status,
      amountFen: Number(o.amount_fen),
    })),
    adjustments: adjustments.map((a) => ({ householdId: a.household_id, amountFenDelta: Number(a.amount) })),
    entries: entries
      .map((e) => ({
        kind: e.kind,
        account: e.account,
        householdId: e.household_id,
        amountFen: Number(e.amount),
      }))
      .filter((e) => e.amountFen !== 0),
  };
}

const toPayment = (r: typeof payments.$inferSelect): PaymentRecord => ({ ...r });
const toRefund = (r: typeof refunds.$inferSelect): RefundRecord => ({ ...r });
const toBill = (r: typeof supplierBills.$inferSelect): SupplierBillRecord => ({ ...r });

function createTx(tx: Executor, notifyFrom: string | null): MoneyTx {
  const heads = new Map<string, ChainHead>();
  return {
    ...outboxOf(tx, notifyFrom),

    async lockBuy(buyId) {
      const [r] = await rows<BuyRow>(tx, sql`SELECT ${BUY_COLUMNS} FROM buys WHERE id = ${buyId} FOR UPDATE`);
      if (!r) return null;
      heads.set(r.id, { seq: Number(r.audit_seq), hash: r.audit_head });
      return toBuy(r);
    },
    chargeState: (buyId) => chargeState(tx, buyId),
    async post(buyId, txns, createdBy, at) {
      const legs = txns.flatMap((t) => {
        if (!isBalanced(t)) throw new Error(`unbalanced ledger transaction ${t.kind}`);
        const txnId = crypto.randomUUID();
        return t.legs.map((l) => ({
          id: crypto.randomUUID(),
          t: txnId,
          k: t.kind,
          a: l.account,
          h: l.householdId,
          f: l.amountFen,
          r: t.refId,
        }));
      });
      if (legs.length === 0) return;
      await tx.execute(sql`INSERT INTO ledger_entries (id, buy_id, txn_id, kind, account, household_id, amount_fen, ref_id, created_by, created_at)
        SELECT v.id, ${buyId}::uuid, v.t, v.k, v.a, v.h, v.f, v.r, ${createdBy}::uuid, ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(legs)}::jsonb) AS v(id uuid, t uuid, k text, a text, h uuid, f bigint, r uuid)`);
    },
    async findPayment(id) {
      const [r] = await tx.select().from(payments).where(eq(payments.id, id)).for('update');
      return r ? toPayment(r) : null;
    },
    async insertPayment(p) {
      await tx.insert(payments).values(p);
    },
    async updatePayment(id, fields) {
      await tx.update(payments).set(fields).where(eq(payments.id, id));
    },
    async pendingPayment(buyId, householdId) {
      const [r] = await tx
        .select()
        .from(payments)
        .where(
          and(
            eq(payments.buyId, buyId),
            eq(payments.householdId, householdId),
            eq(payments.status, 'pending'),
          ),
        );
      return r ? toPayment(r) : null;
    },
    async findRefund(id) {
      const [r] = await tx.select().from(refunds).where(eq(refunds.id, id)).for('update');
      return r ? toRefund(r) : null;
    },
    async insertRefund(r) {
      await tx.insert(refunds).values(r);
    },
    async acknowledgeRefund(id, at) {
      await tx.update(refunds).set({ status: 'acknowledged', acknowledgedAt: at }).where(eq(refunds.id, id));
    },
    async insertSupplierBill(b) {
      await tx.insert(supplierBills).values(b);
    },
    async setQr(buyId, fileKey, memberId, at) {
      const [old] = await tx.select().from(buyPaymentQr).where(eq(buyPaymentQr.buyId, buyId));
      await tx
        .insert(buyPaymentQr)
        .values({ buyId, fileKey, updatedBy: memberId, updatedAt: at })
        .onConflictDoUpdate({
          target: buyPaymentQr.buyId,
          set: { fileKey, updatedBy: memberId, updatedAt: at },
        });
      return old?.fileKey ?? null;
    },
    async appendAudit(buyId, drafts) {
      const head = heads.get(buyId) ?? (await readChainHead(tx, buyId));
      heads.set(buyId, await appendAuditEvents(tx, buyId, head, drafts));
    },
  };
}

/**
 * The money context's persistence: ledger entries, payments, refunds, supplier bills, payment QR codes.
 * `notifyFrom`: this instance's name in the NOTIFYs of the events its transactions store (PostgreSQL).
 */
export function createMoneyRepo(db: Db, notifyFrom: string | null = null): MoneyRepo {
  return {
    transaction: (fn) => db.transaction((tx) => fn(createTx(tx, notifyFrom))),

    async findBuy(buyId) {
      const [r] = await rows<BuyRow>(db, sql`SELECT ${BUY_COLUMNS} FROM buys WHERE id = ${buyId}`);
      if (!r) return null;
      const items = await buyItemRows(db, buyId);
      return {
        ...toBuy(r),
        items: items.map((i) => ({ ...itemView(i), allocatedQty: Number(i.allocated_qty) })),
      };
    },

    chargeState: (buyId) => chargeState(db, buyId),

    householdRef: (householdId) => readHouseholdRef(db, householdId),

    async householdBooks(communityId, householdId) {
      const entries = await rows<{
        buy_id: string;
        kind: Entry['kind'];
        account: Entry['account'];
        amount: string | number;
      }>(
        db,
        sql`SELECT e.buy_id, e.kind, e.account, SUM(e.amount_fen) AS amount
            FROM ledger_entries e JOIN buys b ON b.id = e.buy_id
            WHERE e.household_id = ${householdId} AND b.community_id = ${communityId}
            GROUP BY e.buy_id, e.kind, e.account`,
      );
      const pending = await rows<{ buy_id: string; amount: string | number }>(
        db,
        sql`SELECT p.buy_id, SUM(p.amount_fen) AS amount
            FROM payments p JOIN buys b ON b.id = p.buy_id
            WHERE p.household_id = ${householdId} AND b.community_id = ${communityId} AND p.status = 'pending'
            GROUP BY p.buy_id`,
      );
      return {
        entries: entries.map((e) => ({
          buyId: e.buy_id,
          kind: e.kind,
          account: e.account,
          householdId,
          amountFen: Number(e.amount),
        })),
        pending: pending.map((p) => ({ buyId: p.buy_id, amountFen: Number(p.amount) })),
      };
    },

    async findPayment(id) {
      const [r] = await db.select().from(payments).where(eq(payments.id, id));
      return r ? toPayment(r) : null;
    },

    async findRefund(id) {
      const [r] = await db.select().from(refunds).where(eq(refunds.id, id));
      return r ? toRefund(r) : null;
    },

    async payments(buyId, householdId) {
      const where = householdId
        ? and(eq(payments.buyId, buyId), eq(payments.householdId, householdId))
        : eq(payments.buyId, buyId);
      return (await db.select().from(payments).where(where).orderBy(asc(payments.markedAt))).map(toPayment);
    },

    async refunds(buyId, householdId) {
      const where = householdId
        ? and(eq(refunds.buyId, buyId), eq(refunds.householdId, householdId))
        : eq(refunds.buyId, buyId);
      return (await db.select().from(refunds).where(where).orderBy(asc(refunds.sentAt))).map(toRefund);
    },

    async supplierBills(buyId) {
      return (
        await db
          .select()
          .from(supplierBills)
          .where(eq(supplierBills.buyId, buyId))
          .orderBy(asc(supplierBills.createdAt))
      ).map(toBill);
    },

    async paymentQr(buyId) {
      // The buy's own, else its leader's latest upload (a member belongs to one compound, so this compound's).
      const [r] = await rows<{ file_key: string; own: boolean }>(
        db,
        sql`(SELECT file_key, true AS own FROM buy_payment_qr WHERE buy_id = ${buyId})
            UNION ALL
            (SELECT q.file_key, false AS own FROM buys b
               JOIN buy_payment_qr q ON q.updated_by = b.created_by AND q.buy_id <> b.id
              WHERE b.id = ${buyId}
              ORDER BY q.updated_at DESC LIMIT 1)
            ORDER BY own DESC LIMIT 1`,
      );
      return r ? { fileKey: r.file_key, own: r.own } : null;
    },

    async labels(buyId) {
      return rows<HouseholdLabel>(
        db,
        sql`SELECT h.id, h.label, h.is_proxy AS "isProxy", h.building_id AS "buildingId" FROM households h WHERE h.id IN (
            SELECT household_id FROM orders WHERE buy_id = ${buyId}
            UNION SELECT household_id FROM payments WHERE buy_id = ${buyId}
            UNION SELECT household_id FROM ledger_entries WHERE buy_id = ${buyId} AND household_id IS NOT NULL)`,
      );
    },

    async orderOf(buyId, householdId) {
      const [r] = await rows<{
        household_id: string;
        status: OrderCharge['status'];
        amount_fen: string | number;
      }>(
        db,
        sql`SELECT household_id, status, amount_fen FROM orders WHERE buy_id = ${buyId} AND household_id = ${householdId}
          ORDER BY (status <> 'cancelled') DESC, seq DESC LIMIT 1`,
      );
      return r ? { householdId: r.household_id, status: r.status, amountFen: Number(r.amount_fen) } : null;
    },
  };
}
