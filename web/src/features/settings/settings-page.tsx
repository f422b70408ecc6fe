import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import type { AccessToken, User } from '../../api-types.ts';
import { copyText } from '../../clipboard.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page, useChooseLocale } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading, useErrorMessage } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { formatDateTime } from '../../format.ts';
import { useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { NAME_MAX } from '../auth/validation.ts';

function Preferences() {
  const { t } = useTranslation();
  const { locale, elder, setElder } = useSession();
  const setLocale = useChooseLocale();
  return (
    <Card title={t('settings.display')}>
      <p className="field-label">{t('settings.language')}</p>
      <div className="segmented">
        <button
          type="button"
          className={locale === 'zh-CN' ? 'active' : ''}
          aria-pressed={locale === 'zh-CN'}
          onClick={() => setLocale('zh-CN')}
          lang="zh-CN"
        >
          简体中文
        </button>
        <button
          type="button"
          className={locale === 'en' ? 'active' : ''}
          aria-pressed={locale === 'en'}
          onClick={() => setLocale('en')}
          lang="en"
        >
          English
        </button>
      </div>
      <label className="switch-row">
        <input type="checkbox" checked={elder} onChange={(e) => setElder(e.target.checked)} />
        <span>
          <strong>{t('settings.elder')}</strong>
          <small className="muted">{t('settings.elderHint')}</small>
        </span>
      </label>
    </Card>
  );
}

function Profile() {
  const { t } = useTranslation();
  const { me, refresh } = useSession();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [name, setName] = useState(me?.user.displayName ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    setProblem(
      !trimmed ? t('validation.required') : trimmed.length > NAME_MAX ? t('validation.nameTooLong') : null,
    );
    if (!trimmed || trimmed.length > NAME_MAX) return;
    setBusy(true);
    setError(null);
    try {
      await api.patch<{ user: User }>('/api/me', { displayName: trimmed });
      await refresh();
      toast(t('common.saved'), 'success');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('settings.profile')}>
      <form onSubmit={submit} noValidate>
        <Field
          label={t('auth.displayName')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problem ?? (error ? errorMessage(error) : null)}
          maxLength={60}
        />
        <p className="muted secondary">{t('settings.phone', { phone: me?.user.phone ?? '' })}</p>
        <Button type="submit" busy={busy} block>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const { locale } = useSession();
  const toast = useToast();
  const tokens = useLoad((signal) => api.get<{ tokens: AccessToken[] }>('/api/me/tokens', { signal }), []);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('validation.required'));
    setProblem(null);
    setBusy(true);
    setError(null);
    try {
      const res = await api.post<{ secret: string }>('/api/me/tokens', { name: name.trim() });
      setSecret(res.secret);
      setName('');
      tokens.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: AccessToken) {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    try {
      await api.delete(`/api/me/tokens/${seg(token.id)}`);
      toast(t('tokens.revoked'), 'success');
      tokens.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Card title={t('tokens.title')} className="secondary">
      <p className="muted">{t('tokens.lead')}</p>
      {secret ? (
        <div className="secret" role="status">
          <p>
            <strong>{t('tokens.secretOnce')}</strong>
          </p>
          <code className="secret-value">{secret}</code>
          <div className="button-row">
            <Button
              onClick={() =>
                void copyText(secret).then((ok) =>
                  toast(ok ? t('common.copied') : t('common.copyFailed'), ok ? 'success' : 'error'),
                )
              }
            >
              {t('common.copy')}
            </Button>
            <Button variant="ghost" onClick={() => setSecret(null)}>
              {t('tokens.done')}
            </Button>
          </div>
        </div>
      ) : null}
      <form className="inline-form" onSubmit={create} noValidate>
        <Field
          label={t('tokens.name')}
          placeholder={t('tokens.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={problem}
          maxLength={60}
        />
        <Button type="submit" busy={busy}>
          {t('tokens.create')}
        </Button>
      </form>
      <FormError error={error} />
      {tokens.status === 'loading' ? (
        <Loading />
      ) : tokens.status === 'error' ? (
        <ErrorState error={tokens.error} onRetry={tokens.reload} />
      ) : tokens.data.tokens.length === 0 ? (
        <EmptyState icon="key" title={t('tokens.none')} />
      ) : (
        <ul className="list-plain token-list">
          {tokens.data.tokens.map((token) => (
            <li key={token.id} className="row-between">
              <span>
                <strong>{token.name}</strong>
                <small className="muted">
                  {t('tokens.created', { at: formatDateTime(token.createdAt, locale) })}
                  {' · '}
                  {token.lastUsedAt
                    ? t('tokens.lastUsed', { at: formatDateTime(token.lastUsedAt, locale) })
                    : t('tokens.neverUsed')}
                </small>
              </span>
              <Button variant="danger" onClick={() => void revoke(token)}>
                {t('tokens.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** /settings: language, elder mode, name, access tokens, sign out. */
export default function SettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <Page title={t('settings.title')} back="/">
      <Preferences />
      <Profile />
      <Tokens />
      <Button
        variant="secondary"
        block
        busy={busy}
        onClick={() => {
          setBusy(true);
          void signOut().finally(() => navigate('/', { replace: true }));
        }}
      >
        {t('settings.signOut')}
      </Button>
    </Page>
  );
}
