import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../format.ts';
import { useMoney } from '../buys/ui.tsx';
import { asRole, partyText } from '../street/post-text.ts';
import { notificationHref, notificationText } from './notification-text.ts';
import type { Notification } from './types.ts';

/**
 * One notice: its text and time, a dot while unread, a link to its buy or its street post; 代管 2-101 above a
 * notice for a proxy household the reader looks after.
 */
export function NotificationRow({ n, communityId }: { n: Notification; communityId: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const sep = i18n.language === 'en' ? ', ' : '、';
  const text = notificationText(
    n,
    sep,
    money,
    (label, role) =>
      partyText(
        { label, role: asRole(role) },
        (r) => t(`roles.${r}`),
        (l, r) => t('street.withRole', { label: l, role: r }),
      ) || t('street.someone'),
  );
  const href = notificationHref(n, communityId);
  const body = (
    <>
      {!n.read ? <span className="unread-dot" aria-label={t('notifications.new')} /> : null}
      <span className="notification-text">
        {n.onBehalfOf ? (
          <span
            className="badge badge-proxy notification-for"
            title={t('notifications.onBehalfHint')}
            data-testid="notification-for"
          >
            {t('notifications.onBehalf', { label: n.onBehalfOf })}
          </span>
        ) : null}
        <span>{t(text.key, text.values)}</span>
        <span className="muted notification-time">{formatDateTime(n.createdAt, i18n.language)}</span>
      </span>
    </>
  );
  return (
    <li className={n.read ? 'notification' : 'notification notification-unread'} data-testid="notification">
      {href ? (
        <Link to={href} className="notification-link">
          {body}
          <span className="chevron" aria-hidden="true">
            ›
          </span>
        </Link>
      ) : (
        <div className="notification-link">{body}</div>
      )}
    </li>
  );
}
