import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  statePath,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * A clerk's meter work on the account page over the real API, in English and in Spanish:
 * swapping a meter (final reading of the old, first reading of the new), moving a meter to
 * another account found by name (history kept on both), switching an account inactive and
 * back, and the exceptions review filtered by status with who decided. Each test makes its
 * own accounts and meters with a unique suffix, so the demo data never gets in the way.
 */

const BASE = '/dashboard/utilities';
const t = (lang: Lang, key: string) => msg(lang, 'dashboard', `utilities.${key}`);
/** A message with ICU arguments filled in (plain {name} placeholders only). */
const fill = (message: string, values: Record<string, string>) =>
  message.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);

const unique = () => {
  const letters = Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26)));
  return `${letters[0]!.toUpperCase()}${letters.slice(1).join('')}`;
};
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

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

type Api = Awaited<ReturnType<typeof utilitiesApi>>;
type Made = { id: string; accountNumberDisplay: string };

const openAccount = (post: Api, customerName: string) =>
  post<Made>('/api/v1/utilities/accounts', {
    customerName,
    address: { street: '77 Ébano Ln', city: 'Esperanza', state: 'TX', zip: '78501' },
    accountType: 'residential',
  });

/** A 6-dial water meter installed 120 days ago at 0 and read at 3,000 sixty days ago. */
async function meterOn(post: Api, accountId: string, serial: string) {
  const meter = await post<{ id: string }>('/api/v1/utilities/meters', {
    serial,
    service: 'water',
    unit: 'gal',
    dials: 6,
  });
  await post(`/api/v1/utilities/meters/${meter.id}/install`, {
    accountId,
    installedOn: daysAgo(120),
    initialRead: 0,
  });
  await post('/api/v1/utilities/reads', { meterId: meter.id, readOn: daysAgo(90), value: 3_000 });
  return meter;
}

/** Zero axe violations and a screenshot, on the desktop and again at a small phone's 360 px. */
async function checkPage(page: Page, testInfo: TestInfo, name: string) {
  const desktop = page.viewportSize()!;
  await page.evaluate(() => document.fonts.ready);
  await expectNoA11yViolations(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, name);
  await page.setViewportSize({ width: 360, height: 740 });
  await expectNoA11yViolations(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, `${name}-360`);
  await page.setViewportSize(desktop);
}

test.use({ storageState: statePath('clerk') });

for (const lang of LANGS) {
  test.describe(`meters and exceptions (${lang})`, () => {
    test.beforeEach(async ({ context }) => {
      await useLanguage(context, lang);
    });

    test(`swaps a meter, then moves the new one to another account, in ${lang}`, async ({
      page,
    }, testInfo) => {
      test.setTimeout(90_000);
      const tag = unique();
      const oldSerial = `SW-${tag.toUpperCase()}`;
      const newSerial = `NW-${tag.toUpperCase()}`;
      const post = await utilitiesApi(page);
      const from = await openAccount(post, `Rosa Treviño ${tag}`);
      const to = await openAccount(post, `Luis Garza ${tag}`);
      await meterOn(post, from.id, oldSerial);

      await page.goto(`${BASE}/accounts/${from.id}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rosa Treviño ${tag}`);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);

      // Swap: a final reading with more digits than the dials is refused before any request;
      // a serial already registered is refused by the API, next to the serial field.
      await page.getByRole('button', { name: t(lang, 'meterActions.swap.title') }).click();
      const swap = page.getByTestId('swap-meter');
      await swap.getByLabel(t(lang, 'meterActions.swap.date')).fill(daysAgo(60));
      const finalRead = swap.getByLabel(t(lang, 'meterActions.swap.finalRead'));
      await finalRead.fill('1234567');
      const serial = swap.getByLabel(t(lang, 'meterForm.serial'));
      await serial.fill(oldSerial);
      await swap.getByRole('button', { name: t(lang, 'meterActions.swap.submit') }).click();
      await expect(finalRead).toBeFocused();
      await expect(finalRead).toHaveAttribute('aria-invalid', 'true');
      await expect(swap.locator('#swap-finalRead-error')).toHaveText(/6/);
      await finalRead.fill('6,000');
      await swap.getByRole('button', { name: t(lang, 'meterActions.swap.submit') }).click();
      await expect(swap.getByTestId('problem')).toContainText(
        msg(lang, 'errors', 'meter_serial_taken.title'),
      );
      await expect(swap.locator('#swap-serial-error')).toHaveText(
        fill(msg(lang, 'errors', 'meter_serial_taken.detail'), { serial: oldSerial }),
      );
      await expect(serial).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, testInfo, `utilities-meter-swap-errors-${lang}`);

      await serial.fill(newSerial.toLowerCase());
      await expect(serial).toHaveValue(newSerial);
      await swap.getByRole('button', { name: t(lang, 'meterActions.swap.submit') }).click();
      await expect(page.getByTestId('flash')).toHaveText(
        fill(t(lang, 'meterActions.swap.done'), { old: oldSerial, serial: newSerial }),
      );
      await expect(page.getByTestId('current-meters').getByTestId('meter-row')).toHaveAttribute(
        'data-serial',
        newSerial,
      );
      const past = page.getByTestId('past-meters').getByTestId('meter-row');
      await expect(past).toHaveAttribute('data-serial', oldSerial);
      await expect(past.getByTestId('meter-now')).toHaveText(
        msg(lang, 'dashboard', 'utilities.meterStatus.removed'),
      );
      // The old meter's final reading (6,000 − 3,000) and the new one's first reading.
      const final = page.locator(
        `[data-testid=read-row][data-serial="${oldSerial}"][data-date="${daysAgo(60)}"]`,
      );
      await expect(final).toContainText(t(lang, 'purposes.final'));
      await expect(final).toContainText(/3[,.\s\u00a0]?000/);
      const initial = page.locator(`[data-testid=read-row][data-serial="${newSerial}"]`);
      await expect(initial).toContainText(t(lang, 'purposes.initial'));

      // Move the new meter: the other account is found by its customer's name, without accents.
      await page.getByRole('button', { name: t(lang, 'meterActions.move.title') }).click();
      const move = page.getByTestId('move-meter');
      await expect(move.getByLabel(t(lang, 'meterActions.move.meter'))).toHaveValue(/.+/);
      const search = move.getByLabel(t(lang, 'meterActions.move.search'));
      // Enter in the search box finds accounts and never moves the meter.
      await search.fill(`garza ${tag}`);
      await search.press('Enter');
      const choices = move.getByTestId('move-choice');
      await expect(choices).toHaveCount(1);
      await expect(choices).toContainText(to.accountNumberDisplay);
      await expect(move.getByRole('radio', { name: new RegExp(`Luis Garza ${tag}`) })).toBeChecked();
      // A day before the swap: the API refuses, and says so next to the date.
      const movedOn = move.getByLabel(t(lang, 'meterActions.move.date'));
      await movedOn.fill(daysAgo(75));
      await move.getByLabel(t(lang, 'meterActions.move.read'), { exact: true }).fill('450');
      await move.getByRole('button', { name: t(lang, 'meterActions.move.submit') }).click();
      await expect(move.locator('#move-movedOn-error')).toHaveText(
        msg(lang, 'errors', 'read_before_previous.detail'),
      );
      await expect(movedOn).toHaveAttribute('aria-invalid', 'true');
      await checkPage(page, testInfo, `utilities-meter-move-errors-${lang}`);

      await movedOn.fill(daysAgo(30));
      await move.getByRole('button', { name: t(lang, 'meterActions.move.submit') }).click();
      await expect(page.getByTestId('flash')).toHaveText(
        fill(t(lang, 'meterActions.move.done'), { serial: newSerial, number: to.accountNumberDisplay }),
      );
      // History stays here: both meters are earlier meters; the moved one says where it is now.
      await expect(page.getByTestId('no-meters')).toBeVisible();
      const moved = page.locator(
        `[data-testid=past-meters] [data-testid=meter-row][data-serial="${newSerial}"]`,
      );
      const nowOn = moved.getByTestId('meter-now').getByRole('link');
      await expect(nowOn).toHaveText(
        fill(t(lang, 'meters.nowOn'), { number: to.accountNumberDisplay.replace(/-/g, '\u2011') }),
      );
      await expect(page.getByTestId('past-meters').getByTestId('meter-row')).toHaveCount(2);
      await expect(page.locator(`[data-testid=read-row][data-serial="${newSerial}"]`)).toHaveCount(2);
      await checkPage(page, testInfo, `utilities-meter-moved-${lang}`);

      // The link finds the other account, where the meter is now, with its first reading there.
      await nowOn.click();
      const row = page.getByTestId('account-row');
      await expect(row).toHaveCount(1);
      await row.getByRole('link', { name: to.accountNumberDisplay }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Luis Garza ${tag}`);
      await expect(page.getByTestId('current-meters').getByTestId('meter-row')).toHaveAttribute(
        'data-serial',
        newSerial,
      );
      const there = page.locator(`[data-testid=read-row][data-serial="${newSerial}"]`);
      await expect(there).toHaveCount(1);
      await expect(there).toHaveAttribute('data-date', daysAgo(30));
      await expect(there).toContainText('450');

      // Remove it from there: a final reading below the last one (not a rollover) is refused
      // next to the field; then it comes off with its final reading and shows as removed.
      await page.getByRole('button', { name: t(lang, 'meterActions.remove.title') }).click();
      const remove = page.getByTestId('remove-meter');
      await remove.getByLabel(t(lang, 'meterActions.remove.date')).fill(daysAgo(10));
      const last = remove.getByLabel(t(lang, 'meterActions.remove.finalRead'));
      await last.fill('400');
      await remove.getByRole('button', { name: t(lang, 'meterActions.remove.submit') }).click();
      await expect(remove.locator('#remove-finalRead-error')).toHaveText(
        msg(lang, 'errors', 'final_read_below_previous.detail'),
      );
      await checkPage(page, testInfo, `utilities-meter-remove-errors-${lang}`);
      await last.fill('900');
      await remove.getByRole('button', { name: t(lang, 'meterActions.remove.submit') }).click();
      await expect(page.getByTestId('flash')).toHaveText(
        fill(t(lang, 'meterActions.remove.done'), { serial: newSerial }),
      );
      await expect(page.getByTestId('no-meters')).toBeVisible();
      await expect(page.getByTestId('past-meters').getByTestId('meter-now')).toHaveText(
        t(lang, 'meterStatus.removed'),
      );
      const removed = page.locator(
        `[data-testid=read-row][data-serial="${newSerial}"][data-date="${daysAgo(10)}"]`,
      );
      await expect(removed).toContainText(t(lang, 'purposes.final'));
    });

    test(`marks an account inactive and active again; the list filters by status, in ${lang}`, async ({
      page,
    }, testInfo) => {
      const tag = unique();
      const post = await utilitiesApi(page);
      const account = await openAccount(post, `Casa Vacía ${tag}`);
      const listed = async (status: string) => {
        await page.goto(`${BASE}/accounts?q=${encodeURIComponent(`casa vacia ${tag}`)}`);
        await page.getByLabel(t(lang, 'filters.status')).selectOption(status);
        await page.getByRole('button', { name: t(lang, 'filters.apply'), exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`status=${status}`));
        await expect(page.getByTestId('account-row').or(page.getByTestId('accounts-empty'))).toBeVisible();
        return page.getByTestId('account-row');
      };

      await page.goto(`${BASE}/accounts/${account.id}`);
      // Every section's words are loaded (a missing catalog once showed raw keys, and loading it
      // late re-rendered the page under a click).
      await expect(page.getByRole('heading', { name: msg(lang, 'residents', 'linked.title') })).toBeVisible();
      await page.getByRole('button', { name: t(lang, 'statusForm.deactivate') }).click();
      await expect(page.getByTestId('status-form')).toContainText(t(lang, 'statusForm.deactivateIntro'));
      await checkPage(page, testInfo, `utilities-account-status-${lang}`);
      await page.getByRole('button', { name: t(lang, 'statusForm.confirmDeactivate') }).click();
      await expect(page.getByTestId('flash')).toHaveText(t(lang, 'statusForm.doneInactive'));
      await expect(page.locator('.civq-ut-tags [data-status]')).toHaveAttribute('data-status', 'inactive');
      await expect(page.getByRole('button', { name: t(lang, 'statusForm.activate') })).toBeVisible();

      // Every status is in the filter; the account is under inactive only.
      await page.goto(`${BASE}/accounts`);
      const options = page.getByLabel(t(lang, 'filters.status')).locator('option');
      await expect(options).toHaveText([
        t(lang, 'filters.anyStatus'),
        t(lang, 'status.active'),
        t(lang, 'status.inactive'),
        t(lang, 'status.closed'),
      ]);
      await expect(await listed('inactive')).toHaveCount(1);
      await checkPage(page, testInfo, `utilities-list-inactive-${lang}`);
      await expect(await listed('active')).toHaveCount(0);

      await page.goto(`${BASE}/accounts/${account.id}`);
      await page.getByRole('button', { name: t(lang, 'statusForm.activate') }).click();
      await page.getByRole('button', { name: t(lang, 'statusForm.confirmActivate') }).click();
      await expect(page.getByTestId('flash')).toHaveText(t(lang, 'statusForm.doneActive'));
      await expect(await listed('active')).toHaveCount(1);
    });

    test(`filters exceptions by status and shows who decided, in ${lang}`, async ({ page }, testInfo) => {
      test.setTimeout(60_000);
      const tag = unique();
      const serial = `EX-${tag.toUpperCase()}`;
      const post = await utilitiesApi(page);
      const account = await openAccount(post, `Ana Peña ${tag}`);
      const meter = await meterOn(post, account.id, serial);
      await post('/api/v1/utilities/reads', { meterId: meter.id, readOn: daysAgo(60), value: 6_000 });
      // Ten times the usual use: a high-use exception.
      const high = await post<{ exception: string }>('/api/v1/utilities/reads', {
        meterId: meter.id,
        readOn: daysAgo(30),
        value: 36_000,
      });
      expect(high.exception).toBe('high');

      await page.goto(`${BASE}/exceptions`);
      const status = page.getByLabel(t(lang, 'exceptions.filters.status'));
      await expect(status).toHaveValue('open');
      await expect(status.locator('option')).toHaveText(
        ['open', 'accepted', 'corrected', 'reread'].map((s) => t(lang, `exceptionStatus.${s}`)),
      );
      const item = page.locator(`[data-testid=exception][data-serial="${serial}"]`);
      await expect(item).toHaveAttribute('data-status', 'open');
      await item.getByRole('button', { name: t(lang, 'exceptions.review') }).click();
      await item.locator('label', { hasText: t(lang, 'exceptions.actions.reread') }).click();
      await item.getByLabel(t(lang, 'exceptions.note')).fill('Dial looked fogged; read it again.');
      await item.getByRole('button', { name: t(lang, 'exceptions.submit') }).click();
      await expect(page.getByTestId('flash')).toContainText(serial);
      await expect(item).toHaveCount(0);

      // Decided: not under accepted, under "sent for re-read" with who, when and the note.
      await status.selectOption('accepted');
      await page.getByRole('button', { name: t(lang, 'exceptions.filters.apply') }).click();
      await expect(page).toHaveURL(/status=accepted/);
      await expect(
        page.getByTestId('exception').or(page.getByTestId('exceptions-empty')).first(),
      ).toBeVisible();
      await expect(item).toHaveCount(0);
      await status.selectOption('reread');
      await page.getByRole('button', { name: t(lang, 'exceptions.filters.apply') }).click();
      await expect(page).toHaveURL(/status=reread/);
      await expect(item).toHaveAttribute('data-status', 'reread');
      await expect(item.getByTestId('decision')).toHaveText(t(lang, 'exceptionStatus.reread'));
      await expect(item.getByTestId('resolved-by')).toHaveText('Carlos Treviño');
      await expect(item.getByTestId('resolved-at')).toHaveText(/\d/);
      await expect(item.getByTestId('resolution-note')).toHaveText('Dial looked fogged; read it again.');
      await expect(item.getByRole('button', { name: t(lang, 'exceptions.review') })).toHaveCount(0);
      await checkPage(page, testInfo, `utilities-exceptions-reread-${lang}`);
      // The filter survives a reload (it is in the address).
      await page.reload();
      await expect(page.getByLabel(t(lang, 'exceptions.filters.status'))).toHaveValue('reread');
      await expect(item).toBeVisible();
    });
  });
}
