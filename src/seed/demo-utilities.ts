import { withTenant } from '../db/tenant-context.js';
import type { Actor } from '../events/types.js';
import type { Tenant } from '../modules/tenancy/index.js';
import {
  applyReads,
  flagMissingReads,
  createMeter,
  installMeter,
  openAccount,
  saveAccountType,
  saveSchedule,
  type UtilityContext,
} from '../modules/utilities/index.js';
import type { Platform } from '../kernel/platform.js';

/**
 * Esperanza's utility office: account types, water/sewer/trash rates, a few hundred customer
 * accounts with a water meter each and thirteen monthly readings, some on autopay, and a
 * handful of readings that land on the exceptions list. Everything goes through the
 * utilities module's own API. A seeded generator keeps the demo the same on every machine.
 */
export type DemoAccount = { id: string; name: string; email: string | null; language: 'en' | 'es' };

const FIRST = [
  'María',
  'José',
  'Guadalupe',
  'Juan',
  'Ana',
  'Luis',
  'Rosa',
  'Carlos',
  'Sofía',
  'Miguel',
  'James',
  'Linda',
  'Robert',
  'Patricia',
  'Tom',
  'Emily',
  'Ángel',
  'Verónica',
  'Héctor',
  'Beatriz',
];
const LAST = [
  'García',
  'Martínez',
  'Hernández',
  'López',
  'González',
  'Peña',
  'Rodríguez',
  'Treviño',
  'Ibáñez',
  'Saldaña',
  'Carter',
  'Nguyen',
  'Smith',
  'Johnson',
  'Guerra',
  'Cantú',
  'Muñoz',
  'Ramírez',
  'Flores',
  'Villarreal',
];
const STREETS = [
  'Calle Sol',
  'Avenida Ñandú',
  'Mesquite Dr',
  'Calle Luna',
  'Palm Blvd',
  'Río Grande St',
  'Ébano Ln',
  'Sabal Palm Ct',
  'Jacinto St',
  'Nopal Ave',
];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDemoUtilities(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
  count = 200,
): Promise<DemoAccount[]> {
  const random = rng(20_261_123);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const step = <T>(actorId: string, fn: (ctx: UtilityContext) => Promise<T>) =>
    withTenant(platform.db, tenant.id, (tx) =>
      fn({ tx, events: platform.events, actor: { type: 'staff', id: actorId } satisfies Actor }),
    );
  const admin = staff.adminId;

  await step(admin, async (ctx) => {
    await saveAccountType(ctx, { code: 'residential', name: { en: 'Residential', es: 'Residencial' } });
    await saveAccountType(ctx, { code: 'commercial', name: { en: 'Commercial', es: 'Comercial' } });
    // Rates as adopted for 2025, and the 2026 increase (a new version of each schedule).
    const years = [
      { effectiveFrom: '2025-01-01', water: ['0.004100', '0.004900', '0.006500'], raise: -100 },
      { effectiveFrom: '2026-01-01', water: ['0.004250', '0.005100', '0.006800'], raise: 0 },
    ];
    for (const year of years)
      for (const type of ['residential', 'commercial'] as const) {
        const big = type === 'commercial';
        await saveSchedule(ctx, {
          service: 'water',
          accountType: type,
          effectiveFrom: year.effectiveFrom,
          baseChargeCents: (big ? 3_500 : 1_250) + year.raise,
          tiers: [
            { upTo: 2_000, rate: year.water[0]! },
            { upTo: 10_000, rate: year.water[1]! },
            { upTo: null, rate: year.water[2]! },
          ],
          minimumChargeCents: null,
          flatServices: [],
          usage: 'own_meter',
        });
        await saveSchedule(ctx, {
          service: 'sewer',
          accountType: type,
          effectiveFrom: year.effectiveFrom,
          baseChargeCents: (big ? 2_000 : 900) + year.raise,
          tiers: [{ upTo: null, rate: '0.004500' }],
          minimumChargeCents: big ? 3_000 : 1_500,
          flatServices: [],
          usage: 'water_use',
          sewerCapUnits: big ? null : 8_000,
        });
        await saveSchedule(ctx, {
          service: 'trash',
          accountType: type,
          effectiveFrom: year.effectiveFrom,
          baseChargeCents: 0,
          tiers: [],
          minimumChargeCents: null,
          flatServices: [
            {
              name: { en: 'Trash and recycling', es: 'Basura y reciclaje' },
              amountCents: (big ? 6_500 : 2_250) + year.raise,
            },
            { name: { en: 'Storm drainage', es: 'Drenaje pluvial' }, amountCents: 475 },
          ],
          usage: 'none',
        });
      }
  });

  const now = new Date();
  const monthStart = (back: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
  const accounts: DemoAccount[] = [];
  const reads: Parameters<typeof applyReads>[1] = [];
  // One transaction for the whole office: hundreds of small ones are slow on the embedded database.
  await step(staff.clerkId, async (ctx) => {
    const inOne = <T>(fn: (c: UtilityContext) => Promise<T>) => fn(ctx);
    for (let i = 0; i < count; i++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      const commercial = i % 15 === 14;
      const name = commercial
        ? `${last} ${pick(['Hardware', 'Tacos', 'Auto Repair', 'Dental'])} LLC`
        : `${first} ${last}`;
      const language = random() < 0.55 ? 'es' : 'en';
      const email =
        random() < 0.7
          ? `${name
              .toLowerCase()
              .normalize('NFD')
              .replace(/[^a-z]+/g, '.')}${i}@example.com`
          : null;
      const opened = await inOne(async (ctx) => {
        const account = await openAccount(ctx, {
          customerName: name,
          email,
          phone: `(956) 555-${String(1_000 + i).slice(-4)}`,
          address: {
            street: `${100 + Math.floor(random() * 900)} ${pick(STREETS)}`,
            city: 'Esperanza',
            state: 'TX',
            zip: '78501',
          },
          language,
          pin: { latitude: 26.2 + random() * 0.05, longitude: -98.25 + random() * 0.05 },
          accountType: commercial ? 'commercial' : 'residential',
          route: `R${1 + (i % 4)}`,
          autopay: random() < 0.18,
        });
        const meter = await createMeter(ctx, {
          serial: `WM-${String(100_000 + i)}`,
          service: 'water',
          unit: 'gal',
          dials: 6,
          multiplier: 1,
        });
        const start = Math.floor(random() * 900_000);
        await installMeter(ctx, meter.id, {
          accountId: account.id,
          installedOn: monthStart(13),
          initialRead: start,
        });
        // Thirteen monthly reads (twelve billed months and this month's, still to bill):
        // seasonal use (summer lawns), the register rolls over past 999,999.
        let value = start;
        for (let back = 12; back >= 0; back--) {
          const month = (now.getUTCMonth() - back + 12) % 12;
          const seasonal = 1 + 0.5 * Math.sin(((month - 3) / 12) * 2 * Math.PI);
          let use = Math.round((commercial ? 18_000 : 5_000) * seasonal * (0.8 + random() * 0.4));
          if (back === 0 && i % 60 === 7) use *= 4; // a leak: high use to review
          if (back === 0 && i % 97 === 11) use = 0; // a vacant house or a stuck meter
          value = (value + use) % 1_000_000;
          reads.push({
            line: reads.length + 1,
            meterId: meter.id,
            readOn: monthStart(back),
            value,
            method: 'amr',
          });
        }
        return account;
      });
      accounts.push({ id: opened.id, name, email, language });
    }
    await applyReads(ctx, reads);
    // This month's unread meters go on the exceptions list, with an estimate.
    await flagMissingReads(ctx, {
      from: monthStart(0),
      to: new Date().toISOString().slice(0, 10),
      estimate: true,
    });
  });
  return accounts;
}
