import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { buysApi } from '../buys/api.ts';
import { useMoney } from '../buys/ui.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { distributionApi } from './api.ts';
import { parseReceived } from './code-input.ts';
import type { ArrivalPlan, ShortagePolicy } from './types.ts';
import './distribution.css';

/** /c/:id/buys/:buyId/arrival: the leader counts what came off the truck, previews the shortage, applies it. */
export function ArrivalPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const navigate = useNavigate();
  const toast = useToast();
  const money = useMoney();
  const buy = useLoad((signal) => buysApi.get(buyId, signal), [buyId]);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [policy, setPolicy] = useState<ShortagePolicy>('seq');
  const [plan, setPlan] = useState<ArrivalPlan | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const back = `/c/${community.id}/buys/${buyId}/board`;

  if (buy.status === 'loading') return <Loading />;
  if (buy.status === 'error')
    return (
      <Page back={back} title={t('dist.arrival.title')}>
        <ErrorState error={buy.error} onRetry={buy.reload} />
      </Page>
    );
  const received = parseReceived(fields);

  async function run(apply: boolean) {
    if (!received) return;
    setBusy(true);
    setError(null);
    try {
      const result = apply
        ? await distributionApi.recordArrival(buyId, policy, received)
        : await distributionApi.previewArrival(buyId, policy, received);
      if (apply) {
        toast(t('dist.arrival.applied'), 'success');
        navigate(back);
      } else setPlan(result);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const names = new Map(buy.data.items.map((i) => [i.id, i.name]));
  const changed = plan?.orders.filter((o) => o.refundFen > 0) ?? [];
  return (
    <Page back={back} title={t('dist.arrival.title')}>
      <p className="lead">{buy.data.title}</p>
      <Card title={t('dist.arrival.count')}>
        <p className="muted">{t('dist.arrival.countHint')}</p>
        <div className="arrival-items">
          {buy.data.items.map((i) => (
            <label key={i.id} className="arrival-item">
              <span className="arrival-name">{i.name}</span>
              <span className="muted">{t('dist.arrival.allocated', { count: i.allocatedQty })}</span>
              <input
                className="arrival-input"
                inputMode="numeric"
                placeholder={String(i.allocatedQty)}
                aria-label={t('dist.arrival.receivedOf', { name: i.name })}
                value={fields[i.id] ?? ''}
                onChange={(e) => {
                  setPlan(null);
                  setFields({ ...fields, [i.id]: e.target.value });
                }}
              />
            </label>
          ))}
        </div>
        {received === null ? <p className="form-error">{t('dist.arrival.badQty')}</p> : null}
        <fieldset className="policy-choice">
          <legend>{t('dist.arrival.policy')}</legend>
          {(['seq', 'pro_rata'] as const).map((p) => (
            <label key={p} className="radio-row">
              <input
                type="radio"
                name="policy"
                checked={policy === p}
                onChange={() => {
                  setPlan(null);
                  setPolicy(p);
                }}
              />
              <span>
                <strong>{t(`dist.policy.${p}`)}</strong>
                <span className="muted"> {t(`dist.policy.${p}Hint`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <FormError error={error} />
        <div className="button-row">
          <Button
            variant="secondary"
            busy={busy && !plan}
            disabled={received === null}
            onClick={() => void run(false)}
          >
            {t('dist.arrival.preview')}
          </Button>
        </div>
      </Card>
      {plan ? (
        <Card title={t('dist.arrival.previewTitle')}>
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('dist.col.item')}</th>
                <th className="num">{t('dist.col.allocated')}</th>
                <th className="num">{t('dist.col.received')}</th>
                <th className="num">{t('dist.col.short')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.items.map((i) => (
                <tr key={i.itemId}>
                  <td>{i.name}</td>
                  <td className="num">{i.allocatedQty}</td>
                  <td className="num">{i.receivedQty}</td>
                  <td className={i.shortQty > 0 ? 'num short' : 'num'}>{i.shortQty}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {changed.length === 0 ? (
            <p className="muted">{t('dist.arrival.noShortage')}</p>
          ) : (
            <ul className="adjust-list" aria-label={t('dist.arrival.affected')}>
              {changed.map((o) => (
                <li key={o.orderId}>
                  <span className="household-label">{o.householdLabel}</span>{' '}
                  <span>
                    {o.lines
                      .filter((l) => l.qtyDelta < 0)
                      .map((l) => `${names.get(l.itemId) ?? ''} ${l.allocatedQty}→${l.newQty}`)
                      .join('，')}
                  </span>{' '}
                  <span className="refund">{t('dist.refund', { amount: money(o.refundFen) })}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="strong">{t('dist.arrival.totalRefund', { amount: money(plan.refundFen) })}</p>
          <Button block busy={busy} onClick={() => void run(true)}>
            {t('dist.arrival.apply')}
          </Button>
        </Card>
      ) : null}
    </Page>
  );
}

export default ArrivalPage;
