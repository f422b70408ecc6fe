/** One line of a 接龙: numbering, building and room, quantities, item words, a note, cancel or add. Pure. */
import { EMOJI_RE, normalizeLine, UNITS } from './normalize.ts';

/** A quantity with the word the line gave for it (null: "+1", "2份" with no name). */
export interface RawItem {
  word: string | null;
  qty: number;
}

export interface LineParse {
  /** The number the list gave the line ("12." → 12), if any. */
  number: number | null;
  building: string | null;
  room: string | null;
  /** More than one room on the line: we cannot tell whose order it is. */
  severalRooms: boolean;
  items: RawItem[];
  /** Words with no quantity ("鸡蛋" in "3-502 鸡蛋"): an item when it names one, otherwise part of the note. */
  loose: string[];
  note: string | null;
  action: 'add' | 'cancel';
  /** The line has digits or quantities (so it was probably meant as an order). */
  looksLikeOrder: boolean;
}

const NUMBERING_RE = /^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})\s*(?:[.、):：]|\.\s|、))\s*/;
const ROOM_RE =
  /(?<![0-9A-Za-z])(?:NO\.?\s*)?([A-Za-z]\d{0,2}|\d{1,3})\s*(?:(?:号楼|号|栋|幢|座|楼)\s*[-#/_]?|[-#/_])\s*(?:\d{1,2}\s*单元\s*)?(\d{3,4})(?!\d)\s*(?:室|房|号)?/i;
const UNIT_ALT = UNITS.join('|');
/** A quantity: optional mark (× x * + -), 1–4 digits, optional unit. */
const TOKEN_RE = new RegExp(
  // Times and dates first ("7:30后送", "8点前", "12月1日"): they stay in the note, never a quantity.
  `(?<when>(?<![0-9])\\d{1,2}\\s*[:：]\\s*\\d{2}|(?<![0-9])\\d{1,2}\\s*(?:点|月\\s*\\d{1,2}\\s*[日号]?))|` +
    `(?<qty>(?:[×xX*+-]\\s*)?(?<![0-9])(?<n>\\d{1,4})(?![0-9])\\s*(?<unit>${UNIT_ALT})?)|(?<han>\\p{Script=Han}+)|(?<latin>[A-Za-z]+)|(?<digits>\\d+)`,
  'gu',
);
const CANCEL_RE = /(取消|不要了|不要啦|退出|退掉|退团|撤销|撤回|删掉|删除|cancel)/i;
const CANCEL_ALL_RE = new RegExp(CANCEL_RE.source, 'gi');
/** Verbs people put in front of an item: "要鸡蛋2", "我要两盒". */
const FILLER_PREFIX_RE = /^(我家要|我要|还要|需要|要|订|买|来|加|再加|共|各)/;
const FILLER_WORDS = new Set(['要', '我要', '需要', '订', '买', '来', '加', '和', '还有', '共', '各', '再']);
/** Words that are a person or a remark, never an item ("王阿姨 2盒", "放门口"). */
const REMARK_RE =
  /(阿姨|叔叔|奶奶|爷爷|老师|先生|女士|小姐|姐姐|哥哥|大爷|大妈|阿婆|老伯|宝宝|家里|门口|隔壁|楼下|楼上|放|帮|代|送|谢|团长|麻烦|请|备注|电话|辛苦|收到)/;

/** True when a word reads as a name or a remark rather than an item. */
export function isRemark(word: string): boolean {
  return REMARK_RE.test(word);
}

function stripFiller(word: string): string {
  const w = word.replace(FILLER_PREFIX_RE, '');
  return w.length > 0 ? w : word;
}

interface Token {
  kind: 'qty' | 'word' | 'other';
  text: string;
  start: number;
  end: number;
  qty?: number;
  hasUnit?: boolean;
}

function tokenize(rest: string): Token[] {
  const tokens: Token[] = [];
  for (const m of rest.matchAll(TOKEN_RE)) {
    const g = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    if (g.qty !== undefined)
      tokens.push({
        kind: 'qty',
        text: m[0],
        start,
        end,
        qty: Number(g.n),
        hasUnit: g.unit !== undefined,
      });
    else if (g.han !== undefined || g.latin !== undefined)
      tokens.push({ kind: 'word', text: m[0], start, end });
    else tokens.push({ kind: 'other', text: m[0], start, end });
  }
  return tokens;
}

/** Pairs words with quantities: "鸡蛋2" and "2盒鸡蛋" both give 鸡蛋 × 2; "+1" gives a nameless 1. */
function pairItems(rest: string, tokens: Token[]): { items: RawItem[]; used: Set<Token>; loose: Token[] } {
  const items: RawItem[] = [];
  const used = new Set<Token>();
  const loose: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (used.has(t) || t.kind === 'other') continue;
    const next = tokens[i + 1];
    if (t.kind === 'word') {
      const word = stripFiller(t.text);
      if (FILLER_WORDS.has(t.text)) {
        used.add(t);
        continue;
      }
      // A name or remark before a quantity ("刘大爷 1盒鸡蛋") leaves the quantity to what follows.
      if (next?.kind === 'qty' && !isRemark(word)) {
        used.add(t).add(next);
        items.push({ word, qty: next.qty! });
        i++;
      } else loose.push(t);
      continue;
    }
    // A quantity before its word ("2盒鸡蛋"), when that word has no quantity of its own.
    const after = tokens[i + 2];
    if (
      next?.kind === 'word' &&
      !FILLER_WORDS.has(next.text) &&
      !isRemark(next.text) &&
      after?.kind !== 'qty' &&
      t.hasUnit &&
      // "2盒鸡蛋", not "2盒（已付）"
      rest.slice(t.end, next.start).trim() === ''
    ) {
      used.add(t).add(next);
      items.push({ word: stripFiller(next.text), qty: t.qty! });
      i++;
      continue;
    }
    used.add(t);
    items.push({ word: null, qty: t.qty! });
  }
  return { items, used, loose };
}

/** What is left of the line once the room and the items are taken out: a name, a remark. */
function noteOf(rest: string, used: Set<Token>): string | null {
  let s = rest;
  for (const t of [...used].sort((a, b) => b.start - a.start)) s = s.slice(0, t.start) + ' ' + s.slice(t.end);
  const note = s
    .replace(EMOJI_RE, ' ')
    .replace(/[,;!?~()[\]{}【】「」<>《》"'`、·…|\\/]+/g, ' ')
    .replace(/(?<!\d):|:(?!\d)/g, ' ')
    .replace(/(^|\s)[-.+*×#_=]+(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return note.length > 0 ? note : null;
}

/** Splits off the list's numbering ("1." "1、" "1)" "(1)"); null when the line has none. */
export function splitNumbering(line: string): { number: number | null; rest: string } {
  const m = NUMBERING_RE.exec(line);
  if (!m) return { number: null, rest: line };
  // "3-502" and "3#502" start with digits too; the regex only takes "3." "3、" "3)" "3:".
  return { number: Number(m[1] ?? m[2] ?? m[3]), rest: line.slice(m[0].length) };
}

/** Parses one line (already known not to be the header, the title or the example). Never throws. */
export function parseLine(raw: string): LineParse {
  return parseNormalizedLine(normalizeLine(raw));
}

/** parseLine for text already through normalizeLine (the list parser normalises each line once). */
export function parseNormalizedLine(text: string): LineParse {
  const { number, rest: afterNumber } = splitNumbering(text);
  const roomMatch = ROOM_RE.exec(afterNumber);
  let rest = afterNumber;
  let building: string | null = null;
  let room: string | null = null;
  if (roomMatch) {
    building = roomMatch[1]!.toUpperCase();
    room = roomMatch[2]!;
    rest =
      afterNumber.slice(0, roomMatch.index) + ' ' + afterNumber.slice(roomMatch.index + roomMatch[0].length);
  }
  const severalRooms = roomMatch !== null && ROOM_RE.test(rest);
  const tokens = tokenize(rest);
  const looksLikeOrder = tokens.some((t) => t.kind === 'qty') || roomMatch !== null;
  if (CANCEL_RE.test(rest)) {
    const note = noteOf(rest.replace(CANCEL_ALL_RE, ' '), new Set());
    return {
      number,
      building,
      room,
      severalRooms,
      items: [],
      loose: [],
      note,
      action: 'cancel',
      looksLikeOrder,
    };
  }
  const { items, used, loose } = pairItems(rest, tokens);
  return {
    number,
    building,
    room,
    severalRooms,
    items,
    loose: loose.map((t) => stripFiller(t.text)),
    note: noteOf(rest, new Set([...used].filter((t) => !loose.includes(t)))),
    action: 'add',
    looksLikeOrder,
  };
}
