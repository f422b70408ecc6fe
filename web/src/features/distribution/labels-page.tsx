import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { spacedCode } from './code-input.ts';
import './distribution.css';

/**
 * /c/:id/buys/:buyId/labels: A4 labels, two columns × four rows per page. The room is the largest thing on
 * the label (read at arm's length by phone light), then the items, the code and its QR code.
 */
export function LabelsPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const labels = useLoad((signal) => distributionApi.labels(buyId, signal), [buyId]);
  const back = `/c/${community.id}/buys/${buyId}/board`;

  if (labels.status === 'loading') return <Loading />;
  if (labels.status === 'error')
    return (
      <Page back={back} title={t('dist.labels.title')}>
        <ErrorState error={labels.error} onRetry={labels.reload} />
      </Page>
    );
  const { buy, items, buildings } = labels.data;
  const all = buildings.flatMap((b) =>
    b.households.filter((h) => h.code).map((h) => ({ ...h, building: b.name })),
  );
  return (
    <Page back={back} title={t('dist.labels.title')}>
      <div className="no-print labels-head">
        <p className="lead">{buy.title}</p>
        <p className="muted">{t('dist.labels.hint', { count: all.length })}</p>
        <Button onClick={() => window.print()}>{t('dist.labels.print')}</Button>
      </div>
      {all.length === 0 ? <EmptyState icon="inbox" title={t('dist.labels.empty')} /> : null}
      <div className="label-sheet">
        {all.map((h) => (
          <article key={h.orderId} className="label">
            <div className="label-top">
              <span className="label-room">{h.label}</span>
              {h.isProxy ? <span className="label-proxy">{t('dist.proxy')}</span> : null}
            </div>
            <ul className="label-items">
              {items.map((i, n) =>
                h.quantities[n] ? (
                  <li key={i.itemId}>
                    {i.name} × {h.quantities[n]}
                  </li>
                ) : null,
              )}
            </ul>
            <div className="label-bottom">
              <div>
                <div className="label-code">{spacedCode(h.code!)}</div>
                <div className="label-buy">
                  {buy.community.name} · {buy.title}
                </div>
              </div>
              {h.qr ? (
                <img className="label-qr" src={h.qr} alt={t('dist.labels.qr', { code: h.code })} />
              ) : null}
            </div>
          </article>
        ))}
      </div>
    </Page>
  );
}

export default LabelsPage;
