import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../../db/rows.js';
import { toPgArray } from '../../../events/bus.js';
import { Problem } from '../../../kernel/problem.js';
import { type LedgerContext } from '../../payments/index.js';
import { bankAad, type AutopayContext, type BankDetails } from './enrolment.js';
import { autopaySettings, type AutopaySettings } from './settings.js';
import { fileById, fileRow, toFileView, type FileView } from './file-views.js';
import { UtilitiesEvents } from '../shared/index.js';
import { buildAchFile, type AchBatch, type AchEntry, type AchTransactionCode } from './nacha.js';

/**
 * ACH files for autopay: staff create a file from every pending entry (prenotes, and debits
 * whose enrolment's prenote already went to the bank in an earlier file), download it for the
 * bank, mark it settled (each debit becomes an 'ach' payment on the ledger, with a receipt) and
 * record returns (the payment is reversed, the customer told, autopay ended when it must be).
 *
 * The file's text is never stored — it holds account numbers in clear. It is rebuilt on each
 * download from its entries (bank details opened from their enrolment), the settings saved with
 * the file and its creation time, and checked against the SHA-256 taken when it was created.
 */

export type FilesContext = AutopayContext & LedgerContext & { entityName: string };

const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The calendar day of `at` in a time zone, YYYY-MM-DD. */
function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
/** The next weekday after `day` (banks do not settle on weekends). */
function nextBankingDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  return d.toISOString().slice(0, 10);
}

type FileEntrySource = {
  id: string;
  kind: 'prenote' | 'debit';
  amount_cents: string;
  enrolment_id: string;
  account_id: string;
  account_number: string;
  holder_name: string;
  account_type: 'checking' | 'savings';
  auth_method: 'paper' | 'web';
  bank_sealed: string;
  key_id: string;
};
const fileEntryColumns = sql`x.id, x.kind, x.amount_cents::text AS amount_cents, x.enrolment_id, x.account_id,
  a.account_number, e.holder_name, e.account_type, e.auth_method, encode(e.bank_sealed, 'hex') AS bank_sealed, e.key_id`;

const CODES: Record<'checking' | 'savings', Record<'prenote' | 'debit', AchTransactionCode>> = {
  checking: { prenote: 28, debit: 27 },
  savings: { prenote: 38, debit: 37 },
};

/** The NACHA text for entries in file order (PPD batch, then WEB), numbered 1…n. */
function renderFile(
  ctx: Pick<AutopayContext, 'sealer'>,
  settings: AutopaySettings,
  createdAt: Date,
  modifier: string,
  effectiveDate: string,
  entries: FileEntrySource[],
): string {
  const batches: AchBatch[] = [];
  let seq = 0;
  for (const sec of ['PPD', 'WEB'] as const) {
    const mine = entries.filter((e) => (e.auth_method === 'web' ? 'WEB' : 'PPD') === sec);
    if (mine.length === 0) continue;
    batches.push({
      secCode: sec,
      companyName: settings.companyName,
      companyId: settings.companyId,
      entryDescription: settings.entryDescription,
      effectiveDate,
      originatingDfi: settings.originatingDfi,
      entries: mine.map((e): AchEntry => {
        const bank = JSON.parse(
          ctx.sealer.open(Buffer.from(e.bank_sealed, 'hex'), e.key_id, bankAad(e.enrolment_id, e.account_id)),
        ) as BankDetails;
        return {
          transactionCode: CODES[e.account_type][e.kind],
          routingNumber: bank.routingNumber,
          accountNumber: bank.accountNumber,
          amountCents: Number(e.amount_cents),
          individualId: e.account_number,
          individualName: e.holder_name,
          traceSequence: ++seq,
        };
      }),
    });
  }
  return buildAchFile({
    immediateDestination: settings.immediateDestination,
    immediateOrigin: settings.immediateOrigin,
    destinationName: settings.destinationName,
    originName: settings.originName,
    createdAt,
    timeZone: settings.timeZone,
    fileIdModifier: modifier,
    batches,
  });
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const secOrder = (e: { auth_method: string }) => (e.auth_method === 'web' ? 1 : 0);

/**
 * Creates the next ACH file of the day from every pending entry that may go: prenotes, and
 * debits whose enrolment's prenote is already with the bank. 409 when nothing is waiting.
 */
/** `at` is the file's creation moment (now by default; the demo dates a year of files). */
export async function createAchFile(ctx: FilesContext, opts: { at?: Date } = {}): Promise<FileView> {
  const { tx } = ctx;
  // One file at a time per entity: two clicks never put an entry in two files.
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(civq_current_tenant()::text || ':ach-file', 0))`,
  );
  const settings = await autopaySettings(tx, ctx.entityName);
  const { saved: _saved, ...fileSettings } = settings;
  const pending = await queryRows<FileEntrySource & { created_at: string }>(
    tx,
    sql`
    SELECT ${fileEntryColumns}, x.created_at::text AS created_at
    FROM autopay_entries x
    JOIN autopay_enrolments e ON e.id = x.enrolment_id AND e.status = 'active'
    JOIN utility_accounts a ON a.id = x.account_id
    WHERE x.status = 'pending'
      AND (x.kind = 'prenote' OR EXISTS (
        SELECT 1 FROM autopay_entries p
        WHERE p.enrolment_id = x.enrolment_id AND p.kind = 'prenote' AND p.status IN ('sent', 'settled')))
    ORDER BY x.created_at, x.id
    FOR UPDATE OF x`,
  );
  if (pending.length === 0) throw new Problem(409, 'ach_nothing_to_send');
  pending.sort((a, b) => secOrder(a) - secOrder(b));
  const createdAt = new Date(Math.floor((opts.at?.getTime() ?? Date.now()) / 1000) * 1000);
  const fileDate = dayIn(createdAt, settings.timeZone);
  const [used] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM ach_files WHERE file_date = ${fileDate}`,
  );
  const modifier = MODIFIERS[used!.n];
  if (!modifier) throw new Problem(409, 'ach_file_limit');
  const effectiveDate = nextBankingDay(fileDate);
  const text = renderFile(ctx, fileSettings, createdAt, modifier, effectiveDate, pending);
  const control = text.split('\n').find((l) => l.startsWith('9') && !/^9+$/.test(l))!;
  const entryHash = control.slice(21, 31);
  const debitTotal = pending.reduce((s, e) => s + Number(e.amount_cents), 0);
  const id = crypto.randomUUID();
  await tx.execute(sql`
    INSERT INTO ach_files (id, file_date, id_modifier, effective_date, settings, entry_count, debit_total_cents,
      entry_hash, content_sha256, created_by, created_at)
    VALUES (${id}, ${fileDate}, ${modifier}, ${effectiveDate}, ${JSON.stringify(fileSettings)}::jsonb,
      ${pending.length}, ${debitTotal}, ${Number(entryHash)}, ${sha256(text)}, ${ctx.actor.id},
      ${createdAt.toISOString()})`);
  await tx.execute(sql`
    UPDATE autopay_entries x SET status = 'sent', file_id = ${id}, trace_sequence = u.seq, updated_at = now()
    FROM unnest(${toPgArray(pending.map((e) => e.id))}::uuid[]) WITH ORDINALITY AS u(id, seq)
    WHERE x.id = u.id`);
  await ctx.events.record(tx, {
    type: UtilitiesEvents.achFileCreated,
    subjectType: 'ach_file',
    subjectId: id,
    actor: ctx.actor,
    payload: {
      fileDate,
      idModifier: modifier,
      entryCount: pending.length,
      prenotes: pending.filter((e) => e.kind === 'prenote').length,
      debitTotalCents: debitTotal,
      entryHash,
    },
  });
  return fileById(tx, id);
}

/** The file's NACHA text, rebuilt exactly as it was created (refused if it would differ). */
export async function achFileText(ctx: Pick<AutopayContext, 'tx' | 'sealer'>, id: string) {
  const f = await fileRow(ctx.tx, id);
  const entries = await queryRows<FileEntrySource>(
    ctx.tx,
    sql`SELECT ${fileEntryColumns} FROM autopay_entries x
        JOIN autopay_enrolments e ON e.id = x.enrolment_id
        JOIN utility_accounts a ON a.id = x.account_id
        WHERE x.file_id = ${id} ORDER BY x.trace_sequence`,
  );
  const text = renderFile(ctx, f.settings, new Date(f.created_at), f.id_modifier, f.effective_date, entries);
  if (sha256(text) !== f.content_sha256) throw new Error(`ACH file ${id} no longer renders as created`);
  return { text, file: toFileView(f) };
}
