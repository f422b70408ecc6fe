import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/button.tsx';
import { LiveNotice } from '../../components/live-notice.tsx';
import { notShown, useOpenedBuys } from './opened.ts';

/**
 * The buys the bell said opened (opened.ts) that a loaded list does not show yet; none while the list loads
 * (`shown` null: its answer may hold them already). A list that has them says nothing of being empty.
 */
export function useNewBuys(communityId: string, shown: readonly { id: string }[] | null): string[] {
  const opened = useOpenedBuys(communityId);
  return shown === null ? [] : notShown(opened, shown);
}

/**
 * 「新团购开团了」 for the buys of useNewBuys. One of them is a link to it (the page a resident needs to join);
 * several, a button that reloads the list. Nothing is fetched until a person taps.
 */
export function NewBuysNotice({
  communityId,
  fresh,
  onShowAll,
}: {
  communityId: string;
  fresh: readonly string[];
  onShowAll: () => void;
}) {
  const { t } = useTranslation();
  return (
    <LiveNotice
      testId="new-buys"
      text={fresh.length > 0 ? t('buys.opened.text', { count: fresh.length }) : null}
      action={
        fresh.length === 1 ? (
          <ButtonLink to={`/c/${communityId}/buys/${fresh[0]}`}>{t('buys.opened.go')}</ButtonLink>
        ) : (
          <Button onClick={onShowAll}>{t('buys.opened.showAll')}</Button>
        )
      }
    />
  );
}
