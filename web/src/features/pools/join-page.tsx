import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Field } from '../../components/field.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, FormError, Loading } from '../../components/states.tsx';
import { useToast } from '../../components/toast.tsx';
import { formatDateTime } from '../../format.ts';
import { useAction, useLoad } from '../../hooks.ts';
import { errorField } from '../../i18n/errors.ts';
import { useSession } from '../../session.tsx';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin, isLeader } from '../community/roles.ts';
import { itemDetail, useMoney } from '../buys/ui.tsx';
import { poolsApi } from './api.ts';
import { GateFields } from './gate-fields.tsx';
import { checkGate, joinState, normalizePoolCode, spacedCode, type PoolProblems } from './pool-text.ts';
import type { PoolPreview } from './types.ts';
import { PoolReach, useMinimumText } from './ui.tsx';

/**
 * /c/:id/pools/join(?code=K7M2Q9XA): a leader of this compound types the share code another compound's leader
 * sent, sees the pool (host, items and prices, deadline, minimum, how far it has got), gives this compound's gate
 * and contact, and joins: the server makes a draft buy here, and the leader goes on to its editor to publish it.
 */
export default function PoolJoinPage() {
  const { t } = useTranslation();
  const { community, me } = useCompound();
  const [params, setParams] = useSearchParams();
  const asked = normalizePoolCode(params.get('code') ?? '');
  const [typed, setTyped] = useState(asked ?? '');
  const [codeProblem, setCodeProblem] = useState<string | null>(null);
  const preview = useLoad(
    (signal) => (asked ? poolsApi.preview(asked, signal) : Promise.resolve(null)),
    [asked],
  );
  const back = `/c/${community.id}/buys`;

  if (!isLeader(me) && !isAdmin(me)) {
    return (
      <Page back={back} title={t('pools.join.title')}>
        <EmptyState icon="shield" title={t('pools.join.notLeader')} />
      </Page>
    );
  }

  function look(e: FormEvent) {
    e.preventDefault();
    const code = normalizePoolCode(typed);
    setCodeProblem(code ? null : t('pools.join.badCode'));
    if (!code) return;
    setTyped(code);
    // The code goes in the address: the page survives a reload, and going back shows the code input again.
    if (code === asked) preview.reload();
    else setParams({ code });
  }

  return (
    <Page back={back} title={t('pools.join.title')}>
      {preview.status === 'ready' && preview.data ? null : (
        <Card>
          <form onSubmit={look} noValidate className="pool-code-form">
            <p className="muted">{t('pools.join.lead')}</p>
            <Field
              label={t('pools.join.code')}
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('pools.join.codePlaceholder')}
              autoCapitalize="characters"
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              enterKeyHint="search"
              className="pool-code-field"
              error={codeProblem}
            />
            <Button type="submit" block busy={preview.status === 'loading' && asked !== null}>
              {t('pools.join.look')}
            </Button>
          </form>
        </Card>
      )}
      {preview.status === 'error' ? <ErrorState error={preview.error} /> : null}
      {preview.status === 'loading' && asked ? <Loading /> : null}
      {preview.status === 'ready' && preview.data ? (
        <>
          <PreviewCard preview={preview.data} />
          <JoinPart preview={preview.data} />
          <Button variant="ghost" className="pool-other" block onClick={() => setParams({})}>
            {t('pools.join.other')}
          </Button>
        </>
      ) : null}
    </Page>
  );
}

/** The pool as the host offers it: who, what at which price, until when, how far it has got. */
function PreviewCard({ preview }: { preview: PoolPreview }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const minimum = useMinimumText();
  return (
    <Card title={preview.title} className="pool-preview">
      <p className="pool-lead" data-testid="pool-preview-lead">
        {t('pools.join.host', { name: preview.hostCommunityName })} ·{' '}
        {t('pools.join.compounds', { count: preview.gates })}
      </p>
      <p className="muted">
        {t('pools.join.code')} <span className="pool-code-inline">{spacedCode(preview.code)}</span>
      </p>
      <dl className="facts">
        {preview.supplierName ? (
          <>
            <dt>{t('pools.join.supplier')}</dt>
            <dd>{preview.supplierName}</dd>
          </>
        ) : null}
        <dt>{t('pools.join.deadline')}</dt>
        <dd>{formatDateTime(preview.deadline, i18n.language)}</dd>
        <dt>{t('pools.join.minimum')}</dt>
        <dd>{minimum(preview)}</dd>
      </dl>
      <PoolReach pool={preview} />
      <ul className="list-plain pool-preview-items" data-testid="pool-preview-items">
        {preview.items.map((item, i) => {
          const detail = itemDetail(item);
          return (
            <li key={i}>
              <span className="pool-item-name">{item.name}</span>
              {detail ? <span className="muted"> {detail}</span> : null}
              <span className="pool-item-price">
                {money(item.priceFen)}
                {item.unit ? <span className="muted"> / {item.unit}</span> : null}
                {item.perHouseholdMax !== null ? (
                  <span className="muted secondary">
                    {' '}
                    · {t('pools.join.perHousehold', { count: item.perHouseholdMax })}
                  </span>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** This compound's gate and contact and 加入; or why it cannot join. */
function JoinPart({ preview }: { preview: PoolPreview }) {
  const { t } = useTranslation();
  const { community } = useCompound();
  const { me } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const [gate, setGate] = useState('');
  const [contact, setContact] = useState(me?.user.phone ?? '');
  const [problems, setProblems] = useState<PoolProblems>({});
  const join = useAction(async () => {
    const { buyId, communityId } = await poolsApi.join(preview.code, {
      communityId: community.id,
      gate: gate.trim(),
      contact: contact.trim(),
    });
    toast(t('pools.join.joinedToast'), 'success');
    navigate(`/c/${communityId}/buys/${buyId}/edit`);
  });
  const state = joinState(preview, community.id);
  if (state !== 'ready')
    return (
      <Card className="card-note">
        <p data-testid="pool-join-state">{t(`pools.join.${state}`)}</p>
      </Card>
    );

  // A field the server found wrong is said under it; anything else below the form.
  const named = errorField(join.error);
  const serverField = named === 'gate' || named === 'contact' ? named : null;
  const problem = (field: 'gate' | 'contact') => {
    const key = problems[field];
    if (key) return t(key);
    return serverField === field ? t('errors.validation_failed') : null;
  };
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found = checkGate({ gate, contact });
    setProblems(found);
    if (Object.keys(found).length === 0) void join.run();
  }

  return (
    <Card title={t('pools.join.formTitle', { name: community.name })} className="card-accent">
      <form onSubmit={onSubmit} noValidate className="pool-form">
        <GateFields gate={gate} contact={contact} onGate={setGate} onContact={setContact} problem={problem} />
        <p className="muted">{t('pools.join.how')}</p>
        {serverField ? null : <FormError error={join.error} />}
        <Button type="submit" block busy={join.busy}>
          {t('pools.join.submit')}
        </Button>
      </form>
    </Card>
  );
}
