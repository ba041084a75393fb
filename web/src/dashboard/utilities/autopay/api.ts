import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY } from '../api.ts';

/** The autopay API (src/modules/utilities/routes-autopay.ts), as the dashboard reads it. */

export type Enrolment = {
  id: string;
  accountId: string;
  status: 'active' | 'cancelled';
  /** Masked, e.g. ••••0021. */
  routingNumber: string;
  /** Masked, e.g. ••••6789. */
  accountNumber: string;
  accountType: 'checking' | 'savings';
  holderName: string;
  authorizedOn: string;
  authorization: 'paper' | 'web';
  secCode: 'PPD' | 'WEB';
  returnsCount: number;
  prenote: { status: EntryStatus; fileId: string | null } | null;
  cancelReason: 'staff' | 'returns' | 'return_code' | 'account_closed' | null;
  cancelledAt: string | null;
  createdAt: string;
};

export type EntryStatus = 'pending' | 'sent' | 'settled' | 'returned' | 'cancelled';
export type Entry = {
  id: string;
  kind: 'prenote' | 'debit';
  status: EntryStatus;
  amountCents: number;
  accountId: string;
  accountNumber: string;
  customerName: string;
  statementId: string | null;
  statementNumber: string | null;
  bankAccount: string;
  secCode: 'PPD' | 'WEB';
  fileId: string | null;
  traceNumber: string | null;
  paymentId: string | null;
  returnCode: string | null;
  returnedOn: string | null;
  createdAt: string;
};

export type AchFile = {
  id: string;
  fileDate: string;
  idModifier: string;
  effectiveDate: string;
  entryCount: number;
  debitTotalCents: number;
  entryHash: string;
  status: 'created' | 'settled';
  settledOn: string | null;
  createdAt: string;
  fileName: string;
};

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
] as const;

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
