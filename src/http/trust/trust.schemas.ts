import { z } from 'zod';

export const buyParams = z.object({ buyId: z.uuid() });

const record = {
  /** Buys in the compound (drafts not counted). */
  buys: z.int().min(0),
  completed: z.int().min(0),
  /** Open, closed, ordered from the supplier or arrived: still going. */
  ongoing: z.int().min(0),
  /** Did not reach the threshold (成团). */
  failed: z.int().min(0),
  cancelled: z.int().min(0),
};

export const trustOut = z.object({
  /** The buy's leader, as a household label and a role: their buys here, and the delivery reports on them. */
  leader: z.object({
    label: z.string().nullable(),
    role: z.enum(['admin', 'leader']).nullable(),
    record: z.object({ ...record, reports: z.int().min(0), reportsResolved: z.int().min(0) }),
  }),
  /** The compound's earlier buys from a supplier of this name; null when the buy names none. */
  supplier: z
    .object({
      name: z.string(),
      record: z.object(record),
      /** Its entry in the compound's register of suppliers (by name); null: not registered. */
      registered: z
        .object({
          licenceNo: z.string().nullable(),
          baogong: z.boolean(),
          /** When an admin verified it; null: not verified. */
          verifiedAt: z.iso.datetime().nullable(),
        })
        .nullable(),
    })
    .nullable(),
  /** Each item's price against what the compound paid for the same goods before (null: never bought here). */
  items: z.array(
    z.object({
      itemId: z.uuid(),
      name: z.string(),
      spec: z.string().nullable(),
      unit: z.string().nullable(),
      priceFen: z.int(),
      check: z
        .object({
          samples: z.int().min(1),
          medianFen: z.int(),
          minFen: z.int(),
          maxFen: z.int(),
          lastFen: z.int(),
          lastAt: z.iso.datetime(),
          /** This price as a percentage of the earlier median. */
          pct: z.int(),
          /** 'high': 130 % of the median or more. */
          flag: z.enum(['high']).nullable(),
        })
        .nullable(),
    }),
  ),
});
