import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { ErrorState, FormError, Loading, RetryingNote } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { buysApi, newIdempotencyKey } from '../buys/api.ts';
import { withRetry } from '../../retry.ts';
import type { Buy } from '../buys/types.ts';
import { jielongApi } from './api.ts';
import { buildEntries, initialDrafts, type Draft } from './review-state.ts';
import { ReviewList } from './review-list.tsx';
import type { CommitOutcome, ImportPreview } from './types.ts';
import './jielong.css';

type Step = { kind: 'paste' } | { kind: 'review'; preview: ImportPreview; drafts: Record<number, Draft> };

/** /c/:id/buys/:buyId/import: paste a WeChat 接龙, review what was understood, fix, commit. */
export function JielongImportPage() {
  const { t } = useTranslation();
  const { buyId = '' } = useParams();
  const { community } = useCompound();
  const navigate = useNavigate();
  const toast = useToast();
  const [buy, setBuy] = useState<Buy | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'paste' });
  const [busy, setBusy] = useState(false);
  const [retrying, setRetrying] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<CommitOutcome | null>(null);
  const [attempt, setAttempt] = useState<{ key: string; body: string } | null>(null);
  const buyPage = `/c/${community.id}/buys/${buyId}`;

  useEffect(() => {
    const ctrl = new AbortController();
    buysApi.get(buyId, ctrl.signal).then(setBuy, (e: unknown) => {
      if (!ctrl.signal.aborted) setLoadError(e);
    });
    return () => ctrl.abort();
  }, [buyId]);

  const households = useMemo(
    () => new Map(step.kind === 'review' ? step.preview.households.map((h) => [h.label, h]) : []),
    [step],
  );

  if (loadError) return <ErrorState error={loadError} />;
  if (!buy) return <Loading />;

  async function read() {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const preview = await jielongApi.preview(buyId, text);
      setStep({
        kind: 'review',
        preview,
        drafts: initialDrafts(
          preview,
          buy!.items.map((i) => i.id),
        ),
      });
      window.scrollTo(0, 0);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const entries = step.kind === 'review' ? buildEntries(step.preview, step.drafts, households) : [];

  async function commit() {
    setBusy(true);
    setError(null);
    const body = JSON.stringify(entries);
    // The same entries sent again after a lost answer reuse the key, so nothing is ordered twice.
    const next = attempt && attempt.body === body ? attempt : { key: newIdempotencyKey(), body };
    setAttempt(next);
    try {
      // A lost answer or a 503 is sent again by itself with the same key (web/src/retry.ts).
      const result = await withRetry(() => jielongApi.commit(buyId, entries, next.key), {
        onRetry: setRetrying,
      });
      if (result.counts.failed === 0) {
        toast(t('jielong.import.done', { count: result.counts.placed + result.counts.cancelled }), 'success');
        navigate(buyPage);
        return;
      }
      setOutcome(result);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
      setRetrying(0);
    }
  }

  return (
    <Page back={`${buyPage}/manage`} title={t('jielong.import.title')}>
      <p className="muted">{buy.title}</p>
      {step.kind === 'paste' ? (
        <Card>
          <TextAreaField
            label={t('jielong.import.paste')}
            hint={t('jielong.import.pasteHint')}
            value={text}
            rows={12}
            maxLength={200_000}
            placeholder={t('jielong.import.placeholder')}
            onChange={(e) => setText(e.target.value)}
            data-testid="jielong-text"
          />
          <FormError error={error} />
          <Button block busy={busy} disabled={!text.trim()} onClick={() => void read()}>
            {t('jielong.import.read')}
          </Button>
        </Card>
      ) : (
        <>
          <ReviewList
            preview={step.preview}
            items={buy.items}
            drafts={step.drafts}
            households={households}
            onChange={(line, draft) =>
              setStep((s) => (s.kind === 'review' ? { ...s, drafts: { ...s.drafts, [line]: draft } } : s))
            }
          />
          {outcome ? <Failures outcome={outcome} /> : null}
          <RetryingNote attempt={retrying} />
          <FormError error={error} />
          <div className="jielong-commit-bar">
            <Button variant="secondary" onClick={() => setStep({ kind: 'paste' })} disabled={busy}>
              {t('jielong.import.back')}
            </Button>
            <Button
              busy={busy}
              disabled={entries.length === 0}
              onClick={() => void commit()}
              data-testid="jielong-commit"
            >
              {t('jielong.import.commit', { count: entries.length })}
            </Button>
          </div>
        </>
      )}
    </Page>
  );
}

function Failures({ outcome }: { outcome: CommitOutcome }) {
  const { t, i18n } = useTranslation();
  const failed = outcome.results.filter((r) => !r.ok);
  return (
    <Card title={t('jielong.import.failedTitle', { count: failed.length })} className="card-accent">
      <p>{t('jielong.import.partly', { count: outcome.counts.placed + outcome.counts.cancelled })}</p>
      <ul className="list-plain rows">
        {failed.map((r) =>
          r.ok ? null : (
            <li key={r.line}>
              {t('jielong.review.lineNo', { line: r.line })}:{' '}
              {i18n.exists(`errors.${r.error.code}`) ? t(`errors.${r.error.code}`) : r.error.message}
            </li>
          ),
        )}
      </ul>
    </Card>
  );
}

export default JielongImportPage;
