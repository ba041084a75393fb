import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyUse,
  consumption,
  daysBetween,
  estimateUnits,
  registerCapacity,
  type Read,
} from '../../src/modules/utilities/accounts/index.js';

describe('registerCapacity', () => {
  it('is 10^dials for 1–10 dials', () => {
    expect(registerCapacity(1)).toBe(10);
    expect(registerCapacity(4)).toBe(10_000);
    expect(registerCapacity(10)).toBe(10_000_000_000);
  });

  it('refuses dials outside 1–10', () => {
    for (const d of [0, 11, 2.5, -4]) expect(() => registerCapacity(d)).toThrow(RangeError);
  });
});

describe('consumption', () => {
  it('is (current − prior) × multiplier for normal use', () => {
    // 6 dials, 1,234 → 1,334 = 100 register units × 10 = 1,000 units
    expect(consumption(1234, 1334, { dials: 6, multiplier: 10 })).toEqual({ units: 1000, rollover: false });
    expect(consumption(500, 500, { dials: 4, multiplier: 1 })).toEqual({ units: 0, rollover: false });
  });

  it('rolls over when the current read is below the prior one', () => {
    // 4 dials → capacity 10,000; prior 9,950, current 30: 10,000 − 9,950 + 30 = 80 × 10 = 800 units
    expect(consumption(9950, 30, { dials: 4, multiplier: 10 })).toEqual({ units: 800, rollover: true });
  });

  it('reports an implausible negative when the rollover would be too large', () => {
    // 4 dials: prior 5,000, current 4,000 → rolled 10,000 − 5,000 + 4,000 = 9,000 > 5,000 (half capacity)
    expect(consumption(5000, 4000, { dials: 4, multiplier: 1 })).toEqual({
      implausible: true,
      reason: 'negative',
    });
    // With multiplier 10 the limit scales too: 90,000 > 50,000.
    expect(consumption(5000, 4000, { dials: 4, multiplier: 10 })).toEqual({
      implausible: true,
      reason: 'negative',
    });
  });

  it('accepts a rollover of exactly half the capacity, and honours maxPlausibleUnits', () => {
    // prior 9,000, current 4,000: 10,000 − 9,000 + 4,000 = 5,000 = half of 10,000 → plausible
    expect(consumption(9000, 4000, { dials: 4, multiplier: 1 })).toEqual({ units: 5000, rollover: true });
    expect(consumption(5000, 4000, { dials: 4, multiplier: 1 }, { maxPlausibleUnits: 9000 })).toEqual({
      units: 9000,
      rollover: true,
    });
    expect(consumption(9950, 30, { dials: 4, multiplier: 10 }, { maxPlausibleUnits: 799 })).toEqual({
      implausible: true,
      reason: 'negative',
    });
  });

  it('refuses reads that do not fit the register and bad multipliers', () => {
    expect(() => consumption(0, 10_000, { dials: 4, multiplier: 1 })).toThrow(RangeError);
    expect(() => consumption(-1, 5, { dials: 4, multiplier: 1 })).toThrow(RangeError);
    expect(() => consumption(1.5, 5, { dials: 4, multiplier: 1 })).toThrow(RangeError);
    expect(() => consumption(1, 5, { dials: 4, multiplier: 0 })).toThrow(RangeError);
    expect(() => consumption(1, 5, { dials: 4, multiplier: 2.5 })).toThrow(RangeError);
  });

  it('is never negative (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 10 })
          .chain((dials) =>
            fc.tuple(
              fc.constant(dials),
              fc.integer({ min: 0, max: 10 ** dials - 1 }),
              fc.integer({ min: 0, max: 10 ** dials - 1 }),
              fc.integer({ min: 1, max: 1000 }),
            ),
          ),
        ([dials, prior, current, multiplier]) => {
          const c = consumption(prior, current, { dials, multiplier });
          if ('implausible' in c) {
            expect(current).toBeLessThan(prior);
            return;
          }
          expect(Number.isSafeInteger(c.units)).toBe(true);
          expect(c.units).toBeGreaterThanOrEqual(0);
          expect(c.rollover).toBe(current < prior);
          if (!c.rollover) expect(c.units).toBe((current - prior) * multiplier);
          else expect(c.units).toBeLessThanOrEqual((10 ** dials / 2) * multiplier);
        },
      ),
    );
  });
});

describe('estimateUnits', () => {
  const read = (readOn: string, value: number, estimated = false): Read => ({ readOn, value, estimated });

  it('averages daily use over the last 3 actual reads, ignoring estimated ones', () => {
    // Actual reads, oldest to newest: Dec 1 (500), Jan 1 (1,000), Feb 1 (1,310), Mar 3 (1,600);
    // an estimated read on Mar 1 (9,999) is ignored. The last 3 actual: Jan 1, Feb 1, Mar 3.
    // Use = (1,600 − 1,000) × 10 = 6,000 units over 31 + 28 + 2 = 61 days.
    // 30-day estimate = 6,000 × 30 / 61 = 2,950.82 → 2,951.
    const reads = [
      read('2026-03-03', 1600),
      read('2025-12-01', 500),
      read('2026-03-01', 9999, true),
      read('2026-01-01', 1000),
      read('2026-02-01', 1310),
    ];
    expect(estimateUnits(reads, 10, 30)).toBe(2951);
    expect(estimateUnits(reads, 10, 0)).toBe(0);
  });

  it('rounds half-up', () => {
    // 5 units over 2 days × 1 day = 2.5 → 3 (not 2)
    expect(estimateUnits([read('2026-01-01', 0), read('2026-01-03', 5)], 1, 1)).toBe(3);
    // 5 units over 4 days × 1 day = 1.25 → 1
    expect(estimateUnits([read('2026-01-01', 0), read('2026-01-05', 5)], 1, 1)).toBe(1);
  });

  it('is null when there is not enough history', () => {
    expect(estimateUnits([], 1, 30)).toBeNull();
    expect(estimateUnits([read('2026-01-01', 100)], 1, 30)).toBeNull();
    // An estimated read does not count as history.
    expect(estimateUnits([read('2026-01-01', 100), read('2026-02-01', 300, true)], 1, 30)).toBeNull();
    // Two actual reads on the same day span 0 days.
    expect(estimateUnits([read('2026-01-01', 100), read('2026-01-01', 120)], 1, 30)).toBeNull();
  });

  it('follows a plausible rollover when the dials are known, and is null on a drop otherwise', () => {
    // 4 dials: 9,900 → 100 is 200 units over 10 days → 20/day × 30 = 600
    const reads = [read('2026-01-01', 9900), read('2026-01-11', 100)];
    expect(estimateUnits(reads, 1, 30, { dials: 4 })).toBe(600);
    expect(estimateUnits(reads, 1, 30)).toBeNull();
    // 5,000 → 4,000 on 4 dials is not a plausible rollover.
    expect(
      estimateUnits([read('2026-01-01', 5000), read('2026-01-11', 4000)], 1, 30, { dials: 4 }),
    ).toBeNull();
  });

  it('refuses bad arguments', () => {
    const reads = [read('2026-01-01', 0), read('2026-01-03', 5)];
    expect(() => estimateUnits(reads, 0, 30)).toThrow(RangeError);
    expect(() => estimateUnits(reads, 1, -1)).toThrow(RangeError);
    expect(() => estimateUnits([read('2026-02-30', 0), read('2026-03-03', 5)], 1, 30)).toThrow(RangeError);
  });
});

describe('classifyUse', () => {
  const t = { highRatio: 2, lowRatio: 0.5 };

  it('flags zero use, with or without history', () => {
    expect(classifyUse(0, 100, t)).toBe('zero');
    expect(classifyUse(0, null, t)).toBe('zero');
  });

  it('flags high and low use against the trailing average', () => {
    expect(classifyUse(201, 100, t)).toBe('high');
    expect(classifyUse(200, 100, t)).toBeNull(); // not above avg × 2
    expect(classifyUse(49, 100, t)).toBe('low');
    expect(classifyUse(50, 100, t)).toBeNull(); // not below avg × 0.5
    expect(classifyUse(120, 100, t)).toBeNull();
  });

  it('has nothing to compare against without a positive average', () => {
    expect(classifyUse(5000, null, t)).toBeNull();
    expect(classifyUse(5000, 0, t)).toBeNull();
  });
});

describe('daysBetween', () => {
  it('counts calendar days, leap days included', () => {
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-01-01')).toBe(-59);
    expect(daysBetween('2026-03-08', '2026-03-09')).toBe(1); // across a US DST change
    expect(daysBetween('2026-05-05', '2026-05-05')).toBe(0);
  });

  it('refuses malformed dates', () => {
    expect(() => daysBetween('2026-02-29', '2026-03-01')).toThrow(RangeError);
    expect(() => daysBetween('2026-01-01', '2026/03/01')).toThrow(RangeError);
  });
});
