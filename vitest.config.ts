import { defineConfig } from 'vitest/config';

// Each test file runs in its own process with its own database, copied from one template migrated
// per run (test/support/global-setup.ts, test/support/database.ts). Vitest's default on this
// 2-core machine is one worker (cores − 1); the files spend much of their time waiting on the
// database, so two keep both cores busy. CIVQ_TEST_WORKERS overrides it.
// Timeouts are for hangs, not speed (benchmarks measure speed): CI shares its 2 cores with other
// work, and a test that spawns processes on a folder database can take 30 s there.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: Number(process.env.CIVQ_TEST_WORKERS) || 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
