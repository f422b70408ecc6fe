import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { buysApi } from '../buys/api.ts';
import { OrderLines } from '../buys/order-form.tsx';
import type { Buy, MyOrder } from '../buys/types.ts';
import { BuyStatusChip, useMoney } from '../buys/ui.tsx';
import { waitingCanBeFilled } from '../buys/waiting.ts';
import { arrivesOn, moneyTotals, orderMoney, type OrderMoney } from './order-money.ts';
import { formatDate } from '../../format.ts';

/** /c/:id/orders: every order of my household, what it holds and what is owed. */
export function MyOrdersPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const money = useMoney();
  // The buys give the item names (orders carry item ids only): one request for all of them.
  const loaded = useLoad(
    (signal) =>
      Promise.all([
        buysApi.myOrders(community.id, signal),
        buysApi.list(community.id, signal),
        buysApi.myMoney(community.id, signal),
      ]).then(([mine, buys, money]) => ({
        mine,
        buys: new Map(buys.map((b) => [b.id, b])),
        money: new Map(money.buys.map((m) => [m.buyId, m])),
      })),
    [community.id],
  );
  const back = `/c/${community.id}/buys`;

  if (loaded.status === 'loading') return <Loading />;
  if (loaded.status === 'error')
    return (
      <Page back={back} title={t('orders.title')}>
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </Page>
    );
  const { mine, buys, money: moneyByBuy } = loaded.data;
  if (!mine.householdId) {
    return (
      <Page back={back} title={t('orders.title')}>
        <EmptyState icon="home" title={t('orders.noHousehold')}>
          {!me.household || me.household.status === 'rejected' ? (
            <ButtonLink to={`/c/${community.id}/claim`}>{t('home.claimCta')}</ButtonLink>
          ) : (
            <p>{t('home.pendingNote')}</p>
          )}
        </EmptyState>
      </Page>
    );
  }
  const live = mine.orders.filter((o) => o.status !== 'cancelled');
  const cancelled = mine.orders.filter((o) => o.status === 'cancelled');
  const moneyOf = new Map(mine.orders.map((o) => [o.id, orderMoney(o, moneyByBuy.get(o.buyId))]));
  const totals = moneyTotals([...moneyOf.values()]);
  const card = (o: MyOrder) => (
    <OrderCard
      key={o.id}
      order={o}
      buy={buys.get(o.buyId)}
      money={moneyOf.get(o.id)!}
      communityId={community.id}
    />
  );
  return (
    <Page back={back} title={t('orders.title')}>
      <Card className="card-accent">
        <p className="row-between">
          <span>{t('orders.owed')}</span>
          <strong className="owed-total" data-testid="owed-total">
            {money(totals.dueFen)}
          </strong>
        </p>
        <ul className="list-plain secondary owed-more" data-testid="owed-more">
          {totals.pendingFen > 0 ? (
            <li>{t('orders.more.pending', { amount: money(totals.pendingFen) })}</li>
          ) : null}
          {totals.refundFen > 0 ? (
            <li>{t('orders.more.refund', { amount: money(totals.refundFen) })}</li>
          ) : null}
          {totals.openFen > 0 ? <li>{t('orders.more.open', { amount: money(totals.openFen) })}</li> : null}
        </ul>
        <p className="muted secondary">{t('orders.owedHint')}</p>
      </Card>
      {mine.orders.length === 0 ? (
        <EmptyState icon="cart" title={t('orders.empty')}>
          <ButtonLink to={back}>{t('orders.browse')}</ButtonLink>
        </EmptyState>
      ) : null}
      {live.map(card)}
      {cancelled.length > 0 ? (
        <section className="stack">
          <h2 className="section-title">{t('orders.cancelled')}</h2>
          {cancelled.map(card)}
        </section>
      ) : null}
    </Page>
  );
}

function OrderCard({
  order,
  buy,
  money: owed,
  communityId,
}: {
  order: MyOrder;
  buy: Buy | undefined;
  money: OrderMoney;
  communityId: string;
}) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const base = `/c/${communityId}/buys/${order.buyId}`;
  const arrives = arrivesOn(order, buy?.deliveryDate);
  return (
    <article className="card order-card" data-testid="order-card">
      <Link to={base} className="order-card-link">
        <div className="row-between">
          <h3 className="buy-card-title">{order.buy.title}</h3>
          <BuyStatusChip status={order.buy.status} />
        </div>
        <p className="muted">
          {t('buys.order.seq', { seq: order.seq })} ·{' '}
          {t(
            order.status === 'waitlisted' && !waitingCanBeFilled(order.buy.status)
              ? 'orders.state.notFilled'
              : `orders.state.${order.status}`,
          )}
        </p>
        {arrives ? (
          <p className="muted" data-testid="order-arrives">
            {t('orders.arrives', { date: formatDate(arrives, i18n.language) })}
          </p>
        ) : null}
        {buy ? <OrderLines buy={buy} order={order} /> : null}
      </Link>
      <p className="row-between order-money" data-testid="order-money">
        <span>{t(`orders.money.${owed.kind}`)}</span>
        <strong>{money(owed.kind === 'none' ? 0 : owed.amountFen)}</strong>
      </p>
      {owed.kind === 'due' ? (
        <ButtonLink to={`${base}/pay`} block>
          {t('orders.pay')}
        </ButtonLink>
      ) : null}
    </article>
  );
}

export default MyOrdersPage;
