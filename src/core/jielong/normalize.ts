/** Text clean-up before parsing a 接龙 line: full-width to ASCII, dashes, Chinese numerals where they count. */

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  幺: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Units people write after a quantity (份 盒 箱 袋 斤 个 只 瓶 and a few more). */
export const UNITS = [
  '公斤',
  '千克',
  '份',
  '盒',
  '箱',
  '袋',
  '斤',
  '个',
  '只',
  '瓶',
  '包',
  '提',
  '桶',
  '件',
  '板',
  '打',
  '罐',
  '颗',
  '条',
  '把',
  '支',
  '根',
  '听',
  '组',
  '套',
  'kg',
] as const;

const UNIT_ALT = UNITS.join('|');
const BUILDING_MARK = '号楼|号|栋|幢|座|楼|单元|室|房';
const CN = '[零〇一幺二两三四五六七八九十百]';

/**
 * "十二" → 12, "二十三" → 23, "一百零二" → 102; without 十/百 the digits are read one by one as people
 * say room numbers: "三零二" → 302, "幺零幺" → 101.
 */
export function chineseToNumber(run: string): number | null {
  if (run.length === 0) return null;
  if (!/[十百]/.test(run)) {
    let s = '';
    for (const ch of run) {
      const d = CN_DIGITS[ch];
      if (d === undefined) return null;
      s += String(d);
    }
    return Number(s);
  }
  let total = 0;
  let current = 0;
  for (const ch of run) {
    if (ch === '十' || ch === '百') {
      total += (current || 1) * (ch === '十' ? 10 : 100);
      current = 0;
      continue;
    }
    const d = CN_DIGITS[ch];
    if (d === undefined) return null;
    current = d;
  }
  return total + current;
}

const CN_BEFORE_MARK = new RegExp(`(${CN}+)(?=\\s*(?:${BUILDING_MARK}|${UNIT_ALT}))`, 'g');
const CN_ROOM_AFTER_MARK =
  /(号楼|栋|幢|座|#|-)(\s*)([零〇一幺二两三四五六七八九]{3,4})(?![零〇一幺二两三四五六七八九十])/g;
const CN_AFTER_QTY_MARK = /([×xX*+])(\s*)([一二两三四五六七八九十]+)/g;

const convert = (run: string): string => {
  const n = chineseToNumber(run);
  return n === null ? run : String(n);
};

/**
 * Full-width digits, letters and punctuation to ASCII; dashes to "-"; the multiplication signs people use to
 * "×"; Chinese numerals to digits where they stand for a building, a room or a quantity (never inside an
 * item's name: "三黄鸡" stays, "两只" becomes "2只").
 */
export function normalizeLine(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0\t]/g, ' ')
    .replace(/[—–‐‑‒−﹣ー]/g, '-')
    .replace(/[✖✕✗╳]/g, '×')
    .replace(/[。]/g, '.')
    .replace(/[，]/g, ',')
    .replace(
      CN_ROOM_AFTER_MARK,
      (_m, mark: string, space: string, run: string) => mark + space + convert(run),
    )
    .replace(CN_BEFORE_MARK, (run: string) => convert(run))
    .replace(
      CN_AFTER_QTY_MARK,
      (_m, mark: string, space: string, run: string) => mark + space + convert(run),
    );
}

/** Emoji and the joiners and variation selectors that go with them. */
export const EMOJI_RE = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3/gu;
