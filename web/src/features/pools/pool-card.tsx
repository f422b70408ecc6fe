import { useTranslation } from 'react-i18next';
import { Card } from '../../components/card.tsx';
import { formatDateTime } from '../../format.ts';
import { GateName, PoolReach } from './ui.tsx';
import type { PoolView } from './types.ts';

/**
 * 联合团购 on a buy's page, for everyone: how many compounds pool for the supplier's minimum, the progress counted
 * across them, the rule of 成团 at the deadline, and (folded, so the join button stays near) each compound's gate
 * with what it has ordered. Read when the page opens, not on its live updates (the page refetches it on no
 * timer: most buys are in no pool and render nothing), and again each time someone unfolds the gates
 * (`onUnfold`): one read when a person asks to see them, never every open page at once.
 */
export function PoolCard({ pool, onUnfold }: { pool: PoolView; onUnfold?: () => void }) {
  const { t } = useTranslation();
  const count = pool.gates.length;
  return (
    <Card
      className="pool-card"
      title={t('pools.title')}
      action={
        <span className="pool-lead" data-testid="pool-lead">
          {count > 1 ? t('pools.card.lead', { count }) : t('pools.card.leadAlone')}
        </span>
      }
    >
      <PoolReach pool={pool} />
      <details
        className="pool-gates"
        onToggle={(e) => {
          if (e.currentTarget.open) onUnfold?.();
        }}
      >
        <summary>{t('pools.card.gates', { count })}</summary>
        <ul className="list-plain" data-testid="pool-gates">
          {pool.gates.map((g, i) => (
            <li key={i} className="pool-gate" data-testid="pool-gate">
              <GateName gate={g} />
              <span className="nowrap">{t('buys.manage.qty', { count: g.qty })}</span>
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}

/**
 * Above the editor of a pooled draft (the one joining made): the deadline and the minimum are the pool's, set by
 * the host for every compound (the server refuses a change), so the leader only completes fee and pickup.
 */
export function PooledDraftNote({ pool }: { pool: PoolView }) {
  const { t, i18n } = useTranslation();
  if (pool.isHost) return null;
  return (
    <Card className="card-note">
      <p data-testid="pooled-draft-note">
        {t('pools.editor.note', {
          name: pool.hostCommunityName,
          deadline: formatDateTime(pool.deadline, i18n.language),
        })}
      </p>
    </Card>
  );
}
