import { sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import { queryRows } from '../db/rows.js';
import { withSystem } from '../db/tenant-context.js';
import { SYSTEM_ACTOR } from '../events/types.js';
import { purgeExpiredSessions } from '../modules/identity/index.js';
import { runDelinquency, utcToday } from '../modules/utilities/index.js';
import { purgeExpiredResidentSessions } from '../modules/residents/index.js';
import type { Platform } from '../kernel/platform.js';

type Log = { info(obj: object, msg: string): void };

/** The recurring jobs of the platform. Modules add theirs here. */
export async function registerJobs(boss: PgBoss, platform: Platform, log: Log): Promise<void> {
  const purge = 'identity-purge-sessions';
  await boss.createQueue(purge, { name: purge, retryLimit: 3, retryBackoff: true });
  await boss.schedule(purge, '17 3 * * *', {}, { tz: 'UTC' });
  await boss.work(purge, async () => {
    const removed = await withSystem(platform.db, (tx) => purgeExpiredSessions(tx));
    log.info({ removed }, 'expired staff sessions purged');
    const residents = await withSystem(platform.db, (tx) => purgeExpiredResidentSessions(tx));
    log.info({ removed: residents }, 'expired resident sessions purged');
  });

  // Utility delinquency, once a day for every entity: past due + late fees, then shutoff
  // warnings. 11:15 UTC is early morning across the US, so "today" (UTC) is the local day.
  // A retry or a second run the same day charges and notifies nothing twice.
  const delinquency = 'utilities-delinquency-daily';
  await boss.createQueue(delinquency, { name: delinquency, retryLimit: 3, retryBackoff: true });
  await boss.schedule(delinquency, '15 11 * * *', {}, { tz: 'UTC' });
  await boss.work(delinquency, async () => {
    await runDelinquencyForAll(platform, utcToday(), log);
  });
}

/** The daily run over every entity of the install, one entity at a time. */
export async function runDelinquencyForAll(platform: Platform, today: string, log: Log): Promise<void> {
  const tenants = await withSystem(platform.db, (tx) =>
    queryRows<{ id: string }>(tx, sql`SELECT id FROM tenants ORDER BY created_at`),
  );
  for (const { id } of tenants) {
    const summary = await runDelinquency(platform, id, SYSTEM_ACTOR, today);
    log.info({ tenantId: id, ...summary }, 'utility delinquency run');
  }
}
