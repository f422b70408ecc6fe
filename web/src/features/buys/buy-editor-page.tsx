import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field, TextAreaField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin, isLeader } from '../community/roles.ts';
import { buysApi } from './api.ts';
import { defaultDeadlineInput, repeatDeadlineInput } from './datetime.ts';
import {
  checkAll,
  checkBasics,
  checkItems,
  checkThreshold,
  copyForm,
  emptyForm,
  formFromBuy,
  newItemRow,
  toBuyInput,
  type BuyForm,
  type FormProblems,
  type ItemRowForm,
} from './editor-form.ts';
import { PICKUP_MODES, type Buy } from './types.ts';
import { useMoney } from './ui.tsx';
import { SupplierFields } from '../trust/supplier-fields.tsx';
import { PooledDraftNote } from '../pools/pool-card.tsx';
import { poolsApi } from '../pools/api.ts';

/**
 * /c/:id/buys/new and /c/:id/buys/:buyId/edit: the leader's three-step wizard for a draft. /c/:id/buys/new?from=
 * an earlier buy (再开一团) starts from that buy's items, rules and supplier.
 */
export function BuyEditorPage() {
  const { t } = useTranslation();
  const { buyId } = useParams();
  const [search] = useSearchParams();
  const fromId = buyId ? null : search.get('from');
  const { community, me } = useCompound();
  const existing = useLoad((signal) => (buyId ? buysApi.get(buyId, signal) : Promise.resolve(null)), [buyId]);
  // 再开一团: an earlier buy of this compound; one that cannot be read (gone, another compound's) starts blank.
  const earlier = useLoad(
    (signal) =>
      fromId
        ? buysApi.get(fromId, signal).then(
            (b) => (b.communityId === community.id ? b : null),
            () => null,
          )
        : Promise.resolve(null),
    [fromId, community.id],
  );
  // 联合团购: a pooled draft's deadline and minimum are the pool's (the server refuses a change): shown, locked.
  const pool = useLoad((signal) => (buyId ? poolsApi.ofBuy(buyId, signal) : Promise.resolve(null)), [buyId]);
  const pooled = pool.status === 'ready' ? pool.data : null;
  const from = buyId ?? fromId;
  const back = from ? `/c/${community.id}/buys/${from}/manage` : `/c/${community.id}/buys`;
  const title = buyId ? t('buys.editor.editTitle') : t('buys.editor.newTitle');

  if (!isLeader(me) && !isAdmin(me)) {
    return (
      <Page back={back} title={title}>
        <EmptyState icon="shield" title={t('buys.editor.notLeader')} />
      </Page>
    );
  }
  if (existing.status === 'loading' || earlier.status === 'loading') return <Loading />;
  if (existing.status === 'error')
    return (
      <Page back={back} title={title}>
        <ErrorState error={existing.error} onRetry={existing.reload} />
      </Page>
    );
  if (existing.data && existing.data.status !== 'draft') {
    return (
      <Page back={back} title={title}>
        <EmptyState icon="cart" title={t('buys.editor.notDraft')} />
      </Page>
    );
  }
  const copyOf = earlier.status === 'ready' ? earlier.data : null;
  return (
    <Page back={back} title={copyOf ? t('buys.editor.againTitle') : title}>
      {pooled ? <PooledDraftNote pool={pooled} /> : null}
      {copyOf ? <CopyNote earlier={copyOf} /> : null}
      {fromId && !copyOf ? <p className="muted">{t('buys.editor.againMissing')}</p> : null}
      <Wizard
        key={existing.data?.id ?? copyOf?.id ?? 'new'}
        buy={existing.data}
        copyOf={copyOf}
        pooled={pooled !== null}
      />
    </Page>
  );
}

/** 再开一团: which buy this one starts from, and what to check before publishing. */
function CopyNote({ earlier }: { earlier: Buy }) {
  const { t } = useTranslation();
  return (
    <Card className="card-note">
      <p data-testid="copy-note">{t('buys.editor.againFrom', { title: earlier.title })}</p>
      <p className="muted">{t('buys.editor.againCheck')}</p>
    </Card>
  );
}

const STEPS = ['basics', 'items', 'threshold'] as const;

/** A label with a quiet "选填" after it. */
function Optional({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <>
      {text} <span className="optional-tag">{t('common.optional')}</span>
    </>
  );
}

function Wizard({ buy, copyOf, pooled }: { buy: Buy | null; copyOf: Buy | null; pooled: boolean }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const navigate = useNavigate();
  const toast = useToast();
  const [form, setForm] = useState<BuyForm>(() =>
    buy
      ? formFromBuy(buy)
      : copyOf
        ? copyForm(copyOf, repeatDeadlineInput(copyOf.deadline, new Date()))
        : emptyForm(defaultDeadlineInput(new Date())),
  );
  // A first save moves to the draft's own address: the wizard opens again there on the step it was saved from.
  const savedStep = (useLocation().state as { step?: number } | null)?.step;
  const [step, setStep] = useState(savedStep !== undefined && STEPS[savedStep] ? savedStep : 0);
  const [problems, setProblems] = useState<FormProblems>({});
  const [savedId, setSavedId] = useState<string | null>(buy?.id ?? null);
  const [busy, setBusy] = useState<'save' | 'publish' | null>(null);
  const [error, setError] = useState<unknown>(null);

  // Each step starts at its top (a block body: an effect must return nothing or a cleanup function).
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [step]);

  const set = <K extends keyof BuyForm>(key: K, value: BuyForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const problem = (key: string) => (problems[key] ? t(problems[key]) : null);
  const checkStep = (n: number): FormProblems =>
    n === 0 ? checkBasics(form, Date.now()) : n === 1 ? checkItems(form) : checkThreshold(form);

  function next(e: FormEvent) {
    e.preventDefault();
    const found = checkStep(step);
    setProblems(found);
    if (Object.keys(found).length === 0) setStep((s) => s + 1);
  }

  async function save(publish: boolean) {
    const found = checkAll(form, Date.now());
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setStep(
        Object.keys(checkBasics(form, Date.now())).length > 0
          ? 0
          : Object.keys(checkItems(form)).length > 0
            ? 1
            : 2,
      );
      return;
    }
    setBusy(publish ? 'publish' : 'save');
    try {
      const input = toBuyInput(form);
      const saved = savedId
        ? await buysApi.update(savedId, input)
        : await buysApi.create(community.id, input);
      setSavedId(saved.id);
      // Later saves must edit this draft, not create another one.
      setForm(formFromBuy(saved));
      if (publish) {
        await buysApi.transition(saved.id, 'publish');
        toast(t('buys.editor.published'), 'success');
        navigate(`/c/${community.id}/buys/${saved.id}`, { replace: true });
      } else {
        toast(t('buys.editor.saved'), 'success');
        if (!savedId)
          navigate(`/c/${community.id}/buys/${saved.id}/edit`, { replace: true, state: { step } });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <ol className="stepper" aria-label={t('buys.editor.steps')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={i === step ? 'current' : i < step ? 'done' : ''}
            aria-current={i === step ? 'step' : undefined}
          >
            {t(`buys.editor.step.${s}`)}
          </li>
        ))}
      </ol>
      <form onSubmit={next} noValidate className="card editor-form">
        {step === 0 ? <BasicsStep form={form} set={set} problem={problem} pooled={pooled} /> : null}
        {step === 1 ? (
          <ItemsStep form={form} setItems={(items) => set('items', items)} problem={problem} />
        ) : null}
        {step === 2 ? <ThresholdStep form={form} set={set} problem={problem} pooled={pooled} /> : null}
        <FormError error={error} />
        <div className="button-row button-row-2">
          {step > 0 ? (
            <Button variant="secondary" onClick={() => setStep((s) => s - 1)}>
              {t('buys.editor.prev')}
            </Button>
          ) : null}
          {step < STEPS.length - 1 ? (
            <Button type="submit">{t('buys.editor.next')}</Button>
          ) : (
            <Button
              variant="secondary"
              busy={busy === 'save'}
              disabled={busy !== null}
              onClick={() => void save(false)}
            >
              {t('buys.editor.saveDraft')}
            </Button>
          )}
        </div>
        {step === STEPS.length - 1 ? (
          <Button block busy={busy === 'publish'} disabled={busy !== null} onClick={() => void save(true)}>
            {t('buys.editor.publish')}
          </Button>
        ) : null}
      </form>
    </>
  );
}

interface StepProps {
  form: BuyForm;
  set: <K extends keyof BuyForm>(key: K, value: BuyForm[K]) => void;
  problem: (key: string) => string | null;
  /** In a 联合团购: the deadline and the minimum are the pool's, shown and not editable. */
  pooled: boolean;
}

function BasicsStep({ form, set, problem, pooled }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t('buys.editor.title')}
        value={form.title}
        maxLength={200}
        placeholder={t('buys.editor.titlePlaceholder')}
        onChange={(e) => set('title', e.target.value)}
        error={problem('title')}
      />
      <TextAreaField
        label={<Optional text={t('buys.editor.description')} />}
        value={form.description}
        rows={3}
        maxLength={5000}
        onChange={(e) => set('description', e.target.value)}
      />
      <SupplierFields
        name={form.supplierName}
        contact={form.supplierContact}
        onName={(v) => set('supplierName', v)}
        onContact={(v) => set('supplierContact', v)}
        optional={(text) => <Optional text={text} />}
      />
      <Field
        label={t('buys.editor.deadline')}
        type="datetime-local"
        value={form.deadline}
        onChange={(e) => set('deadline', e.target.value)}
        error={problem('deadline')}
        disabled={pooled}
        hint={pooled ? t('pools.editor.locked') : undefined}
      />
      <Field
        label={<Optional text={t('buys.editor.deliveryDate')} />}
        type="date"
        value={form.deliveryDate}
        onChange={(e) => set('deliveryDate', e.target.value)}
        error={problem('deliveryDate')}
      />
      <div className="field">
        <label htmlFor="pickup-mode">{t('buys.buy.pickup')}</label>
        <select
          id="pickup-mode"
          value={form.pickupMode}
          onChange={(e) => set('pickupMode', e.target.value as BuyForm['pickupMode'])}
        >
          {PICKUP_MODES.map((m) => (
            <option key={m} value={m}>
              {t(`buys.pickup.${m}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={<Optional text={t('buys.editor.leaderFee')} />}
        inputMode="decimal"
        value={form.leaderFee}
        placeholder="0"
        hint={t('buys.editor.leaderFeeHint')}
        onChange={(e) => set('leaderFee', e.target.value)}
        error={problem('leaderFee')}
      />
    </>
  );
}

function ItemsStep({
  form,
  setItems,
  problem,
}: {
  form: BuyForm;
  setItems: (items: ItemRowForm[]) => void;
  problem: (key: string) => string | null;
}) {
  const { t } = useTranslation();
  const update = (i: number, patch: Partial<ItemRowForm>) =>
    setItems(form.items.map((row, n) => (n === i ? { ...row, ...patch } : row)));
  return (
    <>
      {problem('items') ? (
        <p className="form-error" role="alert">
          {problem('items')}
        </p>
      ) : null}
      {form.items.map((row, i) => (
        <fieldset key={row.key} className="item-editor" data-testid="item-editor">
          <legend>{t('buys.editor.itemN', { n: i + 1 })}</legend>
          <Field
            label={t('buys.editor.itemName')}
            value={row.name}
            maxLength={100}
            onChange={(e) => update(i, { name: e.target.value })}
            error={problem(`items.${i}.name`)}
          />
          <div className="grid-2">
            <Field
              label={<Optional text={t('buys.editor.spec')} />}
              value={row.spec}
              maxLength={100}
              placeholder={t('buys.editor.specPlaceholder')}
              onChange={(e) => update(i, { spec: e.target.value })}
            />
            <Field
              label={<Optional text={t('buys.editor.unit')} />}
              value={row.unit}
              maxLength={20}
              placeholder={t('buys.editor.unitPlaceholder')}
              onChange={(e) => update(i, { unit: e.target.value })}
            />
            <Field
              label={t('buys.editor.price')}
              inputMode="decimal"
              value={row.price}
              onChange={(e) => update(i, { price: e.target.value })}
              error={problem(`items.${i}.price`)}
            />
            <Field
              label={<Optional text={t('buys.editor.stock')} />}
              inputMode="numeric"
              value={row.stock}
              hint={t('buys.editor.stockHint')}
              onChange={(e) => update(i, { stock: e.target.value })}
              error={problem(`items.${i}.stock`)}
            />
            <Field
              label={<Optional text={t('buys.editor.perHouseholdMax')} />}
              inputMode="numeric"
              value={row.perHouseholdMax}
              onChange={(e) => update(i, { perHouseholdMax: e.target.value })}
              error={problem(`items.${i}.perHouseholdMax`)}
            />
            <Field
              label={<Optional text={t('buys.editor.packSize')} />}
              inputMode="numeric"
              value={row.packSize}
              onChange={(e) => update(i, { packSize: e.target.value })}
              error={problem(`items.${i}.packSize`)}
            />
          </div>
          {form.items.length > 1 ? (
            <Button variant="ghost" onClick={() => setItems(form.items.filter((_, n) => n !== i))}>
              {t('buys.editor.removeItem', { n: i + 1 })}
            </Button>
          ) : null}
        </fieldset>
      ))}
      {form.items.length < 100 ? (
        <Button variant="secondary" block onClick={() => setItems([...form.items, newItemRow()])}>
          {t('buys.editor.addItem')}
        </Button>
      ) : null}
    </>
  );
}

function ThresholdStep({ form, set, problem, pooled }: StepProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const input = Object.keys(checkAll(form, Date.now())).length === 0 ? toBuyInput(form) : null;
  return (
    <>
      <p className="muted">{t(pooled ? 'pools.editor.lockedLead' : 'buys.editor.thresholdLead')}</p>
      <div className="grid-2">
        <Field
          label={<Optional text={t('buys.editor.minTotalQty')} />}
          inputMode="numeric"
          value={form.minTotalQty}
          onChange={(e) => set('minTotalQty', e.target.value)}
          error={problem('minTotalQty')}
          disabled={pooled}
        />
        <Field
          label={<Optional text={t('buys.editor.minAmount')} />}
          inputMode="decimal"
          value={form.minAmount}
          onChange={(e) => set('minAmount', e.target.value)}
          error={problem('minAmount')}
          disabled={pooled}
        />
      </div>
      {input ? (
        <Card title={t('buys.editor.review')} className="review">
          <p className="lead">{input.title}</p>
          <ul className="list-plain">
            {input.items.map((i, n) => (
              <li key={n}>
                {i.name} · {money(i.priceFen)}
                {i.stock !== null && i.stock !== undefined
                  ? ` · ${t('buys.item.stock', { count: i.stock })}`
                  : ''}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </>
  );
}

export default BuyEditorPage;
