/**
 * The change history in plain sentences: each audit event's before/after (docs/money.md, "The audit trail")
 * turned into short lines a resident reads ("状态：待确认 → 已确认", "鸡蛋 ×1（1 份已分到 / 0 份候补）").
 * Pure: the translator, the locale and the buy's item names come in; every string goes through i18n.
 */
import { formatDateTime } from '../../format.ts';
import { formatFen } from '../buys/money.ts';

export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface AuditTextContext {
  t: Translate;
  locale: string;
  /** itemId → the item's name in this buy; unknown ids read as "商品". */
  itemNames: ReadonlyMap<string, string>;
}

export interface AuditChange {
  entity: string;
  action: string;
  before: unknown;
  after: unknown;
}

type Json = Record<string, unknown>;

/** Longest a fallback value may be before it is cut (no JSON blobs on a phone). */
export const MAX_VALUE_CHARS = 60;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const LONG_HEX = /\b[0-9a-f]{24,}\b/gi;
const MONEY_FIELDS = new Set(['amountFen', 'leaderFeeFen', 'minAmountFen', 'refundDueFen', 'priceFen']);
const DATE_FIELDS = new Set(['deadline', 'deliveryDate']);
/** Status labels already in the bundles, per entity. */
const STATUS_KEYS: Record<string, string> = {
  buy: 'buys.status',
  order: 'orders.state',
  payment: 'money.paymentState',
  refund: 'money.refundState',
  package: 'dist.status',
};
/** The order the fields are read in; fields not listed follow in their own order. */
const FIELD_ORDER = [
  'status',
  'amountFen',
  'lines',
  'legs',
  'method',
  'reference',
  'screenshot',
  'fileKey',
  'disputeReason',
  'reason',
  'releasedOrders',
];

const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Any value, short: UUIDs and long hashes cut to their first 6 characters, the whole to MAX_VALUE_CHARS. */
export function compactValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = raw.replace(UUID, (id) => `${id.slice(0, 6)}…`).replace(LONG_HEX, (h) => `${h.slice(0, 6)}…`);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function itemName(ctx: AuditTextContext, id: unknown): string {
  return (typeof id === 'string' && ctx.itemNames.get(id)) || ctx.t('money.audit.text.unknownItem');
}

/** [{itemId, qty, allocatedQty, waitlistedQty}] (orders) or [{itemId, qty, unitPriceFen}] (supplier bills). */
function linesText(ctx: AuditTextContext, value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return ctx.t('money.audit.text.none');
  const parts = value.map((raw) => {
    const l = asObject(raw);
    if (!isNumber(l.qty)) return null;
    const name = itemName(ctx, l.itemId);
    if (isNumber(l.allocatedQty) && isNumber(l.waitlistedQty)) {
      const values = { name, qty: l.qty, allocated: l.allocatedQty, waitlisted: l.waitlistedQty };
      if (l.allocatedQty === l.qty && l.waitlistedQty === 0)
        return ctx.t('money.audit.text.orderLineAllocated', values);
      if (l.waitlistedQty === l.qty && l.allocatedQty === 0)
        return ctx.t('money.audit.text.orderLineWaitlisted', values);
      // A cancelled order's lines hold nothing: just what was asked for.
      if (l.allocatedQty === 0 && l.waitlistedQty === 0) return ctx.t('money.audit.text.qtyLine', values);
      return ctx.t('money.audit.text.orderLineSplit', values);
    }
    if (isNumber(l.unitPriceFen))
      return ctx.t('money.audit.text.billLine', {
        name,
        qty: l.qty,
        price: formatFen(l.unitPriceFen, ctx.locale),
      });
    return ctx.t('money.audit.text.qtyLine', { name, qty: l.qty });
  });
  return parts.every((p) => p !== null) ? parts.join(ctx.t('money.audit.text.listSeparator')) : null;
}

/** Buy items as edited: [{id, name, priceFen, stock}]. */
function itemsText(ctx: AuditTextContext, value: unknown): string | null {
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return ctx.t('money.audit.text.none');
  const parts = value.map((raw) => {
    const i = asObject(raw);
    if (typeof i.name !== 'string' || !isNumber(i.priceFen)) return null;
    const base = { name: compactValue(i.name), price: formatFen(i.priceFen, ctx.locale) };
    return isNumber(i.stock)
      ? ctx.t('money.audit.text.itemWithStock', { ...base, stock: i.stock })
      : ctx.t('money.audit.text.item', base);
  });
  return parts.every((p) => p !== null) ? parts.join(ctx.t('money.audit.text.listSeparator')) : null;
}

/**
 * Ledger legs as one balanced sentence in account names, the first leg's side (the household's receivable)
 * on the left: "记账：住户应付 ¥27.00 = 货款 ¥25.50 + 团长服务费 ¥1.50", or "冲减：…" when it went down.
 */
function legsText(ctx: AuditTextContext, value: unknown): string | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const legs = value.map(asObject);
  if (!legs.every((l) => typeof l.account === 'string' && isNumber(l.amountFen))) return null;
  const lead = legs.find((l) => l.account === 'receivable') ?? legs[0]!;
  const up = (lead.amountFen as number) >= 0;
  const side = (left: boolean) =>
    legs
      .filter((l) => ((l.amountFen as number) >= 0 === up) === left)
      .map((l) =>
        ctx.t('money.audit.text.leg', {
          account: ctx.t(`money.audit.account.${l.account as string}`, {
            defaultValue: compactValue(l.account),
          }),
          amount: formatFen(Math.abs(l.amountFen as number), ctx.locale),
        }),
      )
      .join(' + ');
  return ctx.t(up ? 'money.audit.text.legs' : 'money.audit.text.legsReduced', {
    debits: side(true),
    credits: side(false),
  });
}

/** One value of a known field in words; null when the field is not one we know how to say. */
function valueText(ctx: AuditTextContext, entity: string, field: string, value: unknown): string | null {
  const { t, locale } = ctx;
  if (value === null || value === undefined) return t('money.audit.text.none');
  if (field === 'status' && typeof value === 'string') {
    const prefix = STATUS_KEYS[entity];
    return prefix ? t(`${prefix}.${value}`, { defaultValue: compactValue(value) }) : compactValue(value);
  }
  if (MONEY_FIELDS.has(field) && isNumber(value)) return formatFen(value, locale);
  if (DATE_FIELDS.has(field) && typeof value === 'string') return formatDateTime(value, locale);
  if (field === 'method' && typeof value === 'string')
    return t(`money.method.${value}`, { defaultValue: compactValue(value) });
  if (field === 'pickupMode' && typeof value === 'string')
    return t(`buys.pickup.${value}`, { defaultValue: compactValue(value) });
  if (field === 'kind' && typeof value === 'string')
    return t(`money.audit.billKind.${value}`, { defaultValue: compactValue(value) });
  if (field === 'lines') return linesText(ctx, value);
  if (field === 'items') return itemsText(ctx, value);
  if (field === 'legs') return legsText(ctx, value);
  if (typeof value === 'string' || isNumber(value)) return compactValue(value);
  return null;
}

/** Fields that read better as a sentence than as "label: a → b". */
function sentence(
  ctx: AuditTextContext,
  c: AuditChange,
  field: string,
  b: unknown,
  a: unknown,
): string | null {
  const { t } = ctx;
  if (field === 'fileKey') {
    const what = c.entity === 'payment_qr' ? 'Qr' : 'File';
    if (a === null || a === undefined) return t(`money.audit.text.removed${what}`);
    return t(
      b === null || b === undefined ? `money.audit.text.added${what}` : `money.audit.text.replaced${what}`,
    );
  }
  if (field === 'screenshot' && typeof a === 'boolean') {
    if (a) return t('money.audit.text.screenshotAdded');
    return b === true ? t('money.audit.text.screenshotRemoved') : t('money.audit.text.noScreenshot');
  }
  if (field === 'legs' && (b === undefined || b === null)) return legsText(ctx, a);
  if (field === 'releasedOrders' && isNumber(a)) return t('money.audit.text.releasedOrders', { count: a });
  if (field === 'refundDueFen' && isNumber(b) && a === undefined)
    return t('money.audit.text.refundDueBefore', { amount: formatFen(b, ctx.locale) });
  return null;
}

/** One field that changed (b → a) as a line. */
function fieldLine(ctx: AuditTextContext, c: AuditChange, field: string, b: unknown, a: unknown): string {
  const special = sentence(ctx, c, field, b, a);
  if (special) return special;
  const { t } = ctx;
  const label = t(`money.audit.field.${field}`, { defaultValue: '' });
  const from = valueText(ctx, c.entity, field, b);
  const to = valueText(ctx, c.entity, field, a);
  if (!label || from === null || to === null)
    return t('money.audit.text.raw', {
      field: compactValue(field),
      from: compactValue(b),
      to: compactValue(a),
    });
  if (b === undefined || b === null) return t('money.audit.text.set', { field: label, value: to });
  if (a === undefined || a === null) return t('money.audit.text.cleared', { field: label, value: from });
  return t('money.audit.text.changed', { field: label, from, to });
}

/** The lines of one event: one per field that changed, in a fixed reading order. */
export function auditLines(c: AuditChange, ctx: AuditTextContext): string[] {
  const b = asObject(c.before);
  const a = asObject(c.after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rank = (k: string) => {
    const i = FIELD_ORDER.indexOf(k);
    return i === -1 ? FIELD_ORDER.length : i;
  };
  const ordered = keys.map((k, i) => ({ k, i })).sort((x, y) => rank(x.k) - rank(y.k) || x.i - y.i);
  const lines: string[] = [];
  for (const { k } of ordered) {
    if (same(b[k], a[k])) continue;
    // A ledger entry's legs already say the amount (住户应付 ¥27.00 = …): not twice.
    if (k === 'amountFen' && c.entity === 'ledger' && Array.isArray(a.legs)) continue;
    // Nothing to say about an empty field that stays empty in a new record (a fresh payment's disputeReason).
    if (!(k in b) && (a[k] === null || a[k] === '')) continue;
    lines.push(fieldLine(ctx, c, k, b[k], a[k]));
  }
  return lines;
}
