import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Icon, type IconName } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { StatusBadge } from '../community/status-badge.tsx';

const FEATURES: { icon: IconName; key: string }[] = [
  { icon: 'cart', key: 'buys' },
  { icon: 'building', key: 'verified' },
  { icon: 'heart', key: 'nobodyLeft' },
];

function Welcome() {
  const { t } = useTranslation();
  return (
    <Page>
      <section className="hero">
        <h1>{t('landing.title')}</h1>
        <p className="hero-lead">{t('landing.lead')}</p>
        <div className="stack">
          <ButtonLink to="/signup" block>
            {t('auth.signUp')}
          </ButtonLink>
          <ButtonLink to="/signin" variant="secondary" block>
            {t('auth.signIn')}
          </ButtonLink>
        </div>
      </section>
      <Card>
        <ul className="feature-list">
          {FEATURES.map((f) => (
            <li key={f.key}>
              <span className="feature-icon">
                <Icon name={f.icon} />
              </span>
              <div>
                <strong>{t(`landing.features.${f.key}.title`)}</strong>
                <p className="muted secondary">{t(`landing.features.${f.key}.body`)}</p>
              </div>
            </li>
          ))}
        </ul>
      </Card>
      <p className="center muted secondary">{t('landing.inviteHint')}</p>
    </Page>
  );
}

/** Signed out: what Linli is. Signed in: straight to the compound, or a picker when there are several. */
export function LandingPage() {
  const { t } = useTranslation();
  const { state, me, refresh } = useSession();
  const [params] = useSearchParams();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={() => void refresh()} />;
  if (!me) return <Welcome />;
  const memberships = me.memberships;
  const only = memberships[0];
  if (memberships.length === 1 && only && !params.has('pick'))
    return <Navigate to={`/c/${only.communityId}`} replace />;

  return (
    <Page title={t('picker.title', { name: me.user.displayName })}>
      {memberships.length === 0 ? (
        <Card>
          <p>{t('picker.none')}</p>
          <p className="muted secondary">{t('picker.noneHint')}</p>
        </Card>
      ) : (
        <ul className="list-plain stack">
          {memberships.map((m) => (
            <li key={m.communityId}>
              <Link to={`/c/${m.communityId}`} className="card card-link">
                <span className="card-link-main">
                  <strong>{m.communityName}</strong>
                  <span className="muted">{m.household ? m.household.label : t('picker.noHousehold')}</span>
                </span>
                {m.household ? <StatusBadge status={m.household.status} /> : null}
                <span className="chevron" aria-hidden="true">
                  ›
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="stack section">
        <ButtonLink to="/new" variant="secondary" block>
          {t('picker.create')}
        </ButtonLink>
        <ButtonLink to="/settings" variant="ghost" block>
          {t('settings.title')}
        </ButtonLink>
      </div>
    </Page>
  );
}
