/** The JSON `linli jielong parse` prints (api-contract.md "接龙 text"), built from a parsed list. Pure. */
import { resolveEntry } from './match-items.ts';
import { parseJielong, type UnparsedReason } from './parse-jielong.ts';

export interface ContractEntry {
  line: number;
  seq: number;
  building: string;
  room: string;
  items: { name: string | null; qty: number }[];
  note: string | null;
  action: 'add' | 'cancel';
}

export interface ContractParse {
  title: string | null;
  entries: ContractEntry[];
  unparsed: { line: number; text: string; reason: UnparsedReason }[];
}

/**
 * Parses 接龙 text into the contract's shape. With `items`, every name is one of them (fuzzy match; a line
 * naming no item in a one-item list orders that item) and a line whose item cannot be told goes to
 * `unparsed` with the reason; without, a name is the line's own word or null. Never throws.
 */
export function parseToContract(text: string, items?: readonly string[]): ContractParse {
  const list = parseJielong(text);
  const entries: ContractEntry[] = [];
  const unparsed = [...list.unparsed];
  for (const e of list.entries) {
    const base = { line: e.line, seq: e.seq, building: e.building, room: e.room };
    if (items === undefined || items.length === 0) {
      const own = e.action === 'cancel' ? [] : e.items.map((i) => ({ name: i.word, qty: i.qty }));
      if (e.action === 'add' && own.length === 0) own.push({ name: null, qty: 1 });
      entries.push({ ...base, items: own, note: e.note, action: e.action });
      continue;
    }
    const r = resolveEntry(e, items);
    if (!r.ok) {
      unparsed.push({ line: e.line, text: e.text, reason: r.reason });
      continue;
    }
    entries.push({
      ...base,
      items: r.items.map((i) => ({ name: items[i.index]!, qty: i.qty })),
      note: r.note,
      action: e.action,
    });
  }
  unparsed.sort((a, b) => a.line - b.line);
  return { title: list.title, entries, unparsed };
}
