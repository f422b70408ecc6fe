import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionHeld, type ReadAtVersion } from './version-held.ts';

/**
 * The invariant VersionHeld exists for: whatever was held before, a call answers what the store holds at the
 * time of the call, as long as every change moves the scope's version (what the triggers guarantee). Changes
 * here come between calls, and some land between the two reads of one call (another instance's commit).
 */
type Op =
  | { kind: 'set'; scope: number; key: number; value: number }
  | { kind: 'delete'; scope: number; key: number }
  | { kind: 'get'; scope: number; keys: number[]; changeMidway: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    scope: fc.nat(2),
    key: fc.nat(5),
    value: fc.nat(100),
  }),
  fc.record({ kind: fc.constant('delete' as const), scope: fc.nat(2), key: fc.nat(5) }),
  fc.record({
    kind: fc.constant('get' as const),
    scope: fc.nat(2),
    keys: fc.uniqueArray(fc.nat(5), { maxLength: 6 }),
    changeMidway: fc.boolean(),
  }),
);

describe('VersionHeld (property)', () => {
  it('answers what the store holds when it is called, however values were held before', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.integer({ min: 2, max: 12 }), async (ops, max) => {
        const store = new Map<string, Map<string, number>>();
        const versions = new Map<string, number>();
        const change = (scope: string, key: string, value: number | null) => {
          const values = store.get(scope) ?? new Map<string, number>();
          if (value === null) values.delete(key);
          else values.set(key, value);
          store.set(scope, values);
          versions.set(scope, (versions.get(scope) ?? 0) + 1);
        };
        /** A change another instance commits while a read is under way (after it read, before the next). */
        let midway: (() => void) | null = null;
        const read: ReadAtVersion<number> = async (scope, keys) => {
          const values = store.get(scope) ?? new Map<string, number>();
          const found = new Map(keys.flatMap((k) => (values.has(k) ? [[k, values.get(k)!] as const] : [])));
          const answer = { version: versions.get(scope) ?? 0, found };
          const m = midway;
          midway = null;
          m?.();
          return answer;
        };
        const held = new VersionHeld(read, { max });
        for (const o of ops) {
          const scope = `s${o.scope}`;
          if (o.kind === 'set') change(scope, `k${o.key}`, o.value);
          else if (o.kind === 'delete') change(scope, `k${o.key}`, null);
          else {
            const keys = o.keys.map((k) => `k${k}`);
            const expected = new Map(
              keys.flatMap((k) => {
                const v = store.get(scope)?.get(k);
                return v === undefined ? [] : [[k, v] as const];
              }),
            );
            if (o.changeMidway) midway = () => change(scope, 'k0', 1000);
            const got = await held.get(scope, keys);
            midway = null;
            // The midway change may or may not be seen (it commits during the call); everything else must be
            // exactly what the store held when the call began.
            for (const k of keys) {
              if (o.changeMidway && k === 'k0') {
                expect([expected.get(k), 1000]).toContain(got.get(k));
                continue;
              }
              expect(got.get(k)).toBe(expected.get(k));
            }
            expect(held.size).toBeLessThanOrEqual(max);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
