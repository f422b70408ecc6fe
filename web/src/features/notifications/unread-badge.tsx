import { useTranslation } from 'react-i18next';
import { useUnreadCount } from './unread.ts';
import '../buys/buys.css';

/** The red count on the 消息 tab; nothing when all is read. */
export function UnreadBadge({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const count = useUnreadCount(communityId);
  if (count <= 0) return null;
  return (
    <span
      className="unread-badge"
      aria-label={t('notifications.unread', { count })}
      data-testid="unread-badge"
    >
      {count > 99 ? '99+' : count}
    </span>
  );
}
