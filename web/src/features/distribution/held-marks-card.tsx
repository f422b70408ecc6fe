import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { useErrorMessage } from '../../components/states.tsx';
import { formatterFor } from '../../format.ts';
import { spacedCode } from './code-input.ts';
import type { HeldMark, RefusedMark } from './held-marks.ts';

const who = (m: HeldMark) => m.label ?? spacedCode(m.code);

/**
 * 送货到户's marks kept on the phone for want of a signal (待上传), each with its time and 撤销, and 现在上传; then
 * those the server turned down once the signal came back, with why, until the volunteer has read them.
 */
export function HeldMarksCard({
  marks,
  refused,
  sending,
  onSend,
  onDrop,
  onDismiss,
}: {
  marks: HeldMark[];
  refused: RefusedMark[];
  sending: boolean;
  onSend: () => void;
  onDrop: (mark: HeldMark) => void;
  onDismiss: () => void;
}) {
  const { t, i18n } = useTranslation();
  const message = useErrorMessage();
  if (marks.length === 0 && refused.length === 0) return null;
  const time = (iso: string) => formatterFor('dayTime', i18n.language).format(new Date(iso));
  return (
    <>
      {marks.length > 0 ? (
        <Card className="held-card" title={t('dist.held.title', { count: marks.length })}>
          <div data-testid="held-marks">
            <p className="muted held-body">{t('dist.held.body')}</p>
            <ul className="held-list">
              {marks.map((m) => (
                <li key={`${m.buyId} ${m.code}`} className="held-mark">
                  <span className="household-label">{who(m)}</span>
                  <span className="muted">
                    {t(`dist.method.${m.method}`)} · {time(m.at)}
                  </span>
                  <Button variant="ghost" onClick={() => onDrop(m)} disabled={sending}>
                    {t('dist.deliver.undo')}
                  </Button>
                </li>
              ))}
            </ul>
            <Button variant="secondary" block busy={sending} onClick={onSend}>
              {t('dist.held.sendNow')}
            </Button>
          </div>
        </Card>
      ) : null}
      {refused.length > 0 ? (
        <Card
          className="held-card held-refused"
          title={t('dist.held.refusedTitle', { count: refused.length })}
        >
          <ul className="held-list" data-testid="held-refused" role="alert">
            {refused.map((r) => (
              <li key={`${r.mark.buyId} ${r.mark.code} ${r.mark.at}`} className="held-mark">
                <span className="household-label">{who(r.mark)}</span>
                <span>{message(r.error)}</span>
              </li>
            ))}
          </ul>
          <Button variant="ghost" onClick={onDismiss}>
            {t('dist.held.dismiss')}
          </Button>
        </Card>
      ) : null}
    </>
  );
}
