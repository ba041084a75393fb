import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { useSession } from '../session.tsx';

/**
 * The utilities API (src/modules/utilities/accounts/routes/, rates/routes.ts), as the dashboard
 * reads it. Billing, delinquency and autopay have their own api.ts in their folders.
 */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type Presenters = typeof import('../../../../src/modules/utilities/accounts/presenters.ts');
type Inputs = typeof import('../../../../src/modules/utilities/accounts/schemas.ts');
type Rates = typeof import('../../../../src/modules/utilities/rates/schedules.ts');

export type Account = z.output<Presenters['accountView']>;
export type AccountList = z.output<Presenters['accountListView']>;
export type AccountDetail = z.output<Presenters['accountDetailView']>;
export type Meter = z.output<Presenters['meterView']>;
export type Read = z.output<Presenters['readView']>;
/** POST /reads: what was stored. */
export type StoredRead = z.output<Presenters['storedReadView']>;
export type ImportResult = z.output<Presenters['importResultView']>;
export type AccountType = z.output<Rates['accountTypeBody']>;
export type Schedule = z.output<Rates['scheduleView']>;
export type Rating = z.output<Rates['ratingView']>;
export type Address = Account['address'];
export type Pin = NonNullable<Account['pin']>;
export type AccountStatus = Account['status'];
export type ExceptionStatus = Inputs['EXCEPTION_STATUSES'][number];
type MeterService = z.output<Inputs['newMeterBody']>['service'];
type MeterUnit = z.output<Inputs['newMeterBody']>['unit'];
type ReadMethod = z.output<Inputs['readBody']>['method'];

/**
 * A reading exception. The server's schema leaves `status` a string and `details` an open
 * record; the page reads `status` as one of the statuses it can filter by and these `details`
 * keys (what the reading checks store: src/modules/utilities/accounts/reads.ts).
 */
export type ReadException = z.output<Presenters['exceptionView']> & {
  status: ExceptionStatus;
  details: { units?: number; expected?: number | null; previous?: number; value?: number };
};

/** The choices the forms and filters offer (the server's lists; checked against its types). */
export const ACCOUNT_STATUSES = ['active', 'inactive', 'closed'] as const satisfies readonly AccountStatus[];
export const METER_SERVICES = [
  'water',
  'sewer',
  'electric',
  'gas',
] as const satisfies readonly MeterService[];
export const METER_UNITS = [
  'gal',
  'kgal',
  'ccf',
  'cf',
  'kwh',
  'therm',
] as const satisfies readonly MeterUnit[];
/** The methods a clerk can pick by hand ('import' is set by the CSV import only). */
export const READ_METHODS = ['manual', 'amr', 'ami'] as const satisfies readonly ReadMethod[];
export const EXCEPTION_STATUSES = [
  'open',
  'accepted',
  'corrected',
  'reread',
] as const satisfies readonly ExceptionStatus[];

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
    queryFn: () => get<AccountList>(`/api/v1/utilities/accounts?${query}`),
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
