import { z } from 'zod';
import { groupAccountNumber } from '../../../lib/codes.js';
import type { AccountRow } from './accounts.js';
import type { MeterRow } from './meters.js';

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
