import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { invalid, notFound, Problem } from '../../../kernel/problem.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { rateConsumption, validateSchedule, type RateSchedule } from './calculator.js';

/** Account types and the rate schedules ("types" in the dashboard) each service bills by. */

export const accountTypeBody = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/),
  name: z.object({ en: z.string().trim().min(1).max(80), es: z.string().trim().min(1).max(80) }),
});

const localized = z.object({ en: z.string().trim().min(1).max(80), es: z.string().trim().min(1).max(80) });
export const scheduleBody = z.object({
  service: z.enum(['water', 'sewer', 'electric', 'gas', 'trash', 'storm']),
  accountType: z.string().min(2).max(40),
  effectiveFrom: z.iso.date(),
  baseChargeCents: z.number().int().min(0).max(10_000_000),
  tiers: z
    .array(z.object({ upTo: z.number().int().positive().nullable(), rate: z.string().max(20) }))
    .max(20),
  minimumChargeCents: z.number().int().min(0).max(10_000_000).nullable(),
  flatServices: z
    .array(z.object({ name: localized, amountCents: z.number().int().min(0).max(10_000_000) }))
    .max(10),
  usage: z.enum(['own_meter', 'water_use', 'none']),
  sewerCapUnits: z.number().int().positive().nullish(),
});

/** A stored schedule version, as the API shows it. */
export const scheduleView = scheduleBody.extend({ id: z.uuid() });
const lineView = z.object({
  kind: z.enum(['base', 'tier', 'minimum', 'flat']),
  label: z.object({ en: z.string(), es: z.string() }),
  quantity: z.number().nullable(),
  rate: z.string().nullable(),
  amountCents: z.number().int(),
});
/** The calculator's answer: the charge for a consumption, line by line. */
export const ratingView = z.object({
  lines: z.array(lineView),
  totalCents: z.number().int(),
  billedUnits: z.number().int(),
});

export async function listAccountTypes(tx: Tx) {
  return queryRows<{ code: string; name: { en: string; es: string } }>(
    tx,
    sql`SELECT code, name FROM utility_account_types ORDER BY code`,
  );
}

export async function saveAccountType(ctx: UtilityContext, raw: unknown) {
  const input = parseOrThrow(accountTypeBody, raw);
  await ctx.tx.execute(sql`
    INSERT INTO utility_account_types (code, name) VALUES (${input.code}, ${JSON.stringify(input.name)}::jsonb)
    ON CONFLICT (tenant_id, code) DO UPDATE SET name = excluded.name`);
  return input;
}

export type StoredSchedule = RateSchedule & { id: string };

export async function listSchedules(tx: Tx): Promise<StoredSchedule[]> {
  const rows = await queryRows<{ id: string; definition: RateSchedule }>(
    tx,
    sql`SELECT id, definition FROM rate_schedules ORDER BY account_type, service, effective_from DESC`,
  );
  return rows.map((r) => ({ ...r.definition, id: r.id }));
}

export async function scheduleById(tx: Tx, id: string): Promise<StoredSchedule | undefined> {
  const [row] = await queryRows<{ id: string; definition: RateSchedule }>(
    tx,
    sql`SELECT id, definition FROM rate_schedules WHERE id = ${id}`,
  );
  return row && { ...row.definition, id: row.id };
}

/**
 * Saves a rate schedule (a new effective date makes a new version; the same date replaces
 * that version). Refused with field errors when the calculator would refuse it.
 */
export async function saveSchedule(ctx: UtilityContext, raw: unknown): Promise<StoredSchedule> {
  const input = parseOrThrow(scheduleBody, raw) as RateSchedule;
  const issues = validateSchedule(input);
  if (issues.length > 0) throw invalid(issues.map((i) => ({ field: i.field, code: 'schedule_invalid' })));
  const [type] = await queryRows<{ code: string }>(
    ctx.tx,
    sql`SELECT code FROM utility_account_types WHERE code = ${input.accountType}`,
  );
  if (!type) throw invalid([{ field: 'accountType', code: 'account_type_unknown' }]);
  const [row] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`INSERT INTO rate_schedules (account_type, service, effective_from, definition, created_by)
        VALUES (${input.accountType}, ${input.service}, ${input.effectiveFrom}, ${JSON.stringify(input)}::jsonb, ${ctx.actor.id})
        ON CONFLICT (tenant_id, account_type, service, effective_from) DO UPDATE SET definition = excluded.definition
        RETURNING id`,
  );
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.rateScheduleSaved,
    subjectType: 'rate_schedule',
    subjectId: row!.id,
    actor: ctx.actor,
    payload: { accountType: input.accountType, service: input.service, effectiveFrom: input.effectiveFrom },
  });
  return { ...input, id: row!.id };
}

/** The calculator staff use on the types page — the same code the billing run uses. */
export async function calculate(tx: Tx, scheduleId: string, units: number) {
  const schedule = await scheduleById(tx, scheduleId);
  if (!schedule) throw notFound();
  if (!Number.isSafeInteger(units) || units < 0) throw new Problem(400, 'validation_failed');
  return rateConsumption(schedule, units);
}
