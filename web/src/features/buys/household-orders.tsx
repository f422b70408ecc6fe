import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { SearchField } from '../../components/field.tsx';
import { EmptyState } from '../../components/states.tsx';
import type { BuySummary, HouseholdFilter } from './types.ts';
import { useMoney } from './ui.tsx';
import { Segmented } from '../../components/segmented.tsx';

/** Which households the leader's list shows: every one, those still waiting for stock, those ordered for someone. */
const FILTERS: readonly HouseholdFilter[] = ['all', 'waiting', 'proxy'];

/**
 * How many households the manage page fetches and draws at first, and how many more each "show more" adds. A
 * rush leaves thousands: all of them made the summary 2 MB of JSON, which a low-end phone took most of a second
 * to take in at every refresh (bench/phone.ts), and a leader looking for one household searches for it.
 */
export const HOUSEHOLD_PAGE = 100;

/** How long the search waits for the leader to stop typing before it asks the server. */
const TYPING_MS = 300;

/** The households the manage page asks the summary for (GET …/summary?q=&filter=&limit=). */
export interface ShownHouseholds {
  q: string;
  filter: HouseholdFilter;
  limit: number;
}

export const FIRST_HOUSEHOLDS: ShownHouseholds = { q: '', filter: 'all', limit: HOUSEHOLD_PAGE };

export const sameHouseholds = (a: ShownHouseholds, b: ShownHouseholds) =>
  a.q.trim() === b.q.trim() && a.filter === b.filter && a.limit === b.limit;

/**
 * The manage page's orders by household: a search (room, 接龙 number, a proxy's contact the leader may see), a
 * filter (all, still waiting, ordered for someone) and the first {@link HOUSEHOLD_PAGE} that match, with more on
 * request. The server searches (src/core/buys/household-search.ts); `asked` is the view last asked for, `shown`
 * the one the summary holds. Memoised: the totals above it change with every order event, the summary only when
 * it is fetched again.
 */
export const HouseholdOrders = memo(function HouseholdOrders({
  summary,
  asked,
  shown,
  onAsk,
}: {
  summary: BuySummary;
  asked: ShownHouseholds;
  shown: ShownHouseholds;
  onAsk: (next: ShownHouseholds) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState(asked.q);
  useEffect(() => {
    if (query.trim() === asked.q.trim()) return;
    const typing = setTimeout(() => onAsk({ ...asked, q: query, limit: HOUSEHOLD_PAGE }), TYPING_MS);
    return () => clearTimeout(typing);
  }, [query, asked, onAsk]);
  const names = useMemo(() => new Map(summary.items.map((i) => [i.itemId, i.name])), [summary.items]);
  const { households, householdsFound: found, householdCounts: counts } = summary;
  const busy = query.trim() !== asked.q.trim() || !sameHouseholds(asked, shown);
  return (
    <Card title={t('buys.manage.byHousehold', { count: counts.all })}>
      {counts.all === 0 ? (
        <EmptyState title={t('buys.jielong.empty')} />
      ) : (
        <div className="stack">
          <SearchField label={t('buys.manage.search')} value={query} onChange={setQuery} />
          <Segmented
            kind="radio"
            options={FILTERS}
            value={asked.filter}
            onChange={(f) => onAsk({ q: query, filter: f, limit: HOUSEHOLD_PAGE })}
            label={t('buys.manage.filter.label')}
          >
            {(f) => (
              <>
                {t(`buys.manage.filter.${f}`)} <span className="segmented-count">{counts[f]}</span>
              </>
            )}
          </Segmented>
          {found === 0 ? (
            <EmptyState title={busy ? t('buys.manage.searching') : t('buys.manage.noMatch')} />
          ) : (
            <ul
              className="list-plain rows"
              data-testid="manage-orders"
              data-total={counts.all}
              aria-busy={busy || undefined}
            >
              {households.map((h) => (
                <HouseholdLine key={h.orderId} household={h} names={names} />
              ))}
            </ul>
          )}
          {found > households.length ? (
            <Button
              variant="secondary"
              block
              busy={busy && asked.limit > shown.limit}
              onClick={() => onAsk({ ...shown, limit: shown.limit + HOUSEHOLD_PAGE })}
            >
              {t('buys.manage.showMore', {
                next: Math.min(HOUSEHOLD_PAGE, found - households.length),
                shown: households.length,
                count: found,
              })}
            </Button>
          ) : null}
        </div>
      )}
    </Card>
  );
});

function HouseholdLine({
  household: h,
  names,
}: {
  household: BuySummary['households'][number];
  names: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <li className="household-row">
      <div className="row-between">
        <span>
          <span className="muted">{h.seq}.</span> <span className="household-label">{h.label}</span>{' '}
          {h.isProxy || h.placedByVolunteer ? (
            <span className="badge badge-proxy">{t('buys.manage.proxyTag')}</span>
          ) : null}
          {h.status === 'waitlisted' ? (
            <span className="badge badge-wait">{t('buys.jielong.waiting')}</span>
          ) : null}
        </span>
        <span className="nowrap">{money(h.amountFen)}</span>
      </div>
      <p className="muted">
        {h.lines
          .map(
            (l) =>
              `${names.get(l.itemId) ?? '?'}×${l.qty}` +
              (l.waitlistedQty > 0 ? ` (${t('buys.order.waitlisted', { count: l.waitlistedQty })})` : ''),
          )
          .join('  ')}
      </p>
      {h.proxyContact ? (
        <p className="muted secondary">
          {h.proxyContact.name} {h.proxyContact.phone ?? ''}
        </p>
      ) : null}
    </li>
  );
}
