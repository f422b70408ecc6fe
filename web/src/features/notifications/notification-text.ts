/** type + data → the i18n key and values of a notification's sentence. Pure: the screen translates. */
import { NOTIFICATION_TYPES, type Notification, type NotificationType } from './types.ts';

/** Who did it, in the reader's words ("1-302 楼长"), from a street notice's `byLabel` and `byRole`. */
export type WhoText = (label: string | null, role: string | null) => string;
const labelOnly: WhoText = (label, role) => label ?? role ?? '';

export interface NotificationText {
  key: string;
  values: Record<string, string | number>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function isKnown(type: string): type is NotificationType {
  return (NOTIFICATION_TYPES as readonly string[]).includes(type);
}

/** "鸡蛋×1、牛奶×2" from the lines a notification carries ({itemName, waitlistedQty | qty}). */
export function itemsText(items: unknown, qtyField: 'waitlistedQty' | 'qty', sep: string): string {
  if (!Array.isArray(items)) return '';
  return items
    .map((raw) => {
      const i = (raw ?? {}) as Record<string, unknown>;
      const name = str(i.itemName);
      const qty = num(i[qtyField]);
      return name ? (qty ? `${name}×${qty}` : name) : '';
    })
    .filter(Boolean)
    .join(sep);
}

/**
 * Sentences that speak to the household ("your package", "团长已退您"): a proxy household's (`onBehalfOf`) is read
 * by a volunteer who looks after it, so these have its own words for them, naming the household
 * (`notifications.textFor.*`: "团长已退 2-101 ¥25.00，交到老人手里后请确认").
 */
const SAID_FOR = new Set([
  'buy_arrived',
  'buy_closed_waitlisted',
  'package_delivered',
  'package_undelivered',
  'order_adjusted',
  'order_adjusted_refund',
  'report_resolved_redelivered',
  'report_resolved_refunded',
  'report_resolved_rejected',
  'payment_confirmed',
  'payment_disputed',
  'refund_due',
  'refund_sent',
]);

/**
 * The sentence for a notification. `sep` joins item lists ("、" in Chinese, ", " in English);
 * `formatFen` renders prices; `who` names the neighbour of a street notice. Unknown types get a generic
 * sentence with the buy's (or the post's) title. A proxy household's, read by one who looks after it, names it.
 */
export function notificationText(
  n: Pick<Notification, 'type' | 'data' | 'onBehalfOf'>,
  sep: string,
  formatFen: (fen: number) => string,
  who: WhoText = labelOnly,
): NotificationText {
  const text = householdText(n, sep, formatFen, who);
  const sentence = text.key.replace(/^notifications\.text\./, '');
  if (!n.onBehalfOf || !SAID_FOR.has(sentence)) return text;
  return { key: `notifications.textFor.${sentence}`, values: { ...text.values, label: n.onBehalfOf } };
}

function householdText(
  n: Pick<Notification, 'type' | 'data'>,
  sep: string,
  formatFen: (fen: number) => string,
  who: WhoText,
): NotificationText {
  const d = n.data;
  const title = str(d.buyTitle) || str(d.postTitle);
  if (!isKnown(n.type)) return { key: 'notifications.text.unknown', values: { title } };
  switch (n.type) {
    case 'buy_opened':
      return { key: 'notifications.text.buy_opened', values: { title } };
    case 'order_waitlisted':
      return {
        key: 'notifications.text.order_waitlisted',
        values: { title, label: str(d.householdLabel), items: itemsText(d.items, 'waitlistedQty', sep) },
      };
    case 'order_promoted':
      return {
        key: 'notifications.text.order_promoted',
        values: { title, label: str(d.householdLabel), item: str(d.itemName), count: num(d.qty) },
      };
    case 'order_cancelled_for_you':
      return {
        key: 'notifications.text.order_cancelled_for_you',
        values: { title, label: str(d.householdLabel) },
      };
    case 'buy_closed':
      return {
        key:
          d.orderStatus === 'waitlisted'
            ? 'notifications.text.buy_closed_waitlisted'
            : 'notifications.text.buy_closed',
        values: { title },
      };
    case 'buy_failed':
      return { key: 'notifications.text.buy_failed', values: { title } };
    // A 联合团购's says how many compounds reached it together.
    case 'buy_threshold_met':
      return num(d.compounds) > 1
        ? { key: 'notifications.text.buy_threshold_met_pool', values: { title, count: num(d.compounds) } }
        : { key: 'notifications.text.buy_threshold_met', values: { title } };
    case 'leader_buy_closed':
      return {
        key: 'notifications.text.leader_buy_closed',
        values: { title, count: num(d.orders), amount: formatFen(num(d.amountFen)) },
      };
    case 'leader_buy_failed':
      return { key: 'notifications.text.leader_buy_failed', values: { title } };
    case 'pool_joined':
      return {
        key: 'notifications.text.pool_joined',
        values: { title, compound: str(d.compoundName), gate: str(d.gate) },
      };
    case 'buy_cancelled':
      return { key: 'notifications.text.buy_cancelled', values: { title, reason: str(d.reason) } };
    case 'buy_arrived':
      return { key: 'notifications.text.buy_arrived', values: { title } };
    case 'buy_items_changed': {
      const items = Array.isArray(d.items)
        ? d.items
            .map((raw) => {
              const i = (raw ?? {}) as Record<string, unknown>;
              const name = str(i.itemName);
              return name ? `${name} ${formatFen(num(i.priceFen))}` : '';
            })
            .filter(Boolean)
            .join(sep)
        : '';
      return { key: 'notifications.text.buy_items_changed', values: { title, items } };
    }
    case 'payment_confirmed':
    case 'payment_disputed':
    case 'refund_due':
    case 'refund_sent':
      return {
        key: `notifications.text.${n.type}`,
        values: { title, amount: formatFen(num(d.amountFen)), reason: str(d.reason) },
      };
    case 'delivery_update': {
      const kind = d.kind === 'at_gate' || d.kind === 'note' ? d.kind : 'arriving';
      const message = str(d.message);
      return {
        key: `notifications.text.delivery_update_${kind}`,
        values: { title, message: message ? `${sep === '、' ? '：' : ': '}${message}` : '' },
      };
    }
    case 'package_delivered':
    case 'package_undelivered':
      return { key: `notifications.text.${n.type}`, values: { title } };
    case 'order_adjusted':
      return {
        key:
          d.kind === 'report_refund'
            ? 'notifications.text.order_adjusted_refund'
            : 'notifications.text.order_adjusted',
        values: { title, amount: formatFen(num(d.refundFen)) },
      };
    case 'report_resolved': {
      const r = d.resolution === 'refunded' || d.resolution === 'rejected' ? d.resolution : 'redelivered';
      return { key: `notifications.text.report_resolved_${r}`, values: { title } };
    }
    case 'claim_verified':
      return { key: 'notifications.text.claim_verified', values: { label: str(d.householdLabel) } };
    case 'help_offered':
    case 'help_released':
    case 'help_resolved':
    case 'post_replied':
      return {
        key: `notifications.text.${n.type}`,
        values: { title, who: who(str(d.byLabel) || null, str(d.byRole) || null) },
      };
    default: {
      const never: never = n.type;
      return { key: 'notifications.text.unknown', values: { title: String(never) } };
    }
  }
}

const PROXY_MONEY = new Set([
  'payment_confirmed',
  'payment_disputed',
  'refund_due',
  'refund_sent',
  'order_adjusted',
]);

/**
 * The page of a buy where one who looks after a proxy household acts on a notice of this type, if any: its
 * building's volunteer (with its id) its pay or package page; the admin who registered it (no id) its money in
 * 收款对账, where an admin records its cash and says its refund arrived.
 */
function proxyHref(type: string, householdId: string | null | undefined): string | null {
  if (!householdId) return PROXY_MONEY.has(type) ? 'money' : null;
  const household = `household=${encodeURIComponent(householdId)}`;
  if (type === 'payment_confirmed' || type === 'payment_disputed') return `pay?${household}`;
  if (PROXY_MONEY.has(type)) return `pay?${household}#refunds`;
  if (type === 'report_resolved') return `package?${household}`;
  return null;
}

/**
 * Where a notice leads: its buy (the leader's own: its 团长管理), or the street post it is about; null when it is
 * about neither (or names an id that is not one).
 */
export function notificationHref(
  n: Pick<Notification, 'type' | 'buyId' | 'data' | 'onBehalfOf' | 'onBehalfOfHouseholdId'>,
  communityId: string,
): string | null {
  const base = `/c/${communityId}`;
  // A proxy household's money (代付, 代收退款) and its reported problem (代签收): the volunteer's pages for it.
  const proxy = n.buyId && n.onBehalfOf ? proxyHref(n.type, n.onBehalfOfHouseholdId) : null;
  if (proxy) return `${base}/buys/${encodeURIComponent(n.buyId!)}/${proxy}`;
  // A proxy household's goods (代管): the volunteer takes them to its door, from 送货到户.
  if (
    n.buyId &&
    n.onBehalfOf &&
    (n.type === 'buy_arrived' || n.type === 'package_delivered' || n.type === 'package_undelivered')
  )
    return `${base}/buys/${encodeURIComponent(n.buyId)}/deliveries`;
  // The leader's own notice of their buy's close: where the supplier's sheet and the rest of the work are.
  if (n.buyId && (n.type === 'leader_buy_closed' || n.type === 'leader_buy_failed'))
    return `${base}/buys/${encodeURIComponent(n.buyId)}/manage`;
  // The goods' arrival, to the households that got some: their package, its code and how to get it.
  // So does news of the package itself (delivered, or that mark taken back).
  if (
    n.buyId &&
    (n.type === 'buy_arrived' || n.type === 'package_delivered' || n.type === 'package_undelivered')
  )
    return `${base}/buys/${encodeURIComponent(n.buyId)}/package`;
  if (n.buyId) return `${base}/buys/${encodeURIComponent(n.buyId)}`;
  // A household verified: the buys it may join now.
  if (n.type === 'claim_verified') return `${base}/buys`;
  const postId = n.data.postId;
  if (typeof postId === 'string' && postId !== '') return `${base}/street/${encodeURIComponent(postId)}`;
  return null;
}
