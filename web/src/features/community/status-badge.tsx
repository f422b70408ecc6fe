import { useTranslation } from 'react-i18next';
import type { ClaimStatus } from '../../api-types.ts';

export function StatusBadge({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}
