import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The delinquency API (src/modules/utilities/routes-delinquency.ts), as the page reads it. */

export const STAGES = ['past_due', 'shutoff_warned'] as const;
export type Stage = (typeof STAGES)[number];

export type Delinquency = {
  statementId: string;
  statementNumber: string;
  accountId: string;
  accountNumber: string;
  customerName: string;
  serviceAddress: string;
  language: 'en' | 'es';
  stage: Stage;
  dueDate: string;
  balanceCents: number;
  pastDueOn: string | null;
  lateFeeCents: number;
  warnedOn: string | null;
  shutoffDate: string | null;
  warnedOwedCents: number | null;
  disconnectedOn: string | null;
  reconnectedOn: string | null;
};

export type Totals = {
  pastDue: number;
  shutoffWarned: number;
  delinquent: number;
  owedCents: number;
  lateFeeCents: number;
  disconnected: number;
};

export type Settings = {
  graceDays: number;
  lateFeeFlatCents: number;
  lateFeePercent: string;
  shutoffAfterDays: number;
  shutoffMinimumCents: number;
  shutoffNoticeDays: number;
  reconnectFeeCents: number;
  isDefault: boolean;
};

export type RunSummary = {
  today: string;
  pastDue: number;
  lateFees: number;
  lateFeeCents: number;
  shutoffWarnings: number;
};

export const DELINQUENCY_KEY = [...UTILITIES_KEY, 'delinquencies'] as const;
export const LIST_LIMIT = 200;

export function useDelinquencies(stage: Stage | undefined) {
  const { get } = useSession();
  const query = new URLSearchParams({ limit: String(LIST_LIMIT) });
  if (stage) query.set('stage', stage);
  return useQuery({
    queryKey: [...DELINQUENCY_KEY, query.toString()],
    queryFn: () =>
      get<{ items: Delinquency[]; total: number; totals: Totals }>(
        `/api/v1/utilities/delinquencies?${query}`,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDelinquencySettings() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...DELINQUENCY_KEY, 'settings'],
    queryFn: () => get<Settings>('/api/v1/utilities/delinquency/settings'),
    staleTime: 60_000,
  });
}

export const warningPdfUrl = (statementId: string) =>
  `/api/v1/utilities/statements/${encodeURIComponent(statementId)}/shutoff-warning.pdf`;
export const statementPdfUrl = (statementId: string) =>
  `/api/v1/utilities/statements/${encodeURIComponent(statementId)}/pdf`;
