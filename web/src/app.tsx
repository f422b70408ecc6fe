import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { setUnauthorizedHandler } from './api-client.ts';
import { TopBar } from './components/shell.tsx';
import { ErrorState, Loading } from './components/states.tsx';
import { PageBoundary } from './components/page-boundary.tsx';
import { SignInPage } from './features/auth/sign-in-page.tsx';
import { SignUpPage } from './features/auth/sign-up-page.tsx';
import { LandingPage } from './features/landing/landing-page.tsx';
import { NotFoundPage } from './features/landing/not-found-page.tsx';
import { JoinPage } from './features/community/join-page.tsx';
import { CompoundLayout } from './features/community/compound-layout.tsx';
import { CompoundHomePage } from './features/community/compound-home-page.tsx';
import { ClaimPage } from './features/community/claim-page.tsx';
import { BuysPage } from './features/buys/buys-page.tsx';
import { BuyPage } from './features/buys/buy-page.tsx';
import { MinePage } from './features/community/mine-page.tsx';
import { useSession } from './session.tsx';

// Screens most residents never open load on demand, keeping the first download small on old phones.
const NewCompoundPage = lazy(() => import('./features/admin/new-compound-page.tsx'));
const SetupPage = lazy(() => import('./features/admin/setup-page.tsx'));
const InvitesPage = lazy(() => import('./features/admin/invites-page.tsx'));
const MembersPage = lazy(() => import('./features/admin/members-page.tsx'));
const VerifyPage = lazy(() => import('./features/verify/verify-page.tsx'));
const CoveragePage = lazy(() => import('./features/care/coverage-page.tsx'));
const StreetBoardPage = lazy(() => import('./features/street/board-page.tsx'));
const StreetComposePage = lazy(() => import('./features/street/compose-page.tsx'));
const StreetPostPage = lazy(() => import('./features/street/post-page.tsx'));
const SuppliersPage = lazy(() => import('./features/trust/suppliers-page.tsx'));
const PoolJoinPage = lazy(() => import('./features/pools/join-page.tsx'));
const SettingsPage = lazy(() => import('./features/settings/settings-page.tsx'));
const BuyEditorPage = lazy(() => import('./features/buys/buy-editor-page.tsx'));
const ManagePage = lazy(() => import('./features/buys/manage-page.tsx'));
const PackingPage = lazy(() => import('./features/buys/packing-page.tsx'));
const JielongImportPage = lazy(() => import('./features/jielong/import-page.tsx'));
const MyOrdersPage = lazy(() => import('./features/orders/my-orders-page.tsx'));
const NotificationsPage = lazy(() => import('./features/notifications/notifications-page.tsx'));
const PayPage = lazy(() => import('./features/money/pay-page.tsx'));
const LedgerPage = lazy(() => import('./features/money/ledger-page.tsx'));
const ReconcilePage = lazy(() => import('./features/money/reconcile-page.tsx'));
const AuditPage = lazy(() => import('./features/money/audit-page.tsx'));
const ArrivalPage = lazy(() => import('./features/distribution/arrival-page.tsx'));
const DeliveriesPage = lazy(() => import('./features/distribution/deliveries-page.tsx'));
const BoardPage = lazy(() => import('./features/distribution/board-page.tsx'));
const LabelsPage = lazy(() => import('./features/distribution/labels-page.tsx'));
const MyPackagePage = lazy(() => import('./features/distribution/my-package-page.tsx'));

/** A 401 from any call sends the person to sign-in and brings them back here afterwards. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const { forget } = useSession();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      forget();
      const here = `${location.pathname}${location.search}`;
      navigate(`/signin?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, location, forget]);
  return null;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { state, refresh } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={() => void refresh()} />;
  if (state.status === 'anonymous') {
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin?next=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}

function PlainLayout() {
  return (
    <div className="app">
      <TopBar />
      <PageBoundary>
        <Outlet />
      </PageBoundary>
    </div>
  );
}

const lazyPage = (node: ReactNode) => <Suspense fallback={<Loading />}>{node}</Suspense>;

export function App() {
  return (
    <>
      <UnauthorizedRedirect />
      <Routes>
        <Route element={<PlainLayout />}>
          <Route index element={<LandingPage />} />
          <Route path="signin" element={<SignInPage />} />
          <Route path="signup" element={<SignUpPage />} />
          <Route path="join/:code" element={<JoinPage />} />
          <Route path="new" element={<RequireAuth>{lazyPage(<NewCompoundPage />)}</RequireAuth>} />
          <Route path="settings" element={<RequireAuth>{lazyPage(<SettingsPage />)}</RequireAuth>} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route
          path="c/:communityId"
          element={
            <RequireAuth>
              <CompoundLayout />
            </RequireAuth>
          }
        >
          <Route index element={<CompoundHomePage />} />
          <Route path="claim" element={<ClaimPage />} />
          <Route path="buys" element={<BuysPage />} />
          <Route path="buys/new" element={lazyPage(<BuyEditorPage />)} />
          <Route path="buys/:buyId" element={<BuyPage />} />
          <Route path="buys/:buyId/edit" element={lazyPage(<BuyEditorPage />)} />
          <Route path="buys/:buyId/manage" element={lazyPage(<ManagePage />)} />
          <Route path="buys/:buyId/packing" element={lazyPage(<PackingPage />)} />
          <Route path="buys/:buyId/import" element={lazyPage(<JielongImportPage />)} />
          <Route path="buys/:buyId/pay" element={lazyPage(<PayPage />)} />
          <Route path="buys/:buyId/ledger" element={lazyPage(<LedgerPage />)} />
          <Route path="buys/:buyId/money" element={lazyPage(<ReconcilePage />)} />
          <Route path="buys/:buyId/audit" element={lazyPage(<AuditPage />)} />
          <Route path="buys/:buyId/arrival" element={lazyPage(<ArrivalPage />)} />
          <Route path="buys/:buyId/deliveries" element={lazyPage(<DeliveriesPage />)} />
          <Route path="buys/:buyId/board" element={lazyPage(<BoardPage />)} />
          <Route path="buys/:buyId/labels" element={lazyPage(<LabelsPage />)} />
          <Route path="buys/:buyId/package" element={lazyPage(<MyPackagePage />)} />
          <Route path="street" element={lazyPage(<StreetBoardPage />)} />
          <Route path="street/new" element={lazyPage(<StreetComposePage />)} />
          <Route path="street/:postId" element={lazyPage(<StreetPostPage />)} />
          <Route path="suppliers" element={lazyPage(<SuppliersPage />)} />
          <Route path="pools/join" element={lazyPage(<PoolJoinPage />)} />
          <Route path="orders" element={lazyPage(<MyOrdersPage />)} />
          <Route path="notifications" element={lazyPage(<NotificationsPage />)} />
          <Route path="me" element={<MinePage />} />
          <Route path="verify" element={lazyPage(<VerifyPage />)} />
          <Route path="care" element={lazyPage(<CoveragePage />)} />
          <Route path="admin/setup" element={lazyPage(<SetupPage />)} />
          <Route path="admin/invites" element={lazyPage(<InvitesPage />)} />
          <Route path="admin/members" element={lazyPage(<MembersPage />)} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </>
  );
}
