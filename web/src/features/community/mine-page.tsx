import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { useSession } from '../../session.tsx';
import { useCompound } from './compound-layout.tsx';
import { isAdmin, isLeader, isVolunteer } from './roles.ts';
import { StatusBadge } from './status-badge.tsx';

/** 我的: my household here, my roles, and the way to my orders, settings and other compounds. */
export function MinePage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const session = useSession();
  const roles = [
    isAdmin(me) ? t('roles.admin') : null,
    isLeader(me) ? t('roles.leader') : null,
    isVolunteer(me) ? t('roles.volunteer') : null,
  ].filter((r): r is string => r !== null);

  return (
    <Page title={t('tabs.me')}>
      <Card>
        <p className="big-name">{session.me?.user.displayName}</p>
        <p className="muted secondary">{session.me?.user.phone}</p>
        <dl className="facts">
          <dt>{t('mine.household')}</dt>
          <dd>
            {me.household ? (
              <>
                <span className="household-label">{me.household.label}</span>{' '}
                <StatusBadge status={me.household.status} />
              </>
            ) : (
              t('picker.noHousehold')
            )}
          </dd>
          {roles.length > 0 ? (
            <>
              <dt>{t('mine.roles')}</dt>
              <dd>{roles.join(' · ')}</dd>
            </>
          ) : null}
        </dl>
        {!me.household || me.household.status === 'rejected' ? (
          <ButtonLink to={`/c/${community.id}/claim`} block>
            {t('home.claimCta')}
          </ButtonLink>
        ) : null}
      </Card>
      <div className="stack">
        {me.household?.status === 'verified' ? (
          <ButtonLink to={`/c/${community.id}/orders`} variant="secondary" block>
            {t('orders.title')}
          </ButtonLink>
        ) : null}
        <ButtonLink to="/settings" variant="secondary" block>
          {t('settings.title')}
        </ButtonLink>
        <ButtonLink to="/?pick=1" variant="ghost" block>
          {t('mine.switchCompound')}
        </ButtonLink>
      </div>
    </Page>
  );
}
