import type PgBoss from 'pg-boss';
import { withSystem } from '../db/tenant-context.js';
import { purgeExpiredSessions } from '../modules/identity/index.js';
import { purgeExpiredResidentSessions } from '../modules/residents/index.js';
import type { Platform } from '../server/platform.js';

type Log = { info(obj: object, msg: string): void };

/** The recurring jobs of the platform. Modules add theirs here (e.g. the daily delinquency run). */
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
}
