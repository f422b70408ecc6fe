import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errors.ts';
import { Button } from './button.tsx';
import { Icon, type IconName } from './icon.tsx';
import { PhotoNotSent } from '../attach.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner spinner-lg" aria-hidden="true" />
      <p>{label ?? t('common.loading')}</p>
    </div>
  );
}

/** The translated message for any failure, falling back to the server's own words. */
export function useErrorMessage(): (err: unknown) => string {
  const { i18n } = useTranslation();
  return (err: unknown) => {
    const { key, fallback } = errorText(err);
    // Only this language's own text: the server's English beats a fallback to another language.
    const text: unknown = i18n.getResource(i18n.language, 'translation', key);
    return typeof text === 'string' ? text : fallback;
  };
}

/** "Busy: retrying by itself (2)…" while a write is sent again on its own (web/src/retry.ts). */
export function RetryingNote({ attempt, slow = false }: { attempt: number; slow?: boolean }) {
  const { t } = useTranslation();
  if (attempt <= 0 && !slow) return null;
  return (
    <p className="form-status" role="status" aria-live="polite">
      {attempt > 0 ? t('common.retrying', { count: attempt }) : t('common.stillSending')}
    </p>
  );
}

/** How long a send may take before the form says it is still on its way (a rush: joins queue for 1–2 s). */
export const SLOW_SEND_MS = 1500;

/**
 * Whether a send has been busy for SLOW_SEND_MS: when thousands join at once an answer can take a second or
 * two (npm run bench -- crowd), and a spinner alone has people press again or leave the page.
 */
export function useSlowSend(busy: boolean): boolean {
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    if (!busy) {
      setSlow(false);
      return;
    }
    const timer = setTimeout(() => setSlow(true), SLOW_SEND_MS);
    return () => clearTimeout(timer);
  }, [busy]);
  return slow;
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <div className="state state-error" role="alert">
      <p>{message(error)}</p>
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

export function FormError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error instanceof PhotoNotSent
        ? t('common.file.notSent', { reason: message(error.cause) })
        : message(error)}
    </p>
  );
}

export function EmptyState({
  icon,
  title,
  children,
}: {
  icon?: IconName;
  title: ReactNode;
  children?: ReactNode;
}) {
  return (
    <div className="empty">
      {icon ? (
        <span className="empty-icon">
          <Icon name={icon} size={36} />
        </span>
      ) : null}
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
