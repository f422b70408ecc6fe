import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams, useSearchParams } from 'react-router-dom';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading } from '../../components/states.tsx';
import { FilePicker } from '../../components/file-picker.tsx';
import { PhotoNotSent, sendWithPhoto } from '../../attach.ts';
import { useToast } from '../../components/toast.tsx';
import { useAction, useLoad, useScrollToHash } from '../../hooks.ts';
import { prepareImage } from '../../image-upload.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { useMoney } from '../buys/ui.tsx';
import { moneyApi, moneyUrls } from './api.ts';
import { PAYMENT_METHODS, type MyMoney, type Payment, type PaymentMethod } from './types.ts';
import { AmountRow, formatTime, StateChip } from './ui.tsx';
import './money.css';

/**
 * /c/:id/buys/:buyId/pay: what my household owes, the leader's QR code, "I paid", refunds. With `?household=`: a
 * proxy household's, for a volunteer of its building who pays for it (代付) and hands its refunds over (代收退款);
 * back to its package page.
 */
export function PayPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const forHousehold = useSearchParams()[0].get('household') ?? undefined;
  const { community } = useCompound();
  const mine = useLoad((signal) => moneyApi.mine(buyId, signal, forHousehold), [buyId, forHousehold]);
  const back = `/c/${community.id}/buys/${buyId}${
    forHousehold ? `/package?household=${encodeURIComponent(forHousehold)}` : ''
  }`;
  // The home's 待办 links to the refunds to acknowledge (#refunds), below the payments.
  useScrollToHash(useLocation().hash, mine.status === 'ready');
  if (mine.status === 'loading') return <Loading />;
  if (mine.status === 'error')
    return (
      <Page back={back} title={t('money.pay.title')}>
        <ErrorState error={mine.error} onRetry={mine.reload} />
      </Page>
    );
  const m = mine.data;
  const pending = m.payments.some((p) => p.status === 'pending');
  return (
    <Page
      back={back}
      title={m.onBehalf ? t('money.pay.titleFor', { label: m.householdLabel }) : t('money.pay.title')}
    >
      {m.onBehalf ? (
        <p className="muted" data-testid="pay-for-hint">
          {t('money.pay.forHint')}
        </p>
      ) : null}
      <Owed m={m} />
      {m.hasQr && m.dueFen > 0 ? (
        <Card title={t('money.pay.qr')}>
          <img className="money-qr" src={moneyUrls.qr(buyId, m.qrVersion)} alt={t('money.pay.qrAlt')} />
          <p className="muted" data-testid="qr-how">
            {t('money.pay.qrHow')}
          </p>
        </Card>
      ) : m.final && m.dueFen > 0 ? (
        <Card title={t('money.pay.qr')}>
          <p className="muted" data-testid="qr-none">
            {t('money.pay.qrNone')}
          </p>
        </Card>
      ) : null}
      {m.final && m.dueFen > 0 && !pending ? (
        <MarkPaidForm buyId={buyId} householdId={forHousehold} due={m.dueFen} onDone={mine.reload} />
      ) : null}
      <Payments m={m} onChanged={mine.reload} />
      <div id="refunds">
        <Refunds m={m} onChanged={mine.reload} />
      </div>
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

function Owed({ m }: { m: MyMoney }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <Card title={`${m.buy.title} · ${m.householdLabel}`}>
      {!m.final ? <p className="muted">{t('money.pay.notFinal')}</p> : null}
      <dl className="money-list">
        <AmountRow label={t('money.pay.goods')} value={money(m.goodsFen)} />
        {m.feeFen > 0 ? <AmountRow label={t('money.pay.fee')} value={money(m.feeFen)} /> : null}
        {m.adjustmentsFen !== 0 ? (
          <AmountRow label={t('money.pay.adjustments')} value={money(m.adjustmentsFen)} />
        ) : null}
        <AmountRow label={t('money.pay.owed')} value={money(m.owedFen)} strong testId="money-owed" />
        {m.paidFen > 0 ? <AmountRow label={t('money.pay.paid')} value={money(m.paidFen)} /> : null}
        {m.refundedFen > 0 ? (
          <AmountRow label={t('money.pay.refunded')} value={money(m.refundedFen)} />
        ) : null}
      </dl>
      {m.refundDueFen > 0 ? (
        <p className="money-due money-due-refund" data-testid="money-refund-due">
          {t('money.pay.refundDue', { amount: money(m.refundDueFen) })}
        </p>
      ) : m.dueFen > 0 ? (
        <p className="money-due" data-testid="money-due">
          {t('money.pay.due', { amount: money(m.dueFen) })}
        </p>
      ) : m.final ? (
        <p className="money-due money-due-done">{t('money.pay.settled')}</p>
      ) : null}
    </Card>
  );
}

function MarkPaidForm({
  buyId,
  householdId,
  due,
  onDone,
}: {
  buyId: string;
  /** Paying for a proxy household (代付): most of their money is cash collected at the door. */
  householdId: string | undefined;
  due: number;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const toast = useToast();
  const [method, setMethod] = useState<PaymentMethod>(householdId ? 'cash' : 'wechat');
  const [reference, setReference] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // Once the payment is stored, a press after its screenshot failed sends only the screenshot (src/attach.ts).
  const sent = useRef<Payment | null>(null);
  const submit = useAction(async () => {
    await sendWithPhoto(
      sent,
      () => moneyApi.markPaid(buyId, { method, reference: reference.trim() || null }, householdId),
      file ? async (payment) => moneyApi.attachScreenshot(payment.id, await prepareImage(file)) : null,
    );
    toast(t('money.pay.marked'));
    onDone();
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run();
  };
  return (
    <Card title={t('money.pay.markTitle', { amount: money(due) })}>
      <form className="stack" onSubmit={onSubmit}>
        <fieldset className="field">
          <legend>{t('money.pay.method')}</legend>
          <div className="money-methods">
            {PAYMENT_METHODS.map((m) => (
              <label key={m} className={['chip', method === m ? 'chip-on' : ''].join(' ')}>
                <input
                  type="radio"
                  name="method"
                  value={m}
                  checked={method === m}
                  onChange={() => setMethod(m)}
                  className="money-radio"
                />
                {t(`money.method.${m}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <Field
          label={t('money.pay.reference')}
          hint={t('money.pay.referenceHint')}
          value={reference}
          maxLength={100}
          onChange={(e) => setReference(e.target.value)}
        />
        <FilePicker
          id="pay-screenshot"
          label={t('money.pay.screenshot')}
          choose={t('money.pay.chooseScreenshot')}
          accept="image/png,image/jpeg,image/webp"
          file={file}
          onPick={setFile}
          onClear={() => setFile(null)}
        />
        <FormError error={submit.error} />
        <Button type="submit" block busy={submit.busy}>
          {submit.error instanceof PhotoNotSent && file
            ? t('money.pay.resendScreenshot')
            : t('money.pay.submit')}
        </Button>
      </form>
    </Card>
  );
}

function Payments({ m, onChanged }: { m: MyMoney; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  if (m.payments.length === 0) return null;
  return (
    <Card title={t('money.pay.payments')}>
      <ul className="money-items">
        {m.payments.map((p) => (
          <li key={p.id} data-testid="my-payment">
            <div className="row-between">
              <strong>{money(p.amountFen)}</strong>
              <StateChip kind="payment" state={p.status} />
            </div>
            <p className="muted">
              {t(`money.method.${p.method}`)} · {formatTime(p.markedAt, i18n.language)}
              {p.reference ? ` · ${p.reference}` : ''}
            </p>
            {p.disputeReason ? (
              <p className="form-error">{t('money.pay.disputed', { reason: p.disputeReason })}</p>
            ) : null}
            {p.hasScreenshot ? (
              <a href={moneyUrls.screenshot(p.id)} target="_blank" rel="noreferrer">
                {t('money.pay.viewScreenshot')}
              </a>
            ) : p.status === 'pending' ? (
              <AddScreenshot paymentId={p.id} onDone={onChanged} />
            ) : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A payment waiting for the leader without its screenshot (skipped, or lost on the way): add it now. */
function AddScreenshot({ paymentId, onDone }: { paymentId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const add = useAction(async (file: File) => {
    await moneyApi.attachScreenshot(paymentId, await prepareImage(file));
    toast(t('money.pay.screenshotAdded'));
    onDone();
  });
  return (
    <>
      <FilePicker
        label={t('money.pay.addScreenshot')}
        choose={add.busy ? t('money.pay.sendingScreenshot') : t('money.pay.chooseScreenshot')}
        accept="image/png,image/jpeg,image/webp"
        onPick={(file) => void add.run(file)}
      />
      <FormError error={add.error} />
    </>
  );
}

function Refunds({ m, onChanged }: { m: MyMoney; onChanged: () => void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const ack = useAction(async (id: string) => {
    await moneyApi.acknowledge(id);
    onChanged();
  });
  if (m.refunds.length === 0) return null;
  return (
    <Card title={t('money.pay.refunds')}>
      <ul className="money-items">
        {m.refunds.map((r) => (
          <li key={r.id}>
            <div className="row-between">
              <strong>{money(r.amountFen)}</strong>
              <StateChip kind="refund" state={r.status} />
            </div>
            <p className="muted">
              {t(`money.method.${r.method}`)}
              {r.reference ? ` · ${r.reference}` : ''}
            </p>
            {r.status === 'sent' ? (
              <Button variant="secondary" busy={ack.busy} onClick={() => void ack.run(r.id)}>
                {m.onBehalf
                  ? t('money.pay.acknowledgeFor', { label: m.householdLabel })
                  : t('money.pay.acknowledge')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      <FormError error={ack.error} />
    </Card>
  );
}

export default PayPage;
