import type PgBoss from 'pg-boss';
import type { JobLog } from '../kernel/manifest.js';
import type { Platform } from '../kernel/platform.js';
import { MODULES } from '../modules/index.js';

// The delinquency test drives the daily run directly; the job itself is the utilities manifest's.
export { runDelinquencyForAll } from '../modules/utilities/manifest.js';

/** The recurring jobs of every module (their manifests' `jobs`), on pg-boss. */
export async function registerJobs(boss: PgBoss, platform: Platform, log: JobLog): Promise<void> {
  for (const m of MODULES) {
    for (const job of m.jobs ?? []) {
      await boss.createQueue(job.queue, { name: job.queue, retryLimit: 3, retryBackoff: true });
      await boss.schedule(job.queue, job.cron, {}, { tz: 'UTC' });
      await boss.work(job.queue, async () => {
        await job.handler(platform, log);
      });
    }
  }
}
