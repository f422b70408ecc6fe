import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JielongEntry } from '../../core/buys/views.ts';
import { EncodedBody } from '../encoded-bodies.ts';
import { presentEntriesParts, presentEntry } from './buys.presenter.ts';

const entry: fc.Arbitrary<JielongEntry> = fc.record({
  seq: fc.nat(),
  householdLabel: fc.string({ unit: 'grapheme' }),
  status: fc.constantFrom('active' as const, 'waitlisted' as const),
  items: fc.array(fc.record({ name: fc.string({ unit: 'grapheme' }), qty: fc.nat() }), { maxLength: 3 }),
});

// Each entry stands for its order here (the page's `entryOf` maps an order to its entry).
const json = (entries: JielongEntry[], nextAfter: number | null) =>
  new EncodedBody(
    presentEntriesParts({ orders: entries as never[], entryOf: (o) => o as never, nextAfter }),
  ).json.toString();

describe('presentEntriesParts', () => {
  it('writes what JSON.stringify writes, whichever entries it has written before', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 20 }),
        fc.option(fc.nat()),
        fc.array(fc.nat(), { maxLength: 20 }),
        (entries, nextAfter, again) => {
          const expected = (list: JielongEntry[]) =>
            JSON.stringify({ entries: list.map(presentEntry), nextAfter });
          expect(json(entries, nextAfter)).toBe(expected(entries));
          // Some of the same entry objects again, in another list (their bytes are kept).
          const mixed = again.flatMap((n) => (entries.length > 0 ? [entries[n % entries.length]!] : []));
          expect(json(mixed, nextAfter)).toBe(expected(mixed));
        },
      ),
    );
  });

  it('writes an empty list', () => {
    expect(json([], null)).toBe('{"entries":[],"nextAfter":null}');
  });
});
