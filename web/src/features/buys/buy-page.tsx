import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { formatDate, formatDateTime } from '../../format.ts';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading, RetryingNote, useSlowSend } from '../../components/states.tsx';
import { isTransient, withRetry } from '../../retry.ts';
import { useToast } from '../../components/toast.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { canVerify, isAdmin } from '../community/roles.ts';
import { buysApi, newIdempotencyKey } from './api.ts';
import { JielongList } from './jielong-list.tsx';
import { useBuyEvents } from './live.ts';
import { ItemRow, OrderForm, OrderLines } from './order-form.tsx';
import { canOrder } from './progress.ts';
import { ProxyOrderCard } from './proxy-order.tsx';
import type { Buy, Order } from './types.ts';
import { useBuyPageData } from './use-buy.ts';
import { DistributionLinks } from '../distribution/distribution-links.tsx';
import { TrustCard } from '../trust/trust-card.tsx';
import { poolsApi } from '../pools/api.ts';
import { PoolCard } from '../pools/pool-card.tsx';
import { poolReachedOf, withPoolReached } from '../pools/pool-text.ts';
import type { PoolTotals, PoolView } from '../pools/types.ts';
import { useLoad } from '../../hooks.ts';
import { BuyStatusChip, ConfirmDialog, ThresholdProgress, TimeLeftText, useMoney, useNow } from './ui.tsx';
import { waitingCanBeFilled, withListPlace } from './waiting.ts';

/** /c/:id/buys/:buyId: the buy, my order (join, edit, cancel), 代下单, and the live 接龙 list. */
export function BuyPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community, me } = useCompound();
  const { state, refresh, writeMine, keepEvent } = useBuyPageData(buyId, me.household?.label ?? null);
  // Order events carry their 接龙 line and the buy's counters: the page applies them itself and refetches
  // only what they cannot tell (use-buy.ts).
  // A pool reaching its minimum says so with its totals (the card shows them, met, without fetching).
  const [poolReached, setPoolReached] = useState<PoolTotals | null>(null);
  const onEvent = useCallback(
    (data: unknown) => {
      const reached = poolReachedOf(data);
      if (reached) setPoolReached(reached);
      return keepEvent(data);
    },
    [keepEvent],
  );
  const { live } = useBuyEvents(buyId, refresh, onEvent);
  const now = useNow(15_000);
  // 联合团购: read on open, like 放心买 (no timer; most buys are in no pool), and again when its gates are
  // unfolded. A read again that fails keeps the card as it was.
  const pooled = useLoad((signal) => poolsApi.ofBuy(buyId, signal), [buyId]);
  const lastPool = useRef<PoolView | null>(null);
  if (pooled.status === 'ready') lastPool.current = pooled.data;
  const read = pooled.status === 'ready' ? pooled.data : lastPool.current;
  const pool = read ? withPoolReached(read, poolReached) : null;
  const back = `/c/${community.id}/buys`;

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error')
    return (
      <Page back={back} title={t('buys.buy.title')}>
        <ErrorState error={state.error} onRetry={() => void refresh().catch(() => undefined)} />
      </Page>
    );

  const { buy, entries } = state.data;
  // My place in the queue as the list below shows it, kept current by the list's events (waiting.ts).
  const myOrder = state.data.myOrder && withListPlace(state.data.myOrder, entries, buy.items);
  const manager = isAdmin(me) || (me.roles.leader && buy.createdBy === me.memberId);
  const orderable = canOrder(buy, now);

  return (
    <Page back={back} title={buy.title}>
      <BuyInfo buy={buy} now={now} pooled={pool !== null} />
      {pool ? <PoolCard pool={pool} onUnfold={pooled.reload} /> : null}
      <TrustCard buyId={buy.id} communityId={community.id} />
      {manager ? (
        <ButtonLink to={`/c/${community.id}/buys/${buy.id}/manage`} variant="secondary" block>
          {t('buys.buy.manage')}
        </ButtonLink>
      ) : null}
      <DistributionLinks communityId={community.id} buy={buy} me={me} hasOrder={!!myOrder} />
      <MyOrderCard buy={buy} order={myOrder} orderable={orderable} write={writeMine} />
      {buy.status !== 'draft' && buy.status !== 'open' ? (
        <div className="stack">
          {myOrder && me.household ? (
            <ButtonLink to={`/c/${community.id}/buys/${buy.id}/pay`} block>
              {t('money.links.pay')}
            </ButtonLink>
          ) : null}
          <ButtonLink to={`/c/${community.id}/buys/${buy.id}/ledger`} variant="secondary" block>
            {t('money.links.ledger')}
          </ButtonLink>
        </div>
      ) : null}
      {orderable && canVerify(me) ? <ProxyOrderCard buy={buy} me={me} /> : null}
      {buy.status !== 'draft' ? (
        <JielongList entries={entries} myLabel={me.household?.label ?? null} live={live} />
      ) : null}
    </Page>
  );
}

/** `pooled`: the buy is in a 联合团购, whose card shows the progress that decides 成团 instead of the buy's own. */
function BuyInfo({ buy, now, pooled }: { buy: Buy; now: number; pooled: boolean }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  return (
    <Card>
      <div className="row-between">
        <BuyStatusChip status={buy.status} />
        {buy.status === 'open' ? <TimeLeftText deadline={buy.deadline} now={now} /> : null}
      </div>
      {buy.description ? <p className="buy-description">{buy.description}</p> : null}
      {buy.status === 'cancelled' && buy.cancelReason ? (
        <p className="form-error">{t('buys.buy.cancelReason', { reason: buy.cancelReason })}</p>
      ) : null}
      {buy.status === 'failed' ? <p className="form-error">{t('buys.buy.failedNote')}</p> : null}
      {pooled ? null : <ThresholdProgress buy={buy} />}
      <dl className="facts">
        <dt>{t('buys.buy.deadline')}</dt>
        <dd>{formatDateTime(buy.deadline, i18n.language)}</dd>
        {buy.deliveryDate ? (
          <>
            <dt>{t('buys.buy.delivery')}</dt>
            <dd>{formatDate(buy.deliveryDate, i18n.language)}</dd>
          </>
        ) : null}
        <dt>{t('buys.buy.pickup')}</dt>
        <dd>{t(`buys.pickup.${buy.pickupMode}`)}</dd>
        {buy.supplierName ? (
          <>
            <dt>{t('buys.buy.supplier')}</dt>
            <dd>{buy.supplierName}</dd>
          </>
        ) : null}
        <dt>{t('buys.buy.leaderFee')}</dt>
        <dd>
          {buy.leaderFeeFen > 0
            ? t('buys.buy.feePerHousehold', { amount: money(buy.leaderFeeFen) })
            : t('buys.buy.noFee')}
        </dd>
        <dt className="secondary">{t('buys.buy.joined')}</dt>
        <dd className="secondary">{t('buys.card.households', { count: buy.totals.orders })}</dd>
      </dl>
    </Card>
  );
}

interface MyOrderCardProps {
  buy: Buy;
  order: Order | null;
  orderable: boolean;
  /** Runs a write of my order; the page shows its answer (use-buy.ts). */
  write: <T extends Order | null>(run: () => Promise<T>) => Promise<T>;
}

/** Join, or see and change my household's order while the buy is open. */
function MyOrderCard({ buy, order, orderable, write }: MyOrderCardProps) {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const toast = useToast();
  const money = useMoney();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [cancelKey, setCancelKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState(0);
  const slow = useSlowSend(busy);
  const [error, setError] = useState<unknown>(null);

  const household = me.household;
  const verified = household?.status === 'verified';

  async function cancelOrder() {
    // One key for this cancel, kept for a retry after a lost answer.
    const key = cancelKey ?? newIdempotencyKey();
    setCancelKey(key);
    setBusy(true);
    setError(null);
    try {
      await write(async () => {
        await withRetry(() => buysApi.cancelOrder(buy.id, 'mine', key), { onRetry: setRetrying });
        return null;
      });
      setCancelKey(null);
      setConfirming(false);
      toast(t('buys.order.cancelled'), 'success');
    } catch (err) {
      if (!isTransient(err)) setCancelKey(null);
      setError(err);
    } finally {
      setBusy(false);
      setRetrying(0);
    }
  }

  const saved = (next: Order) => {
    setEditing(false);
    toast(
      next.lines.some((l) => l.waitlistedQty > 0) ? t('buys.order.savedWaiting') : t('buys.order.saved'),
      'success',
    );
  };

  if (!order) {
    if (!orderable) {
      if (buy.status === 'draft') return <ItemsCard buy={buy} />;
      return <ItemsCard buy={buy} note={buy.status === 'open' ? t('buys.order.deadlinePassed') : null} />;
    }
    if (!verified) {
      return (
        <>
          <ItemsCard buy={buy} />
          <Card className="card-note">
            <p>{household ? t('buys.order.waitVerify') : t('buys.order.claimFirst')}</p>
            {!household || household.status === 'rejected' ? (
              <ButtonLink to={`/c/${community.id}/claim`} block>
                {t('home.claimCta')}
              </ButtonLink>
            ) : null}
          </Card>
        </>
      );
    }
    return (
      <Card title={t('buys.order.joinTitle', { label: household.label })} className="card-accent">
        <OrderForm buy={buy} order={null} target="mine" send={write} onSaved={saved} />
      </Card>
    );
  }

  return (
    <>
      {!editing ? <ItemsCard buy={buy} /> : null}
      <Card
        title={t('buys.order.mineTitle', { label: order.householdLabel })}
        action={<span className="muted nowrap">{t('buys.order.seq', { seq: order.seq })}</span>}
        className="card-accent"
      >
        {editing ? (
          <OrderForm
            buy={buy}
            order={order}
            target="mine"
            send={write}
            onSaved={saved}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <div className="my-order" data-testid="my-order">
            <OrderLines buy={buy} order={order} />
            {order.note ? <p className="muted">{t('buys.order.noteShown', { note: order.note })}</p> : null}
            <p className="order-owed">{t('buys.order.owed', { amount: money(order.amountFen) })}</p>
            {order.status === 'waitlisted' ? (
              <p className="muted">
                {t(waitingCanBeFilled(buy.status) ? 'buys.order.waitExplain' : 'buys.order.notFilledExplain')}
              </p>
            ) : null}
            {orderable ? (
              <div className="button-row button-row-2">
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  {t('buys.order.edit')}
                </Button>
                <Button variant="danger" onClick={() => setConfirming(true)}>
                  {t('buys.order.cancel')}
                </Button>
              </div>
            ) : null}
          </div>
        )}
      </Card>
      {confirming ? (
        <ConfirmDialog
          title={t('buys.order.cancelTitle')}
          confirmLabel={t('buys.order.cancelConfirm')}
          dismissLabel={t('buys.keep')}
          danger
          busy={busy}
          onConfirm={() => void cancelOrder()}
          onCancel={() => {
            setConfirming(false);
            setError(null);
          }}
        >
          <p>{t('buys.order.cancelBody')}</p>
          <RetryingNote attempt={retrying} slow={slow} />
          <FormError error={error} />
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function ItemsCard({ buy, note }: { buy: Buy; note?: string | null }) {
  const { t } = useTranslation();
  return (
    <Card title={t('buys.buy.items')}>
      <ul className="list-plain item-list">
        {buy.items.map((item) => (
          <ItemRow key={item.id} item={item} stock={buy.status === 'draft' || buy.status === 'open'} />
        ))}
      </ul>
      {note ? <p className="muted">{note}</p> : null}
    </Card>
  );
}

export default BuyPage;
