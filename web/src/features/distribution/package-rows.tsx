import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { EmptyState } from '../../components/states.tsx';
import { NeedBadges } from '../verify/need-badges.tsx';
import { spacedCode } from './code-input.ts';
import type { SortingHousehold, SortingList } from './types.ts';

/** "土鸡蛋×1 纯牛奶×1": what goes in the household's package ("牛奶×1" never split over two lines). */
export function PackageItems({ list, household }: { list: SortingList; household: SortingHousehold }) {
  return (
    <>
      {list.items.map((i, n) =>
        household.quantities[n] ? (
          <Fragment key={i.itemId}>
            <span className="nowrap">{`${i.name}×${household.quantities[n]}`}</span>{' '}
          </Fragment>
        ) : null,
      )}
    </>
  );
}

/**
 * Whom to hand an elderly neighbour's package to: the contact the register keeps for a household without a
 * smartphone (shown only to the admins and that building's volunteers: the server leaves it out for others).
 */
export function ProxyContact({ contact }: { contact: SortingHousehold['proxyContact'] }) {
  const { t } = useTranslation();
  if (!contact) return null;
  return (
    <span className="package-contact">
      {t('dist.deliver.contact', { name: contact.name })}{' '}
      {contact.phone ? (
        <a href={`tel:${contact.phone}`} aria-label={t('dist.deliver.call', { name: contact.name })}>
          {contact.phone}
        </a>
      ) : null}
    </span>
  );
}

/**
 * The volunteer's list, per building: each household's room, items, code and status; 送达 on a package that
 * waits (it asks to check the label's code first), 撤销 on one marked delivered that the household has not
 * confirmed; 代签收 (or 有问题 once confirmed) on a delivered proxy household's, which nobody else can confirm.
 */
export function PackageList({
  list,
  showAll,
  onToggle,
  onDeliver,
  onUndo,
  receiveFor,
  heldCodes,
}: {
  list: SortingList;
  showAll: boolean;
  onToggle: () => void;
  onDeliver: (h: SortingHousehold) => void;
  onUndo: (h: SortingHousehold) => void;
  /** Where a proxy household's package is received for it (代签收): its package page for that household. */
  receiveFor: (h: SortingHousehold) => string;
  /** Codes marked on this phone and not yet sent (no signal): 待上传, and no 送达. */
  heldCodes?: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  if (list.buildings.length === 0) return <EmptyState icon="inbox" title={t('dist.deliver.none')} />;
  return (
    <>
      <div className="button-row">
        <button
          type="button"
          className={showAll ? 'chip' : 'chip chip-on'}
          onClick={onToggle}
          aria-pressed={!showAll}
        >
          {t('dist.deliver.onlyOpen')}
        </button>
      </div>
      {list.buildings.map((b) => {
        const open = b.households.filter((h) => h.status === 'sorted').length;
        const rows = showAll ? b.households : b.households.filter((h) => h.status === 'sorted');
        return (
          <Card
            key={b.buildingId}
            title={t('dist.buildingName', { name: b.name })}
            action={
              <span className="muted">{t('dist.deliver.left', { open, total: b.households.length })}</span>
            }
          >
            <ul className="package-list">
              {rows.map((h) => {
                const waiting = h.status === 'sorted' && !!h.code && !!heldCodes?.has(h.code);
                return (
                  <li
                    key={h.orderId}
                    className={`package package-${h.status ?? 'none'}`}
                    data-testid="package-row"
                  >
                    <span className="household-label package-room">{h.label}</span>
                    <span className="package-items">
                      <PackageItems list={list} household={h} />
                      {h.isProxy ? <span className="badge proxy-badge">{t('dist.proxy')}</span> : null}
                      <NeedBadges needs={h.needs} />
                    </span>
                    <span className="package-code">{h.code ? spacedCode(h.code) : ''}</span>
                    {waiting ? (
                      <span className="badge pkg-status pkg-held">{t('dist.held.status')}</span>
                    ) : (
                      <span
                        className={`badge pkg-status pkg-${h.confirmedAt ? 'confirmed' : (h.status ?? 'none')}`}
                      >
                        {t(`dist.status.${h.confirmedAt ? 'confirmed' : (h.status ?? 'none')}`)}
                      </span>
                    )}
                    <span className="package-extra">
                      <ProxyContact contact={h.proxyContact} />
                    </span>
                    {h.status === 'sorted' && h.code && !waiting ? (
                      <Button variant="secondary" className="package-action" onClick={() => onDeliver(h)}>
                        {t('dist.deliver.markRow')}
                      </Button>
                    ) : null}
                    {(h.status === 'delivered' || h.status === 'picked_up') && !h.confirmedAt ? (
                      <Button variant="ghost" className="package-action" onClick={() => onUndo(h)}>
                        {t('dist.deliver.undo')}
                      </Button>
                    ) : null}
                    {h.isProxy && h.packageId && h.status !== 'sorted' ? (
                      <ButtonLink variant="secondary" className="package-action" to={receiveFor(h)}>
                        {t(h.confirmedAt ? 'dist.deliver.reportFor' : 'dist.deliver.receiveFor')}
                      </ButtonLink>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </Card>
        );
      })}
    </>
  );
}
