import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { Icon } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { errorField } from '../../i18n/errors.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { pickerPending, RoomPicker, useRoomPicker } from '../verify/room-picker.tsx';
import { BODY_MAX, OPEN_POSTS_MAX, POST_KINDS, TITLE_MAX } from '../../../../src/core/street/model.ts';
import { streetApi } from './api.ts';
import { canPost, canPostForOthers, composeKinds } from './rules.ts';
import type { PostKind } from './types.ts';
import './street.css';

/** The household a volunteer or an admin posts for (代发): their buildings only, as on the verify page. */
function OnBehalfPicker({
  initial,
  onPick,
  error,
}: {
  initial: { buildingId: string; householdId: string };
  onPick: (h: { id: string; label: string } | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const picker = useRoomPicker(initial);
  const rooms = picker.rooms.status === 'ready' ? picker.rooms.data : [];
  const chosen = rooms.find((h) => h.id === picker.householdId) ?? null;
  const chosenId = chosen?.id ?? null;
  const chosenLabel = chosen?.label ?? null;
  useEffect(() => {
    onPick(chosenId && chosenLabel ? { id: chosenId, label: chosenLabel } : null);
  }, [chosenId, chosenLabel, onPick]);
  const pending = pickerPending(picker);
  if (pending) return pending;
  return (
    <>
      <RoomPicker picker={picker} error={error} />
      {chosen ? (
        <p className="street-as" data-testid="on-behalf-as">
          {t('street.compose.onBehalfAs', { label: chosen.label })}
        </p>
      ) : null}
    </>
  );
}

/** What a resident who may not post yet sees: why, and where to claim their home. */
function NotYet() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const base = `/c/${community.id}`;
  const pending = me.household?.status === 'pending';
  return (
    <Page title={t('street.compose.title')} back={`${base}/street`}>
      <EmptyState
        icon={pending ? 'clock' : 'key'}
        title={t(pending ? 'street.compose.pending' : 'street.compose.notVerified')}
      >
        <p>{t(pending ? 'street.compose.pendingLead' : 'street.compose.notVerifiedLead')}</p>
        {pending ? (
          <ButtonLink to={`${base}/street`} variant="secondary">
            {t('street.compose.backToBoard')}
          </ButtonLink>
        ) : (
          <ButtonLink to={`${base}/claim`}>{t('street.compose.claim')}</ButtonLink>
        )}
      </EmptyState>
    </Page>
  );
}

/**
 * /c/:id/street/new?kind=need: the kind, a short title, the details; an admin or a volunteer can post for a
 * neighbour without a smartphone (代发), picking the home from their buildings. `&building=&household=` (物资覆盖's
 * 代发求助 on a left-out home) opens with 代发 on and that home chosen.
 */
export default function ComposePage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const navigate = useNavigate();
  const toast = useToast();
  const [params] = useSearchParams();
  const asked = POST_KINDS.find((k) => k === params.get('kind'));
  const forHome = { buildingId: params.get('building') ?? '', householdId: params.get('household') ?? '' };
  const [onBehalf, setOnBehalf] = useState(canPostForOthers(me) && forHome.householdId !== '');
  const kinds = composeKinds(me, onBehalf);
  const [kind, setKind] = useState<PostKind>(asked && kinds.includes(asked) ? asked : 'need');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [household, setHousehold] = useState<{ id: string; label: string } | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const base = `/c/${community.id}/street`;

  if (!canPost(me)) return <NotYet />;
  // A notice is never posted for a household: the kind falls back to a need when 代发 is turned on.
  const chosen = kinds.includes(kind) ? kind : 'need';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = t('validation.required');
    if (onBehalf && !household) found.householdId = t('street.compose.pickRoom');
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const post = await streetApi.create(community.id, {
        kind: chosen,
        title: title.trim(),
        ...(body.trim() ? { body: body.trim() } : {}),
        ...(onBehalf && household ? { householdId: household.id } : {}),
      });
      toast(t('street.compose.posted'), 'success');
      navigate(`${base}/${post.id}`, { replace: true });
    } catch (err) {
      const field = errorField(err);
      if (field === 'title' || field === 'body') setProblems({ [field]: t('errors.validation_failed') });
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('street.compose.title')} back={base}>
      <Card>
        <form onSubmit={submit} className="street-form" noValidate>
          {canPostForOthers(me) ? (
            <label className="switch-row">
              <input type="checkbox" checked={onBehalf} onChange={(e) => setOnBehalf(e.target.checked)} />
              <span>
                <strong>{t('street.compose.onBehalf')}</strong>
                <span className="muted secondary">{t('street.compose.onBehalfHint')}</span>
              </span>
            </label>
          ) : null}
          {onBehalf ? (
            <OnBehalfPicker initial={forHome} onPick={setHousehold} error={problems.householdId} />
          ) : null}
          <fieldset className="field">
            <legend>{t('street.compose.kind')}</legend>
            <div className="chip-grid" role="radiogroup" aria-label={t('street.compose.kind')}>
              {kinds.map((k) => (
                <button
                  key={k}
                  type="button"
                  role="radio"
                  aria-checked={k === chosen}
                  className={k === chosen ? 'chip chip-on street-kind-chip' : 'chip street-kind-chip'}
                  onClick={() => setKind(k)}
                >
                  {t(`street.kind.${k}`)}
                </button>
              ))}
            </div>
            <p className="field-hint">{t(`street.compose.hint.${chosen}`)}</p>
          </fieldset>
          <Field
            label={t('street.compose.titleLabel')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={TITLE_MAX}
            placeholder={t(`street.compose.titlePlaceholder.${chosen}`)}
            hint={t('street.count', { n: title.length, max: TITLE_MAX })}
            error={problems.title}
            enterKeyHint="next"
          />
          <TextAreaField
            label={
              <>
                {t('street.compose.bodyLabel')}{' '}
                <span className="street-optional">{t('common.optional')}</span>
              </>
            }
            value={body}
            onChange={(e) => setBody(e.target.value)}
            maxLength={BODY_MAX}
            rows={5}
            placeholder={t('street.compose.bodyPlaceholder')}
            hint={t('street.count', { n: body.length, max: BODY_MAX })}
            error={problems.body}
          />
          <FormError error={error} />
          <Button type="submit" block busy={busy}>
            <Icon name="check" size={20} />
            {t('street.compose.submit')}
          </Button>
          <p className="muted secondary">{t('street.compose.limit', { count: OPEN_POSTS_MAX })}</p>
        </form>
      </Card>
    </Page>
  );
}
