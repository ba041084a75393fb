import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Bilingual, CategoryQuestion, QuestionType } from '../../../../src/modules/requests/tables.ts';
import { useSession } from '../session.tsx';

/** The 311 staff API (src/modules/requests/CONTRACT.md), as the dashboard pages use it. */

export type { Bilingual, CategoryQuestion, QuestionType };
export { QUESTION_TYPES } from '../../../../src/modules/requests/tables.ts';

export const BASE = '/dashboard/requests';
export const API = '/api/v1/requests';
export const REQUESTS_KEY = ['requests'] as const;

export const STATUSES = ['submitted', 'acknowledged', 'in_progress', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export type QueueItem = {
  id: string;
  trackingCode: string;
  category: { code: string; name: Bilingual };
  department: { code: string; name: Bilingual };
  status: Status;
  address: string | null;
  lat: number | null;
  lng: number | null;
  submittedAt: string;
  dueAt: string;
  overdue: boolean;
  assignee: { id: string; name: string } | null;
  source: 'portal' | 'open311' | 'staff';
  duplicateOf: string | null;
};

export type Update = {
  id: string;
  kind: string;
  visibility: 'public' | 'internal';
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  actorName: string | null;
  at: string;
};

export type StaffRequest = QueueItem & {
  description: string;
  language: 'en' | 'es';
  closingNote: string | null;
  answers: { key: string; label: Bilingual; value: string | number | boolean | string[] }[];
  reporter: { name: string | null; email: string | null; phone: string | null; residentId: string | null };
  account: { id: string; number: string; customerName: string } | null;
  photos: { url: string }[];
  updates: Update[];
  followers: number;
  duplicates: { id: string; trackingCode: string }[];
};

// The server's own type (catalogue.ts), so the two never drift apart.
import type { Category } from '../../../../src/modules/requests/catalogue.ts';
export type { Category };

export type Department = { code: string; name: Bilingual };

export type Area = {
  minLat: number;
  minLng: number;
  maxLat: number;
  maxLng: number;
  polygon: { type: 'Polygon'; coordinates: number[][][] } | null;
  jurisdictionId: string;
};

export type Kpis = {
  open: number;
  overdue: number;
  closedThisWeek: number;
  medianDaysToClose: number | null;
  byCategory: {
    code: string;
    name: Bilingual;
    open: number;
    overdue: number;
    closedThisWeek: number;
    medianDaysToClose: number | null;
  }[];
};

export type MapPoint = {
  id: string;
  trackingCode: string;
  lat: number;
  lng: number;
  status: Status;
  categoryCode: string;
  overdue: boolean;
};

export type Bounds = { minLat: number; minLng: number; maxLat: number; maxLng: number };

export type Open311Key = {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** `open` (the default: every status but closed), `all`, or one status. */
export type StatusFilter = Status | 'open' | 'all';

export type QueueFilters = {
  status?: StatusFilter;
  category?: string;
  department?: string;
  /** A staff id, "me" or "none" (unassigned). */
  assignee?: string;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  sort?: 'oldest' | 'newest';
  page: number;
};

/**
 * The filters as the page's address shows them: only what differs from the defaults (open
 * requests, oldest first, page 1).
 */
export function filterParams(f: Omit<QueueFilters, 'page'> & { page?: number }): URLSearchParams {
  const p = new URLSearchParams();
  if (f.status && f.status !== 'open') p.set('status', f.status);
  if (f.category) p.set('category', f.category);
  if (f.department) p.set('department', f.department);
  if (f.assignee) p.set('assignee', f.assignee);
  if (f.overdue) p.set('overdue', 'true');
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (f.q) p.set('q', f.q);
  if (f.sort && f.sort !== 'oldest') p.set('sort', f.sort);
  if (f.page && f.page > 1) p.set('page', String(f.page));
  return p;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters as the API takes them: every status is no status; the order always said. */
function apiParams(f: QueueFilters, withSort: boolean): URLSearchParams {
  const p = filterParams({ ...f, status: undefined, sort: undefined });
  if (f.status && f.status !== 'all') p.set('status', f.status);
  if (withSort) p.set('sort', f.sort ?? 'oldest');
  return p;
}

/** The filters from the page's address, anything malformed dropped. */
export function readFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status') as Status | 'all';
  const page = Number(params.get('page'));
  const day = (name: string) => {
    const v = params.get(name);
    return v && DAY.test(v) ? v : undefined;
  };
  const code = (name: string) => params.get(name)?.trim().slice(0, 60) || undefined;
  return {
    status: STATUSES.includes(status as Status) || status === 'all' ? status : 'open',
    category: code('category'),
    department: code('department'),
    assignee: code('assignee'),
    overdue: params.get('overdue') === 'true' || undefined,
    from: day('from'),
    to: day('to'),
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    sort: params.get('sort') === 'newest' ? 'newest' : 'oldest',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export function useQueue(filters: QueueFilters) {
  const { get } = useSession();
  const query = apiParams(filters, true).toString();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'queue', query],
    queryFn: () =>
      get<{ items: QueueItem[]; page: number; pageSize: number; hasMore: boolean }>(`${API}/queue?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useKpis() {
  const { get } = useSession();
  return useQuery({ queryKey: [...REQUESTS_KEY, 'kpis'], queryFn: () => get<Kpis>(`${API}/kpis`) });
}

export function useStaff() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'staff'],
    queryFn: () => get<{ staff: { id: string; name: string }[] }>(`${API}/staff`),
    staleTime: 5 * 60_000,
  });
}

export function useCategories() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'categories'],
    queryFn: () => get<{ categories: Category[] }>(`${API}/admin/categories`),
  });
}

export function useDepartments() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'departments'],
    queryFn: () => get<{ departments: Department[] }>(`${API}/admin/departments`),
  });
}

export function useArea() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'area'],
    queryFn: () => get<Area>(`${API}/admin/area`),
  });
}

export function useRequest(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'request', id],
    queryFn: () => get<StaffRequest>(`${API}/${encodeURIComponent(id)}`),
  });
}

export function useMapPoints(bounds: Bounds | null, filters: QueueFilters) {
  const { get } = useSession();
  const p = apiParams({ ...filters, page: 1 }, false);
  if (bounds) for (const [k, v] of Object.entries(bounds)) p.set(k, v.toFixed(5));
  const query = p.toString();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'map', query],
    queryFn: () => get<{ points: MapPoint[]; truncated: boolean }>(`${API}/map?${query}`),
    enabled: bounds !== null,
    placeholderData: keepPreviousData,
  });
}

export function useOpen311Keys() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'open311-keys'],
    queryFn: () => get<{ keys: Open311Key[] }>(`${API}/admin/open311-keys`),
  });
}

export function useAccountRequests(accountId: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...REQUESTS_KEY, 'by-account', accountId],
    queryFn: () => get<{ items: QueueItem[] }>(`${API}/by-account/${encodeURIComponent(accountId)}`),
  });
}

/** Tracking codes are shown grouped: ABCD-EFGH-JK. */
export function groupCode(code: string): string {
  const c = code.replace(/-/g, '').toUpperCase();
  return c.length === 10 ? `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` : code;
}
