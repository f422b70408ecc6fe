import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client.ts';
import type { AuthResponse } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { FormError, useErrorMessage } from '../../components/states.tsx';
import { errorField } from '../../i18n/errors.ts';
import { useSession } from '../../session.tsx';
import { checkSignUp, hasProblems, normalizePhone, safeNext, type FieldProblems } from './validation.ts';

type F = 'displayName' | 'phone' | 'password';
const CODE_FIELDS = {
  phone_taken: 'phone',
  invalid_phone: 'phone',
  weak_password: 'password',
  invalid_display_name: 'displayName',
};

export function SignUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const { signedIn, locale } = useSession();
  const errorMessage = useErrorMessage();
  const [values, setValues] = useState({ displayName: '', phone: '', password: '' });
  const [problems, setProblems] = useState<FieldProblems<F>>({});
  const [serverError, setServerError] = useState<{ field: string | null; error: unknown } | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: F) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));
  const fieldError = (field: F): string | null =>
    problems[field]
      ? t(problems[field])
      : serverError?.field === field
        ? errorMessage(serverError.error)
        : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkSignUp(values);
    setProblems(found);
    setServerError(null);
    if (hasProblems(found)) return;
    setBusy(true);
    try {
      const auth = await api.post<AuthResponse>(
        '/api/auth/signup',
        {
          displayName: values.displayName.trim(),
          phone: normalizePhone(values.phone),
          password: values.password,
          locale,
        },
        { allowAnonymous: true },
      );
      await signedIn(auth);
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      setServerError({ field: errorField(err, CODE_FIELDS), error: err });
    } finally {
      setBusy(false);
    }
  }

  const signInLink = next ? `/signin?next=${encodeURIComponent(next)}` : '/signin';
  return (
    <Page title={t('auth.signUpTitle')} narrow>
      <Card>
        <form onSubmit={submit} noValidate>
          <Field
            label={t('auth.displayName')}
            hint={t('auth.displayNameHint')}
            autoComplete="nickname"
            value={values.displayName}
            onChange={set('displayName')}
            error={fieldError('displayName')}
            maxLength={60}
          />
          <Field
            label={t('auth.phone')}
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={values.phone}
            onChange={set('phone')}
            error={fieldError('phone')}
            hint={t('auth.phoneHint')}
          />
          <Field
            label={t('auth.password')}
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={set('password')}
            error={fieldError('password')}
            hint={t('auth.passwordHint')}
          />
          {serverError && !serverError.field ? <FormError error={serverError.error} /> : null}
          <Button type="submit" block busy={busy}>
            {t('auth.signUp')}
          </Button>
        </form>
      </Card>
      <p className="center muted">
        {t('auth.haveAccount')} <Link to={signInLink}>{t('auth.signIn')}</Link>
      </p>
    </Page>
  );
}
