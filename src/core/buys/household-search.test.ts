import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { filterCounts, findHouseholds, inFilter, pageHouseholds, searchKey } from './household-search.ts';
import type { HouseholdSummary } from './summary-fns.ts';

const household = (
  seq: number,
  label: string,
  more: Partial<HouseholdSummary> & { waiting?: number } = {},
): HouseholdSummary => ({
  orderId: `o${seq}`,
  seq,
  householdId: `h-${label}`,
  label,
  buildingId: `b${label.split('-')[0]}`,
  buildingName: label.split('-')[0] ?? '',
  status: more.waiting ? 'waitlisted' : 'active',
  placedByVolunteer: false,
  isProxy: false,
  proxyContact: null,
  lines: [
    {
      itemId: 'egg',
      qty: 2,
      allocatedQty: 2 - (more.waiting ?? 0),
      waitlistedQty: more.waiting ?? 0,
      amountFen: 1000,
    },
  ],
  amountFen: 1000,
  ...more,
});

const list = [
  household(1, '3-502'),
  household(2, '13-502', { waiting: 1 }),
  household(3, '3-101', { isProxy: true, proxyContact: { name: '王阿姨', phone: '13800001111' } }),
  household(17, '1-702', { placedByVolunteer: true }),
  household(18, '5-1701', { waiting: 2 }),
];
const labels = (hs: readonly HouseholdSummary[]) => hs.map((h) => h.label);

describe('searchKey', () => {
  it('reads a Chinese keyboard’s full-width digits and dashes, and ignores separators and case', () => {
    expect(searchKey('３－５０２')).toBe('3502');
    expect(searchKey(' 3 - 502 ')).toBe('3502');
    expect(searchKey('3—502')).toBe('3502');
    expect(searchKey('Ａ座')).toBe('a座');
    expect(searchKey('王　阿姨')).toBe('王阿姨');
  });
});

describe('findHouseholds', () => {
  it('finds a room however the leader types it', () => {
    for (const q of ['3-502', '3502', '３－５０２', '3 502'])
      expect(labels(findHouseholds(list, q, 'all'))).toEqual(['3-502', '13-502']);
    expect(labels(findHouseholds(list, '502', 'all'))).toEqual(['3-502', '13-502']);
  });

  it('finds a 接龙 number exactly, and rooms that contain it', () => {
    expect(labels(findHouseholds(list, '17', 'all'))).toEqual(['1-702', '5-1701']);
    expect(labels(findHouseholds(list, '18', 'all'))).toEqual(['5-1701']);
  });

  it('finds a proxy order by its contact’s name or phone', () => {
    expect(labels(findHouseholds(list, '王阿姨', 'all'))).toEqual(['3-101']);
    expect(labels(findHouseholds(list, '1111', 'all'))).toEqual(['3-101']);
  });

  it('filters households still waiting, and those ordered for someone', () => {
    expect(labels(findHouseholds(list, '', 'waiting'))).toEqual(['13-502', '5-1701']);
    expect(labels(findHouseholds(list, '', 'proxy'))).toEqual(['3-101', '1-702']);
    expect(labels(findHouseholds(list, '502', 'waiting'))).toEqual(['13-502']);
    expect(findHouseholds(list, '', 'all')).toBe(list);
    expect(findHouseholds(list, 'nobody', 'all')).toEqual([]);
  });

  it('counts each filter', () => {
    expect(filterCounts(list)).toEqual({ all: 5, waiting: 2, proxy: 2 });
    expect(filterCounts([])).toEqual({ all: 0, waiting: 0, proxy: 0 });
  });

  it('keeps the summary’s order, only what matches, and always finds a household by its own label', () => {
    const arbitraryHousehold = fc
      .record({
        building: fc.integer({ min: 1, max: 30 }),
        room: fc.integer({ min: 101, max: 2404 }),
        waiting: fc.integer({ min: 0, max: 2 }),
        proxy: fc.boolean(),
      })
      .map(({ building, room, waiting, proxy }) => ({ label: `${building}-${room}`, waiting, proxy }));
    fc.assert(
      fc.property(
        fc.array(arbitraryHousehold, { maxLength: 40 }),
        fc.constantFrom('all', 'waiting', 'proxy' as const),
        fc.nat(),
        (specs, filter, pick) => {
          const hs = specs.map((s, i) => household(i + 1, s.label, { waiting: s.waiting, isProxy: s.proxy }));
          const query = hs.length > 0 ? hs[pick % hs.length]!.label : '';
          const found = findHouseholds(hs, query, filter);
          const positions = found.map((h) => hs.indexOf(h));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
          for (const h of found) expect(inFilter(h, filter)).toBe(true);
          if (query) {
            const target = hs[pick % hs.length]!;
            expect(found.includes(target)).toBe(inFilter(target, filter));
          }
          expect(findHouseholds(hs, '', filter).length).toBe(filterCounts(hs)[filter]);
        },
      ),
    );
  });

  it('pages what matches, and counts it', () => {
    const all = pageHouseholds(list, {});
    expect(all.households).toEqual(list);
    expect(all.households).not.toBe(list);
    expect(all).toMatchObject({ found: 5, counts: { all: 5, waiting: 2, proxy: 2 } });
    expect(labels(pageHouseholds(list, { limit: 2 }).households)).toEqual(['3-502', '13-502']);
    expect(labels(pageHouseholds(list, { offset: 2, limit: 2 }).households)).toEqual(['3-101', '1-702']);
    expect(labels(pageHouseholds(list, { offset: 4 }).households)).toEqual(['5-1701']);
    expect(pageHouseholds(list, { offset: 9, limit: 2 })).toMatchObject({ households: [], found: 5 });
    const waiting = pageHouseholds(list, { q: '502', filter: 'waiting', limit: 1 });
    expect(labels(waiting.households)).toEqual(['13-502']);
    expect(waiting).toMatchObject({ found: 1, counts: { all: 5, waiting: 2, proxy: 2 } });
  });
});
