import { expect, request, test, type BrowserContext, type Page } from '@playwright/test';
import {
  adminApi,
  baseURL,
  DEMO,
  DEMO_PASSWORD,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  msg,
  saveScreenshot,
  statePath,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * The staff 311 pages over the real API: the queue with its filters, a request worked from new
 * to closed with a public and an internal note, the map, a viewer who may only look, and an
 * admin adding a category with a Spanish question and an Open311 key. Requests are filed here
 * through the public API with a unique street name, so the demo data never gets in the way.
 */

// One worker runs the file in order, so the requests below are filed once (reports are
// rate-limited per client address).
test.describe.configure({ mode: 'default' });

const BASE = '/dashboard/requests';
const t = (key: string, lang: Lang = 'en') => msg(lang, 'dashboard.requests', `requests.${key}`);

/** A capitalized word of random letters: an address text no other request has. */
const unique = () => {
  const letters = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26)));
  return `${letters[0]!.toUpperCase()}${letters.slice(1).join('')}`;
};

/** No map tiles or anything else from outside this machine: the map must work without them. */
async function stayLocal(context: BrowserContext): Promise<void> {
  const local = new URL(baseURL()).origin;
  await context.route(
    (url) => url.origin !== local,
    (route) => route.abort(),
  );
}

type Filed = { trackingCode: string };
type Area = { minLat: number; minLng: number; maxLat: number; maxLng: number };

const TAG = unique();
const DEPARTMENT = `e2e_dep_${TAG.toLowerCase()}`;
const CATEGORY = `e2e_cat_${TAG.toLowerCase()}`;
const filed: { code: string; address: string }[] = [];
let area: Area;

/** A department, a category and three requests of it, filed as a resident would. */
test.beforeAll(async () => {
  const { api, csrf, dispose } = await adminApi();
  const headers = { 'x-csrf-token': csrf };
  let res = await api.get('/api/v1/requests/area');
  if (res.status() !== 200) {
    const put = await api.put('/api/v1/requests/admin/area', {
      headers,
      data: {
        minLat: 26.1,
        minLng: -98.35,
        maxLat: 26.35,
        maxLng: -98.1,
        polygon: null,
        jurisdictionId: 'esperanza.tx.us',
      },
    });
    expect(put.status(), await put.text()).toBe(200);
    res = await api.get('/api/v1/requests/area');
  }
  area = (await res.json()) as Area;
  res = await api.put(`/api/v1/requests/admin/departments/${DEPARTMENT}`, {
    headers,
    data: { name: { en: `Streets ${TAG}`, es: `Calles ${TAG}` } },
  });
  expect(res.status(), await res.text()).toBe(200);
  res = await api.put(`/api/v1/requests/admin/categories/${CATEGORY}`, {
    headers,
    data: {
      name: { en: `Pothole ${TAG}`, es: `Bache ${TAG}` },
      description: { en: 'A hole in the street', es: 'Un hoyo en la calle' },
      departmentCode: DEPARTMENT,
      slaBusinessDays: 3,
      locationRequired: false,
      questions: [],
      active: true,
      position: 900,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const lat = (area.minLat + area.maxLat) / 2;
  const lng = (area.minLng + area.maxLng) / 2;
  // The queue's address search matches from the start of the street name: the tag comes first.
  for (const [i, street] of ['Calle', 'Street', 'Avenue'].entries()) {
    const address = `${100 + i} ${TAG} ${street}`;
    const post = await api.post('/api/v1/requests', {
      data: {
        categoryCode: CATEGORY,
        description: `Deep pothole in front of ${address}`,
        address,
        location: { lat: lat + i * 0.002, lng: lng + i * 0.002 },
        contact: { name: 'Rosa Treviño', email: `rosa-${TAG.toLowerCase()}-${i}@example.com` },
        language: i === 1 ? 'en' : 'es',
      },
    });
    expect(post.status(), await post.text()).toBe(201);
    filed.push({ code: ((await post.json()) as Filed).trackingCode, address });
  }
  await dispose();
});

/** The queue filtered to this run's requests (by address text), through the filter form. */
async function filterToTag(page: Page, lang: Lang = 'en') {
  await page.getByLabel(t('filters.q', lang), { exact: true }).fill(TAG);
  await page.getByRole('button', { name: t('filters.apply', lang) }).click();
  await expect(page).toHaveURL(new RegExp(`q=${TAG}`));
  await expect(page.getByTestId('queue-row')).toHaveCount(3);
}

const codeText = (code: string) => code.replace(/-/g, '').replace(/^(.{4})(.{4})(.{2})$/, '$1-$2-$3');

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  test('filters the queue, works a request to closed with public and internal notes', async ({
    page,
    browser,
  }) => {
    test.setTimeout(90_000);
    await page.goto(BASE);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      msg('en', 'dashboard.requests', 'modules.requests.title'),
    );
    await expect(page.getByTestId('kpis')).toBeVisible();
    await filterToTag(page);

    // Filters live in the address: category and status narrow it, "newest first" reverses it.
    await page.getByLabel(t('filters.category'), { exact: true }).selectOption(CATEGORY);
    await page.getByLabel(t('filters.status'), { exact: true }).selectOption('submitted');
    await page.getByLabel(t('filters.assignee'), { exact: true }).selectOption('none');
    await page.getByLabel(t('filters.sort'), { exact: true }).selectOption('newest');
    await page.getByRole('button', { name: t('filters.apply') }).click();
    for (const param of [`category=${CATEGORY}`, 'status=submitted', 'assignee=none', 'sort=newest'])
      await expect(page).toHaveURL(new RegExp(param));
    const rows = page.getByTestId('queue-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toHaveAttribute('data-code', filed[2]!.code);
    await page.reload();
    await expect(page.getByLabel(t('filters.sort'), { exact: true })).toHaveValue('newest');
    await expect(rows).toHaveCount(3);
    await saveScreenshot(page, test.info(), 'requests-queue-en');

    // Open the oldest one.
    const target = filed[0]!;
    await page.getByRole('link', { name: codeText(target.code) }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      t('request.title').replace('{code}', codeText(target.code)),
    );
    await expect(page.getByTestId('request-description')).toContainText(target.address);
    await expect(page.getByTestId('reporter')).toContainText('Rosa Treviño');

    await page.getByRole('button', { name: t('actions.acknowledged') }).click();
    await expect(page.getByTestId('action-done')).toHaveText(t('actions.done.acknowledged'));
    await expect(page.getByTestId('request-status')).toContainText(t('status.acknowledged'));

    // A note's audience is always chosen: without a choice, the form says so at the choice.
    const note = page.getByTestId('note-form');
    await note.getByLabel(t('note.body'), { exact: true }).fill('Crew scheduled for Thursday.');
    await note.getByRole('button', { name: t('note.submit') }).click();
    await expect(note.getByText(t('note.visibilityRequired'))).toBeVisible();
    await note.locator('label[for="note-public"]').click();
    await note.getByRole('button', { name: t('note.submitPublic') }).click();
    await expect(page.getByTestId('action-done')).toHaveText(t('note.addedPublic'));

    await note.locator('label[for="note-internal"]').click();
    await note
      .getByLabel(t('note.body'), { exact: true })
      .fill('Same hole patched in March; check the warranty.');
    await note.getByRole('button', { name: t('note.submitInternal') }).click();
    await expect(page.getByTestId('action-done')).toHaveText(t('note.addedInternal'));

    await page.getByRole('button', { name: t('actions.in_progress') }).click();
    await expect(page.getByTestId('action-done')).toHaveText(t('actions.done.in_progress'));
    await expect(page.getByTestId('request-status')).toContainText(t('status.in_progress'));

    // Closing needs the note the reporter will read.
    await page.getByRole('button', { name: t('actions.close') }).click();
    await page.getByRole('button', { name: t('actions.closeSubmit') }).click();
    await expect(page.getByText(t('actions.noteRequired'))).toBeVisible();
    await page.getByLabel(t('actions.closingNote'), { exact: true }).fill('Pothole filled on Thursday.');
    await page.getByRole('button', { name: t('actions.closeSubmit') }).click();
    await expect(page.getByTestId('action-done')).toHaveText(t('actions.done.closed'));
    await expect(page.getByTestId('request-status')).toContainText(t('status.closed'));
    await expect(page.getByRole('button', { name: t('actions.reopen') })).toBeVisible();

    const timeline = page.getByTestId('timeline');
    const entry = (kind: string, text: string) =>
      timeline.locator(`[data-testid="timeline-entry"][data-kind="${kind}"]`).filter({ hasText: text });
    await expect(entry('public_note', 'Crew scheduled for Thursday.')).toHaveAttribute(
      'data-visibility',
      'public',
    );
    await expect(entry('internal_note', 'check the warranty')).toHaveAttribute('data-visibility', 'internal');
    await expect(entry('internal_note', 'check the warranty')).toContainText(t('timeline.internal'));
    await expect(
      timeline.locator('[data-kind="status"]').filter({
        hasText: `${t('status.submitted')} → ${t('status.acknowledged')}`,
      }),
    ).toHaveCount(1);
    await expect(
      timeline.locator('[data-kind="status"]').filter({
        hasText: `${t('status.acknowledged')} → ${t('status.in_progress')}`,
      }),
    ).toHaveCount(1);
    await expect(
      timeline.locator('[data-kind="status"]').filter({ hasText: 'Pothole filled on Thursday.' }),
    ).toHaveCount(1);
    await saveScreenshot(page, test.info(), 'requests-request-en');

    // The public page never shows the internal note.
    const track = await page.request.get(`/api/v1/requests/track/${target.code}`);
    expect(track.status()).toBe(200);
    expect(await track.text()).not.toContain('warranty');

    // What the reporter (she wrote in Spanish) sees on her phone, signed in or not: the closing,
    // the public note, each step — and not the internal note.
    const phone = await browser.newContext({
      baseURL: baseURL(),
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    await useLanguage(phone, 'es');
    const reporter = await phone.newPage();
    await reporter.goto(`/portal/requests/track/${target.code}`);
    await expect(reporter.getByTestId('closing-note')).toContainText('Pothole filled on Thursday.');
    await expect(reporter.getByTestId('timeline')).toContainText('Crew scheduled for Thursday.');
    await expect(reporter.locator('body')).not.toContainText('warranty');
    await expectNoHorizontalOverflow(reporter);
    await saveScreenshot(reporter, test.info(), 'requests-public-after-staff-es-phone');
    await phone.close();
  });

  test('sees the requests on a map without tiles, and listed below it', async ({ page, context }) => {
    await stayLocal(context);
    await page.goto(`${BASE}?q=${TAG}`);
    await expect(page.getByTestId('queue-row').first()).toBeVisible();
    await page.getByTestId('view-map').click();
    await expect(page).toHaveURL(/view=map/);
    await expect(page.getByTestId('requests-map')).toBeVisible();
    await expect(page.getByTestId('map-marker').first()).toBeVisible();
    expect(await page.getByTestId('map-marker').count()).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('map-list-row').filter({ hasText: codeText(filed[1]!.code) })).toHaveCount(
      1,
    );
    // Moving the map loads the points for the new view.
    const reloaded = page.waitForRequest((r) => r.url().includes('/api/v1/requests/map?'));
    await page.getByRole('button', { name: t('map.zoomIn') }).click();
    await reloaded;
    await saveScreenshot(page, test.info(), 'requests-map-en');
  });
});

test.describe('on a utility account', () => {
  test.use({ storageState: statePath('clerk') });

  test("shows the account's open requests, and the request links back to the account", async ({ page }) => {
    // The demo data links some open requests to utility accounts: find one.
    const queue = await page.request.get('/api/v1/requests/queue?status=open&sort=oldest');
    expect(queue.status()).toBe(200);
    const { items } = (await queue.json()) as { items: { id: string; trackingCode: string }[] };
    let linked: { id: string; trackingCode: string; account: { id: string; number: string } } | null = null;
    for (const item of items) {
      const res = await page.request.get(`/api/v1/requests/${item.id}`);
      const r = (await res.json()) as { account: { id: string; number: string } | null };
      if (r.account) {
        linked = { ...item, account: r.account };
        break;
      }
    }
    test.skip(!linked, 'no open demo request is linked to a utility account');
    await page.goto(`${BASE}/${linked!.id}`);
    await page.getByTestId('linked-account').getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/dashboard/utilities/accounts/${linked!.account.id}`));
    const section = page.getByTestId('account-requests');
    await expect(section.getByRole('link', { name: codeText(linked!.trackingCode) })).toBeVisible();
  });
});

test('a viewer reads a request but sees no actions', async ({ browser }) => {
  const api = await request.newContext({ baseURL: baseURL() });
  const res = await api.post('/api/v1/auth/login', { data: { email: DEMO.viewer, password: DEMO_PASSWORD } });
  expect(res.status()).toBe(200);
  const context = await browser.newContext({ storageState: await api.storageState() });
  await api.dispose();
  const page = await context.newPage();
  await page.goto(`${BASE}?q=${TAG}`);
  await page.getByRole('link', { name: codeText(filed[1]!.code) }).click();
  await expect(page.getByTestId('request-description')).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('status-actions')).toHaveCount(0);
  await expect(page.getByTestId('note-form')).toHaveCount(0);
  await expect(page.getByTestId('assign-form')).toHaveCount(0);
  await expect(page.getByTestId('duplicate-form')).toHaveCount(0);
  await expect(page.getByRole('button')).not.toContainText([t('actions.acknowledged')]);
  await page.goto(`${BASE}/catalogue`);
  await expect(page.getByTestId('not-allowed')).toBeVisible();
  await context.close();
});

test.describe('as an admin', () => {
  test.use({ storageState: statePath('admin') });

  test('adds a category with a Spanish question, and issues and revokes an Open311 key', async ({ page }) => {
    test.setTimeout(90_000);
    const code = `e2e_graffiti_${TAG.toLowerCase()}`;
    await page.goto(`${BASE}/catalogue`);
    await page.getByRole('button', { name: t('catalogue.add') }).click();
    const form = page.getByTestId('category-form');
    await form.getByLabel(t('catalogue.form.code'), { exact: true }).fill(code);
    await form.getByLabel(t('catalogue.form.department'), { exact: true }).selectOption(DEPARTMENT);
    await form.getByLabel(t('catalogue.form.nameEn'), { exact: true }).fill(`Graffiti ${TAG}`);
    await form.getByLabel(t('catalogue.form.nameEs'), { exact: true }).fill(`Grafiti ${TAG}`);
    await form.getByLabel(t('catalogue.form.descriptionEn'), { exact: true }).fill('Paint on a wall or sign');
    // Saving without the Spanish description puts the error at that field.
    await form.getByRole('button', { name: t('catalogue.form.save') }).click();
    await expect(form.getByLabel(t('catalogue.form.descriptionEs'), { exact: true })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    await form
      .getByLabel(t('catalogue.form.descriptionEs'), { exact: true })
      .fill('Pintura en una pared o un letrero');
    await form.getByLabel(t('catalogue.form.sla'), { exact: true }).fill('10');
    await form.getByTestId('add-question').click();
    const q = form.getByTestId('question').first();
    await q.getByLabel(t('catalogue.questions.key'), { exact: true }).fill('surface');
    await q.getByLabel(t('catalogue.questions.type'), { exact: true }).selectOption('single_choice');
    await q.getByLabel(t('catalogue.questions.labelEn'), { exact: true }).fill('What is painted?');
    await q.getByLabel(t('catalogue.questions.labelEs'), { exact: true }).fill('¿Qué está pintado?');
    for (const [value, en, es] of [
      ['wall', 'A wall', 'Una pared'],
      ['sign', 'A sign', 'Un letrero'],
    ]) {
      await q.getByRole('button', { name: t('catalogue.questions.addOption') }).click();
      const option = q.getByTestId('option').last();
      await option.getByLabel(t('catalogue.questions.optionValue'), { exact: true }).fill(value!);
      await option.getByLabel(t('catalogue.questions.optionEn'), { exact: true }).fill(en!);
      await option.getByLabel(t('catalogue.questions.optionEs'), { exact: true }).fill(es!);
    }
    await form.getByRole('button', { name: t('catalogue.form.save') }).click();
    await expect(page.getByTestId('catalogue-done')).toBeVisible();
    const row = page.locator(`[data-testid="category-row"][data-code="${code}"]`);
    await expect(row).toContainText(`Grafiti ${TAG}`);

    const { api, dispose } = await adminApi();
    const cats = (await (await api.get('/api/v1/requests/admin/categories')).json()) as {
      categories: { code: string; questions: { label: { es: string } }[] }[];
    };
    expect(cats.categories.find((c) => c.code === code)?.questions[0]?.label.es).toBe('¿Qué está pintado?');
    await dispose();

    await page.goto(`${BASE}/open311`);
    await page.getByLabel(t('keys.label'), { exact: true }).fill(`Fix-It app ${TAG}`);
    await page.getByRole('button', { name: t('keys.create') }).click();
    await expect(page.getByTestId('new-key')).not.toHaveValue('');
    const keyRow = page.locator(`[data-testid="key-row"][data-label="Fix-It app ${TAG}"]`);
    await expect(keyRow).toContainText(t('keys.active'));
    page.once('dialog', (d) => void d.accept());
    await keyRow.getByRole('button', { name: t('keys.revoke') }).click();
    await expect(page.getByTestId('key-revoked')).toBeVisible();
    await expect(keyRow.getByRole('button', { name: t('keys.revoke') })).toHaveCount(0);
  });
});

test.describe('accessibility', () => {
  test.use({ storageState: statePath('admin') });

  for (const lang of ['en', 'es'] as const) {
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 800 }],
      ['phone', { width: 360, height: 740 }],
    ] as const) {
      test(`axe-clean in ${lang} on a ${device}: queue, map, request, catalogue, keys`, async ({
        page,
        context,
      }) => {
        test.setTimeout(120_000);
        await stayLocal(context);
        await useLanguage(context, lang);
        await page.setViewportSize(viewport);
        const shot = (name: string) =>
          saveScreenshot(page, test.info(), `requests-${name}-${lang}-${device}`);

        await page.goto(`${BASE}?q=${TAG}`);
        await expect(
          page.getByTestId('queue-row').filter({ hasText: codeText(filed[2]!.code) }),
        ).toBeVisible();
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await shot('queue');

        await page.goto(`${BASE}?q=${TAG}&view=map`);
        await expect(page.getByTestId('map-marker').first()).toBeVisible();
        await expect(page.getByTestId('map-list-row').first()).toBeVisible();
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await shot('map');

        await page
          .getByTestId('map-list-row')
          .filter({ hasText: codeText(filed[2]!.code) })
          .getByRole('link')
          .click();
        await expect(page.getByTestId('timeline')).toBeVisible();
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await shot('request');

        await page.goto(`${BASE}/catalogue`);
        await expect(page.getByTestId('categories-table')).toBeVisible();
        await page.getByRole('button', { name: t('catalogue.add', lang) }).click();
        await page.getByTestId('add-question').click();
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await shot('catalogue');

        await page.goto(`${BASE}/open311`);
        await expect(page.getByTestId('key-form')).toBeVisible();
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await shot('keys');
      });
    }
  }
});
