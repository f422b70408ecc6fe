import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState } from '../../components/states.tsx';
import { useCompound } from '../community/compound-layout.tsx';

/** Admin screens explain themselves to someone without the role instead of failing call by call. */
export function RoleGate({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  if (allowed) return <>{children}</>;
  return (
    <Page>
      <EmptyState icon="shield" title={t('admin.notAllowed')}>
        <p>{t('admin.notAllowedHint')}</p>
        <ButtonLink to={`/c/${community.id}`}>{t('join.goHome')}</ButtonLink>
      </EmptyState>
    </Page>
  );
}
