import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import type { Coverage, CoverageCounts, LeftOutHousehold } from '../../api-types.ts';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { Button } from '../../components/button.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useAction, useLoad } from '../../hooks.ts';
import { ConfirmDialog } from '../buys/ui.tsx';
import { useSession } from '../../session.tsx';
import { RoleGate } from '../admin/admin-guard.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { canVerify } from '../community/roles.ts';
import { NeedBadges } from '../verify/need-badges.tsx';
import { daysSince, WINDOWS } from './days.ts';
import './care.css';
import { Segmented } from '../../components/segmented.tsx';

/** Received, on their way, left out: one bar, in that order. */
function CoverageBar({ c }: { c: CoverageCounts }) {
  const { t } = useTranslation();
  const part = (n: number) => `${c.households === 0 ? 0 : (n / c.households) * 100}%`;
  return (
    <div
      className="coverage-bar"
      role="img"
      aria-label={t('care.barLabel', { received: c.received, coming: c.coming, leftOut: c.leftOut })}
    >
      <span className="coverage-received" style={{ width: part(c.received) }} />
      <span className="coverage-coming" style={{ width: part(c.coming) }} />
      <span className="coverage-left" style={{ width: part(c.leftOut) }} />
    </div>
  );
}

/** 送过物资's record as the server gives it back. */
interface Supply {
  id: string;
  householdId: string;
  label: string;
  note: string | null;
  givenAt: string;
}

const SUPPLY_NOTE_MAX = 200;

/** 送过物资: what was brought to the household outside any buy (optional), then 记下. */
function SupplyDialog({
  h,
  onDone,
  onCancel,
}: {
  h: LeftOutHousehold;
  onDone: (s: Supply) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const { run, busy, error } = useAction(async () => {
    const { supply } = await api.post<{ supply: Supply }>(`/api/households/${seg(h.householdId)}/supplies`, {
      note: note.trim() || null,
    });
    onDone(supply);
  });
  return (
    <ConfirmDialog
      title={t('care.supplies.title', { label: h.label })}
      confirmLabel={t('care.supplies.record')}
      busy={busy}
      onCancel={onCancel}
      onConfirm={() => void run()}
    >
      <p className="muted">{t('care.supplies.body')}</p>
      <div className="field">
        <label htmlFor="supply-note">{t('care.supplies.note')}</label>
        <textarea
          id="supply-note"
          rows={2}
          maxLength={SUPPLY_NOTE_MAX}
          value={note}
          placeholder={t('care.supplies.placeholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <FormError error={error} />
    </ConfirmDialog>
  );
}

function HouseholdRow({
  h,
  base,
  buildingId,
  onGive,
}: {
  h: LeftOutHousehold;
  base: string;
  buildingId: string;
  onGive: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const days = h.lastReceivedAt === null ? null : daysSince(h.lastReceivedAt, new Date());
  const nobody = h.members === 0 && !h.isProxy;
  const verify = `${base}/verify?tab=`;
  const which = `&building=${seg(buildingId)}&household=${seg(h.householdId)}`;
  return (
    <li className="left-out" data-testid="left-out">
      <span className="household-label left-out-label">{h.label}</span>
      <span className="left-out-text">
        <span>
          {days === null
            ? t('care.never')
            : t('care.lastReceived', {
                date: new Date(h.lastReceivedAt!).toLocaleDateString(locale, {
                  month: 'numeric',
                  day: 'numeric',
                }),
                count: days,
              })}
        </span>
        {h.isProxy ? <span className="badge badge-proxy">{t('care.proxy')}</span> : null}
        {nobody ? <span className="badge badge-nobody">{t('care.nobody')}</span> : null}
        <NeedBadges needs={h.needs} />
      </span>
      <span className="left-out-actions">
        {nobody ? <Link to={`${verify}proxies${which}`}>{t('care.registerProxy')}</Link> : null}
        <Link to={`${verify}needs${which}`}>{t('care.needs.edit')}</Link>
        <Link to={`${base}/street/new?kind=need${which}`}>{t('care.askForHelp')}</Link>
        <button type="button" className="left-out-give" onClick={onGive}>
          {t('care.supplies.open')}
        </button>
      </span>
      {h.needsNote ? <span className="left-out-more">{h.needsNote}</span> : null}
      {h.contacts.length > 0 ? (
        <span className="left-out-contacts">
          {h.contacts.map((c, i) => (
            <span key={i} className="left-out-contact">
              {c.proxy ? t('care.proxyContact', { name: c.name }) : c.name}
              {c.phone ? (
                <a href={`tel:${c.phone}`} className="phone-link">
                  {c.phone}
                </a>
              ) : null}
            </span>
          ))}
        </span>
      ) : null}
    </li>
  );
}

function BuildingList({
  communityId,
  days,
  buildingId,
  onChanged,
}: {
  communityId: string;
  days: number;
  buildingId: string;
  /** 送过物资 recorded or taken back: the counts above change too. */
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  /** The household whose 送过物资 dialog is open. */
  const [giving, setGiving] = useState<LeftOutHousehold | null>(null);
  /** The last record made here, with its 撤销 until the next one. */
  const [last, setLast] = useState<Supply | null>(null);
  const list = useLoad(
    (signal) =>
      api.get<Coverage>(
        `/api/communities/${seg(communityId)}/coverage?days=${days}&buildingId=${seg(buildingId)}`,
        { signal },
      ),
    [communityId, days, buildingId],
  );
  const withdraw = useAction(async (s: Supply) => {
    await api.delete(`/api/household-supplies/${seg(s.id)}`);
    toast(t('care.supplies.withdrawn', { label: s.label }), 'success');
    setLast(null);
    list.reload();
    onChanged();
  });
  if (list.status === 'loading') return <Loading />;
  if (list.status === 'error') return <ErrorState error={list.error} onRetry={list.reload} />;
  const households = list.data.leftOut ?? [];
  return (
    <>
      {last ? (
        <div className="supply-given" data-testid="supply-given">
          <span>{t('care.supplies.given', { label: last.label })}</span>
          <Button variant="ghost" busy={withdraw.busy} onClick={() => void withdraw.run(last)}>
            {t('care.supplies.withdraw')}
          </Button>
          <FormError error={withdraw.error} />
        </div>
      ) : null}
      {households.length === 0 ? (
        <p className="muted care-none">{t('care.buildingNone')}</p>
      ) : (
        <ul className="list-plain left-out-list" data-testid="left-out-list">
          {households.map((h) => (
            <HouseholdRow
              key={h.householdId}
              h={h}
              base={`/c/${communityId}`}
              buildingId={buildingId}
              onGive={() => setGiving(h)}
            />
          ))}
        </ul>
      )}
      {giving ? (
        <SupplyDialog
          h={giving}
          onCancel={() => setGiving(null)}
          onDone={(s) => {
            setGiving(null);
            setLast(s);
            list.reload();
            onChanged();
          }}
        />
      ) : null}
    </>
  );
}

/**
 * /c/:id/care, 物资覆盖 (docs/coverage.md): which households of the caller's buildings have received nothing in
 * the last days and have nothing on its way, so that nobody is left out. A building opens to its list: the
 * households that never received anything first, and a way to register a proxy for a home where nobody uses
 * the app.
 */
export default function CoveragePage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const [params, setParams] = useSearchParams();
  const days = WINDOWS.includes(Number(params.get('days'))) ? Number(params.get('days')) : WINDOWS[0]!;
  const open = params.get('building');
  const coverage = useLoad(
    (signal) => api.get<Coverage>(`/api/communities/${seg(community.id)}/coverage?days=${days}`, { signal }),
    [community.id, days],
  );
  const set = (next: { days?: number; building?: string | null }) => {
    const p = new URLSearchParams(params);
    if (next.days !== undefined) p.set('days', String(next.days));
    if (next.building !== undefined) {
      if (next.building === null) p.delete('building');
      else p.set('building', next.building);
    }
    setParams(p, { replace: true });
  };
  const buildings = coverage.status === 'ready' ? coverage.data.buildings : [];
  const counts = coverage.status === 'ready' ? coverage.data.counts : null;
  const legend: [string, string][] = counts
    ? [
        ['coverage-received', t('care.received', { count: counts.received })],
        ['coverage-coming', t('care.coming', { count: counts.coming })],
        ['coverage-left', t('care.left', { count: counts.leftOut })],
      ]
    : [];
  // A volunteer of one building sees its list at once.
  const expanded = open ?? (buildings.length === 1 ? buildings[0]!.buildingId : null);

  return (
    <RoleGate allowed={canVerify(me)}>
      <Page title={t('care.title')} back={`/c/${community.id}`}>
        <p className="muted care-lead">{t('care.lead')}</p>
        <Segmented
          kind="tab"
          options={WINDOWS}
          value={days}
          onChange={(d) => set({ days: d })}
          label={t('care.window')}
        >
          {(d) => t('care.days', { count: d })}
        </Segmented>
        {coverage.status === 'loading' ? (
          <Loading />
        ) : coverage.status === 'error' ? (
          <ErrorState error={coverage.error} onRetry={coverage.reload} />
        ) : coverage.data.counts.households === 0 ? (
          <EmptyState icon="building" title={t('care.noHouseholds')} />
        ) : (
          <>
            <Card>
              <p className="care-summary" data-testid="care-summary">
                {coverage.data.counts.leftOut === 0
                  ? t('care.allCovered', { count: days })
                  : t('care.leftOut', { count: coverage.data.counts.leftOut, days })}
              </p>
              {coverage.data.counts.leftOutInNeed > 0 ? (
                <p className="care-in-need">
                  <span className="badge badge-need">
                    {t('care.inNeed', { count: coverage.data.counts.leftOutInNeed })}
                  </span>
                </p>
              ) : null}
              <CoverageBar c={coverage.data.counts} />
              <p className="muted care-legend">
                {legend.map(([cls, text]) => (
                  <span key={cls} className="care-legend-item">
                    <span className={`care-dot ${cls}`} /> {text}
                  </span>
                ))}
                <span className="secondary">
                  {t('care.ofHouseholds', { count: coverage.data.counts.households })}
                </span>
              </p>
              {coverage.data.counts.received === 0 && coverage.data.counts.coming === 0 ? (
                <p className="muted care-nothing" data-testid="care-nothing">
                  {t('care.nothingYet', { count: days })}
                </p>
              ) : null}
            </Card>
            <Card title={t('care.byBuilding')}>
              <ul className="list-plain care-buildings">
                {buildings.map((b) => {
                  const isOpen = expanded === b.buildingId;
                  return (
                    <li key={b.buildingId} className="care-building" data-testid="care-building">
                      <button
                        type="button"
                        className="row-button care-building-head"
                        aria-expanded={isOpen}
                        onClick={() => set({ building: isOpen ? null : b.buildingId })}
                      >
                        <span className="care-building-name">
                          {t('claim.buildingName', { name: b.name })}
                          {b.leftOutInNeed > 0 ? (
                            <span className="badge badge-need">
                              {t('care.inNeed', { count: b.leftOutInNeed })}
                            </span>
                          ) : null}
                        </span>
                        <span
                          className={b.leftOut > 0 ? 'care-building-count care-alert' : 'care-building-count'}
                        >
                          {b.leftOut > 0
                            ? t('care.buildingLeftOut', { count: b.leftOut })
                            : t('care.buildingCovered')}
                          <span className="muted secondary">
                            {' '}
                            / {t('care.ofHouseholds', { count: b.households })}
                          </span>
                        </span>
                        <span className={isOpen ? 'chevron chevron-open' : 'chevron'} aria-hidden="true">
                          ›
                        </span>
                      </button>
                      <CoverageBar c={b} />
                      {isOpen ? (
                        <BuildingList
                          communityId={community.id}
                          days={days}
                          buildingId={b.buildingId}
                          onChanged={coverage.reload}
                        />
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </Card>
            {coverage.data.counts.leftOut > 0 ? (
              <a
                className="btn btn-secondary btn-block care-export"
                href={`/api/communities/${seg(community.id)}/exports/coverage.xlsx?days=${days}`}
                download
              >
                {t('care.export')}
              </a>
            ) : null}
            {coverage.data.counts.leftOut > 0 ? (
              <p className="muted secondary care-private">{t('care.exportPrivate')}</p>
            ) : null}
            <p className="muted secondary care-hint">{t('care.hint')}</p>
          </>
        )}
      </Page>
    </RoleGate>
  );
}
