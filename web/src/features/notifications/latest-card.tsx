import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { LiveNotice } from '../../components/live-notice.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { NotificationRow } from './notification-row.tsx';
import type { NotificationFeed } from './types.ts';
import { setUnread, useUnreadValue } from './unread.ts';

/** How many of the newest notices the compound home shows. */
export const LATEST = 3;

/**
 * The compound home's "最新消息": the newest notices (an arrival, a place freed on a waitlist, a buy that
 * failed), so a resident sees what changed without opening the inbox. Read here, they stay unread there. The
 * card is not loaded again when the bell rings: a notice to the whole compound (a buy opened) rings every
 * phone in the same second, most of them on this page, and 5,000 loads then would be a rush of their own
 * (docs/notifications.md). It says 「有 N 条新消息」 with a link to the inbox instead; when the count goes down
 * (read on another phone), it loads again at once, which concerns one member's phones.
 */
export function LatestNoticesCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const feed = useLoad(
    (signal) =>
      api
        .get<NotificationFeed>(`/api/communities/${seg(communityId)}/notifications?limit=${LATEST}`, {
          signal,
        })
        .then((f) => {
          setUnread(communityId, f.unreadCount);
          return f;
        }),
    [communityId],
  );
  const unread = useUnreadValue(communityId);
  const shownUnread = feed.status === 'ready' ? feed.data.unreadCount : null;
  const reload = feed.reload;
  useEffect(() => {
    if (shownUnread !== null && unread < shownUnread) reload();
  }, [unread, shownUnread, reload]);
  const more = shownUnread !== null && unread > shownUnread ? unread - shownUnread : 0;
  const inbox = `/c/${communityId}/notifications`;

  return (
    <Card
      title={t('home.latest')}
      action={
        <Link to={inbox} className="card-more">
          {t('buys.list.all')}
        </Link>
      }
    >
      <LiveNotice
        testId="latest-more"
        text={more > 0 ? t('home.latestMore', { count: more }) : null}
        action={<ButtonLink to={inbox}>{t('buys.opened.go')}</ButtonLink>}
      />
      {feed.status === 'loading' ? (
        <Loading />
      ) : feed.status === 'error' ? (
        <ErrorState error={feed.error} onRetry={feed.reload} />
      ) : feed.data.notifications.length === 0 ? (
        <EmptyState icon="bell" title={t('notifications.empty')}>
          <p className="secondary">{t('notifications.emptyHint')}</p>
        </EmptyState>
      ) : (
        <ul className="list-plain notification-list" data-testid="latest-notices">
          {feed.data.notifications.map((n) => (
            <NotificationRow key={n.id} n={n} communityId={communityId} />
          ))}
        </ul>
      )}
    </Card>
  );
}
