/** The leader's buy wizard as plain text fields, checked and turned into the API's BuyInput. Pure. */
import { isoToLocalInput, localInputToIso } from './datetime.ts';
import { fenToYuanText, MAX_PRICE_FEN, parseYuanToFen } from './money.ts';
import type { Buy, BuyInput, PickupMode } from './types.ts';

export interface ItemRowForm {
  /** React key; survives reordering and removal. */
  key: string;
  id?: string;
  name: string;
  spec: string;
  unit: string;
  price: string;
  stock: string;
  perHouseholdMax: string;
  packSize: string;
}

export interface BuyForm {
  title: string;
  description: string;
  supplierName: string;
  supplierContact: string;
  deadline: string;
  deliveryDate: string;
  pickupMode: PickupMode;
  leaderFee: string;
  minTotalQty: string;
  minAmount: string;
  items: ItemRowForm[];
}

/** Field → i18n key of the problem ("items.0.price" for an item's field). */
export type FormProblems = Record<string, string>;

let nextKey = 0;
export const newItemRow = (): ItemRowForm => ({
  key: `row-${++nextKey}`,
  name: '',
  spec: '',
  unit: '',
  price: '',
  stock: '',
  perHouseholdMax: '',
  packSize: '',
});

export function emptyForm(deadline: string): BuyForm {
  return {
    title: '',
    description: '',
    supplierName: '',
    supplierContact: '',
    deadline,
    deliveryDate: '',
    pickupMode: 'building',
    leaderFee: '',
    minTotalQty: '',
    minAmount: '',
    items: [newItemRow()],
  };
}

const countText = (n: number | null) => (n === null ? '' : String(n));

/** A saved draft back into the fields. */
export function formFromBuy(buy: Buy): BuyForm {
  return {
    title: buy.title,
    description: buy.description,
    supplierName: buy.supplierName ?? '',
    supplierContact: buy.supplierContact ?? '',
    deadline: isoToLocalInput(buy.deadline),
    deliveryDate: buy.deliveryDate ?? '',
    pickupMode: buy.pickupMode,
    leaderFee: buy.leaderFeeFen ? fenToYuanText(buy.leaderFeeFen) : '',
    minTotalQty: countText(buy.minTotalQty),
    minAmount: buy.minAmountFen ? fenToYuanText(buy.minAmountFen) : '',
    items: buy.items.map((i) => ({
      ...newItemRow(),
      id: i.id,
      name: i.name,
      spec: i.spec ?? '',
      unit: i.unit ?? '',
      price: fenToYuanText(i.priceFen),
      stock: countText(i.stock),
      perHouseholdMax: countText(i.perHouseholdMax),
      packSize: countText(i.packSize),
    })),
  };
}

/**
 * 再开一团: an earlier buy's fields for a new draft. The items, prices, rules and supplier are kept; the items lose
 * their ids (the new buy's are its own), the deadline is the one given and the delivery date is left to fill in.
 */
export function copyForm(earlier: Buy, deadline: string): BuyForm {
  const form = formFromBuy(earlier);
  return {
    ...form,
    deadline,
    deliveryDate: '',
    items: form.items.map(({ id: _id, ...row }) => row),
  };
}

/** "" → null; a whole number in [min, max] → it; anything else → undefined (invalid). */
function count(text: string, min: number, max: number): number | null | undefined {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= min && n <= max ? n : undefined;
}

function money(text: string, max: number): number | null | undefined {
  if (text.trim() === '') return null;
  const fen = parseYuanToFen(text);
  return fen === null || fen > max ? undefined : fen;
}

/** Step 1: title, deadline in the future, dates and the fee. */
export function checkBasics(form: BuyForm, now: number): FormProblems {
  const p: FormProblems = {};
  if (!form.title.trim()) p.title = 'validation.required';
  else if (form.title.trim().length > 200) p.title = 'buys.editor.tooLong';
  const iso = localInputToIso(form.deadline);
  if (!iso) p.deadline = 'validation.required';
  else if (new Date(iso).getTime() <= now) p.deadline = 'buys.editor.deadlinePast';
  if (form.deliveryDate && !/^\d{4}-\d{2}-\d{2}$/.test(form.deliveryDate))
    p.deliveryDate = 'buys.editor.badDate';
  if (money(form.leaderFee, MAX_PRICE_FEN) === undefined) p.leaderFee = 'buys.editor.badMoney';
  return p;
}

/** Step 2: at least one item; each with a name and a price in yuan (two decimals at most). */
export function checkItems(form: BuyForm): FormProblems {
  const p: FormProblems = {};
  if (form.items.length === 0) p.items = 'buys.editor.needItem';
  form.items.forEach((item, i) => {
    if (!item.name.trim()) p[`items.${i}.name`] = 'validation.required';
    if (!item.price.trim()) p[`items.${i}.price`] = 'validation.required';
    else if (money(item.price, MAX_PRICE_FEN) === undefined) p[`items.${i}.price`] = 'buys.editor.badMoney';
    if (count(item.stock, 0, 10_000_000) === undefined) p[`items.${i}.stock`] = 'buys.editor.badCount';
    if (count(item.perHouseholdMax, 1, 9999) === undefined)
      p[`items.${i}.perHouseholdMax`] = 'buys.editor.badMax';
    if (count(item.packSize, 1, 9999) === undefined) p[`items.${i}.packSize`] = 'buys.editor.badMax';
  });
  return p;
}

/** Step 3: the 成团 minimums, both optional. */
export function checkThreshold(form: BuyForm): FormProblems {
  const p: FormProblems = {};
  if (count(form.minTotalQty, 0, 10_000_000) === undefined) p.minTotalQty = 'buys.editor.badCount';
  if (money(form.minAmount, 2_000_000_000) === undefined) p.minAmount = 'buys.editor.badMoney';
  return p;
}

export function checkAll(form: BuyForm, now: number): FormProblems {
  return { ...checkBasics(form, now), ...checkItems(form), ...checkThreshold(form) };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body; call after checkAll found nothing. */
export function toBuyInput(form: BuyForm): BuyInput {
  return {
    title: form.title.trim(),
    description: form.description.trim(),
    supplierName: orNull(form.supplierName),
    supplierContact: orNull(form.supplierContact),
    deadline: localInputToIso(form.deadline) ?? form.deadline,
    deliveryDate: form.deliveryDate || null,
    pickupMode: form.pickupMode,
    leaderFeeFen: money(form.leaderFee, MAX_PRICE_FEN) ?? 0,
    minTotalQty: count(form.minTotalQty, 0, 10_000_000) ?? null,
    minAmountFen: money(form.minAmount, 2_000_000_000) ?? null,
    items: form.items.map((i) => ({
      ...(i.id ? { id: i.id } : {}),
      name: i.name.trim(),
      spec: orNull(i.spec),
      unit: orNull(i.unit),
      priceFen: money(i.price, MAX_PRICE_FEN) ?? 0,
      stock: count(i.stock, 0, 10_000_000) ?? null,
      perHouseholdMax: count(i.perHouseholdMax, 1, 9999) ?? null,
      packSize: count(i.packSize, 1, 9999) ?? null,
    })),
  };
}
