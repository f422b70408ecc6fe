import { beforeEach, describe, expect, it } from 'vitest';
import { noteOpened, notShown, OPENED_KEPT, openedBuyOf, openedIn, resetOpened } from './opened.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const frame = (buyId: unknown) => JSON.stringify({ type: 'buy.opened', buyId });

beforeEach(resetOpened);

describe('the buys the bell said opened', () => {
  it("reads the buy a frame names, and nothing from a frame it can't read", () => {
    expect(openedBuyOf(frame(id(1)))).toBe(id(1));
    for (const bad of ['', 'not json', '{}', frame(42), frame('../admin'), frame(null), 'null'])
      expect(openedBuyOf(bad), bad).toBeNull();
  });

  it('keeps them per compound, oldest first, each once, the last OPENED_KEPT', () => {
    noteOpened('c1', frame(id(1)));
    noteOpened('c1', frame(id(2)));
    noteOpened('c1', frame(id(1)));
    noteOpened('c1', 'garbage');
    noteOpened('c2', frame(id(3)));
    expect(openedIn('c1')).toEqual([id(1), id(2)]);
    expect(openedIn('c2')).toEqual([id(3)]);
    expect(openedIn('c3')).toEqual([]);
    for (let n = 10; n < 10 + OPENED_KEPT + 5; n++) noteOpened('c1', frame(id(n)));
    expect(openedIn('c1')).toHaveLength(OPENED_KEPT);
    expect(openedIn('c1').at(-1)).toBe(id(9 + OPENED_KEPT + 5));
  });

  it('offers only those a loaded list does not show yet', () => {
    const opened = [id(1), id(2), id(3)];
    expect(notShown(opened, [{ id: id(2) }, { id: id(9) }])).toEqual([id(1), id(3)]);
    expect(
      notShown(
        opened,
        opened.map((x) => ({ id: x })),
      ),
    ).toEqual([]);
    expect(notShown([], [{ id: id(1) }])).toEqual([]);
  });
});
