import { sql } from 'drizzle-orm';
import { withTenant } from '../db/tenant-context.js';
import { hashPassword } from '../lib/passwords.js';
import type { Platform } from '../kernel/platform.js';
import { claimUtilityAccount } from '../modules/residents/claims.js';
import { ResidentsEvents } from '../modules/residents/events.js';
import { residents, type Resident } from '../modules/residents/tables.js';
import type { Tenant } from '../modules/tenancy/index.js';
import { searchAccounts } from '../modules/utilities/index.js';

/**
 * The demo resident: Lucía, who reads Spanish, signs in with the demo password, and has linked
 * her water account (a Spanish-language residential demo account, proven the way any resident
 * proves it: number, service ZIP and last name). 311 requests she reported are seeded by the
 * requests step, which runs after this one.
 */
export const DEMO_RESIDENT = { email: 'lucia@demo.civq.test', language: 'es' as const };

export async function seedDemoResident(platform: Platform, tenant: Tenant): Promise<void> {
  await withTenant(platform.db, tenant.id, async (tx) => {
    const { items } = await searchAccounts(tx, { status: 'active', limit: 200, offset: 0 });
    const account =
      items.find((a) => a.language === 'es' && a.account_type === 'residential' && a.email) ?? items[0];
    const [resident] = (await tx
      .insert(residents)
      .values({
        tenantId: sql`civq_current_tenant()`,
        email: DEMO_RESIDENT.email,
        passwordHash: await hashPassword(platform.config.demoPassword),
        locale: DEMO_RESIDENT.language,
        noticeLanguage: DEMO_RESIDENT.language,
        noticeChannel: 'email',
        preferencesSavedAt: sql`now()`,
        emailVerifiedAt: sql`now()`,
      })
      .returning()) as [Resident];
    await platform.events.record(tx, {
      type: ResidentsEvents.signedUp,
      subjectType: 'resident',
      subjectId: resident.id,
      actor: { type: 'resident', id: resident.id },
    });
    if (!account) return;
    const lastName = account.customer_name.trim().split(/\s+/).at(-1)!;
    const claimed = await claimUtilityAccount(tx, platform.events, resident, {
      accountNumber: account.account_number,
      zip: account.zip,
      lastName,
    });
    if (!claimed.ok) throw claimed.problem;
  });
}
