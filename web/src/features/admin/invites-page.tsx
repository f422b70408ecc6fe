import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Invite } from '../../api-types.ts';
import { copyText } from '../../clipboard.ts';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { formatDateTime, inviteLink } from '../../format.ts';
import { useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin } from '../community/roles.ts';
import { RoleGate } from './admin-guard.tsx';

const EXPIRY_CHOICES = [1, 7, 30, 0] as const; // days; 0 = never

function CreateInvite({ communityId, onCreated }: { communityId: string; onCreated: () => void }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(7);
  const [maxUses, setMaxUses] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const uses = maxUses.trim() ? Number(maxUses) : null;
    if (uses !== null && (!Number.isInteger(uses) || uses < 1 || uses > 100_000)) {
      setProblem(t('invites.maxUsesBad'));
      return;
    }
    setProblem(null);
    setError(null);
    setBusy(true);
    try {
      await api.post(`/api/communities/${seg(communityId)}/invites`, {
        ...(days > 0 ? { expiresInDays: days } : {}),
        ...(uses !== null ? { maxUses: uses } : {}),
      });
      setMaxUses('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <fieldset className="field">
        <legend>{t('invites.expiry')}</legend>
        <div className="segmented">
          {EXPIRY_CHOICES.map((d) => (
            <button
              key={d}
              type="button"
              className={days === d ? 'active' : ''}
              aria-pressed={days === d}
              onClick={() => setDays(d)}
            >
              {d === 0 ? t('invites.never') : t('invites.days', { count: d })}
            </button>
          ))}
        </div>
      </fieldset>
      <Field
        label={t('invites.maxUses')}
        hint={t('invites.maxUsesHint')}
        type="number"
        inputMode="numeric"
        min={1}
        value={maxUses}
        onChange={(e) => setMaxUses(e.target.value)}
        error={problem}
      />
      <FormError error={error} />
      <Button type="submit" block busy={busy}>
        {t('invites.create')}
      </Button>
    </form>
  );
}

function InviteCard({
  invite,
  compoundName,
  onRevoked,
}: {
  invite: Invite;
  compoundName: string;
  onRevoked: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const link = inviteLink(invite, window.location.origin);
  const spent =
    (invite.status !== undefined && invite.status !== 'valid') ||
    (invite.expiresAt !== null && Date.parse(invite.expiresAt) < Date.now()) ||
    (invite.maxUses !== null && invite.uses >= invite.maxUses);
  const qr = `/api/invites/${seg(invite.id)}/qr`;
  // What the committee posts in the neighbours' group chat: who it is for, what to do, until when, the link.
  const message = invite.expiresAt
    ? t('invites.messageUntil', {
        name: compoundName,
        at: formatDateTime(invite.expiresAt, locale),
        link,
      })
    : t('invites.message', { name: compoundName, link });
  const copy = (text: string) =>
    void copyText(text).then((ok) =>
      toast(ok ? t('common.copied') : t('common.copyFailed'), ok ? 'success' : 'error'),
    );

  async function revoke() {
    if (!window.confirm(t('invites.confirmRevoke'))) return;
    setBusy(true);
    try {
      await api.delete(`/api/invites/${seg(invite.id)}`);
      toast(t('invites.revoked'), 'success');
      onRevoked();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={spent ? 'card invite invite-spent' : 'card invite'}>
      {spent ? (
        <p className="badge badge-rejected">{t('invites.spent')}</p>
      ) : (
        <img className="qr" src={`${qr}.png`} alt={t('invites.qrAlt')} width="200" height="200" />
      )}
      <p className="invite-link" data-testid="invite-link">
        {link}
      </p>
      <p className="muted secondary">
        {invite.maxUses === null
          ? t('invites.usageUnlimited', { uses: invite.uses })
          : t('invites.usage', { uses: invite.uses, max: invite.maxUses })}
        {' · '}
        {invite.expiresAt
          ? t('invites.expires', { at: formatDateTime(invite.expiresAt, locale) })
          : t('invites.never')}
      </p>
      <div className="button-row">
        <Button onClick={() => copy(message)}>{t('invites.copyMessage')}</Button>
        <Button variant="secondary" onClick={() => copy(link)}>
          {t('invites.copy')}
        </Button>
        <a
          className="btn btn-secondary secondary"
          href={`${qr}.png`}
          download={`linli-invite-${invite.code}.png`}
        >
          {t('invites.png')}
        </a>
        <a
          className="btn btn-secondary secondary"
          href={`${qr}.svg`}
          download={`linli-invite-${invite.code}.svg`}
        >
          {t('invites.svg')}
        </a>
        <Button variant="danger" busy={busy} onClick={() => void revoke()}>
          {t('invites.revoke')}
        </Button>
      </div>
      <FormError error={error} />
    </li>
  );
}

/** /c/:id/admin/invites: the link and QR code residents join by. */
export default function InvitesPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const invites = useLoad(
    (signal) => api.get<{ invites: Invite[] }>(`/api/communities/${seg(community.id)}/invites`, { signal }),
    [community.id],
  );
  const active = invites.status === 'ready' ? invites.data.invites.filter((i) => !i.revokedAt) : [];

  return (
    <RoleGate allowed={isAdmin(me)}>
      <Page title={t('invites.title')} back={`/c/${community.id}`}>
        <Card title={t('invites.new')}>
          <CreateInvite communityId={community.id} onCreated={invites.reload} />
        </Card>
        {invites.status === 'loading' ? (
          <Loading />
        ) : invites.status === 'error' ? (
          <ErrorState error={invites.error} onRetry={invites.reload} />
        ) : active.length === 0 ? (
          <EmptyState icon="qr" title={t('invites.none')} />
        ) : (
          <ul className="list-plain stack">
            {active.map((invite) => (
              <InviteCard
                key={invite.id}
                invite={invite}
                compoundName={community.name}
                onRevoked={invites.reload}
              />
            ))}
          </ul>
        )}
      </Page>
    </RoleGate>
  );
}
