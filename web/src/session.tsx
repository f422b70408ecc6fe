import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, setCsrfToken } from './api-client.ts';
import type { AuthResponse, Locale, MeResponse } from './api-types.ts';
import { switchLocale } from './i18n/index.ts';
import { applyElder, normalizeLocale, saveElder, saveLocale, storedElder, storedLocale } from './prefs.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: MeResponse }
  | { status: 'error'; error: unknown };

interface SessionValue {
  state: SessionState;
  me: MeResponse | null;
  /** Reloads GET /api/me (after joining a compound, claiming a household …). */
  refresh: () => Promise<MeResponse | null>;
  /** After sign-in / sign-up: keep the CSRF token and load memberships. */
  signedIn: (auth: AuthResponse) => Promise<void>;
  signOut: () => Promise<void>;
  /** Forget the session locally (the server already said 401). */
  forget: () => void;
  locale: Locale;
  /** Keeps the choice on the device and the account; false when its strings could not be loaded. */
  setLocale: (locale: Locale) => Promise<boolean>;
  elder: boolean;
  setElder: (on: boolean) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [elder, setElderState] = useState(storedElder);
  const locale = normalizeLocale(i18n.language);

  const refresh = useCallback(async (): Promise<MeResponse | null> => {
    try {
      const me = await api.get<MeResponse>('/api/me', { allowAnonymous: true });
      setCsrfToken(me.csrfToken);
      setState({ status: 'signed-in', me });
      return me;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
        return null;
      }
      setState({ status: 'error', error: err });
      return null;
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => applyElder(elder), [elder]);

  const signedIn = useCallback(
    async (auth: AuthResponse) => {
      setCsrfToken(auth.csrfToken);
      // A person who never chose a language on this device gets the one stored on their account.
      if (!storedLocale() && auth.user.locale) {
        void switchLocale(normalizeLocale(auth.user.locale)).catch(() => undefined);
      }
      await refresh();
    },
    [refresh],
  );

  const forget = useCallback(() => {
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout', undefined, { allowAnonymous: true });
    } finally {
      forget();
    }
  }, [forget]);

  const setLocale = useCallback(
    async (next: Locale): Promise<boolean> => {
      saveLocale(next);
      if (state.status === 'signed-in') {
        // Best effort: the device keeps the choice even when the account update fails.
        api.patch('/api/me', { locale: next }, { allowAnonymous: true }).catch(() => undefined);
      }
      // Shown once its strings are loaded (English is a chunk of its own); kept on the device either way.
      try {
        await switchLocale(next);
        return true;
      } catch {
        return false;
      }
    },
    [state.status],
  );

  const setElder = useCallback((on: boolean) => {
    saveElder(on);
    setElderState(on);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      state,
      me: state.status === 'signed-in' ? state.me : null,
      refresh,
      signedIn,
      signOut,
      forget,
      locale,
      setLocale,
      elder,
      setElder,
    }),
    [state, refresh, signedIn, signOut, forget, locale, setLocale, elder, setElder],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
