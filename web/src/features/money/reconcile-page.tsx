import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, Loading, useErrorMessage } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { copyText } from '../../clipboard.ts';
import { useAction, useLoad, useScrollToHash } from '../../hooks.ts';
import { prepareImage } from '../../image-upload.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { parseYuanToFen } from '../buys/money.ts';
import { useMoney } from '../buys/ui.tsx';
import { useBuyEvents } from '../buys/live.ts';
import { moneyApi, moneyUrls } from './api.ts';
import { TotalsList } from './ledger-page.tsx';
import type { Reconciliation, ReconciliationRow } from './types.ts';
import { formatTime, StateChip } from './ui.tsx';
import { unpaidListText } from './unpaid-text.ts';
import './money.css';
import { FilePicker } from '../../components/file-picker.tsx';
import { ReceivedDialog } from './received-dialog.tsx';

/** /c/:id/buys/:buyId/money: the leader's reconciliation (收款对账): who paid, who is owed, does it balance. */
export function ReconcilePage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const rec = useLoad((signal) => moneyApi.reconciliation(buyId, signal), [buyId]);
  useBuyEvents(buyId, async () => rec.reload());
  // The home's 待办 ("N 户还没付款", "N 户待退款") opens the page on those households.
  const [params] = useSearchParams();
  const [only, setOnly] = useState<'unpaid' | 'refund' | null>(
    params.get('unpaid') === '1' ? 'unpaid' : params.get('refund') === '1' ? 'refund' : null,
  );
  const unpaidOnly = only === 'unpaid';
  const money = useMoney();
  const toast = useToast();
  const back = `/c/${community.id}/buys/${buyId}/manage`;
  // …at the households, below the payments waiting (#households).
  useScrollToHash(useLocation().hash, rec.status === 'ready');
  if (rec.status === 'loading') return <Loading />;
  if (rec.status === 'error')
    return (
      <Page back={back} title={t('money.reconcile.title')}>
        <ErrorState error={rec.error} onRetry={rec.reload} />
      </Page>
    );
  const r = rec.data;
  const waiting = r.rows.filter((x) => x.state === 'pending');
  const others = r.rows.filter((x) => x.state !== 'pending');
  const unpaid = others.filter((x) => x.dueFen > 0);
  const owedBack = others.filter((x) => x.refundDueFen > 0);
  const shown = only === 'unpaid' ? unpaid : only === 'refund' ? owedBack : others;
  const chip = (which: 'unpaid' | 'refund', count: number) =>
    count > 0 ? (
      <button
        type="button"
        className={only === which ? 'chip chip-on' : 'chip'}
        aria-pressed={only === which}
        onClick={() => setOnly((v) => (v === which ? null : which))}
      >
        {t(which === 'unpaid' ? 'money.reconcile.unpaidOnly' : 'money.reconcile.refundOnly', { count })}
      </button>
    ) : null;
  const copyUnpaid = () => {
    const text = unpaidListText(unpaid, money, {
      head: t('money.reconcile.unpaidHead', { title: r.buy.title }),
      tail: t('money.reconcile.unpaidTail'),
    });
    void copyText(text).then((ok) =>
      toast(ok ? t('money.reconcile.copied') : t('money.reconcile.copyFailed'), ok ? 'success' : 'error'),
    );
  };
  return (
    <Page back={back} title={t('money.reconcile.title')}>
      <Card title={r.buy.title}>
        <p
          className={r.totals.settled ? 'money-due money-due-done' : 'money-due'}
          data-testid="reconcile-balance"
        >
          {r.totals.settled
            ? t('money.reconcile.balanced')
            : t('money.reconcile.open', {
                unpaid: r.rows.filter((x) => x.dueFen > 0).length,
                refunds: r.rows.filter((x) => x.refundDueFen > 0).length,
              })}
        </p>
        <TotalsList totals={r.totals} />
      </Card>
      {waiting.length > 0 ? (
        <Card title={t('money.reconcile.waiting', { count: waiting.length })}>
          <ul className="money-items">
            {waiting.map((row) => (
              <PendingRow key={row.householdId} row={row} onDone={rec.reload} />
            ))}
          </ul>
        </Card>
      ) : null}
      <div id="households">
        <Card
          title={t('money.reconcile.households')}
          action={
            unpaid.length > 0 || owedBack.length > 0 ? (
              <span className="chip-row">
                {chip('unpaid', unpaid.length)}
                {chip('refund', owedBack.length)}
              </span>
            ) : null
          }
        >
          {unpaidOnly && unpaid.length > 0 ? (
            <Button variant="secondary" block onClick={copyUnpaid}>
              {t('money.reconcile.copyUnpaid')}
            </Button>
          ) : null}
          <ul className="money-items">
            {shown.map((row) => (
              <HouseholdRow key={row.householdId} buyId={buyId} row={row} onDone={rec.reload} />
            ))}
          </ul>
        </Card>
      </div>
      <RefundsSent r={r} onDone={rec.reload} />
      <SupplierCard r={r} onDone={rec.reload} />
      <div id="qr">
        <QrCard buyId={buyId} qr={r.qr} onDone={rec.reload} />
      </div>
      <Card title={t('money.reconcile.downloads')}>
        <p>
          {t('money.reconcile.paymentsList')}: <a href={moneyUrls.export(buyId, 'payments', 'xlsx')}>Excel</a>{' '}
          · <a href={moneyUrls.export(buyId, 'payments', 'csv')}>CSV</a>
        </p>
        <p>
          {t('money.ledger.title')}: <a href={moneyUrls.export(buyId, 'ledger', 'xlsx')}>Excel</a> ·{' '}
          <a href={moneyUrls.export(buyId, 'ledger', 'csv')}>CSV</a>
        </p>
      </Card>
      <div className="money-links">
        <ButtonLink to={`/c/${community.id}/buys/${buyId}/ledger`} variant="secondary" block>
          {t('money.ledger.open')}
        </ButtonLink>
        <ButtonLink to={`/c/${community.id}/buys/${buyId}/audit`} variant="ghost" block>
          {t('money.audit.open')}
        </ButtonLink>
      </div>
    </Page>
  );
}

function PendingRow({ row, onDone }: { row: ReconciliationRow; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const message = useErrorMessage();
  const [reason, setReason] = useState('');
  const [disputing, setDisputing] = useState(false);
  const p = row.pending!;
  const decide = useAction(async (kind: 'confirm' | 'dispute') => {
    if (kind === 'confirm') await moneyApi.confirm(p.id);
    else await moneyApi.dispute(p.id, reason.trim());
    onDone();
  });
  return (
    <li data-testid="pending-payment">
      <div className="row-between">
        <span className="household-label">{row.householdLabel}</span>
        <strong>{money(p.amountFen)}</strong>
      </div>
      <p className="muted">
        {t(`money.method.${p.method}`)}
        {p.reference ? ` · ${p.reference}` : ''} · {t('money.reconcile.owes', { amount: money(row.dueFen) })}
      </p>
      {p.hasScreenshot ? (
        <a href={moneyUrls.screenshot(p.id)} target="_blank" rel="noreferrer">
          <img className="money-shot" src={moneyUrls.screenshot(p.id)} alt={t('money.pay.screenshot')} />
        </a>
      ) : null}
      {disputing ? (
        <Field
          label={t('money.reconcile.reason')}
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
        />
      ) : null}
      {decide.error ? <p className="form-error">{message(decide.error)}</p> : null}
      <div className="money-actions">
        <Button busy={decide.busy} onClick={() => void decide.run('confirm')}>
          {t('money.reconcile.confirm')}
        </Button>
        <Button
          variant="secondary"
          disabled={disputing && reason.trim() === ''}
          onClick={() => (disputing ? void decide.run('dispute') : setDisputing(true))}
        >
          {t('money.reconcile.dispute')}
        </Button>
      </div>
    </li>
  );
}

function HouseholdRow({ buyId, row, onDone }: { buyId: string; row: ReconciliationRow; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const toast = useToast();
  const message = useErrorMessage();
  const { me } = useCompound();
  const [recording, setRecording] = useState(false);
  // Not one's own household: an admin records the leader's (the server refuses it too).
  const canRecord = row.dueFen > 0 && row.householdId !== me.household?.id;
  const refund = useAction(async () => {
    await moneyApi.sendRefund(buyId, { householdId: row.householdId, method: 'wechat', reference: null });
    toast(t('money.reconcile.refundSent'));
    onDone();
  });
  return (
    <li data-testid="household-row">
      <div className="row-between">
        <span>
          <span className="household-label">{row.householdLabel}</span>
          {row.isProxy ? <span className="badge badge-proxy">{t('money.reconcile.proxy')}</span> : null}
        </span>
        <StateChip kind="household" state={row.state} />
      </div>
      <p className="muted">
        {t('money.reconcile.line', { owed: money(row.owedFen), paid: money(row.paidFen) })}
        {row.refundDueFen > 0
          ? ` · ${t('money.reconcile.refundDue', { amount: money(row.refundDueFen) })}`
          : ''}
        {row.dueFen > 0 ? ` · ${t('money.reconcile.owes', { amount: money(row.dueFen) })}` : ''}
      </p>
      {row.disputed && row.state === 'disputed' ? (
        <p className="form-error">{t('money.pay.disputed', { reason: row.disputed.disputeReason ?? '' })}</p>
      ) : null}
      {row.refundDueFen > 0 ? (
        <Button variant="secondary" busy={refund.busy} onClick={() => void refund.run()}>
          {t('money.reconcile.markRefunded', { amount: money(row.refundDueFen) })}
        </Button>
      ) : null}
      {refund.error ? <p className="form-error">{message(refund.error)}</p> : null}
      {canRecord && row.isProxy ? <p className="muted secondary">{t('money.reconcile.proxyHint')}</p> : null}
      {canRecord ? (
        <Button variant="secondary" onClick={() => setRecording(true)}>
          {t('money.received.open')}
        </Button>
      ) : null}
      {recording ? (
        <ReceivedDialog
          buyId={buyId}
          row={row}
          onCancel={() => setRecording(false)}
          onDone={(amountFen) => {
            setRecording(false);
            toast(
              t('money.received.done', { label: row.householdLabel, amount: money(amountFen) }),
              'success',
            );
            onDone();
          }}
        />
      ) : null}
    </li>
  );
}

function SupplierCard({ r, onDone }: { r: Reconciliation; onDone: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const message = useErrorMessage();
  const [kind, setKind] = useState<'invoice' | 'payment'>('invoice');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [prices, setPrices] = useState<Record<string, string>>({});
  const save = useAction(async () => {
    const lines = r.items.flatMap((i) => {
      const fen = parseYuanToFen(prices[i.itemId] ?? '');
      return kind === 'invoice' && fen !== null
        ? [{ itemId: i.itemId, qty: i.allocatedQty, unitPriceFen: fen }]
        : [];
    });
    const amountFen = parseYuanToFen(amount);
    await moneyApi.supplierBill(r.buy.id, {
      kind,
      ...(amountFen ? { amountFen } : {}),
      ...(lines.length > 0 ? { lines } : {}),
      note: note.trim() || null,
    });
    setAmount('');
    setNote('');
    onDone();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void save.run();
  };
  return (
    <Card title={t('money.supplier.title')}>
      <p className="muted">
        {t('money.supplier.summary', {
          invoiced: money(r.totals.supplierInvoicedFen),
          paid: money(r.totals.paidToSupplierFen),
        })}
      </p>
      <form className="stack" onSubmit={onSubmit}>
        <div className="money-methods">
          {(['invoice', 'payment'] as const).map((k) => (
            <label key={k} className={['chip', kind === k ? 'chip-on' : ''].join(' ')}>
              <input
                type="radio"
                name="bill-kind"
                className="money-radio"
                checked={kind === k}
                onChange={() => setKind(k)}
              />
              {t(`money.supplier.${k}`)}
            </label>
          ))}
        </div>
        {kind === 'invoice'
          ? r.items.map((i) => (
              <Field
                key={i.itemId}
                label={t('money.supplier.unitPrice', {
                  item: i.name,
                  qty: i.allocatedQty,
                  price: money(i.priceFen),
                })}
                inputMode="decimal"
                value={prices[i.itemId] ?? ''}
                onChange={(e) => setPrices({ ...prices, [i.itemId]: e.target.value })}
              />
            ))
          : null}
        <Field
          label={t('money.supplier.amount')}
          hint={kind === 'invoice' ? t('money.supplier.amountHint') : undefined}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <Field
          label={t('money.supplier.note')}
          value={note}
          maxLength={500}
          onChange={(e) => setNote(e.target.value)}
        />
        {save.error ? <p className="form-error">{message(save.error)}</p> : null}
        <Button type="submit" variant="secondary" busy={save.busy}>
          {t('money.supplier.save')}
        </Button>
      </form>
    </Card>
  );
}

/** The leader's 收款码: this buy's own, or the one they uploaded last on an earlier buy, used until replaced. */
function QrCard({ buyId, qr, onDone }: { buyId: string; qr: Reconciliation['qr']; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const message = useErrorMessage();
  const upload = useAction(async (file: File) => {
    await moneyApi.setQr(buyId, await prepareImage(file));
    toast(t('money.qr.saved'));
    onDone();
  });
  return (
    <Card title={t('money.qr.title')}>
      <p className="muted">{t('money.qr.hint')}</p>
      {qr ? (
        <img className="money-qr" src={moneyUrls.qr(buyId, qr.version)} alt={t('money.pay.qrAlt')} />
      ) : null}
      {qr && !qr.own ? (
        <p className="muted" data-testid="qr-earlier">
          {t('money.qr.earlier')}
        </p>
      ) : null}
      <FilePicker
        id="qr-file"
        label={t('money.qr.upload')}
        choose={qr ? t('money.qr.replace') : t('money.qr.choose')}
        accept="image/png,image/jpeg,image/webp"
        onPick={(file) => void upload.run(file)}
      />
      {upload.error ? <p className="form-error">{message(upload.error)}</p> : null}
    </Card>
  );
}

/**
 * The refunds sent on the buy, newest first, and whether each household said it arrived. A household acknowledges
 * from its pay page; a proxy household's, its building's volunteer there, or an admin who did not send it here
 * (代确认收到: a building without a volunteer).
 */
function RefundsSent({ r, onDone }: { r: Reconciliation; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const message = useErrorMessage();
  const ack = useAction(async (id: string) => {
    await moneyApi.acknowledge(id);
    onDone();
  });
  if (r.refunds.length === 0) return null;
  const proxies = new Set(r.rows.filter((row) => row.isProxy).map((row) => row.householdId));
  const newestFirst = [...r.refunds].sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  return (
    <Card title={t('money.reconcile.refundsSent', { count: r.refunds.length })}>
      <ul className="money-items" data-testid="refunds-sent">
        {newestFirst.map((x) => (
          <li key={x.id}>
            <div className="row-between">
              <span>
                <strong className="household-label">{x.householdLabel}</strong>
                {proxies.has(x.householdId) ? (
                  <span className="badge badge-proxy">{t('money.reconcile.proxy')}</span>
                ) : null}
              </span>
              <StateChip kind="refund" state={x.status} />
            </div>
            <p className="muted">
              {money(x.amountFen)} · {t(`money.method.${x.method}`)}
              {x.reference ? ` · ${x.reference}` : ''} · {formatTime(x.sentAt, i18n.language)}
            </p>
            {x.mayAcknowledge && x.status === 'sent' ? (
              <Button variant="secondary" busy={ack.busy} onClick={() => void ack.run(x.id)}>
                {t('money.reconcile.acknowledgeFor', { label: x.householdLabel })}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {ack.error ? <p className="form-error">{message(ack.error)}</p> : null}
    </Card>
  );
}

export default ReconcilePage;
