import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { copyText } from '../../clipboard.ts';
import { jielongApi } from './api.ts';
import './jielong.css';

interface Props {
  buyId: string;
  communityId: string;
  /** Import is offered while the buy is open. */
  canImport: boolean;
  /** Changes whenever the orders change, so the text is fetched again. */
  version: string;
}

/**
 * On the leader's manage page: "导入接龙" and one-tap copies of the 接龙 and the summary. The text is fetched
 * ahead, so the tap itself copies (browsers allow clipboard writes only inside the tap).
 */
export function JielongCard({ buyId, communityId, canImport, version }: Props) {
  const { t } = useTranslation();
  const toast = useToast();
  const [text, setText] = useState<{ jielong: string; summary: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [shown, setShown] = useState<'jielong' | 'summary' | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    jielongApi.text(buyId, ctrl.signal).then(
      (r) => {
        setText(r);
        setError(null);
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) setError(e);
      },
    );
    return () => ctrl.abort();
  }, [buyId, version]);

  function copy(which: 'jielong' | 'summary') {
    if (!text) return;
    setShown(which);
    void copyText(text[which]).then((ok) =>
      toast(ok ? t('jielong.copy.copied') : t('jielong.copy.failed'), ok ? 'success' : 'error'),
    );
  }

  return (
    <Card title={t('jielong.card.title')}>
      <div className="button-row">
        {canImport ? (
          <ButtonLink to={`/c/${communityId}/buys/${buyId}/import`} variant="primary">
            {t('jielong.card.import')}
          </ButtonLink>
        ) : null}
        <Button
          variant="secondary"
          disabled={!text}
          onClick={() => copy('jielong')}
          data-testid="copy-jielong"
        >
          {t('jielong.card.copyJielong')}
        </Button>
        <Button
          variant="secondary"
          disabled={!text}
          onClick={() => copy('summary')}
          data-testid="copy-summary"
        >
          {t('jielong.card.copySummary')}
        </Button>
      </div>
      <FormError error={error} />
      {text && shown ? (
        <pre className="jielong-preview" data-testid="jielong-copied-text">
          {text[shown]}
        </pre>
      ) : null}
    </Card>
  );
}
