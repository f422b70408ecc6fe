import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Icon, type IconName } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { useSession } from '../../session.tsx';
import { useCompound } from './compound-layout.tsx';
import { canVerify, isAdmin, isLeader } from './roles.ts';
import { StatusBadge } from './status-badge.tsx';
import { RejectedClaimNote } from './claim-page.tsx';
import { OpenBuysCard } from '../buys/open-buys-card.tsx';
import { LatestNoticesCard } from '../notifications/latest-card.tsx';
import { TodoCard } from '../todo/todo-card.tsx';

interface Shortcut {
  to: string;
  icon: IconName;
  label: string;
}

/** /c/:id: who I am here, my to-do list (my role's and my household's), my tools, what is open, and my newest notices. */
export function CompoundHomePage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const session = useSession();
  const base = `/c/${community.id}`;
  const household = me.household;

  const shortcuts: Shortcut[] = [];
  if (isLeader(me) || isAdmin(me))
    shortcuts.push(
      { to: `${base}/buys/new`, icon: 'plus', label: t('buys.list.create') },
      { to: `${base}/suppliers`, icon: 'truck', label: t('tools.suppliers') },
    );
  if (canVerify(me))
    shortcuts.push(
      { to: `${base}/verify`, icon: 'shield', label: t('tools.verify') },
      { to: `${base}/care`, icon: 'heart', label: t('tools.care') },
    );
  if (isAdmin(me)) {
    shortcuts.push(
      { to: `${base}/admin/setup`, icon: 'building', label: t('tools.setup') },
      { to: `${base}/admin/invites`, icon: 'qr', label: t('tools.invites') },
      { to: `${base}/admin/members`, icon: 'users', label: t('tools.members') },
    );
  }

  return (
    <Page>
      <section className="greeting">
        <h1>{t('home.hello', { name: session.me?.user.displayName ?? '' })}</h1>
        {household ? (
          <p className="greeting-household">
            <span className="household-label">{household.label}</span>
            <StatusBadge status={household.status} />
          </p>
        ) : null}
      </section>

      {!household || household.status === 'rejected' ? (
        <Card className="card-accent">
          {me.rejectedClaim ? (
            <RejectedClaimNote rejected={me.rejectedClaim} />
          ) : (
            <p className="card-lead">{t('home.claimLead')}</p>
          )}
          <ButtonLink to={`${base}/claim`} block>
            {t('home.claimCta')}
          </ButtonLink>
        </Card>
      ) : household.status === 'pending' ? (
        <Card className="card-note">
          <p>{t('home.pendingNote')}</p>
        </Card>
      ) : null}

      {canVerify(me) || isLeader(me) || household?.status === 'verified' ? (
        <TodoCard communityId={community.id} staff={canVerify(me) || isLeader(me)} />
      ) : null}

      {shortcuts.length > 0 ? (
        <Card title={t('home.tools')}>
          <div className="tool-grid">
            {shortcuts.map((s) => (
              <Link key={s.to} to={s.to} className="tool">
                <Icon name={s.icon} size={28} />
                <span>{s.label}</span>
              </Link>
            ))}
          </div>
          {isAdmin(me) && community.stats ? (
            <p className="muted secondary stats-line">
              {t('home.stats', {
                buildings: community.stats.buildings,
                households: community.stats.households,
                verified: community.stats.verifiedHouseholds,
                members: community.stats.members,
              })}
            </p>
          ) : null}
        </Card>
      ) : null}

      <OpenBuysCard communityId={community.id} />
      <LatestNoticesCard communityId={community.id} />
    </Page>
  );
}
