import { expect, test, type Page } from '@playwright/test';
import { catalog, msg, type Lang } from './support.ts';

/**
 * The resident portal: English by default, a switch to Spanish that leaves no English on the
 * page, survives a reload (the server then sends <html lang="es">), and never downloads the
 * staff dashboard's code.
 */

/**
 * Every piece of text a person can see or hear: text nodes (including visually hidden ones
 * and the closed banner), accessible labels, alt text and the tab title. Text inside an
 * element marked with another language (the "English" switcher on a Spanish page) is meant
 * to be in that language and is left out.
 */
async function pageTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const pageLang = document.documentElement.lang;
    const inOtherLanguage = (el: Element) => {
      const marked = el.closest('[lang]');
      return (
        marked !== null && marked !== document.documentElement && marked.getAttribute('lang') !== pageLang
      );
    };
    const out: string[] = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const el = node.parentElement;
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!text || !el || el.closest('script, style, noscript') || inOtherLanguage(el)) continue;
      out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder]')) {
      if (inOtherLanguage(el)) continue;
      for (const attr of ['aria-label', 'title', 'alt', 'placeholder']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** English messages that differ in Spanish, as patterns ({arguments} match anything). */
function englishOnlyPatterns(): RegExp[] {
  const patterns: RegExp[] = [];
  for (const ns of ['common', 'portal']) {
    const en = catalog('en', ns);
    const es = catalog('es', ns);
    for (const [key, message] of en) {
      if (es.get(key) === message) continue;
      const escaped = message.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      patterns.push(new RegExp(`^${escaped.replace(/\{[^{}]*\}/g, '.*')}$`));
    }
  }
  return patterns;
}

/** Text that is the same in both languages on purpose (the product's name). */
const SAME_IN_BOTH = new Set(['CiVQ']);

async function switchLanguage(page: Page, to: Lang) {
  await page.getByTestId('language-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

for (const path of ['/', '/portal/accessibility', '/portal/language']) {
  test(`switching ${path} to Español leaves no English, and survives a reload`, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('language-toggle')).toHaveText('Español');
    await expect(page.locator('.civq-header__title')).toHaveText('City of Esperanza, TX');
    const english = await pageTexts(page);

    await switchLanguage(page, 'es');
    await expect(page.locator('.civq-header__title')).toHaveText('Ciudad de Esperanza, TX');
    await expect(page.getByTestId('language-toggle')).toHaveText('English');
    await expect(page.getByTestId('language-toggle')).toHaveAttribute('lang', 'en');
    const spanish = await pageTexts(page);

    // 1. No English message from the catalogs is on the Spanish page.
    const patterns = englishOnlyPatterns();
    expect(spanish.filter((text) => patterns.some((p) => p.test(text)))).toEqual([]);
    // 2. Nothing on the page stayed as it was in English (catches text not in the catalogs).
    const unchanged = spanish.filter((text) => english.includes(text) && !SAME_IN_BOTH.has(text));
    expect(unchanged).toEqual([]);
    expect(spanish.length).toBeGreaterThan(15);

    // The choice survives a reload: the server reads the cookie and serves <html lang="es">.
    const response = await page.reload();
    expect(await response!.text()).toContain('<html lang="es"');
    await expect(page.locator('.civq-header__title')).toHaveText('Ciudad de Esperanza, TX');
    expect(await pageTexts(page)).toEqual(spanish);

    await switchLanguage(page, 'en');
    await expect(page.locator('.civq-header__title')).toHaveText('City of Esperanza, TX');
  });
}

test.describe('a browser that prefers Spanish', () => {
  test.use({ locale: 'es-US' });

  test('gets the portal in Spanish on the first visit (Accept-Language)', async ({ page }) => {
    const response = await page.goto('/');
    expect(await response!.text()).toContain('<html lang="es"');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Le damos la bienvenida');
  });
});

test('the language page saves a choice with a form', async ({ page, context }) => {
  await page.goto('/portal/language');
  // USWDS draws its own radio, so a person clicks the label.
  await page.locator('label[for="language-es"]').click();
  await expect(page.getByLabel('Español')).toBeChecked();
  await page.getByRole('button', { name: msg('en', 'portal', 'language.save') }).click();
  await expect(page.getByRole('status')).toHaveText(msg('es', 'portal', 'language.saved'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('es', 'portal', 'language.title'));
  const cookie = (await context.cookies()).find((c) => c.name === 'civq_lang');
  expect(cookie?.value).toBe('es');
  expect(cookie?.expires).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);
});

test('dates and numbers follow the language (en-US, es-US)', async ({ page }) => {
  await page.goto('/portal/accessibility');
  await expect(page.getByText('November 22, 2026')).toBeVisible();
  await switchLanguage(page, 'es');
  await expect(page.getByText('22 de noviembre de 2026')).toBeVisible();
});

test('the portal never downloads the dashboard code; the dashboard does', async ({ page }) => {
  const scripts: string[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('link', { name: msg('en', 'portal', 'nav.accessibility'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    msg('en', 'portal', 'accessibility.title'),
  );
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((s) => /Dashboard/.test(s))).toEqual([]);

  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'dashboard', 'signIn.title'));
  expect(scripts.filter((s) => /Dashboard/.test(s)).length).toBe(1);
});

test('keyboard: the skip link is first and jumps to the main content', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: msg('en', 'common', 'skipLink') });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main-content$/);
  await expect(page.locator('#main-content')).toBeFocused();
});
