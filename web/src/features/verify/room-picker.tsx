import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building, Household } from '../../api-types.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { sortByName } from '../community/floors.ts';

/** A building and room to start with (物资覆盖's links); either may be empty. */
export interface RoomChoice {
  buildingId: string;
  householdId: string;
}

/**
 * The building and room chosen on the verify page's forms (代登记, 需照顾): the caller's buildings (an admin's
 * all, a volunteer's own), then that building's rooms.
 */
export function useRoomPicker(initial: RoomChoice) {
  const { community, me } = useCompound();
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
  // Volunteers act in their own buildings; admins anywhere.
  const mine = (b: Building) => me.roles.admin || me.roles.volunteerBuildingIds.includes(b.id);
  const choices = buildings.status === 'ready' ? sortByName(buildings.data.buildings.filter(mine)) : [];
  const pick = (next: RoomChoice) => {
    setBuildingId(next.buildingId);
    setHouseholdId(next.householdId);
  };
  return { buildings, rooms, choices, buildingId, householdId, setHouseholdId, pick };
}

export type RoomPickerState = ReturnType<typeof useRoomPicker>;

/** The two selects, building then room; `error` is shown under the room. */
export function RoomPicker({ picker, error }: { picker: RoomPickerState; error?: string }) {
  const { t } = useTranslation();
  const { rooms, choices, buildingId, householdId, setHouseholdId, pick } = picker;
  return (
    <div className="grid-2">
      <label className="field">
        <span>{t('verify.building')}</span>
        <select value={buildingId} onChange={(e) => pick({ buildingId: e.target.value, householdId: '' })}>
          <option value="">{t('verify.choose')}</option>
          {choices.map((b) => (
            <option key={b.id} value={b.id}>
              {t('claim.buildingName', { name: b.name })}
            </option>
          ))}
        </select>
      </label>
      <label className={error ? 'field field-invalid' : 'field'}>
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
        {error ? <span className="field-error">{error}</span> : null}
      </label>
    </div>
  );
}

/** What a form shows instead of itself while the buildings load, or when they could not be; null once there. */
export function pickerPending({ buildings }: RoomPickerState): ReactNode | null {
  if (buildings.status === 'loading') return <Loading />;
  if (buildings.status === 'error') return <ErrorState error={buildings.error} onRetry={buildings.reload} />;
  return null;
}
