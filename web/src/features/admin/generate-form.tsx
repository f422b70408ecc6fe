import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import { Button } from '../../components/button.tsx';
import { Field } from '../../components/field.tsx';
import { FormError } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { patternPreview, patternProblem, type Pattern } from './pattern.ts';

const KEYS = ['buildingFrom', 'buildingTo', 'floors', 'roomsPerFloor'] as const;
type Key = (typeof KEYS)[number];

/** Generate buildings and rooms from a pattern, with a live preview of what will be created. */
export function GenerateForm({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const [raw, setRaw] = useState<Record<Key, string>>({
    buildingFrom: '1',
    buildingTo: '12',
    floors: '6',
    roomsPerFloor: '4',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pattern: Pattern = {
    buildingFrom: Number(raw.buildingFrom),
    buildingTo: Number(raw.buildingTo),
    floors: Number(raw.floors),
    roomsPerFloor: Number(raw.roomsPerFloor),
  };
  const problem = patternProblem(pattern);
  const preview = patternPreview(pattern);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{
        buildingsCreated: number;
        householdsCreated: number;
        householdsSkipped: number;
      }>(`/api/communities/${seg(communityId)}/buildings/generate`, pattern);
      toast(
        // The rooms already there are mentioned only when there were some (a second pattern over the first).
        t(res.householdsSkipped > 0 ? 'setup.generatedKept' : 'setup.generated', {
          buildings: res.buildingsCreated,
          households: res.householdsCreated,
          skipped: res.householdsSkipped,
        }),
        'success',
      );
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="grid-2">
        {KEYS.map((key) => (
          <Field
            key={key}
            label={t(`setup.${key}`)}
            type="number"
            inputMode="numeric"
            min={1}
            value={raw[key]}
            onChange={(e) => setRaw((r) => ({ ...r, [key]: e.target.value }))}
            error={
              problem === key || (problem === 'buildingOrder' && key === 'buildingTo')
                ? t(`setup.problem.${problem}`)
                : null
            }
          />
        ))}
      </div>
      <p
        className={preview ? 'preview' : 'preview preview-bad'}
        aria-live="polite"
        data-testid="pattern-preview"
      >
        {preview ? (
          // Labels never break at their hyphen ("1-" / "101" would read as two things).
          <Trans
            i18nKey="setup.preview"
            values={preview}
            components={{ label: <span className="nowrap" /> }}
          />
        ) : problem === 'tooMany' ? (
          t('setup.problem.tooMany')
        ) : (
          t('setup.previewInvalid')
        )}
      </p>
      <FormError error={error} />
      <Button type="submit" block busy={busy} disabled={Boolean(problem)}>
        {t('setup.generate')}
      </Button>
    </form>
  );
}
