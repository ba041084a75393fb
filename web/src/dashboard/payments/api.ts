import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { Language } from '../../i18n.ts';
import { useSession } from '../session.tsx';

/** The payments API (src/modules/payments/routes*.ts, schema.ts), as the dashboard reads it. */

export const CHARGE_KINDS = [
  'utility',
  'permit_fee',
  'records_fee',
  'returned_check_fee',
  'late_fee',
  'reconnect_fee',
  'other',
] as const;
export type ChargeKind = (typeof CHARGE_KINDS)[number];
export const CHARGE_STATUSES = ['pending', 'partially_paid', 'paid', 'refunded', 'void'] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];
export type Method = 'check' | 'cash' | 'card' | 'ach';
export type PaymentStatus = 'completed' | 'reversed';
type Localized = { en: string; es: string };

export type Charge = {
  id: string;
  referenceCode: string;
  kind: ChargeKind;
  description: Localized;
  amountCents: number;
  allocatedCents: number;
  refundedCents: number;
  balanceCents: number;
  party: { name: string; email: string | null; phone: string | null; language: Language };
  source: { module: string; id: string } | null;
  dueDate: string | null;
  status: ChargeStatus;
  voidReason: string | null;
  createdAt: string;
};

export type Refund = {
  id: string;
  refundNumber: string;
  paymentId: string;
  chargeId: string | null;
  amountCents: number;
  reason: string;
  refundedOn: string;
  createdAt: string;
};

export type ChargeDetail = Charge & {
  payments: {
    paymentId: string;
    receiptNumber: string;
    amountCents: number;
    refundableCents: number;
    status: PaymentStatus;
    receivedOn: string;
  }[];
  refunds: Refund[];
};

export type Payment = {
  id: string;
  receiptNumber: string;
  method: Method;
  checkNumber: string | null;
  amountCents: number;
  unappliedCents: number;
  receivedOn: string;
  payer: { name: string; email: string | null; language: Language };
  source: { module: string; id: string } | null;
  status: PaymentStatus;
  reversalReason: string | null;
  recordedBy: string | null;
  createdAt: string;
  allocations: { chargeId: string; referenceCode: string; description: Localized; amountCents: number }[];
  refunds: Refund[];
};

export type Summary = {
  from: string;
  to: string;
  collectedCents: number;
  payments: number;
  refundsCents: number;
  netCents: number;
};

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
