import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import type { InvitePreview } from '../../api-types.ts';
import { Button, ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Icon } from '../../components/icon.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';

/** /join/:code: the invite link a committee shares in the group chat or prints as a QR code. */
export function JoinPage() {
  const { t } = useTranslation();
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const { me, state, refresh } = useSession();
  const preview = useLoad(
    (signal) => api.get<InvitePreview>(`/api/invite-codes/${seg(code)}`, { signal, allowAnonymous: true }),
    [code],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (preview.status === 'loading' || state.status === 'loading') return <Loading />;
  if (preview.status === 'error') {
    return (
      <Page narrow>
        <ErrorState error={preview.error} onRetry={preview.reload} />
      </Page>
    );
  }
  const invite = preview.data;
  const membership = me?.memberships.find((m) => m.communityId === invite.communityId);
  // A member opening an old link is in already: the card below sends them home, whatever became of the link.
  if (!invite.valid && !membership) {
    const why = invite.status && invite.status !== 'valid' ? invite.status : null;
    return (
      <Page narrow>
        <EmptyState icon="clock" title={t('join.invalid', { name: invite.communityName })}>
          <p>{why ? `${t(`join.why.${why}`)}${t('join.askAgain')}` : t('join.invalidHint')}</p>
          <ButtonLink to="/" variant="secondary">
            {t('notFound.home')}
          </ButtonLink>
        </EmptyState>
      </Page>
    );
  }

  const here = `/join/${encodeURIComponent(code)}`;

  async function accept() {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/invite-codes/${seg(code)}/accept`);
      const fresh = await refresh();
      const joined = fresh?.memberships.find((m) => m.communityId === invite.communityId);
      navigate(joined?.household ? `/c/${invite.communityId}` : `/c/${invite.communityId}/claim`, {
        replace: true,
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page narrow>
      <Card className="join-card">
        <span className="join-icon">
          <Icon name="building" size={40} />
        </span>
        <p className="muted">{t('join.invitedTo')}</p>
        <h1 className="join-name">{invite.communityName}</h1>
        <p className="join-what">{t('join.what')}</p>
        {!me ? (
          <div className="stack">
            <ButtonLink to={`/signup?next=${encodeURIComponent(here)}`} block>
              {t('join.signUpToJoin')}
            </ButtonLink>
            <ButtonLink to={`/signin?next=${encodeURIComponent(here)}`} variant="secondary" block>
              {t('join.signInToJoin')}
            </ButtonLink>
          </div>
        ) : membership ? (
          <div className="stack">
            <p>{t('join.alreadyMember')}</p>
            <ButtonLink
              to={membership.household ? `/c/${invite.communityId}` : `/c/${invite.communityId}/claim`}
              block
            >
              {membership.household ? t('join.goHome') : t('join.goClaim')}
            </ButtonLink>
          </div>
        ) : (
          <div className="stack">
            <p className="muted">{t('join.signedInAs', { name: me.user.displayName })}</p>
            <Button block busy={busy} onClick={() => void accept()}>
              {t('join.accept', { name: invite.communityName })}
            </Button>
            <FormError error={error} />
          </div>
        )}
      </Card>
    </Page>
  );
}
