import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { useMoney } from '../buys/ui.tsx';
import { useBuyEvents } from '../buys/live.ts';
import { moneyApi, moneyUrls } from './api.ts';
import type { LedgerTotals, PublicLedger } from './types.ts';
import { AmountRow, formatTime } from './ui.tsx';
import './money.css';

/** /c/:id/buys/:buyId/ledger: the public ledger every participant sees (household labels only). */
export function LedgerPage() {
  const { t, i18n } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const money = useMoney();
  const ledger = useLoad((signal) => moneyApi.ledger(buyId, signal), [buyId]);
  // Live: a payment confirmed anywhere shows up here (money.updated on the buy's stream).
  useBuyEvents(buyId, async () => ledger.reload());
  const back = `/c/${community.id}/buys/${buyId}`;
  if (ledger.status === 'loading') return <Loading />;
  if (ledger.status === 'error')
    return (
      <Page back={back} title={t('money.ledger.title')}>
        <ErrorState error={ledger.error} onRetry={ledger.reload} />
      </Page>
    );
  const l = ledger.data;
  return (
    <Page back={back} title={t('money.ledger.title')}>
      <Totals l={l} />
      <Card title={t('money.ledger.prices')}>
        <p className="muted">{t('money.ledger.pricesHint')}</p>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('money.ledger.item')}</th>
                <th className="num">{t('money.ledger.charged')}</th>
                <th className="num">{t('money.ledger.supplierPrice')}</th>
              </tr>
            </thead>
            <tbody>
              {l.items.map((i) => (
                <tr key={i.itemId}>
                  <td>
                    {i.name}
                    {i.spec ? <span className="muted"> {i.spec}</span> : null}
                  </td>
                  <td className="num">{money(i.priceFen)}</td>
                  <td className="num">
                    {i.supplierUnitPriceFen === null ? '—' : money(i.supplierUnitPriceFen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={t('money.ledger.lines')}>
        {l.lines.length === 0 ? <p className="muted">{t('money.ledger.noLines')}</p> : null}
        <ul className="money-items" data-testid="ledger-lines">
          {l.lines.map((x, n) => (
            <li key={n} className="row-between">
              <span>
                {x.householdLabel ? <span className="household-label">{x.householdLabel}</span> : null}{' '}
                {t(`money.ledger.kind.${x.kind}`)}
                <span className="muted"> · {formatTime(x.at, i18n.language)}</span>
              </span>
              <strong>{money(x.amountFen)}</strong>
            </li>
          ))}
        </ul>
      </Card>
      <p className="money-downloads">
        {t('money.ledger.download')} <a href={moneyUrls.export(buyId, 'ledger', 'xlsx')}>Excel</a> ·{' '}
        <a href={moneyUrls.export(buyId, 'ledger', 'csv')}>CSV</a>
      </p>
    </Page>
  );
}

export function TotalsList({ totals }: { totals: LedgerTotals }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <dl className="money-list">
      <AmountRow label={t('money.ledger.chargedGoods')} value={money(totals.chargedGoodsFen)} />
      <AmountRow label={t('money.ledger.leaderFees')} value={money(totals.leaderFeesFen)} />
      <AmountRow
        label={t('money.ledger.collected')}
        value={money(totals.collectedFen)}
        testId="ledger-collected"
      />
      <AmountRow label={t('money.ledger.outstanding')} value={money(totals.outstandingFen)} />
      <AmountRow label={t('money.ledger.refunded')} value={money(totals.refundedFen)} />
      <AmountRow label={t('money.ledger.refundsDue')} value={money(totals.refundsDueFen)} />
      <AmountRow label={t('money.ledger.supplierInvoiced')} value={money(totals.supplierInvoicedFen)} />
      <AmountRow label={t('money.ledger.paidToSupplier')} value={money(totals.paidToSupplierFen)} />
      <AmountRow label={t('money.ledger.left')} value={money(totals.leftFen)} strong testId="ledger-left" />
    </dl>
  );
}

function Totals({ l }: { l: PublicLedger }) {
  const { t } = useTranslation();
  return (
    <Card title={l.buy.title}>
      {!l.final ? <p className="muted">{t('money.ledger.notFinal')}</p> : null}
      <TotalsList totals={l.totals} />
      <p className={l.totals.settled ? 'money-due money-due-done' : 'muted'}>
        {l.totals.settled ? t('money.ledger.settled') : t('money.ledger.notSettled')}
      </p>
    </Card>
  );
}

export default LedgerPage;
