import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../../api-client.ts';
import type { AuthResponse } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { FormError } from '../../components/states.tsx';
import { useSession } from '../../session.tsx';
import { checkSignIn, hasProblems, normalizePhone, safeNext, type FieldProblems } from './validation.ts';

type F = 'phone' | 'password';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const { signedIn } = useSession();
  const [values, setValues] = useState({ phone: '', password: '' });
  const [problems, setProblems] = useState<FieldProblems<F>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const set = (field: F) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const found = checkSignIn(values);
    setProblems(found);
    setError(null);
    if (hasProblems(found)) return;
    setBusy(true);
    try {
      const auth = await api.post<AuthResponse>(
        '/api/auth/login',
        { phone: normalizePhone(values.phone), password: values.password },
        { allowAnonymous: true },
      );
      await signedIn(auth);
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const signUpLink = next ? `/signup?next=${encodeURIComponent(next)}` : '/signup';
  return (
    <Page title={t('auth.signInTitle')} narrow>
      <Card>
        <form onSubmit={submit} noValidate>
          <Field
            label={t('auth.phone')}
            type="tel"
            inputMode="tel"
            autoComplete="username"
            value={values.phone}
            onChange={set('phone')}
            error={problems.phone ? t(problems.phone) : null}
          />
          <Field
            label={t('auth.password')}
            type="password"
            autoComplete="current-password"
            value={values.password}
            onChange={set('password')}
            error={problems.password ? t(problems.password) : null}
          />
          <FormError error={error} />
          <Button type="submit" block busy={busy}>
            {t('auth.signIn')}
          </Button>
        </form>
      </Card>
      <p className="center muted">
        {t('auth.noAccount')} <Link to={signUpLink}>{t('auth.signUp')}</Link>
      </p>
    </Page>
  );
}
