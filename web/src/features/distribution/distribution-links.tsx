import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/button.tsx';
import type { Membership } from '../../api-types.ts';
import { isAdmin, isVolunteer } from '../community/roles.ts';
import './distribution.css';

/**
 * On a buy's page: the way into distribution for whoever has a part in it (the leader and volunteers: the
 * board; a household with goods: its package), once the list has closed.
 */
export function DistributionLinks(props: {
  communityId: string;
  buy: { id: string; status: string; createdBy: string };
  me: Membership;
  hasOrder: boolean;
}) {
  const { t } = useTranslation();
  const { buy, me } = props;
  const base = `/c/${props.communityId}/buys/${buy.id}`;
  const manager = isAdmin(me) || (me.roles.leader && buy.createdBy === me.memberId);
  const running = ['closed', 'confirmed', 'arrived', 'completed'].includes(buy.status);
  const arrived = buy.status === 'arrived' || buy.status === 'completed';
  if (!running) return null;
  return (
    <div className="button-grid">
      {manager || isVolunteer(me) ? (
        <ButtonLink to={`${base}/board`} variant="secondary">
          {t('dist.links.board')}
        </ButtonLink>
      ) : null}
      {arrived && isVolunteer(me) ? (
        <ButtonLink to={`${base}/deliveries`} variant="secondary">
          {t('dist.links.deliver')}
        </ButtonLink>
      ) : null}
      {arrived && props.hasOrder && me.household?.status === 'verified' ? (
        <ButtonLink to={`${base}/package`}>{t('dist.links.package')}</ButtonLink>
      ) : null}
    </div>
  );
}
