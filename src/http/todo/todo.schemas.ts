import { z } from 'zod';
import { PICKUP_MODES } from '../../core/buys/buy.ts';

export const communityParams = z.object({ communityId: z.uuid() });

const ofBuy = { buyId: z.uuid(), title: z.string() };
/**
 * On a household task (pay, refund, receipt) for a proxy household of the caller's buildings (代管户: a building
 * volunteer pays for it, hands its refund over, confirms its receipt); absent on the caller's own household's.
 */
const forHousehold = z.object({ id: z.uuid(), label: z.string() }).optional();
const count = z.int().positive();

/** One task (src/core/todo/model.ts TodoTask), most urgent first in the list. */
export const taskOut = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reports'), count, ...ofBuy }),
  /**
   * Households on the register of those in need (需照顾), in the caller's buildings, that have received nothing in
   * the last `days` days and have nothing on its way: 物资覆盖. Admins and building volunteers.
   */
  z.object({ kind: z.literal('in_need'), count, days: z.int().positive() }),
  /**
   * 邻里街坊's help requests of households in the caller's buildings (an admin's: all) that nobody has taken for
   * `hours` hours or more. Admins and building volunteers.
   */
  z.object({ kind: z.literal('help_waiting'), count, hours: z.int().positive() }),
  /**
   * allBuildings: the count is the whole buy's (its leader), or the volunteer's own buildings'. overdueHours: the
   * compound's hours after the arrival from which a package is overdue, once they have passed (else null).
   */
  z.object({
    kind: z.literal('deliver'),
    count,
    allBuildings: z.boolean(),
    overdueHours: z.int().positive().nullable(),
    ...ofBuy,
  }),
  z.object({ kind: z.literal('confirm'), ...ofBuy }),
  /** deliveryDate: the day the goods are expected (YYYY-MM-DD), if the leader set one. */
  z.object({ kind: z.literal('arrival'), deliveryDate: z.string().nullable(), ...ofBuy }),
  z.object({ kind: z.literal('payments'), count, ...ofBuy }),
  /** Households owe on the buy and it has no QR code to pay with (its own or its leader's latest): 收款对账's 我的收款码. */
  z.object({ kind: z.literal('payment_qr'), ...ofBuy }),
  /** Households that owe on the buy and have not marked a payment. */
  z.object({ kind: z.literal('unpaid'), count, ...ofBuy }),
  /** Households owed money back on the buy that no refund has been sent for. */
  z.object({ kind: z.literal('refund_due'), count, ...ofBuy }),
  z.object({ kind: z.literal('claims'), count }),
  /**
   * Admins: entries of the register of suppliers (供应商名录) that a buy under way (open to arrived) names by the
   * same name and no admin has verified yet.
   */
  z.object({ kind: z.literal('suppliers'), count }),
  z.object({ kind: z.literal('finish'), ...ofBuy }),
  z.object({ kind: z.literal('publish'), ...ofBuy }),
  /** A new compound's admin: it has no rooms yet (楼栋和房间). */
  z.object({ kind: z.literal('setup_rooms') }),
  /** A new compound's admin: nobody else has joined and no invite can be used (邀请住户). */
  z.object({ kind: z.literal('invite') }),
  /**
   * The caller's household owes this (fen) on the buy and has not marked enough paid: 去付款. disputed: its latest
   * payment was disputed by the leader (the pay page says why).
   */
  z.object({
    kind: z.literal('pay'),
    dueFen: z.int().positive(),
    disputed: z.boolean(),
    ...ofBuy,
    forHousehold,
  }),
  /** The leader sent the household refunds on the buy (fen) that it has not acknowledged: 我已收到退款. */
  z.object({ kind: z.literal('refund'), amountFen: z.int().positive(), ...ofBuy, forHousehold }),
  /** The household's package was delivered or picked up: confirm receipt, or report a problem. */
  z.object({ kind: z.literal('receipt'), ...ofBuy, forHousehold }),
  /**
   * The goods arrived and the household's package waits for it: its pickup code, and how it gets it (the buy's
   * 取货方式: door, brought by the building's volunteer; building or gate, picked up there with the code).
   */
  z.object({ kind: z.literal('pickup'), code: z.string(), pickupMode: z.enum(PICKUP_MODES), ...ofBuy }),
]);

export const todoOut = z.object({ tasks: z.array(taskOut) });
