import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { groupAccountNumber } from '../../../lib/codes.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { recordSourcePayments, reversePayment } from '../../payments/index.js';
import { toPgArray } from '../../../events/bus.js';
import { endEnrolment } from './enrolment.js';
import { autopaySettings } from './settings.js';
import {
  entrySelect,
  fileById,
  fileRow,
  toEntryView,
  type EntryRow,
  type EntryView,
  type FileView,
} from './file-views.js';
import { UtilitiesEvents } from '../shared/index.js';
import type { FilesContext } from './files.js';

/**
 * The bank's answer to an ACH file: settling it (each debit becomes an 'ach' payment on the
 * ledger, with a receipt) and returns (the payment is reversed, the customer told, autopay
 * ended when the code says so).
 */

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

type PartyRow = {
  customer_name: string;
  email: string | null;
  language: 'en' | 'es';
  account_number: string;
};
async function partiesOf(tx: Tx, accountIds: string[]): Promise<Map<string, PartyRow>> {
  const rows = await queryRows<PartyRow & { id: string }>(
    tx,
    sql`SELECT id, customer_name, email, language, account_number FROM utility_accounts
        WHERE id = ANY(${toPgArray(accountIds)}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}
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
  // The debits become payments in bulk (recordPayment's rules, a handful of statements for the
  // whole file): receipt numbers follow the trace order, and a source paid twice in one file
  // starts a new run, as recordSourcePayments takes one payment per source per call.
  const debits = sent.filter((e) => e.kind === 'debit');
  const parties = await partiesOf(tx, [...new Set(debits.map((e) => e.account_id))]);
  const paymentOf = new Map<string, string>();
  let run: typeof debits = [];
  const inRun = new Set<string>();
  const flush = async () => {
    if (run.length === 0) return;
    const ids = await recordSourcePayments(
      ctx,
      run.map((e) => {
        const party = parties.get(e.account_id)!;
        return {
          method: 'ach' as const,
          amountCents: Number(e.amount_cents),
          receivedOn: settledOn,
          payer: { name: party.customer_name, email: party.email, language: party.language },
          source: { module: 'utilities', id: e.account_id },
        };
      }),
    );
    run.forEach((e, i) => paymentOf.set(e.id, ids[i]!));
    run = [];
    inRun.clear();
  };
  for (const e of debits) {
    if (inRun.has(e.account_id)) await flush();
    run.push(e);
    inRun.add(e.account_id);
  }
  await flush();
  const paid = debits.length;
  const totalCents = debits.reduce((sum, e) => sum + Number(e.amount_cents), 0);
  if (sent.length > 0) {
    await tx.execute(sql`UPDATE autopay_entries x SET status = 'settled', payment_id = nullif(u.p, '')::uuid,
      updated_at = now()
      FROM unnest(${toPgArray(sent.map((e) => e.id))}::text[], ${toPgArray(sent.map((e) => paymentOf.get(e.id) ?? ''))}::text[])
        AS u(id, p)
      WHERE x.id = u.id::uuid`);
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
