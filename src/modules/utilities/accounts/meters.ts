import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { accountById } from './accounts.js';
import { consumption } from './consumption.js';
import {
  installMeterBody,
  moveMeterBody,
  newMeterBody,
  removeMeterBody,
  swapMeterBody,
  type NewMeterInput,
} from './schemas.js';

export type MeterRow = {
  id: string;
  serial: string;
  service: string;
  unit: string;
  dials: number;
  multiplier: number;
  status: 'in_stock' | 'active' | 'removed';
  account_id: string | null;
};

export async function meterById(tx: Tx, id: string): Promise<MeterRow | undefined> {
  const [row] = await queryRows<MeterRow>(
    tx,
    sql`SELECT id, serial, service, unit, dials, multiplier, status, account_id FROM meters WHERE id = ${id}`,
  );
  return row;
}

/** Adds a meter to stock. Serials are unique per entity. */
export async function createMeter(ctx: UtilityContext, raw: NewMeterInput): Promise<MeterRow> {
  const input = parseOrThrow(newMeterBody, raw);
  const [row] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`INSERT INTO meters (serial, service, unit, dials, multiplier)
        VALUES (${input.serial.toUpperCase()}, ${input.service}, ${input.unit}, ${input.dials}, ${input.multiplier})
        ON CONFLICT (tenant_id, serial) DO NOTHING RETURNING id`,
  );
  if (!row) throw new Problem(409, 'meter_serial_taken', { serial: input.serial.toUpperCase() });
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.meterCreated,
    subjectType: 'meter',
    subjectId: row.id,
    actor: ctx.actor,
    payload: { serial: input.serial.toUpperCase(), service: input.service },
  });
  return (await meterById(ctx.tx, row.id))!;
}

async function lastReadOn(tx: Tx, meterId: string): Promise<{ read_on: string; value: number } | undefined> {
  const [row] = await queryRows<{ read_on: string; value: string }>(
    tx,
    sql`SELECT to_char(read_on, 'YYYY-MM-DD') AS read_on, value::text FROM meter_reads WHERE meter_id = ${meterId}
        ORDER BY read_on DESC, CASE purpose WHEN 'final' THEN 2 WHEN 'regular' THEN 1 ELSE 0 END DESC LIMIT 1`,
  );
  return row && { read_on: row.read_on, value: Number(row.value) };
}

/** Puts a stocked (or previously removed) meter on an account, with its initial read. */
export async function installMeter(
  ctx: UtilityContext,
  meterId: string,
  raw: { accountId: string; installedOn: string; initialRead: number },
): Promise<MeterRow> {
  const input = parseOrThrow(installMeterBody, raw);
  const meter = await meterById(ctx.tx, meterId);
  if (!meter) throw notFound();
  if (meter.status === 'active') throw new Problem(409, 'meter_already_installed', { serial: meter.serial });
  const account = await accountById(ctx.tx, input.accountId);
  if (!account) throw new Problem(404, 'account_not_found');
  if (account.status === 'closed') throw new Problem(409, 'account_closed');
  if (input.initialRead >= 10 ** meter.dials) throw new Problem(422, 'read_exceeds_register');
  const last = await lastReadOn(ctx.tx, meterId);
  if (last && input.installedOn < last.read_on) throw new Problem(409, 'read_before_previous');
  await ctx.tx.execute(sql`
    INSERT INTO meter_assignments (meter_id, account_id, installed_on) VALUES (${meterId}, ${account.id}, ${input.installedOn})`);
  await ctx.tx.execute(sql`
    INSERT INTO meter_reads (meter_id, account_id, read_on, value, method, purpose, recorded_by)
    VALUES (${meterId}, ${account.id}, ${input.installedOn}, ${input.initialRead}, 'manual', 'initial', ${ctx.actor.id})`);
  await ctx.tx.execute(
    sql`UPDATE meters SET status = 'active', account_id = ${account.id} WHERE id = ${meterId}`,
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.meterInstalled,
    subjectType: 'meter',
    subjectId: meterId,
    actor: ctx.actor,
    payload: { accountId: account.id, installedOn: input.installedOn, initialRead: input.initialRead },
  });
  return (await meterById(ctx.tx, meterId))!;
}

/** Takes a meter off its account with a final read (billed as the last interval). */
export async function removeMeter(
  ctx: UtilityContext,
  meterId: string,
  raw: { removedOn: string; finalRead: number },
): Promise<MeterRow> {
  const input = parseOrThrow(removeMeterBody, raw);
  const meter = await meterById(ctx.tx, meterId);
  if (!meter) throw notFound();
  if (meter.status !== 'active') throw new Problem(409, 'meter_not_installed');
  if (input.finalRead >= 10 ** meter.dials) throw new Problem(422, 'read_exceeds_register');
  const last = await lastReadOn(ctx.tx, meterId);
  if (last && input.removedOn < last.read_on) throw new Problem(409, 'read_before_previous');
  const used = last ? consumption(last.value, input.finalRead, meter) : null;
  if (used && 'implausible' in used) throw new Problem(422, 'final_read_below_previous');
  await ctx.tx.execute(sql`
    INSERT INTO meter_reads (meter_id, account_id, read_on, value, method, purpose, consumption, rollover, recorded_by)
    VALUES (${meterId}, ${meter.account_id}, ${input.removedOn}, ${input.finalRead}, 'manual', 'final',
            ${used ? used.units : null}, ${used ? used.rollover : false}, ${ctx.actor.id})`);
  await ctx.tx.execute(sql`
    UPDATE meter_assignments SET removed_on = ${input.removedOn} WHERE meter_id = ${meterId} AND removed_on IS NULL`);
  await ctx.tx.execute(sql`UPDATE meters SET status = 'removed', account_id = NULL WHERE id = ${meterId}`);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.meterRemoved,
    subjectType: 'meter',
    subjectId: meterId,
    actor: ctx.actor,
    payload: { accountId: meter.account_id, removedOn: input.removedOn, finalRead: input.finalRead },
  });
  return (await meterById(ctx.tx, meterId))!;
}

/** Replaces a meter on an account: the old one's final read, the new one's initial read. */
export async function swapMeter(
  ctx: UtilityContext,
  accountId: string,
  raw: {
    oldMeterId: string;
    finalRead: number;
    newMeter: NewMeterInput;
    initialRead: number;
    swappedOn: string;
  },
): Promise<MeterRow> {
  const input = parseOrThrow(swapMeterBody, raw);
  const old = await meterById(ctx.tx, input.oldMeterId);
  if (!old || old.account_id !== accountId) throw new Problem(404, 'meter_not_on_account');
  await removeMeter(ctx, old.id, { removedOn: input.swappedOn, finalRead: input.finalRead });
  const created = await createMeter(ctx, input.newMeter);
  return installMeter(ctx, created.id, {
    accountId,
    installedOn: input.swappedOn,
    initialRead: input.initialRead,
  });
}

/**
 * Moves an installed meter to another account in one step: its final read here and its
 * initial read there are the same register value on the same day, and its reads stay with
 * the account they were taken for. All or nothing: a refused install leaves it where it was.
 */
export async function moveMeter(
  ctx: UtilityContext,
  fromAccountId: string,
  raw: { meterId: string; toAccountId: string; movedOn: string; read: number },
): Promise<MeterRow> {
  const input = parseOrThrow(moveMeterBody, raw);
  const meter = await meterById(ctx.tx, input.meterId);
  if (!meter || meter.account_id !== fromAccountId) throw new Problem(404, 'meter_not_on_account');
  if (input.toAccountId === fromAccountId) throw new Problem(409, 'meter_move_same_account');
  const target = await accountById(ctx.tx, input.toAccountId);
  if (!target) throw new Problem(404, 'account_not_found');
  if (target.status === 'closed') throw new Problem(409, 'account_closed');
  await removeMeter(ctx, meter.id, { removedOn: input.movedOn, finalRead: input.read });
  return installMeter(ctx, meter.id, {
    accountId: target.id,
    installedOn: input.movedOn,
    initialRead: input.read,
  });
}

/**
 * Meters on an account now, and every meter it ever had with the dates; for a meter that has
 * since gone to another account, that account's number (the history of a move).
 */
export async function metersOfAccount(tx: Tx, accountId: string) {
  return queryRows<
    MeterRow & { installed_on: string; removed_on: string | null; now_on_account_number: string | null }
  >(
    tx,
    sql`SELECT m.id, m.serial, m.service, m.unit, m.dials, m.multiplier, m.status, m.account_id,
               to_char(a.installed_on, 'YYYY-MM-DD') AS installed_on, to_char(a.removed_on, 'YYYY-MM-DD') AS removed_on,
               CASE WHEN m.account_id <> a.account_id THEN now_on.account_number END AS now_on_account_number
        FROM meter_assignments a JOIN meters m ON m.id = a.meter_id
        LEFT JOIN utility_accounts now_on ON now_on.id = m.account_id
        WHERE a.account_id = ${accountId} ORDER BY a.removed_on NULLS FIRST, a.installed_on DESC`,
  );
}

/** Readings of every meter that served an account while it served it, newest first. */
export async function readsOfAccount(tx: Tx, accountId: string) {
  const rows = await queryRows<{
    id: string;
    read_on: string;
    value: string;
    method: string;
    purpose: string;
    consumption: string | null;
    rollover: boolean;
    serial: string;
  }>(
    tx,
    sql`SELECT r.id, to_char(r.read_on, 'YYYY-MM-DD') AS read_on, r.value::text, r.method, r.purpose,
               r.consumption::text, r.rollover, m.serial
        FROM meter_reads r JOIN meters m ON m.id = r.meter_id
        WHERE r.account_id = ${accountId} ORDER BY r.read_on DESC, m.serial LIMIT 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    readOn: r.read_on,
    value: Number(r.value),
    method: r.method,
    purpose: r.purpose,
    consumption: r.consumption === null ? null : Number(r.consumption),
    rollover: r.rollover,
    serial: r.serial,
  }));
}
