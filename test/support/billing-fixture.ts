import { withSystem, withTenant } from '../../src/db/tenant-context.js';
import type { Actor } from '../../src/events/types.js';
import { createTenant, type Tenant } from '../../src/modules/tenancy/index.js';
import {
  applyReads,
  calculateCycle,
  createCycle,
  createMeter,
  installMeter,
  openAccount,
  saveAccountType,
  saveSchedule,
  type UtilityContext,
} from '../../src/modules/utilities/index.js';
import type { Platform } from '../../src/server/platform.js';

/**
 * A small utility office written through the real services: `count` residential accounts,
 * each with a water meter read once in October 2026 (use varies by account), water/sewer/trash
 * rates, and an October cycle already calculated. The same `seed` gives the same customers,
 * so two tenants built with it bill the same amounts.
 */
export async function billingOffice(
  platform: Platform,
  slug: string,
  count: number,
): Promise<{ tenant: Tenant; cycleId: string }> {
  const tenant = await withSystem(platform.db, (tx) =>
    createTenant(tx, {
      slug,
      name: { en: `City of ${slug}`, es: `Ciudad de ${slug}` },
      hosts: [`${slug}.test`],
    }),
  );
  platform.tenants.invalidate();
  const actor: Actor = { type: 'system', id: null };
  const inTenant = <T>(fn: (ctx: UtilityContext) => Promise<T>) =>
    withTenant(platform.db, tenant.id, (tx) => fn({ tx, events: platform.events, actor }));
  const cycleId = await inTenant(async (ctx) => {
    await saveAccountType(ctx, { code: 'residential', name: { en: 'Residential', es: 'Residencial' } });
    const base = {
      accountType: 'residential',
      effectiveFrom: '2026-01-01',
      minimumChargeCents: null,
      flatServices: [],
    };
    await saveSchedule(ctx, {
      ...base,
      service: 'water',
      baseChargeCents: 1250,
      tiers: [
        { upTo: 2000, rate: '0.00425' },
        { upTo: null, rate: '0.0051' },
      ],
      usage: 'own_meter',
    });
    await saveSchedule(ctx, {
      ...base,
      service: 'sewer',
      baseChargeCents: 900,
      tiers: [{ upTo: null, rate: '0.0045' }],
      minimumChargeCents: 1500,
      usage: 'water_use',
    });
    await saveSchedule(ctx, {
      ...base,
      service: 'trash',
      baseChargeCents: 0,
      tiers: [],
      usage: 'none',
      flatServices: [{ name: { en: 'Trash', es: 'Basura' }, amountCents: 2250 }],
    });
    const reads: Parameters<typeof applyReads>[1] = [];
    for (let i = 0; i < count; i++) {
      const account = await openAccount(ctx, {
        customerName: `Customer ${String(i).padStart(4, '0')}`,
        email: i % 4 === 3 ? null : `customer${i}@example.com`,
        phone: '(956) 555-0100',
        address: { street: `${100 + i} Calle Sol`, city: 'Esperanza', state: 'TX', zip: '78501' },
        language: i % 2 === 0 ? 'es' : 'en',
        accountType: 'residential',
      });
      const meter = await createMeter(ctx, {
        serial: `WM-${i}`,
        service: 'water',
        unit: 'gal',
        dials: 6,
        multiplier: 1,
      });
      await installMeter(ctx, meter.id, {
        accountId: account.id,
        installedOn: '2026-09-30',
        initialRead: 1000,
      });
      reads.push({
        line: i + 1,
        meterId: meter.id,
        readOn: '2026-10-31',
        value: 1000 + 500 + ((i * 733) % 9000),
        method: 'amr',
      });
    }
    await applyReads(ctx, reads);
    const cycle = await createCycle(ctx, {
      name: 'October 2026',
      periodStart: '2026-10-01',
      periodEnd: '2026-10-31',
      readFrom: '2026-10-01',
      readTo: '2026-10-31',
      billDate: '2026-10-31',
      dueDate: '2026-11-20',
      penaltyDate: '2026-11-25',
    });
    return cycle.id;
  });
  await withTenant(platform.db, tenant.id, (tx) =>
    calculateCycle({ tx, events: platform.events, actor }, cycleId),
  );
  return { tenant, cycleId };
}
