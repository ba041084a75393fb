import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { consumption } from './consumption.js';
import { applyReads } from './reads.js';
import { readBody, resolveExceptionBody, type ReadInput } from './schemas.js';

/** Refusals of a single read, and the status each maps to. */
const READ_REFUSALS: Record<string, number> = {
  meter_unknown: 404,
  meter_not_installed: 409,
  read_exists_for_date: 409,
  read_before_previous: 409,
  read_exceeds_register: 422,
};

/** A read typed by hand: the same checks and exception rules as an import. */
export async function recordRead(ctx: UtilityContext, raw: ReadInput) {
  const input = parseOrThrow(readBody, raw);
  if (input.readOn > new Date().toISOString().slice(0, 10)) throw new Problem(422, 'date_in_future');
  const result = await applyReads(ctx, [{ line: 1, ...input }]);
  const refusal = result.rejected[0];
  if (refusal) throw new Problem(READ_REFUSALS[refusal.code] ?? 422, refusal.code);
  if (result.duplicates > 0) throw new Problem(409, 'read_exists_for_date');
  const stored = result.stored[0]!;
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.readRecorded,
    subjectType: 'meter',
    subjectId: input.meterId,
    actor: ctx.actor,
    payload: {
      readOn: input.readOn,
      value: input.value,
      consumption: stored.consumption,
      exception: stored.exception,
    },
  });
  return stored;
}

export type ExceptionRow = {
  id: string;
  kind: string;
  status: string;
  details: Record<string, unknown>;
  note: string | null;
  meter_id: string;
  serial: string;
  account_id: string | null;
  account_number: string | null;
  customer_name: string | null;
  read_id: string | null;
  read_on: string | null;
  value: string | null;
  consumption: string | null;
  created_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
};

export async function listExceptions(
  tx: Tx,
  q: { status: string; accountId?: string; limit: number; offset: number },
) {
  // One account's exceptions: where a billing run's review sends a clerk.
  const ofAccount = q.accountId ? sql` AND e.account_id = ${q.accountId}` : sql``;
  const items = await queryRows<ExceptionRow>(
    tx,
    sql`SELECT e.id, e.kind, e.status, e.details, e.note, e.meter_id, m.serial, e.account_id, a.account_number,
               a.customer_name, e.read_id, to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value::text AS value,
               r.consumption::text AS consumption, e.created_at::text AS created_at,
               e.resolved_by, e.resolved_at::text AS resolved_at
        FROM read_exceptions e JOIN meters m ON m.id = e.meter_id
        LEFT JOIN utility_accounts a ON a.id = e.account_id LEFT JOIN meter_reads r ON r.id = e.read_id
        WHERE e.status = ${q.status}${ofAccount} ORDER BY e.created_at DESC, e.id LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  const [count] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM read_exceptions e WHERE e.status = ${q.status}${ofAccount}`,
  );
  return { items, total: count!.n };
}

/**
 * Staff review of an exception: accept the read as it is, correct its value (its consumption
 * and the next read's are recomputed), or ask for a re-read (the read stays unbilled until a
 * new one arrives). Who did what goes to the audit log through the event.
 */
export async function resolveException(
  ctx: UtilityContext,
  id: string,
  raw: { action: 'accept' | 'correct' | 'reread'; value?: number | null; note?: string | null },
) {
  const input = parseOrThrow(resolveExceptionBody, raw);
  const [exc] = await queryRows<{ status: string; read_id: string | null; meter_id: string; kind: string }>(
    ctx.tx,
    sql`SELECT status, read_id, meter_id, kind FROM read_exceptions WHERE id = ${id} FOR UPDATE`,
  );
  if (!exc) throw notFound();
  if (exc.status !== 'open') throw new Problem(409, 'exception_already_resolved');
  let correction: { from: number; to: number } | null = null;
  if (input.action === 'correct') {
    if (!exc.read_id) throw new Problem(422, 'exception_has_no_read');
    correction = await correctRead(ctx.tx, exc.read_id, input.value!);
  }
  const status = { accept: 'accepted', correct: 'corrected', reread: 'reread' }[input.action];
  await ctx.tx.execute(sql`
    UPDATE read_exceptions SET status = ${status}, note = ${input.note}, resolved_by = ${ctx.actor.id}, resolved_at = now()
    WHERE id = ${id}`);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.exceptionResolved,
    subjectType: 'read_exception',
    subjectId: id,
    actor: ctx.actor,
    payload: { kind: exc.kind, action: input.action, correction, note: input.note },
  });
  return { id, status };
}

/** Sets a read's value and recomputes its consumption and that of the read after it. */
async function correctRead(tx: Tx, readId: string, value: number) {
  const [read] = await queryRows<{
    meter_id: string;
    read_on: string;
    value: string;
    dials: number;
    multiplier: number;
  }>(
    tx,
    sql`SELECT r.meter_id, to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value::text, m.dials, m.multiplier
        FROM meter_reads r JOIN meters m ON m.id = r.meter_id WHERE r.id = ${readId}`,
  );
  if (!read) throw notFound();
  if (value >= 10 ** read.dials) throw new Problem(422, 'read_exceeds_register');
  const neighbours = await queryRows<{ id: string; value: string; read_on: string }>(
    tx,
    sql`(SELECT id, value::text, to_char(read_on, 'YYYY-MM-DD') AS read_on FROM meter_reads
         WHERE meter_id = ${read.meter_id} AND read_on < ${read.read_on} ORDER BY read_on DESC LIMIT 1)
        UNION ALL
        (SELECT id, value::text, to_char(read_on, 'YYYY-MM-DD') AS read_on FROM meter_reads
         WHERE meter_id = ${read.meter_id} AND read_on > ${read.read_on} ORDER BY read_on LIMIT 1)`,
  );
  const prev = neighbours.find((n) => n.read_on < read.read_on);
  const next = neighbours.find((n) => n.read_on > read.read_on);
  const units = (from: number, to: number) => {
    const used = consumption(from, to, read);
    if ('implausible' in used) throw new Problem(422, 'correction_implausible');
    return used;
  };
  const mine = prev ? units(Number(prev.value), value) : null;
  await tx.execute(sql`
    UPDATE meter_reads SET value = ${value}, consumption = ${mine?.units ?? null}, rollover = ${mine?.rollover ?? false}
    WHERE id = ${readId}`);
  if (next) {
    const theirs = units(value, Number(next.value));
    await tx.execute(
      sql`UPDATE meter_reads SET consumption = ${theirs.units}, rollover = ${theirs.rollover} WHERE id = ${next.id}`,
    );
  }
  return { from: Number(read.value), to: value };
}
