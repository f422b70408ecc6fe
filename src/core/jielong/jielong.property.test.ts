import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseToContract } from './contract.ts';
import { UNITS } from './normalize.ts';
import { parseJielong } from './parse-jielong.ts';
import { writeJielong, writeSummary, type WriteBuy, type WriteOrder } from './write-fns.ts';

/** Pieces real lists are made of, so random text also hits the parser's interesting paths. */
const PIECES = [
  '#接龙',
  '例',
  '1.',
  '2、',
  '3)',
  '(4)',
  '3-502',
  '3号楼',
  '502',
  '室',
  '栋',
  '#',
  '/',
  'No.',
  'A栋',
  '十号楼',
  '三零二',
  '两',
  '盒',
  '×',
  'x',
  '*',
  '+1',
  '-2袋',
  '鸡蛋',
  '牛奶',
  '取消',
  '不要了',
  '王阿姨',
  '放门口',
  '🙏',
  '１２３',
  '，',
  '。',
  ' ',
  '\n',
  '\r\n',
  '谢谢团长！',
  '各',
  '十',
  '百',
  '零',
  '9999',
];
const textArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((p) => p.join('')),
);

describe('parsing never throws', () => {
  it('on arbitrary text, with or without items', () => {
    fc.assert(
      fc.property(textArb, fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (text, items) => {
        const r = parseToContract(text, items);
        for (const e of r.entries) {
          expect(e.line).toBeGreaterThan(0);
          expect(['add', 'cancel']).toContain(e.action);
          for (const i of e.items) expect(Number.isInteger(i.qty)).toBe(true);
          if (items.length > 0) for (const i of e.items) expect(items).toContain(i.name);
        }
        expect(parseJielong(text).entries.length + parseJielong(text).unparsed.length).toBeLessThanOrEqual(
          text.split(/\r\n|\r|\n/).length,
        );
      }),
      { numRuns: 500 },
    );
  });
});

const NAMES = [
  '鸡蛋',
  '牛奶',
  '蔬菜包',
  '橙子',
  '大米',
  '面粉',
  '食用油',
  '猪肉',
  '三黄鸡',
  '苹果',
  '香蕉',
  '豆腐',
];
const UNIT_CHOICES = [null, '枚', '斤', ...UNITS.slice(0, 8)];

const buyArb: fc.Arbitrary<WriteBuy> = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 }),
    title: fc.constantFrom('鸡蛋团购', '周末保供套餐', '水果团 第3期'),
    deadline: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
  })
  .chain(({ names, title, deadline }) =>
    fc
      .tuple(
        fc.array(fc.constantFrom(...UNIT_CHOICES), { minLength: names.length, maxLength: names.length }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: names.length, maxLength: names.length }),
      )
      .map(([units, prices]) => ({
        title,
        deadline,
        items: names.map((name, n) => ({
          id: `i${n}`,
          name,
          spec: null,
          unit: units[n]!,
          priceFen: prices[n]!,
        })),
      })),
  );

const labelArb = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 120 }).map(String), fc.constantFrom('A', 'B', 'C')),
    fc.integer({ min: 1, max: 33 }),
    fc.integer({ min: 1, max: 20 }),
  )
  .map(([b, floor, room]) => `${b}-${floor}${String(room).padStart(2, '0')}`);

const scenarioArb = buyArb.chain((buy) =>
  fc
    .uniqueArray(
      fc.record({
        label: labelArb,
        status: fc.constantFrom('active', 'waitlisted', 'cancelled'),
        lines: fc.uniqueArray(
          fc.record({
            itemId: fc.constantFrom(...buy.items.map((i) => i.id)),
            qty: fc.integer({ min: 1, max: 9999 }),
          }),
          { minLength: 1, maxLength: buy.items.length, selector: (l) => l.itemId },
        ),
      }),
      { maxLength: 30, selector: (o) => o.label },
    )
    .map((os) => ({
      buy,
      orders: os.map((o, n): WriteOrder => ({
        seq: n * 2 + 1,
        householdLabel: o.label,
        status: o.status as WriteOrder['status'],
        lines: o.lines,
      })),
    })),
);

describe('writing a buy as a 接龙 and reading it back', () => {
  it('gives back its live orders, in list order, with their items and quantities', () => {
    fc.assert(
      fc.property(scenarioArb, ({ buy, orders }) => {
        const text = writeJielong(buy, orders);
        const names = buy.items.map((i) => i.name);
        const parsed = parseToContract(text, names);
        const byId = new Map(buy.items.map((i) => [i.id, i.name]));
        const position = new Map(buy.items.map((i, n) => [i.id, n]));
        const expected = orders
          .filter((o) => o.status !== 'cancelled')
          .map((o) => ({
            label: o.householdLabel,
            items: [...o.lines]
              .sort((a, b) => position.get(a.itemId)! - position.get(b.itemId)!)
              .map((l) => ({ name: byId.get(l.itemId)!, qty: l.qty })),
          }));
        expect(parsed.unparsed).toEqual([]);
        expect(parsed.entries.map((e) => ({ label: `${e.building}-${e.room}`, items: e.items }))).toEqual(
          expected,
        );
        expect(parsed.entries.every((e) => e.action === 'add' && e.note === null)).toBe(true);
        expect(parsed.title).toContain(buy.title);
        // The summary adds up to the same totals.
        const summary = writeSummary(buy, orders);
        for (const item of buy.items) {
          const total = expected
            .flatMap((e) => e.items)
            .filter((i) => i.name === item.name)
            .reduce((n, i) => n + i.qty, 0);
          expect(summary).toContain(`${item.name} 共${total}${item.unit ?? '份'}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
