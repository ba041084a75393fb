import { z } from 'zod';
import { groupAccountNumber } from '../../../lib/codes.js';
import type { AccountRow } from './accounts.js';
import type { MeterRow } from './meters.js';
import { EXCEPTION_KINDS } from './schemas.js';

/** How utilities rows leave the API. */

export const accountView = z.object({
  id: z.uuid(),
  /** 10 digits, the last a check digit. */
  accountNumber: z.string(),
  /** As printed and read aloud: 1234-567-890. */
  accountNumberDisplay: z.string(),
  customerName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.object({
    street: z.string(),
    unit: z.string().nullable(),
    city: z.string(),
    state: z.string(),
    zip: z.string(),
  }),
  language: z.enum(['en', 'es']),
  pin: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  accountType: z.string(),
  route: z.string().nullable(),
  status: z.enum(['active', 'inactive', 'closed']),
  autopay: z.boolean(),
  openedOn: z.string(),
  closedOn: z.string().nullable(),
  /** What the account owes now, from the payments ledger (negative = credit). */
  balanceCents: z.number().int().optional(),
});

export function toAccountView(a: AccountRow, balanceCents?: number) {
  return {
    id: a.id,
    accountNumber: a.account_number,
    accountNumberDisplay: groupAccountNumber(a.account_number),
    customerName: a.customer_name,
    email: a.email,
    phone: a.phone,
    address: { street: a.street, unit: a.unit, city: a.city, state: a.state, zip: a.zip },
    language: a.language,
    pin: a.latitude !== null ? { latitude: Number(a.latitude), longitude: Number(a.longitude) } : null,
    accountType: a.account_type,
    route: a.route,
    status: a.status,
    autopay: a.autopay,
    openedOn: a.opened_on,
    closedOn: a.closed_on,
    ...(balanceCents !== undefined && { balanceCents }),
  };
}

export const meterView = z.object({
  id: z.uuid(),
  serial: z.string(),
  service: z.string(),
  unit: z.string(),
  dials: z.number().int(),
  multiplier: z.number().int(),
  status: z.enum(['in_stock', 'active', 'removed']),
  accountId: z.string().nullable(),
});

export const toMeterView = (m: MeterRow) => ({
  id: m.id,
  serial: m.serial,
  service: m.service,
  unit: m.unit,
  dials: m.dials,
  multiplier: m.multiplier,
  status: m.status,
  accountId: m.account_id,
});

/** GET /accounts: one page of accounts. */
export const accountListView = z.object({
  items: z.array(accountView),
  total: z.number().int(),
  /** true when there are more than `total` (the count stops at 10,000). */
  totalCapped: z.boolean(),
});

/** GET /accounts/:id: the account with its meters, current and past. */
export const accountDetailView = accountView.extend({
  meters: z.array(
    meterView.extend({
      installedOn: z.string(),
      removedOn: z.string().nullable(),
      /** The account the meter is on now, when that is another one (it was moved). */
      nowOnAccountNumber: z.string().nullable(),
    }),
  ),
});

/** One reading in an account's history. */
export const readView = z.object({
  id: z.uuid(),
  readOn: z.string(),
  value: z.number().int(),
  method: z.string(),
  purpose: z.string(),
  consumption: z.number().int().nullable(),
  rollover: z.boolean(),
  serial: z.string(),
});

/** What a CSV import of readings did. */
export const importResultView = z.object({
  importId: z.uuid(),
  rowsTotal: z.number().int(),
  rowsStored: z.number().int(),
  rowsDuplicate: z.number().int(),
  rowsRejected: z.number().int(),
  exceptions: z.number().int(),
  rejected: z.array(
    z.object({
      line: z.number().int(),
      code: z.string(),
      serial: z.string().optional(),
      message: z.string(),
    }),
  ),
});

/** One reading exception in the review list. */
export const exceptionView = z.object({
  id: z.uuid(),
  kind: z.enum(EXCEPTION_KINDS),
  status: z.string(),
  details: z.record(z.string(), z.unknown()),
  note: z.string().nullable(),
  meterId: z.uuid(),
  serial: z.string(),
  accountId: z.string().nullable(),
  accountNumber: z.string().nullable(),
  customerName: z.string().nullable(),
  readOn: z.string().nullable(),
  value: z.number().nullable(),
  consumption: z.number().nullable(),
  createdAt: z.string(),
  /** Who accepted, corrected or sent it for a re-read, and when (null while open). */
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});

/** POST /reads: the reading stored, its consumption and the exception it raised, if any. */
export const storedReadView = z.object({
  id: z.uuid(),
  consumption: z.number().int().nullable(),
  exception: z.string().nullable(),
});

/** The resident portal's balance lookup (the name masked). */
export const lookupView = z.object({
  accountNumber: z.string(),
  maskedName: z.string(),
  balanceCents: z.number().int(),
  dueDate: z.string().nullable(),
  lastBilledOn: z.string().nullable(),
});
