/** A whole 接龙: the header, the title, the example line, numbered entries, chatter. Pure; never throws. */
import { normalizeLine } from './normalize.ts';
import { parseNormalizedLine, type RawItem } from './parse-line.ts';

/** Why a line could not be read (stable strings: scripts and the web's translations key on them). */
export const UNPARSED_REASONS = [
  'no room number',
  'not an order',
  'several rooms',
  'unknown item',
  'ambiguous item',
  'no item named',
] as const;
export type UnparsedReason = (typeof UNPARSED_REASONS)[number];

export interface ParsedEntry {
  /** 1-based line number in the input. */
  line: number;
  /** The list's own number for the line, or its place among the entries when it has none. */
  seq: number;
  building: string;
  room: string;
  items: RawItem[];
  loose: string[];
  note: string | null;
  action: 'add' | 'cancel';
  text: string;
}

export interface UnparsedLine {
  line: number;
  text: string;
  reason: UnparsedReason;
}

export interface ParsedList {
  title: string | null;
  entries: ParsedEntry[];
  unparsed: UnparsedLine[];
}

/** Inputs longer than this are cut (the HTTP layer refuses them earlier with a 413/400). */
export const MAX_LINES = 20_000;
const MAX_LINE_LENGTH = 500;

const HEADER_RE = /^\s*#\s*接龙|^\s*接龙\s*$/;
const EXAMPLE_RE = /^\s*(例如|例子|示例|举例|格式|例|e\.?g\.?)\s*[:：.]?/i;
const RULE_RE = /^[\s\-=_*~.·…—]*$/;

/**
 * Reads a 接龙 as WeChat's 接龙 tool produces it, or a numbered list typed by hand. Lines before the first
 * entry are the header ("#接龙"), the title (the first other line), the example (例 …) and the leader's
 * description (ignored); after that, a line with a room is an entry and any other line is unparsed, chatter
 * ("谢谢团长！") included, with a reason, so the leader sees everything that was not turned into an order.
 */
export function parseJielong(text: string): ParsedList {
  const lines = String(text)
    .split(/\r\n|\r|\n/)
    .slice(0, MAX_LINES);
  const out: ParsedList = { title: null, entries: [], unparsed: [] };
  let sawHeader = false;
  let inPreamble = true;
  const first = firstContentLine(lines);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = (raw.length > MAX_LINE_LENGTH ? raw.slice(0, MAX_LINE_LENGTH) : raw).trim();
    if (trimmed.length === 0 || RULE_RE.test(trimmed)) return;
    const norm = normalizeLine(trimmed);
    const header = inPreamble && !sawHeader ? HEADER_RE.exec(norm) : null;
    if (header) {
      sawHeader = true;
      // "#接龙 鸡蛋团购": the header carries the title.
      const rest = norm.slice(header[0].length).trim();
      if (rest.length > 0) out.title = rest;
      return;
    }
    if (EXAMPLE_RE.test(norm)) return;
    const parsed = parseNormalizedLine(norm);
    const numbered = parsed.number !== null;
    if (inPreamble && parsed.room === null && !numbered) {
      if (out.title === null && (sawHeader || index === first)) out.title = trimmed;
      return;
    }
    inPreamble = false;
    if (parsed.room === null || parsed.building === null) {
      out.unparsed.push({
        line,
        text: trimmed,
        reason: parsed.looksLikeOrder || numbered ? 'no room number' : 'not an order',
      });
      return;
    }
    if (parsed.severalRooms) {
      out.unparsed.push({ line, text: trimmed, reason: 'several rooms' });
      return;
    }
    out.entries.push({
      line,
      seq: parsed.number ?? out.entries.length + 1,
      building: parsed.building,
      room: parsed.room,
      items: parsed.items,
      loose: parsed.loose,
      note: parsed.note,
      action: parsed.action,
      text: trimmed,
    });
  });
  return out;
}

function firstContentLine(lines: string[]): number {
  return lines.findIndex((l) => l.trim().length > 0);
}
