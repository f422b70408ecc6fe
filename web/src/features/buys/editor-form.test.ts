import { describe, expect, it } from 'vitest';
import {
  checkAll,
  checkBasics,
  checkItems,
  checkThreshold,
  emptyForm,
  copyForm,
  formFromBuy,
  toBuyInput,
} from './editor-form.ts';
import type { Buy, BuyInput } from './types.ts';

const now = new Date(2026, 4, 3, 9, 0).getTime();

function filled() {
  const form = emptyForm('2026-05-04T20:00');
  form.title = ' 鸡蛋团购 ';
  form.leaderFee = '2';
  form.minTotalQty = '50';
  form.items[0] = {
    ...form.items[0]!,
    name: '鸡蛋',
    spec: '30枚/盒',
    unit: '盒',
    price: '25.5',
    stock: '500',
    perHouseholdMax: '3',
  };
  return form;
}

/** The buy the server would answer for this input (its items numbered i0, i1, …). */
function savedBuy(input: BuyInput): Buy {
  return {
    ...input,
    id: 'b',
    communityId: 'c',
    status: 'draft',
    description: '',
    deliveryDate: null,
    supplierName: null,
    supplierContact: null,
    minAmountFen: null,
    leaderFeeFen: 200,
    cancelReason: null,
    createdBy: 'm',
    publishedAt: null,
    closedAt: null,
    version: 1,
    pickupMode: 'building',
    minTotalQty: 50,
    totals: { orders: 0, allocatedQty: 0, waitlistedQty: 0, amountFen: 0 },
    items: input.items.map((i, n) => ({
      id: `i${n}`,
      name: i.name,
      spec: i.spec ?? null,
      unit: i.unit ?? null,
      priceFen: i.priceFen,
      stock: i.stock ?? null,
      perHouseholdMax: i.perHouseholdMax ?? null,
      packSize: i.packSize ?? null,
      allocatedQty: 0,
      waitlistedQty: 0,
      remaining: i.stock ?? null,
    })),
  } satisfies Buy;
}

describe('buy wizard checks', () => {
  it('accepts a complete form and builds the request with exact fen', () => {
    const form = filled();
    expect(checkAll(form, now)).toEqual({});
    const input = toBuyInput(form);
    expect(input).toMatchObject({
      title: '鸡蛋团购',
      leaderFeeFen: 200,
      minTotalQty: 50,
      minAmountFen: null,
      supplierName: null,
      deliveryDate: null,
      pickupMode: 'building',
      items: [
        {
          name: '鸡蛋',
          spec: '30枚/盒',
          unit: '盒',
          priceFen: 2550,
          stock: 500,
          perHouseholdMax: 3,
          packSize: null,
        },
      ],
    });
    expect(new Date(input.deadline).getTime()).toBe(new Date(2026, 4, 4, 20, 0).getTime());
    expect(input.deadline).toMatch(/[+-]\d{2}:\d{2}$/);
  });

  it('names each problem by field', () => {
    const form = filled();
    form.title = '';
    form.deadline = '2026-05-02T10:00';
    form.leaderFee = '1.234';
    expect(checkBasics(form, now)).toEqual({
      title: 'validation.required',
      deadline: 'buys.editor.deadlinePast',
      leaderFee: 'buys.editor.badMoney',
    });
    form.items[0] = { ...form.items[0]!, name: ' ', price: 'abc', stock: '-1', perHouseholdMax: '0' };
    expect(checkItems(form)).toEqual({
      'items.0.name': 'validation.required',
      'items.0.price': 'buys.editor.badMoney',
      'items.0.stock': 'buys.editor.badCount',
      'items.0.perHouseholdMax': 'buys.editor.badMax',
    });
    form.items = [];
    expect(checkItems(form)).toEqual({ items: 'buys.editor.needItem' });
    form.minTotalQty = '1.5';
    expect(checkThreshold(form)).toEqual({ minTotalQty: 'buys.editor.badCount' });
  });

  it('round-trips a saved draft', () => {
    const input = toBuyInput(filled());
    const buy = savedBuy(input);
    const form = formFromBuy(buy);
    expect(form.items[0]).toMatchObject({
      id: 'i0',
      price: '25.50',
      stock: '500',
      perHouseholdMax: '3',
      packSize: '',
    });
    const again = toBuyInput(form);
    expect(again.items[0]).toEqual({ ...input.items[0], id: 'i0' });
    expect(again.leaderFeeFen).toBe(200);
    expect(new Date(again.deadline).getTime()).toBe(new Date(input.deadline).getTime());
  });

  it('再开一团: copies the rules, items and supplier into a new draft, with the deadline given', () => {
    const earlier = {
      ...savedBuy(toBuyInput(filled())),
      status: 'completed' as const,
      description: '崇明农场直供',
      deliveryDate: '2026-05-05',
      supplierName: '崇明农场',
      supplierContact: '021-1234',
      pickupMode: 'door' as const,
    };
    const form = copyForm(earlier, '2026-05-10T20:00');
    expect(form).toMatchObject({
      title: '鸡蛋团购',
      description: '崇明农场直供',
      supplierName: '崇明农场',
      supplierContact: '021-1234',
      pickupMode: 'door',
      leaderFee: '2',
      minTotalQty: '50',
      deadline: '2026-05-10T20:00',
      deliveryDate: '',
    });
    expect(form.items[0]).not.toHaveProperty('id');
    expect(form.items[0]).toMatchObject({ name: '鸡蛋', price: '25.50', stock: '500', perHouseholdMax: '3' });
    expect(checkAll(form, now)).toEqual({});
    const input = toBuyInput(form);
    expect(input.items[0]).not.toHaveProperty('id');
    expect(input.items[0]).toMatchObject({ name: '鸡蛋', priceFen: 2550, stock: 500, perHouseholdMax: 3 });
  });
});
