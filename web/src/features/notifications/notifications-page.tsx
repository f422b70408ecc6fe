import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import { Button } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { NotificationRow } from './notification-row.tsx';
import type { Notification, NotificationFeed } from './types.ts';
import { ringDelay, setUnread, useUnreadValue } from './unread.ts';
import '../buys/buys.css';

const PAGE = 30;

/** /c/:id/notifications: what happened to my orders and the compound's buys, newest first. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const { community } = useCompound();
  const base = `/api/communities/${seg(community.id)}/notifications`;
  const [older, setOlder] = useState<Notification[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  /** This page marked them read and reloads the list itself. */
  const markedHere = useRef(false);
  const feed = useLoad(
    (signal) =>
      api.get<NotificationFeed>(`${base}?limit=${PAGE}`, { signal }).then((f) => {
        markedHere.current = false;
        setUnread(community.id, f.unreadCount);
        setOlder([]);
        setNextBefore(f.nextBefore);
        return f;
      }),
    [base],
  );

  // The bell rang and the count went up while the list is open: show what came in, after a random wait of up
  // to RING_SPREAD_MS, since a notice to the whole compound (a buy opened) raises every open list's count in
  // the same instant (the badge itself changes at once). The count went down without this page marking them
  // read (the member did on another phone, and the bell said `read`): reload at once, so the dots go too.
  const unread = useUnreadValue(community.id);
  const shownUnread = feed.status === 'ready' ? feed.data.unreadCount : null;
  const reload = feed.reload;
  useEffect(() => {
    if (shownUnread === null || unread === shownUnread) return;
    if (unread < shownUnread && markedHere.current) return;
    const timer = setTimeout(reload, unread < shownUnread ? 0 : ringDelay());
    return () => clearTimeout(timer);
  }, [unread, shownUnread, reload]);

  // Up to the newest notice on the screen: one that came in since the list was loaded stays unread.
  async function markAllRead(upTo: string | undefined) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<{ unreadCount: number }>(`${base}/read`, upTo ? { upTo } : {});
      markedHere.current = true;
      setUnread(community.id, r.unreadCount);
      feed.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function loadMore() {
    if (!nextBefore) return;
    setMoreBusy(true);
    try {
      const f = await api.get<NotificationFeed>(`${base}?limit=${PAGE}&before=${seg(nextBefore)}`);
      setOlder((prev) => [...prev, ...f.notifications]);
      setNextBefore(f.nextBefore);
    } catch (err) {
      setError(err);
    } finally {
      setMoreBusy(false);
    }
  }

  if (feed.status === 'loading') return <Loading />;
  if (feed.status === 'error')
    return (
      <Page title={t('notifications.title')}>
        <ErrorState error={feed.error} onRetry={feed.reload} />
      </Page>
    );
  const list = [...feed.data.notifications, ...older];
  return (
    <Page title={t('notifications.title')}>
      {feed.data.unreadCount > 0 ? (
        <Button
          variant="secondary"
          block
          busy={busy}
          onClick={() => void markAllRead(feed.data.notifications[0]?.id)}
        >
          {t('notifications.markAll', { count: feed.data.unreadCount })}
        </Button>
      ) : null}
      <FormError error={error} />
      {list.length === 0 ? (
        <EmptyState icon="bell" title={t('notifications.empty')}>
          <p className="secondary">{t('notifications.emptyHint')}</p>
        </EmptyState>
      ) : (
        <ul className="list-plain notification-list" data-testid="notifications">
          {list.map((n) => (
            <NotificationRow key={n.id} n={n} communityId={community.id} />
          ))}
        </ul>
      )}
      {nextBefore ? (
        <Button variant="ghost" block busy={moreBusy} onClick={() => void loadMore()}>
          {t('notifications.more')}
        </Button>
      ) : null}
    </Page>
  );
}

export default NotificationsPage;
