import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Language } from '../../i18n.ts';
import { useSession } from '../session.tsx';

/** The utilities API (src/modules/utilities/routes*.ts, views.ts), as the dashboard reads it. */

export const ACCOUNT_STATUSES = ['active', 'inactive', 'closed'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
export const METER_SERVICES = ['water', 'sewer', 'electric', 'gas'] as const;
export const METER_UNITS = ['gal', 'kgal', 'ccf', 'cf', 'kwh', 'therm'] as const;
export const READ_METHODS = ['manual', 'amr', 'ami'] as const;
type Localized = { en: string; es: string };

export type Address = { street: string; unit: string | null; city: string; state: string; zip: string };
export type Pin = { latitude: number; longitude: number };

export type Account = {
  id: string;
  accountNumber: string;
  /** As printed on the bill: 1234-567-890. */
  accountNumberDisplay: string;
  customerName: string;
  email: string | null;
  phone: string | null;
  address: Address;
  language: Language;
  pin: Pin | null;
  accountType: string;
  route: string | null;
  status: AccountStatus;
  autopay: boolean;
  openedOn: string;
  closedOn: string | null;
  /** Owed now, from the payments ledger; negative is a credit. */
  balanceCents?: number;
};

export type Meter = {
  id: string;
  serial: string;
  service: string;
  unit: string;
  dials: number;
  multiplier: number;
  status: 'in_stock' | 'active' | 'removed';
  accountId: string | null;
};

export type AccountDetail = Account & {
  meters: (Meter & {
    installedOn: string;
    removedOn: string | null;
    /** The account a moved meter is on now, when it is another one. */
    nowOnAccountNumber: string | null;
  })[];
};

export type Read = {
  id: string;
  readOn: string;
  value: number;
  method: string;
  purpose: string;
  consumption: number | null;
  rollover: boolean;
  serial: string;
};

export const EXCEPTION_STATUSES = ['open', 'accepted', 'corrected', 'reread'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

export type ReadException = {
  id: string;
  kind: 'missing' | 'zero' | 'high' | 'low' | 'negative';
  status: ExceptionStatus;
  details: { units?: number; expected?: number | null; previous?: number; value?: number };
  note: string | null;
  meterId: string;
  serial: string;
  accountId: string | null;
  accountNumber: string | null;
  customerName: string | null;
  readOn: string | null;
  value: number | null;
  consumption: number | null;
  createdAt: string;
  /** Staff name and time of the decision; null while open (or the name of a removed user). */
  resolvedBy: string | null;
  resolvedAt: string | null;
};

export type ImportResult = {
  importId: string;
  rowsTotal: number;
  rowsStored: number;
  rowsDuplicate: number;
  rowsRejected: number;
  exceptions: number;
  rejected: { line: number; code: string; serial?: string; message: string }[];
};

export type AccountType = { code: string; name: Localized };
export type Schedule = {
  id: string;
  service: 'water' | 'sewer' | 'electric' | 'gas' | 'trash' | 'storm';
  accountType: string;
  effectiveFrom: string;
  baseChargeCents: number;
  tiers: { upTo: number | null; rate: string }[];
  minimumChargeCents: number | null;
  flatServices: { name: Localized; amountCents: number }[];
  usage: 'own_meter' | 'water_use' | 'none';
  sewerCapUnits?: number | null;
};
export type Rating = {
  lines: {
    kind: 'base' | 'tier' | 'minimum' | 'flat';
    label: Localized;
    quantity: number | null;
    rate: string | null;
    amountCents: number;
  }[];
  totalCents: number;
  billedUnits: number;
};

export type AccountFilters = { status?: AccountStatus; q?: string; page: number };

export const UTILITIES_KEY = ['utilities'] as const;
export const PER_PAGE = 25;
export const BASE = '/dashboard/utilities';
/** The account list (the module's home is its revenue dashboard). */
export const ACCOUNTS = `${BASE}/accounts`;

export function useAccounts(filters: AccountFilters) {
  const { get } = useSession();
  const query = new URLSearchParams({
    limit: String(PER_PAGE),
    offset: String((filters.page - 1) * PER_PAGE),
  });
  if (filters.status) query.set('status', filters.status);
  if (filters.q) query.set('q', filters.q);
  return useQuery({
    queryKey: [...UTILITIES_KEY, 'accounts', query.toString()],
    queryFn: () =>
      get<{ items: Account[]; total: number; totalCapped: boolean }>(`/api/v1/utilities/accounts?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...UTILITIES_KEY, 'account', id],
    queryFn: () => get<AccountDetail>(`/api/v1/utilities/accounts/${encodeURIComponent(id)}`),
  });
}

export function useReads(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...UTILITIES_KEY, 'account', id, 'reads'],
    queryFn: () =>
      get<{ items: Read[] }>(`/api/v1/utilities/accounts/${encodeURIComponent(id)}/reads`).then(
        (r) => r.items,
      ),
  });
}

export function useExceptions(page: number, status: ExceptionStatus, accountId?: string) {
  const { get } = useSession();
  const query = new URLSearchParams({
    status,
    limit: String(PER_PAGE),
    offset: String((page - 1) * PER_PAGE),
  });
  if (accountId) query.set('accountId', accountId);
  return useQuery({
    queryKey: [...UTILITIES_KEY, 'exceptions', query.toString()],
    queryFn: () => get<{ items: ReadException[]; total: number }>(`/api/v1/utilities/exceptions?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useTypes() {
  const { get } = useSession();
  return useQuery({
    queryKey: [...UTILITIES_KEY, 'types'],
    queryFn: () => get<{ accountTypes: AccountType[]; schedules: Schedule[] }>('/api/v1/utilities/types'),
    staleTime: 60_000,
  });
}

/** A reading that fits a register of `dials` digits. */
export const fitsRegister = (value: number, dials: number) => value < 10 ** dials;

/** Today as YYYY-MM-DD in the browser's time zone (the clerk's calendar day). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A whole, non-negative number typed by a person ("1,234" allowed), or null. */
export function parseWhole(value: string): number | null {
  const cleaned = value.replace(/[\s,]/g, '');
  if (!/^\d{1,15}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isSafeInteger(n) ? n : null;
}

/** "1234567890" → "1234-567-890", as printed on bills (src/lib/codes.ts groupAccountNumber). */
export function groupAccountNumber(digits: string): string {
  return /^\d{10}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}` : digits;
}

/** An exact decimal rate in dollars ("0.004250") as "$0.00425": never through floating point. */
export function formatRate(rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `$${whole}.${trimmed}`;
}

/** A stored phone (E.164) as people write it: "+19565550142" → "(956) 555-0142". */
export function formatPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}
