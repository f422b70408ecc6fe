/** Small pieces the money screens share. */
import { useTranslation } from 'react-i18next';
import { formatterFor } from '../../format.ts';

/** A label/amount row of a summary list. */
export function AmountRow({
  label,
  value,
  strong,
  testId,
}: {
  label: string;
  value: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <div className={['money-row', strong ? 'money-row-strong' : ''].filter(Boolean).join(' ')}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

/** The status of a payment or a household as a coloured chip. */
export function StateChip({ kind, state }: { kind: 'payment' | 'household' | 'refund'; state: string }) {
  const { t } = useTranslation();
  return <span className={`chip money-chip money-chip-${state}`}>{t(`money.${kind}State.${state}`)}</span>;
}

/** "5/3 14:05" (a time bad beyond reading is shown as it came). */
export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatterFor('dayTime', locale).format(date);
}
