import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { notFound } from '../../../kernel/problem.js';
import { MASK } from './enrolment.js';
import type { AutopaySettings } from './settings.js';

/**
 * How autopay entries (prenotes and debits) and ACH files are read and presented: bank
 * accounts only masked, trace numbers as the bank will quote them in a return.
 */

export const entryView = z.object({
  id: z.uuid(),
  kind: z.enum(['prenote', 'debit']),
  status: z.enum(['pending', 'sent', 'settled', 'returned', 'cancelled']),
  amountCents: z.number().int(),
  accountId: z.uuid(),
  accountNumber: z.string(),
  customerName: z.string(),
  statementId: z.uuid().nullable(),
  statementNumber: z.string().nullable(),
  /** Masked bank account, e.g. ••••6789. */
  bankAccount: z.string(),
  secCode: z.enum(['PPD', 'WEB']),
  fileId: z.uuid().nullable(),
  traceNumber: z.string().nullable(),
  paymentId: z.uuid().nullable(),
  returnCode: z.string().nullable(),
  returnedOn: z.string().nullable(),
  createdAt: z.string(),
});
export type EntryView = z.infer<typeof entryView>;

export type EntryRow = {
  id: string;
  kind: 'prenote' | 'debit';
  status: EntryView['status'];
  amount_cents: string;
  account_id: string;
  account_number: string;
  customer_name: string;
  statement_id: string | null;
  statement_number: string | null;
  account_last4: string;
  auth_method: 'paper' | 'web';
  file_id: string | null;
  trace_sequence: number | null;
  odfi: string | null;
  payment_id: string | null;
  return_code: string | null;
  returned_on: string | null;
  created_at: string;
};

export const entrySelect = sql`
  SELECT x.id, x.kind, x.status, x.amount_cents::text AS amount_cents, x.account_id, a.account_number,
    a.customer_name, x.statement_id, s.number AS statement_number, e.account_last4, e.auth_method, x.file_id,
    x.trace_sequence, f.settings->>'originatingDfi' AS odfi, x.payment_id, x.return_code,
    to_char(x.returned_on, 'YYYY-MM-DD') AS returned_on, x.created_at::text AS created_at
  FROM autopay_entries x
  JOIN autopay_enrolments e ON e.id = x.enrolment_id
  JOIN utility_accounts a ON a.id = x.account_id
  LEFT JOIN utility_statements s ON s.id = x.statement_id
  LEFT JOIN ach_files f ON f.id = x.file_id`;

export const toEntryView = (r: EntryRow): EntryView => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  amountCents: Number(r.amount_cents),
  accountId: r.account_id,
  accountNumber: r.account_number,
  customerName: r.customer_name,
  statementId: r.statement_id,
  statementNumber: r.statement_number,
  bankAccount: MASK + r.account_last4,
  secCode: r.auth_method === 'web' ? 'WEB' : 'PPD',
  fileId: r.file_id,
  traceNumber:
    r.odfi && r.trace_sequence !== null ? r.odfi + String(r.trace_sequence).padStart(7, '0') : null,
  paymentId: r.payment_id,
  returnCode: r.return_code,
  returnedOn: r.returned_on,
  createdAt: new Date(r.created_at).toISOString(),
});

export const entryListQuery = z.object({
  status: z.enum(['pending', 'sent', 'settled', 'returned', 'cancelled']).optional(),
  fileId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export async function listEntries(
  tx: Tx,
  q: z.output<typeof entryListQuery>,
): Promise<{ items: EntryView[]; total: number }> {
  const where = sql.join(
    [
      sql`true`,
      ...(q.status ? [sql`x.status = ${q.status}`] : []),
      ...(q.fileId ? [sql`x.file_id = ${q.fileId}`] : []),
      ...(q.accountId ? [sql`x.account_id = ${q.accountId}`] : []),
    ],
    sql` AND `,
  );
  const rows = await queryRows<EntryRow>(
    tx,
    sql`${entrySelect} WHERE ${where}
        -- Not yet in a file first, then the newest file's entries in file order.
        ORDER BY f.created_at DESC NULLS FIRST, x.file_id, x.trace_sequence, x.created_at DESC, x.id
        LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const [n] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM autopay_entries x WHERE ${where}`,
  );
  return { items: rows.map(toEntryView), total: n!.n };
}

export const fileView = z.object({
  id: z.uuid(),
  fileDate: z.string(),
  idModifier: z.string(),
  effectiveDate: z.string(),
  entryCount: z.number().int(),
  debitTotalCents: z.number().int(),
  entryHash: z.string(),
  status: z.enum(['created', 'settled']),
  settledOn: z.string().nullable(),
  createdAt: z.string(),
  /** Download name, e.g. ach-20261201-A.txt. */
  fileName: z.string(),
});
export type FileView = z.infer<typeof fileView>;
type FileRow = {
  id: string;
  file_date: string;
  id_modifier: string;
  effective_date: string;
  entry_count: number;
  debit_total_cents: string;
  entry_hash: string;
  status: 'created' | 'settled';
  settled_on: string | null;
  created_at: string;
  settings: AutopaySettings;
  content_sha256: string;
};
const fileColumns = sql`id, to_char(file_date, 'YYYY-MM-DD') AS file_date, id_modifier,
  to_char(effective_date, 'YYYY-MM-DD') AS effective_date, entry_count, debit_total_cents::text AS debit_total_cents,
  entry_hash::text AS entry_hash, status, to_char(settled_on, 'YYYY-MM-DD') AS settled_on,
  created_at::text AS created_at, settings, content_sha256`;
export const toFileView = (f: FileRow): FileView => ({
  id: f.id,
  fileDate: f.file_date,
  idModifier: f.id_modifier,
  effectiveDate: f.effective_date,
  entryCount: f.entry_count,
  debitTotalCents: Number(f.debit_total_cents),
  entryHash: f.entry_hash.padStart(10, '0'),
  status: f.status,
  settledOn: f.settled_on,
  createdAt: new Date(f.created_at).toISOString(),
  fileName: `ach-${f.file_date.replaceAll('-', '')}-${f.id_modifier}.txt`,
});

export async function fileRow(tx: Tx, id: string, lock = false): Promise<FileRow> {
  const [f] = await queryRows<FileRow>(
    tx,
    lock
      ? sql`SELECT ${fileColumns} FROM ach_files WHERE id = ${id} FOR UPDATE`
      : sql`SELECT ${fileColumns} FROM ach_files WHERE id = ${id}`,
  );
  if (!f) throw notFound();
  return f;
}

export async function fileById(tx: Tx, id: string): Promise<FileView> {
  return toFileView(await fileRow(tx, id));
}

export async function listFiles(tx: Tx, limit = 50): Promise<FileView[]> {
  const rows = await queryRows<FileRow>(
    tx,
    sql`SELECT ${fileColumns} FROM ach_files ORDER BY created_at DESC, id LIMIT ${limit}`,
  );
  return rows.map(toFileView);
}
