import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { toPgArray } from '../../events/bus.js';
import { groupAccountNumber } from '../../lib/codes.js';
import { notFound, Problem } from '../../kernel/problem.js';
import { parseOrThrow } from '../../kernel/validate.js';
import { recordPayment, reversePayment, type LedgerContext } from '../payments/index.js';
import { bankAad, endEnrolment, type AutopayContext, type BankDetails } from './autopay.js';
import { autopaySettings, type AutopaySettings } from './autopay-settings.js';
import {
  entrySelect,
  fileById,
  fileRow,
  toEntryView,
  toFileView,
  type EntryRow,
  type EntryView,
  type FileView,
} from './autopay-views.js';
import { UtilitiesEvents } from './events.js';
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

/** NACHA return reason codes staff can record (names are in the dashboard-autopay catalog). */
export const RETURN_CODES = [
  'R01',
  'R02',
  'R03',
  'R04',
  'R05',
  'R06',
  'R07',
  'R08',
  'R09',
  'R10',
  'R11',
  'R12',
  'R13',
  'R14',
  'R15',
  'R16',
  'R17',
  'R20',
  'R23',
  'R24',
  'R29',
  'R31',
] as const;
/**
 * Returns that end autopay at once: the account is closed, missing or invalid, the customer
 * revoked or denies the authorization, the account is frozen or cannot take drafts. Debiting
 * such an account again would break the NACHA rules. Other returns (R01 insufficient funds…)
 * count toward the entity's return limit.
 */
export const ENDING_RETURN_CODES: ReadonlySet<string> = new Set([
  'R02',
  'R03',
  'R04',
  'R05',
  'R07',
  'R10',
  'R14',
  'R15',
  'R16',
  'R20',
  'R29',
]);

const today = () => new Date().toISOString().slice(0, 10);
const MODIFIERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const settleBody = z.object({
  /** Day the bank settled the file, YYYY-MM-DD (today when omitted); the payments' received date. */
  settledOn: z.iso.date().nullish(),
});
export const returnBody = z.object({
  /** NACHA return reason code, R01 … R31. */
  code: z.enum(RETURN_CODES),
  /** Day the bank reported the return, YYYY-MM-DD (today when omitted). */
  returnedOn: z.iso.date().nullish(),
});

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

type PartyRow = {
  customer_name: string;
  email: string | null;
  language: 'en' | 'es';
  account_number: string;
};
async function partyOf(tx: Tx, accountId: string): Promise<PartyRow> {
  const [p] = await queryRows<PartyRow>(
    tx,
    sql`SELECT customer_name, email, language, account_number FROM utility_accounts WHERE id = ${accountId}`,
  );
  return p!;
}

/**
 * The bank settled the file: each debit still out becomes an 'ach' payment to its account
 * (spread over the open charges oldest first, with a receipt in the customer's language);
 * prenotes are accepted. Debits already returned stay returned.
 */
export async function settleAchFile(ctx: FilesContext, id: string, raw: unknown): Promise<FileView> {
  const input = parseOrThrow(settleBody, raw);
  const { tx } = ctx;
  const f = await fileRow(tx, id, true);
  if (f.status === 'settled') throw new Problem(409, 'ach_file_already_settled');
  const settledOn = input.settledOn ?? today();
  if (settledOn < f.file_date) throw new Problem(422, 'ach_settled_before_file');
  const sent = await queryRows<{ id: string; kind: string; amount_cents: string; account_id: string }>(
    tx,
    sql`SELECT id, kind, amount_cents::text AS amount_cents, account_id FROM autopay_entries
        WHERE file_id = ${id} AND status = 'sent' ORDER BY trace_sequence FOR UPDATE`,
  );
  let paid = 0;
  let totalCents = 0;
  for (const e of sent) {
    let paymentId: string | null = null;
    if (e.kind === 'debit') {
      const party = await partyOf(tx, e.account_id);
      const payment = await recordPayment(ctx, {
        method: 'ach',
        amountCents: Number(e.amount_cents),
        receivedOn: settledOn,
        payer: { name: party.customer_name, email: party.email, language: party.language },
        source: { module: 'utilities', id: e.account_id },
      });
      paymentId = payment.id;
      paid += 1;
      totalCents += payment.amountCents;
    }
    await tx.execute(sql`UPDATE autopay_entries SET status = 'settled', payment_id = ${paymentId},
      updated_at = now() WHERE id = ${e.id}`);
  }
  await tx.execute(sql`UPDATE ach_files SET status = 'settled', settled_on = ${settledOn}, settled_at = now(),
    settled_by = ${ctx.actor.id} WHERE id = ${id}`);
  await ctx.events.record(tx, {
    type: UtilitiesEvents.achFileSettled,
    subjectType: 'ach_file',
    subjectId: id,
    actor: ctx.actor,
    payload: { settledOn, payments: paid, totalCents },
  });
  return fileById(tx, id);
}

/**
 * The bank returned an entry. A settled debit's payment is reversed (the statement is owed
 * again) and the customer gets `utility.autopay_returned` in their language; any return counts
 * toward the entity's limit, and the codes in ENDING_RETURN_CODES end autopay at once.
 */
export async function recordReturn(ctx: FilesContext, entryId: string, raw: unknown): Promise<EntryView> {
  const input = parseOrThrow(returnBody, raw);
  const { tx } = ctx;
  const [e] = await queryRows<{
    id: string;
    kind: 'prenote' | 'debit';
    status: string;
    amount_cents: string;
    account_id: string;
    enrolment_id: string;
    file_id: string | null;
    payment_id: string | null;
    file_date: string | null;
  }>(
    tx,
    sql`SELECT x.id, x.kind, x.status, x.amount_cents::text AS amount_cents, x.account_id, x.enrolment_id,
          x.file_id, x.payment_id, to_char(f.file_date, 'YYYY-MM-DD') AS file_date
        FROM autopay_entries x LEFT JOIN ach_files f ON f.id = x.file_id
        WHERE x.id = ${entryId} FOR UPDATE OF x`,
  );
  if (!e) throw notFound();
  if (e.status !== 'sent' && e.status !== 'settled') throw new Problem(409, 'ach_entry_not_returnable');
  const returnedOn = input.returnedOn ?? today();
  if (returnedOn < e.file_date!) throw new Problem(422, 'ach_returned_before_file');
  if (e.payment_id) {
    await reversePayment(
      ctx,
      e.payment_id,
      { reason: `ACH return ${input.code} (${returnedOn})` },
      { achReturn: true },
    );
  }
  await tx.execute(sql`UPDATE autopay_entries SET status = 'returned', return_code = ${input.code},
    returned_on = ${returnedOn}, updated_at = now() WHERE id = ${entryId}`);
  const [enrolment] = await queryRows<{ returns_count: number; status: string }>(
    tx,
    sql`UPDATE autopay_enrolments SET returns_count = returns_count + 1 WHERE id = ${e.enrolment_id}
        RETURNING returns_count, status`,
  );
  await ctx.events.record(tx, {
    type: UtilitiesEvents.autopayEntryReturned,
    subjectType: 'autopay_entry',
    subjectId: entryId,
    actor: ctx.actor,
    payload: {
      accountId: e.account_id,
      fileId: e.file_id,
      kind: e.kind,
      code: input.code,
      returnedOn,
      amountCents: Number(e.amount_cents),
      paymentId: e.payment_id,
    },
  });
  const party = await partyOf(tx, e.account_id);
  if (e.kind === 'debit' && party.email) {
    await ctx.communications.notify(tx, {
      to: { email: party.email, name: party.customer_name },
      language: party.language,
      kind: 'utility.autopay_returned',
      data: {
        name: party.customer_name,
        accountNumber: groupAccountNumber(party.account_number),
        amount: Number(e.amount_cents),
        returnedOn,
      },
      idempotencyKey: `autopay_entry:${entryId}:returned:email:${party.email}`,
    });
  }
  if (enrolment!.status === 'active') {
    const { returnLimit } = await autopaySettings(tx, ctx.entityName);
    // A returned prenote means the bank details are wrong: the draft would bounce too.
    if (ENDING_RETURN_CODES.has(input.code) || e.kind === 'prenote')
      await endEnrolment(ctx, e.enrolment_id, 'return_code');
    else if (enrolment!.returns_count >= returnLimit) await endEnrolment(ctx, e.enrolment_id, 'returns');
  }
  const [row] = await queryRows<EntryRow>(tx, sql`${entrySelect} WHERE x.id = ${entryId}`);
  return toEntryView(row!);
}
