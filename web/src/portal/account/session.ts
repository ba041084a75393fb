import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api.ts';

export type ResidentSession = {
  resident: { id: string; email: string; language: 'en' | 'es' };
  csrfToken: string;
};

export const ME_KEY = ['resident-me'];

/** The signed-in resident, or null when signed out (a 401 is an answer here, not an error). */
export function useResident() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        return await api<ResidentSession>('/api/v1/resident/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** After sign-in, sign-out or deletion: everything the account showed is fetched again. */
export function useResetAccount() {
  const client = useQueryClient();
  return (session: ResidentSession | null) => {
    client.removeQueries({
      predicate: (q) => String(q.queryKey[0]).startsWith('resident-') && q.queryKey[0] !== ME_KEY[0],
    });
    client.setQueryData(ME_KEY, session);
  };
}

/** A resident API call with the session's CSRF token on writes. */
export function residentApi<T>(
  session: ResidentSession | null | undefined,
  path: string,
  options: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: unknown } = {},
) {
  return api<T>(`/api/v1/resident${path}`, {
    ...options,
    ...(session && options.method && options.method !== 'GET' && { csrfToken: session.csrfToken }),
  });
}
