import { z } from 'zod';
import { MAX_QTY } from '../../core/buys/allocation-fns.ts';
import {
  DEFAULT_STALE_HOURS,
  DELIVERY_METHODS,
  POST_KINDS,
  REPORT_KINDS,
  REPORT_RESOLUTIONS,
} from '../../core/distribution/model.ts';
import { SHORTAGE_POLICIES } from '../../core/distribution/shortage-fns.ts';
import { instant } from '../dates.ts';

const text = (max: number) => z.string().trim().max(max);
/** Optional text: an empty string means "none". */
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

export const buyParams = z.object({ buyId: z.uuid() });
export const communityParams = z.object({ communityId: z.uuid() });
export const reportParams = z.object({ reportId: z.uuid() });
export const packageParams = z.object({ buyId: z.uuid(), packageId: z.uuid() });
export const householdParams = z.object({ buyId: z.uuid(), householdId: z.uuid() });
export const buildingQuery = z.object({
  buildingId: z.uuid().optional().describe('Only this building (it must be one of the caller’s buildings)'),
});

export const arrivalBody = z.object({
  policy: z
    .enum(SHORTAGE_POLICIES)
    .describe('seq: 接龙 order, first joined first served; pro_rata: in proportion'),
  received: z
    .array(z.object({ itemId: z.uuid(), receivedQty: z.int().min(0).max(10_000_000) }))
    .max(100)
    .describe('Units that arrived per item; items left out arrived in full'),
});

const time = instant().nullable().optional();

export const planBody = z.object({
  windowStart: time,
  windowEnd: time,
  driverName: optionalText(40),
  driverPhone: optionalText(20),
  plate: optionalText(20),
  passNotes: optionalText(500),
  gate: optionalText(100),
});

export const postBody = z.object({
  kind: z.enum(POST_KINDS),
  message: optionalText(500),
  urgent: z.boolean().optional().default(false),
});

export const deliverBody = z.object({
  code: z.string().min(1).max(300).describe('The pickup code as typed, or what the label’s QR code holds'),
  method: z.enum(DELIVERY_METHODS).default('door'),
});

export const reportBody = z.object({
  kind: z.enum(REPORT_KINDS),
  note: optionalText(500),
  lines: z
    .array(z.object({ itemId: z.uuid(), qty: z.int().min(1).max(MAX_QTY) }))
    .min(1)
    .max(100),
});

export const resolveBody = z.object({
  resolution: z.enum(REPORT_RESOLUTIONS),
  reason: optionalText(500),
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
export const settingsBody = z.object({
  quietStart: hhmm,
  quietEnd: hhmm,
  timeZone: z.string().min(1).max(64).default('Asia/Shanghai'),
  staleHours: z.int().min(1).max(72).default(DEFAULT_STALE_HOURS),
});
