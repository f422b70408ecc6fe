import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router-dom';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useLoad, useScrollToHash } from '../../hooks.ts';
import { buysApi } from '../buys/api.ts';
import { useBuyEvents } from '../buys/live.ts';
import { isAdmin } from '../community/roles.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { CoordinationCard } from './coordination-card.tsx';
import { ReportsCard } from './reports-card.tsx';
import { SettingsCard } from './settings-card.tsx';
import type { Board } from './types.ts';
import './distribution.css';

/** /c/:id/buys/:buyId/board: the night's live board: per building sorted / delivered / confirmed / reports. */
export function BoardPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community, me } = useCompound();
  const buy = useLoad((signal) => buysApi.get(buyId, signal), [buyId]);
  const board = useLoad((signal) => distributionApi.board(buyId, signal), [buyId]);
  const reports = useLoad((signal) => distributionApi.reports(buyId, signal), [buyId]);
  const { live } = useBuyEvents(buyId, async () => {
    board.reload();
    reports.reload();
    buy.reload();
  });
  const base = `/c/${community.id}/buys/${buyId}`;
  // The home's 待办 links to the reports (#reports), below the buildings' table.
  useScrollToHash(useLocation().hash, reports.status === 'ready' && board.status === 'ready');

  if (buy.status === 'loading' || board.status === 'loading') return <Loading />;
  if (buy.status === 'error' || board.status === 'error')
    return (
      <Page back={base} title={t('dist.board.title')}>
        <ErrorState error={buy.error ?? board.error} onRetry={() => (buy.reload(), board.reload())} />
      </Page>
    );
  const manager = isAdmin(me) || (me.roles.leader && buy.data.createdBy === me.memberId);
  const status = buy.data.status;
  return (
    <Page back={base} title={t('dist.board.title')}>
      <p className="lead">
        {buy.data.title}{' '}
        <span className={live ? 'board-live board-live-on' : 'board-live'} aria-hidden="true" />
      </p>
      <div className="button-grid">
        {manager && (status === 'confirmed' || (status === 'arrived' && board.data.totals.sorted === 0)) ? (
          <ButtonLink to={`${base}/arrival`}>{t('dist.board.recordArrival')}</ButtonLink>
        ) : null}
        <ButtonLink to={`${base}/deliveries`} variant={status === 'arrived' ? 'primary' : 'secondary'}>
          {t('dist.board.deliver')}
        </ButtonLink>
        <Link className="btn btn-secondary" to={`${base}/labels`}>
          {t('dist.board.labels')}
        </Link>
        {manager ? (
          <a className="btn btn-secondary" href={distributionApi.recordUrl(buyId)} download>
            {t('dist.board.record')}
          </a>
        ) : null}
      </div>
      <BoardTable board={board.data} />
      <div id="reports">
        {reports.status === 'ready' ? (
          <ReportsCard buyId={buyId} reports={reports.data} manager={manager} onChanged={reports.reload} />
        ) : null}
      </div>
      <CoordinationCard buyId={buyId} manager={manager} status={status} />
      <SettingsCard communityId={community.id} admin={isAdmin(me)} />
    </Page>
  );
}

function BoardTable({ board }: { board: Board }) {
  const { t } = useTranslation();
  return (
    <Card title={t('dist.board.buildings')}>
      {board.buildings.length === 0 ? <p className="muted">{t('dist.board.empty')}</p> : null}
      {board.buildings.length > 0 ? (
        <table className="data-table board-table">
          <thead>
            <tr>
              <th>{t('dist.col.building')}</th>
              <th className="num">{t('dist.col.sorted')}</th>
              <th className="num">{t('dist.col.delivered')}</th>
              <th className="num">{t('dist.col.confirmed')}</th>
              <th className="num">{t('dist.col.reports')}</th>
            </tr>
          </thead>
          <tbody>
            {board.buildings.map((b) => (
              <tr key={b.buildingId} className={b.overdue.length > 0 ? 'overdue-row' : undefined}>
                <td>
                  {t('dist.buildingName', { name: b.name })}
                  {b.overdue.length > 0 ? (
                    <div className="overdue">
                      {t('dist.board.overdue', {
                        hours: board.staleHours,
                        labels: b.overdue.map((o) => o.householdLabel).join(' '),
                      })}
                    </div>
                  ) : null}
                </td>
                <td className="num">{b.sorted}</td>
                <td className="num">{b.delivered}</td>
                <td className="num">{b.confirmed}</td>
                <td className={b.openReports > 0 ? 'num short' : 'num'}>{b.openReports}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>{t('dist.col.total')}</th>
              <th className="num">{board.totals.sorted}</th>
              <th className="num">{board.totals.delivered}</th>
              <th className="num">{board.totals.confirmed}</th>
              <th className="num">{board.totals.openReports}</th>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </Card>
  );
}

export default BoardPage;
