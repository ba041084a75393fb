import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { baseURL, msg, statePath, useLanguage, type Lang } from './support.ts';

/**
 * The staff Utility Billing pages and the portal's balance lookup over the real API: opening an
 * account with a map pin, meters, hand readings, a CSV import with a bad row, resolving a
 * high-use exception, accent-insensitive search, the rate calculator, and a resident looking
 * up the balance in Spanish. The demo data holds a few hundred accounts, so every name and
 * serial asserted on is made here with a unique suffix.
 */

const BASE = '/dashboard/utilities';
const t = (key: string, lang: Lang = 'en') => msg(lang, 'dashboard', `utilities.${key}`);
const p = (key: string, lang: Lang) => msg(lang, 'portal', `utilities.${key}`);

/** A capitalized word of random letters: never mistaken by a search for an account number. */
const unique = () => {
  const letters = Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26)));
  return `${letters[0]!.toUpperCase()}${letters.slice(1).join('')}`;
};

/** A calendar day `days` before today, as YYYY-MM-DD (UTC, like the server's "today"). */
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** No map tiles or anything else from outside this machine: the map must work without them. */
async function stayLocal(context: BrowserContext): Promise<void> {
  const local = new URL(baseURL()).origin;
  await context.route(
    (url) => url.origin !== local,
    (route) => route.abort(),
  );
}

/** The utilities API as the signed-in user of the page, with the CSRF header. */
async function utilitiesApi(page: Page) {
  const me = await page.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(200);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return async <T>(path: string, data: object): Promise<T> => {
    const res = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
    expect([200, 201], `${path}: ${await res.text()}`).toContain(res.status());
    return (await res.json()) as T;
  };
}

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  test('opens an account with a map pin, finds it without accents; a resident looks it up in Spanish', async ({
    page,
    context,
    browser,
  }) => {
    test.setTimeout(60_000);
    await stayLocal(context);
    const tag = unique();
    const name = `José Ibáñez ${tag}`;

    await page.goto(`${BASE}/accounts`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      msg('en', 'dashboard-billing', 'accounts.title'),
    );
    await page.getByRole('link', { name: t('accounts.open') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('open.title'));

    await page.getByLabel(t('form.name'), { exact: true }).fill(name);
    await page.getByLabel(t('form.email')).fill(`ibanez-${tag}@example.com`);
    await page.getByLabel(t('form.phone')).fill('(956) 555-0142');
    await page.getByLabel(t('form.language'), { exact: true }).selectOption('es');
    await page.getByLabel(t('form.street'), { exact: true }).fill(`418 Calle Ñandú ${tag}`);
    await page.getByLabel(t('form.city'), { exact: true }).fill('Esperanza');
    await page.getByLabel(t('form.state'), { exact: true }).fill('tx');
    await page.getByLabel(t('form.zip'), { exact: true }).fill('78501');
    await page.getByLabel(t('form.type'), { exact: true }).selectOption('residential');
    await page.getByLabel(t('form.route')).fill('R2');
    // USWDS draws its own checkbox and radios, so a person clicks the label.
    await page.locator('label[for="autopay"]').click();
    await expect(page.getByRole('checkbox', { name: t('form.autopay') })).toBeChecked();

    // The pin is placed by clicking the map (whose tiles never load here).
    const map = page.getByTestId('map');
    await expect(map).toBeVisible();
    await map.click({ position: { x: 160, y: 120 } });
    const latitude = page.getByLabel(t('map.latitude'), { exact: true });
    const longitude = page.getByLabel(t('map.longitude'), { exact: true });
    await expect(latitude).toHaveValue(/^-?\d+\.\d{6}$/);
    await expect(longitude).toHaveValue(/^-?\d+\.\d{6}$/);
    const pinned = `${await latitude.inputValue()}, ${await longitude.inputValue()}`;
    await expect(map.locator('.leaflet-marker-icon')).toBeVisible();

    await page.getByRole('button', { name: t('open.submit') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByTestId('flash')).toContainText(t('account.opened'));
    const number = (await page.getByTestId('account-number').textContent())!;
    expect(number).toMatch(/^\d{4}-\d{3}-\d{3}$/);
    await expect(page.getByTestId('account-number-box')).toContainText(t('account.numberNote'));
    await expect(page.getByTestId('pin')).toHaveText(pinned);
    await expect(page.getByTestId('balance')).toContainText('$0.00');

    // Accent-insensitive search, typed without accents; the list shows the Autopay badge.
    await page.getByRole('link', { name: t('back') }).click();
    await page.getByLabel(t('filters.search'), { exact: true }).fill(`ibanez ${tag}`);
    await page.getByRole('button', { name: t('filters.apply'), exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=ibanez\\+${tag}`));
    const rows = page.getByTestId('account-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText(name);
    await expect(rows.first()).toContainText(number);
    await expect(rows.first()).toContainText(t('autopay'));
    // By its number, typed without separators.
    await page.getByLabel(t('filters.search'), { exact: true }).fill(number.replace(/-/g, ''));
    await page.getByRole('button', { name: t('filters.apply'), exact: true }).click();
    await expect(rows).toHaveCount(1);
    await rows.first().getByRole('link', { name: number }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);

    // A resident, in a fresh browser in Spanish, from the portal's home page.
    const resident = await browser.newContext({ locale: 'es-US' });
    await useLanguage(resident, 'es');
    await stayLocal(resident);
    const portal = await resident.newPage();
    await portal.goto('/');
    await portal
      .getByTestId('service-utilities')
      .getByRole('link', { name: msg('es', 'portal', 'home.services.utilities.link') })
      .click();
    await expect(portal.getByRole('heading', { level: 1 })).toHaveText(p('title', 'es'));
    const field = portal.getByLabel(p('number', 'es'), { exact: true });
    // The example number keeps together on a line (non-breaking hyphens).
    await expect(field).toHaveAccessibleDescription(
      p('numberHint', 'es').replace(/(\d)-(?=\d)/g, '$1\u2011'),
    );
    await field.fill(number);
    await portal.getByRole('button', { name: p('submit', 'es') }).click();
    await expect(portal.getByTestId('masked-name')).toHaveText(`J*** I*** ${tag[0]}***`);
    await expect(portal.getByTestId('lookup-result')).toContainText(p('nothingDue', 'es'));
    await expect(portal.getByTestId('balance-due')).toHaveText(/\$0\.00/);
    await expect(portal.getByTestId('lookup-result')).not.toContainText(name);

    // One digit mistyped: refused by the check digit, with no lookup result.
    const last = Number(number.slice(-1));
    await field.fill(`${number.slice(0, -1)}${(last + 1) % 10}`);
    await portal.getByRole('button', { name: p('submit', 'es') }).click();
    await expect(portal.getByText(p('errors.checkDigit', 'es'))).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(portal.getByTestId('lookup-result')).toHaveCount(0);
    // Too short.
    await field.fill('1234-567');
    await portal.getByRole('button', { name: p('submit', 'es') }).click();
    await expect(portal.getByText(p('errors.length', 'es'))).toBeVisible();
    await resident.close();
  });

  test('attaches a meter, enters readings, imports a CSV with a bad row, resolves a high-use exception', async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    await stayLocal(context);
    const tag = unique();
    const serial = `E2E-${tag.toUpperCase()}`;
    const post = await utilitiesApi(page);
    const account = await post<{ id: string }>('/api/v1/utilities/accounts', {
      customerName: `Rosa Treviño ${tag}`,
      address: { street: '77 Ébano Ln', city: 'Esperanza', state: 'TX', zip: '78501' },
      accountType: 'residential',
    });

    await page.goto(`${BASE}/accounts/${account.id}`);
    await expect(page.getByTestId('no-meters')).toBeVisible();

    // Attach a meter: added to stock and installed with its first reading.
    await page.getByRole('button', { name: t('meterForm.title') }).click();
    const meterForm = page.getByTestId('attach-meter');
    await meterForm.getByLabel(t('meterForm.serial')).fill(serial);
    await meterForm.getByLabel(t('meterForm.installedOn')).fill(daysAgo(120));
    await meterForm.getByLabel(t('meterForm.initialRead')).fill('0');
    await meterForm.getByRole('button', { name: t('meterForm.submit') }).click();
    await expect(page.getByTestId('flash')).toContainText(serial);
    await expect(page.getByTestId('current-meters').getByTestId('meter-row')).toHaveAttribute(
      'data-serial',
      serial,
    );
    await expect(page.getByTestId('read-row')).toHaveCount(1);

    // A reading by hand.
    await page.getByRole('button', { name: t('readForm.title') }).click();
    const readForm = page.getByTestId('reading-form');
    await readForm.getByLabel(t('readForm.date')).fill(daysAgo(90));
    await readForm.getByLabel(t('readForm.value'), { exact: true }).fill('3,000');
    await readForm.getByRole('button', { name: t('readForm.submit') }).click();
    await expect(page.getByTestId('reading-saved')).toContainText('3,000 gallons');
    await expect(page.getByTestId('read-row')).toHaveCount(2);

    // A CSV from the meter-reading system: one good row, one for a meter nobody has.
    await page.getByRole('link', { name: t('back') }).click();
    await page.getByRole('link', { name: t('nav.import') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('import.title'));
    const csv = [
      'meter_serial,read_date,read_value,read_method',
      `${serial},${daysAgo(60)},6000,amr`,
      `NOPE-${tag.toUpperCase()},${daysAgo(60)},100,amr`,
    ].join('\n');
    await page.getByLabel(t('import.file')).setInputFiles({
      name: `reads-${tag}.csv`,
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: t('import.submit'), exact: true }).click();
    const result = page.getByTestId('import-result');
    await expect(result.getByTestId('count-stored')).toContainText('1');
    await expect(result.getByTestId('count-rejected')).toContainText('1');
    const rejected = result.getByTestId('rejected-row');
    await expect(rejected).toHaveCount(1);
    await expect(rejected).toHaveAttribute('data-line', '3');
    await expect(rejected).toContainText(`NOPE-${tag.toUpperCase()}`);
    await expect(rejected).toContainText(msg('en', 'errors', 'readRejection.meter_unknown'));

    // Ten times the usual use: stored, and on the exceptions list.
    await page.goto(`${BASE}/accounts/${account.id}`);
    await expect(page.getByTestId('read-row')).toHaveCount(3);
    await page.getByRole('button', { name: t('readForm.title') }).click();
    await readForm.getByLabel(t('readForm.date')).fill(daysAgo(30));
    await readForm.getByLabel(t('readForm.value'), { exact: true }).fill('36000');
    await readForm.getByRole('button', { name: t('readForm.submit') }).click();
    await expect(page.getByTestId('reading-saved')).toContainText(t('exceptionKinds.high'));

    await page.getByRole('link', { name: t('back') }).click();
    await page.getByRole('link', { name: t('nav.exceptions') }).click();
    const item = page.locator(`[data-testid=exception][data-serial="${serial}"]`);
    await expect(item).toHaveAttribute('data-kind', 'high');
    await expect(item.getByTestId('consumption')).toHaveText('30,000');
    await item.getByRole('button', { name: t('exceptions.review') }).click();
    await item.locator('label', { hasText: t('exceptions.actions.reread') }).click();
    await item.locator('label', { hasText: t('exceptions.actions.accept') }).click();
    await expect(item.getByRole('radio', { name: t('exceptions.actions.accept') })).toBeChecked();
    await item.getByLabel(t('exceptions.note')).fill('Pool filled; the customer confirmed.');
    await item.getByRole('button', { name: t('exceptions.submit') }).click();
    await expect(page.getByTestId('flash')).toContainText(serial);
    await expect(item).toHaveCount(0);
  });

  test('the rate calculator shows each line and the total', async ({ page }) => {
    await page.goto(`${BASE}/types`);
    await expect(page.getByTestId('schedule-row').first()).toBeVisible();
    const schedule = page.getByLabel(t('calculator.schedule'), { exact: true });
    // The 2026 version (the demo also has 2025's rates).
    const option = schedule.locator('option', { hasText: /^Residential · Water · from Jan 1, 2026/ });
    await schedule.selectOption((await option.getAttribute('value'))!);
    await page.getByLabel(t('calculator.units'), { exact: true }).fill('5000');
    await page.getByRole('button', { name: t('calculator.submit') }).click();
    // Demo water rates: $12.50 base, 2,000 at $0.00425, the next 3,000 at $0.0051.
    const lines = page.getByTestId('rating-line');
    await expect(lines).toHaveCount(3);
    await expect(lines.nth(1)).toContainText('$0.00425');
    await expect(lines.nth(1)).toContainText('$8.50');
    await expect(lines.nth(2)).toContainText('$15.30');
    await expect(page.getByTestId('rating-total')).toHaveText('$36.30');
  });
});

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('adds a rate change as a new version and prices a use with it', async ({ page }) => {
    const code = `e2e_${unique().toLowerCase()}`;
    const typeName = `Irrigation ${code.slice(4)}`;
    const me = await page.request.get('/api/v1/auth/me');
    const { csrfToken } = (await me.json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    const type = await page.request.put('/api/v1/utilities/account-types', {
      headers,
      data: { code, name: { en: typeName, es: `Riego ${code.slice(4)}` } },
    });
    expect(type.status(), await type.text()).toBe(200);
    const schedule = await page.request.post('/api/v1/utilities/rate-schedules', {
      headers,
      data: {
        service: 'water',
        accountType: code,
        effectiveFrom: '2026-01-01',
        baseChargeCents: 1_000,
        tiers: [
          { upTo: 1_000, rate: '0.005' },
          { upTo: null, rate: '0.01' },
        ],
        minimumChargeCents: null,
        flatServices: [],
        usage: 'own_meter',
      },
    });
    expect(schedule.status(), await schedule.text()).toBe(200);

    await page.goto(`${BASE}/types`);
    await page.getByRole('button', { name: t('rateForm.title') }).click();
    const form = page.getByTestId('rate-form');
    const from = form.getByLabel(t('rateForm.from'));
    await from.selectOption({ label: `${typeName} · Water · from Jan 1, 2026` });
    await form.getByLabel(t('rateForm.effectiveFrom')).fill('2026-07-01');
    await form.getByLabel(t('rateForm.base')).fill('11.75');
    // A rate with more than 6 decimals is refused next to its field.
    const lastRate = form.getByLabel(t('rateForm.rate')).last();
    await lastRate.fill('0.01234567');
    await form.getByRole('button', { name: t('rateForm.submit') }).click();
    await expect(form.getByText(t('rateForm.errors.rate'))).toBeVisible();
    await expect(lastRate).toBeFocused();
    await lastRate.fill('0.0125');
    await form.getByRole('button', { name: t('rateForm.submit') }).click();
    await expect(page.getByTestId('flash')).toContainText(`${typeName} · Water · from Jul 1, 2026`);

    // The calculator prices with the new version: $11.75 + 1,000 × $0.005 + 1,000 × $0.0125.
    const calc = page.getByLabel(t('calculator.schedule'), { exact: true });
    await calc.selectOption({ label: `${typeName} · Water · from Jul 1, 2026` });
    await page.getByLabel(t('calculator.units'), { exact: true }).fill('2000');
    await page.getByRole('button', { name: t('calculator.submit') }).click();
    await expect(page.getByTestId('rating-total')).toHaveText('$29.25');
  });
});
