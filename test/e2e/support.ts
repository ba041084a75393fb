import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import {
  expect,
  request,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';

/** Shared helpers for the browser tests: languages, signed-in states, axe, screenshots, API. */

export type Lang = 'en' | 'es';
export const LANGS: Lang[] = ['en', 'es'];
export const DEMO_PASSWORD = process.env.CIVQ_DEMO_PASSWORD ?? 'esperanza-demo-2026';
export const DEMO = {
  admin: 'admin@demo.civq.test',
  clerk: 'clerk@demo.civq.test',
  viewer: 'viewer@demo.civq.test',
} as const;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const stateDir = () => process.env.CIVQ_E2E_STATE_DIR!;
export const statePath = (role: 'admin' | 'clerk') => path.join(stateDir(), `${role}.json`);

export function baseURL(): string {
  return process.env.CIVQ_E2E_URL ?? 'http://localhost:3000';
}

/** Opens pages in `lang` the way a returning visitor does: with the saved-language cookie. */
export async function useLanguage(context: BrowserContext, lang: Lang): Promise<void> {
  const url = new URL(baseURL());
  await context.addCookies([
    { name: 'civq_lang', value: lang, domain: url.hostname, path: '/', sameSite: 'Lax' },
  ]);
}

/** One namespace of a catalog, flattened to "dotted.key" → message. */
export function catalog(lang: Lang, ns: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === 'string') out.set(prefix, value);
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
    }
  };
  // As the server and the web app read them: `<ns>.<module>.json` adds a module's words to `<ns>`.
  const dir = path.join(ROOT, 'locales', lang);
  for (const file of fs.readdirSync(dir).filter((f) => f === `${ns}.json` || f.startsWith(`${ns}.`)))
    walk(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), '');
  return out;
}

/** A message without ICU arguments, as the page shows it. */
export function msg(lang: Lang, ns: string, key: string): string {
  const value = catalog(lang, ns).get(key);
  if (value === undefined) throw new Error(`no message ${ns}:${key} in ${lang}`);
  return value;
}

/**
 * Zero WCAG 2.0/2.1 A and AA violations, with a readable list when there are some. Fully
 * sandboxed frames (sandbox="", e.g. an email shown as sent) are left out: no script runs in
 * them, axe's included, so axe would wait forever; their HTML is checked as a page of its own.
 */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page })
    .exclude('iframe[sandbox=""]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  );
  expect(summary, 'axe violations').toEqual([]);
}

/** Nothing wider than the window: no sideways scrolling, nothing cut off at the right edge. */
export async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.right > width + 1 && getComputedStyle(el).position !== 'fixed';
      })
      .filter((el) => !el.closest('.usa-sr-only, .usa-skipnav'))
      // Drawn inside a box that fits and clips it (a map's tiles): nothing sticks out. The body
      // clips too (USWDS), which hides overflow instead of preventing it: it does not count.
      .filter((el) => {
        for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
          const clip = getComputedStyle(box).overflowX;
          if ((clip === 'hidden' || clip === 'clip') && box.getBoundingClientRect().right <= width + 1)
            return false;
        }
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
  });
  expect(overflow, 'content wider than the window').toEqual({ scroll: 0, wide: [] });
}

/** Full-page screenshot under test-results/screenshots/<project>/<name>.png, kept for review. */
export async function saveScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = path.join(ROOT, 'test-results', 'screenshots', testInfo.project.name, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

/** An API client signed in as the demo admin (from the global setup), with its CSRF token. */
export async function adminApi(): Promise<{
  api: APIRequestContext;
  csrf: string;
  dispose: () => Promise<void>;
}> {
  const api = await request.newContext({ baseURL: baseURL(), storageState: statePath('admin') });
  const me = await api.get('/api/v1/auth/me');
  expect(me.status()).toBe(200);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { api, csrf: csrfToken, dispose: () => api.dispose() };
}

let counter = 0;
/** A unique email for a user this test creates, so tests never share accounts. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `e2e-${tag}-${Date.now().toString(36)}-${process.pid}-${counter}@demo.civq.test`;
}

export const TEST_PASSWORD = 'correct horse battery e2e';

/** Creates a staff user through the API (as the demo admin) and returns its id and email. */
export async function createStaffUser(
  tag: string,
  options: { role?: 'admin' | 'clerk' | 'viewer'; locale?: Lang; displayName?: string } = {},
): Promise<{ id: string; email: string; displayName: string }> {
  const { api, csrf, dispose } = await adminApi();
  const email = uniqueEmail(tag);
  const displayName = options.displayName ?? `Test ${tag}`;
  const res = await api.post('/api/v1/staff', {
    headers: { 'x-csrf-token': csrf },
    data: {
      email,
      displayName,
      role: options.role ?? 'viewer',
      password: TEST_PASSWORD,
      ...(options.locale && { locale: options.locale }),
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { id: string };
  await dispose();
  return { id: body.id, email, displayName };
}

/** Fills the sign-in form and submits it. */
export async function signIn(page: Page, lang: Lang, email: string, password: string): Promise<void> {
  await page.getByLabel(msg(lang, 'dashboard', 'signIn.email')).fill(email);
  await page.getByLabel(msg(lang, 'dashboard', 'signIn.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: msg(lang, 'dashboard', 'signIn.submit'), exact: true }).click();
}
