/** Writing a buy back as WeChat text: the 接龙 and the leaders' summary. Pure; labels only, never names. */
import { UNITS } from './normalize.ts';

export interface WriteItem {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
}

export interface WriteBuy {
  title: string;
  deadline: Date;
  items: WriteItem[];
}

export interface WriteOrder {
  seq: number;
  householdLabel: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  lines: { itemId: string; qty: number }[];
}

const KNOWN_UNITS = new Set<string>(UNITS);

/** "25元", "12.5元", "0.05元": prices as leaders write them. */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return `${whole}元`;
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}元`;
}

/** "12月1日 20:00" in China time, as the group reads it. */
export function chinaTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}月${get('day')}日 ${get('hour')}:${get('minute')}`;
}

/** "鸡蛋2盒" when the unit is one the parser knows, otherwise "鸡蛋×2" (so the text reads back the same). */
export function itemQty(item: Pick<WriteItem, 'name' | 'unit'>, qty: number): string {
  return item.unit && KNOWN_UNITS.has(item.unit) ? `${item.name}${qty}${item.unit}` : `${item.name}×${qty}`;
}

const live = (orders: readonly WriteOrder[]) =>
  orders
    .filter((o) => o.status !== 'cancelled' && o.lines.some((l) => l.qty > 0))
    .sort((a, b) => a.seq - b.seq);

function lineText(
  items: ReadonlyMap<string, WriteItem>,
  order: WriteOrder,
  position: ReadonlyMap<string, number>,
) {
  return [...order.lines]
    .filter((l) => l.qty > 0 && items.has(l.itemId))
    .sort((a, b) => (position.get(a.itemId) ?? 0) - (position.get(b.itemId) ?? 0))
    .map((l) => itemQty(items.get(l.itemId)!, l.qty))
    .join(' ');
}

/**
 * The 接龙 to paste into the group: header, title with prices and deadline, an example line, and the
 * orders so far numbered 1, 2, 3 … in list order, by household label.
 */
export function writeJielong(buy: WriteBuy, orders: readonly WriteOrder[]): string {
  const items = new Map(buy.items.map((i) => [i.id, i]));
  const position = new Map(buy.items.map((i, n) => [i.id, n]));
  const prices = buy.items
    .map((i) => `${i.name}${i.spec ? `(${i.spec})` : ''} ${yuan(i.priceFen)}${i.unit ? `/${i.unit}` : ''}`)
    .join(' ');
  const first = buy.items[0];
  const rows = live(orders).map((o, n) => `${n + 1}. ${o.householdLabel} ${lineText(items, o, position)}`);
  return [
    '#接龙',
    `${buy.title} ${prices} 截止${chinaTime(buy.deadline)}`.replace(/\s+/g, ' ').trim(),
    '',
    `例 3-502 ${first ? itemQty(first, 1) : ''}`.trimEnd(),
    '',
    ...rows,
  ]
    .join('\n')
    .trimEnd();
}

/** "4-202" → "4号楼202室" (letters: "A栋1203室"). */
export function spokenLabel(label: string): { building: string; room: string; text: string } {
  const dash = label.indexOf('-');
  const building = dash < 0 ? '' : label.slice(0, dash);
  const room = dash < 0 ? label : label.slice(dash + 1);
  const b = building === '' ? '' : /^\d+$/.test(building) ? `${building}号楼` : `${building}栋`;
  return { building, room, text: `${b}${room}室` };
}

function buildingKey(name: string): [number, string] {
  return [/^\d+$/.test(name) ? Number(name) : 1e9, name];
}

/**
 * The summary leaders post and send to the supplier: per item "鸡蛋 共70盒：4号楼202室2盒、3号楼304室3盒",
 * then per building each household's items. Quantities are what was ordered (waiting ones included).
 */
export function writeSummary(buy: WriteBuy, orders: readonly WriteOrder[]): string {
  const items = new Map(buy.items.map((i) => [i.id, i]));
  const position = new Map(buy.items.map((i, n) => [i.id, n]));
  const list = live(orders);
  const out: string[] = [`${buy.title} 汇总（共${list.length}户）`];
  for (const item of buy.items) {
    const parts = list.flatMap((o) => {
      const qty = o.lines.filter((l) => l.itemId === item.id).reduce((n, l) => n + l.qty, 0);
      return qty > 0 ? [{ o, qty }] : [];
    });
    const total = parts.reduce((n, p) => n + p.qty, 0);
    const unit = item.unit ?? '份';
    const who = parts.map((p) => `${spokenLabel(p.o.householdLabel).text}${p.qty}${unit}`).join('、');
    out.push(`${item.name} 共${total}${unit}${who ? `：${who}` : ''}`);
  }
  const byBuilding = new Map<string, WriteOrder[]>();
  for (const o of list) {
    const b = spokenLabel(o.householdLabel).building;
    byBuilding.set(b, [...(byBuilding.get(b) ?? []), o]);
  }
  const buildings = [...byBuilding.keys()].sort((a, b) => {
    const [x, y] = [buildingKey(a), buildingKey(b)];
    return x[0] - y[0] || x[1].localeCompare(y[1]);
  });
  if (buildings.length > 0) out.push('', '按楼栋：');
  for (const b of buildings) {
    const rows = byBuilding
      .get(b)!
      .sort((x, y) =>
        spokenLabel(x.householdLabel).room.localeCompare(spokenLabel(y.householdLabel).room, 'en', {
          numeric: true,
        }),
      )
      .map((o) => `${spokenLabel(o.householdLabel).room}室 ${lineText(items, o, position)}`);
    const name = spokenLabel(`${b}-0`).text.replace(/0室$/, '');
    out.push(`${name} 共${rows.length}户：${rows.join('；')}`);
  }
  return out.join('\n');
}
