import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryRows } from '../../../db/rows.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import type { UtilityContext } from '../shared/index.js';
import { daysBetween, estimateUnits } from './consumption.js';
import { applyReads, type IncomingRead } from './reads.js';

export const missingReadsBody = z
  .object({
    /** First day of the read window. */
    from: z.iso.date(),
    /** Last day of the read window; estimated reads are dated this day. */
    to: z.iso.date(),
    /** Add an estimated read where the meter has enough history. */
    estimate: z.boolean().default(true),
  })
  .refine((b) => b.from <= b.to, { path: ['to'], message: 'date_before_start' });

/**
 * Finds installed meters with no reading in the read window and puts each on the exceptions
 * list as `missing`. With `estimate`, a meter with enough history also gets an estimated read
 * dated the window's last day: the average daily use of its last three actual reads × the
 * days since its last read. Running it again for the same window adds nothing twice: a meter
 * that got an estimate now has a read in the window, and one without history keeps its single
 * open `missing` exception.
 */
export async function flagMissingReads(ctx: UtilityContext, raw: unknown) {
  const input = parseOrThrow(missingReadsBody, raw);
  const meters = await queryRows<{ id: string; account_id: string; dials: number; multiplier: number }>(
    ctx.tx,
    sql`SELECT m.id, m.account_id, m.dials, m.multiplier FROM meters m
        WHERE m.status = 'active'
          AND NOT EXISTS (SELECT 1 FROM meter_reads r WHERE r.meter_id = m.id AND r.read_on BETWEEN ${input.from} AND ${input.to})
          AND NOT EXISTS (SELECT 1 FROM read_exceptions e WHERE e.meter_id = m.id AND e.kind = 'missing' AND e.status = 'open')`,
  );
  if (meters.length === 0) return { missing: 0, estimated: 0 };
  const history = await queryRows<{ meter_id: string; read_on: string; value: string }>(
    ctx.tx,
    sql`SELECT meter_id, read_on, value FROM (
          SELECT r.meter_id, to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value::text AS value,
                 row_number() OVER (PARTITION BY r.meter_id ORDER BY r.read_on DESC) AS n
          FROM meter_reads r
          WHERE r.meter_id = ANY(${`{${meters.map((m) => m.id).join(',')}}`}::uuid[]) AND r.method <> 'estimated'
            AND r.read_on < ${input.from}) x
        WHERE n <= 3`,
  );
  const byMeter = new Map<string, { readOn: string; value: number; estimated: boolean }[]>();
  for (const h of history) {
    const list = byMeter.get(h.meter_id) ?? [];
    list.push({ readOn: h.read_on, value: Number(h.value), estimated: false });
    byMeter.set(h.meter_id, list);
  }
  const estimates: IncomingRead[] = [];
  const details = new Map<string, object>();
  for (const m of meters) {
    const reads = byMeter.get(m.id) ?? [];
    const last = [...reads].sort((a, b) => b.readOn.localeCompare(a.readOn))[0];
    const units =
      input.estimate && last
        ? estimateUnits(reads, m.multiplier, daysBetween(last.readOn, input.to), { dials: m.dials })
        : null;
    if (units !== null && last) {
      const value = (last.value + Math.round(units / m.multiplier)) % 10 ** m.dials;
      estimates.push({
        line: estimates.length + 1,
        meterId: m.id,
        readOn: input.to,
        value,
        method: 'estimated',
      });
    }
    details.set(m.id, { from: input.from, to: input.to, estimatedUnits: units });
  }
  const applied =
    estimates.length > 0 ? await applyReads(ctx, estimates, { checkUse: false }) : { stored: [] };
  const readOf = new Map(applied.stored.map((s) => [s.meterId, s.id]));
  await ctx.tx.execute(sql`
    INSERT INTO read_exceptions (meter_id, account_id, read_id, kind, details)
    SELECT u.meter_id::uuid, u.account_id::uuid, nullif(u.read_id, '')::uuid, 'missing', u.details::jsonb
    FROM unnest(${`{${meters.map((m) => m.id).join(',')}}`}::text[], ${`{${meters.map((m) => m.account_id).join(',')}}`}::text[],
                ${`{${meters.map((m) => `"${readOf.get(m.id) ?? ''}"`).join(',')}}`}::text[],
                ${toJsonArray(meters.map((m) => details.get(m.id)!))}::text[]) AS u(meter_id, account_id, read_id, details)`);
  return { missing: meters.length, estimated: readOf.size };
}

function toJsonArray(values: object[]): string {
  return `{${values.map((v) => `"${JSON.stringify(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
