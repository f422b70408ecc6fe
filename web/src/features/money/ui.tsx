/** Small pieces the money screens share. */
import { useTranslation } from 'react-i18next';

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

export function formatTime(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
