import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';

interface Settings {
  quietStart: string;
  quietEnd: string;
  timeZone: string;
  staleHours: number;
}

const path = (communityId: string) => `/api/communities/${seg(communityId)}/distribution-settings`;

/** The compound's quiet hours and overdue threshold: everyone sees them, admins change them. */
export function SettingsCard({ communityId, admin }: { communityId: string; admin: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const loaded = useLoad((signal) => api.get<Settings>(path(communityId), { signal }), [communityId]);
  const [form, setForm] = useState<Settings | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (loaded.status === 'ready') setForm(loaded.data);
  }, [loaded.status, loaded.data]);
  if (!form) return null;

  async function save(next: Settings) {
    setBusy(true);
    setError(null);
    try {
      setForm(await api.put<Settings>(path(communityId), next));
      toast(t('dist.settings.saved'), 'success');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!admin)
    return (
      <p className="muted">
        {t('dist.settings.summary', { start: form.quietStart, end: form.quietEnd, hours: form.staleHours })}
      </p>
    );
  return (
    <Card title={t('dist.settings.title')}>
      <p className="muted">{t('dist.settings.hint')}</p>
      <div className="plan-grid">
        <Field
          label={t('dist.settings.quietStart')}
          type="time"
          value={form.quietStart}
          onChange={(e) => setForm({ ...form, quietStart: e.target.value })}
        />
        <Field
          label={t('dist.settings.quietEnd')}
          type="time"
          value={form.quietEnd}
          onChange={(e) => setForm({ ...form, quietEnd: e.target.value })}
        />
        <Field
          label={t('dist.settings.staleHours')}
          type="number"
          min={1}
          max={72}
          inputMode="numeric"
          value={String(form.staleHours)}
          onChange={(e) => setForm({ ...form, staleHours: Number(e.target.value) || 1 })}
        />
      </div>
      <FormError error={error} />
      <Button variant="secondary" busy={busy} onClick={() => void save(form)}>
        {t('dist.settings.save')}
      </Button>
    </Card>
  );
}
