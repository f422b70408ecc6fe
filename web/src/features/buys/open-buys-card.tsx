import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { Card } from '../../components/card.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { buysApi } from './api.ts';
import { BuyCard } from './buy-card.tsx';
import { NewBuysNotice, useNewBuys } from './new-buys-notice.tsx';
import { sortBuys } from './progress.ts';
import { useNow } from './ui.tsx';

/** The compound home's "正在进行的团购": the open buys, closing soonest first. */
export function OpenBuysCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const now = useNow();
  const buys = useLoad((signal) => buysApi.list(communityId, signal), [communityId]);
  const fresh = useNewBuys(communityId, buys.status === 'ready' ? buys.data : null);
  const open = buys.status === 'ready' ? sortBuys(buys.data.filter((b) => b.status === 'open')) : [];
  return (
    <Card
      title={t('home.openBuys')}
      action={
        <Link to={`/c/${communityId}/buys`} className="card-more">
          {t('buys.list.all')}
        </Link>
      }
    >
      <NewBuysNotice communityId={communityId} fresh={fresh} onShowAll={buys.reload} />
      {buys.status === 'loading' ? (
        <Loading />
      ) : buys.status === 'error' ? (
        <ErrorState error={buys.error} onRetry={buys.reload} />
      ) : open.length === 0 ? (
        fresh.length > 0 ? null : (
          <EmptyState icon="cart" title={t('home.noBuys')}>
            <p className="secondary">{t('home.noBuysHint')}</p>
          </EmptyState>
        )
      ) : (
        <div className="stack buy-card-list">
          {open.slice(0, 5).map((b) => (
            <BuyCard key={b.id} buy={b} now={now} />
          ))}
        </div>
      )}
    </Card>
  );
}
