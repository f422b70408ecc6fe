import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../../clipboard.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { ErrorState, FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useAction, type Loadable } from '../../hooks.ts';
import { errorField } from '../../i18n/errors.ts';
import { useSession } from '../../session.tsx';
import { contactParts } from '../trust/supplier-text.ts';
import { BuyStatusChip, useMoney } from '../buys/ui.tsx';
import type { Buy } from '../buys/types.ts';
import { manifestUrl, poolsApi } from './api.ts';
import {
  checkOpenPool,
  openPoolForm,
  spacedCode,
  toOpenPoolInput,
  type OpenPoolForm,
  type PoolProblems,
} from './pool-text.ts';
import { GateFields } from './gate-fields.tsx';
import { GateName, PoolReach } from './ui.tsx';
import type { PoolView } from './types.ts';

/** A pool can be opened from a draft or an open buy whose deadline is ahead (the server checks again). */
const canOpenPool = (buy: Buy, now: number) =>
  (buy.status === 'draft' || buy.status === 'open') && new Date(buy.deadline).getTime() > now;

/**
 * 联合团购 on the manage page: with no pool, 发起联合团购 (draft or open buys); with one, the share code and the
 * invitation to paste in WeChat, each compound's gate, the items by gate and the supplier's sheet.
 */
export function PoolSection({
  buy,
  pool,
}: {
  buy: Buy;
  pool: Loadable<PoolView | null> & { reload: () => void };
}) {
  const { t } = useTranslation();
  // The pool just opened here, as the server answered it, shown until the page's own read has it.
  const [opened, setOpened] = useState<PoolView | null>(null);
  if (pool.status === 'ready' && pool.data) return <PoolManageCards buy={buy} pool={pool.data} />;
  if (opened) return <PoolManageCards buy={buy} pool={opened} />;
  if (pool.status === 'loading') return null;
  if (pool.status === 'error')
    return (
      <Card title={t('pools.title')}>
        <ErrorState error={pool.error} onRetry={pool.reload} />
      </Card>
    );
  if (!canOpenPool(buy, Date.now())) return null;
  return (
    <OpenPoolCard
      buy={buy}
      onOpened={(p) => {
        setOpened(p);
        // The page reads it again too: its buttons change for a pooled buy (no 立即截单).
        pool.reload();
      }}
    />
  );
}

/** The form's field a server error names (the body's `minAmountFen` is the form's `minAmount`), or null. */
function formField(err: unknown): keyof OpenPoolForm | null {
  const field = errorField(err);
  const named = field === 'minAmountFen' ? 'minAmount' : field;
  return named === 'gate' || named === 'contact' || named === 'minTotalQty' || named === 'minAmount'
    ? named
    : null;
}

function OpenPoolCard({ buy, onOpened }: { buy: Buy; onOpened: (pool: PoolView) => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { me } = useSession();
  const [editing, setEditing] = useState(false);
  const [form, setForm] = useState<OpenPoolForm>(() => openPoolForm(buy, me?.user.phone ?? ''));
  const [problems, setProblems] = useState<PoolProblems>({});
  const submit = useAction(async () => {
    const pool = await poolsApi.open(buy.id, toOpenPoolInput(form));
    toast(t('pools.manage.opened'), 'success');
    onOpened(pool);
  });
  const set = (key: keyof OpenPoolForm) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  // Stock limits stay this compound's: the compounds that join get the goods without them (the supplier's total
  // across compounds is not enforced), so the leader is told before opening.
  const limited = buy.items.filter((i) => i.stock !== null).map((i) => i.name);
  // A field the server found wrong is said under it; anything else below the form.
  const serverField = formField(submit.error);
  const problem = (key: keyof OpenPoolForm) => {
    if (problems[key]) return t(problems[key]);
    return serverField === key ? t('errors.validation_failed') : null;
  };

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found = checkOpenPool(form);
    setProblems(found);
    if (Object.keys(found).length === 0) void submit.run();
  }

  return (
    <Card title={t('pools.title')} className="pool-card">
      <p className="muted">{t('pools.manage.lead')}</p>
      {editing ? (
        <form onSubmit={onSubmit} noValidate className="pool-form" data-testid="pool-open-form">
          <GateFields
            gate={form.gate}
            contact={form.contact}
            onGate={set('gate')}
            onContact={set('contact')}
            problem={(k) => problem(k)}
          />
          <div className="grid-2">
            <Field
              label={t('pools.form.minTotalQty')}
              inputMode="numeric"
              value={form.minTotalQty}
              onChange={(e) => set('minTotalQty')(e.target.value)}
              error={problem('minTotalQty')}
            />
            <Field
              label={t('pools.form.minAmount')}
              inputMode="decimal"
              value={form.minAmount}
              onChange={(e) => set('minAmount')(e.target.value)}
              error={problem('minAmount')}
            />
          </div>
          <p className="field-hint">{t('pools.form.minHint')}</p>
          {limited.length > 0 ? (
            <p className="field-hint pool-stock-note" data-testid="pool-stock-note">
              {t('pools.form.stockNote', { items: limited.join(t('pools.form.itemSeparator')) })}
            </p>
          ) : null}
          {serverField ? null : <FormError error={submit.error} />}
          <div className="button-row button-row-2">
            <Button variant="secondary" onClick={() => setEditing(false)} disabled={submit.busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={submit.busy}>
              {t('pools.manage.submit')}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="secondary" block onClick={() => setEditing(true)}>
          {t('pools.manage.start')}
        </Button>
      )}
    </Card>
  );
}

/** Copies a text and says whether it worked. */
function useCopy() {
  const { t } = useTranslation();
  const toast = useToast();
  return (text: string) =>
    void copyText(text).then((ok) =>
      toast(ok ? t('common.copied') : t('common.copyFailed'), ok ? 'success' : 'error'),
    );
}

function PoolManageCards({ buy, pool }: { buy: Buy; pool: PoolView }) {
  const { t } = useTranslation();
  const money = useMoney();
  const copy = useCopy();
  const share = pool.code ? t('pools.manage.shareText', { title: buy.title, code: pool.code }) : null;
  return (
    <>
      <Card title={t('pools.title')} className="pool-card">
        {!pool.isHost ? (
          <p className="muted">{t('pools.manage.hostedBy', { name: pool.hostCommunityName })}</p>
        ) : null}
        {pool.code && share ? (
          <div className="pool-share">
            <p className="pool-code-label">{t('pools.manage.code')}</p>
            <p className="pool-code" data-testid="pool-code" data-code={pool.code}>
              {spacedCode(pool.code)}
            </p>
            <Button variant="secondary" block onClick={() => copy(pool.code!)}>
              {t('pools.manage.copyCode')}
            </Button>
            <p className="pool-code-label">{t('pools.manage.share')}</p>
            <p className="pool-share-text" data-testid="pool-share-text">
              {share}
            </p>
            <Button variant="secondary" block onClick={() => copy(share)}>
              {t('pools.manage.copyShare')}
            </Button>
          </div>
        ) : null}
        <PoolReach pool={pool} />
      </Card>
      <Card title={t('pools.manage.gates', { count: pool.gates.length })}>
        <ul className="list-plain rows" data-testid="pool-manage-gates">
          {pool.gates.map((g, i) => (
            <li key={i} className="pool-manage-gate">
              <div className="row-between">
                <GateName gate={g} />
                <BuyStatusChip status={g.status} />
              </div>
              <p>
                {t('buys.manage.qty', { count: g.qty })} · {money(g.amountFen)}
              </p>
              {g.contact ? (
                <p>
                  <span className="muted">{t('pools.manage.contact')} </span>
                  {contactParts(g.contact).map((p, j) =>
                    p.tel ? (
                      <a key={j} href={p.tel} className="phone-link">
                        {p.text}
                      </a>
                    ) : (
                      <span key={j}>{p.text}</span>
                    ),
                  )}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
      {pool.items.length > 0 ? <ItemsByGate pool={pool} /> : null}
      <Card title={t('buys.manage.downloads')}>
        <div className="download-list">
          <a className="btn btn-secondary" href={manifestUrl(buy.id)} download>
            {t('pools.manage.manifest')}
          </a>
        </div>
        <p className="muted secondary">{t('pools.manage.manifestHint')}</p>
      </Card>
    </>
  );
}

/** Items × gates, with each item's total: what the supplier loads for each gate. Scrolls sideways on a phone. */
function ItemsByGate({ pool }: { pool: PoolView }) {
  const { t } = useTranslation();
  return (
    <Card title={t('pools.manage.items')}>
      <div className="table-scroll">
        <table className="data-table pool-items" data-testid="pool-items">
          <thead>
            <tr>
              <th>{t('buys.manage.col.item')}</th>
              {pool.gates.map((g, i) => (
                <th key={i} className="num pool-th-compound">
                  {g.communityName}
                  <br />
                  <span className="pool-th-gate">{g.gate}</span>
                </th>
              ))}
              <th className="num">{t('pools.manage.total')}</th>
            </tr>
          </thead>
          <tbody>
            {pool.items.map((item, i) => (
              <tr key={i}>
                <td>
                  {item.name}
                  {item.spec ? <span className="muted secondary pool-item-spec">{item.spec}</span> : null}
                </td>
                {pool.gates.map((_, j) => (
                  <td key={j} className="num">
                    {item.byGate[j] ?? 0}
                  </td>
                ))}
                <td className="num strong">{item.qty}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
