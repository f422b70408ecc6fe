import { useTranslation } from 'react-i18next';
import type { HouseholdNeed } from '../../api-types.ts';
import './needs.css';

/** A household's needs from the register (需照顾), as badges; nothing when it is not on it. */
export function NeedBadges({ needs }: { needs: readonly HouseholdNeed[] }) {
  const { t } = useTranslation();
  if (needs.length === 0) return null;
  return (
    <span className="need-badges">
      {needs.map((n) => (
        <span key={n} className="badge badge-need">
          {t(`care.need.${n}`)}
        </span>
      ))}
    </span>
  );
}
