import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import { Card } from '../../components/card.tsx';
import { useLoad } from '../../hooks.ts';
import { useMoney } from '../buys/ui.tsx';
import { supplierStanding } from './supplier-text.ts';
import { checkForm, recordClauses } from './trust-text.ts';
import type { BuysRecord, BuyTrust, PriceCheck } from './types.ts';
import './trust.css';

/** "完成 1 次，进行中 1 次": a record's clauses, joined in the language's way. */
function useRecordText() {
  const { t } = useTranslation();
  return (r: BuysRecord) =>
    recordClauses(r)
      .map((c) => t(`trust.clause.${c.key}`, { count: c.count }))
      .join(t('trust.comma'));
}

/** An item's earlier prices: last time's, or the median and (when they differed) the range. */
function useEarlierText() {
  const { t } = useTranslation();
  const money = useMoney();
  return (c: PriceCheck) => {
    const form = checkForm(c);
    return t(`trust.earlier.${form}`, {
      last: money(c.lastFen),
      median: money(c.medianFen),
      min: money(c.minFen),
      max: money(c.maxFen),
      count: c.samples,
    });
  };
}

/**
 * 放心买 on a buy's page: a price well above what the compound paid before, the leader's and the supplier's
 * record here with where the supplier stands in the compound's register (供应商名录, linked), and each item's
 * earlier prices under 价格参考. Read once when the page opens (not on its live
 * updates); nothing shows while it loads or if it fails: the buy's page does not wait for it.
 */
export function TrustCard({ buyId, communityId }: { buyId: string; communityId: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const recordText = useRecordText();
  const earlierText = useEarlierText();
  const state = useLoad((signal) => api.get<BuyTrust>(`/api/buys/${seg(buyId)}/trust`, { signal }), [buyId]);
  if (state.status !== 'ready') return null;
  const { leader, supplier, items } = state.data;
  const priced = (i: BuyTrust['items'][number]) =>
    i.unit ? t('trust.perUnit', { price: money(i.priceFen), unit: i.unit }) : money(i.priceFen);
  const r = leader.record;
  const standing = supplier ? supplierStanding(supplier.registered) : 'absent';
  return (
    <Card title={t('trust.title')} className="trust-card">
      {items
        .filter((i) => i.check?.flag === 'high')
        .map((i) => (
          <p key={i.itemId} className="trust-high" data-testid="trust-high">
            {t(i.check!.samples === 1 ? 'trust.highOnce' : 'trust.high', {
              name: i.name,
              price: priced(i),
              median: money(i.check!.medianFen),
              more: i.check!.pct - 100,
              count: i.check!.samples,
            })}
          </p>
        ))}
      <p className="trust-line" data-testid="trust-leader">
        <span className="trust-what">
          {t('trust.leader', { who: leader.label ?? t(`trust.role.${leader.role ?? 'leader'}`) })}
        </span>
        {r.buys <= 1
          ? t('trust.leaderFirst')
          : t('trust.leaderRecord', { count: r.buys, record: recordText(r) })}
        {r.reports > 0
          ? `${t('trust.comma')}${t('trust.reports', { count: r.reports, resolved: r.reportsResolved })}`
          : null}
      </p>
      {supplier ? (
        <p className="trust-line" data-testid="trust-supplier">
          <span className="trust-what">{t('trust.supplier', { name: supplier.name })}</span>
          {supplier.record.buys === 0
            ? t('trust.supplierFirst')
            : t('trust.supplierRecord', { count: supplier.record.buys, record: recordText(supplier.record) })}
          {t('trust.comma')}
          <span className={`trust-standing trust-standing-${standing}`} data-testid="trust-standing">
            {t(`trust.standing.${standing}`)}
          </span>
          <Link to={`/c/${communityId}/suppliers`} className="trust-register-link">
            {t('trust.suppliers.title')}
            <span aria-hidden="true">›</span>
          </Link>
        </p>
      ) : null}
      {items.some((i) => i.check) ? (
        <details className="trust-prices">
          <summary>{t('trust.prices')}</summary>
          <ul>
            {items.map((i) => (
              <li key={i.itemId}>
                <span className="trust-what">
                  {i.name} {priced(i)}
                </span>
                {i.check ? earlierText(i.check) : t('trust.firstTime')}
              </li>
            ))}
          </ul>
        </details>
      ) : (
        <p className="muted secondary">{t('trust.noHistory')}</p>
      )}
    </Card>
  );
}
