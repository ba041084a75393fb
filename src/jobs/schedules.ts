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
      await retryOnDeadlock(() =>
        boss.createQueue(job.queue, { name: job.queue, retryLimit: 3, retryBackoff: true }),
      );
      await retryOnDeadlock(() => boss.schedule(job.queue, job.cron, {}, { tz: 'UTC' }));
      await boss.work(job.queue, async () => {
        await job.handler(platform, log);
      });
    }
  }
}

/**
 * Two app servers starting at the same moment on a fresh database both create the same queues;
 * pg-boss's DDL can then deadlock (40P01) or collide on a unique name (23505). Both are safe to
 * try again: creating an existing queue or schedule is a no-op.
 */
export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (i >= attempts || (code !== '40P01' && code !== '23505')) throw err;
      await new Promise((r) => setTimeout(r, 50 * i + Math.random() * 100));
    }
  }
}
