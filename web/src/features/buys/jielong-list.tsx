import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/states.tsx';
import type { JielongEntry } from './types.ts';

/**
 * The live 接龙 list: "17. 3-502 鸡蛋×2", my household highlighted, waiting entries marked. Memoised, row by row
 * too: the page re-renders for its clock and its order form, and a live update adds lines without drawing the
 * thousands already shown again.
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
  return (
    <Card
      title={t('buys.jielong.title', { count: entries.length })}
      action={
        <span className={live ? 'live-dot live-on' : 'live-dot'} data-testid="live-state">
          {live ? t('buys.jielong.live') : t('buys.jielong.offline')}
        </span>
      }
    >
      {entries.length === 0 ? (
        <EmptyState title={t('buys.jielong.empty')} />
      ) : (
        <ol className="list-plain jielong" data-testid="jielong">
          {entries.map((e) => (
            <JielongLine key={e.seq} entry={e} mine={e.householdLabel === myLabel} waiting={waiting} />
          ))}
        </ol>
      )}
    </Card>
  );
});

/** One line; drawn again only when its entry (a new object when it changed) or its marks change. */
const JielongLine = memo(function JielongLine({
  entry: e,
  mine,
  waiting,
}: {
  entry: JielongEntry;
  mine: boolean;
  waiting: string;
}) {
  return (
    <li className={mine ? 'jielong-entry jielong-mine' : 'jielong-entry'} data-testid="jielong-entry">
      <span className="jielong-seq">{e.seq}.</span>
      <span className="household-label">{e.householdLabel}</span>
      <span className="jielong-items">{e.items.map((i) => `${i.name}×${i.qty}`).join(' ')}</span>
      {e.status === 'waitlisted' ? <span className="badge badge-wait">{waiting}</span> : null}
    </li>
  );
});
