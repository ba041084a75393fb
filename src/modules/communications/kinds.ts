import { z } from 'zod';

/**
 * The registry of notice kinds. A kind names its placeholders and their types (so money and
 * dates are formatted for the recipient's locale), says whether recipients may unsubscribe
 * from it, and carries sample data for previews and the template tests. The words live in
 * locales/<lang>/notices.json under the kind's key: subject, body (paragraphs separated by a
 * blank line) and sms. Later modules add their kinds with `registerNoticeKind`.
 */
export type FieldType = 'text' | 'money' | 'date' | 'url' | 'localized';

export type NoticeKind = {
  kind: string;
  /** Optional notices can be unsubscribed from (RFC 8058); transactional ones cannot. */
  optional: boolean;
  fields: Record<string, FieldType>;
  sample: Record<string, unknown>;
};

/**
 * True when `s` holds a C0 control character or DEL; `allowBreaks` lets tab, LF and CR through.
 * Control characters have no place in a notice, and PostgreSQL cannot store NUL at all: one
 * would fail the INSERT and abort the caller's transaction, so they are refused up front.
 */
export function hasControlChars(s: string, allowBreaks = false): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 || c === 0x7f) && !(allowBreaks && (c === 0x09 || c === 0x0a || c === 0x0d))) return true;
  }
  return false;
}
const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => !hasControlChars(v, true), 'invalid');

const fieldSchema: Record<FieldType, z.ZodType> = {
  text: text(500),
  // integer cents, never floats
  money: z.number().int().safe(),
  // a calendar date, YYYY-MM-DD
  date: z.iso.date(),
  // links residents are asked to follow: web addresses only (no javascript:, data: …)
  url: z.url({ protocol: /^https?$/ }).max(2000),
  localized: z.object({ en: text(500), es: text(500) }),
};

const registry = new Map<string, NoticeKind>();

export function registerNoticeKind(def: NoticeKind): void {
  if (registry.has(def.kind)) throw new Error(`notice kind ${def.kind} registered twice`);
  registry.set(def.kind, def);
}

export function noticeKind(kind: string): NoticeKind | undefined {
  return registry.get(kind);
}

export function noticeKinds(): NoticeKind[] {
  return [...registry.values()].sort((a, b) => a.kind.localeCompare(b.kind));
}

/** A zod schema for a kind's data: every declared field present and of its type, nothing else. */
export function dataSchema(def: NoticeKind) {
  return z.strictObject(Object.fromEntries(Object.entries(def.fields).map(([k, t]) => [k, fieldSchema[t]])));
}

registerNoticeKind({
  kind: 'payment.receipt',
  optional: false,
  fields: {
    name: 'text',
    receiptNumber: 'text',
    amount: 'money',
    paidOn: 'date',
    method: 'text',
    description: 'localized',
  },
  sample: {
    name: 'María López',
    receiptNumber: 'R-2026-000123',
    amount: 12345,
    paidOn: '2026-11-20',
    method: 'check',
    description: {
      en: 'Water and sewer, account 10-2043-01',
      es: 'Agua y alcantarillado, cuenta 10-2043-01',
    },
  },
});
registerNoticeKind({
  kind: 'payment.refund',
  optional: false,
  fields: { name: 'text', receiptNumber: 'text', amount: 'money', refundedOn: 'date', reason: 'text' },
  sample: {
    name: 'María López',
    receiptNumber: 'R-2026-000123',
    amount: 2500,
    refundedOn: '2026-11-21',
    reason: 'Duplicate payment',
  },
});
registerNoticeKind({
  kind: 'utility.statement_issued',
  optional: true,
  fields: { name: 'text', accountNumber: 'text', amountDue: 'money', dueDate: 'date', portalUrl: 'url' },
  sample: {
    name: 'María López',
    accountNumber: '10-2043-01',
    amountDue: 8432,
    dueDate: '2026-12-15',
    portalUrl: 'https://esperanza.example.gov/portal',
  },
});
registerNoticeKind({
  kind: 'utility.late_fee',
  optional: true,
  fields: { name: 'text', accountNumber: 'text', fee: 'money', amountDue: 'money', assessedOn: 'date' },
  sample: {
    name: 'María López',
    accountNumber: '10-2043-01',
    fee: 1000,
    amountDue: 9432,
    assessedOn: '2026-12-16',
  },
});
registerNoticeKind({
  kind: 'utility.shutoff_warning',
  optional: false,
  fields: { name: 'text', accountNumber: 'text', amountDue: 'money', shutoffDate: 'date' },
  sample: { name: 'María López', accountNumber: '10-2043-01', amountDue: 9432, shutoffDate: '2027-01-05' },
});
registerNoticeKind({
  kind: 'utility.autopay_returned',
  optional: false,
  fields: { name: 'text', accountNumber: 'text', amount: 'money', returnedOn: 'date' },
  sample: { name: 'María López', accountNumber: '10-2043-01', amount: 8432, returnedOn: '2026-12-02' },
});
registerNoticeKind({
  kind: 'staff.invite',
  optional: false,
  fields: { name: 'text', email: 'text', role: 'text', signInUrl: 'url' },
  sample: {
    name: 'Carlos Treviño',
    email: 'clerk@demo.civq.test',
    role: 'clerk',
    signInUrl: 'https://esperanza.example.gov/dashboard',
  },
});
