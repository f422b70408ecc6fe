import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { HouseholdNeed, NeedsEntry } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { formatDateTime } from '../../format.ts';
import { useAction, useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { HOUSEHOLD_NEEDS, NEEDS_NOTE_MAX } from '../../../../src/core/community/needs-fns.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { NeedBadges } from './need-badges.tsx';
import { pickerPending, RoomPicker, useRoomPicker, type RoomChoice } from './room-picker.tsx';

function NeedsForm({
  initial,
  entries,
  onSaved,
}: {
  initial: RoomChoice;
  entries: NeedsEntry[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const picker = useRoomPicker(initial);
  const { householdId } = picker;
  const current = entries.find((e) => e.householdId === householdId) ?? null;
  // What the form shows: the household's entry until the person changes it.
  const [draft, setDraft] = useState<{ for: string; needs: HouseholdNeed[]; note: string } | null>(null);
  const shown =
    draft && draft.for === householdId
      ? draft
      : { for: householdId, needs: current?.needs ?? [], note: current?.note ?? '' };
  const [problem, setProblem] = useState<string | undefined>();
  const [needProblem, setNeedProblem] = useState<string | undefined>();
  const empty = shown.needs.length === 0 && !shown.note.trim();
  const save = useAction(async () => {
    await api.put(`/api/households/${seg(householdId)}/needs`, {
      needs: shown.needs,
      note: shown.note.trim() || null,
    });
    toast(empty ? t('care.needs.removed') : t('common.saved'), 'success');
    setDraft(null);
    onSaved();
  });

  const toggle = (n: HouseholdNeed) =>
    setDraft({
      ...shown,
      needs: shown.needs.includes(n) ? shown.needs.filter((x) => x !== n) : [...shown.needs, n],
    });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const room = householdId ? undefined : t('verify.pickRoomFirst');
    const what = householdId && empty && !current ? t('care.needs.pickOne') : undefined;
    setProblem(room);
    setNeedProblem(what);
    if (room || what) return;
    await save.run();
  }

  const pending = pickerPending(picker);
  if (pending) return pending;
  return (
    <form onSubmit={submit} noValidate>
      <p className="muted secondary">{t('care.needs.lead')}</p>
      <RoomPicker picker={picker} error={problem} />
      <p className="field-label">{t('care.needs.kinds')}</p>
      <div className="chip-grid">
        {HOUSEHOLD_NEEDS.map((n) => (
          <button
            key={n}
            type="button"
            className={shown.needs.includes(n) ? 'chip chip-on' : 'chip'}
            aria-pressed={shown.needs.includes(n)}
            onClick={() => toggle(n)}
          >
            {t(`care.need.${n}`)}
          </button>
        ))}
      </div>
      {needProblem ? (
        <p className="field-error" role="alert">
          {needProblem}
        </p>
      ) : null}
      <TextAreaField
        label={t('care.needs.note')}
        hint={t('care.needs.noteHint')}
        rows={2}
        value={shown.note}
        onChange={(e) => setDraft({ ...shown, note: e.target.value })}
        maxLength={NEEDS_NOTE_MAX}
      />
      <FormError error={save.error} />
      <Button type="submit" block busy={save.busy} variant={empty && current ? 'danger' : 'primary'}>
        {empty && current ? t('care.needs.remove') : t('common.save')}
      </Button>
    </form>
  );
}

/**
 * 需照顾 (the verify page's third tab): the private register of households that need looking after, kept by the
 * admins and each building's volunteers. Choosing a room shows its entry; tapping one in the list chooses it.
 */
export function NeedsPanel({ initial = { buildingId: '', householdId: '' } }: { initial?: RoomChoice }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const { community } = useCompound();
  const [start, setStart] = useState({ ...initial, key: 0 });
  const list = useLoad(
    (signal) =>
      api.get<{ households: NeedsEntry[] }>(`/api/communities/${seg(community.id)}/needs`, { signal }),
    [community.id],
  );
  const entries = list.status === 'ready' ? list.data.households : [];
  return (
    <>
      <Card title={t('care.needs.title')}>
        <NeedsForm key={start.key} initial={start} entries={entries} onSaved={list.reload} />
      </Card>
      <Card title={t('care.needs.list')}>
        {list.status === 'loading' ? (
          <Loading />
        ) : list.status === 'error' ? (
          <ErrorState error={list.error} onRetry={list.reload} />
        ) : entries.length === 0 ? (
          <EmptyState icon="heart" title={t('care.needs.none')} />
        ) : (
          <ul className="list-plain needs-list" data-testid="needs-list">
            {entries.map((e) => (
              <li key={e.householdId}>
                <button
                  type="button"
                  className="row-button needs-entry"
                  onClick={() => {
                    setStart((s) => ({
                      buildingId: e.buildingId,
                      householdId: e.householdId,
                      key: s.key + 1,
                    }));
                    window.scrollTo({ top: 0 });
                  }}
                >
                  <span className="household-label">{e.label}</span>
                  <NeedBadges needs={e.needs} />
                  {e.note ? <span className="needs-note">{e.note}</span> : null}
                  <span className="muted secondary">{formatDateTime(e.updatedAt, locale)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
