import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The delinquency API (src/modules/utilities/delinquency/routes/), as the page reads it. */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type List = typeof import('../../../../../src/modules/utilities/delinquency/list.ts');
type Rules = typeof import('../../../../../src/modules/utilities/delinquency/settings.ts');
type Disconnections = typeof import('../../../../../src/modules/utilities/delinquency/disconnections.ts');
type Run = typeof import('../../../../../src/modules/utilities/delinquency/run.ts');

type DelinquencyList = z.output<List['delinquencyListView']>;
export type Delinquency = z.output<List['delinquencyView']>;
export type Totals = z.output<List['delinquencyTotals']>;
export type Settings = z.output<Rules['settingsView']>;
export type RunSummary = z.output<Run['runView']>;
export type ReconnectResult = z.output<Disconnections['reconnectView']>;
export type Stage = Delinquency['stage'];

/** The stages the filter offers (the server's list; checked against its type). */
export const STAGES = ['past_due', 'shutoff_warned'] as const satisfies readonly Stage[];

export const DELINQUENCY_KEY = [...UTILITIES_KEY, 'delinquencies'] as const;
export const LIST_LIMIT = 200;

export function useDelinquencies(stage: Stage | undefined) {
  const { get } = useSession();
  const query = new URLSearchParams({ limit: String(LIST_LIMIT) });
  if (stage) query.set('stage', stage);
  return useQuery({
    queryKey: [...DELINQUENCY_KEY, query.toString()],
    queryFn: () => get<DelinquencyList>(`/api/v1/utilities/delinquencies?${query}`),
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
