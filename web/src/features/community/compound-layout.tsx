import { useTranslation } from 'react-i18next';
import { Outlet, useOutletContext, useParams } from 'react-router-dom';
import { PageBoundary } from '../../components/page-boundary.tsx';
import { api, ApiError, seg } from '../../api-client.ts';
import type { Community, CommunityResponse, CompoundMembership } from '../../api-types.ts';
import { ButtonLink } from '../../components/button.tsx';
import { Page, TabBar, TopBar } from '../../components/shell.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/states.tsx';
import { useLoad } from '../../hooks.ts';

export interface CompoundContext {
  community: Community;
  me: CompoundMembership;
  /** Reload the compound (after a claim, a role change …). */
  reload: () => void;
}

export function useCompound(): CompoundContext {
  return useOutletContext<CompoundContext>();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything under /c/:id: the compound's name in the top bar, its tabs at the bottom. */
export function CompoundLayout() {
  const { t } = useTranslation();
  const { communityId = '' } = useParams();
  const valid = UUID.test(communityId);
  const loaded = useLoad(
    (signal) =>
      valid
        ? api.get<CommunityResponse>(`/api/communities/${seg(communityId)}`, { signal })
        : Promise.reject(new ApiError(404, 'community_not_found', 'Compound not found')),
    [communityId],
  );

  if (loaded.status === 'ready') {
    const context: CompoundContext = {
      community: loaded.data.community,
      me: loaded.data.me,
      reload: loaded.reload,
    };
    return (
      <div className="app app-tabs">
        <TopBar title={loaded.data.community.name} homeTo={`/c/${communityId}`} />
        <PageBoundary home={`/c/${communityId}`}>
          <Outlet context={context} />
        </PageBoundary>
        <TabBar communityId={communityId} />
      </div>
    );
  }
  const notMember =
    loaded.status === 'error' &&
    loaded.error instanceof ApiError &&
    (loaded.error.status === 403 || loaded.error.status === 404);
  return (
    <div className="app">
      <TopBar />
      {loaded.status === 'loading' ? (
        <Loading />
      ) : notMember ? (
        <Page>
          <EmptyState icon="building" title={t('compound.notMember')}>
            <p>{t('compound.notMemberHint')}</p>
            <ButtonLink to="/?pick=1">{t('notFound.home')}</ButtonLink>
          </EmptyState>
        </Page>
      ) : (
        <Page>
          <ErrorState error={loaded.error} onRetry={loaded.reload} />
        </Page>
      )}
    </div>
  );
}
