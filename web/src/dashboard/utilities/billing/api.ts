import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Language } from '../../../i18n.ts';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The billing API (src/modules/utilities/routes-billing.ts, routes-dashboard.ts), as the pages read it. */

export const STATEMENT_STATUSES = [
  'draft',
  'excluded',
  'issued',
  'partially_paid',
  'paid',
  'past_due',
  'shutoff_warned',
  'void',
] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
export type CycleStatus = 'open' | 'calculated' | 'issuing' | 'issued';

export type CycleInput = {
  name: string;
  routes: string[];
  accountTypes: string[];
  periodStart: string;
  periodEnd: string;
  readFrom: string;
  readTo: string;
  billDate: string;
  dueDate: string;
  penaltyDate: string;
};

export type Cycle = CycleInput & {
  id: string;
  seq: number;
  status: CycleStatus;
  calculatedAt: string | null;
  issuedAt: string | null;
  counts?: {
    drafts: number;
    withIssues: number;
    excluded: number;
    issued: number;
    currentChargesCents: number;
  };
};

export type StatementIssue = {
  code: string;
  serial?: string;
  meterId?: string;
  kind?: string;
  accountType?: string;
  service?: string;
};

export type Statement = {
  id: string;
  number: string | null;
  cycleId: string;
  cycleName: string;
  accountId: string;
  accountNumber: string;
  customerName: string;
  language: Language;
  email: string | null;
  serviceAddress: string;
  accountType: string;
  periodStart: string;
  periodEnd: string;
  billDate: string;
  dueDate: string;
  previousBalanceCents: number;
  paymentsCents: number;
  adjustmentsCents: number;
  currentChargesCents: number;
  totalDueCents: number;
  balanceCents: number | null;
  status: StatementStatus;
  issues: StatementIssue[];
  estimated: boolean;
  autopay: boolean;
  chargeId: string | null;
  voidReason: string | null;
  issuedAt: string | null;
};

export type StatementDetail = Statement & {
  meters: {
    serial: string;
    service: string;
    unit: string;
    priorRead: number | null;
    priorReadOn: string | null;
    currentRead: number | null;
    currentReadOn: string | null;
    consumption: number;
    estimated: boolean;
    rollover: boolean;
  }[];
  lines: {
    service: string;
    kind: string;
    label: { en: string; es: string };
    quantity: number | null;
    rate: string | null;
    amountCents: number;
  }[];
};

export type UtilityDashboard = {
  asOf: string;
  collectedCents: number;
  billedCents: number;
  outstandingCents: number;
  owedCents: number;
  creditCents: number;
  accounts: { total: number; active: number; owing: number };
  delinquent: { total: number; pastDue: number; shutoffWarned: number };
  months: { month: string; billedCents: number; collectedCents: number }[];
  largestBalances: {
    accountId: string;
    accountNumber: string;
    accountNumberDisplay: string;
    customerName: string;
    status: 'active' | 'inactive' | 'closed';
    balanceCents: number;
  }[];
};

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
