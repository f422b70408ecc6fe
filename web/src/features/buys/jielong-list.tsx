import { memo, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { SearchField } from '../../components/field.tsx';
import { EmptyState } from '../../components/states.tsx';
import { FIND_FROM, LINES_PAGE, findEntries, linesDrawn, myLineBelow } from './jielong-find.ts';
import type { JielongEntry } from './types.ts';

/**
 * The live 接龙 list: "17. 3-502 鸡蛋×2", my household highlighted, waiting entries marked (a line of which only
 * part waits: "1 份排队", so the lines ahead of mine add up to my place in the queue). Memoised, row by row
 * too: the page re-renders for its clock and its order form, and a live update adds lines without drawing the
 * thousands already shown again. It draws the first {@link LINES_PAGE} lines, and as many more each time the
 * resident scrolls near its end or taps "more": a rush's thousands of lines are never drawn at once on an old
 * phone, and lines that arrive below the drawn ones cost the page nothing. From {@link FIND_FROM} lines on, a
 * search finds a household's line (by room or 接龙 number) and draws only what it finds.
 */
export const JielongList = memo(function JielongList({
  entries,
  myLabel,
  live,
}: {
  entries: JielongEntry[];
  myLabel: string | null;
  live: boolean;
}) {
  const { t } = useTranslation();
  const waiting = t('buys.jielong.waiting');
  const marked = (e: JielongEntry): string | null => {
    if (e.status === 'waitlisted') return waiting;
    const count = e.items.reduce((n, i) => n + (i.waitlistedQty ?? 0), 0);
    return count > 0 ? t('buys.jielong.partlyWaiting', { count }) : null;
  };
  const [query, setQuery] = useState('');
  /** Typing stays quick on an old phone: the lines follow the search when the phone has time. */
  const searched = useDeferredValue(query);
  const findable = entries.length >= FIND_FROM;
  const shown = useMemo(
    () => (findable ? findEntries(entries, searched) : entries),
    [entries, searched, findable],
  );
  const searching = findable && shown !== entries;
  // How many lines the resident has asked to see; a new search starts again from the first page.
  const [asked, setAsked] = useState({ search: '', lines: LINES_PAGE });
  const drawn = linesDrawn(shown.length, asked.search === searched ? asked.lines : LINES_PAGE);
  const more = useCallback(
    () =>
      setAsked((a) => ({
        search: searched,
        lines: (a.search === searched ? Math.max(a.lines, LINES_PAGE) : LINES_PAGE) + LINES_PAGE,
      })),
    [searched],
  );
  // My line, when it is below the lines drawn (a household that joined late in a rush): the page offers to
  // find it, by the search, rather than drawing thousands of lines to reach it.
  const mine = useMemo(
    () => (findable && !searching ? myLineBelow(entries, myLabel, drawn) : null),
    [entries, myLabel, drawn, findable, searching],
  );
  return (
    <Card
      title={t('buys.jielong.title', { count: entries.length })}
      action={
        <span className={live ? 'live-dot live-on' : 'live-dot'} data-testid="live-state">
          {live ? t('buys.jielong.live') : t('buys.jielong.offline')}
        </span>
      }
    >
      {findable ? (
        <SearchField
          className="jielong-search"
          label={t('buys.jielong.find')}
          value={query}
          maxLength={50}
          onChange={setQuery}
        />
      ) : null}
      {mine ? (
        <Button
          variant="secondary"
          block
          className="jielong-find-mine"
          onClick={() => setQuery(mine.householdLabel)}
          data-testid="jielong-find-mine"
        >
          {t('buys.jielong.findMine', { seq: mine.seq })}
        </Button>
      ) : null}
      {searching ? (
        <p className="muted" role="status">
          {t('buys.jielong.found', { count: shown.length })}
        </p>
      ) : null}
      {entries.length === 0 ? (
        <EmptyState title={t('buys.jielong.empty')} />
      ) : shown.length === 0 ? (
        <EmptyState title={t('buys.jielong.notFound')} />
      ) : (
        <>
          <ol className="list-plain jielong" data-testid="jielong" data-total={entries.length}>
            {shown.slice(0, drawn).map((e) => (
              <JielongLine key={e.seq} entry={e} mine={e.householdLabel === myLabel} waiting={marked(e)} />
            ))}
          </ol>
          {drawn < shown.length ? (
            <MoreLines
              label={t('buys.jielong.showMore', {
                next: Math.min(LINES_PAGE, shown.length - drawn),
                shown: drawn,
                count: shown.length,
              })}
              onMore={more}
            />
          ) : null}
        </>
      )}
    </Card>
  );
});

/**
 * The list's "more" button, which also presses itself when the resident scrolls near it: the list reads as one
 * long list, drawn a page at a time.
 */
function MoreLines({ label, onMore }: { label: string; onMore: () => void }) {
  const near = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = near.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (seen) => {
        if (seen.some((e) => e.isIntersecting)) onMore();
      },
      { rootMargin: '0px 0px 400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [onMore]);
  return (
    <div ref={near} className="jielong-more">
      <Button variant="ghost" block onClick={onMore} data-testid="jielong-more">
        {label}
      </Button>
    </div>
  );
}

/** One line; drawn again only when its entry (a new object when it changed) or its marks change. */
const JielongLine = memo(function JielongLine({
  entry: e,
  mine,
  waiting,
}: {
  entry: JielongEntry;
  mine: boolean;
  /** The line's waiting mark, if any of it waits. */
  waiting: string | null;
}) {
  return (
    <li className={mine ? 'jielong-entry jielong-mine' : 'jielong-entry'} data-testid="jielong-entry">
      <span className="jielong-seq">{e.seq}.</span>
      <span className="household-label">{e.householdLabel}</span>
      <span className="jielong-items">{e.items.map((i) => `${i.name}×${i.qty}`).join(' ')}</span>
      {waiting !== null ? <span className="badge badge-wait">{waiting}</span> : null}
    </li>
  );
});
