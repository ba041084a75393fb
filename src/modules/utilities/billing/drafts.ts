import { t, type Language } from '../../../lib/i18n.js';
import { rateConsumption, scheduleInEffect, type ChargeLine, type Service } from '../rates/index.js';

/**
 * The pure middle of a billing run: from the cycle's accounts, their meters' use, open
 * exceptions and the rate schedules, one draft statement per account (its lines, totals and
 * issues). No SQL here: calculate.ts reads the inputs in a few set-based queries and writes the
 * drafts; this file is what they are computed by.
 */

export type StatementIssue = { code: 'missing_read' | 'open_exception' | 'no_rate'; [k: string]: unknown };

export type AccountRow = {
  id: string;
  account_number: string;
  customer_name: string;
  email: string | null;
  language: Language;
  address: string;
  account_type: string;
  autopay: boolean;
};
export type MeterUse = {
  account_id: string;
  meter_id: string;
  serial: string;
  service: Service;
  unit: string;
  active: boolean;
  consumption: string | null;
  reads: number;
  estimated: boolean;
  rollover: boolean;
  current_read: string | null;
  current_read_on: string | null;
  prior_read: string | null;
  prior_read_on: string | null;
};

export type DraftMeter = {
  meterId: string;
  serial: string;
  service: Service;
  unit: string;
  priorRead: number | null;
  priorReadOn: string | null;
  currentRead: number | null;
  currentReadOn: string | null;
  consumption: number;
  estimated: boolean;
  rollover: boolean;
};
export type DraftLine = ChargeLine & { service: Service };
export type Draft = {
  accountId: string;
  meters: DraftMeter[];
  lines: DraftLine[];
  currentChargesCents: number;
  issues: StatementIssue[];
  estimated: boolean;
};

const SERVICE_ORDER: Service[] = ['water', 'sewer', 'electric', 'gas', 'trash', 'storm'];
const UNITS = ['gal', 'kgal', 'ccf', 'cf', 'kwh', 'therm'] as const;
const unitName = (unit: string) =>
  UNITS.includes(unit as (typeof UNITS)[number])
    ? { en: t('en', `billing:units.${unit}`), es: t('es', `billing:units.${unit}`) }
    : { en: unit, es: unit };

/**
 * Rates one account for the cycle: pure, so the hand-worked tests and the run share it.
 * Own-meter schedules bill the use of the account's meters of that service (and are skipped
 * when it has none); water-use schedules (sewer) bill its water use; flat ones always apply.
 */
export function rateAccount(
  accountType: string,
  meters: DraftMeter[],
  schedules: Parameters<typeof scheduleInEffect>[0],
  onDate: string,
): { lines: DraftLine[]; issues: StatementIssue[] } {
  const lines: DraftLine[] = [];
  const issues: StatementIssue[] = [];
  const useOf = (service: Service) =>
    meters.filter((m) => m.service === service).reduce((s, m) => s + m.consumption, 0);
  const unitOf = (service: Service) => meters.find((m) => m.service === service)?.unit ?? 'gal';
  const services = [...new Set(schedules.filter((s) => s.accountType === accountType).map((s) => s.service))];
  const inEffect = services
    .map((service) => scheduleInEffect(schedules, service, accountType, onDate))
    .filter((s) => s !== undefined)
    // Statement order: metered services first (water before the sewer billed on it), flat ones last.
    .sort((x, y) => SERVICE_ORDER.indexOf(x.service) - SERVICE_ORDER.indexOf(y.service));
  if (inEffect.length === 0) issues.push({ code: 'no_rate', accountType });
  for (const service of new Set(meters.map((m) => m.service))) {
    if (!inEffect.some((s) => s.service === service && s.usage === 'own_meter'))
      issues.push({ code: 'no_rate', accountType, service });
  }
  const hasWater = meters.some((m) => m.service === 'water');
  for (const schedule of inEffect) {
    let units = 0;
    let unit = 'gal';
    if (schedule.usage === 'own_meter') {
      if (!meters.some((m) => m.service === schedule.service)) continue;
      units = useOf(schedule.service);
      unit = unitOf(schedule.service);
    } else if (schedule.usage === 'water_use') {
      if (!hasWater) continue;
      units = useOf('water');
      unit = unitOf('water');
    }
    const rating = rateConsumption(schedule, units, { unitName: unitName(unit) });
    for (const line of rating.lines) lines.push({ ...line, service: schedule.service });
  }
  return { lines, issues };
}

export function draftsFrom(
  accounts: AccountRow[],
  uses: MeterUse[],
  exceptions: Map<string, { kind: string; meterId: string; serial?: string }[]>,
  schedules: Parameters<typeof scheduleInEffect>[0],
  onDate: string,
): Draft[] {
  const byAccount = new Map<string, MeterUse[]>();
  for (const u of uses) {
    const list = byAccount.get(u.account_id) ?? [];
    list.push(u);
    byAccount.set(u.account_id, list);
  }
  return accounts.map((a) => {
    const issues: StatementIssue[] = [];
    const meters: DraftMeter[] = [];
    for (const u of byAccount.get(a.id) ?? []) {
      if (u.reads === 0) {
        issues.push({ code: 'missing_read', meterId: u.meter_id, serial: u.serial });
        continue;
      }
      meters.push({
        meterId: u.meter_id,
        serial: u.serial,
        service: u.service,
        unit: u.unit,
        priorRead: u.prior_read === null ? null : Number(u.prior_read),
        priorReadOn: u.prior_read_on,
        currentRead: u.current_read === null ? null : Number(u.current_read),
        currentReadOn: u.current_read_on,
        consumption: Number(u.consumption ?? 0),
        estimated: u.estimated,
        rollover: u.rollover,
      });
    }
    for (const e of exceptions.get(a.id) ?? []) {
      issues.push({ code: 'open_exception', kind: e.kind, meterId: e.meterId, serial: e.serial });
    }
    const rated = rateAccount(a.account_type, meters, schedules, onDate);
    issues.push(...rated.issues);
    return {
      accountId: a.id,
      meters,
      lines: rated.lines,
      currentChargesCents: rated.lines.reduce((s, l) => s + l.amountCents, 0),
      issues,
      estimated: meters.some((m) => m.estimated),
    };
  });
}
