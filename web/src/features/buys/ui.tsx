/** Small pieces the buy screens share: status chip, progress bar, time left, money, confirm dialog. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { formatFen } from './money.ts';
import { progressText, thresholdProgress, timeLeft, type Progress } from './progress.ts';
import type { Buy, BuyStatus } from './types.ts';
import './buys.css';

/** fen → "¥25.00" in the current language. */
export function useMoney(): (fen: number) => string {
  const { i18n } = useTranslation();
  return (fen: number) => formatFen(fen, i18n.language);
}

/** The current time, refreshed every `everyMs` so "还剩 3 小时" keeps counting down. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function BuyStatusChip({ status }: { status: BuyStatus }) {
  const { t } = useTranslation();
  return <span className={`badge buy-status buy-status-${status}`}>{t(`buys.status.${status}`)}</span>;
}

export function TimeLeftText({ deadline, now }: { deadline: string; now: number }) {
  const { t } = useTranslation();
  const left = timeLeft(deadline, now);
  return (
    <span className="time-left">
      {left.unit === 'ended'
        ? t('buys.timeLeft.ended')
        : t(`buys.timeLeft.${left.unit}`, { count: left.count })}
    </span>
  );
}

/** The bar and "还差 12 份成团" / "已成团"; nothing when the buy has no minimum. */
export function ThresholdProgress({
  buy,
}: {
  buy: Pick<Buy, 'minTotalQty' | 'minAmountFen' | 'items' | 'status'>;
}) {
  const p = thresholdProgress(buy);
  return p ? <ProgressBar p={p} /> : null;
}

/** A progress bar and its line ("还差 12 份成团" / "已成团"): a buy's own, or a 联合团购's across compounds. */
export function ProgressBar({ p }: { p: Progress }) {
  const { t } = useTranslation();
  const money = useMoney();
  const text = progressText(p, money);
  const label = t(text.key, text.values);
  return (
    <div className="progress-block">
      <div
        className={p.met ? 'progress progress-met' : 'progress'}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(p.ratio * 100)}
        aria-label={label}
      >
        <span style={{ width: `${Math.round(p.ratio * 100)}%` }} />
      </div>
      <p className={p.met ? 'progress-text progress-text-met' : 'progress-text'}>{label}</p>
    </div>
  );
}

interface ConfirmDialogProps {
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  /** The way out; for a cancel-something dialog say "不取消了", never a second "取消". */
  dismissLabel?: string;
  danger?: boolean;
  busy?: boolean;
  /** Disable the confirm button (a required reason not typed yet). */
  confirmDisabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** A plain modal: big buttons, the risky choice spelled out, Esc and the backdrop cancel. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const { onCancel } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onCancel();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onCancel]);
  return (
    <div className="dialog-backdrop" onClick={onCancel}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 id={titleId}>{props.title}</h2>
        {props.children}
        <div className="button-row button-row-2">
          <Button variant="secondary" onClick={onCancel} disabled={props.busy}>
            {props.dismissLabel ?? t('common.cancel')}
          </Button>
          <Button
            variant={props.danger ? 'danger' : 'primary'}
            onClick={props.onConfirm}
            busy={props.busy}
            disabled={props.confirmDisabled}
            autoFocus
          >
            {props.confirmLabel}
          </Button>
        </div>
      </div>
    </div>
  );
}

/** "30枚/盒 · 盒": an item's spec and unit when it has them. */
export function itemDetail(item: { spec: string | null; unit: string | null }): string {
  return [item.spec, item.unit].filter(Boolean).join(' · ');
}
