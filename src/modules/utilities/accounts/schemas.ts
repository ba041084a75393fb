import { z } from 'zod';
import { toE164 } from '../../../lib/phone.js';

/** Request and response schemas of the utilities API; service input types come from here. */

export const ACCOUNT_STATUSES = ['active', 'inactive', 'closed'] as const;
export const METER_SERVICES = ['water', 'sewer', 'electric', 'gas'] as const;
export const METER_UNITS = ['gal', 'kgal', 'ccf', 'cf', 'kwh', 'therm'] as const;
export const READ_METHODS = ['manual', 'import', 'amr', 'ami'] as const;
export const EXCEPTION_KINDS = ['missing', 'zero', 'high', 'low', 'negative'] as const;
export const EXCEPTION_STATUSES = ['open', 'accepted', 'corrected', 'reread'] as const;

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** A phone as people write it; stored as E.164. */
const phone = z
  .string()
  .trim()
  .max(40)
  .nullish()
  .transform((v, ctx) => {
    if (!v) return null;
    const e164 = toE164(v);
    if (!e164) ctx.addIssue({ code: 'custom', message: 'phone_invalid' });
    return e164;
  });

export const addressInput = z.object({
  /** Street number and name. */
  street: text(200),
  /** Apartment, suite or unit. */
  unit: optionalText(40),
  city: text(100),
  /** Two-letter state code. */
  state: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'state_invalid'),
  /** ZIP or ZIP+4. */
  zip: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'zip_invalid'),
});

export const pinInput = z
  .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
  .nullish();

/**
 * An account's fields, with no defaults: a default belongs to opening an account only. (An
 * update built from a schema with defaults would set every field it was not sent — zod applies
 * defaults inside optional fields — and turn a Spanish account English.)
 */
const accountFields = {
  /** Customer (person or business) name. */
  customerName: text(200),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).nullish(),
  phone,
  /** Service address. */
  address: addressInput,
  /** Language of notices and statements. */
  language: z.enum(['en', 'es']),
  /** Map pin of the service location, when placed. */
  pin: pinInput,
  /** Account type code, e.g. residential or commercial. */
  accountType: z.string().trim().min(2).max(40),
  /** Billing route/book (cycle membership). */
  route: optionalText(40),
  /** Autopay (bank draft) enrolled. */
  autopay: z.boolean(),
};

export const openAccountBody = z.object({
  ...accountFields,
  language: accountFields.language.default('en'),
  autopay: accountFields.autopay.default(false),
});
export type OpenAccountInput = z.input<typeof openAccountBody>;

/** Changes only what it is sent. */
export const updateAccountBody = z
  .object(accountFields)
  .partial()
  .extend({
    status: z.enum(['active', 'inactive']).optional(),
  });
export type UpdateAccountInput = z.input<typeof updateAccountBody>;

export const closeAccountBody = z.object({
  /** Closing date (today when omitted). */
  closedOn: isoDate.nullish(),
  /** Final reads of the account's meters, by meter id. */
  finalReads: z.array(z.object({ meterId: z.uuid(), value: z.number().int().min(0) })).default([]),
});

export const accountListQuery = z.object({
  status: z.enum(ACCOUNT_STATUSES).optional(),
  /** Account number (with or without separators), customer name or address. */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const newMeterBody = z.object({
  serial: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9-]+$/, 'serial_invalid'),
  service: z.enum(METER_SERVICES),
  unit: z.enum(METER_UNITS),
  dials: z.number().int().min(1).max(10),
  multiplier: z.number().int().min(1).max(100_000).default(1),
});
export type NewMeterInput = z.input<typeof newMeterBody>;

export const installMeterBody = z.object({
  accountId: z.uuid(),
  /** Installation date. */
  installedOn: isoDate,
  /** The register's value when installed. */
  initialRead: z.number().int().min(0),
});

export const removeMeterBody = z.object({
  removedOn: isoDate,
  /** The register's value when removed. */
  finalRead: z.number().int().min(0),
});

export const swapMeterBody = z.object({
  /** The meter coming off, with its final read. */
  oldMeterId: z.uuid(),
  finalRead: z.number().int().min(0),
  /** The meter going on (new to stock, or an existing in-stock meter's serial). */
  newMeter: newMeterBody,
  initialRead: z.number().int().min(0),
  swappedOn: isoDate,
});

export const moveMeterBody = z.object({
  /** The meter coming off this account. */
  meterId: z.uuid(),
  /** The account it goes on. */
  toAccountId: z.uuid(),
  /** The day it moves: its final read here and its initial read there are on this day. */
  movedOn: isoDate,
  /** The register's value that day: the final read here and the initial read there. */
  read: z.number().int().min(0),
});

export const readBody = z.object({
  meterId: z.uuid(),
  readOn: isoDate,
  value: z.number().int().min(0).max(99_999_999_999),
  method: z.enum(READ_METHODS).default('manual'),
});
export type ReadInput = z.input<typeof readBody>;

export const resolveExceptionBody = z
  .object({
    /** accept the read as it is; correct it to `value`; or send someone to read it again. */
    action: z.enum(['accept', 'correct', 'reread']),
    value: z.number().int().min(0).nullish(),
    note: optionalText(500),
  })
  .refine((b) => b.action !== 'correct' || b.value != null, { path: ['value'], message: 'required' });
