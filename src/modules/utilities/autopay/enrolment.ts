import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { toPgArray } from '../../../events/bus.js';
import type { Sealer } from '../../../lib/sealed.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { isValidRoutingNumber } from './nacha.js';

/**
 * Autopay by bank draft: enrolling an account (routing and account number sealed with
 * AES-256-GCM, only the last four digits kept in clear), the zero-dollar prenote that goes in
 * the next ACH file, cancelling, and the pending debit each autopay statement creates when it
 * is issued. Files, settlement and returns are in autopay-files.ts.
 */

export type AutopayContext = UtilityContext & { sealer: Sealer };

/** The purpose label of the key that seals bank details (see lib/sealed.ts). */
export const BANK_DETAILS_PURPOSE = 'utilities.autopay.bank-details';

const today = () => new Date().toISOString().slice(0, 10);
const digitsOnly = (v: string) => v.replace(/[\s-]/g, '');

export const enrolBody = z.object({
  /** ABA routing number of the customer's bank: 9 digits with a valid check digit. */
  routingNumber: z
    .string()
    .transform(digitsOnly)
    .pipe(
      z
        .string()
        .regex(/^\d{9}$/, 'routing_number_format')
        .refine(isValidRoutingNumber, 'routing_number_check_digit'),
    ),
  /** The customer's bank account number: 4 to 17 digits. */
  accountNumber: z
    .string()
    .transform(digitsOnly)
    .pipe(z.string().regex(/^\d{4,17}$/, 'bank_account_number_invalid')),
  /** checking or savings. */
  accountType: z.enum(['checking', 'savings']),
  /** Name on the bank account; the customer's name when omitted. */
  holderName: z.string().trim().min(1).max(120).nullish(),
  /** Date the customer signed (paper) or accepted (web) the authorization, YYYY-MM-DD; not after today. */
  authorizedOn: z.iso.date().refine((d) => d <= today(), 'authorization_date_future'),
  /** How it was authorized: a signed paper form (PPD entries) or online (WEB entries). */
  authorization: z.enum(['paper', 'web']),
});
export type EnrolInput = z.input<typeof enrolBody>;

type EnrolmentRow = {
  id: string;
  account_id: string;
  status: 'active' | 'cancelled';
  routing_last4: string;
  account_last4: string;
  account_type: 'checking' | 'savings';
  holder_name: string;
  authorized_on: string;
  auth_method: 'paper' | 'web';
  returns_count: number;
  cancel_reason: 'staff' | 'returns' | 'return_code' | 'account_closed' | null;
  cancelled_at: string | null;
  created_at: string;
  prenote_status: string | null;
  prenote_file_id: string | null;
};

const enrolmentColumns = sql`e.id, e.account_id, e.status, e.routing_last4, e.account_last4, e.account_type,
  e.holder_name, to_char(e.authorized_on, 'YYYY-MM-DD') AS authorized_on, e.auth_method, e.returns_count,
  e.cancel_reason, e.cancelled_at::text AS cancelled_at, e.created_at::text AS created_at,
  p.status AS prenote_status, p.file_id AS prenote_file_id`;
const enrolmentFrom = sql`autopay_enrolments e
  LEFT JOIN autopay_entries p ON p.enrolment_id = e.id AND p.kind = 'prenote'`;

export const MASK = '••••';
export const enrolmentView = z.object({
  id: z.uuid(),
  accountId: z.uuid(),
  status: z.enum(['active', 'cancelled']),
  /** Masked: only the last four digits, e.g. ••••0021. */
  routingNumber: z.string(),
  /** Masked: only the last four digits, e.g. ••••6789. */
  accountNumber: z.string(),
  accountType: z.enum(['checking', 'savings']),
  holderName: z.string(),
  authorizedOn: z.string(),
  authorization: z.enum(['paper', 'web']),
  /** PPD for a paper authorization, WEB for one given online. */
  secCode: z.enum(['PPD', 'WEB']),
  returnsCount: z.number().int(),
  /** The zero-dollar prenote: pending (waiting for the next file), sent, settled, returned. */
  prenote: z.object({ status: z.string(), fileId: z.uuid().nullable() }).nullable(),
  cancelReason: z.enum(['staff', 'returns', 'return_code', 'account_closed']).nullable(),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type EnrolmentView = z.infer<typeof enrolmentView>;

const toView = (e: EnrolmentRow): EnrolmentView => ({
  id: e.id,
  accountId: e.account_id,
  status: e.status,
  routingNumber: MASK + e.routing_last4,
  accountNumber: MASK + e.account_last4,
  accountType: e.account_type,
  holderName: e.holder_name,
  authorizedOn: e.authorized_on,
  authorization: e.auth_method,
  secCode: e.auth_method === 'web' ? 'WEB' : 'PPD',
  returnsCount: e.returns_count,
  prenote: e.prenote_status ? { status: e.prenote_status, fileId: e.prenote_file_id } : null,
  cancelReason: e.cancel_reason,
  cancelledAt: e.cancelled_at ? new Date(e.cancelled_at).toISOString() : null,
  createdAt: new Date(e.created_at).toISOString(),
});

export async function enrolmentById(tx: Tx, id: string): Promise<EnrolmentView | undefined> {
  const [row] = await queryRows<EnrolmentRow>(
    tx,
    sql`SELECT ${enrolmentColumns} FROM ${enrolmentFrom} WHERE e.id = ${id}`,
  );
  return row && toView(row);
}

/** The account's active enrolment and its earlier ones, newest first. */
export async function enrolmentsOfAccount(tx: Tx, accountId: string): Promise<EnrolmentView[]> {
  const rows = await queryRows<EnrolmentRow>(
    tx,
    sql`SELECT ${enrolmentColumns} FROM ${enrolmentFrom} WHERE e.account_id = ${accountId}
        ORDER BY (e.status = 'active') DESC, e.created_at DESC LIMIT 20`,
  );
  return rows.map(toView);
}

/** What seals to, and opens from, an enrolment row: bound to its id and account. */
export const bankAad = (enrolmentId: string, accountId: string) =>
  `autopay_enrolments:${enrolmentId}:${accountId}`;
export type BankDetails = { routingNumber: string; accountNumber: string };

/**
 * Enrols an account in bank draft: the details are sealed before they reach the database,
 * the account shows the Autopay badge, and a zero-dollar prenote waits for the next ACH file.
 */
export async function enrolAutopay(
  ctx: AutopayContext,
  accountId: string,
  raw: EnrolInput,
): Promise<EnrolmentView> {
  const input = parseOrThrow(enrolBody, raw);
  const { tx } = ctx;
  // Read here rather than through accounts.ts, which calls this module when an account closes.
  const [account] = await queryRows<{ status: string; customer_name: string }>(
    tx,
    sql`SELECT status, customer_name FROM utility_accounts WHERE id = ${accountId} FOR UPDATE`,
  );
  if (!account) throw notFound();
  if (account.status === 'closed') throw new Problem(409, 'account_closed');
  const [active] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM autopay_enrolments WHERE account_id = ${accountId} AND status = 'active'`,
  );
  if (active) throw new Problem(409, 'autopay_already_enrolled');
  const id = crypto.randomUUID();
  const details: BankDetails = { routingNumber: input.routingNumber, accountNumber: input.accountNumber };
  const { sealed, keyId } = ctx.sealer.seal(JSON.stringify(details), bankAad(id, accountId));
  await tx.execute(sql`
    INSERT INTO autopay_enrolments (id, account_id, bank_sealed, key_id, routing_last4, account_last4,
      account_type, holder_name, authorized_on, auth_method, created_by)
    VALUES (${id}, ${accountId}, decode(${sealed.toString('hex')}, 'hex'), ${keyId},
      ${input.routingNumber.slice(-4)}, ${input.accountNumber.slice(-4)}, ${input.accountType},
      ${input.holderName ?? account.customer_name}, ${input.authorizedOn}, ${input.authorization},
      ${ctx.actor.id})`);
  await tx.execute(sql`
    INSERT INTO autopay_entries (enrolment_id, account_id, kind, amount_cents)
    VALUES (${id}, ${accountId}, 'prenote', 0)`);
  await tx.execute(
    sql`UPDATE utility_accounts SET autopay = true, updated_at = now() WHERE id = ${accountId}`,
  );
  await ctx.events.record(tx, {
    type: UtilitiesEvents.autopayEnrolled,
    subjectType: 'utility_account',
    subjectId: accountId,
    actor: ctx.actor,
    payload: {
      enrolmentId: id,
      accountType: input.accountType,
      authorization: input.authorization,
      authorizedOn: input.authorizedOn,
    },
  });
  return (await enrolmentById(tx, id))!;
}

type CancelReason = 'staff' | 'returns' | 'return_code' | 'account_closed';

/**
 * Ends an enrolment: the account loses the Autopay badge and entries not yet in a file are
 * cancelled (entries already sent to the bank follow their file).
 */
export async function endEnrolment(
  ctx: UtilityContext,
  enrolmentId: string,
  reason: CancelReason,
): Promise<void> {
  const { tx } = ctx;
  const [row] = await queryRows<{ account_id: string }>(
    tx,
    sql`UPDATE autopay_enrolments SET status = 'cancelled', cancel_reason = ${reason}, cancelled_at = now(),
          cancelled_by = ${ctx.actor.id}
        WHERE id = ${enrolmentId} AND status = 'active' RETURNING account_id`,
  );
  if (!row) return;
  const cancelled = await queryRows<{ id: string }>(
    tx,
    sql`UPDATE autopay_entries SET status = 'cancelled', updated_at = now()
        WHERE enrolment_id = ${enrolmentId} AND status = 'pending' RETURNING id`,
  );
  await tx.execute(
    sql`UPDATE utility_accounts SET autopay = false, updated_at = now() WHERE id = ${row.account_id}`,
  );
  await ctx.events.record(tx, {
    type: UtilitiesEvents.autopayCancelled,
    subjectType: 'utility_account',
    subjectId: row.account_id,
    actor: ctx.actor,
    payload: { enrolmentId, reason, entriesCancelled: cancelled.length },
  });
}

/** An account that closes stops being drafted: its active enrolment ends (reason account_closed). */
export async function endAutopayOfClosedAccount(ctx: UtilityContext, accountId: string): Promise<void> {
  const [active] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`SELECT id FROM autopay_enrolments WHERE account_id = ${accountId} AND status = 'active' FOR UPDATE`,
  );
  if (active) await endEnrolment(ctx, active.id, 'account_closed');
}

/** Staff cancel an account's active enrolment (409 when it has none). */
export async function cancelAutopay(ctx: UtilityContext, accountId: string): Promise<EnrolmentView> {
  const [account] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`SELECT id FROM utility_accounts WHERE id = ${accountId}`,
  );
  if (!account) throw notFound();
  const [active] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`SELECT id FROM autopay_enrolments WHERE account_id = ${accountId} AND status = 'active' FOR UPDATE`,
  );
  if (!active) throw new Problem(409, 'autopay_not_enrolled');
  await endEnrolment(ctx, active.id, 'staff');
  return (await enrolmentById(ctx.tx, active.id))!;
}

/**
 * At issuance: one pending debit per issued autopay statement with an amount due, in one
 * INSERT … SELECT inside the issue chunk's transaction. The amount is the statement's total
 * due less drafts of the same account still on their way to the bank (or settled since the
 * statement was calculated), so a previous draft is never pulled twice. A statement has at
 * most one debit, so a repeated or resumed issue adds none.
 */
export async function createAutopayDebits(ctx: UtilityContext, statementIds: string[]): Promise<number> {
  if (statementIds.length === 0) return 0;
  const created = await queryRows<{
    id: string;
    account_id: string;
    statement_id: string;
    amount_cents: string;
  }>(
    ctx.tx,
    sql`
    INSERT INTO autopay_entries (enrolment_id, account_id, statement_id, kind, amount_cents)
    SELECT c.enrolment_id, c.account_id, c.statement_id, 'debit', c.amount
    FROM (
      SELECT e.id AS enrolment_id, s.account_id, s.id AS statement_id,
        s.total_due_cents - coalesce((
          SELECT sum(x.amount_cents) FROM autopay_entries x
          WHERE x.account_id = s.account_id AND x.kind = 'debit'
            AND (x.status IN ('pending', 'sent') OR (x.status = 'settled' AND x.updated_at > s.calculated_at))
        ), 0) AS amount
      FROM utility_statements s
      JOIN autopay_enrolments e ON e.account_id = s.account_id AND e.status = 'active'
      WHERE s.id = ANY(${toPgArray(statementIds)}::uuid[]) AND s.state = 'issued' AND s.autopay
    ) c
    WHERE c.amount > 0
    ON CONFLICT (tenant_id, statement_id) WHERE statement_id IS NOT NULL DO NOTHING
    RETURNING id, account_id, statement_id, amount_cents::text`,
  );
  await ctx.events.recordMany(
    ctx.tx,
    created.map((d) => ({
      type: UtilitiesEvents.autopayDebitCreated,
      subjectType: 'autopay_entry',
      subjectId: d.id,
      actor: ctx.actor,
      payload: { accountId: d.account_id, statementId: d.statement_id, amountCents: Number(d.amount_cents) },
    })),
  );
  return created.length;
}

/**
 * After CIVQ_SECRET changes (the old one kept in CIVQ_PREVIOUS_SECRETS), seals every
 * enrolment's bank details again under the current key, a batch at a time. Run in a
 * `withSystem` transaction for every entity at once, or `withTenant` for one. Returns how many
 * rows were resealed; 0 means the previous secrets can be dropped.
 */
export async function resealBankDetails(tx: Tx, sealer: Sealer, batch = 500): Promise<number> {
  const rows = await queryRows<{ id: string; account_id: string; sealed: string; key_id: string }>(
    tx,
    sql`SELECT id, account_id, encode(bank_sealed, 'hex') AS sealed, key_id FROM autopay_enrolments
        WHERE key_id <> ${sealer.currentKeyId} ORDER BY id LIMIT ${batch} FOR UPDATE`,
  );
  for (const r of rows) {
    const aad = bankAad(r.id, r.account_id);
    const plain = sealer.open(Buffer.from(r.sealed, 'hex'), r.key_id, aad);
    const { sealed, keyId } = sealer.seal(plain, aad);
    await tx.execute(sql`UPDATE autopay_enrolments SET bank_sealed = decode(${sealed.toString('hex')}, 'hex'),
      key_id = ${keyId} WHERE id = ${r.id}`);
  }
  return rows.length;
}
