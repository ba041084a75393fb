import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { withTenant } from '../../../db/tenant-context.js';
import { toPgArray, type EventBus } from '../../../events/bus.js';
import type { Actor } from '../../../events/types.js';
import { groupAccountNumber } from '../../../lib/codes.js';
import { t } from '../../../lib/i18n.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import type { Communications } from '../../communications/index.js';
import { postCharges, type LedgerContext } from '../../payments/index.js';
import { createAutopayDebits } from '../autopay/index.js';
import { cycleById, type CycleRow } from './cycles.js';
import { UtilitiesEvents } from '../shared/index.js';

/**
 * Step two of a billing run: issue the cycle's drafts. Each chunk of drafts is one
 * transaction that numbers the statements, posts their current charges to the payments
 * ledger as one multi-row insert, marks them issued and records one
 * `utilities.statement.issued` event each (the statement notice and My Activity follow from
 * that event). Nothing loops per account against the database.
 *
 * Idempotent and resumable: a statement is unique per account and cycle and only drafts are
 * picked, so a second click or a restart after a crash (a chunk is all or nothing) continues
 * where the committed work ends. Chunks go in account-number order and numbers continue from
 * the count already issued, so a resumed run numbers every statement as an uninterrupted run would.
 */

export type IssueDeps = { db: Database; events: EventBus; communications: Communications };
export type IssueProgress = { issued: number; chunk: number };

const DEFAULT_CHUNK = 2_000;

export async function issueCycle(
  deps: IssueDeps,
  tenantId: string,
  actor: Actor,
  cycleId: string,
  opts: {
    chunkSize?: number;
    onChunk?: (p: IssueProgress) => void | Promise<void>;
    /**
     * Loading past bills from a previous system: no statement notices go out, and each ledger
     * charge is dated on its bill date (as it was billed then) instead of today.
     */
    imported?: boolean;
  } = {},
): Promise<{ issued: number; cycle: CycleRow }> {
  await withTenant(deps.db, tenantId, async (tx) => {
    const cycle = await lockCycle(tx, cycleId);
    if (cycle.status === 'open') throw new Problem(409, 'cycle_not_calculated');
    if (cycle.status === 'issued') return;
    const [blocked] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM utility_statements
          WHERE cycle_id = ${cycleId} AND state = 'draft' AND issues <> '[]'::jsonb`,
    );
    if (blocked!.n > 0) throw new Problem(409, 'cycle_has_unresolved_issues', { count: blocked!.n });
  });
  let issued = 0;
  for (let chunk = 1; ; chunk++) {
    const n = await withTenant(deps.db, tenantId, (tx) =>
      issueChunk(
        { tx, events: deps.events, communications: deps.communications, actor },
        cycleId,
        opts.chunkSize,
        opts.imported ?? false,
      ),
    );
    if (n === 0) break;
    issued += n;
    await opts.onChunk?.({ issued, chunk });
  }
  const cycle = await withTenant(deps.db, tenantId, async (tx) => {
    const c = await lockCycle(tx, cycleId);
    if (c.status !== 'issued') {
      await tx.execute(
        sql`UPDATE billing_cycles SET status = 'issued', issued_at = now() WHERE id = ${cycleId}`,
      );
      const [count] = await queryRows<{ n: number; total: string }>(
        tx,
        sql`SELECT count(*)::int AS n, coalesce(sum(current_charges_cents), 0)::text AS total
            FROM utility_statements WHERE cycle_id = ${cycleId} AND state = 'issued'`,
      );
      await deps.events.record(tx, {
        type: UtilitiesEvents.cycleIssued,
        subjectType: 'billing_cycle',
        subjectId: cycleId,
        actor,
        payload: { statements: count!.n, currentChargesCents: Number(count!.total) },
      });
    }
    return (await cycleById(tx, cycleId))!;
  });
  return { issued, cycle };
}

async function lockCycle(tx: Tx, cycleId: string): Promise<CycleRow> {
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`SELECT id FROM billing_cycles WHERE id = ${cycleId} FOR UPDATE`,
  );
  if (!row) throw notFound();
  return (await cycleById(tx, cycleId))!;
}

type DraftRow = {
  bill_date: string;
  id: string;
  account_id: string;
  account_number: string;
  customer_name: string;
  email: string | null;
  language: 'en' | 'es';
  current_charges_cents: string;
  total_due_cents: string;
  due_date: string;
  period_start: string;
  period_end: string;
  autopay: boolean;
};

/** Issues the next chunk of drafts in one transaction; returns how many (0 when none is left). */
async function issueChunk(
  ctx: LedgerContext,
  cycleId: string,
  size = DEFAULT_CHUNK,
  imported = false,
): Promise<number> {
  const { tx } = ctx;
  // The cycle row is the run's lock: two issuers take turns chunk by chunk and never pick the same drafts.
  const cycle = await lockCycle(tx, cycleId);
  const drafts = await queryRows<DraftRow>(
    tx,
    sql`
    SELECT id, account_id, account_number, to_char(bill_date, 'YYYY-MM-DD') AS bill_date, customer_name, email, language, current_charges_cents::text,
      total_due_cents::text, to_char(due_date, 'YYYY-MM-DD') AS due_date,
      to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end, autopay
    FROM utility_statements
    WHERE cycle_id = ${cycleId} AND state = 'draft'
    ORDER BY account_number
    LIMIT ${size}`,
  );
  if (drafts.length === 0) return 0;
  const [done] = await queryRows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM utility_statements WHERE cycle_id = ${cycleId} AND number IS NOT NULL`,
  );
  const numbers = drafts.map((_, i) => `S${cycle.seq}-${String(done!.n + i + 1).padStart(6, '0')}`);
  // Every draft of a cycle shares its period: format "October 2026" once per language, not per draft.
  const periods = new Map<string, string>();
  const period = (lang: 'en' | 'es', d: DraftRow) => {
    const key = `${lang}:${d.period_end}`;
    let label = periods.get(key);
    if (label === undefined) {
      label = new Date(`${d.period_end}T12:00:00Z`).toLocaleDateString(lang === 'es' ? 'es-US' : 'en-US', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      });
      periods.set(key, label);
    }
    return label;
  };
  const chargeOf = await postCharges(
    ctx,
    drafts
      .map((d, i) => ({ d, number: numbers[i]! }))
      .filter(({ d }) => Number(d.current_charges_cents) > 0)
      .map(({ d, number }) => {
        const values = (lang: 'en' | 'es') => ({
          number,
          period: period(lang, d),
          account: groupAccountNumber(d.account_number),
        });
        return {
          key: d.id,
          kind: 'utility' as const,
          description: {
            en: t('en', 'billing:charge.description', values('en')),
            es: t('es', 'billing:charge.description', values('es')),
          },
          amountCents: Number(d.current_charges_cents),
          party: { name: d.customer_name, email: d.email, language: d.language },
          source: { module: 'utilities', id: d.account_id },
          dueDate: d.due_date,
          ...(imported && { postedAt: `${d.bill_date}T12:00:00Z` }),
        };
      }),
  );
  await tx.execute(sql`
    UPDATE utility_statements s SET state = 'issued', number = u.num, charge_id = nullif(u.cid, '')::uuid,
      issued_at = now()
    FROM unnest(${toPgArray(drafts.map((d) => d.id))}::uuid[], ${toPgArray(numbers)}::text[],
                ${toPgArray(drafts.map((d) => chargeOf.get(d.id) ?? ''))}::text[]) AS u(id, num, cid)
    WHERE s.id = u.id`);
  await createAutopayDebits(
    ctx,
    drafts.map(({ id }) => id),
  );
  await ctx.events.recordMany(
    tx,
    drafts.map((d, i) => ({
      type: UtilitiesEvents.statementIssued,
      subjectType: 'utility_statement',
      subjectId: d.id,
      actor: ctx.actor,
      payload: {
        accountId: d.account_id,
        statementNumber: numbers[i],
        cycleId,
        chargeId: chargeOf.get(d.id) ?? null,
        currentChargesCents: Number(d.current_charges_cents),
        totalDueCents: Number(d.total_due_cents),
        dueDate: d.due_date,
        issuedOn: new Date().toISOString().slice(0, 10),
        autopay: d.autopay,
        notify: !imported,
      },
    })),
  );
  if (cycle.status !== 'issuing')
    await tx.execute(sql`UPDATE billing_cycles SET status = 'issuing' WHERE id = ${cycleId}`);
  return drafts.length;
}
