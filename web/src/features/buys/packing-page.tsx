import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatDate } from '../../format.ts';
import { Button } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { buysApi } from './api.ts';
import { useMoney } from './ui.tsx';

/** /c/:id/buys/:buyId/packing: one table per building to print and tick off (分装单). */
export function PackingPage() {
  const { t, i18n } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const money = useMoney();
  const packing = useLoad((signal) => buysApi.packing(buyId, signal), [buyId]);
  const back = `/c/${community.id}/buys/${buyId}/manage`;

  if (packing.status === 'loading') return <Loading />;
  if (packing.status === 'error')
    return (
      <Page back={back} title={t('buys.packing.title')}>
        <ErrorState error={packing.error} onRetry={packing.reload} />
      </Page>
    );
  const { buy, items, buildings } = packing.data;
  return (
    <Page back={back} title={t('buys.packing.title')}>
      <div className="packing-head">
        <p className="lead">{buy.title}</p>
        <p className="muted">
          {buy.community.name}
          {buy.deliveryDate
            ? ` · ${t('buys.buy.delivery')} ${formatDate(buy.deliveryDate, i18n.language)}`
            : ''}{' '}
          · {t(`buys.pickup.${buy.pickupMode}`)}
        </p>
        <Button className="no-print" onClick={() => window.print()}>
          {t('buys.packing.print')}
        </Button>
      </div>
      {buildings.length === 0 ? <EmptyState icon="inbox" title={t('buys.packing.empty')} /> : null}
      {buildings.map((b) => (
        <section key={b.buildingId} className="packing-building">
          <h2>
            {t('buys.proxy.buildingName', { name: b.name })}
            <span className="muted"> · {t('buys.card.households', { count: b.households.length })}</span>
          </h2>
          <div className="table-scroll">
            <table className="data-table packing-table">
              <thead>
                <tr>
                  <th>{t('buys.packing.room')}</th>
                  {items.map((i) => (
                    <th key={i.itemId} className="num">
                      {i.name}
                    </th>
                  ))}
                  <th className="num">{t('buys.manage.col.amount')}</th>
                  <th className="tick">{t('buys.packing.done')}</th>
                </tr>
              </thead>
              <tbody>
                {b.households.map((h) => (
                  <tr key={h.orderId}>
                    <td>
                      <span className="household-label">{h.label}</span>
                      {h.isProxy ? (
                        <span className="packing-proxy">
                          {' '}
                          {t('buys.manage.proxyTag')}
                          {h.proxyContact ? ` ${h.proxyContact.name} ${h.proxyContact.phone ?? ''}` : ''}
                        </span>
                      ) : null}
                    </td>
                    {h.quantities.map((q, n) => (
                      <td key={n} className="num">
                        {q || ''}
                      </td>
                    ))}
                    <td className="num">{money(h.amountFen)}</td>
                    <td className="tick">☐</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th>{t('buys.packing.total')}</th>
                  {b.totals.quantities.map((q, n) => (
                    <th key={n} className="num">
                      {q}
                    </th>
                  ))}
                  <th className="num">{money(b.totals.amountFen)}</th>
                  <th />
                </tr>
              </tfoot>
            </table>
          </div>
        </section>
      ))}
    </Page>
  );
}

export default PackingPage;
