import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/field.tsx';
import { Segmented } from '../../components/segmented.tsx';
import { FormError } from '../../components/states.tsx';
import { useAction } from '../../hooks.ts';
import { fenToYuanText, parseYuanToFen } from '../buys/money.ts';
import { ConfirmDialog, useMoney } from '../buys/ui.tsx';
import { moneyApi } from './api.ts';
import type { PaymentMethod, ReconciliationRow } from './types.ts';

const METHODS = ['cash', 'wechat', 'alipay', 'other'] as const satisfies readonly PaymentMethod[];

/**
 * 记一笔收款: the leader records money a household handed over in person (cash at the door, an elderly
 * neighbour's money brought by their volunteer, a transfer nobody marked in the app). Confirmed at once; at most
 * what the household still owes (the server says so too).
 */
export function ReceivedDialog({
  buyId,
  row,
  onDone,
  onCancel,
}: {
  buyId: string;
  row: ReconciliationRow;
  onDone: (amountFen: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const [amount, setAmount] = useState(() => fenToYuanText(row.dueFen));
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reference, setReference] = useState('');
  const fen = parseYuanToFen(amount);
  const valid = fen !== null && fen > 0 && fen <= row.dueFen;
  const save = useAction(async () => {
    const payment = await moneyApi.recordReceived(buyId, {
      householdId: row.householdId,
      method,
      reference: reference.trim() || null,
      amountFen: fen!,
    });
    onDone(payment.amountFen);
  });
  return (
    <ConfirmDialog
      title={t('money.received.title', { label: row.householdLabel })}
      confirmLabel={valid ? t('money.received.confirm', { amount: money(fen) }) : t('money.received.open')}
      confirmDisabled={!valid}
      dismissLabel={t('money.received.dismiss')}
      busy={save.busy}
      onCancel={onCancel}
      onConfirm={() => void save.run()}
    >
      <p className="muted secondary">{t('money.received.lead')}</p>
      <Field
        label={t('money.received.amount')}
        inputMode="decimal"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        error={
          amount.trim() !== '' && !valid ? t('money.received.badAmount', { max: money(row.dueFen) }) : null
        }
        hint={t('money.reconcile.owes', { amount: money(row.dueFen) })}
      />
      <Segmented
        kind="radio"
        options={METHODS}
        value={method}
        onChange={setMethod}
        label={t('money.received.method')}
      >
        {(m) => t(`money.method.${m}`)}
      </Segmented>
      <Field
        label={t('money.received.reference')}
        value={reference}
        maxLength={100}
        placeholder={t('money.received.referenceHint')}
        onChange={(e) => setReference(e.target.value)}
      />
      <FormError error={save.error} />
    </ConfirmDialog>
  );
}
