import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin, isLeader } from '../community/roles.ts';
import { buysApi } from './api.ts';
import { BuyCard } from './buy-card.tsx';
import { NewBuysNotice, useNewBuys } from './new-buys-notice.tsx';
import { sectionOf, sortBuys } from './progress.ts';
import { useNow } from './ui.tsx';

/** 团购 tab: open buys first (and the leader's drafts), then those closed whose goods are on the way, then the ended ones. */
export function BuysPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const now = useNow();
  const buys = useLoad((signal) => buysApi.list(community.id, signal), [community.id]);
  const fresh = useNewBuys(community.id, buys.status === 'ready' ? buys.data : null);
  const base = `/c/${community.id}`;
  const canCreate = isLeader(me) || isAdmin(me);

  let body;
  if (buys.status === 'loading') body = <Loading />;
  else if (buys.status === 'error') body = <ErrorState error={buys.error} onRetry={buys.reload} />;
  else {
    const sorted = sortBuys(buys.data);
    const current = sorted.filter((b) => sectionOf(b.status) === 'current');
    const later = (['underway', 'past'] as const).map((section) => ({
      section,
      buys: sorted.filter((b) => sectionOf(b.status) === section),
    }));
    body =
      sorted.length === 0 ? (
        fresh.length > 0 ? null : (
          <EmptyState icon="cart" title={t('home.noBuys')}>
            <p>{t('home.noBuysHint')}</p>
          </EmptyState>
        )
      ) : (
        <>
          <section className="stack" aria-labelledby="buys-open">
            <h2 id="buys-open" className="section-title">
              {t('buys.list.open')}
            </h2>
            {current.length === 0 && fresh.length === 0 ? (
              <p className="muted">{t('buys.list.noneOpen')}</p>
            ) : null}
            {current.map((b) => (
              <BuyCard key={b.id} buy={b} now={now} />
            ))}
          </section>
          {later.map(({ section, buys: list }) =>
            list.length > 0 ? (
              <section key={section} className="stack" aria-labelledby={`buys-${section}`}>
                <h2 id={`buys-${section}`} className="section-title">
                  {t(`buys.list.${section}`)}
                </h2>
                {list.map((b) => (
                  <BuyCard key={b.id} buy={b} now={now} />
                ))}
              </section>
            ) : null,
          )}
        </>
      );
  }

  return (
    <Page title={t('tabs.buys')}>
      <div className="button-row">
        <ButtonLink to={`${base}/orders`} variant="secondary">
          {t('orders.title')}
        </ButtonLink>
        {canCreate ? <ButtonLink to={`${base}/buys/new`}>{t('buys.list.create')}</ButtonLink> : null}
        {canCreate ? (
          <ButtonLink to={`${base}/pools/join`} variant="secondary">
            {t('pools.join.entry')}
          </ButtonLink>
        ) : null}
      </div>
      <NewBuysNotice communityId={community.id} fresh={fresh} onShowAll={buys.reload} />
      {body}
    </Page>
  );
}

export default BuysPage;
