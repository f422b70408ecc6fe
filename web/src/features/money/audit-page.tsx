import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { buysApi } from '../buys/api.ts';
import { moneyApi } from './api.ts';
import { auditLines, type Translate } from './audit-text.ts';
import { formatTime } from './ui.tsx';
import './money.css';

/** /c/:id/buys/:buyId/audit: who changed what, when (the leader and admins: all; a household: its own). */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const trail = useLoad((signal) => moneyApi.audit(buyId, signal), [buyId]);
  // Only for the item names in order lines (fetched alongside, awaited so names do not flicker in);
  // if it fails, lines read "商品" and the trail still shows.
  const buy = useLoad((signal) => buysApi.get(buyId, signal).catch(() => null), [buyId]);
  const itemNames = useMemo(
    () =>
      new Map(buy.status === 'ready' && buy.data ? buy.data.items.map((i) => [i.id, i.name] as const) : []),
    [buy],
  );
  const translate: Translate = (key, options) => t(key, options ?? {});
  const back = `/c/${community.id}/buys/${buyId}`;
  if (trail.status === 'loading' || buy.status === 'loading') return <Loading />;
  if (trail.status === 'error')
    return (
      <Page back={back} title={t('money.audit.title')}>
        <ErrorState error={trail.error} onRetry={trail.reload} />
      </Page>
    );
  const { scope, events } = trail.data;
  return (
    <Page back={back} title={t('money.audit.title')}>
      <p className="muted">{t(scope === 'buy' ? 'money.audit.scopeBuy' : 'money.audit.scopeHousehold')}</p>
      {events.length === 0 ? <EmptyState icon="inbox" title={t('money.audit.empty')} /> : null}
      <Card>
        <ol className="money-items audit-list">
          {events.map((e) => (
            <li key={e.seq} className="audit-event">
              <div className="audit-head">
                <strong>
                  {t(`money.audit.entity.${e.entity}`, { defaultValue: e.entity })} ·{' '}
                  {t(`money.audit.action.${e.action}`, { defaultValue: e.action })}
                </strong>
                {e.householdLabel ? <span className="audit-household">{e.householdLabel}</span> : null}
              </div>
              <p className="muted audit-meta">
                {formatTime(e.at, i18n.language)} · {e.actorName ?? t(`money.audit.actor.${e.actor}`)} · #
                {e.seq}
              </p>
              <AuditChangeLines lines={auditLines(e, { t: translate, locale: i18n.language, itemNames })} />
            </li>
          ))}
        </ol>
      </Card>
    </Page>
  );
}

function AuditChangeLines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <ul className="audit-changes">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

export default AuditPage;
