/**
 * Utility Billing — the rate calculator. Pure: no database, no I/O, no clock.
 *
 * The billing run and the rate preview in the dashboard both call `rateConsumption`, so a
 * statement line is always computed by this code. Money rules (PRODUCT.md, "Rules that hold
 * everywhere"): amounts are integer cents; rates are exact decimal strings that may carry
 * fractions of a cent; each line is rounded half-up to the cent exactly once; totals are sums of
 * already-rounded lines. Rate arithmetic is done in BigInt — no floating point touches money.
 */
import { isIsoDate } from '../accounts/index.js';

export type Localized = { en: string; es: string };
export type Service = 'water' | 'sewer' | 'electric' | 'gas' | 'trash' | 'storm';
/** upTo: cumulative units where this block ends (null = no end, last tier only); rate: exact decimal dollars per unit. */
export type RateTier = { upTo: number | null; rate: string };
export type RateSchedule = {
  service: Service;
  accountType: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  /** per billing period, integer cents ≥ 0 */
  baseChargeCents: number;
  /** inclining (or declining) blocks; may be empty for flat-only services */
  tiers: RateTier[];
  /** the base+volumetric total is raised to this when lower; a 'minimum' line shows the top-up */
  minimumChargeCents: number | null;
  /** e.g. trash, storm drainage; billed regardless of use */
  flatServices: { name: Localized; amountCents: number }[];
  /** sewer billed on water use = 'water_use'; flat-only = 'none' */
  usage: 'own_meter' | 'water_use' | 'none';
  /** optional cap on billed units when usage is 'water_use' (e.g. winter-average cap) */
  sewerCapUnits?: number | null;
};
export type ChargeLine = {
  kind: 'base' | 'tier' | 'minimum' | 'flat';
  label: Localized;
  /** units in this tier, null for base/minimum/flat */
  quantity: number | null;
  /** the tier's decimal rate, null otherwise */
  rate: string | null;
  /** rounded half-up to the cent ONCE per line */
  amountCents: number;
};
export type Rating = { lines: ChargeLine[]; totalCents: number; billedUnits: number };
export type ScheduleIssue = { field: string; code: string };

export const SERVICES: readonly Service[] = ['water', 'sewer', 'electric', 'gas', 'trash', 'storm'];

export const SERVICE_NAMES: Record<Service, Localized> = {
  water: { en: 'Water', es: 'Agua' },
  sewer: { en: 'Sewer', es: 'Alcantarillado' },
  electric: { en: 'Electric', es: 'Electricidad' },
  gas: { en: 'Gas', es: 'Gas' },
  trash: { en: 'Trash', es: 'Basura' },
  storm: { en: 'Storm drainage', es: 'Drenaje pluvial' },
};

const DEFAULT_UNIT_NAME: Localized = { en: 'units', es: 'unidades' };

/** Thrown by `rateConsumption` when handed a schedule that `validateSchedule` refuses. */
export class InvalidScheduleError extends Error {
  constructor(readonly issues: ScheduleIssue[]) {
    super(`Invalid rate schedule: ${issues.map((i) => `${i.field} ${i.code}`).join(', ')}`);
    this.name = 'InvalidScheduleError';
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Exact decimals                                                                              */
/* ------------------------------------------------------------------------------------------ */

/** Rates as stored: non-negative, plain decimal notation, at most 6 fraction digits. */
const RATE_RE = /^\d+(?:\.\d{1,6})?$/;
/** What `multiplyRate` accepts: any non-negative plain decimal (no sign, exponent, or spaces). */
const DECIMAL_RE = /^\d+(?:\.\d+)?$/;

/** Parses a non-negative decimal string exactly: "3.15" → { digits: 315n, scale: 2 }. */
export function parseDecimal(value: string): { digits: bigint; scale: number } {
  if (typeof value !== 'string' || !DECIMAL_RE.test(value)) {
    throw new RangeError(`Not a non-negative decimal: ${JSON.stringify(value)}`);
  }
  const [whole = '', fraction = ''] = value.split('.');
  return { digits: BigInt(whole + fraction), scale: fraction.length };
}

export function isValidRate(rate: unknown): rate is string {
  return typeof rate === 'string' && RATE_RE.test(rate);
}

function assertUnits(units: number, what = 'units'): void {
  if (!Number.isSafeInteger(units) || units < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${units}`);
  }
}

/** floor(numerator / denominator + 1/2) for numerator ≥ 0, denominator > 0: round half-up. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/**
 * Exact decimal rate (dollars per unit) × integer units → cents, rounded half-up once.
 * cents = round_half_up(digits × units × 100 / 10^scale), all in BigInt.
 * Throws RangeError on a malformed/negative rate, bad units, or a result beyond a safe integer.
 */
export function multiplyRate(rate: string, units: number): number {
  assertUnits(units);
  const { digits, scale } = parseDecimal(rate);
  const numerator = digits * BigInt(units) * 100n;
  const cents = divideHalfUp(numerator, 10n ** BigInt(scale));
  if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`Charge too large: ${rate} × ${units}`);
  }
  return Number(cents);
}

/* ------------------------------------------------------------------------------------------ */
/* Validation                                                                                  */
/* ------------------------------------------------------------------------------------------ */

function isCents(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isPositiveUnits(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Every problem with a schedule, as { field, code } pairs for localized messages; [] when valid.
 * Fields are dotted paths ("tiers.1.upTo", "flatServices.0.amountCents").
 *
 * Codes: invalid_service, required, invalid_date, invalid_cents, invalid_usage, invalid_rate,
 * invalid_units (upTo / cap not a positive integer), not_increasing, open_tier_not_last,
 * last_tier_must_be_open, tiers_without_usage (usage 'none' with volumetric tiers),
 * cap_requires_water_use (sewerCapUnits set when usage is not 'water_use').
 */
export function validateSchedule(schedule: RateSchedule): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  const add = (field: string, code: string) => issues.push({ field, code });

  if (!SERVICES.includes(schedule.service)) add('service', 'invalid_service');
  if (typeof schedule.accountType !== 'string' || schedule.accountType.trim() === '') {
    add('accountType', 'required');
  }
  if (!isIsoDate(schedule.effectiveFrom)) add('effectiveFrom', 'invalid_date');
  if (!isCents(schedule.baseChargeCents)) add('baseChargeCents', 'invalid_cents');
  if (schedule.minimumChargeCents !== null && !isCents(schedule.minimumChargeCents)) {
    add('minimumChargeCents', 'invalid_cents');
  }
  const usageOk =
    schedule.usage === 'own_meter' || schedule.usage === 'water_use' || schedule.usage === 'none';
  if (!usageOk) add('usage', 'invalid_usage');

  const tiers = Array.isArray(schedule.tiers) ? schedule.tiers : [];
  if (!Array.isArray(schedule.tiers)) add('tiers', 'required');
  if (schedule.usage === 'none' && tiers.length > 0) add('tiers', 'tiers_without_usage');
  let previous = 0;
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    if (!isValidRate(tier.rate)) add(`tiers.${i}.rate`, 'invalid_rate');
    if (tier.upTo === null) {
      if (!last) add(`tiers.${i}.upTo`, 'open_tier_not_last');
      return;
    }
    if (last) add(`tiers.${i}.upTo`, 'last_tier_must_be_open');
    if (!isPositiveUnits(tier.upTo)) {
      add(`tiers.${i}.upTo`, 'invalid_units');
      return;
    }
    if (tier.upTo <= previous) add(`tiers.${i}.upTo`, 'not_increasing');
    previous = Math.max(previous, tier.upTo);
  });

  const flats = Array.isArray(schedule.flatServices) ? schedule.flatServices : [];
  if (!Array.isArray(schedule.flatServices)) add('flatServices', 'required');
  flats.forEach((flat, i) => {
    if (typeof flat.name?.en !== 'string' || flat.name.en.trim() === '')
      add(`flatServices.${i}.name.en`, 'required');
    if (typeof flat.name?.es !== 'string' || flat.name.es.trim() === '')
      add(`flatServices.${i}.name.es`, 'required');
    if (!isCents(flat.amountCents)) add(`flatServices.${i}.amountCents`, 'invalid_cents');
  });

  const cap = schedule.sewerCapUnits;
  if (cap !== undefined && cap !== null) {
    if (schedule.usage !== 'water_use') add('sewerCapUnits', 'cap_requires_water_use');
    if (!isPositiveUnits(cap)) add('sewerCapUnits', 'invalid_units');
  }
  return issues;
}

/* ------------------------------------------------------------------------------------------ */
/* Choosing a schedule                                                                         */
/* ------------------------------------------------------------------------------------------ */

/**
 * The schedule in effect on `onDate` for a service and account type: the one with the latest
 * effectiveFrom ≤ onDate (ISO dates compare correctly as strings). When two share that date,
 * the later one in the array wins. undefined when none has started yet.
 */
export function scheduleInEffect(
  schedules: RateSchedule[],
  service: Service,
  accountType: string,
  onDate: string,
): RateSchedule | undefined {
  if (!isIsoDate(onDate)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(onDate)}`);
  let best: RateSchedule | undefined;
  for (const s of schedules) {
    if (s.service !== service || s.accountType !== accountType || s.effectiveFrom > onDate) continue;
    if (best === undefined || s.effectiveFrom >= best.effectiveFrom) best = s;
  }
  return best;
}

/* ------------------------------------------------------------------------------------------ */
/* Rating                                                                                      */
/* ------------------------------------------------------------------------------------------ */

/** 12345 → "12,345" (en-US and es-US both group with commas); fixed here so labels never vary with ICU. */
function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function tierLabel(service: Service, from: number, upTo: number | null, unit: Localized): Localized {
  const name = SERVICE_NAMES[service];
  if (upTo === null && from === 0) {
    return { en: `${name.en}, usage (${unit.en})`, es: `${name.es}, consumo (${unit.es})` };
  }
  if (upTo === null) {
    const f = groupThousands(from);
    return { en: `${name.en}, over ${f} ${unit.en}`, es: `${name.es}, más de ${f} ${unit.es}` };
  }
  // The first block reads "0–2,000"; later blocks start one unit past the previous end.
  const range = `${groupThousands(from === 0 ? 0 : from + 1)}–${groupThousands(upTo)}`;
  return { en: `${name.en}, ${range} ${unit.en}`, es: `${name.es}, ${range} ${unit.es}` };
}

/** Units the schedule bills on: the meter's own use, water use (capped for sewer), or none. */
function billedUnitsFor(schedule: RateSchedule, units: number): number {
  switch (schedule.usage) {
    case 'none':
      return 0;
    case 'water_use': {
      const cap = schedule.sewerCapUnits;
      return cap === undefined || cap === null ? units : Math.min(units, cap);
    }
    case 'own_meter':
      return units;
  }
}

/**
 * Rates one period's consumption. Lines come in statement order: base, tiers (lowest block first),
 * minimum top-up, flat services. Each line is rounded once; totalCents is the sum of the lines.
 *
 * - units: non-negative integer (RangeError otherwise). For usage 'water_use' pass the water use;
 *   for usage 'none' it is ignored (billedUnits 0).
 * - A base line appears only when baseChargeCents > 0.
 * - Tier lines with zero quantity are omitted (a 300-gallon bill does not list empty upper blocks).
 * - The minimum applies to base + volumetric only; flat services are added on top of it.
 * - Throws InvalidScheduleError when validateSchedule refuses the schedule.
 */
export function rateConsumption(
  schedule: RateSchedule,
  units: number,
  opts?: { unitName?: Localized },
): Rating {
  assertUnits(units);
  const issues = validateSchedule(schedule);
  if (issues.length > 0) throw new InvalidScheduleError(issues);

  const unit = opts?.unitName ?? DEFAULT_UNIT_NAME;
  const name = SERVICE_NAMES[schedule.service];
  const billedUnits = billedUnitsFor(schedule, units);
  const lines: ChargeLine[] = [];

  if (schedule.baseChargeCents > 0) {
    lines.push({
      kind: 'base',
      label: { en: `${name.en}, base charge`, es: `${name.es}, cargo base` },
      quantity: null,
      rate: null,
      amountCents: schedule.baseChargeCents,
    });
  }

  let from = 0;
  for (const tier of schedule.tiers) {
    const end = tier.upTo ?? Number.POSITIVE_INFINITY;
    const quantity = Math.max(0, Math.min(billedUnits, end) - from);
    // Zero-quantity tiers are omitted: they would add a $0.00 line and say nothing.
    if (quantity > 0) {
      lines.push({
        kind: 'tier',
        label: tierLabel(schedule.service, from, tier.upTo, unit),
        quantity,
        rate: tier.rate,
        amountCents: multiplyRate(tier.rate, quantity),
      });
    }
    if (tier.upTo === null) break;
    from = tier.upTo;
  }

  const metered = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (schedule.minimumChargeCents !== null && metered < schedule.minimumChargeCents) {
    lines.push({
      kind: 'minimum',
      label: { en: `${name.en}, minimum charge`, es: `${name.es}, cargo mínimo` },
      quantity: null,
      rate: null,
      amountCents: schedule.minimumChargeCents - metered,
    });
  }

  for (const flat of schedule.flatServices) {
    lines.push({
      kind: 'flat',
      label: { en: flat.name.en, es: flat.name.es },
      quantity: null,
      rate: null,
      amountCents: flat.amountCents,
    });
  }

  const totalCents = lines.reduce((sum, l) => sum + l.amountCents, 0);
  if (!Number.isSafeInteger(totalCents)) throw new RangeError('Total charge too large');
  return { lines, totalCents, billedUnits };
}
