import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { type UtilityContext, UtilitiesEvents } from '../shared/index.js';
import { isValidRoutingNumber, toNachaText } from './nacha.js';

/**
 * Each entity's ACH origination details: its bank (the ODFI, where files go), its company
 * name and id as the bank registered them, and how many returned drafts end autopay. Until an
 * administrator saves them, demo defaults apply (a valid test routing number and the entity's
 * own name), so a demo install can build a file that passes every check but moves no money.
 */

const nachaText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => toNachaText(v) !== '', 'nacha_text_invalid');

export const autopaySettingsBody = z.object({
  /** Routing number of the bank that receives the files (the ODFI), 9 digits. */
  immediateDestination: z
    .string()
    .trim()
    .regex(/^\d{9}$/, 'routing_number_format')
    .refine(isValidRoutingNumber, 'routing_number_check_digit'),
  /** That bank's name, up to 23 characters. */
  destinationName: nachaText(23),
  /** Who sends the file: usually "1" + the entity's EIN (10 characters), or a 9-digit routing number. */
  immediateOrigin: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^(\d{9}|[0-9A-Z]{10})$/, 'ach_origin_invalid'),
  /** The entity's name as the bank knows it, up to 23 characters. */
  originName: nachaText(23),
  /** Company name on the customer's bank statement, up to 16 characters. */
  companyName: nachaText(16),
  /** Company identification given by the bank (often "1" + EIN), up to 10 characters. */
  companyId: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{1,10}$/, 'ach_company_id_invalid'),
  /** The bank's routing number without its check digit: 8 digits. */
  originatingDfi: z
    .string()
    .trim()
    .regex(/^\d{8}$/, 'ach_odfi_invalid'),
  /** What the customer's bank statement says the draft is for, up to 10 characters. */
  entryDescription: nachaText(10),
  /** Time zone of the file's creation date and time, e.g. America/Chicago. */
  timeZone: z
    .string()
    .trim()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'time_zone_invalid'),
  /** Returned drafts after which an account leaves autopay (R02, R03, R04… end it at once). */
  returnLimit: z.number().int().min(1).max(10),
});
export type AutopaySettings = z.output<typeof autopaySettingsBody>;
export const autopaySettingsView = autopaySettingsBody.extend({
  /** false while the demo defaults apply. */
  saved: z.boolean(),
});

export function defaultAutopaySettings(entityName: string): AutopaySettings {
  return {
    immediateDestination: '111000025',
    destinationName: 'DEMO BANK',
    immediateOrigin: '1123456789',
    originName: entityName.slice(0, 23),
    companyName: entityName.slice(0, 16),
    companyId: '1123456789',
    originatingDfi: '11100002',
    entryDescription: 'UTILITY',
    timeZone: 'America/Chicago',
    returnLimit: 2,
  };
}

type SettingsRow = {
  immediate_destination: string;
  destination_name: string;
  immediate_origin: string;
  origin_name: string;
  company_name: string;
  company_id: string;
  originating_dfi: string;
  entry_description: string;
  time_zone: string;
  return_limit: number;
};

export async function autopaySettings(
  tx: Tx,
  entityName: string,
): Promise<AutopaySettings & { saved: boolean }> {
  const [r] = await queryRows<SettingsRow>(tx, sql`SELECT * FROM autopay_settings`);
  if (!r) return { ...defaultAutopaySettings(entityName), saved: false };
  return {
    immediateDestination: r.immediate_destination,
    destinationName: r.destination_name,
    immediateOrigin: r.immediate_origin,
    originName: r.origin_name,
    companyName: r.company_name,
    companyId: r.company_id,
    originatingDfi: r.originating_dfi,
    entryDescription: r.entry_description,
    timeZone: r.time_zone,
    returnLimit: r.return_limit,
    saved: true,
  };
}

export async function saveAutopaySettings(
  ctx: UtilityContext,
  raw: unknown,
): Promise<AutopaySettings & { saved: boolean }> {
  const s = parseOrThrow(autopaySettingsBody, raw);
  await ctx.tx.execute(sql`
    INSERT INTO autopay_settings (immediate_destination, destination_name, immediate_origin, origin_name,
      company_name, company_id, originating_dfi, entry_description, time_zone, return_limit, updated_by)
    VALUES (${s.immediateDestination}, ${s.destinationName}, ${s.immediateOrigin}, ${s.originName},
      ${s.companyName}, ${s.companyId}, ${s.originatingDfi}, ${s.entryDescription}, ${s.timeZone},
      ${s.returnLimit}, ${ctx.actor.id})
    ON CONFLICT (tenant_id) DO UPDATE SET immediate_destination = EXCLUDED.immediate_destination,
      destination_name = EXCLUDED.destination_name, immediate_origin = EXCLUDED.immediate_origin,
      origin_name = EXCLUDED.origin_name, company_name = EXCLUDED.company_name,
      company_id = EXCLUDED.company_id, originating_dfi = EXCLUDED.originating_dfi,
      entry_description = EXCLUDED.entry_description, time_zone = EXCLUDED.time_zone,
      return_limit = EXCLUDED.return_limit, updated_by = EXCLUDED.updated_by, updated_at = now()`);
  await ctx.events.record(ctx.tx, {
    type: UtilitiesEvents.autopaySettingsSaved,
    subjectType: 'autopay_settings',
    subjectId: 'autopay_settings',
    actor: ctx.actor,
    payload: { ...s },
  });
  return { ...s, saved: true };
}
