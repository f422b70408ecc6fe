import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { formatDateTime } from '../../format.ts';
import { isoToLocalInput, localInputToIso } from '../buys/datetime.ts';
import { distributionApi } from './api.ts';
import type { DeliveryPlan } from './types.ts';

const EMPTY: Record<keyof DeliveryPlan, string> = {
  windowStart: '',
  windowEnd: '',
  driverName: '',
  driverPhone: '',
  plate: '',
  passNotes: '',
  gate: '',
};

/** The truck: window, driver, plate, pass notes, gate (leader and volunteers), and "arriving / at the gate". */
export function CoordinationCard({
  buyId,
  manager,
  status,
}: {
  buyId: string;
  manager: boolean;
  status: string;
}) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const data = useLoad((signal) => distributionApi.coordination(buyId, signal), [buyId]);
  const [form, setForm] = useState(EMPTY);
  const [message, setMessage] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const plan = data.status === 'ready' ? data.data.plan : null;

  useEffect(() => {
    if (!plan) return;
    setForm({
      windowStart: isoToLocalInput(plan.windowStart),
      windowEnd: isoToLocalInput(plan.windowEnd),
      driverName: plan.driverName ?? '',
      driverPhone: plan.driverPhone ?? '',
      plate: plan.plate ?? '',
      passNotes: plan.passNotes ?? '',
      gate: plan.gate ?? '',
    });
  }, [plan]);

  if (data.status !== 'ready') return null;
  const active = ['closed', 'confirmed', 'arrived'].includes(status);

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      toast(done, 'success');
      data.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const save = () =>
    run(
      () =>
        distributionApi.savePlan(buyId, {
          windowStart: localInputToIso(form.windowStart),
          windowEnd: localInputToIso(form.windowEnd),
          driverName: form.driverName || null,
          driverPhone: form.driverPhone || null,
          plate: form.plate || null,
          passNotes: form.passNotes || null,
          gate: form.gate || null,
        }),
      t('dist.plan.saved'),
    );
  const post = (kind: 'arriving' | 'at_gate') =>
    run(() => distributionApi.post(buyId, kind, message.trim() || null, urgent), t('dist.plan.posted'));

  const field = (key: keyof DeliveryPlan, type = 'text') => (
    <Field
      label={t(`dist.plan.${key}`)}
      type={type}
      value={form[key]}
      disabled={!manager}
      onChange={(e) => setForm({ ...form, [key]: e.target.value })}
    />
  );

  return (
    <Card title={t('dist.plan.title')}>
      <p className="muted">{t('dist.plan.private')}</p>
      {manager && active ? (
        <div className="post-box">
          <TextAreaField
            label={t('dist.plan.message')}
            value={message}
            rows={2}
            maxLength={500}
            onChange={(e) => setMessage(e.target.value)}
          />
          <label className="check-row">
            <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.target.checked)} />
            <span>{t('dist.plan.urgent')}</span>
          </label>
          <div className="button-row">
            <Button busy={busy} onClick={() => void post('arriving')}>
              {t('dist.post.arriving')}
            </Button>
            <Button busy={busy} onClick={() => void post('at_gate')}>
              {t('dist.post.at_gate')}
            </Button>
          </div>
        </div>
      ) : null}
      {data.data.posts.length > 0 ? (
        <ul className="post-list">
          {data.data.posts.map((p) => (
            <li key={p.id}>
              <strong>{t(`dist.post.${p.kind}`)}</strong> {p.message ?? ''}{' '}
              <span className="muted">{formatDateTime(p.createdAt, i18n.language)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="plan-grid">
        {field('windowStart', 'datetime-local')}
        {field('windowEnd', 'datetime-local')}
        {field('driverName')}
        {field('driverPhone', 'tel')}
        {field('plate')}
        {field('gate')}
      </div>
      <TextAreaField
        label={t('dist.plan.passNotes')}
        value={form.passNotes}
        rows={2}
        disabled={!manager}
        onChange={(e) => setForm({ ...form, passNotes: e.target.value })}
      />
      <FormError error={error} />
      {manager && active ? (
        <Button variant="secondary" busy={busy} onClick={() => void save()}>
          {t('dist.plan.save')}
        </Button>
      ) : null}
    </Card>
  );
}
