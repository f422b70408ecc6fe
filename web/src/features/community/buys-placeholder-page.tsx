import { useTranslation } from 'react-i18next';
import { Page } from '../../components/shell.tsx';
import { EmptyState } from '../../components/states.tsx';

/** The 团购 tab before group buys land: a friendly note instead of a dead tab. */
export function BuysPlaceholderPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('tabs.buys')}>
      <EmptyState icon="cart" title={t('home.noBuys')}>
        <p>{t('home.noBuysHint')}</p>
      </EmptyState>
    </Page>
  );
}
