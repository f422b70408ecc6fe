import { describe, expect, it } from 'vitest';
import { parseToContract, type ContractParse } from './contract.ts';
import corpus from './corpus.json' with { type: 'json' };

interface CorpusList {
  name: string;
  items: string[];
  title: string | null;
  /** [line, expected]: "3-502 鸡蛋×2 牛奶×1 #note", "3-502 cancel", "! reason", or null (not an entry). */
  lines: [string, string | null][];
}

/** The compact form the corpus writes expectations in. */
function describeLine(result: ContractParse, line: number): string | null {
  const u = result.unparsed.find((x) => x.line === line);
  if (u) return `! ${u.reason}`;
  const e = result.entries.find((x) => x.line === line);
  if (!e) return null;
  const what = e.action === 'cancel' ? 'cancel' : e.items.map((i) => `${i.name ?? '?'}×${i.qty}`).join(' ');
  return `${e.building}-${e.room} ${what}${e.note === null ? '' : ` #${e.note}`}`;
}

const lists = corpus as CorpusList[];

describe('the 接龙 corpus (src/core/jielong/corpus.json)', () => {
  it('has at least 200 lines with expected results', () => {
    expect(lists.flatMap((l) => l.lines.filter(([, e]) => e !== null)).length).toBeGreaterThanOrEqual(200);
  });

  describe.each(lists.map((l) => [l.name, l] as const))('%s', (_name, list) => {
    const result = parseToContract(list.lines.map(([text]) => text).join('\n'), list.items);

    it('finds the title', () => {
      expect(result.title).toBe(list.title);
    });

    it.each(list.lines.map(([text, expected], i) => [i + 1, text, expected] as const))(
      'line %i: %s',
      (line, _text, expected) => {
        expect(describeLine(result, line)).toBe(expected);
      },
    );
  });
});
