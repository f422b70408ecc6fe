import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import { Button } from '../../components/button.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { FormError } from '../../components/states.tsx';

interface ImportResult {
  created: number;
  skipped: number;
  errors: { line: number; message: string }[];
}

const MAX_CSV = 900 * 1024; // under the server's 1 MiB body limit, with room for the JSON around it

/** CSV import: pick a file (read as text, never uploaded raw) or paste "楼号,房号" lines. */
export function ImportForm({ communityId, onDone }: { communityId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function pickFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_CSV) {
      setProblem(t('setup.csvTooLarge'));
      return;
    }
    setProblem(null);
    setCsv(await file.text());
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setError(null);
    if (!csv.trim()) return setProblem(t('validation.required'));
    if (new Blob([csv]).size > MAX_CSV) return setProblem(t('setup.csvTooLarge'));
    setProblem(null);
    setBusy(true);
    try {
      const res = await api.post<ImportResult>(`/api/communities/${seg(communityId)}/households/import`, {
        csv,
      });
      setResult(res);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <label className="file-pick">
        <span className="btn btn-secondary btn-block">{t('setup.chooseFile')}</span>
        <input type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void pickFile(e)} />
      </label>
      <TextAreaField
        label={t('setup.csvLabel')}
        hint={t('setup.csvHint')}
        placeholder={'楼号,房号\n1,101\n1,102'}
        rows={6}
        value={csv}
        onChange={(e) => setCsv(e.target.value)}
        error={problem}
        spellCheck={false}
      />
      <FormError error={error} />
      {result ? (
        <div className="import-result" role="status">
          <p>{t('setup.imported', { created: result.created, skipped: result.skipped })}</p>
          {result.errors.length > 0 ? (
            <>
              <p className="form-error">{t('setup.importErrors', { count: result.errors.length })}</p>
              <ul className="line-errors">
                {result.errors.slice(0, 100).map((err) => (
                  <li key={`${err.line}-${err.message}`}>
                    <strong>{t('setup.line', { line: err.line })}</strong> {err.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <Button type="submit" block busy={busy}>
        {t('setup.import')}
      </Button>
    </form>
  );
}
