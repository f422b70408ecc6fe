import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Buy } from './types.ts';
import { BuyStatusChip, ProgressBar, ThresholdProgress, TimeLeftText, useMoney } from './ui.tsx';
import { poolProgress } from '../pools/pool-text.ts';

/**
 * One buy in a list: title, status, the cheapest item, progress to 成团 and the time left. A buy in a 联合团购 says
 * so, and its bar is the pool's, counted over every compound (it has no minimum of its own).
 */
export function BuyCard({ buy, now }: { buy: Buy; now: number }) {
  const { t } = useTranslation();
  const money = useMoney();
  const cheapest = buy.items.reduce<Buy['items'][number] | null>(
    (best, i) => (best === null || i.priceFen < best.priceFen ? i : best),
    null,
  );
  const live = buy.status === 'open';
  return (
    <Link to={`/c/${buy.communityId}/buys/${buy.id}`} className="card buy-card" data-testid="buy-card">
      <div className="row-between buy-card-head">
        <h3 className="buy-card-title">{buy.title}</h3>
        <BuyStatusChip status={buy.status} />
      </div>
      {cheapest ? (
        <p className="buy-card-items">
          {buy.items.length > 1
            ? t('buys.card.itemsFrom', {
                name: cheapest.name,
                price: money(cheapest.priceFen),
                count: buy.items.length,
              })
            : t('buys.card.oneItem', { name: cheapest.name, price: money(cheapest.priceFen) })}
        </p>
      ) : null}
      {buy.pool ? (
        <p className="buy-card-pool" data-testid="buy-card-pool">
          {buy.pool.compounds > 1
            ? t('pools.list.tag', { count: buy.pool.compounds })
            : t('pools.list.tagAlone')}
        </p>
      ) : null}
      {live || buy.status === 'draft' ? <Progress buy={buy} /> : null}
      <p className="buy-card-meta">
        {live ? <TimeLeftText deadline={buy.deadline} now={now} /> : null}
        <span className="secondary">{t('buys.card.households', { count: buy.totals.orders })}</span>
      </p>
    </Link>
  );
}

function Progress({ buy }: { buy: Buy }) {
  if (!buy.pool) return <ThresholdProgress buy={buy} />;
  const p = poolProgress(buy.pool);
  return p ? <ProgressBar p={p} /> : null;
}
