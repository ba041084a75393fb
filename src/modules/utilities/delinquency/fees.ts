import { divideHalfUp, parseDecimal } from '../rates/index.js';

/**
 * The arithmetic of delinquency, pure so it can be tested alone. Money is integer cents and
 * percentages are exact decimals (BigInt, never floating point); a fee is rounded half-up once.
 */

/** A late-fee percent as stored: 0–999 with at most three decimals ("10", "1.5", "0.125"). */
export const PERCENT_RE = /^\d{1,3}(?:\.\d{1,3})?$/;

/**
 * Late fee = flat + percent × unpaid, rounded half-up to the cent once:
 * round_half_up((flat × 100 × 10^scale + unpaid × digits) / (100 × 10^scale)).
 */
export function lateFeeCents(unpaidCents: number, flatCents: number, percent: string): number {
  for (const [name, v] of [
    ['unpaidCents', unpaidCents],
    ['flatCents', flatCents],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`${name} must be non-negative cents: ${v}`);
  }
  if (!PERCENT_RE.test(percent)) throw new RangeError(`not a percent: ${JSON.stringify(percent)}`);
  const { digits, scale } = parseDecimal(percent);
  const denominator = 100n * 10n ** BigInt(scale);
  const fee = divideHalfUp(BigInt(flatCents) * denominator + BigInt(unpaidCents) * digits, denominator);
  if (fee > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('late fee too large');
  return Number(fee);
}

/** YYYY-MM-DD plus whole days (calendar arithmetic in UTC, so no daylight-saving surprises). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The last day a statement may still be paid without becoming past due. */
export const lastDayBeforePastDue = (penaltyDate: string, graceDays: number) =>
  addDays(penaltyDate, graceDays);

/** Today's calendar date in UTC, for the scheduled run. */
export const utcToday = (now = new Date()) => now.toISOString().slice(0, 10);
