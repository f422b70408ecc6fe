import i18next, { type TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { bundles as en } from '../../i18n/locale-en.ts';
import { bundles as zhCN } from '../../i18n/locale-zh-CN.ts';
import { auditLines, compactValue, MAX_VALUE_CHARS, type AuditChange, type Translate } from './audit-text.ts';

async function translator(lng: 'zh-CN' | 'en'): Promise<Translate> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng,
    interpolation: { escapeValue: false },
  });
  for (const bundle of lng === 'en' ? en : zhCN)
    i18n.addResourceBundle(lng, 'translation', bundle, true, false);
  const t: TFunction = i18n.t.bind(i18n);
  return (key, options) => t(key, options ?? {});
}

const EGGS = 'fb938acc-7f31-41f4-b02b-775fae4ea163';
const RICE = '0c1d2e3f-0000-4000-8000-000000000001';
const STRANGER = '9a9a9a9a-9a9a-4a9a-8a9a-9a9a9a9a9a9a';
const itemNames = new Map([
  [EGGS, '鸡蛋'],
  [RICE, '大米'],
]);
const zh = { t: await translator('zh-CN'), locale: 'zh-CN', itemNames };
const english = { t: await translator('en'), locale: 'en', itemNames };

const cases: [string, AuditChange, string[]][] = [
  [
    'a buy opens',
    { entity: 'buy', action: 'publish', before: { status: 'draft' }, after: { status: 'open' } },
    ['状态：草稿 → 接龙中'],
  ],
  [
    'a buy is cancelled with its orders',
    {
      entity: 'buy',
      action: 'cancel',
      before: { status: 'open' },
      after: { status: 'cancelled', releasedOrders: 3, reason: '供应商缺货' },
    },
    ['状态：接龙中 → 已取消', '原因：供应商缺货', '3 个订单随之取消'],
  ],
  [
    'an order is placed (names from the buy, amounts in yuan)',
    {
      entity: 'order',
      action: 'placed',
      before: null,
      after: {
        status: 'active',
        amountFen: 2700,
        lines: [{ qty: 1, itemId: EGGS, allocatedQty: 1, waitlistedQty: 0 }],
      },
    },
    ['状态：已分到货', '金额：¥27.00', '商品：鸡蛋 ×1（已分到）'],
  ],
  [
    'an order grows, part waitlisted; an unknown item reads 商品',
    {
      entity: 'order',
      action: 'updated',
      before: {
        status: 'active',
        amountFen: 2700,
        lines: [{ qty: 1, itemId: EGGS, allocatedQty: 1, waitlistedQty: 0 }],
      },
      after: {
        status: 'active',
        amountFen: 5400,
        lines: [
          { qty: 3, itemId: EGGS, allocatedQty: 2, waitlistedQty: 1 },
          { qty: 2, itemId: STRANGER, allocatedQty: 0, waitlistedQty: 2 },
        ],
      },
    },
    [
      '金额：¥27.00 → ¥54.00',
      '商品：鸡蛋 ×1（已分到） → 鸡蛋 ×3（2 份已分到 / 1 份排队）、商品 ×2（排队中）',
    ],
  ],
  [
    'a ledger charge as a balanced sentence of account names, the amount said once',
    {
      entity: 'ledger',
      action: 'charged',
      before: null,
      after: {
        amountFen: 2700,
        legs: [
          { account: 'receivable', amountFen: 2700 },
          { account: 'sales', amountFen: -2550 },
          { account: 'leader_fee', amountFen: -150 },
        ],
      },
    },
    ['记账：住户应付 ¥27.00 = 货款 ¥25.50 + 团长服务费 ¥1.50'],
  ],
  [
    'a charge reduced (a shortage): the household side still first',
    {
      entity: 'ledger',
      action: 'charge_reduced',
      before: null,
      after: {
        amountFen: -2500,
        legs: [
          { account: 'receivable', amountFen: -2500 },
          { account: 'sales', amountFen: 2500 },
        ],
      },
    },
    ['冲减：住户应付 ¥25.00 = 货款 ¥25.00'],
  ],
  [
    'a payment marked paid: method, note, no screenshot, no empty dispute reason',
    {
      entity: 'payment',
      action: 'marked_paid',
      before: null,
      after: {
        method: 'wechat',
        status: 'pending',
        amountFen: 2700,
        reference: '尾号 0427',
        screenshot: false,
        disputeReason: null,
      },
    },
    ['状态：待确认', '金额：¥27.00', '付款方式：微信', '付款备注：尾号 0427', '没有附截图'],
  ],
  [
    'a screenshot added',
    {
      entity: 'payment',
      action: 'screenshot_added',
      before: { status: 'pending', screenshot: false },
      after: { status: 'pending', screenshot: true },
    },
    ['上传了付款截图'],
  ],
  [
    'a payment confirmed',
    { entity: 'payment', action: 'confirmed', before: { status: 'pending' }, after: { status: 'confirmed' } },
    ['状态：待确认 → 已确认'],
  ],
  [
    'a payment disputed',
    {
      entity: 'payment',
      action: 'disputed',
      before: { status: 'pending', disputeReason: null },
      after: { status: 'disputed', disputeReason: '金额不对' },
    },
    ['状态：待确认 → 有异议', '异议原因：金额不对'],
  ],
  [
    'a refund sent',
    {
      entity: 'refund',
      action: 'sent',
      before: { refundDueFen: 500 },
      after: { amountFen: 500, method: 'alipay', reference: null, status: 'sent' },
    },
    ['状态：已退款', '金额：¥5.00', '付款方式：支付宝', '退款前应退 ¥5.00'],
  ],
  [
    'the payment code uploaded, then replaced: no file keys',
    {
      entity: 'payment_qr',
      action: 'added',
      before: null,
      after: { fileKey: '3bd6219452209285202bf06201f9e73226cc73f37ec6c70345338131b2b44635.png' },
    },
    ['上传了收款码'],
  ],
  [
    'the payment code replaced',
    { entity: 'payment_qr', action: 'replaced', before: { fileKey: 'a.png' }, after: { fileKey: 'b.png' } },
    ['更换了收款码'],
  ],
  [
    'a supplier invoice with lines',
    {
      entity: 'supplier_bill',
      action: 'invoice_recorded',
      before: null,
      after: {
        kind: 'invoice',
        amountFen: 4000,
        lines: [{ itemId: RICE, qty: 2, unitPriceFen: 2000 }],
        note: 'INV-7',
      },
    },
    ['金额：¥40.00', '商品：大米 ×2，单价 ¥20.00', '类型：供应商账单', '备注：INV-7'],
  ],
  [
    'a buy edit: fee, pickup and items',
    {
      entity: 'buy',
      action: 'edited',
      before: {
        leaderFeeFen: 150,
        pickupMode: 'building',
        items: [{ id: EGGS, name: '鸡蛋', priceFen: 2500, stock: null }],
      },
      after: {
        leaderFeeFen: 200,
        pickupMode: 'door',
        items: [{ id: EGGS, name: '鸡蛋', priceFen: 2400, stock: 10 }],
      },
    },
    [
      '团长服务费：¥1.50 → ¥2.00',
      '取货方式：楼下自取 → 送货上门',
      '商品：鸡蛋 ¥25.00 → 鸡蛋 ¥24.00（限量 10 份）',
    ],
  ],
  [
    'unknown fields fall back to a short "field: before → after"',
    {
      entity: 'order',
      action: 'updated',
      before: { owner: null },
      after: { owner: STRANGER, blob: { a: 'x'.repeat(200) } },
    },
    ['owner：— → 9a9a9a…', `blob：— → ${`{"a":"${'x'.repeat(200)}"}`.slice(0, MAX_VALUE_CHARS - 1)}…`],
  ],
  [
    'an unknown status is shown, not translated into nonsense',
    { entity: 'order', action: 'updated', before: { status: 'active' }, after: { status: 'frozen' } },
    ['状态：已分到货 → frozen'],
  ],
  [
    'a delivery mark taken back: the status, not the code that stayed',
    {
      entity: 'package',
      action: 'delivery_undone',
      before: { status: 'delivered', code: 'T3PXJA' },
      after: { status: 'sorted', code: 'T3PXJA' },
    },
    ['状态：已送到门口 → 待送'],
  ],
  [
    'nothing changed, nothing said',
    { entity: 'buy', action: 'close', before: { a: 1 }, after: { a: 1 } },
    [],
  ],
  ['no before or after at all', { entity: 'buy', action: 'close', before: null, after: null }, []],
];

describe('auditLines (zh-CN)', () => {
  it.each(cases)('%s', (_name, change, expected) => {
    expect(auditLines(change, zh)).toEqual(expected);
  });

  it('never shows a raw UUID; JSON only in the short fallback for fields it does not know', () => {
    for (const [name, change] of cases)
      for (const line of auditLines(change, zh)) {
        expect(line).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
        if (!name.startsWith('unknown fields')) expect(line).not.toMatch(/[[{]"/);
        else expect(line.length).toBeLessThanOrEqual(2 * MAX_VALUE_CHARS + 10);
      }
  });
});

describe('auditLines (en)', () => {
  it.each<[string, AuditChange, string[]]>([
    [
      'a placed order',
      {
        entity: 'order',
        action: 'placed',
        before: null,
        after: { status: 'active', lines: [{ qty: 2, itemId: EGGS, allocatedQty: 1, waitlistedQty: 1 }] },
      },
      ['Status: Confirmed', 'Items: 鸡蛋 ×2 (1 secured / 1 waiting)'],
    ],
    [
      'a charge',
      {
        entity: 'ledger',
        action: 'charged',
        before: null,
        after: {
          legs: [
            { account: 'receivable', amountFen: 2700 },
            { account: 'sales', amountFen: -2700 },
          ],
        },
      },
      ['Booked: Owed by household ¥27.00 = Goods ¥27.00'],
    ],
    [
      'one released order',
      {
        entity: 'buy',
        action: 'cancel',
        before: { status: 'open' },
        after: { status: 'cancelled', releasedOrders: 1 },
      },
      ['Status: Open → Cancelled', '1 order cancelled with it'],
    ],
  ])('%s', (_name, change, expected) => {
    expect(auditLines(change, english)).toEqual(expected);
  });
});

describe('compactValue', () => {
  it.each<[unknown, string]>([
    [null, '—'],
    [undefined, '—'],
    [true, 'true'],
    [12, '12'],
    ['短', '短'],
    [EGGS, 'fb938a…'],
    ['3bd6219452209285202bf06201f9e73226cc73f37ec6c70345338131b2b44635.png', '3bd621….png'],
    ['y'.repeat(100), `${'y'.repeat(MAX_VALUE_CHARS - 1)}…`],
  ])('%s → %s', (value, expected) => {
    expect(compactValue(value)).toBe(expected);
  });
});
