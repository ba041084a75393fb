import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { z } from 'zod';
import { useSession } from '../session.tsx';

/** The payments API (src/modules/payments/routes*.ts, schema.ts), as the dashboard reads it. */

/** The API's own types: inferred from the server's zod schemas (type-only, nothing bundled). */
type Schemas = typeof import('../../../../src/modules/payments/schema.ts');
type Out<K extends keyof Schemas> = Schemas[K] extends z.ZodType ? z.output<Schemas[K]> : never;

export type Charge = Out<'chargeView'>;
export type ChargeDetail = Out<'chargeDetail'>;
export type Refund = Out<'refundView'>;
export type Payment = Out<'paymentView'>;
export type Summary = Out<'summaryView'>;
export type ChargeKind = Charge['kind'];
export type ChargeStatus = Charge['status'];
export type Method = Payment['method'];
export type PaymentStatus = Payment['status'];

/** The choices the ledger filters offer (the server's lists; checked against its types). */
export const CHARGE_KINDS = [
  'utility',
  'permit_fee',
  'records_fee',
  'returned_check_fee',
  'late_fee',
  'reconnect_fee',
  'other',
] as const satisfies readonly ChargeKind[];
export const CHARGE_STATUSES = [
  'pending',
  'partially_paid',
  'paid',
  'refunded',
  'void',
] as const satisfies readonly ChargeStatus[];

export type DepositLine = {
  receiptNumber: string;
  method: Method;
  checkNumber: string | null;
  payerName: string;
  amountCents: number;
  status: PaymentStatus;
};
export type DepositReport = {
  date: string;
  clerks: {
    clerk: string;
    checksCents: number;
    cashCents: number;
    totalCents: number;
    lines: DepositLine[];
  }[];
  checkCount: number;
  checksCents: number;
  cashCount: number;
  cashCents: number;
  totalCents: number;
};

export type LedgerFilters = {
  status?: ChargeStatus;
  kind?: ChargeKind;
  q?: string;
  page: number;
  perPage: number;
};

export const PAYMENTS_KEY = ['payments'] as const;
export const PER_PAGE = 25;

export function useSummary(from: string, to: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'summary', from, to],
    queryFn: () => get<Summary>(`/api/v1/payments/summary?${new URLSearchParams({ from, to })}`),
    placeholderData: keepPreviousData,
  });
}

export function useCharges(filters: LedgerFilters) {
  const { get } = useSession();
  const query = new URLSearchParams({
    limit: String(filters.perPage),
    offset: String((filters.page - 1) * filters.perPage),
  });
  if (filters.status) query.set('status', filters.status);
  if (filters.kind) query.set('kind', filters.kind);
  if (filters.q) query.set('q', filters.q);
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'charges', query.toString()],
    queryFn: () => get<{ items: Charge[]; total: number }>(`/api/v1/payments/charges?${query}`),
    placeholderData: keepPreviousData,
  });
}

export function useCharge(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'charge', id],
    queryFn: () => get<ChargeDetail>(`/api/v1/payments/charges/${encodeURIComponent(id)}`),
    retry: false,
  });
}

export function usePayment(id: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'payment', id],
    queryFn: () => get<Payment>(`/api/v1/payments/payments/${encodeURIComponent(id)}`),
    retry: false,
  });
}

export function useDepositReport(date: string) {
  const { get } = useSession();
  return useQuery({
    queryKey: [...PAYMENTS_KEY, 'deposit', date],
    queryFn: () => get<DepositReport>(`/api/v1/payments/deposit-report?date=${encodeURIComponent(date)}`),
    placeholderData: keepPreviousData,
  });
}

/** A version-4 UUID; crypto.randomUUID exists only on HTTPS (and localhost), so fall back. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * POSTs money-moving requests with an Idempotency-Key. A submission that is sent again
 * unchanged (after a timeout or a lost answer) reuses its key, so the server records it once;
 * a changed form, or the next one after a success, gets a new key.
 */
export function useMoneyPost() {
  const { call } = useSession();
  const last = useRef<{ path: string; body: string; key: string } | null>(null);
  return useCallback(
    async <T>(path: string, body: object): Promise<T> => {
      const json = JSON.stringify(body);
      if (!last.current || last.current.path !== path || last.current.body !== json) {
        last.current = { path, body: json, key: uuid() };
      }
      const result = await call<T>(path, 'POST', body, { 'idempotency-key': last.current.key });
      last.current = null;
      return result;
    },
    [call],
  );
}
