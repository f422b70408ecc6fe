import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api-client.ts';
import type { Community } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { FormError, useErrorMessage } from '../../components/states.tsx';
import { errorField } from '../../i18n/errors.ts';
import { useSession } from '../../session.tsx';

/** /new: a committee creates its compound, then goes on to set up buildings and rooms. */
export default function NewCompoundPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { refresh } = useSession();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [nameProblem, setNameProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const trimmed = name.trim();
    setNameProblem(
      !trimmed ? t('validation.required') : trimmed.length > 100 ? t('validation.tooLong') : null,
    );
    if (!trimmed || trimmed.length > 100) return;
    setBusy(true);
    try {
      const res = await api.post<{ community: Community }>('/api/communities', {
        name: trimmed,
        ...(address.trim() ? { address: address.trim() } : {}),
      });
      await refresh();
      navigate(`/c/${res.community.id}/admin/setup`, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const field = errorField(error);
  return (
    <Page title={t('newCompound.title')} back="/" narrow>
      <Card>
        <p className="muted">{t('newCompound.lead')}</p>
        <form onSubmit={submit} noValidate>
          <Field
            label={t('newCompound.name')}
            placeholder={t('newCompound.namePlaceholder')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={nameProblem ?? (field === 'name' ? errorMessage(error) : null)}
            maxLength={120}
          />
          <Field
            label={t('newCompound.address')}
            hint={t('common.optional')}
            placeholder={t('newCompound.addressPlaceholder')}
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            error={field === 'address' ? errorMessage(error) : null}
            maxLength={300}
          />
          {field !== 'name' && field !== 'address' ? <FormError error={error} /> : null}
          <Button type="submit" block busy={busy}>
            {t('newCompound.create')}
          </Button>
        </form>
      </Card>
    </Page>
  );
}
