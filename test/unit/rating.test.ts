import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  InvalidScheduleError,
  multiplyRate,
  rateConsumption,
  scheduleInEffect,
  validateSchedule,
  type RateSchedule,
  type RateTier,
} from '../../src/modules/utilities/rates/index.js';

const GAL = { en: 'gal', es: 'gal' };

/** Residential water: base $12.50; 0–2,000 gal at $0.004250; 2,001–10,000 at $0.005100; over at $0.006800. */
const water: RateSchedule = {
  service: 'water',
  accountType: 'residential',
  effectiveFrom: '2026-01-01',
  baseChargeCents: 1250,
  tiers: [
    { upTo: 2000, rate: '0.004250' },
    { upTo: 10000, rate: '0.005100' },
    { upTo: null, rate: '0.006800' },
  ],
  minimumChargeCents: null,
  flatServices: [],
  usage: 'own_meter',
};

describe('rateConsumption — hand-worked examples', () => {
  it('rates 12,345 gal across three inclining blocks', () => {
    // base                                          = $12.50           → 1250¢
    // block 1:  2,000 gal × $0.004250 = $8.50       = 850¢ exactly     →  850¢
    // block 2:  8,000 gal × $0.005100 = $40.80      = 4080¢ exactly    → 4080¢
    // block 3:  2,345 gal × $0.006800 = $15.946     = 1594.6¢ half-up  → 1595¢
    // total = 1250 + 850 + 4080 + 1595 = 7775¢ = $77.75
    const r = rateConsumption(water, 12_345, { unitName: GAL });
    expect(r.billedUnits).toBe(12_345);
    expect(r.lines).toEqual([
      {
        kind: 'base',
        label: { en: 'Water, base charge', es: 'Agua, cargo base' },
        quantity: null,
        rate: null,
        amountCents: 1250,
      },
      {
        kind: 'tier',
        label: { en: 'Water, 0–2,000 gal', es: 'Agua, 0–2,000 gal' },
        quantity: 2000,
        rate: '0.004250',
        amountCents: 850,
      },
      {
        kind: 'tier',
        label: { en: 'Water, 2,001–10,000 gal', es: 'Agua, 2,001–10,000 gal' },
        quantity: 8000,
        rate: '0.005100',
        amountCents: 4080,
      },
      {
        kind: 'tier',
        label: { en: 'Water, over 10,000 gal', es: 'Agua, más de 10,000 gal' },
        quantity: 2345,
        rate: '0.006800',
        amountCents: 1595,
      },
    ]);
    expect(r.totalCents).toBe(7775);
  });

  it('stops at the block the use ends in and omits empty blocks', () => {
    // 1,500 gal: base 1250¢ + 1,500 × $0.004250 = $6.375 = 637.5¢ → 638¢ (half-up); total 1888¢
    const r = rateConsumption(water, 1500, { unitName: GAL });
    expect(r.lines.map((l) => [l.kind, l.quantity, l.amountCents])).toEqual([
      ['base', null, 1250],
      ['tier', 1500, 638],
    ]);
    expect(r.totalCents).toBe(1888);
  });

  it('uses a default unit name when none is given', () => {
    const r = rateConsumption(water, 2500);
    expect(r.lines[2]?.label).toEqual({ en: 'Water, 2,001–10,000 units', es: 'Agua, 2,001–10,000 unidades' });
  });

  it('rounds each line once, half-up, not the sum', () => {
    // Two blocks at $0.005 (half a cent) per unit; 2 units → one unit in each block.
    // line 1: 0.5¢ → 1¢;  line 2: 0.5¢ → 1¢;  total 2¢ (rounding the 1.0¢ sum would give 1¢).
    const halfCent: RateSchedule = {
      ...water,
      baseChargeCents: 0,
      tiers: [
        { upTo: 1, rate: '0.005' },
        { upTo: null, rate: '0.005' },
      ],
    };
    const r = rateConsumption(halfCent, 2);
    expect(r.lines.map((l) => l.amountCents)).toEqual([1, 1]);
    expect(r.totalCents).toBe(2);
    // No base line when the base charge is zero.
    expect(r.lines.some((l) => l.kind === 'base')).toBe(false);
  });

  it('raises base + volumetric to the minimum with a top-up line, then adds flat services', () => {
    // base 500¢ + 300 units × $0.01 = 300¢ → 800¢ metered; minimum 1500¢ → top-up 700¢;
    // flat trash 2200¢ is on top of the minimum: total 1500 + 2200 = 3700¢.
    const s: RateSchedule = {
      ...water,
      baseChargeCents: 500,
      tiers: [{ upTo: null, rate: '0.01' }],
      minimumChargeCents: 1500,
      flatServices: [{ name: { en: 'Trash collection', es: 'Recolección de basura' }, amountCents: 2200 }],
    };
    const r = rateConsumption(s, 300, { unitName: GAL });
    expect(r.lines).toEqual([
      { kind: 'base', label: expect.any(Object), quantity: null, rate: null, amountCents: 500 },
      {
        kind: 'tier',
        label: { en: 'Water, usage (gal)', es: 'Agua, consumo (gal)' },
        quantity: 300,
        rate: '0.01',
        amountCents: 300,
      },
      {
        kind: 'minimum',
        label: { en: 'Water, minimum charge', es: 'Agua, cargo mínimo' },
        quantity: null,
        rate: null,
        amountCents: 700,
      },
      {
        kind: 'flat',
        label: { en: 'Trash collection', es: 'Recolección de basura' },
        quantity: null,
        rate: null,
        amountCents: 2200,
      },
    ]);
    expect(r.totalCents).toBe(3700);
    // Above the minimum there is no top-up line: 500 + 2000 × $0.01 = 2500¢ ≥ 1500¢; + 2200 = 4700¢.
    const above = rateConsumption(s, 2000);
    expect(above.lines.some((l) => l.kind === 'minimum')).toBe(false);
    expect(above.totalCents).toBe(4700);
  });

  it('bills flat-only services regardless of use', () => {
    // trash 2250¢ + storm drainage 475¢ = 2725¢, whatever the meter says.
    const flat: RateSchedule = {
      service: 'trash',
      accountType: 'residential',
      effectiveFrom: '2026-01-01',
      baseChargeCents: 0,
      tiers: [],
      minimumChargeCents: null,
      flatServices: [
        { name: { en: 'Trash collection', es: 'Recolección de basura' }, amountCents: 2250 },
        { name: { en: 'Storm drainage', es: 'Drenaje pluvial' }, amountCents: 475 },
      ],
      usage: 'none',
    };
    for (const units of [0, 7, 50_000]) {
      const r = rateConsumption(flat, units);
      expect(r.billedUnits).toBe(0);
      expect(r.lines.map((l) => [l.kind, l.amountCents])).toEqual([
        ['flat', 2250],
        ['flat', 475],
      ]);
      expect(r.totalCents).toBe(2725);
    }
  });

  it('bills sewer on water use, capped', () => {
    // Sewer: base $8.00, $0.0045 per gal of water use, capped at 6,000 gal (winter average).
    // 9,000 gal of water → 6,000 billed × $0.0045 = $27.00 = 2700¢; total 800 + 2700 = 3500¢.
    // 4,000 gal (under the cap) → 4,000 × $0.0045 = $18.00 = 1800¢; total 2600¢.
    const sewer: RateSchedule = {
      service: 'sewer',
      accountType: 'residential',
      effectiveFrom: '2026-01-01',
      baseChargeCents: 800,
      tiers: [{ upTo: null, rate: '0.0045' }],
      minimumChargeCents: null,
      flatServices: [],
      usage: 'water_use',
      sewerCapUnits: 6000,
    };
    const capped = rateConsumption(sewer, 9000, { unitName: GAL });
    expect(capped.billedUnits).toBe(6000);
    expect(capped.lines[1]).toMatchObject({
      label: { en: 'Sewer, usage (gal)', es: 'Alcantarillado, consumo (gal)' },
      quantity: 6000,
      amountCents: 2700,
    });
    expect(capped.totalCents).toBe(3500);
    const under = rateConsumption(sewer, 4000);
    expect(under.billedUnits).toBe(4000);
    expect(under.totalCents).toBe(2600);
    // Without a cap every gallon is billed: 9,000 × $0.0045 = 4050¢ + 800¢ = 4850¢.
    expect(rateConsumption({ ...sewer, sewerCapUnits: null }, 9000).totalCents).toBe(4850);
  });

  it('bills only the base (and any minimum) on zero use', () => {
    const zero = rateConsumption(water, 0);
    expect(zero.billedUnits).toBe(0);
    expect(zero.lines.map((l) => [l.kind, l.amountCents])).toEqual([['base', 1250]]);
    expect(zero.totalCents).toBe(1250);
    // With a $20.00 minimum: 1250¢ base + 750¢ top-up = 2000¢.
    const min = rateConsumption({ ...water, minimumChargeCents: 2000 }, 0);
    expect(min.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['base', 1250],
      ['minimum', 750],
    ]);
    expect(min.totalCents).toBe(2000);
  });

  it('refuses negative or fractional units and invalid schedules', () => {
    expect(() => rateConsumption(water, -1)).toThrow(RangeError);
    expect(() => rateConsumption(water, 1.5)).toThrow(RangeError);
    expect(() => rateConsumption(water, Number.NaN)).toThrow(RangeError);
    expect(() => rateConsumption({ ...water, tiers: [{ upTo: 100, rate: '1' }] }, 10)).toThrow(
      InvalidScheduleError,
    );
  });
});

describe('multiplyRate — half-up at exactly half a cent', () => {
  it.each([
    // rate (dollars/unit), units, exact cents, rounded
    ['0.005', 1, 1], //    0.5¢  → 1¢ (half-up, not to even)
    ['0.025', 1, 3], //    2.5¢  → 3¢ (banker's rounding would give 2)
    ['0.0125', 1, 1], //   1.25¢ → 1¢
    ['0.015', 1, 2], //    1.5¢  → 2¢
    ['0.004999', 1, 0], // 0.4999¢ → 0¢
    ['0.004250', 2000, 850], // 850¢ exactly
    ['0.0068', 2345, 1595], //  1594.6¢ → 1595¢
    ['3.15', 3, 945], //   $9.45
    ['3', 7, 2100], //     no fraction digits
    ['0', 12345, 0],
    ['0.000001', 5_000_000, 500], // $5.00 of a sixth-decimal rate
    ['0.0000005', 1, 0], // 0.00005¢ → 0¢
  ])('%s × %i = %i¢', (rate, units, cents) => {
    expect(multiplyRate(rate, units)).toBe(cents);
  });

  it('refuses malformed rates and units', () => {
    for (const bad of ['-0.01', '1e-3', '.5', '5.', ' 1', '1,000', 'abc', '']) {
      expect(() => multiplyRate(bad, 1)).toThrow(RangeError);
    }
    expect(() => multiplyRate('0.01', -1)).toThrow(RangeError);
    expect(() => multiplyRate('0.01', 0.5)).toThrow(RangeError);
  });
});

describe('validateSchedule', () => {
  const codes = (s: RateSchedule) => validateSchedule(s).map((i) => `${i.field}:${i.code}`);

  it('accepts well-formed schedules', () => {
    expect(validateSchedule(water)).toEqual([]);
    expect(validateSchedule({ ...water, tiers: [], usage: 'none', flatServices: [] })).toEqual([]);
    expect(validateSchedule({ ...water, usage: 'water_use', sewerCapUnits: 6000 })).toEqual([]);
  });

  it('refuses tiers that do not strictly increase', () => {
    const tiers: RateTier[] = [
      { upTo: 2000, rate: '0.01' },
      { upTo: 2000, rate: '0.02' },
      { upTo: null, rate: '0.03' },
    ];
    expect(codes({ ...water, tiers })).toEqual(['tiers.1.upTo:not_increasing']);
    tiers[1] = { upTo: 1000, rate: '0.02' };
    expect(codes({ ...water, tiers })).toEqual(['tiers.1.upTo:not_increasing']);
  });

  it('refuses an open tier before the last and a closed last tier', () => {
    expect(
      codes({
        ...water,
        tiers: [
          { upTo: null, rate: '0.01' },
          { upTo: 5000, rate: '0.02' },
        ],
      }),
    ).toEqual(['tiers.0.upTo:open_tier_not_last', 'tiers.1.upTo:last_tier_must_be_open']);
  });

  it('refuses bad upTo values, rates, cents and dates', () => {
    expect(
      codes({
        ...water,
        effectiveFrom: '2026-02-30',
        baseChargeCents: 12.5,
        minimumChargeCents: -1,
        tiers: [
          { upTo: 0, rate: '0.01' },
          { upTo: 10.5, rate: '0.0000001' }, // 7 fraction digits
          { upTo: null, rate: '-0.01' },
        ],
        flatServices: [{ name: { en: 'Trash', es: '' }, amountCents: -5 }],
      }),
    ).toEqual([
      'effectiveFrom:invalid_date',
      'baseChargeCents:invalid_cents',
      'minimumChargeCents:invalid_cents',
      'tiers.0.upTo:invalid_units',
      'tiers.1.rate:invalid_rate',
      'tiers.1.upTo:invalid_units',
      'tiers.2.rate:invalid_rate',
      'flatServices.0.name.es:required',
      'flatServices.0.amountCents:invalid_cents',
    ]);
    for (const rate of ['1e-3', '.5', '0.1234567', 'NaN', '']) {
      expect(codes({ ...water, tiers: [{ upTo: null, rate }] })).toEqual(['tiers.0.rate:invalid_rate']);
    }
    for (const effectiveFrom of ['2026-1-1', '2026-13-01', '01/02/2026', '']) {
      expect(codes({ ...water, effectiveFrom })).toEqual(['effectiveFrom:invalid_date']);
    }
  });

  it('refuses tiers on a flat-only schedule and a cap on a schedule not billed on water use', () => {
    expect(codes({ ...water, usage: 'none' })).toEqual(['tiers:tiers_without_usage']);
    expect(codes({ ...water, sewerCapUnits: 6000 })).toEqual(['sewerCapUnits:cap_requires_water_use']);
    expect(codes({ ...water, usage: 'water_use', sewerCapUnits: -3 })).toEqual([
      'sewerCapUnits:invalid_units',
    ]);
  });

  it('refuses a missing account type', () => {
    expect(codes({ ...water, accountType: ' ' })).toEqual(['accountType:required']);
  });
});

describe('scheduleInEffect', () => {
  const s = (service: RateSchedule['service'], accountType: string, effectiveFrom: string): RateSchedule => ({
    ...water,
    service,
    accountType,
    effectiveFrom,
  });
  const schedules = [
    s('water', 'residential', '2026-07-01'),
    s('water', 'residential', '2025-01-01'),
    s('water', 'residential', '2027-01-01'),
    s('water', 'commercial', '2026-01-01'),
    s('sewer', 'residential', '2026-03-01'),
  ];

  it('picks the latest effective date on or before the day', () => {
    expect(scheduleInEffect(schedules, 'water', 'residential', '2026-06-30')?.effectiveFrom).toBe(
      '2025-01-01',
    );
    expect(scheduleInEffect(schedules, 'water', 'residential', '2026-07-01')?.effectiveFrom).toBe(
      '2026-07-01',
    );
    expect(scheduleInEffect(schedules, 'water', 'residential', '2026-12-31')?.effectiveFrom).toBe(
      '2026-07-01',
    );
    expect(scheduleInEffect(schedules, 'water', 'residential', '2027-01-01')?.effectiveFrom).toBe(
      '2027-01-01',
    );
  });

  it('matches service and account type, and is undefined before any schedule starts', () => {
    expect(scheduleInEffect(schedules, 'water', 'commercial', '2026-08-01')?.accountType).toBe('commercial');
    expect(scheduleInEffect(schedules, 'sewer', 'residential', '2026-08-01')?.service).toBe('sewer');
    expect(scheduleInEffect(schedules, 'water', 'residential', '2024-12-31')).toBeUndefined();
    expect(scheduleInEffect(schedules, 'water', 'industrial', '2026-08-01')).toBeUndefined();
    expect(scheduleInEffect([], 'gas', 'residential', '2026-08-01')).toBeUndefined();
  });

  it('refuses a malformed date', () => {
    expect(() => scheduleInEffect(schedules, 'water', 'residential', '2026-6-30')).toThrow(RangeError);
  });
});

/* ------------------------------------------------------------------------------------------ */
/* Properties                                                                                  */
/* ------------------------------------------------------------------------------------------ */

/** Renders digits × 10^-scale as a plain decimal string: (12345n, 3) → "12.345". */
function decimalString(digits: bigint, scale: number): string {
  if (scale === 0) return digits.toString();
  const s = digits.toString().padStart(scale + 1, '0');
  return `${s.slice(0, -scale)}.${s.slice(-scale)}`;
}

const arbRate = fc
  .tuple(fc.bigInt({ min: 0n, max: 20_000_000n }), fc.integer({ min: 0, max: 6 }))
  .map(([digits, scale]) => decimalString(digits, scale));

/** Exact rational of a ≤6-digit rate in millionths of a dollar, for ordering rates. */
const micros = (rate: string) => {
  const [w = '', f = ''] = rate.split('.');
  return BigInt(w + f.padEnd(6, '0'));
};

const arbSchedule = (inclining: boolean) =>
  fc
    .record({
      service: fc.constantFrom('water', 'sewer', 'electric', 'gas', 'trash', 'storm' as const),
      baseChargeCents: fc.integer({ min: 0, max: 100_000 }),
      gaps: fc.array(fc.integer({ min: 1, max: 20_000 }), { maxLength: 4 }),
      rates: fc.array(arbRate, { minLength: 5, maxLength: 5 }),
      minimumChargeCents: fc.option(fc.integer({ min: 0, max: 100_000 })),
      flats: fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 3 }),
      usage: fc.constantFrom('own_meter', 'water_use', 'none' as const),
      cap: fc.option(fc.integer({ min: 1, max: 50_000 })),
    })
    .map((g): RateSchedule => {
      const rates = inclining
        ? [...g.rates].sort((a, b) => (micros(a) < micros(b) ? -1 : micros(a) > micros(b) ? 1 : 0))
        : g.rates;
      let upTo = 0;
      const tiers: RateTier[] =
        g.usage === 'none'
          ? []
          : [
              ...g.gaps.map((gap, i) => ({ upTo: (upTo += gap), rate: rates[i]! })),
              { upTo: null, rate: rates[4]! },
            ];
      return {
        service: g.service,
        accountType: 'residential',
        effectiveFrom: '2026-01-01',
        baseChargeCents: g.baseChargeCents,
        tiers,
        minimumChargeCents: g.minimumChargeCents,
        flatServices: g.flats.map((amountCents, i) => ({
          name: { en: `Flat ${i}`, es: `Fijo ${i}` },
          amountCents,
        })),
        usage: g.usage,
        sewerCapUnits: g.usage === 'water_use' ? g.cap : null,
      };
    });

const arbUnits = fc.integer({ min: 0, max: 200_000 });

describe('rating properties', () => {
  it('generated schedules are valid', () => {
    fc.assert(
      fc.property(arbSchedule(false), (s) => {
        expect(validateSchedule(s)).toEqual([]);
      }),
    );
  });

  it('the total is never negative and every line is a non-negative integer of cents', () => {
    fc.assert(
      fc.property(arbSchedule(false), arbUnits, (s, units) => {
        const r = rateConsumption(s, units);
        expect(r.totalCents).toBeGreaterThanOrEqual(0);
        for (const l of r.lines) {
          expect(Number.isSafeInteger(l.amountCents)).toBe(true);
          expect(l.amountCents).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });

  it('the total equals the sum of the lines, and tier quantities add up to the billed units', () => {
    fc.assert(
      fc.property(arbSchedule(false), arbUnits, (s, units) => {
        const r = rateConsumption(s, units);
        expect(r.totalCents).toBe(r.lines.reduce((sum, l) => sum + l.amountCents, 0));
        const tierUnits = r.lines
          .filter((l) => l.kind === 'tier')
          .reduce((sum, l) => sum + (l.quantity ?? 0), 0);
        expect(tierUnits).toBe(s.tiers.length === 0 ? 0 : r.billedUnits);
        expect(r.lines.every((l) => l.kind !== 'tier' || (l.quantity ?? 0) > 0)).toBe(true);
      }),
    );
  });

  it('under inclining blocks, more consumption never lowers the charge', () => {
    fc.assert(
      fc.property(arbSchedule(true), arbUnits, fc.integer({ min: 0, max: 50_000 }), (s, units, more) => {
        expect(rateConsumption(s, units + more).totalCents).toBeGreaterThanOrEqual(
          rateConsumption(s, units).totalCents,
        );
      }),
    );
  });

  it('per-line rounding keeps even declining blocks monotone', () => {
    fc.assert(
      fc.property(arbSchedule(false), arbUnits, fc.integer({ min: 0, max: 50_000 }), (s, units, more) => {
        expect(rateConsumption(s, units + more).totalCents).toBeGreaterThanOrEqual(
          rateConsumption(s, units).totalCents,
        );
      }),
    );
  });

  it('multiplyRate agrees with an exact BigInt reference for random decimals', () => {
    // Reference: value = digits / 10^scale dollars; exact cents = digits·units·100 / 10^scale as
    // quotient q and remainder r; half-up adds one when r is at least half the divisor.
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (digits, scale, units) => {
          const divisor = 10n ** BigInt(scale);
          const exact = digits * BigInt(units) * 100n;
          const q = exact / divisor;
          const r = exact % divisor;
          const expected = 2n * r >= divisor ? q + 1n : q;
          fc.pre(expected <= BigInt(Number.MAX_SAFE_INTEGER));
          expect(BigInt(multiplyRate(decimalString(digits, scale), units))).toBe(expected);
        },
      ),
    );
  });

  it('multiplyRate is unaffected by leading and trailing zeros', () => {
    fc.assert(
      fc.property(arbRate, fc.integer({ min: 0, max: 100_000 }), (rate, units) => {
        const padded = `00${rate}${rate.includes('.') ? '000' : ''}`;
        expect(multiplyRate(padded, units)).toBe(multiplyRate(rate, units));
      }),
    );
  });
});
