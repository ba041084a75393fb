import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  lastDayBeforePastDue,
  lateFeeCents,
} from '../../src/modules/utilities/delinquency/index.js';

describe('late fee arithmetic', () => {
  it('adds the flat part and the percent of the unpaid amount, rounded half-up once', () => {
    expect(lateFeeCents(3030, 0, '10')).toBe(303);
    expect(lateFeeCents(3030, 100, '1.5')).toBe(145); // 100 + 45.45
    expect(lateFeeCents(3100, 100, '1.5')).toBe(147); // 100 + 46.5 → half up
    expect(lateFeeCents(3100, 0, '1.5')).toBe(47);
    expect(lateFeeCents(3099, 0, '1.5')).toBe(46); // 46.485
    expect(lateFeeCents(1, 0, '50')).toBe(1); // 0.5 → 1
    expect(lateFeeCents(1, 0, '49.999')).toBe(0);
    expect(lateFeeCents(8000, 1000, '0')).toBe(1000);
    expect(lateFeeCents(0, 500, '10')).toBe(500);
    expect(lateFeeCents(12345, 0, '0.125')).toBe(15); // 15.43125
  });

  it('rounds the sum once rather than each part', () => {
    // 0.5¢ + 0.5¢ rounded separately would be 2¢; the exact sum of 1¢ is not rounded at all.
    expect(lateFeeCents(100, 0, '0.5')).toBe(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (unpaid, flat, milli) => {
          const percent = `${Math.floor(milli / 1000)}.${String(milli % 1000).padStart(3, '0')}`;
          const fee = lateFeeCents(unpaid, flat, percent);
          // Exact: fee is the integer nearest flat + unpaid × milli / 100,000, ties up.
          const exact2 = 2n * (BigInt(flat) * 100_000n + BigInt(unpaid) * BigInt(milli));
          const lower = BigInt(fee) * 200_000n - 100_000n;
          const upper = BigInt(fee) * 200_000n + 100_000n;
          return exact2 >= lower && exact2 < upper;
        },
      ),
    );
  });

  it('refuses floats, negatives and malformed percents', () => {
    expect(() => lateFeeCents(10.5, 0, '1')).toThrow(RangeError);
    expect(() => lateFeeCents(-1, 0, '1')).toThrow(RangeError);
    expect(() => lateFeeCents(100, -5, '1')).toThrow(RangeError);
    for (const bad of ['1.2345', '-1', '1e2', '', ' 1', '1000', '.5']) {
      expect(() => lateFeeCents(100, 0, bad), bad).toThrow(RangeError);
    }
  });
});

describe('delinquency dates', () => {
  it('counts calendar days across month and year ends', () => {
    expect(addDays('2026-10-25', 5)).toBe('2026-10-30');
    expect(addDays('2026-10-30', 10)).toBe('2026-11-09');
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-27', 2)).toBe('2028-02-29');
    expect(lastDayBeforePastDue('2026-03-06', 3)).toBe('2026-03-09'); // across the DST change
  });
});
