import { memo, startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { JielongCard } from '../jielong/copy-card.tsx';
import { buysApi, exportUrl } from './api.ts';
import { FIRST_HOUSEHOLDS, HouseholdOrders, type ShownHouseholds } from './household-orders.tsx';
import { applyCounters, orderEventParts, summaryDelay, type EventPart } from './list-patch.ts';
import { useBuyEvents, type RefreshScope } from './live.ts';
import type { Buy, BuyStatus, BuySummary } from './types.ts';
import { BuyStatusChip, ConfirmDialog, ThresholdProgress, useMoney } from './ui.tsx';
import { useLoad } from '../../hooks.ts';
import { poolsApi } from '../pools/api.ts';
import { PoolSection } from '../pools/pool-manage.tsx';
import { changesPool } from '../pools/pool-text.ts';

type Action = 'publish' | 'close' | 'confirm' | 'arrive' | 'complete' | 'cancel';

/** What the leader can do next from each state (docs/buys.md lifecycle). */
const NEXT: Record<BuyStatus, Action[]> = {
  draft: ['publish', 'cancel'],
  open: ['close', 'cancel'],
  closed: ['confirm', 'cancel'],
  confirmed: ['arrive', 'cancel'],
  arrived: ['complete'],
  completed: [],
  failed: [],
  cancelled: [],
};

type State =
  | { status: 'loading' }
  | {
      status: 'ready';
      buy: Buy;
      summary: BuySummary | null;
      summaryError: unknown;
      /** The households the summary holds (the search, filter and page it was fetched for). */
      shown: ShownHouseholds;
      /** Moves each time the summary is fetched: the 接龙 card refetches its text with it. */
      summaryKey: number;
    }
  | { status: 'error'; error: unknown };

/** /c/:id/buys/:buyId/manage: totals, the lifecycle buttons, downloads. Live like the buy page. */
export function ManagePage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const [state, setState] = useState<State>({ status: 'loading' });
  // 联合团购: read when the page opens and after a pool is opened here (not on the buy's live updates).
  const pool = useLoad((signal) => poolsApi.ofBuy(buyId, signal), [buyId]);
  const pooled = pool.status === 'ready' && pool.data !== null;

  /** What order events carried since the last refresh (their counters keep the totals live). */
  const pending = useRef<EventPart[]>([]);
  const summaryAt = useRef(0);
  const later = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ready = useRef(false);
  /** The households the leader asked for last; every summary fetch asks for them. */
  const [asked, setAsked] = useState(FIRST_HOUSEHOLDS);
  const askedRef = useRef(FIRST_HOUSEHOLDS);
  /** Counts summary fetches: an answer that a later fetch overtook is dropped (a search typed on). */
  const fetches = useRef(0);

  const fetchSummary = useCallback(() => {
    const n = ++fetches.current;
    const view = askedRef.current;
    return buysApi.summary(buyId, view).then(
      (s) => ({ s, e: null as unknown, view, stale: n !== fetches.current }),
      (e: unknown) => ({ s: null, e, view, stale: n !== fetches.current }),
    );
  }, [buyId]);

  /** The summary (every household's totals, which reads every order) again, and the 接龙 card with it. */
  const refreshSummary = useCallback(async () => {
    if (later.current) clearTimeout(later.current);
    later.current = null;
    summaryAt.current = Date.now();
    const summary = await fetchSummary();
    if (summary.stale) return;
    // Rendered in slices, between the leader's taps.
    startTransition(() =>
      setState((prev) =>
        prev.status === 'ready'
          ? {
              ...prev,
              summary: summary.s,
              summaryError: summary.e,
              shown: summary.view,
              summaryKey: prev.summaryKey + 1,
            }
          : prev,
      ),
    );
  }, [fetchSummary]);

  /** Another search, filter or page of households: the summary again, without the 接龙 card. */
  const askHouseholds = useCallback(
    async (next: ShownHouseholds) => {
      askedRef.current = next;
      setAsked(next);
      const summary = await fetchSummary();
      if (summary.stale) return;
      startTransition(() =>
        setState((prev) =>
          prev.status === 'ready'
            ? { ...prev, summary: summary.s, summaryError: summary.e, shown: summary.view }
            : prev,
        ),
      );
    },
    [fetchSummary],
  );

  /**
   * `full`: the buy and its summary. `light` (only order events since the last refresh): the totals from the
   * counters the events carried, and the summary at most every 15 s while they keep coming (a rush of 5,000
   * joins would otherwise have the leader's page read every order every 2–3 s), then once more after the last.
   */
  const refresh = useCallback(
    async (scope: RefreshScope = 'full') => {
      const parts = pending.current;
      pending.current = [];
      try {
        if (scope === 'full' || !ready.current || parts.some((p) => !p.counters)) {
          if (later.current) clearTimeout(later.current);
          later.current = null;
          summaryAt.current = Date.now();
          const [buy, summary] = await Promise.all([buysApi.get(buyId), fetchSummary()]);
          setState((prev) => ({
            status: 'ready',
            buy,
            ...(summary.stale && prev.status === 'ready'
              ? { summary: prev.summary, summaryError: prev.summaryError, shown: prev.shown }
              : { summary: summary.s, summaryError: summary.e, shown: summary.view }),
            summaryKey: prev.status === 'ready' ? prev.summaryKey + 1 : 0,
          }));
          ready.current = true;
          return;
        }
        const newest = parts.reduce<EventPart['counters']>(
          (a, p) => (p.counters && (!a || p.counters.version > a.version) ? p.counters : a),
          null,
        );
        setState((prev) =>
          prev.status === 'ready' ? { ...prev, buy: applyCounters(prev.buy, newest) } : prev,
        );
        const wait = summaryDelay(Date.now(), summaryAt.current);
        if (wait === 0) await refreshSummary();
        else later.current ??= setTimeout(() => void refreshSummary(), wait);
      } catch (error) {
        setState((prev) => (prev.status === 'ready' ? prev : { status: 'error', error }));
      }
    },
    [buyId, fetchSummary, refreshSummary],
  );
  useEffect(() => {
    pending.current = [];
    ready.current = false;
    void refresh('full');
    return () => {
      if (later.current) clearTimeout(later.current);
      later.current = null;
    };
  }, [refresh]);
  const reloadPool = pool.reload;
  const keepEvent = useCallback(
    (data: unknown): boolean => {
      // A compound joined the pool, or it reached its minimum: its section reads the pool again (gates and
      // totals), and nothing else on the page changed.
      if (changesPool(data)) {
        reloadPool();
        return true;
      }
      const parts = orderEventParts(data);
      if (parts) pending.current.push(...parts);
      return parts !== null;
    },
    [reloadPool],
  );
  useBuyEvents(buyId, refresh, keepEvent);

  const back = `/c/${community.id}/buys/${buyId}`;
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error')
    return (
      <Page back={`/c/${community.id}/buys`} title={t('buys.manage.title')}>
        <ErrorState error={state.error} onRetry={() => void refresh()} />
      </Page>
    );
  const { buy, summary } = state;
  return (
    <Page back={back} title={t('buys.manage.title')}>
      <Card>
        <div className="row-between">
          <h2 className="card-title">{buy.title}</h2>
          <BuyStatusChip status={buy.status} />
        </div>
        {pooled ? null : <ThresholdProgress buy={buy} />}
        <Totals buy={buy} summary={summary} />
      </Card>
      <Actions buy={buy} onDone={refresh} pooled={pooled} />
      <PoolSection buy={buy} pool={pool} />
      <JielongCard
        buyId={buy.id}
        communityId={community.id}
        canImport={buy.status === 'open'}
        version={`${state.summaryKey}:${buy.status}`}
      />
      {buy.status !== 'draft' && buy.status !== 'open' ? (
        <ButtonLink to={`/c/${community.id}/buys/${buy.id}/money`} block>
          {t('money.links.reconcile')}
        </ButtonLink>
      ) : null}
      {buy.status !== 'draft' ? <Downloads buy={buy} /> : null}
      {summary ? (
        <>
          <SummaryTables summary={summary} />
          <HouseholdOrders summary={summary} asked={asked} shown={state.shown} onAsk={askHouseholds} />
        </>
      ) : (
        <Card title={t('buys.manage.items')}>
          <ErrorState error={state.summaryError} onRetry={() => void refresh()} />
        </Card>
      )}
    </Page>
  );
}

function Totals({ buy, summary }: { buy: Buy; summary: BuySummary | null }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <dl className="facts totals">
      <dt>{t('buys.manage.households')}</dt>
      <dd data-testid="manage-households">{t('buys.card.households', { count: buy.totals.orders })}</dd>
      <dt>{t('buys.manage.allocated')}</dt>
      <dd>
        {t('buys.manage.qty', { count: buy.totals.allocatedQty })}
        {buy.totals.waitlistedQty > 0 ? (
          <span className="muted"> · {t('buys.order.waitlisted', { count: buy.totals.waitlistedQty })}</span>
        ) : null}
      </dd>
      {summary ? (
        <>
          <dt>{t('buys.manage.goods')}</dt>
          <dd>{money(summary.totals.goodsFen)}</dd>
          <dt>{t('buys.manage.fees')}</dt>
          <dd>{money(summary.totals.leaderFeesFen)}</dd>
        </>
      ) : null}
      <dt>{t('buys.manage.amount')}</dt>
      <dd className="strong">{money(buy.totals.amountFen)}</dd>
      {buy.status === 'arrived' || buy.status === 'completed' ? (
        <dd className="muted secondary totals-note" data-testid="manage-as-ordered">
          {t('buys.manage.asOrdered')}
        </dd>
      ) : null}
    </dl>
  );
}

/** `pooled`: a 联合团购's buy closes with the others at the deadline, never early (no 立即截单). */
function Actions({ buy, onDone, pooled }: { buy: Buy; onDone: () => Promise<void>; pooled: boolean }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const toast = useToast();
  const [pending, setPending] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const actions = NEXT[buy.status].filter((a) => !(pooled && a === 'close'));

  async function run(action: Action) {
    setBusy(true);
    setError(null);
    try {
      const after =
        action === 'cancel'
          ? await buysApi.cancel(buy.id, reason.trim())
          : await buysApi.transition(buy.id, action);
      setPending(null);
      setReason('');
      toast(t('buys.manage.nowStatus', { status: t(`buys.status.${after.status}`) }), 'success');
      await onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('buys.manage.actions')}>
      <div className="button-row">
        {buy.status === 'draft' ? (
          <ButtonLink to={`/c/${community.id}/buys/${buy.id}/edit`} variant="secondary">
            {t('buys.manage.edit')}
          </ButtonLink>
        ) : null}
        {actions.map((a) => (
          <Button key={a} variant={a === 'cancel' ? 'danger' : 'primary'} onClick={() => setPending(a)}>
            {t(`buys.manage.action.${a}`)}
          </Button>
        ))}
        {buy.status === 'draft' ? null : (
          <ButtonLink to={`/c/${community.id}/buys/new?from=${buy.id}`} variant="secondary">
            {t('buys.manage.again')}
          </ButtonLink>
        )}
      </div>
      {actions.length === 0 ? <p className="muted">{t('buys.manage.final')}</p> : null}
      {pending ? (
        <ConfirmDialog
          title={t(`buys.manage.confirm.${pending}.title`)}
          confirmLabel={t(`buys.manage.action.${pending}`)}
          danger={pending === 'cancel'}
          dismissLabel={pending === 'cancel' ? t('buys.keep') : undefined}
          busy={busy}
          confirmDisabled={pending === 'cancel' && !reason.trim()}
          onConfirm={() => void run(pending)}
          onCancel={() => {
            setPending(null);
            setError(null);
          }}
        >
          <p>{t(`buys.manage.confirm.${pending}.body`)}</p>
          {pending === 'cancel' ? (
            <TextAreaField
              label={t('buys.manage.reason')}
              value={reason}
              maxLength={500}
              rows={2}
              onChange={(e) => setReason(e.target.value)}
            />
          ) : null}
          <FormError error={error} />
        </ConfirmDialog>
      ) : null}
    </Card>
  );
}

function Downloads({ buy }: { buy: Buy }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  return (
    <Card title={t('buys.manage.downloads')}>
      <div className="download-list">
        <a className="btn btn-secondary" href={exportUrl(buy.id, 'supplier.xlsx')} download>
          {t('buys.manage.supplierXlsx')}
        </a>
        <a className="btn btn-secondary" href={exportUrl(buy.id, 'supplier.csv')} download>
          {t('buys.manage.supplierCsv')}
        </a>
        <a className="btn btn-secondary" href={exportUrl(buy.id, 'packing.xlsx')} download>
          {t('buys.manage.packingXlsx')}
        </a>
        <Link className="btn btn-secondary" to={`/c/${community.id}/buys/${buy.id}/packing`}>
          {t('buys.manage.packingPrint')}
        </Link>
      </div>
    </Card>
  );
}

/**
 * Per item and building (per household: household-orders.tsx). Memoised: the totals above change with every
 * order event, the summary only when it is fetched again (at most every 15 s during a rush, bench/phone.ts).
 */
const SummaryTables = memo(function SummaryTables({ summary }: { summary: BuySummary }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <>
      <Card title={t('buys.manage.items')}>
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('buys.manage.col.item')}</th>
                <th className="num">{t('buys.manage.col.ordered')}</th>
                <th className="num">{t('buys.manage.col.allocated')}</th>
                <th className="num">{t('buys.manage.col.waiting')}</th>
                <th className="num">{t('buys.manage.col.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {summary.items.map((i) => (
                <tr key={i.itemId}>
                  <td>{i.name}</td>
                  <td className="num">{i.orderedQty}</td>
                  <td className="num">{i.allocatedQty}</td>
                  <td className="num">{i.waitlistedQty}</td>
                  <td className="num">{money(i.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {summary.buildings.length > 0 ? (
        <Card title={t('buys.manage.buildings')}>
          <ul className="list-plain rows">
            {summary.buildings.map((b) => (
              <li key={b.buildingId} className="row-between">
                <span>
                  {t('buys.proxy.buildingName', { name: b.name })} ·{' '}
                  {t('buys.card.households', { count: b.households })}
                </span>
                <span className="nowrap">{money(b.amountFen)}</span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
});

export default ManagePage;
