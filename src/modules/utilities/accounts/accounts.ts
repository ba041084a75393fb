import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { isValidAccountNumber, normalizeAccountNumber, randomAccountNumber } from '../../../lib/codes.js';
import { invalid, notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { UtilitiesEvents, type UtilityContext } from '../shared/index.js';
import {
  closeAccountBody,
  openAccountBody,
  updateAccountBody,
  type OpenAccountInput,
  type UpdateAccountInput,
} from './schemas.js';

export type AccountRow = {
  id: string;
  account_number: string;
  customer_name: string;
  email: string | null;
  phone: string | null;
  street: string;
  unit: string | null;
  city: string;
  state: string;
  zip: string;
  language: 'en' | 'es';
  latitude: string | null;
  longitude: string | null;
  account_type: string;
  route: string | null;
  status: 'active' | 'inactive' | 'closed';
  autopay: boolean;
  opened_on: string;
  closed_on: string | null;
  created_at: string;
};

const accountColumns = sql`a.id, a.account_number, a.customer_name, a.email, a.phone, a.street, a.unit, a.city,
  a.state, a.zip, a.language, a.latitude::text AS latitude, a.longitude::text AS longitude, a.account_type,
  a.route, a.status, a.autopay, to_char(a.opened_on, 'YYYY-MM-DD') AS opened_on,
  to_char(a.closed_on, 'YYYY-MM-DD') AS closed_on, a.created_at::text AS created_at`;

export async function accountById(tx: Tx, id: string): Promise<AccountRow | undefined> {
  const [row] = await queryRows<AccountRow>(
    tx,
    sql`SELECT ${accountColumns} FROM utility_accounts a WHERE a.id = ${id}`,
  );
  return row;
}

export async function accountByNumber(tx: Tx, digits: string): Promise<AccountRow | undefined> {
  const [row] = await queryRows<AccountRow>(
    tx,
    sql`SELECT ${accountColumns} FROM utility_accounts a WHERE a.account_number = ${digits}`,
  );
  return row;
}

async function requireAccountType(tx: Tx, code: string) {
  const [row] = await queryRows<{ code: string }>(
    tx,
    sql`SELECT code FROM utility_account_types WHERE code = ${code}`,
  );
  if (!row) throw invalid([{ field: 'accountType', code: 'account_type_unknown' }]);
}

/** Opens an account; returns it with its new account number (random, with a check digit). */
export async function openAccount(ctx: UtilityContext, raw: OpenAccountInput): Promise<AccountRow> {
  const input = parseOrThrow(openAccountBody, raw);
  await requireAccountType(ctx.tx, input.accountType);
  let id: string | undefined;
  for (let attempt = 0; !id; attempt++) {
    if (attempt > 10) throw new Error('could not find a free account number');
    const [row] = await queryRows<{ id: string }>(
      ctx.tx,
      sql`
      INSERT INTO utility_accounts (account_number, customer_name, email, phone, street, unit, city, state, zip,
        language, latitude, longitude, account_type, route, autopay)
      VALUES (${randomAccountNumber()}, ${input.customerName}, ${input.email ?? null}, ${input.phone},
        ${input.address.street}, ${input.address.unit}, ${input.address.city}, ${input.address.state},
        ${input.address.zip}, ${input.language}, ${input.pin?.latitude ?? null}, ${input.pin?.longitude ?? null},
        ${input.accountType}, ${input.route}, ${input.autopay})
      ON CONFLICT (tenant_id, account_number) DO NOTHING
      RETURNING id`,
    );
    id = row?.id;
  }
  const account = (await accountById(ctx.tx, id))!;
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.accountOpened,
    subjectType: 'utility_account',
    subjectId: id,
    actor: ctx.actor,
    payload: { accountNumber: account.account_number, accountType: account.account_type },
  });
  return account;
}

/** Changes what was given; the audit log receives the before/after of each changed field. */
export async function updateAccount(
  ctx: UtilityContext,
  id: string,
  raw: UpdateAccountInput,
): Promise<AccountRow> {
  const input = parseOrThrow(updateAccountBody, raw);
  const before = await accountById(ctx.tx, id);
  if (!before) throw notFound();
  if (before.status === 'closed') throw new Problem(409, 'account_closed');
  if (input.accountType) await requireAccountType(ctx.tx, input.accountType);
  const sets: SQL[] = [];
  const set = (column: string, value: unknown) => sets.push(sql`${sql.identifier(column)} = ${value}`);
  if (input.customerName !== undefined) set('customer_name', input.customerName);
  if (input.email !== undefined) set('email', input.email ?? null);
  if (input.phone !== undefined) set('phone', input.phone);
  if (input.address) {
    set('street', input.address.street);
    set('unit', input.address.unit);
    set('city', input.address.city);
    set('state', input.address.state);
    set('zip', input.address.zip);
  }
  if (input.language !== undefined) set('language', input.language);
  if (input.pin !== undefined) {
    set('latitude', input.pin?.latitude ?? null);
    set('longitude', input.pin?.longitude ?? null);
  }
  if (input.accountType !== undefined) set('account_type', input.accountType);
  if (input.route !== undefined) set('route', input.route);
  if (input.autopay !== undefined) set('autopay', input.autopay);
  if (input.status !== undefined) set('status', input.status);
  if (sets.length === 0) return before;
  await ctx.tx.execute(
    sql`UPDATE utility_accounts SET ${sql.join(sets, sql`, `)}, updated_at = now() WHERE id = ${id}`,
  );
  const after = (await accountById(ctx.tx, id))!;
  const changes = Object.fromEntries(
    (Object.keys(after) as (keyof AccountRow)[])
      .filter((k) => k !== 'created_at' && after[k] !== before[k])
      .map((k) => [k, { from: before[k], to: after[k] }]),
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.accountUpdated,
    subjectType: 'utility_account',
    subjectId: id,
    actor: ctx.actor,
    payload: { changes },
  });
  return after;
}

/**
 * A step another sub-module runs inside the transaction that closes an account, before the
 * `account.closed` event is recorded (autopay ends the account's enrolment). Registered by that
 * sub-module's index, so accounts never imports the sub-modules that build on it.
 */
export type AccountClosingHook = (ctx: UtilityContext, accountId: string) => Promise<void>;
const closingHooks: AccountClosingHook[] = [];

export function onAccountClosing(hook: AccountClosingHook): void {
  if (!closingHooks.includes(hook)) closingHooks.push(hook);
}

/** Closes an account, taking the final read of each meter on it (which come off the account). */
export async function closeAccount(
  ctx: UtilityContext,
  id: string,
  raw: { closedOn?: string | null; finalReads?: { meterId: string; value: number }[] },
  removeMeter: (meterId: string, on: string, finalRead: number) => Promise<void>,
): Promise<AccountRow> {
  const input = parseOrThrow(closeAccountBody, raw);
  const account = await accountById(ctx.tx, id);
  if (!account) throw notFound();
  if (account.status === 'closed') throw new Problem(409, 'account_closed');
  const closedOn = input.closedOn ?? new Date().toISOString().slice(0, 10);
  const meters = await queryRows<{ id: string }>(ctx.tx, sql`SELECT id FROM meters WHERE account_id = ${id}`);
  const finals = new Map(input.finalReads.map((r) => [r.meterId, r.value]));
  const missing = meters.filter((m) => !finals.has(m.id));
  if (missing.length > 0)
    throw invalid(missing.map((m) => ({ field: `finalReads.${m.id}`, code: 'final_read_required' })));
  for (const m of meters) await removeMeter(m.id, closedOn, finals.get(m.id)!);
  await ctx.tx.execute(
    sql`UPDATE utility_accounts SET status = 'closed', closed_on = ${closedOn}, autopay = false, updated_at = now() WHERE id = ${id}`,
  );
  for (const hook of closingHooks) await hook(ctx, id);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.accountClosed,
    subjectType: 'utility_account',
    subjectId: id,
    actor: ctx.actor,
    payload: { closedOn, finalReads: input.finalReads },
  });
  return (await accountById(ctx.tx, id))!;
}

export async function reopenAccount(ctx: UtilityContext, id: string): Promise<AccountRow> {
  const account = await accountById(ctx.tx, id);
  if (!account) throw notFound();
  if (account.status !== 'closed') throw new Problem(409, 'account_not_closed');
  await ctx.tx.execute(
    sql`UPDATE utility_accounts SET status = 'active', closed_on = NULL, updated_at = now() WHERE id = ${id}`,
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.accountReopened,
    subjectType: 'utility_account',
    subjectId: id,
    actor: ctx.actor,
  });
  return (await accountById(ctx.tx, id))!;
}

/** Lists count exactly up to here; past it the total reads "10,000+" (counting 100,000 rows is slow). */
export const COUNT_CAP = 10_000;

/**
 * The account list: by account number (any separators; exact), or by words of the name or
 * address (accent- and case-insensitive prefixes, all words must match), or everything by name.
 * Word searches go through civq_account_search (migration 0011) so the GIN index is used.
 */
export async function searchAccounts(
  tx: Tx,
  query: { status?: string | undefined; q?: string | undefined; limit: number; offset: number },
): Promise<{ items: AccountRow[]; total: number; totalCapped: boolean }> {
  const where: SQL[] = [sql`true`];
  const q = query.q?.trim();
  let tsquery: string | null = null;
  if (q) {
    const digits = normalizeAccountNumber(q);
    if (digits && digits.length >= 6) {
      where.push(sql`a.account_number = ${digits}`);
      if (digits.length === 10 && !isValidAccountNumber(digits)) {
        throw invalid([{ field: 'q', code: 'account_number_invalid' }]);
      }
    } else {
      const words = q
        .split(/\s+/)
        .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
        .filter(Boolean)
        .slice(0, 6);
      if (words.length > 0) tsquery = words.map((w) => `${w}:*`).join(' & ');
    }
  }
  const status = query.status ?? null;
  if (tsquery !== null) {
    const matches = sql`civq_account_search(to_tsquery('simple', civq_fold(${tsquery})), ${status})`;
    const items = await queryRows<AccountRow>(
      tx,
      sql`SELECT ${accountColumns} FROM (
            SELECT id, sort_key FROM ${matches} ORDER BY sort_key, id LIMIT ${query.limit} OFFSET ${query.offset}
          ) m JOIN utility_accounts a ON a.id = m.id
          ORDER BY m.sort_key, m.id`,
    );
    const [count] = await queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM ${matches}`);
    return { items, total: count!.n, totalCapped: false };
  }
  if (status) where.push(sql`a.status = ${status}`);
  const condition = sql.join(where, sql` AND `);
  const items = await queryRows<AccountRow>(
    tx,
    sql`SELECT ${accountColumns} FROM utility_accounts a WHERE ${condition}
        ORDER BY civq_fold(a.customer_name), a.id LIMIT ${query.limit} OFFSET ${query.offset}`,
  );
  const [count] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM utility_accounts a WHERE ${condition} LIMIT ${COUNT_CAP + 1}) x`,
  );
  const capped = count!.n > COUNT_CAP;
  return { items, total: capped ? COUNT_CAP : count!.n, totalCapped: capped };
}
