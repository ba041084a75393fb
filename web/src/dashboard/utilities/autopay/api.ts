import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The autopay API (src/modules/utilities/autopay/routes/), as the dashboard reads it. */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type Enrolments = typeof import('../../../../../src/modules/utilities/autopay/enrolment.ts');
type Files = typeof import('../../../../../src/modules/utilities/autopay/file-views.ts');
type Settlement = typeof import('../../../../../src/modules/utilities/autopay/settlement.ts');

export type Entry = z.output<Files['entryView']>;
export type EntryStatus = Entry['status'];
export type AchFile = z.output<Files['fileView']>;
/**
 * An enrolment. The server's schema leaves the prenote's status a string; it is the status of
 * the prenote's entry (autopay_entries), so the page reads it as one.
 */
export type Enrolment = z.output<Enrolments['enrolmentView']> & {
  prenote: { status: EntryStatus } | null;
};
type ReturnCode = Settlement['RETURN_CODES'][number];

/** The return codes staff can record (the server's list; checked against its type). */
export const RETURN_CODES = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R09',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
  'R16',
  'R17',
  'R20',
  'R23',
  'R24',
  'R29',
  'R31',
] as const satisfies readonly ReturnCode[];

export const AUTOPAY_KEY = [...UTILITIES_KEY, 'autopay'] as const;

export function useEnrolments(accountId: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...AUTOPAY_KEY, 'account', accountId],
    queryFn: () =>
      get<{ items: Enrolment[] }>(`/api/v1/utilities/accounts/${encodeURIComponent(accountId)}/autopay`).then(
        (r) => r.items,
      ),
  });
}

export function useEntries(status: EntryStatus | 'out') {
  const { get } = useSession();
  return useQuery({
    queryKey: [...AUTOPAY_KEY, 'entries', status],
    queryFn: async () => {
      if (status !== 'out')
        return (await get<{ items: Entry[] }>(`/api/v1/utilities/autopay/entries?status=${status}&limit=500`))
          .items;
      // What went to the bank: sent, settled and returned entries, newest file first.
      const lists = await Promise.all(
        (['sent', 'settled', 'returned'] as const).map((s) =>
          get<{ items: Entry[] }>(`/api/v1/utilities/autopay/entries?status=${s}&limit=200`),
        ),
      );
      return lists.flatMap((l) => l.items);
    },
  });
}

export function useAchFiles() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...AUTOPAY_KEY, 'files'],
    queryFn: () => get<{ items: AchFile[] }>('/api/v1/utilities/autopay/files').then((r) => r.items),
  });
}
