import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building, CompoundMembership, Household } from '../../api-types.ts';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Icon } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { useCompound } from './compound-layout.tsx';
import { groupByFloor, sortByName } from './floors.ts';

function PendingState({ label }: { label: string }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  return (
    <Page title={t('claim.pendingTitle')}>
      <Card className="pending-card">
        <span className="pending-icon">
          <Icon name="clock" size={40} />
        </span>
        <p className="household-label household-label-lg">{label}</p>
        <p className="card-lead">{t('claim.pendingLead')}</p>
        <ol className="steps">
          <li>{t('claim.next1')}</li>
          <li>{t('claim.next2')}</li>
          <li>{t('claim.next3')}</li>
        </ol>
        <ButtonLink to={`/c/${community.id}`} block variant="secondary">
          {t('join.goHome')}
        </ButtonLink>
      </Card>
    </Page>
  );
}

function BuildingStep({ onPick }: { onPick: (b: Building) => void }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const buildings = useLoad(
    (signal) =>
      api.get<{ buildings: Building[] }>(`/api/communities/${seg(community.id)}/buildings`, { signal }),
    [community.id],
  );
  if (buildings.status === 'loading') return <Loading />;
  if (buildings.status === 'error') return <ErrorState error={buildings.error} onRetry={buildings.reload} />;
  const list = sortByName(buildings.data.buildings);
  if (list.length === 0) {
    return (
      <EmptyState icon="building" title={t('claim.noBuildings')}>
        <p>{t('claim.noBuildingsHint')}</p>
      </EmptyState>
    );
  }
  return (
    <div className="pick-grid pick-grid-buildings">
      {list.map((b) => (
        <button key={b.id} type="button" className="pick" onClick={() => onPick(b)}>
          {t('claim.buildingName', { name: b.name })}
        </button>
      ))}
    </div>
  );
}

function RoomStep({ building, onPick }: { building: Building; onPick: (h: Household) => void }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const rooms = useLoad(
    (signal) =>
      api.get<{ households: Household[] }>(
        `/api/communities/${seg(community.id)}/households?buildingId=${seg(building.id)}`,
        { signal },
      ),
    [community.id, building.id],
  );
  if (rooms.status === 'loading') return <Loading />;
  if (rooms.status === 'error') return <ErrorState error={rooms.error} onRetry={rooms.reload} />;
  const groups = groupByFloor(rooms.data.households);
  if (groups.length === 0) return <EmptyState icon="building" title={t('claim.noRooms')} />;
  return (
    <div className="floors">
      {groups.map((g) => (
        <section key={g.floor ?? 'other'} className="floor">
          <h3 className="floor-title">
            {g.floor === null ? t('claim.otherRooms') : t('claim.floor', { floor: g.floor })}
          </h3>
          <div className="pick-grid">
            {g.households.map((h) => (
              <button key={h.id} type="button" className="pick pick-room" onClick={() => onPick(h)}>
                {h.room}
              </button>
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}

/** /c/:id/claim: building → room → confirm; then "pending verification" and what happens next. */
export function ClaimPage() {
  const { t } = useTranslation();
  const { community, me, reload } = useCompound();
  const { refresh } = useSession();
  const [building, setBuilding] = useState<Building | null>(null);
  const [household, setHousehold] = useState<Household | null>(null);
  const [claimed, setClaimed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const current = me.household;
  if (claimed) return <PendingState label={claimed} />;
  if (current && current.status === 'pending') return <PendingState label={current.label} />;
  if (current && current.status === 'verified') {
    return (
      <Page title={t('claim.title')}>
        <EmptyState icon="check" title={t('claim.alreadyVerified', { label: current.label })}>
          <ButtonLink to={`/c/${community.id}`}>{t('join.goHome')}</ButtonLink>
        </EmptyState>
      </Page>
    );
  }

  async function confirm(h: Household) {
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ claim: { householdLabel: string } }>(
        `/api/communities/${seg(community.id)}/claims`,
        {
          householdId: h.id,
        },
      );
      setClaimed(res.claim.householdLabel ?? h.label);
      reload();
      void refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const step = household ? 3 : building ? 2 : 1;
  return (
    <Page title={t('claim.title')} back={`/c/${community.id}`}>
      {me.rejectedClaim ? (
        <div className="form-error" role="alert">
          <RejectedClaimNote rejected={me.rejectedClaim} />
        </div>
      ) : null}
      <ol className="stepper" aria-label={t('claim.progress')}>
        {[t('claim.stepBuilding'), t('claim.stepRoom'), t('claim.stepConfirm')].map((label, i) => (
          <li key={label} className={i + 1 === step ? 'current' : i + 1 < step ? 'done' : ''}>
            {label}
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <>
          <p className="lead">{t('claim.pickBuilding')}</p>
          <BuildingStep onPick={setBuilding} />
        </>
      ) : null}

      {step === 2 && building ? (
        <>
          <div className="row-between">
            <p className="lead">
              {t('claim.pickRoom', { building: t('claim.buildingName', { name: building.name }) })}
            </p>
            <Button variant="ghost" onClick={() => setBuilding(null)}>
              {t('claim.changeBuilding')}
            </Button>
          </div>
          <RoomStep building={building} onPick={setHousehold} />
        </>
      ) : null}

      {step === 3 && household ? (
        <Card>
          <p className="lead">{t('claim.confirmLead')}</p>
          <p className="household-label household-label-lg">{household.label}</p>
          <p className="muted">{t('claim.confirmHint')}</p>
          <FormError error={error} />
          <div className="stack">
            <Button block busy={busy} onClick={() => void confirm(household)}>
              {t('claim.confirm')}
            </Button>
            <Button block variant="secondary" onClick={() => setHousehold(null)} disabled={busy}>
              {t('claim.changeRoom')}
            </Button>
          </div>
        </Card>
      ) : null}
    </Page>
  );
}

/** The member's last claim was rejected: which home, and what the reviewer said (they were told it is shown). */
export function RejectedClaimNote({
  rejected,
}: {
  rejected: NonNullable<CompoundMembership['rejectedClaim']>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p className="card-lead">{t('claim.rejectedLead', { label: rejected.householdLabel })}</p>
      {rejected.reason ? <p>{t('claim.rejectedReason', { reason: rejected.reason })}</p> : null}
    </>
  );
}
