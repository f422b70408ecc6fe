import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router-dom';
import { Button, ButtonLink } from './button.tsx';
import { Page } from './shell.tsx';
import { EmptyState } from './states.tsx';

/**
 * A page that failed to draw (a screen's file gone after an upgrade, web/src/stale-build.ts; a bug) shows what
 * to do, inside the compound's top bar and tabs, instead of leaving the phone a blank screen. Going to another
 * page clears it.
 */
export function PageBoundary({ home = '/', children }: { home?: string; children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <Boundary path={pathname} home={home}>
      {children}
    </Boundary>
  );
}

interface State {
  failed: boolean;
  /** The page the failure was on: another one is drawn afresh. */
  path: string;
}

class Boundary extends Component<{ path: string; home: string; children: ReactNode }, State> {
  override state: State = { failed: false, path: this.props.path };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { path: string }, state: State): State | null {
    return props.path === state.path ? null : { failed: false, path: props.path };
  }

  override render() {
    return this.state.failed ? <PageFailed home={this.props.home} /> : this.props.children;
  }
}

/** `home`: where 回到首页 leads (the compound's home inside a compound). */
function PageFailed({ home }: { home: string }) {
  const { t } = useTranslation();
  return (
    <Page>
      <div role="alert">
        <EmptyState icon="inbox" title={t('pageError.title')}>
          <p>{t('pageError.body')}</p>
          <Button onClick={() => window.location.reload()}>{t('pageError.reload')}</Button>
          <ButtonLink to={home} variant="secondary">
            {t('notFound.home')}
          </ButtonLink>
        </EmptyState>
      </div>
    </Page>
  );
}
