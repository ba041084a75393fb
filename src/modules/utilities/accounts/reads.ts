import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { toPgArray } from '../../../events/bus.js';
import { classifyUse, consumption, daysBetween } from './consumption.js';
import type { UtilityContext } from '../shared/index.js';

/**
 * The one road a meter reading takes into CiVQ — typed by hand or imported from a CSV of
 * 100,000 rows alike. Rows are checked against each meter's last reads (loaded once for the
 * whole batch), consumption and exceptions are computed with the same pure functions
 * (consumption.ts), and the accepted reads and their exceptions are written in a few
 * multi-row statements. A row that would contradict the meter's history is refused with a
 * reason, never stored half.
 */
export type IncomingRead = {
  /** Position in the source (CSV line), for the rejected-rows report. */
  line: number;
  serial?: string;
  meterId?: string;
  readOn: string;
  value: number;
  method: 'manual' | 'import' | 'amr' | 'ami' | 'estimated';
};

export type Rejection = { line: number; code: string; serial?: string | undefined };
export type ApplyResult = {
  stored: {
    id: string;
    line: number;
    meterId: string;
    consumption: number | null;
    exception: string | null;
  }[];
  duplicates: number;
  rejected: Rejection[];
};

/** Use above avg × high or below avg × low (against the trailing average) needs review. */
export const DEFAULT_THRESHOLDS = { highRatio: 2, lowRatio: 0.5 };

type MeterState = {
  id: string;
  serial: string;
  account_id: string | null;
  status: string;
  dials: number;
  multiplier: number;
  /** Last reads, newest first (at most 4): the previous read and the trailing history. */
  history: { read_on: string; value: number; consumption: number | null; purpose: string }[];
};

async function loadMeters(
  tx: Tx,
  by: { serials?: string[]; ids?: string[] },
): Promise<Map<string, MeterState>> {
  const filter = by.ids
    ? sql`m.id = ANY(${`{${by.ids.join(',')}}`}::uuid[])`
    : sql`m.serial = ANY(${toPgArray(by.serials ?? [])}::text[])`;
  const meters = await queryRows<Omit<MeterState, 'history'>>(
    tx,
    sql`SELECT m.id, m.serial, m.account_id, m.status, m.dials, m.multiplier FROM meters m WHERE ${filter}`,
  );
  const state = new Map<string, MeterState>();
  for (const m of meters) state.set(m.id, { ...m, history: [] });
  if (meters.length === 0) return state;
  const history = await queryRows<{
    meter_id: string;
    read_on: string;
    value: string;
    consumption: string | null;
    purpose: string;
  }>(
    tx,
    sql`SELECT meter_id, to_char(read_on, 'YYYY-MM-DD') AS read_on, value::text, consumption::text, purpose FROM (
          SELECT r.*, row_number() OVER (PARTITION BY r.meter_id ORDER BY r.read_on DESC,
                 CASE r.purpose WHEN 'initial' THEN 0 WHEN 'regular' THEN 1 ELSE 2 END DESC) AS n
          FROM meter_reads r WHERE r.meter_id = ANY(${`{${meters.map((m) => m.id).join(',')}}`}::uuid[])) x
        WHERE n <= 4 ORDER BY meter_id, n`,
  );
  for (const h of history)
    state.get(h.meter_id)!.history.push({
      read_on: h.read_on,
      value: Number(h.value),
      consumption: h.consumption === null ? null : Number(h.consumption),
      purpose: h.purpose,
    });
  return state;
}

/** Reads already stored for these meters within the batch's dates: "meterId|date" → value. */
async function existingReads(tx: Tx, meterIds: string[], rows: IncomingRead[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  if (meterIds.length === 0 || rows.length === 0) return found;
  const dates = rows.map((r) => r.readOn).sort();
  const stored = await queryRows<{ meter_id: string; read_on: string; value: string }>(
    tx,
    sql`SELECT meter_id, to_char(read_on, 'YYYY-MM-DD') AS read_on, value::text FROM meter_reads
        WHERE meter_id = ANY(${`{${meterIds.join(',')}}`}::uuid[]) AND purpose = 'regular'
          AND read_on BETWEEN ${dates[0]!}::date AND ${dates[dates.length - 1]!}::date`,
  );
  for (const r of stored) found.set(`${r.meter_id}|${r.read_on}`, Number(r.value));
  return found;
}

/** Average daily use over up to 3 billed intervals before the newest read, or null. */
function trailingDailyUse(history: MeterState['history']): number | null {
  let units = 0;
  let days = 0;
  for (let i = 0; i < Math.min(3, history.length - 1); i++) {
    const h = history[i]!;
    if (h.consumption === null || h.purpose !== 'regular') continue;
    units += h.consumption;
    days += daysBetween(history[i + 1]!.read_on, h.read_on);
  }
  return days > 0 ? units / days : null;
}

export async function applyReads(
  ctx: UtilityContext,
  rows: IncomingRead[],
  opts: { importId?: string | null; thresholds?: typeof DEFAULT_THRESHOLDS; checkUse?: boolean } = {},
): Promise<ApplyResult> {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const byId = rows.every((r) => r.meterId);
  const meters = await loadMeters(
    ctx.tx,
    byId
      ? { ids: [...new Set(rows.map((r) => r.meterId!))] }
      : { serials: [...new Set(rows.map((r) => r.serial!))] },
  );
  const bySerial = new Map([...meters.values()].map((m) => [m.serial, m]));
  const existing = await existingReads(ctx.tx, [...meters.keys()], rows);
  const result: ApplyResult = { stored: [], duplicates: 0, rejected: [] };
  const reads: string[][] = [];
  const exceptions: {
    readId: string;
    meterId: string;
    accountId: string | null;
    kind: string;
    details: object;
  }[] = [];
  // Oldest first per meter, so several reads of one meter in one file chain correctly.
  const ordered = [...rows].sort((a, b) => a.readOn.localeCompare(b.readOn) || a.line - b.line);
  for (const row of ordered) {
    const meter = row.meterId ? meters.get(row.meterId) : bySerial.get(row.serial!);
    const reject = (code: string) => result.rejected.push({ line: row.line, code, serial: row.serial });
    if (!meter) {
      reject('meter_unknown');
      continue;
    }
    if (meter.status !== 'active' || !meter.account_id) {
      reject('meter_not_installed');
      continue;
    }
    if (row.value >= 10 ** meter.dials) {
      reject('read_exceeds_register');
      continue;
    }
    const stored = existing.get(`${meter.id}|${row.readOn}`);
    if (stored !== undefined) {
      if (stored === row.value) result.duplicates++;
      else reject('read_exists_for_date');
      continue;
    }
    const prev = meter.history[0];
    if (prev && row.readOn < prev.read_on) {
      reject('read_before_previous');
      continue;
    }
    const id = crypto.randomUUID();
    let units: number | null = null;
    let rollover = false;
    let exception: { kind: string; details: object } | null = null;
    if (prev) {
      const used = consumption(prev.value, row.value, meter);
      if ('implausible' in used) {
        exception = { kind: 'negative', details: { previous: prev.value, value: row.value } };
      } else {
        units = used.units;
        rollover = used.rollover;
        const daily = trailingDailyUse(meter.history);
        const expected = daily === null ? null : daily * daysBetween(prev.read_on, row.readOn);
        // An estimate is the trailing average by construction; only real reads are judged.
        const kind = opts.checkUse === false ? null : classifyUse(units, expected, thresholds);
        if (kind)
          exception = { kind, details: { units, expected: expected === null ? null : Math.round(expected) } };
      }
    }
    reads.push([
      id,
      meter.id,
      meter.account_id,
      row.readOn,
      String(row.value),
      row.method,
      units === null ? '' : String(units),
      String(rollover),
    ]);
    if (exception)
      exceptions.push({ readId: id, meterId: meter.id, accountId: meter.account_id, ...exception });
    meter.history.unshift({ read_on: row.readOn, value: row.value, consumption: units, purpose: 'regular' });
    existing.set(`${meter.id}|${row.readOn}`, row.value);
    meter.history.length = Math.min(meter.history.length, 4);
    result.stored.push({
      id,
      line: row.line,
      meterId: meter.id,
      consumption: units,
      exception: exception?.kind ?? null,
    });
  }
  await insertReads(ctx, reads, opts.importId ?? null);
  await insertExceptions(ctx.tx, exceptions);
  result.rejected.sort((a, b) => a.line - b.line);
  return result;
}

const CHUNK = 2_000;

async function insertReads(ctx: UtilityContext, reads: string[][], importId: string | null) {
  const by = ctx.actor.id;
  for (let i = 0; i < reads.length; i += CHUNK) {
    const cols = Array.from({ length: 8 }, (_, c) => reads.slice(i, i + CHUNK).map((r) => r[c]!));
    // Arrays as text literals bind the same way on PGlite and node-postgres.
    await ctx.tx.execute(sql`
      INSERT INTO meter_reads (id, meter_id, account_id, read_on, value, method, consumption, rollover, import_id, recorded_by)
      SELECT u.id::uuid, u.meter_id::uuid, u.account_id::uuid, u.read_on::date, u.value::bigint, u.method,
             nullif(u.consumption, '')::bigint, u.rollover::boolean, ${importId}::uuid, ${by}::uuid
      FROM unnest(${toPgArray(cols[0]!)}::text[], ${toPgArray(cols[1]!)}::text[], ${toPgArray(cols[2]!)}::text[],
                  ${toPgArray(cols[3]!)}::text[], ${toPgArray(cols[4]!)}::text[], ${toPgArray(cols[5]!)}::text[],
                  ${toPgArray(cols[6]!)}::text[], ${toPgArray(cols[7]!)}::text[])
        AS u(id, meter_id, account_id, read_on, value, method, consumption, rollover)`);
  }
}

async function insertExceptions(
  tx: Tx,
  rows: { readId: string; meterId: string; accountId: string | null; kind: string; details: object }[],
) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await tx.execute(sql`
      INSERT INTO read_exceptions (read_id, meter_id, account_id, kind, details)
      SELECT u.read_id::uuid, u.meter_id::uuid, nullif(u.account_id, '')::uuid, u.kind, u.details::jsonb
      FROM unnest(${toPgArray(chunk.map((r) => r.readId))}::text[], ${toPgArray(chunk.map((r) => r.meterId))}::text[],
                  ${toPgArray(chunk.map((r) => r.accountId ?? ''))}::text[], ${toPgArray(chunk.map((r) => r.kind))}::text[],
                  ${toPgArray(chunk.map((r) => JSON.stringify(r.details)))}::text[])
        AS u(read_id, meter_id, account_id, kind, details)`);
  }
}
