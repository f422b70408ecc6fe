import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/button.tsx';
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
  // The live region is there before its text, so that a screen reader says the text when it comes.
  return (
    <div role="status" aria-live="polite" className="new-buys-slot">
      {fresh.length > 0 ? (
        <div className="new-buys" data-testid="new-buys">
          <p className="new-buys-text">{t('buys.opened.text', { count: fresh.length })}</p>
          {fresh.length === 1 ? (
            <ButtonLink to={`/c/${communityId}/buys/${fresh[0]}`}>{t('buys.opened.go')}</ButtonLink>
          ) : (
            <Button onClick={onShowAll}>{t('buys.opened.showAll')}</Button>
          )}
        </div>
      ) : null}
    </div>
  );
}
