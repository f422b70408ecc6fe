import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building, Household } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { sortByName } from '../community/floors.ts';

function RoomRow({ household, onChanged }: { household: Household; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [room, setRoom] = useState(household.room);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      setEditing(false);
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!editing) {
    return (
      <button
        type="button"
        className="room-chip"
        onClick={() => setEditing(true)}
        aria-label={t('setup.editRoom', { label: household.label })}
      >
        {household.room}
        {household.verified ? <span className="dot" aria-hidden="true" /> : null}
      </button>
    );
  }
  return (
    <div className="room-edit">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (room.trim())
            void run(() => api.patch(`/api/households/${seg(household.id)}`, { room: room.trim() }));
        }}
      >
        <input
          aria-label={t('setup.room')}
          value={room}
          onChange={(e) => setRoom(e.target.value)}
          maxLength={20}
          autoFocus
        />
        <Button type="submit" busy={busy}>
          {t('common.save')}
        </Button>
        <Button
          variant="danger"
          disabled={busy}
          onClick={() => {
            if (window.confirm(t('setup.confirmDeleteRoom', { label: household.label })))
              void run(() => api.delete(`/api/households/${seg(household.id)}`));
          }}
        >
          {t('common.delete')}
        </Button>
        <Button variant="ghost" onClick={() => setEditing(false)} disabled={busy}>
          {t('common.cancel')}
        </Button>
      </form>
      <FormError error={error} />
    </div>
  );
}

function Rooms({
  communityId,
  building,
  onChanged,
}: {
  communityId: string;
  building: Building;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const rooms = useLoad(
    (signal) =>
      api.get<{ households: Household[] }>(
        `/api/communities/${seg(communityId)}/households?buildingId=${seg(building.id)}`,
        { signal },
      ),
    [communityId, building.id],
  );
  const [room, setRoom] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const changed = () => {
    rooms.reload();
    onChanged();
  };

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!room.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/communities/${seg(communityId)}/households`, {
        buildingId: building.id,
        room: room.trim(),
      });
      setRoom('');
      changed();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (rooms.status === 'loading') return <Loading />;
  if (rooms.status === 'error') return <ErrorState error={rooms.error} onRetry={rooms.reload} />;
  const list = [...rooms.data.households].sort((a, b) =>
    a.room.localeCompare(b.room, 'zh-CN', { numeric: true }),
  );
  return (
    <div className="rooms">
      <div className="room-chips">
        {list.map((h) => (
          <RoomRow key={h.id} household={h} onChanged={changed} />
        ))}
      </div>
      <form className="inline-form" onSubmit={add}>
        <input
          aria-label={t('setup.newRoom')}
          placeholder={t('setup.newRoom')}
          value={room}
          onChange={(e) => setRoom(e.target.value)}
          maxLength={20}
        />
        <Button type="submit" busy={busy}>
          {t('setup.addRoom')}
        </Button>
      </form>
      <FormError error={error} />
    </div>
  );
}

function BuildingRow({
  communityId,
  building,
  onChanged,
}: {
  communityId: string;
  building: Building;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [mode, setMode] = useState<'view' | 'rename' | 'rooms'>('view');
  const [name, setName] = useState(building.name);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await action();
      toast(done, 'success');
      setMode('view');
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="building-row">
      <div className="row-between">
        <button
          type="button"
          className="building-main"
          onClick={() => setMode(mode === 'rooms' ? 'view' : 'rooms')}
          aria-expanded={mode === 'rooms'}
        >
          <strong>{t('claim.buildingName', { name: building.name })}</strong>
          <span className="muted">
            {t('setup.counts', { households: building.householdCount, verified: building.verifiedCount })}
          </span>
        </button>
        <Button variant="ghost" onClick={() => setMode(mode === 'rename' ? 'view' : 'rename')}>
          {t('setup.rename')}
        </Button>
      </div>
      {mode === 'rename' ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim())
              void run(
                () => api.patch(`/api/buildings/${seg(building.id)}`, { name: name.trim() }),
                t('common.saved'),
              );
          }}
        >
          <input
            aria-label={t('setup.buildingNameLabel')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={40}
          />
          <Button type="submit" busy={busy}>
            {t('common.save')}
          </Button>
          <Button
            variant="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('setup.confirmDeleteBuilding', { name: building.name })))
                void run(() => api.delete(`/api/buildings/${seg(building.id)}`), t('common.deleted'));
            }}
          >
            {t('common.delete')}
          </Button>
        </form>
      ) : null}
      <FormError error={error} />
      {mode === 'rooms' ? (
        <Rooms communityId={communityId} building={building} onChanged={onChanged} />
      ) : null}
    </li>
  );
}

export function BuildingList({
  communityId,
  buildings,
  onChanged,
}: {
  communityId: string;
  buildings: Building[];
  onChanged: () => void;
}) {
  return (
    <ul className="list-plain building-list">
      {sortByName(buildings).map((b) => (
        <BuildingRow key={b.id} communityId={communityId} building={b} onChanged={onChanged} />
      ))}
    </ul>
  );
}
