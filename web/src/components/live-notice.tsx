import type { ReactNode } from 'react';

/**
 * "Something new came" above a list (new buys, new notices, the street's news), with what to do about it. The
 * live region is there before its text, so that a screen reader says the text when it comes; empty, it takes
 * back its flex gap (buys.css, .new-buys-slot).
 */
export function LiveNotice({
  text,
  action,
  testId,
}: {
  /** Nothing to say: null. */
  text: string | null;
  action?: ReactNode;
  testId: string;
}) {
  return (
    <div role="status" aria-live="polite" className="new-buys-slot">
      {text !== null ? (
        <div className="new-buys" data-testid={testId}>
          <p className="new-buys-text">{text}</p>
          {action}
        </div>
      ) : null}
    </div>
  );
}
