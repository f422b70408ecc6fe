/** 联合团购's small decisions on the phone: the share code typed or pasted, progress, the open form. Pure. */
import { fenToYuanText, parseYuanToFen } from '../buys/money.ts';
import type { Progress } from '../buys/progress.ts';
import type { OpenPoolInput, PoolPreview, PoolView } from './types.ts';

/** A share code has 8 letters and digits (the server reads it in any case). */
export const CODE_LENGTH = 8;
/** The server's limits on a gate (送货点) and its contact. */
export const GATE_MAX = 40;
export const CONTACT_MAX = 60;

const CODE = new RegExp(`^[A-Z0-9]{${CODE_LENGTH}}$`);
const CODE_IN_TEXT = new RegExp(`(?:^|[^A-Za-z0-9])([A-Za-z0-9]{${CODE_LENGTH}})(?![A-Za-z0-9])`, 'g');

/**
 * What a leader typed or pasted, as the server's code: "k7m2 q9xa" → "K7M2Q9XA" (full-width letters, spaces and
 * dashes too). The whole invitation pasted from WeChat ("…输入 K7M2Q9XA") gives the code at its end. null when
 * there is no code in it.
 */
export function normalizePoolCode(input: string): string | null {
  const text = input.normalize('NFKC').trim();
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (CODE.test(compact)) return compact;
  const runs = [...text.matchAll(CODE_IN_TEXT)].map((m) => m[1]!);
  const last = runs.at(-1);
  return last ? last.toUpperCase() : null;
}

/** "K7M2Q9XA" → "K7M2 Q9XA": easier to read out over the phone. */
export const spacedCode = (code: string) =>
  code.length === CODE_LENGTH ? `${code.slice(0, 4)} ${code.slice(4)}` : code;

type Reach = Pick<PoolView, 'minTotalQty' | 'minAmountFen' | 'totals' | 'met'>;

/**
 * Progress to the pool's minimum, counted across every compound's orders (the server's totals), in the shape
 * the buy's own bar takes (buys/progress.ts). The server's `met` decides 成团. No minimum at all: null.
 */
export function poolProgress(pool: Reach): Progress | null {
  const hasQty = pool.minTotalQty !== null && pool.minTotalQty > 0;
  const hasAmount = pool.minAmountFen !== null && pool.minAmountFen > 0;
  if (!hasQty && !hasAmount) return null;
  const missingQty = hasQty ? Math.max(0, pool.minTotalQty! - pool.totals.qty) : null;
  const missingFen = hasAmount ? Math.max(0, pool.minAmountFen! - pool.totals.amountFen) : null;
  if (pool.met)
    return { ratio: 1, met: true, missingQty: hasQty ? 0 : null, missingFen: hasAmount ? 0 : null };
  const ratios: number[] = [];
  if (hasQty) ratios.push(pool.totals.qty / pool.minTotalQty!);
  if (hasAmount) ratios.push(pool.totals.amountFen / pool.minAmountFen!);
  // Not met: the bar stops short of full even when one of two minimums is reached.
  const ratio = Math.max(0, Math.min(0.99, ...ratios));
  return { ratio, met: false, missingQty, missingFen };
}

const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * The pool's totals a buy's `buy.threshold_met` carried when the pool it is part of reached its minimum (the
 * server's src/core/pools/tell-pools-met.ts), or null: a buy's own 成团, an older server's event, anything
 * malformed.
 */
export function poolReachedOf(data: unknown): PoolView['totals'] | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, pool } = data as { type?: unknown; pool?: unknown };
  if (type !== 'buy.threshold_met' || typeof pool !== 'object' || pool === null) return null;
  const { qty, amountFen } = pool as { qty?: unknown; amountFen?: unknown };
  return count(qty) && count(amountFen) ? { qty: qty as number, amountFen: amountFen as number } : null;
}

/**
 * Whether a buy's event changes what a manage page shows of its pool: a compound joined it (`pool.joined`, on the
 * host's buy) or it reached its minimum. The page reads the pool again then, and nothing else.
 */
export function changesPool(data: unknown): boolean {
  const type = typeof data === 'object' && data !== null ? (data as { type?: unknown }).type : null;
  return type === 'pool.joined' || poolReachedOf(data) !== null;
}

/**
 * The pool as a buy page shows it once told it reached its minimum: met, with the totals then. The page read
 * its pool once, on opening; one that already showed it met keeps what it read.
 */
export function withPoolReached(pool: PoolView, reached: PoolView['totals'] | null): PoolView {
  return reached && !pool.met ? { ...pool, totals: reached, met: true } : pool;
}

/** What the join page can offer for this compound: the form, or why not. */
export type JoinState = 'ready' | 'closed' | 'joined' | 'notLeader';

export function joinState(
  preview: Pick<PoolPreview, 'open' | 'communities'>,
  communityId: string,
): JoinState {
  const here = preview.communities.find((c) => c.id === communityId);
  if (here?.joined) return 'joined';
  if (!preview.open) return 'closed';
  return here ? 'ready' : 'notLeader';
}

/** The 发起联合团购 form as typed: the minimums as text (money in yuan). */
export interface OpenPoolForm {
  gate: string;
  contact: string;
  minTotalQty: string;
  minAmount: string;
}

/** The form prefilled from the buy's own minimum (and the leader's own phone as the contact). */
export function openPoolForm(
  buy: { minTotalQty: number | null; minAmountFen: number | null },
  contact = '',
): OpenPoolForm {
  return {
    gate: '',
    contact,
    minTotalQty: buy.minTotalQty ? String(buy.minTotalQty) : '',
    minAmount: buy.minAmountFen ? fenToYuanText(buy.minAmountFen) : '',
  };
}

/** Field → i18n key of its problem. */
export type PoolProblems = Partial<Record<keyof OpenPoolForm, string>>;

/** Blank or 0 → null (no such minimum); a whole number → it; anything else → undefined (invalid). */
function minQty(text: string): number | null | undefined {
  const t = text.normalize('NFKC').trim();
  if (t === '') return null;
  if (!/^\d{1,8}$/.test(t)) return undefined;
  return Number(t) === 0 ? null : Number(t);
}

function minFen(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const fen = parseYuanToFen(text);
  if (fen === null || fen > 2_000_000_000) return undefined;
  return fen === 0 ? null : fen;
}

/** The gate and contact a pool needs from every compound (the open form and the join form). */
export function checkGate(form: Pick<OpenPoolForm, 'gate' | 'contact'>): PoolProblems {
  const p: PoolProblems = {};
  if (!form.gate.trim()) p.gate = 'validation.required';
  else if (form.gate.trim().length > GATE_MAX) p.gate = 'pools.form.tooLong';
  if (!form.contact.trim()) p.contact = 'validation.required';
  else if (form.contact.trim().length > CONTACT_MAX) p.contact = 'pools.form.tooLong';
  return p;
}

export function checkOpenPool(form: OpenPoolForm): PoolProblems {
  const p = checkGate(form);
  const qty = minQty(form.minTotalQty);
  const fen = minFen(form.minAmount);
  if (qty === undefined) p.minTotalQty = 'pools.form.badQty';
  if (fen === undefined) p.minAmount = 'buys.editor.badMoney';
  // A pool is there to reach a supplier's minimum: the server wants one (pool_needs_minimum).
  if (qty === null && fen === null) p.minTotalQty = p.minAmount = 'pools.form.needMin';
  return p;
}

/** The request body; call after checkOpenPool found nothing. The minimums are sent as the form shows them. */
export function toOpenPoolInput(form: OpenPoolForm): OpenPoolInput {
  return {
    gate: form.gate.trim(),
    contact: form.contact.trim(),
    minTotalQty: minQty(form.minTotalQty) ?? null,
    minAmountFen: minFen(form.minAmount) ?? null,
  };
}
