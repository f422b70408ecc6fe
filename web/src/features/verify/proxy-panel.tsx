import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Proxy } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { isContactPhone } from '../auth/validation.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { pickerPending, RoomPicker, useRoomPicker, type RoomChoice } from './room-picker.tsx';

function ProxyForm({ onCreated, initial }: { onCreated: () => void; initial: RoomChoice }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const toast = useToast();
  const picker = useRoomPicker(initial);
  const { householdId, setHouseholdId } = picker;
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!householdId) found.householdId = t('verify.pickRoomFirst');
    if (!contactName.trim()) found.contactName = t('validation.required');
    if (contactPhone.trim() && !isContactPhone(contactPhone))
      found.contactPhone = t('validation.contactPhone');
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await api.post(`/api/communities/${seg(community.id)}/proxies`, {
        householdId,
        contactName: contactName.trim(),
        ...(contactPhone.trim() ? { contactPhone: contactPhone.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      toast(t('verify.proxyCreated'), 'success');
      setHouseholdId('');
      setContactName('');
      setContactPhone('');
      setNotes('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const pending = pickerPending(picker);
  if (pending) return pending;
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted secondary">{t('verify.proxyLead')}</p>
      <RoomPicker picker={picker} error={problems.householdId} />
      <Field
        label={t('verify.contactName')}
        value={contactName}
        onChange={(e) => setContactName(e.target.value)}
        error={problems.contactName}
        maxLength={50}
      />
      <Field
        label={t('verify.contactPhone')}
        hint={t('common.optional')}
        type="tel"
        inputMode="tel"
        value={contactPhone}
        onChange={(e) => setContactPhone(e.target.value)}
        error={problems.contactPhone}
      />
      <TextAreaField
        label={t('verify.notes')}
        hint={t('verify.notesHint')}
        rows={2}
        value={notes}
        onChange={(e) => setNotes(e.target.value)}
        maxLength={500}
      />
      <FormError error={error} />
      <Button type="submit" block busy={busy}>
        {t('verify.registerProxy')}
      </Button>
    </form>
  );
}

export function ProxyPanel({ initial = { buildingId: '', householdId: '' } }: { initial?: RoomChoice }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const proxies = useLoad(
    (signal) => api.get<{ proxies: Proxy[] }>(`/api/communities/${seg(community.id)}/proxies`, { signal }),
    [community.id],
  );
  return (
    <>
      <Card title={t('verify.newProxy')}>
        <ProxyForm onCreated={proxies.reload} initial={initial} />
      </Card>
      <Card title={t('verify.proxies')}>
        {proxies.status === 'loading' ? (
          <Loading />
        ) : proxies.status === 'error' ? (
          <ErrorState error={proxies.error} onRetry={proxies.reload} />
        ) : proxies.data.proxies.length === 0 ? (
          <EmptyState icon="heart" title={t('verify.noProxies')} />
        ) : (
          <ul className="list-plain proxy-list">
            {proxies.data.proxies.map((p, i) => (
              <li key={p.id ?? p.householdId ?? i} className="proxy">
                <span className="household-label">{p.householdLabel ?? p.label ?? p.household?.label}</span>
                <span>
                  <strong>{p.contactName}</strong>
                  {p.contactPhone ? (
                    <a className="phone-link" href={`tel:${p.contactPhone}`}>
                      {p.contactPhone}
                    </a>
                  ) : null}
                </span>
                {p.notes ? <p className="muted secondary">{p.notes}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
