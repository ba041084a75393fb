import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
 * scripts/run-e2e.js builds the app, starts a server on a fresh database and sets
 * CIVQ_E2E_URL; run `npx playwright test` yourself against a server you started if you like.
 */
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD ??= '1';
// Signed-in states written by the global setup, shared with the worker processes through env.
process.env.CIVQ_E2E_STATE_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'civq-e2e-'));

const baseURL = process.env.CIVQ_E2E_URL ?? 'http://localhost:3000';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  // Limits catch hangs; they do not measure speed. CI shares 2 cores with other work, where a
  // page that shows in 1 s alone has taken over 7 s.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  use: {
    baseURL,
    locale: 'en-US',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'desktop',
      use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } },
    },
    {
      // A small phone: every page is checked (axe, no sideways scrolling, screenshots) at 360×740.
      name: 'phone',
      testMatch: /pages\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
});
