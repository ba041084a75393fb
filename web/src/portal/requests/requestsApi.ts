import { useQuery } from '@tanstack/react-query';
import { api, ApiError } from '../../api.ts';
import { currentLanguage } from '../../i18n.ts';
import type { ResidentSession } from '../account/session.ts';
import type { AddressMatch, Area, Category, MyRequests, PublicRequest } from './types.ts';

const BASE = '/api/v1/requests';
/**
 * The resident cookie is sent only under /api/v1/resident, so a signed-in resident's requests
 * (filing linked to the account, following, claiming) go there; everyone else's go to BASE.
 */
const RESIDENT_BASE = '/api/v1/resident/requests';

/** The active categories, in the entity's order (public, rarely changes). */
export function useCatalogue() {
  return useQuery({
    queryKey: ['requests-catalogue'],
    queryFn: () => api<{ categories: Category[] }>(`${BASE}/catalogue`),
    staleTime: 5 * 60_000,
  });
}

/** The area reports may be pinned in (public). */
export function useArea() {
  return useQuery({
    queryKey: ['requests-area'],
    queryFn: () => api<Area>(`${BASE}/area`),
    staleTime: Infinity,
  });
}

/** Known addresses matching `q` (3 characters or more, else none asked for). */
export function useAddressSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: ['requests-addresses', query],
    queryFn: () =>
      api<{ addresses: AddressMatch[] }>(`${BASE}/addresses?${new URLSearchParams({ q: query })}`),
    enabled: query.length >= 3,
    staleTime: 60_000,
  });
}

/**
 * A request's public page (for a signed-in resident, with whether they follow it); a 404 is an
 * answer (null), not an error. Waits until it is known whether someone is signed in.
 */
export function useTrackedRequest(code: string, session: ResidentSession | null | undefined, ready: boolean) {
  return useQuery({
    queryKey: ['requests-track', code, Boolean(session)],
    enabled: ready,
    queryFn: async () => {
      try {
        return await api<PublicRequest>(
          `${session ? RESIDENT_BASE : BASE}/track/${encodeURIComponent(code)}`,
        );
      } catch (err) {
        if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return null;
        throw err;
      }
    },
    retry: false,
  });
}

/** The signed-in resident's reports and the requests they follow ("resident-" keys reset on sign-out). */
export function useMyRequests(enabled: boolean) {
  return useQuery({
    queryKey: ['resident-requests'],
    queryFn: () => api<MyRequests>(RESIDENT_BASE),
    enabled,
  });
}

/** A write to the requests API: as the signed-in resident (with the CSRF token), else anonymous. */
export function requestsWrite<T>(
  session: ResidentSession | null | undefined,
  path: string,
  method: 'POST' | 'DELETE',
  body?: unknown,
) {
  return session
    ? api<T>(`${RESIDENT_BASE}${path}`, { method, body, csrfToken: session.csrfToken })
    : api<T>(`${BASE}${path}`, { method, body });
}

export type PhotoFailure = 'too_large' | 'wrong_type' | 'unreadable' | 'failed';

/**
 * Uploads one photo as the raw file body; the server checks its type from the bytes, strips
 * its metadata and re-encodes it. Anyone may upload (no session involved). Refusals come back as a reason the page words itself.
 */
export async function uploadPhoto(file: File): Promise<{ photoId: string } | { failure: PhotoFailure }> {
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': currentLanguage(),
    'content-type': file.type || 'application/octet-stream',
  };
  let response: Response;
  try {
    response = await fetch(`${BASE}/photos`, {
      method: 'POST',
      body: file,
      headers,
      credentials: 'same-origin',
    });
  } catch {
    return { failure: 'failed' };
  }
  if (response.ok) return (await response.json()) as { photoId: string };
  if (response.status === 413) return { failure: 'too_large' };
  if (response.status === 415) return { failure: 'wrong_type' };
  if (response.status === 422) return { failure: 'unreadable' };
  return { failure: 'failed' };
}
