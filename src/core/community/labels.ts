/** Building and room names, household labels ("3-502") and the room pattern generator. Pure. */

/** Limits of the "generate rooms" form (and of one request: the total households it may create). */
export const PATTERN_LIMITS = { building: 99, floors: 60, roomsPerFloor: 20, households: 5000 } as const;

const NAME_RE = /^[0-9A-Za-z]{1,10}$/;

/** Full-width digits and letters (１２３ＡＢ) to ASCII, as phones with a Chinese keyboard type them. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** "3号楼", "3栋", "３幢", " 3 " → "3"; null when what is left is not a short name of digits and letters. */
export function normalizeBuildingName(raw: string): string | null {
  const s = toHalfWidth(raw)
    .trim()
    .replace(/^第/, '')
    .replace(/(号楼|号|楼|栋|幢|座)$/, '')
    .trim()
    .toUpperCase();
  return NAME_RE.test(s) ? s : null;
}

/** "502室", "５０２", "502号" → "502"; null when it is not a short name of digits and letters. */
export function normalizeRoom(raw: string): string | null {
  const s = toHalfWidth(raw)
    .trim()
    .replace(/(室|号|房)$/, '')
    .trim()
    .toUpperCase();
  return NAME_RE.test(s) ? s : null;
}

/** The public identity of a household. */
export function householdLabel(buildingName: string, room: string): string {
  return `${buildingName}-${room}`;
}

/** Numeric building names sort by number; others after them. */
export function buildingSortKey(name: string): number {
  return /^\d+$/.test(name) ? Number(name) : 1000;
}

export interface RoomPattern {
  buildingFrom: number;
  buildingTo: number;
  floors: number;
  roomsPerFloor: number;
}

/** How many households a pattern describes (0 when the range is reversed). */
export function patternSize(p: RoomPattern): number {
  return Math.max(0, p.buildingTo - p.buildingFrom + 1) * p.floors * p.roomsPerFloor;
}

/**
 * Buildings buildingFrom..buildingTo, each with floors × roomsPerFloor rooms labelled
 * `${building}-${floor}${room two digits}`: 1-101 … 12-604.
 */
export function expandPattern(p: RoomPattern): { building: string; rooms: string[] }[] {
  const out: { building: string; rooms: string[] }[] = [];
  for (let b = p.buildingFrom; b <= p.buildingTo; b++) {
    const rooms: string[] = [];
    for (let f = 1; f <= p.floors; f++) {
      for (let r = 1; r <= p.roomsPerFloor; r++) rooms.push(`${f}${String(r).padStart(2, '0')}`);
    }
    out.push({ building: String(b), rooms });
  }
  return out;
}
