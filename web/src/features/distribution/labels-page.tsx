import { useState } from 'react';
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
  const board = useLoad((signal) => distributionApi.board(buyId, signal), [buyId]);
  const [chosen, setChosen] = useState<string | null>(null);
  const buildingList = board.status === 'ready' ? board.data.buildings : [];
  const building = chosen ?? buildingList[0]?.buildingId ?? null;
  const labels = useLoad(
    (signal) =>
      board.status === 'ready'
        ? distributionApi.labels(buyId, building, signal)
        : new Promise<never>(() => {}),
    [buyId, building, board.status],
  );
  const back = `/c/${community.id}/buys/${buyId}/board`;

  if (board.status === 'loading' || labels.status === 'loading') return <Loading />;
  if (board.status === 'error' || labels.status === 'error')
    return (
      <Page back={back} title={t('dist.labels.title')}>
        <ErrorState error={board.error ?? labels.error} onRetry={() => (board.reload(), labels.reload())} />
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
        {buildingList.length > 1 ? (
          <div className="chip-grid" role="group" aria-label={t('dist.labels.building')}>
            {buildingList.map((b) => (
              <button
                key={b.buildingId}
                type="button"
                className={b.buildingId === building ? 'chip chip-on' : 'chip'}
                aria-pressed={b.buildingId === building}
                onClick={() => setChosen(b.buildingId)}
              >
                {t('dist.buildingName', { name: b.name })}
              </button>
            ))}
          </div>
        ) : null}
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
