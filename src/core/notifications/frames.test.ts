import { describe, expect, it } from 'vitest';
import { frameHousehold, mayReceiveFrame } from './frames.ts';

const frame = (data: object, id = 1) => `id: ${id}\ndata: ${JSON.stringify(data)}\n\n`;
const viewer = { communityId: 'c', householdId: 'h1', looksAfter: [] };

describe('community frames', () => {
  it('frames without a household reach every member', () => {
    expect(mayReceiveFrame(frame({ type: 'buy.updated', buyId: 'b' }), viewer)).toBe(true);
    expect(mayReceiveFrame(frame({ type: 'notification.created', householdId: null }), viewer)).toBe(true);
    expect(mayReceiveFrame(frame({ type: 'buy.updated' }), { ...viewer, householdId: null })).toBe(true);
  });

  it('household frames reach that household only', () => {
    const mine = frame({ type: 'notification.created', householdId: 'h1' }, 2);
    const theirs = frame({ type: 'notification.created', householdId: 'h2' }, 3);
    expect(mayReceiveFrame(mine, viewer)).toBe(true);
    expect(mayReceiveFrame(theirs, viewer)).toBe(false);
    expect(mayReceiveFrame(theirs, viewer)).toBe(false); // cached answer, same result
    expect(mayReceiveFrame(mine, { ...viewer, householdId: null })).toBe(false);
    expect(
      mayReceiveFrame(frame({ type: 'household.claimed', householdId: 'h2', memberId: 'm' }), viewer),
    ).toBe(false);
  });

  it("a proxy household's frames reach the members who look after it too", () => {
    const proxy = frame({ type: 'notification.created', householdId: 'p1' }, 5);
    const volunteer = { ...viewer, looksAfter: [{ id: 'p1', label: '1-101', actsFor: true }] };
    expect(mayReceiveFrame(proxy, volunteer)).toBe(true);
    expect(mayReceiveFrame(proxy, { ...volunteer, householdId: null })).toBe(true);
    expect(mayReceiveFrame(proxy, viewer)).toBe(false);
  });

  it('reads the household of a frame; an unreadable household frame goes to nobody', () => {
    expect(frameHousehold(frame({ householdId: 'h9' }, 4))).toBe('h9');
    expect(mayReceiveFrame('data: {"householdId":\n\n', viewer)).toBe(false);
    expect(frameHousehold(': ping\n\n')).toBeNull();
  });
});
