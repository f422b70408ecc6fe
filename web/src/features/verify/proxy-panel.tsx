import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building, Household, Proxy } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { isContactPhone } from '../auth/validation.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { sortByName } from '../community/floors.ts';

/** A building and room to start with (物资覆盖's 登记代管); either may be empty. */
export interface ProxyChoice {
  buildingId: string;
  householdId: string;
}

function ProxyForm({ onCreated, initial }: { onCreated: () => void; initial: ProxyChoice }) {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const toast = useToast();
  const buildings = useLoad(
    (signal) =>
      api.get<{ buildings: Building[] }>(`/api/communities/${seg(community.id)}/buildings`, { signal }),
    [community.id],
  );
  const [buildingId, setBuildingId] = useState(initial.buildingId);
  const rooms = useLoad(
    (signal) =>
      buildingId
        ? api
            .get<{ households: Household[] }>(
              `/api/communities/${seg(community.id)}/households?buildingId=${seg(buildingId)}`,
              { signal },
            )
            .then((r) => r.households)
        : Promise.resolve([]),
    [community.id, buildingId],
  );
  const [householdId, setHouseholdId] = useState(initial.buildingId ? initial.householdId : '');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [notes, setNotes] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Volunteers register neighbours in their own buildings; admins anywhere.
  const mine = (b: Building) => me.roles.admin || me.roles.volunteerBuildingIds.includes(b.id);
  const choices = buildings.status === 'ready' ? sortByName(buildings.data.buildings.filter(mine)) : [];

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

  if (buildings.status === 'loading') return <Loading />;
  if (buildings.status === 'error') return <ErrorState error={buildings.error} onRetry={buildings.reload} />;
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted secondary">{t('verify.proxyLead')}</p>
      <div className="grid-2">
        <label className="field">
          <span>{t('verify.building')}</span>
          <select
            value={buildingId}
            onChange={(e) => {
              setBuildingId(e.target.value);
              setHouseholdId('');
            }}
          >
            <option value="">{t('verify.choose')}</option>
            {choices.map((b) => (
              <option key={b.id} value={b.id}>
                {t('claim.buildingName', { name: b.name })}
              </option>
            ))}
          </select>
        </label>
        <label className={problems.householdId ? 'field field-invalid' : 'field'}>
          <span>{t('verify.room')}</span>
          <select value={householdId} onChange={(e) => setHouseholdId(e.target.value)} disabled={!buildingId}>
            <option value="">{t('verify.choose')}</option>
            {(rooms.status === 'ready' ? rooms.data : [])
              .slice()
              .sort((a, b) => a.room.localeCompare(b.room, 'zh-CN', { numeric: true }))
              .map((h) => (
                <option key={h.id} value={h.id}>
                  {h.room}
                </option>
              ))}
          </select>
          {problems.householdId ? <span className="field-error">{problems.householdId}</span> : null}
        </label>
      </div>
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

export function ProxyPanel({ initial = { buildingId: '', householdId: '' } }: { initial?: ProxyChoice }) {
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
