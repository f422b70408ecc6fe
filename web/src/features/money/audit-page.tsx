import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { moneyApi } from './api.ts';
import { formatTime } from './ui.tsx';
import './money.css';

/** "amountFen: 2650 → 1" for the fields that changed between before and after. */
export function changeText(before: unknown, after: unknown): string {
  const b = (before && typeof before === 'object' ? before : {}) as Record<string, unknown>;
  const a = (after && typeof after === 'object' ? after : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => `${k}: ${k in b ? JSON.stringify(b[k]) : '—'} → ${k in a ? JSON.stringify(a[k]) : '—'}`)
    .join('; ');
}

/** /c/:id/buys/:buyId/audit: who changed what, when (the leader and admins: all; a household: its own). */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const trail = useLoad((signal) => moneyApi.audit(buyId, signal), [buyId]);
  const back = `/c/${community.id}/buys/${buyId}`;
  if (trail.status === 'loading') return <Loading />;
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
            <li key={e.seq}>
              <div className="row-between">
                <strong>
                  {t(`money.audit.entity.${e.entity}`, { defaultValue: e.entity })} ·{' '}
                  {t(`money.audit.action.${e.action}`, { defaultValue: e.action })}
                </strong>
                <span className="muted">#{e.seq}</span>
              </div>
              <p className="muted">
                {formatTime(e.at, i18n.language)} · {e.actorName ?? t(`money.audit.actor.${e.actor}`)}
                {e.householdLabel ? ` · ${e.householdLabel}` : ''}
              </p>
              <p className="audit-change">{changeText(e.before, e.after)}</p>
            </li>
          ))}
        </ol>
      </Card>
    </Page>
  );
}

export default AuditPage;
