import { describe, expect, it } from 'vitest';
import { ApiError, NETWORK_ERROR, TIMEOUT } from '../../api-client.ts';
import {
  HELD_KEY,
  HELD_MAX,
  hold,
  outcome,
  readHeld,
  sendHeld,
  settle,
  unanswered,
  unhold,
  writeHeld,
  type HeldMark,
} from './held-marks.ts';

const mark = (code: string, over: Partial<HeldMark> = {}): HeldMark => ({
  memberId: 'm1',
  buyId: 'b1',
  code,
  method: 'door',
  label: null,
  at: '2026-12-07T14:00:00.000Z',
  ...over,
});

function memoryStore(initial: string | null = null) {
  let value = initial;
  return {
    getItem: (key: string) => (key === HELD_KEY ? value : null),
    setItem: (key: string, v: string) => {
      if (key === HELD_KEY) value = v;
    },
    get value() {
      return value;
    },
  };
}

describe('the phone’s store of held marks', () => {
  it('keeps and reads them back; reads nothing from a missing, broken or foreign value', () => {
    const store = memoryStore();
    expect(readHeld(store)).toEqual([]);
    expect(writeHeld(store, [mark('AAA111')])).toBe(true);
    expect(readHeld(store)).toEqual([mark('AAA111')]);
    expect(readHeld(memoryStore('not json'))).toEqual([]);
    expect(readHeld(memoryStore('{"a":1}'))).toEqual([]);
    // Entries of another shape are dropped, the rest kept.
    expect(readHeld(memoryStore(JSON.stringify([{ code: 'X' }, mark('BBB222')])))).toEqual([mark('BBB222')]);
    expect(readHeld(undefined)).toEqual([]);
  });

  it('says when the phone would not keep them (private mode, storage full)', () => {
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
    };
    expect(writeHeld(full, [mark('AAA111')])).toBe(false);
    expect(writeHeld(undefined, [])).toBe(false);
  });
});

describe('hold, unhold and settle', () => {
  it('keeps one mark per package, the latest, at the end', () => {
    const list = hold(
      hold([mark('AAA111')], mark('BBB222')),
      mark('AAA111', { method: 'pickup', at: 'later' }),
    );
    expect(list.map((m) => [m.code, m.method])).toEqual([
      ['BBB222', 'door'],
      ['AAA111', 'pickup'],
    ]);
    // The same code in another buy is another package.
    expect(hold(list, mark('AAA111', { buyId: 'b2' }))).toHaveLength(3);
    expect(unhold(list, { buyId: 'b1', code: 'AAA111' })).toEqual([mark('BBB222')]);
  });

  it('keeps at most HELD_MAX, dropping the oldest', () => {
    let list: HeldMark[] = [];
    for (let i = 0; i <= HELD_MAX; i++) list = hold(list, mark(`C${i}`));
    expect(list).toHaveLength(HELD_MAX);
    expect(list[0]!.code).toBe('C1');
  });

  it('takes settled marks off, but not a newer mark of the same package made meanwhile', () => {
    const sent = mark('AAA111');
    const newer = mark('AAA111', { at: '2026-12-07T14:05:00.000Z', method: 'pickup' });
    expect(settle([sent, mark('BBB222')], [sent])).toEqual([mark('BBB222')]);
    expect(settle([newer], [sent])).toEqual([newer]);
  });
});

describe('outcome', () => {
  it('sent on an answer, and on already_delivered (an earlier try got through before its answer was lost)', () => {
    expect(outcome(null)).toBe('sent');
    expect(outcome(new ApiError(409, 'already_delivered', 'x'))).toBe('sent');
  });

  it('waits for no answer, a busy or restarting server, and a session to sign in again', () => {
    for (const e of [
      new ApiError(0, NETWORK_ERROR, 'x'),
      new ApiError(0, TIMEOUT, 'x'),
      new ApiError(503, 'shutting_down', 'x'),
      new ApiError(500, 'internal_error', 'x'),
      new ApiError(429, 'rate_limited', 'x'),
      new ApiError(401, 'unauthenticated', 'x'),
      new TypeError('fetch failed'),
    ])
      expect(outcome(e)).toBe('wait');
    expect(unanswered(new ApiError(0, NETWORK_ERROR, 'x'))).toBe(true);
    expect(unanswered(new ApiError(503, 'shutting_down', 'x'))).toBe(false);
  });

  it('refused for what a retry will not change', () => {
    for (const e of [
      new ApiError(404, 'package_not_found', 'x'),
      new ApiError(403, 'not_volunteer_here', 'x'),
      new ApiError(409, 'code_from_another_buy', 'x'),
      new ApiError(409, 'buy_not_arrived', 'x'),
      new ApiError(422, 'bad_code', 'x'),
    ])
      expect(outcome(e)).toBe('refused');
  });
});

describe('sendHeld', () => {
  it('sends the member’s marks oldest first and stops at the first that has to wait', async () => {
    const tried: string[] = [];
    const answers: Record<string, unknown> = {
      AAA111: null,
      BBB222: new ApiError(404, 'package_not_found', 'x'),
      CCC333: new ApiError(409, 'already_delivered', 'x'),
      DDD444: new ApiError(0, NETWORK_ERROR, 'x'),
    };
    const marks = [
      mark('AAA111'),
      mark('ZZZ999', { memberId: 'someone-else' }),
      mark('BBB222'),
      mark('CCC333'),
      mark('DDD444'),
      mark('EEE555'),
    ];
    const result = await sendHeld(marks, 'm1', async (m) => {
      tried.push(m.code);
      const answer = answers[m.code];
      if (answer) throw answer;
    });
    expect(tried).toEqual(['AAA111', 'BBB222', 'CCC333', 'DDD444']);
    expect(result.sent.map((m) => m.code)).toEqual(['AAA111', 'CCC333']);
    expect(result.refused.map((r) => [r.mark.code, r.error.code])).toEqual([['BBB222', 'package_not_found']]);
    const left = settle(marks, [...result.sent, ...result.refused.map((r) => r.mark)]);
    expect(left.map((m) => m.code)).toEqual(['ZZZ999', 'DDD444', 'EEE555']);
  });
});
