import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { startPushRegistration } from './push-registration.ts';
import { createVerifiedResident } from './residents.ts';
import {
  baseURL,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * "Turn on browser notifications" in Chromium with the notification permission granted: the
 * click registers the portal's service worker, subscribes through the browser's push service
 * with the install's VAPID key, and the subscription is stored for the resident. Checked at
 * desktop size and at 360 px, in both languages, with axe.
 *
 * Chromium refuses push in incognito profiles ("Registration failed - permission denied"), and
 * Playwright's usual contexts are incognito, so this test runs in a persistent profile of its
 * own. Its push vendor's registration is played locally (push-registration.ts).
 */
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 360, height: 740 },
] as const;

test.describe.configure({ mode: 'serial' });

let registration: Awaited<ReturnType<typeof startPushRegistration>>;
test.beforeAll(async () => {
  registration = await startPushRegistration();
});
test.afterAll(() => registration?.close());

async function pushProfile(args: string[]): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-push-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: [...args, ...registration.args],
    baseURL: baseURL(),
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

for (const lang of LANGS) {
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies destructured
  test(`push: a resident turns on browser notifications in ${lang}`, async ({}, testInfo) => {
    const { context, close } = await pushProfile(testInfo.project.use.launchOptions?.args ?? []);
    try {
      await run(context, lang, testInfo);
    } finally {
      await close();
    }
  });
}

async function run(context: BrowserContext, lang: Lang, testInfo: Parameters<typeof saveScreenshot>[1]) {
  const t = (key: string) => msg(lang, 'account.push', `push.${key}`);
  await useLanguage(context, lang);
  await context.grantPermissions(['notifications'], { origin: baseURL() });
  await createVerifiedResident(context.request);
  const page = await context.newPage();

  await page.goto('/portal/account/preferences');
  await expect(page.getByRole('heading', { level: 2, name: t('title') })).toBeVisible();
  await expect(page.getByText(t('none'))).toBeVisible();
  // Before the click nothing is registered or subscribed.
  expect(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length))).toBe(0);
  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await expectNoA11yViolations(page);
    await expectNoHorizontalOverflow(page);
  }
  await page.setViewportSize({ width: VIEWPORTS[0].width, height: VIEWPORTS[0].height });

  const posted = page.waitForRequest(
    (r) => r.url().endsWith('/api/v1/resident/push-subscriptions') && r.method() === 'POST',
  );
  await page.getByRole('button', { name: t('turnOn') }).click();
  const request = await posted;
  const body = request.postDataJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
  expect(body.endpoint).toMatch(/^https:\/\/[^/]+\/fcm\/send\/civq-e2e-\d+$/);
  expect(Buffer.from(body.keys.p256dh, 'base64url')).toHaveLength(65);
  expect(Buffer.from(body.keys.auth, 'base64url')).toHaveLength(16);
  expect((await request.response())?.status()).toBe(201);
  await expect(page.getByTestId('push-on')).toBeVisible();
  await expect(page.getByTestId('push-device-list').getByRole('listitem')).toHaveCount(1);
  // Chromium registered with the browser vendor for this site, under the install's VAPID key.
  const { publicKey } = (await (
    await context.request.get('/api/v1/resident/push/vapid-public-key')
  ).json()) as {
    publicKey: string;
  };
  expect(registration.registrations.some((r) => r.includes('X-subtype=wp'))).toBe(true);

  // The service worker owns the portal scope and holds the same subscription, made with that key.
  const inWorker = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration('/portal/');
    const sub = await reg?.pushManager.getSubscription();
    const key = sub?.options.applicationServerKey;
    return {
      scope: reg?.scope,
      endpoint: sub?.endpoint,
      key: key ? btoa(String.fromCharCode(...new Uint8Array(key))) : null,
    };
  });
  expect(inWorker).toEqual({
    scope: `${baseURL()}/portal/`,
    endpoint: body.endpoint,
    key: Buffer.from(publicKey, 'base64url').toString('base64'),
  });
  // Stored for this resident: the API lists the device.
  const list = await context.request.get('/api/v1/resident/push-subscriptions');
  const items = ((await list.json()) as { items: { device: string }[] }).items;
  expect(items).toEqual([expect.objectContaining({ device: 'Chrome · Linux' })]);

  for (const v of VIEWPORTS) {
    await page.setViewportSize({ width: v.width, height: v.height });
    await page.evaluate(() => document.fonts.ready);
    await expectNoA11yViolations(page);
    await expectNoHorizontalOverflow(page);
    await saveScreenshot(page, testInfo, `push-preferences-${v.name}-${lang}`);
  }

  // Remove: the device leaves the list and the API.
  await page
    .getByRole('button', {
      name: msg(lang, 'account.push', 'push.removeLabel').replace('{device}', 'Chrome · Linux'),
    })
    .click();
  await expect(page.getByText(t('none'))).toBeVisible();
  const after = await context.request.get('/api/v1/resident/push-subscriptions');
  expect(((await after.json()) as { items: unknown[] }).items).toHaveLength(0);
}
