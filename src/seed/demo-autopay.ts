import { withTenant } from '../db/tenant-context.js';
import type { Actor } from '../events/types.js';
import { createSealer } from '../lib/sealed.js';
import type { Tenant } from '../modules/tenancy/index.js';
import { searchAccounts } from '../modules/utilities/index.js';
import { BANK_DETAILS_PURPOSE, enrolAutopay } from '../modules/utilities/index.js';
import { createAchFile, settleAchFile } from '../modules/utilities/index.js';
import type { Platform } from '../kernel/platform.js';

/**
 * Bank details for the demo accounts on autopay (fictitious account numbers at real routing
 * numbers, so the files pass a bank's checks), enrolled at the counter or online two months
 * ago, and the file that carried their prenotes, settled. Issued cycles then draft them.
 */
const ROUTING = ['021000021', '011000015', '111000025', '114000093', '113000023'];

export async function seedDemoAutopay(
  platform: Platform,
  tenant: Tenant,
  staff: { adminId: string; clerkId: string },
): Promise<void> {
  const sealer = createSealer(
    [platform.config.secret, ...platform.config.previousSecrets],
    BANK_DETAILS_PURPOSE,
  );
  // Enrolled before the year of billing the demo runs (demo-billing.ts), which then drafts them.
  const authorizedOn = new Date(Date.now() - 430 * 86_400_000).toISOString().slice(0, 10);
  const ctx = (tx: Parameters<Parameters<typeof withTenant>[2]>[0], actorId: string) => ({
    tx,
    events: platform.events,
    communications: platform.communications,
    sealer,
    actor: { type: 'staff', id: actorId } satisfies Actor,
    entityName: tenant.name.en,
  });
  await withTenant(platform.db, tenant.id, async (tx) => {
    const { items } = await searchAccounts(tx, { status: 'active', limit: 10_000, offset: 0 });
    let i = 0;
    for (const a of items.filter((x) => x.autopay)) {
      i += 1;
      await enrolAutopay(ctx(tx, staff.clerkId), a.id, {
        routingNumber: ROUTING[i % ROUTING.length]!,
        accountNumber: String(4_000_000_000 + i * 7_919),
        accountType: i % 4 === 0 ? 'savings' : 'checking',
        authorizedOn,
        authorization: i % 3 === 0 ? 'web' : 'paper',
      });
    }
    if (i === 0) return;
    const file = await createAchFile(ctx(tx, staff.adminId));
    await settleAchFile(ctx(tx, staff.adminId), file.id, {});
  });
}
