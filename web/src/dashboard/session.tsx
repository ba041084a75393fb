import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, type ReactNode } from 'react';
import type { Permission } from '../../../src/modules/identity/permissions.ts';
import type { SessionView } from '../../../src/modules/identity/schema.ts';
import { api, ApiError } from '../api.ts';
import { applyLanguage, currentLanguage, hasLanguageCookie, onLanguageChosen } from '../i18n.ts';

/** GET /api/v1/auth/me, as the server's schema (identity/schema.ts) describes it. */
export type Session = SessionView;
export type Role = SessionView['user']['role'];
export const ROLES: readonly Role[] = ['admin', 'clerk', 'viewer'];

/**
 * Whether the signed-in user may do something (the server's permission names, sent with the
 * session). Pages hide what a role may not do; the server still answers 403.
 */
export function can(session: Session, permission: Permission): boolean {
  return session.permissions.includes(permission);
}

export const SESSION_KEY = ['session'] as const;

/** GET /auth/me, with "not signed in" (401) as null rather than an error. */
async function fetchSession(): Promise<Session | null> {
  try {
    return await api<Session>('/api/v1/auth/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

type SessionApi = {
  session: Session;
  /** Calls the API as the signed-in user (CSRF header added); a 401 ends the session. */
  call: <T>(
    path: string,
    method?: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<T>;
  get: <T>(path: string) => Promise<T>;
};

const SessionContext = createContext<SessionApi | null>(null);

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

/**
 * Provides the signed-in session to dashboard pages. The language chosen on this device
 * (cookie) wins; on a device without one, the user's saved language applies. A language picked
 * with the switcher is saved to both.
 */
export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  const queryClient = useQueryClient();

  const endOn401 = useCallback(
    (err: unknown): never => {
      if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(SESSION_KEY, null);
      throw err;
    },
    [queryClient],
  );

  const call = useCallback(
    <T,>(
      path: string,
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'POST',
      body?: unknown,
      headers?: Record<string, string>,
    ) => api<T>(path, { method, body, csrfToken: session.csrfToken, headers }).catch(endOn401),
    [session.csrfToken, endOn401],
  );
  const get = useCallback(<T,>(path: string) => api<T>(path).catch(endOn401), [endOn401]);

  const saved = session.user.locale;
  useEffect(() => {
    if (saved && !hasLanguageCookie() && saved !== currentLanguage()) void applyLanguage(saved);
  }, [saved]);

  useEffect(
    () =>
      onLanguageChosen(async (locale) => {
        const user = await api<Session['user']>('/api/v1/auth/me/preferences', {
          method: 'PUT',
          body: { locale },
          csrfToken: session.csrfToken,
        }).catch(() => null);
        if (user) {
          queryClient.setQueryData<Session | null>(SESSION_KEY, (s) =>
            s ? { ...s, user: { ...s.user, locale } } : s,
          );
        }
      }),
    [session.csrfToken, queryClient],
  );

  return <SessionContext.Provider value={{ session, call, get }}>{children}</SessionContext.Provider>;
}
