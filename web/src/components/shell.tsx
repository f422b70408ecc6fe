import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import type { Locale } from '../api-types.ts';
import { useSession } from '../session.tsx';
import { useToast } from './toast.tsx';
import { Icon, type IconName } from './icon.tsx';
import { UnreadBadge } from '../features/notifications/unread-badge.tsx';

/**
 * Switches the interface's language, and says so when it could not (English is loaded when chosen: with no
 * network the page stays in Chinese).
 */
export function useChooseLocale(): (next: Locale) => void {
  const { t } = useTranslation();
  const { setLocale } = useSession();
  const toast = useToast();
  return useCallback(
    (next: Locale) =>
      void setLocale(next).then((shown) => {
        if (!shown) toast(t('shell.languageFailed'), 'error');
      }),
    [setLocale, toast, t],
  );
}

/** The top bar: where you are (compound name), language and elder mode, always one tap away. */
export function TopBar({ title, homeTo = '/' }: { title?: string; homeTo?: string }) {
  const { t } = useTranslation();
  const { locale, elder, setElder } = useSession();
  const setLocale = useChooseLocale();
  return (
    <header className="topbar">
      <Link to={homeTo} className="topbar-title">
        <img src="/favicon.svg" alt="" width="28" height="28" />
        <span>{title ?? t('app.name')}</span>
      </Link>
      <div className="topbar-actions">
        <button
          type="button"
          className="chip"
          onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}
          aria-label={t('shell.switchLanguage')}
          lang={locale === 'en' ? 'zh-CN' : 'en'}
        >
          {locale === 'en' ? '中文' : 'EN'}
        </button>
        <button
          type="button"
          className={elder ? 'chip chip-on' : 'chip'}
          onClick={() => setElder(!elder)}
          aria-pressed={elder}
        >
          {t('shell.elder')}
        </button>
      </div>
    </header>
  );
}

/** The compound's bottom tabs (首页 / 团购 / 邻里 / 消息 / 我的), where a thumb reaches. */
export function TabBar({ communityId }: { communityId: string }) {
  const { t } = useTranslation();
  const base = `/c/${communityId}`;
  const tabs: { to: string; end: boolean; icon: IconName; label: string }[] = [
    { to: base, end: true, icon: 'home', label: t('tabs.home') },
    { to: `${base}/buys`, end: false, icon: 'cart', label: t('tabs.buys') },
    { to: `${base}/street`, end: false, icon: 'chat', label: t('tabs.street') },
    { to: `${base}/notifications`, end: false, icon: 'bell', label: t('tabs.inbox') },
    { to: `${base}/me`, end: false, icon: 'user', label: t('tabs.me') },
  ];
  return (
    <nav className="tabbar" aria-label={t('tabs.label')}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end={tab.end} className="tab">
          <Icon name={tab.icon} size={26} />
          {tab.icon === 'bell' ? <UnreadBadge communityId={communityId} /> : null}
          <span className="tab-label">{tab.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}

interface PageProps {
  title?: ReactNode;
  /** Where the back arrow leads (a route, not history: a shared link has no history). */
  back?: string;
  children: ReactNode;
  narrow?: boolean;
}

export function Page({ title, back, children, narrow }: PageProps) {
  const { t } = useTranslation();
  return (
    <main className={narrow ? 'page page-narrow' : 'page'}>
      {back || title ? (
        <div className="page-head">
          {back ? (
            <Link to={back} className="back" aria-label={t('common.back')}>
              ‹
            </Link>
          ) : null}
          {title ? <h1>{title}</h1> : null}
        </div>
      ) : null}
      {children}
    </main>
  );
}
