import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Icon } from '../../components/icon.tsx';
import { LiveNotice } from '../../components/live-notice.tsx';
import { Segmented } from '../../components/segmented.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useLoad, useRefreshWhileVisible } from '../../hooks.ts';
import { useNow } from '../buys/ui.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin, isLeader } from '../community/roles.ts';
import { streetApi } from './api.ts';
import { KIND_FILTERS, readFilter, writeFilter, type BoardFilter } from './board-filter.ts';
import { PostCard } from './post-card.tsx';
import { unseenNews, useStreetNews } from './street-news.ts';
import type { StreetPost } from './types.ts';

/**
 * No timer: every resident may have the board open, and a poll from each of them is what the compound's server
 * cannot afford in a rush. The board is read again when the phone comes back to it, and after each post; posts
 * others put up or changed meanwhile are offered by the bell's `street` frames (street-news.ts), read on a tap.
 */
const REFRESH_MS = null;

/**
 * /c/:id/street, 邻里街坊: the compound's posts, newest first, by kind, 进行中 or 已结束, or only mine. The
 * filter is in the URL, so Back from a post returns to it. How many needs nobody has answered is said on top.
 */
export default function BoardPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const key = writeFilter(filter).toString();
  const [older, setOlder] = useState<StreetPost[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreBusy, setMoreBusy] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const news = useStreetNews(community.id);
  const board = useLoad(
    (signal) =>
      streetApi.board(community.id, filter, null, signal).then((b) => {
        setOlder([]);
        setCursor(b.nextCursor);
        return { ...b, key };
      }),
    [community.id, key],
  );
  // Once older pages are shown, the first page is not read again by itself: newer posts would push some of
  // it off, into neither list, and the list would jump under the reader's thumb.
  const paged = useRef(false);
  paged.current = older.length > 0;
  const reload = board.reload;
  const refresh = useCallback(() => {
    if (!paged.current) reload();
  }, [reload]);
  useRefreshWhileVisible(refresh, REFRESH_MS);

  const set = (next: Partial<BoardFilter>) => {
    setParams(writeFilter({ ...filter, ...next }), { replace: true });
  };

  async function loadMore() {
    if (!cursor) return;
    setMoreBusy(true);
    setMoreError(null);
    try {
      const b = await streetApi.board(community.id, filter, cursor);
      setOlder((prev) => [...prev, ...b.posts]);
      setCursor(b.nextCursor);
    } catch (err) {
      setMoreError(err);
    } finally {
      setMoreBusy(false);
    }
  }

  const base = `/c/${community.id}/street`;
  const composeKind =
    filter.kind === 'all' || (filter.kind === 'notice' && !isAdmin(me) && !isLeader(me))
      ? 'need'
      : filter.kind;
  let body;
  // Another filter's list stays on the screen while this one loads: say it is loading instead.
  if (board.status === 'loading' || (board.status === 'ready' && board.data.key !== key)) body = <Loading />;
  else if (board.status === 'error') body = <ErrorState error={board.error} onRetry={board.reload} />;
  else {
    const first = board.data.posts;
    const seen = new Set(first.map((p) => p.id));
    const list = [...first, ...older.filter((p) => !seen.has(p.id))];
    body =
      list.length === 0 ? (
        <EmptyState
          icon="chat"
          title={t(filter.mine ? 'street.emptyMine' : filter.ended ? 'street.emptyEnded' : 'street.empty')}
        >
          {!filter.ended && !filter.mine ? <p>{t('street.emptyHint')}</p> : null}
        </EmptyState>
      ) : (
        <ul className="list-plain street-list" data-testid="street-list">
          {list.map((p) => (
            <li key={p.id}>
              <PostCard post={p} now={now} />
            </li>
          ))}
        </ul>
      );
  }
  const waiting = board.status === 'ready' ? board.data.waiting : 0;
  // Posts put up or changed since the board was read, as the bell said (no request): a tap reads it again.
  const fresh =
    board.status === 'ready' && board.data.key === key
      ? unseenNews(news, filter, [...board.data.posts, ...older])
      : 0;
  const onWaiting = filter.kind === 'need' && !filter.ended && !filter.mine;

  return (
    <Page title={t('street.title')}>
      <p className="muted secondary street-lead">{t('street.lead')}</p>
      <ButtonLink to={`${base}/new?kind=${composeKind}`} block className="street-new">
        <Icon name="plus" size={22} />
        {t('street.new')}
      </ButtonLink>
      {waiting > 0 && !onWaiting ? (
        <button
          type="button"
          className="row-button street-waiting"
          data-testid="street-waiting"
          onClick={() => set({ kind: 'need', ended: false, mine: false })}
        >
          <span className="street-waiting-text">{t('street.waiting', { count: waiting })}</span>
          <span className="street-waiting-go">
            {t('street.waitingGo')}
            <span className="chevron" aria-hidden="true">
              ›
            </span>
          </span>
        </button>
      ) : waiting > 0 ? (
        <p className="street-waiting street-waiting-here" data-testid="street-waiting">
          {t('street.waiting', { count: waiting })}
        </p>
      ) : null}
      <div className="street-kinds">
        <Segmented
          kind="tab"
          options={KIND_FILTERS}
          value={filter.kind}
          onChange={(kind) => set({ kind })}
          label={t('street.kinds')}
        >
          {(k) => t(`street.filter.${k}`)}
        </Segmented>
      </div>
      <div className="street-states">
        <Segmented
          kind="tab"
          options={['active', 'ended'] as const}
          value={filter.ended ? 'ended' : 'active'}
          onChange={(s) => set({ ended: s === 'ended' })}
          label={t('street.state.label')}
        >
          {(s) => t(`street.state.${s}`)}
        </Segmented>
        <button
          type="button"
          className={filter.mine ? 'chip chip-on street-mine' : 'chip street-mine'}
          aria-pressed={filter.mine}
          onClick={() => set({ mine: !filter.mine })}
        >
          {t('street.mine')}
        </button>
      </div>
      <LiveNotice
        testId="street-news"
        text={fresh > 0 ? t('street.news', { count: fresh }) : null}
        action={<Button onClick={reload}>{t('street.newsShow')}</Button>}
      />
      {body}
      <FormError error={moreError} />
      {board.status === 'ready' && cursor ? (
        <Button variant="secondary" block busy={moreBusy} onClick={() => void loadMore()}>
          {t('street.more')}
        </Button>
      ) : null}
    </Page>
  );
}
