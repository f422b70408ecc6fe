import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api, seg } from '../../api-client.ts';
import type { Claim } from '../../api-types.ts';
import { Button } from '../../components/button.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { formatDateTime } from '../../format.ts';
import { useLoad } from '../../hooks.ts';
import { useSession } from '../../session.tsx';
import { RoleGate } from '../admin/admin-guard.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { canVerify } from '../community/roles.ts';
import { claimant } from './claimant.ts';
import { NeedsPanel } from './needs-panel.tsx';
import { ProxyPanel } from './proxy-panel.tsx';
import { Segmented } from '../../components/segmented.tsx';

function ClaimCard({ claim, onDecided }: { claim: Claim; onDecided: () => void }) {
  const { t } = useTranslation();
  const { locale } = useSession();
  const toast = useToast();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const who = claimant(claim);

  async function decide(kind: 'verify' | 'reject') {
    setBusy(true);
    setError(null);
    try {
      await api.post(
        `/api/claims/${seg(claim.id)}/${kind}`,
        kind === 'reject' && reason.trim() ? { reason: reason.trim() } : {},
      );
      toast(
        kind === 'verify' ? t('verify.verified', { label: claim.householdLabel }) : t('verify.rejected'),
        'success',
      );
      onDecided();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card claim" data-testid="claim">
      <div className="row-between">
        <span className="household-label household-label-lg">{claim.householdLabel}</span>
        {claim.createdAt ? (
          <span className="muted secondary">{formatDateTime(claim.createdAt, locale)}</span>
        ) : null}
      </div>
      <p className="claimant">
        <strong>{who.name}</strong>
        {who.phone ? (
          <a href={`tel:${who.phone}`} className="phone-link">
            {who.phone}
          </a>
        ) : null}
      </p>
      {rejecting ? (
        <div className="stack">
          <label className="field">
            <span>{t('verify.reason')}</span>
            <input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={200}
              placeholder={t('verify.reasonPlaceholder')}
            />
          </label>
          <div className="button-row">
            <Button variant="danger" busy={busy} onClick={() => void decide('reject')}>
              {t('verify.confirmReject')}
            </Button>
            <Button variant="ghost" disabled={busy} onClick={() => setRejecting(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="button-row button-row-2">
          <Button busy={busy} onClick={() => void decide('verify')}>
            {t('verify.verify')}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={() => setRejecting(true)}>
            {t('verify.reject')}
          </Button>
        </div>
      )}
      <FormError error={error} />
    </li>
  );
}

function PendingClaims() {
  const { t } = useTranslation();
  const { community, reload } = useCompound();
  const claims = useLoad(
    (signal) =>
      api.get<{ claims: Claim[] }>(`/api/communities/${seg(community.id)}/claims?status=pending`, { signal }),
    [community.id],
  );
  if (claims.status === 'loading') return <Loading />;
  if (claims.status === 'error') return <ErrorState error={claims.error} onRetry={claims.reload} />;
  const pending = claims.data.claims.filter((c) => c.status === 'pending');
  if (pending.length === 0) {
    return (
      <EmptyState icon="check" title={t('verify.none')}>
        <p className="secondary">{t('verify.noneHint')}</p>
      </EmptyState>
    );
  }
  return (
    <>
      <p className="muted secondary">{t('verify.hint')}</p>
      <ul className="list-plain stack">
        {pending.map((c) => (
          <ClaimCard
            key={c.id}
            claim={c}
            onDecided={() => {
              claims.reload();
              reload();
            }}
          />
        ))}
      </ul>
    </>
  );
}

const TABS = ['claims', 'proxies', 'needs'] as const;
type Tab = (typeof TABS)[number];

/**
 * /c/:id/verify: volunteers and admins confirm who lives where, register neighbours without phones, and keep the
 * register of households that need looking after.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  // 物资覆盖 links here to register a proxy for a home where nobody uses the app, or a household's needs
  // (?tab=proxies|needs&building=&household=).
  const [params] = useSearchParams();
  const asked = TABS.find((x) => x === params.get('tab'));
  const [tab, setTab] = useState<Tab>(asked ?? 'claims');
  const initial = { buildingId: params.get('building') ?? '', householdId: params.get('household') ?? '' };
  return (
    <RoleGate allowed={canVerify(me)}>
      <Page title={t('verify.title')} back={`/c/${community.id}`}>
        <Segmented kind="tab" options={TABS} value={tab} onChange={setTab}>
          {(key) => t(`verify.tab.${key}`)}
        </Segmented>
        {tab === 'claims' ? (
          <PendingClaims />
        ) : tab === 'proxies' ? (
          <ProxyPanel initial={initial} />
        ) : (
          <NeedsPanel initial={initial} />
        )}
      </Page>
    </RoleGate>
  );
}
