import { expect, request, test, type APIRequestContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { createVerifiedResident } from './residents.ts';
import {
  adminApi,
  baseURL,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  uniqueEmail,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * 311 for residents, the resident side only (staff work is the lead's round-trip test): a
 * resident on a 360-pixel phone in Spanish reports a pothole with a photo and a pin set by
 * keyboard, gets a tracking code and sees the public page; refusals show in the page's
 * language next to their field; every page is axe-clean and fits a phone in both languages.
 * The category is this spec's own (made through the admin API), so the demo catalogue may change.
 */

const PHONE = { width: 360, height: 740 };
const CATEGORY = 'e2e_pothole';
const NAME = { en: 'Pothole (test)', es: 'Bache (prueba)' };
const DEPTH = {
  en: 'About how deep is it, in inches?',
  es: '¿Qué profundidad tiene, en pulgadas, más o menos?',
};
const LANE = { en: 'Is it in a traffic lane?', es: '¿Está en un carril de circulación?' };
// The demo city sits around 26.2 N, 98.2 W.
const AREA = { minLat: 26.15, minLng: -98.3, maxLat: 26.3, maxLng: -98.15 };

/** The area (if the install has none yet), a department and the test's pothole category. */
async function ensureCategory(): Promise<void> {
  const { api, csrf, dispose } = await adminApi();
  const headers = { 'x-csrf-token': csrf };
  const area = await api.get('/api/v1/requests/area');
  if (!area.ok()) {
    const put = await api.put('/api/v1/requests/admin/area', {
      headers,
      data: { ...AREA, polygon: null, jurisdictionId: 'esperanza.tx.us' },
    });
    expect(put.status(), await put.text()).toBe(200);
  }
  const dept = await api.put('/api/v1/requests/admin/departments/e2e_streets', {
    headers,
    data: { name: { en: 'Streets (test)', es: 'Calles (prueba)' } },
  });
  expect(dept.ok(), await dept.text()).toBe(true);
  const cat = await api.put(`/api/v1/requests/admin/categories/${CATEGORY}`, {
    headers,
    data: {
      name: NAME,
      description: {
        en: 'A hole in the pavement of a street (made by the browser tests).',
        es: 'Un hoyo en el pavimento de una calle (creado por las pruebas del navegador).',
      },
      departmentCode: 'e2e_streets',
      slaBusinessDays: 5,
      locationRequired: true,
      questions: [
        { key: 'depth', type: 'number', label: DEPTH, required: true },
        { key: 'in_lane', type: 'yes_no', label: LANE, required: false },
      ],
      active: true,
      position: 0,
    },
  });
  expect(cat.ok(), await cat.text()).toBe(true);
  await dispose();
}

/** The area's centre, where a report made through the API is pinned. */
async function areaCenter(api: APIRequestContext): Promise<{ lat: number; lng: number }> {
  const area = (await (await api.get('/api/v1/requests/area')).json()) as {
    center: { lat: number; lng: number };
  };
  return area.center;
}

/** A report filed through the API, for the pages that show one. */
async function fileReport(lang: Lang, email = uniqueEmail('req')): Promise<string> {
  const api = await request.newContext({ baseURL: baseURL() });
  const res = await api.post('/api/v1/requests', {
    headers: { 'accept-language': lang },
    data: {
      categoryCode: CATEGORY,
      description:
        lang === 'es' ? 'Bache grande frente a la escuela.' : 'Large pothole in front of the school.',
      // Its own address: the server limits reports per address per hour.
      address: `${100 + Math.floor(Math.random() * 9000)} Main St`,
      location: await areaCenter(api),
      answers: { depth: 4 },
      contact: { email },
      language: lang,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { trackingCode } = (await res.json()) as { trackingCode: string };
  await api.dispose();
  return trackingCode;
}

/** A real JPEG as a phone writes it: EXIF with the GPS position (the server must strip it). */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: '#6b6b6b' } })
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'CiVQ', Model: 'e2e phone' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '26/1 12/1 3000/100',
        GPSLongitudeRef: 'W',
        GPSLongitude: '98/1 13/1 4500/100',
      },
    })
    .toBuffer();
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready);
}

test.beforeAll(async () => {
  await ensureCategory();
});

test('a resident reports a pothole on a phone in Spanish, with a photo and a pin set by keyboard', async ({
  page,
  context,
}, testInfo) => {
  const lang: Lang = 'es';
  const t = (key: string) => msg(lang, 'requests', key);
  await page.setViewportSize(PHONE);
  await useLanguage(context, lang);

  await page.goto('/portal/requests');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.start.title'));
  await page.getByTestId('start-report').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.form.title'));

  // Category as a tile, then the description; its questions appear.
  await page.locator(`label[for="category-${CATEGORY}"]`).click();
  await expect(page.locator(`#category-${CATEGORY}`)).toBeChecked();
  await page
    .getByLabel(t('portal.form.description'))
    .fill('Bache profundo en el carril derecho, junto a la parada.');
  await expect(page.getByTestId('question-in_lane')).toBeVisible();

  // A photo that is too big, and a file that is not a photo: each refused in Spanish.
  const input = page.getByTestId('photo-input');
  await input.setInputFiles({
    name: 'enorme.jpg',
    mimeType: 'image/jpeg',
    // A real JPEG's first bytes (the type is read from them), then past the 8 MB limit.
    buffer: Buffer.concat([await phonePhoto(), Buffer.alloc(9 * 1024 * 1024)]),
  });
  await expect(page.getByTestId('photo-state').first()).toHaveText(t('portal.photos.failure.too_large'));
  await page
    .getByRole('button', { name: msg(lang, 'requests', 'portal.photos.remove').replace('{n}', '1') })
    .click();
  await input.setInputFiles({
    name: 'notas.png',
    mimeType: 'image/png',
    buffer: Buffer.from('no soy una imagen'),
  });
  await expect(page.getByTestId('photo-state').first()).toHaveText(t('portal.photos.failure.wrong_type'));
  await saveScreenshot(page, testInfo, 'requests-report-photo-errors-es-phone');
  await page.getByRole('button', { name: t('portal.photos.remove').replace('{n}', '1') }).click();

  // The real photo, with GPS in its EXIF.
  await input.setInputFiles({ name: 'bache.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
  await expect(page.getByTestId('photo-item')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('photo-item').locator('img')).toBeVisible();

  // The pin, by keyboard only: arrows move it, Enter sets it.
  await page.getByLabel(t('portal.form.address')).fill('Calle 5 y Avenida Central');
  const map = page.getByTestId('pin-map');
  await expect(map).toBeVisible();
  await map.focus();
  for (const key of ['ArrowUp', 'ArrowUp', 'ArrowRight', 'ArrowRight', 'ArrowRight']) await map.press(key);
  await expect(page.getByTestId('pin-announce')).toContainText(t('portal.map.movedTo').split('{')[0]!.trim());
  await map.press('Enter');
  await expect(page.getByTestId('pin-status')).toContainText(t('portal.map.chosen').split('{')[0]!.trim());

  await page.getByLabel(t('portal.contact.email')).fill(uniqueEmail('req-phone'));

  // Sent without the required answer: refused by the server, the error is at the question, in
  // Spanish, and nothing typed is lost.
  await page.getByRole('button', { name: t('portal.form.submit') }).click();
  const depthError = page.locator('#answer-depth-error');
  await expect(depthError).toBeVisible();
  await expect(page.getByTestId('problem')).toBeVisible();
  await expect(page.locator('#answer-depth')).toBeFocused();
  await expect(page.getByLabel(t('portal.form.description'))).toHaveValue(/Bache profundo/);
  await expect(page.getByTestId('photo-item')).toHaveCount(1);
  await expectNoA11yViolations(page);
  await saveScreenshot(page, testInfo, 'requests-report-refused-es-phone');

  await page.locator('#answer-depth').fill('5');
  await page.locator('label[for="answer-in_lane-0"]').click();
  await settle(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, 'requests-report-filled-es-phone');
  await page.getByRole('button', { name: t('portal.form.submit') }).click();

  // The code, large and grouped; the status page from its link.
  await expect(page.getByTestId('report-done')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.done.title'));
  const href = await page.getByTestId('status-link').getAttribute('href');
  const code = decodeURIComponent(href!.split('/').pop()!);
  expect(code.replace(/-/g, '')).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
  await expect(page.getByTestId('tracking-code').locator('.civq-req-code__group')).toHaveText([
    code.replace(/-/g, '').slice(0, 4),
    code.replace(/-/g, '').slice(4, 8),
    code.replace(/-/g, '').slice(8),
  ]);
  await settle(page);
  await expectNoA11yViolations(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, 'requests-report-done-es-phone');

  await page.getByTestId('status-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME.es);
  await expect(page.getByTestId('request-status')).toHaveText(msg(lang, 'requests', 'status.submitted'));
  await expect(page.getByTestId('request-description')).toContainText('Bache profundo');
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(1);
  const photo = page.locator('.civq-req-gallery img');
  await expect(photo).toHaveCount(1);
  await expect(photo).toHaveJSProperty('complete', true);
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // The photo served back is re-encoded without its EXIF, so without the GPS position.
  const served = await page.request.get((await photo.getAttribute('src'))!);
  expect(served.status()).toBe(200);
  const meta = await sharp(await served.body()).metadata();
  expect(meta.exif).toBeUndefined();
  // Nobody's contact on the public page.
  await expect(page.getByText('@demo.civq.test')).toHaveCount(0);
  await settle(page);
  await expectNoA11yViolations(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, 'requests-public-reported-es-phone');
});

test('a tracking code that does not exist, and a mistyped one, are answered in the page language', async ({
  page,
  context,
}) => {
  await useLanguage(context, 'es');
  await page.goto('/portal/requests/track/0000-0000-00');
  await expect(page.getByTestId('track-not-found')).toBeVisible();
  await page.getByLabel(msg('es', 'requests', 'portal.track.code')).fill('ABC');
  await page.getByRole('button', { name: msg('es', 'requests', 'portal.track.submit') }).click();
  await expect(page.locator('#tracking-code-input-error')).toHaveText(
    msg('es', 'requests', 'portal.track.codeInvalid'),
  );
});

test('a signed-in resident follows a report on its public page and sees it under my reports', async ({
  page,
}, testInfo) => {
  const code = await fileReport('en');
  const resident = await request.newContext({ baseURL: baseURL() });
  await createVerifiedResident(resident);
  await page.context().addCookies((await resident.storageState()).cookies);
  await resident.dispose();
  await page.goto(`/portal/requests/track/${code}`);
  await expect(page.getByTestId('request-page')).toBeVisible();
  await expect(page.getByTestId('claim-link')).toHaveCount(0);
  await page.getByTestId('follow-button').click();
  await expect(page.getByTestId('follow-done')).toHaveText(msg('en', 'requests', 'portal.follow.followed'));
  await expect(page.getByTestId('follow-button')).toHaveText(msg('en', 'requests', 'portal.follow.unfollow'));
  await page.goto('/portal/requests');
  await expect(page.getByTestId('my-following')).toContainText(code);
  // In My Activity too (projected from the events, a moment later), with a link to its page.
  const entry = page.locator('[data-testid="activity-entry"][data-kind="request"]').first();
  await expect(async () => {
    await page.goto('/portal/account/activity');
    await expect(entry).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(entry).toContainText(code);
  await expect(
    entry.getByRole('link', {
      name: msg('en', 'account.requests', 'activity.links.request').replace('{number}', code),
    }),
  ).toHaveAttribute('href', `/portal/requests/track/${code}`);
  await expectNoA11yViolations(page);
  await saveScreenshot(page, testInfo, 'requests-activity-en-desktop');
});

test('an anonymous report is claimed with the emailed link by a signed-in resident', async ({ page }) => {
  const email = uniqueEmail('req-claim');
  const code = await fileReport('en', email);
  await page.goto(`/portal/requests/track/${code}`);
  await page.getByLabel(msg('en', 'requests', 'portal.claim.email')).fill(email);
  await page.getByRole('button', { name: msg('en', 'requests', 'portal.claim.submit') }).click();
  await expect(page.getByText(msg('en', 'requests', 'portal.claim.sentTitle'))).toBeVisible();

  // The link as the email carries it (this server has no SMTP: read from the message log).
  const { api: admin, dispose } = await adminApi();
  let link: string | undefined;
  await expect(async () => {
    const list = await admin.get('/api/v1/communications/messages?kind=request.claim_link&limit=50');
    for (const m of ((await list.json()) as { items: { id: string }[] }).items) {
      const d = (await (await admin.get(`/api/v1/communications/messages/${m.id}`)).json()) as {
        recipient: string;
        bodyText: string;
      };
      if (d.recipient === email)
        link = /https?:\/\/\S+\/portal\/requests\/claim#token=[^\s)>"]+/.exec(d.bodyText)?.[0];
    }
    expect(link).toBeDefined();
  }).toPass({ timeout: 30_000 });
  await dispose();

  const resident = await request.newContext({ baseURL: baseURL() });
  await createVerifiedResident(resident);
  await page.context().addCookies((await resident.storageState()).cookies);
  await resident.dispose();
  const url = new URL(link!);
  await page.goto(`${url.pathname}${url.hash}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    msg('en', 'requests', 'portal.claimPage.title'),
  );
  await page.getByTestId('claim-button').click();
  await expect(page.getByTestId('claim-done')).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goto('/portal/requests');
  await expect(page.getByTestId('my-reported')).toContainText(code);
});

for (const lang of LANGS) {
  for (const [device, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', PHONE],
  ] as const) {
    test(`311 pages in ${lang} on ${device}: accessible, fit the screen, screenshots`, async ({
      page,
      context,
    }, testInfo) => {
      const t = (key: string) => msg(lang, 'requests', key);
      await page.setViewportSize(viewport);
      await useLanguage(context, lang);
      const code = await fileReport(lang);

      await page.goto('/portal/requests');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.start.title'));
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await settle(page);
      await expectNoA11yViolations(page);
      await expectNoHorizontalOverflow(page);
      await saveScreenshot(page, testInfo, `requests-start-${lang}-${device}`);

      await page.goto('/portal/requests/new');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.form.title'));
      await page.locator(`label[for="category-${CATEGORY}"]`).click();
      await expect(page.getByTestId('pin-map')).toBeVisible();
      // A known address from the search sets the pin too.
      await page.getByLabel(t('portal.form.address')).fill('Calle Luna');
      const match = page.getByTestId('address-matches').getByRole('button').first();
      const label = (await match.textContent())!;
      await match.click();
      await expect(page.getByLabel(t('portal.form.address'))).toHaveValue(label);
      await expect(page.getByTestId('pin-status')).toContainText(
        t('portal.map.chosen').split('{')[0]!.trim(),
      );
      await settle(page);
      await expectNoA11yViolations(page);
      await expectNoHorizontalOverflow(page);
      await saveScreenshot(page, testInfo, `requests-report-${lang}-${device}`);

      await page.goto(`/portal/requests/track/${code}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(NAME[lang]);
      await expect(page.getByTestId('claim-link')).toBeVisible();
      await settle(page);
      await expectNoA11yViolations(page);
      await expectNoHorizontalOverflow(page);
      await saveScreenshot(page, testInfo, `requests-public-${lang}-${device}`);

      await page.goto('/portal/requests/claim');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('portal.claimPage.title'));
      await expectNoA11yViolations(page);
    });
  }
}
