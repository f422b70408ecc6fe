import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Membership } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { sortByName } from '../community/floors.ts';
import { buysApi, newIdempotencyKey } from './api.ts';
import { OrderForm, OrderLines } from './order-form.tsx';
import type { Buy, Order } from './types.ts';
import { useMoney } from './ui.tsx';
import { withRetry } from '../../retry.ts';

const roomOrder = new Intl.Collator('zh-CN', { numeric: true });

/**
 * 代下单: a building volunteer (or an admin) orders for a neighbour without a phone. Pick the building,
 * then the room; the form replaces that household's order. Volunteers see only their own buildings.
 */
export function ProxyOrderCard({ buy, me }: { buy: Buy; me: Membership }) {
  const { t } = useTranslation();
  const toast = useToast();
  const money = useMoney();
  const [open, setOpen] = useState(false);
  const [buildingId, setBuildingId] = useState('');
  const [householdId, setHouseholdId] = useState('');
  const [saved, setSaved] = useState<Order | null>(null);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);

  const buildings = useLoad(
    (signal) => (open ? buysApi.buildings(buy.communityId, signal) : Promise.resolve([])),
    [buy.communityId, open],
  );
  // What the household has already (it phoned yesterday, a 接龙 import put it in): edited, not replaced blind.
  const current = useLoad(
    (signal) => (householdId ? buysApi.householdOrder(buy.id, householdId, signal) : Promise.resolve(null)),
    [buy.id, householdId],
  );
  const rooms = useLoad(
    (signal) => (buildingId ? buysApi.households(buy.communityId, buildingId, signal) : Promise.resolve([])),
    [buy.communityId, buildingId],
  );

  if (!open) {
    return (
      <Card title={t('buys.proxy.title')}>
        <p className="muted secondary">{t('buys.proxy.lead')}</p>
        <Button variant="secondary" block onClick={() => setOpen(true)}>
          {t('buys.proxy.start')}
        </Button>
      </Card>
    );
  }

  const mine = (id: string) => me.roles.admin || me.roles.volunteerBuildingIds.includes(id);
  const choices = buildings.status === 'ready' ? sortByName(buildings.data.filter((b) => mine(b.id))) : [];
  const roomChoices =
    rooms.status === 'ready'
      ? // Only households that may order: a verified claim, or a proxy household (代登记).
        rooms.data.filter((h) => h.verified).sort((a, b) => roomOrder.compare(a.room, b.room))
      : [];
  const household = roomChoices.find((h) => h.id === householdId) ?? null;
  /** The order as it stands: the one just saved here, else the one the household had. */
  const order = saved ?? (current.status === 'ready' ? current.data : null);

  async function cancelFor(id: string) {
    setCancelling(true);
    setCancelError(null);
    try {
      const key = newIdempotencyKey();
      const order = await withRetry(() => buysApi.cancelOrder(buy.id, { householdId: id }, key));
      setSaved(null);
      current.reload();
      toast(t('buys.proxy.cancelled', { label: order.householdLabel }), 'success');
    } catch (err) {
      setCancelError(err);
    } finally {
      setCancelling(false);
    }
  }

  return (
    <Card title={t('buys.proxy.title')}>
      {buildings.status === 'loading' ? (
        <Loading />
      ) : buildings.status === 'error' ? (
        <ErrorState error={buildings.error} onRetry={buildings.reload} />
      ) : (
        <div className="grid-2">
          <div className="field">
            <label htmlFor="proxy-building">{t('buys.proxy.building')}</label>
            <select
              id="proxy-building"
              value={buildingId}
              onChange={(e) => {
                setBuildingId(e.target.value);
                setHouseholdId('');
                setSaved(null);
              }}
            >
              <option value="">{t('buys.proxy.pick')}</option>
              {choices.map((b) => (
                <option key={b.id} value={b.id}>
                  {t('buys.proxy.buildingName', { name: b.name })}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="proxy-room">{t('buys.proxy.room')}</label>
            <select
              id="proxy-room"
              value={householdId}
              disabled={!buildingId || rooms.status !== 'ready'}
              onChange={(e) => {
                setHouseholdId(e.target.value);
                setSaved(null);
              }}
            >
              <option value="">{t('buys.proxy.pick')}</option>
              {roomChoices.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.isProxy ? t('buys.proxy.proxyRoom', { room: h.room }) : h.room}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {buildingId && rooms.status === 'ready' && roomChoices.length === 0 ? (
        <p className="muted">{t('buys.proxy.noRooms')}</p>
      ) : null}
      {household && current.status === 'loading' ? <Loading /> : null}
      {household && current.status === 'error' ? (
        <ErrorState error={current.error} onRetry={current.reload} />
      ) : null}
      {household && current.status === 'ready' ? (
        <>
          <p className="lead">
            {t('buys.proxy.for')} <span className="household-label">{household.label}</span>
          </p>
          {order ? (
            <div className="order-result" data-testid="proxy-result">
              <p className="muted secondary">{t('buys.proxy.current')}</p>
              <OrderLines buy={buy} order={order} />
              <p>{t('buys.order.owed', { amount: money(order.amountFen) })}</p>
            </div>
          ) : (
            <p className="muted" data-testid="proxy-no-order">
              {t('buys.proxy.noOrder')}
            </p>
          )}
          <OrderForm
            key={`${household.id} ${order?.id ?? ''} ${order?.amountFen ?? ''}`}
            buy={buy}
            order={order}
            target={{ householdId: household.id }}
            onSaved={(saved) => {
              setSaved(saved);
              toast(t('buys.proxy.saved', { label: saved.householdLabel }), 'success');
            }}
          />
          {order ? (
            <>
              <p className="muted secondary">{t('buys.proxy.replaceNote')}</p>
              <Button variant="danger" block busy={cancelling} onClick={() => void cancelFor(household.id)}>
                {t('buys.proxy.cancel', { label: household.label })}
              </Button>
            </>
          ) : null}
          <FormError error={cancelError} />
        </>
      ) : null}
    </Card>
  );
}
