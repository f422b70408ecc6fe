import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, seg } from '../../api-client.ts';
import type { Building } from '../../api-types.ts';
import { ButtonLink } from '../../components/button.tsx';
import { Card } from '../../components/card.tsx';
import { Page } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';
import { useCompound } from '../community/compound-layout.tsx';
import { isAdmin } from '../community/roles.ts';
import { RoleGate } from './admin-guard.tsx';
import { BuildingList } from './building-list.tsx';
import { GenerateForm } from './generate-form.tsx';
import { ImportForm } from './import-form.tsx';
import { Segmented } from '../../components/segmented.tsx';

/** /c/:id/admin/setup: buildings and rooms, generated from a pattern or imported, then edited. */
export default function SetupPage() {
  const { t } = useTranslation();
  const { community, me, reload: reloadCompound } = useCompound();
  const [tab, setTab] = useState<'generate' | 'import'>('generate');
  const buildings = useLoad(
    (signal) =>
      api.get<{ buildings: Building[] }>(`/api/communities/${seg(community.id)}/buildings`, { signal }),
    [community.id],
  );
  const changed = () => {
    buildings.reload();
    reloadCompound();
  };

  return (
    <RoleGate allowed={isAdmin(me)}>
      <Page title={t('setup.title')} back={`/c/${community.id}`}>
        <Card>
          <Segmented kind="tab" options={['generate', 'import'] as const} value={tab} onChange={setTab}>
            {(key) => t(`setup.tab.${key}`)}
          </Segmented>
          {tab === 'generate' ? (
            <GenerateForm communityId={community.id} onDone={changed} />
          ) : (
            <ImportForm communityId={community.id} onDone={changed} />
          )}
        </Card>

        <Card title={t('setup.buildings')}>
          {buildings.status === 'loading' ? (
            <Loading />
          ) : buildings.status === 'error' ? (
            <ErrorState error={buildings.error} onRetry={buildings.reload} />
          ) : buildings.data.buildings.length === 0 ? (
            <EmptyState icon="building" title={t('setup.noBuildings')}>
              <p className="secondary">{t('setup.noBuildingsHint')}</p>
            </EmptyState>
          ) : (
            <BuildingList
              communityId={community.id}
              buildings={buildings.data.buildings}
              onChanged={changed}
            />
          )}
        </Card>
        {buildings.status === 'ready' && buildings.data.buildings.length > 0 ? (
          <ButtonLink to={`/c/${community.id}/admin/invites`} block>
            {t('setup.nextInvite')}
          </ButtonLink>
        ) : null}
      </Page>
    </RoleGate>
  );
}
