import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState } from '../../components/states.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page>
      <EmptyState icon="inbox" title={t('notFound.title')}>
        <p>{t('notFound.body')}</p>
        <ButtonLink to="/">{t('notFound.home')}</ButtonLink>
      </EmptyState>
    </Page>
  );
}
