import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The billing API (src/modules/utilities/billing/routes/), as the pages read it. */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type Presenters = typeof import('../../../../../src/modules/utilities/billing/presenters.ts');
type Cycles = typeof import('../../../../../src/modules/utilities/billing/cycles.ts');
type Statements = typeof import('../../../../../src/modules/utilities/billing/statements.ts');
type Dashboard = typeof import('../../../../../src/modules/utilities/billing/dashboard.ts');

export type StatementStatus = Statements['STATEMENT_STATUSES'][number];
/** A cycle's dates, names and scope, as GET /cycles/:id/next proposes them. */
export type CycleInput = z.output<Cycles['cycleBody']>;
export type Cycle = z.output<Presenters['cycleView']>;
export type CycleStatus = Cycle['status'];
export type Statement = z.output<Presenters['statementView']>;
export type StatementDetail = z.output<Presenters['statementDetailView']>;
export type UtilityDashboard = z.output<Dashboard['dashboardView']>;

/**
 * A problem that keeps a draft from being issued. The server's schema is `code` plus open
 * fields; these are the ones the billing run sets (src/modules/utilities/billing/drafts.ts)
 * and the page reads.
 */
export type StatementIssue = Statement['issues'][number] & {
  serial?: string;
  meterId?: string;
  kind?: string;
  accountType?: string;
  service?: string;
};

/** The statuses the statement filter offers (the server's list; checked against its type). */
export const STATEMENT_STATUSES = [
  'draft',
  'excluded',
  'issued',
  'partially_paid',
  'paid',
  'past_due',
  'shutoff_warned',
  'void',
] as const satisfies readonly StatementStatus[];

export type StatementFilters = {
  status?: StatementStatus;
  cycleId?: string;
  accountId?: string;
  withIssues?: boolean;
  q?: string;
  page: number;
};

/** Under the utilities key, so a change anywhere in utilities refreshes billing too. */
export const BILLING_KEY = [...UTILITIES_KEY, 'billing'] as const;
export const STATEMENTS_PER_PAGE = 25;

export function useCycles() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...BILLING_KEY, 'cycles'],
    queryFn: () => get<{ items: Cycle[] }>('/api/v1/utilities/cycles').then((r) => r.items),
  });
}

export function useCycle(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...BILLING_KEY, 'cycle', id],
    queryFn: () => get<Cycle>(`/api/v1/utilities/cycles/${encodeURIComponent(id)}`),
  });
}

export function useNextCycle(id: string | null) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...BILLING_KEY, 'cycle', id, 'next'],
    queryFn: () => get<CycleInput>(`/api/v1/utilities/cycles/${encodeURIComponent(id!)}/next`),
    enabled: id !== null,
  });
}

export function statementQuery(filters: StatementFilters, perPage = STATEMENTS_PER_PAGE): URLSearchParams {
  const query = new URLSearchParams({
    limit: String(perPage),
    offset: String((filters.page - 1) * perPage),
  });
  if (filters.status) query.set('status', filters.status);
  if (filters.cycleId) query.set('cycleId', filters.cycleId);
  if (filters.accountId) query.set('accountId', filters.accountId);
  if (filters.withIssues) query.set('withIssues', 'true');
  if (filters.q) query.set('q', filters.q);
  return query;
}

export function useStatements(filters: StatementFilters, perPage = STATEMENTS_PER_PAGE) {
  const { get } = useSession();
  const query = statementQuery(filters, perPage);
  return useQuery({
    queryKey: [...BILLING_KEY, 'statements', query.toString()],
    queryFn: () => get<{ items: Statement[]; total: number }>(`/api/v1/utilities/statements?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useStatement(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...BILLING_KEY, 'statement', id],
    queryFn: () => get<StatementDetail>(`/api/v1/utilities/statements/${encodeURIComponent(id)}`),
  });
}

export function useUtilityDashboard() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...BILLING_KEY, 'dashboard'],
    queryFn: () => get<UtilityDashboard>('/api/v1/utilities/dashboard'),
  });
}

/** The statement PDF (built by the delinquency/PDF work: GET /statements/:id/pdf). */
export const statementPdfUrl = (id: string) => `/api/v1/utilities/statements/${encodeURIComponent(id)}/pdf`;
