import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { FormError, RetryingNote, useSlowSend } from '../../components/states.tsx';
import { isTransient, withRetry } from '../../retry.ts';
import { attemptKey, buysApi } from './api.ts';
import type { Buy, BuyItem, Order } from './types.ts';
import { itemDetail, useMoney } from './ui.tsx';
import { inItemOrder } from './item-order.ts';
import { waitingCanBeFilled } from './waiting.ts';

/** The most a stepper goes to without a per-household limit (the server's MAX_QTY). */
const MAX_QTY = 9999;

/** Retrying after a lost answer must reuse the key: the server may have stored the first attempt. */

export function Stepper({
  item,
  value,
  onChange,
}: {
  item: BuyItem;
  value: number;
  onChange: (qty: number) => void;
}) {
  const { t } = useTranslation();
  const max = item.perHouseholdMax ?? MAX_QTY;
  const set = (n: number) => onChange(Math.max(0, Math.min(max, n)));
  return (
    <div className="qty-stepper">
      <button
        type="button"
        className="step-btn"
        onClick={() => set(value - 1)}
        disabled={value <= 0}
        aria-label={t('buys.order.less', { name: item.name })}
      >
        −
      </button>
      <input
        type="text"
        inputMode="numeric"
        pattern="[0-9]*"
        className="qty-input"
        value={String(value)}
        aria-label={t('buys.order.qtyOf', { name: item.name })}
        onChange={(e) => {
          const digits = e.target.value.replace(/\D/g, '');
          set(digits ? Number(digits.slice(0, 4)) : 0);
        }}
        onFocus={(e) => e.target.select()}
      />
      <button
        type="button"
        className="step-btn"
        onClick={() => set(value + 1)}
        disabled={value >= max}
        aria-label={t('buys.order.more', { name: item.name })}
      >
        +
      </button>
    </div>
  );
}

/** One item: name, spec, price, what is left and the limit (`stock`); with a stepper when ordering. */
export function ItemRow({
  item,
  qty,
  onQty,
  held = 0,
  stock = true,
}: {
  item: BuyItem;
  qty?: number;
  onQty?: (qty: number) => void;
  /** What the order being edited already holds of this item (it keeps that when changing). */
  held?: number;
  /** What is left and the limit: only while they can still matter (not once the buy has closed). */
  stock?: boolean;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const detail = itemDetail(item);
  const stockText =
    item.remaining === null
      ? null
      : item.remaining === 0
        ? t('buys.item.soldOut')
        : t('buys.item.remaining', { count: item.remaining });
  const available = item.remaining === null ? null : item.remaining + held;
  const willWait = qty !== undefined && available !== null && qty > available;
  return (
    <li className="item-row" data-testid="item-row">
      <div className="item-main">
        <p className="item-name">{item.name}</p>
        {detail ? <p className="item-detail muted">{detail}</p> : null}
        <p className="item-price">
          {money(item.priceFen)}
          {item.unit ? <span className="muted"> / {item.unit}</span> : null}
        </p>
        {stock ? (
          <p className="item-stock">
            {stockText ? (
              <span className={item.remaining === 0 ? 'stock stock-out' : 'stock'}>{stockText}</span>
            ) : null}
            {item.perHouseholdMax !== null ? (
              <span className="muted">{t('buys.item.max', { count: item.perHouseholdMax })}</span>
            ) : null}
          </p>
        ) : null}
      </div>
      {onQty && qty !== undefined ? <Stepper item={item} value={qty} onChange={onQty} /> : null}
      {willWait ? (
        <p className="item-wait-note">{t('buys.order.willWait', { count: qty - (available ?? 0) })}</p>
      ) : null}
    </li>
  );
}

interface OrderFormProps {
  buy: Buy;
  /** The household's live order, to edit; null to join. */
  order: Order | null;
  target: 'mine' | { householdId: string };
  /** Runs the PUT, for a page that tracks its writes (default: just runs it). */
  send?: (put: () => Promise<Order>) => Promise<Order>;
  onSaved: (order: Order) => void;
  onCancel?: () => void;
}

/** The join / edit form: a stepper per item, a note, one button. PUT replaces the order. */
export function OrderForm({ buy, order, target, send = (put) => put(), onSaved, onCancel }: OrderFormProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const [qty, setQty] = useState<Record<string, number>>(() =>
    Object.fromEntries(order?.lines.map((l) => [l.itemId, l.qty]) ?? []),
  );
  const [note, setNote] = useState(order?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState(0);
  const slow = useSlowSend(busy);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  // The key of the last attempt and what it sent: a retry of the same body reuses it.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  const lines = buy.items.map((i) => ({ itemId: i.id, qty: qty[i.id] ?? 0 }));
  const goods = buy.items.reduce((n, i) => n + (qty[i.id] ?? 0) * i.priceFen, 0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (lines.every((l) => l.qty === 0)) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    // PUT replaces the order: an item left out is dropped.
    const body = { lines: lines.filter((l) => l.qty > 0), note: note.trim() || null };
    attempt.current = attemptKey(attempt.current, JSON.stringify(body));
    const { key } = attempt.current;
    setBusy(true);
    try {
      // Sent again by itself, with the same key, while the failure may pass (a lost answer, a 503).
      const saved = await send(() =>
        withRetry(() => buysApi.putOrder(buy.id, target, body, key), { onRetry: setRetrying }),
      );
      attempt.current = null;
      onSaved(saved);
    } catch (err) {
      // Pressing again after that still reuses the key: the server may have stored the order.
      if (!isTransient(err)) attempt.current = null;
      setError(err);
    } finally {
      setBusy(false);
      setRetrying(0);
    }
  }

  return (
    <form onSubmit={submit} className="order-form" noValidate>
      <ul className="list-plain item-list">
        {buy.items.map((item) => (
          <ItemRow
            key={item.id}
            item={item}
            qty={qty[item.id] ?? 0}
            onQty={(n) => setQty((prev) => ({ ...prev, [item.id]: n }))}
            held={order?.lines.find((l) => l.itemId === item.id)?.allocatedQty ?? 0}
          />
        ))}
      </ul>
      <TextAreaField
        label={t('buys.order.note')}
        hint={t('buys.order.noteHint')}
        value={note}
        maxLength={200}
        rows={2}
        onChange={(e) => setNote(e.target.value)}
      />
      <p className="order-total">
        {t('buys.order.goods', { amount: money(goods) })}
        {buy.leaderFeeFen > 0 && goods > 0 ? (
          <span className="muted"> {t('buys.order.plusFee', { amount: money(buy.leaderFeeFen) })}</span>
        ) : null}
      </p>
      {empty ? (
        <p className="form-error" role="alert">
          {order ? t('buys.order.emptyEdit') : t('buys.order.empty')}
        </p>
      ) : null}
      <RetryingNote attempt={retrying} slow={slow} />
      <FormError error={error} />
      <div className="button-row">
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
        ) : null}
        <Button type="submit" busy={busy}>
          {order ? t('buys.order.saveChanges') : t('buys.order.join')}
        </Button>
      </div>
    </form>
  );
}

/** What an order holds, line by line: "鸡蛋 ×3 · 已分到 2 份 · 已排队 1 份". */
export function OrderLines({ buy, order }: { buy: Pick<Buy, 'items' | 'status'>; order: Order }) {
  const { t } = useTranslation();
  const names = new Map(buy.items.map((i) => [i.id, i]));
  const fillable = waitingCanBeFilled(buy.status);
  return (
    <ul className="list-plain order-lines">
      {inItemOrder(buy.items, order.lines).map((l) => {
        const item = names.get(l.itemId);
        return (
          <li key={l.itemId} className="order-line">
            <span className="order-line-name">
              {item?.name ?? t('buys.item.unknown')} ×{l.qty}
            </span>
            <span className="order-line-state">
              {l.allocatedQty > 0 ? (
                <span className="alloc">{t('buys.order.allocated', { count: l.allocatedQty })}</span>
              ) : null}
              {l.waitlistedQty > 0 ? (
                <span className="wait">
                  {t(fillable ? 'buys.order.waitlisted' : 'buys.order.notFilled', { count: l.waitlistedQty })}
                </span>
              ) : null}
            </span>
            {fillable && l.waitlistedQty > 0 && l.waitingAhead !== undefined ? (
              <span className="queue-place" data-testid="queue-place">
                {l.waitingAhead > 0
                  ? t('buys.order.ahead', { count: l.waitingAhead })
                  : t('buys.order.aheadNone')}
              </span>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
