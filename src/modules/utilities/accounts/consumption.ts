/**
 * Utility Billing — meter arithmetic. Pure: no database, no I/O, no clock.
 *
 * Register values and units are integers. A meter's register has `dials` digits (1–10) and rolls
 * over at 10^dials; its `multiplier` (a positive integer) turns register units into billed units.
 */

export type Read = { readOn: string; value: number; estimated: boolean }; // YYYY-MM-DD; register value, integer
export type ExceptionKind = 'missing' | 'zero' | 'high' | 'low' | 'negative';
export type Consumption = { units: number; rollover: boolean } | { implausible: true; reason: 'negative' };

const DAY_MS = 86_400_000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a real calendar date "YYYY-MM-DD", or null (e.g. "2026-02-30"). */
function epochDay(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  return epochDay(value) !== null;
}

/** Calendar days from a to b (b − a; negative when b is earlier). RangeError on a malformed date. */
export function daysBetween(a: string, b: string): number {
  const da = epochDay(a);
  const db = epochDay(b);
  if (da === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(a)}`);
  if (db === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(b)}`);
  return db - da;
}

function assertDials(dials: number): void {
  if (!Number.isInteger(dials) || dials < 1 || dials > 10) {
    throw new RangeError(`dials must be an integer from 1 to 10, got ${dials}`);
  }
}

function assertMultiplier(multiplier: number): void {
  if (!Number.isSafeInteger(multiplier) || multiplier < 1) {
    throw new RangeError(`multiplier must be a positive integer, got ${multiplier}`);
  }
}

function safe(units: number): number {
  if (!Number.isSafeInteger(units)) throw new RangeError('Consumption too large');
  return units;
}

/** The register rolls over at 10^dials (dials 1–10). */
export function registerCapacity(dials: number): number {
  assertDials(dials);
  return 10 ** dials;
}

/**
 * Consumption between two reads of one meter: (current − prior) × multiplier, or with rollover
 * when current < prior and the rolled-over amount is plausible.
 *
 * Rollover: units = (capacity − prior + current) × multiplier, accepted when ≤ maxPlausibleUnits
 * (default: half the register's capacity × multiplier); otherwise the read is an implausible
 * negative, an exception for staff review.
 *
 * Throws RangeError when a read is not an integer in [0, capacity), dials are outside 1–10, the
 * multiplier is not a positive integer, or maxPlausibleUnits is negative — those are data-entry
 * errors that must be refused at input, not billed.
 */
export function consumption(
  prior: number,
  current: number,
  meter: { dials: number; multiplier: number },
  opts?: { maxPlausibleUnits?: number },
): Consumption {
  const capacity = registerCapacity(meter.dials);
  assertMultiplier(meter.multiplier);
  for (const [what, v] of [
    ['prior', prior],
    ['current', current],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v >= capacity) {
      throw new RangeError(`${what} read must be an integer from 0 to ${capacity - 1}, got ${v}`);
    }
  }
  const maxPlausible = opts?.maxPlausibleUnits ?? (capacity / 2) * meter.multiplier;
  if (!(maxPlausible >= 0)) throw new RangeError(`maxPlausibleUnits must be ≥ 0, got ${maxPlausible}`);

  if (current >= prior) return { units: safe((current - prior) * meter.multiplier), rollover: false };
  const rolled = safe((capacity - prior + current) * meter.multiplier);
  if (rolled <= maxPlausible) return { units: rolled, rollover: true };
  return { implausible: true, reason: 'negative' };
}

/**
 * Estimated units for a period of `days` days when a read is missing: the average daily use over
 * the last 3 ACTUAL reads (estimated reads are ignored), × days, rounded half-up to an integer.
 *
 * The average is total use across those reads ÷ the days they span, computed exactly (BigInt), so
 * an estimate is the same on every run. Returns null when there is not enough history: fewer than
 * 2 actual reads, a span of 0 days, or a drop between reads that is not a plausible rollover.
 * Without `opts.dials` any drop counts as not enough history; with it, drops are checked as
 * rollovers exactly as `consumption` does.
 */
export function estimateUnits(
  actualReads: Read[],
  multiplier: number,
  days: number,
  opts?: { dials?: number },
): number | null {
  assertMultiplier(multiplier);
  if (!Number.isSafeInteger(days) || days < 0)
    throw new RangeError(`days must be a non-negative integer, got ${days}`);

  const actual = actualReads
    .filter((r) => !r.estimated)
    .map((r) => ({ ...r, day: epochDay(r.readOn) }))
    .filter((r): r is Read & { day: number } => {
      if (r.day === null) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(r.readOn)}`);
      return true;
    })
    .sort((x, y) => x.day - y.day)
    .slice(-3);
  if (actual.length < 2) return null;
  for (const r of actual) {
    if (!Number.isSafeInteger(r.value) || r.value < 0) {
      throw new RangeError(`Read values must be non-negative integers, got ${r.value}`);
    }
  }
  const first = actual[0]!;
  const last = actual[actual.length - 1]!;
  const span = last.day - first.day;
  if (span <= 0) return null;

  let total = 0;
  for (let i = 1; i < actual.length; i++) {
    const prior = actual[i - 1]!.value;
    const current = actual[i]!.value;
    if (current >= prior) {
      total += (current - prior) * multiplier;
    } else if (opts?.dials !== undefined) {
      const c = consumption(prior, current, { dials: opts.dials, multiplier });
      if ('implausible' in c) return null;
      total += c.units;
    } else {
      return null;
    }
  }
  // round_half_up(total × days / span) = floor((2·total·days + span) / (2·span)), all non-negative.
  const n = BigInt(safe(total)) * BigInt(days);
  const d = BigInt(span);
  return safe(Number((2n * n + d) / (2n * d)));
}

/**
 * Use that needs staff review before billing. zero → 'zero'; with a trailing average > 0:
 * units > avg × highRatio → 'high', units < avg × lowRatio → 'low'; otherwise null.
 * 'missing' and 'negative' are never returned here: they come from a missing read and from
 * `consumption` reporting an implausible negative.
 */
export function classifyUse(
  units: number,
  trailingAverage: number | null,
  thresholds: { highRatio: number; lowRatio: number },
): ExceptionKind | null {
  if (!Number.isFinite(units) || units < 0) throw new RangeError(`units must be non-negative, got ${units}`);
  if (units === 0) return 'zero';
  if (trailingAverage === null || !(trailingAverage > 0)) return null;
  if (units > trailingAverage * thresholds.highRatio) return 'high';
  if (units < trailingAverage * thresholds.lowRatio) return 'low';
  return null;
}
