/** Pieces the 联合团购 screens share: the progress across compounds, the rule, a gate's line, the minimum. */
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../format.ts';
import { ProgressBar, useMoney } from '../buys/ui.tsx';
import { poolProgress } from './pool-text.ts';
import type { PoolGate, PoolView } from './types.ts';
import './pools.css';

type Reach = Pick<PoolView, 'minTotalQty' | 'minAmountFen' | 'totals' | 'met' | 'deadline'> &
  Partial<Pick<PoolView, 'outcome'>>;

/** The bar toward the pool's minimum, the totals of every compound, and the rule of 成团 with the deadline. */
export function PoolReach({ pool }: { pool: Reach }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const p = poolProgress(pool);
  const deadline = formatDateTime(pool.deadline, i18n.language);
  return (
    <>
      {p ? <ProgressBar p={p} /> : null}
      <p className="pool-totals secondary" data-testid="pool-totals">
        {t('pools.card.totals', {
          qty: t('buys.manage.qty', { count: pool.totals.qty }),
          amount: money(pool.totals.amountFen),
        })}
      </p>
      {pool.outcome ? (
        <p className={`pool-rule pool-outcome-${pool.outcome}`} data-testid="pool-outcome">
          {t(`pools.card.outcome.${pool.outcome}`)}
        </p>
      ) : (
        <p className="pool-rule">{t(p ? 'pools.card.rule' : 'pools.card.ruleNoMin', { deadline })}</p>
      )}
    </>
  );
}

/** "6,000 元" / "200 份、¥3,000.00" / "不设起送". */
export function useMinimumText() {
  const { t } = useTranslation();
  const money = useMoney();
  return (pool: Pick<PoolView, 'minTotalQty' | 'minAmountFen'>) => {
    const qty = pool.minTotalQty ? t('buys.manage.qty', { count: pool.minTotalQty }) : null;
    const amount = pool.minAmountFen ? money(pool.minAmountFen) : null;
    if (qty && amount) return t('pools.join.minBoth', { qty, amount });
    return qty ?? amount ?? t('pools.join.noMin');
  };
}

/** A compound's name and gate, with 发起 / 本小区 after it. */
export function GateName({ gate }: { gate: PoolGate }) {
  const { t } = useTranslation();
  return (
    <span className="pool-gate-name">
      <span>
        {gate.communityName} · <strong>{gate.gate}</strong>
      </span>
      {gate.host ? <span className="badge pool-badge-host">{t('pools.card.host')}</span> : null}
      {gate.mine ? <span className="badge pool-badge-mine">{t('pools.card.mine')}</span> : null}
    </span>
  );
}
