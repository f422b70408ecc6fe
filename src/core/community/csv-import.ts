/**
 * Parses the "building,room" CSV an admin pastes or uploads (often exported from Excel or typed on a phone).
 * Pure and total: it never throws, it reports what it could not read line by line.
 */
import { normalizeBuildingName, normalizeRoom } from './labels.ts';

export interface CsvRow {
  /** 1-based line number in the input. */
  line: number;
  building: string;
  room: string;
}

export interface CsvError {
  line: number;
  message: string;
}

export interface CsvParseResult {
  rows: CsvRow[];
  errors: CsvError[];
}

const BUILDING_HEADERS = new Set(['building', '楼号', '楼栋', '楼', '栋', '楼宇']);
const ROOM_HEADERS = new Set(['room', '房号', '房间', '室', '门牌', '房间号']);

/** Splits on comma (ASCII or full-width), tab or semicolon, and drops surrounding quotes. */
function cells(line: string): string[] {
  return line.split(/[,，\t;；]/).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

function isHeader(parts: string[]): boolean {
  const [a = '', b = ''] = parts.map((p) => p.toLowerCase());
  return BUILDING_HEADERS.has(a) && ROOM_HEADERS.has(b);
}

/** One data line → a row or an error message a person can fix. */
function parseLine(parts: string[]): { building: string; room: string } | string {
  const filled = parts.filter((p) => p !== '');
  if (parts.length < 2 || filled.length < 2) return 'expected two columns: building,room (e.g. 3,502)';
  if (parts.slice(2).some((p) => p !== '')) return 'too many columns: expected building,room';
  const building = normalizeBuildingName(parts[0]!);
  if (!building)
    return `building "${parts[0]!.slice(0, 20)}" is not a short name of digits or letters (e.g. 3 or 3号楼)`;
  const room = normalizeRoom(parts[1]!);
  if (!room) return `room "${parts[1]!.slice(0, 20)}" is not a short number (e.g. 502 or 502室)`;
  return { building, room };
}

/** Reads `building,room` lines; an optional header (building,room / 楼号,房号 / 楼栋,房间) is skipped. */
export function parseHouseholdCsv(text: string): CsvParseResult {
  const rows: CsvRow[] = [];
  const errors: CsvError[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let sawData = false;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const parts = cells(raw);
    if (isHeader(parts)) {
      if (sawData) errors.push({ line, message: 'a header line in the middle of the data: remove it' });
      return;
    }
    sawData = true;
    const parsed = parseLine(parts);
    if (typeof parsed === 'string') errors.push({ line, message: parsed });
    else rows.push({ line, ...parsed });
  });
  return { rows, errors };
}
