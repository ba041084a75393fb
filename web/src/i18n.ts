import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';

/**
 * Messages come from the shared catalogs in locales/<lang>/<namespace>.json (ICU MessageFormat).
 * The portal bundles only `common` and `portal`; the dashboard chunk adds its own namespace
 * with addCatalogs() when it loads, so residents never download staff strings.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Intl locale of each language: US English and US Spanish (1,234.56 and $ in both). */
export const INTL_LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-US' };

export const LANGUAGE_COOKIE = 'civq_lang';

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'es';
}

type Catalogs = Record<string, unknown>;

/**
 * Turns import.meta.glob results keyed by ".../locales/<lang>/<ns>.json" into i18next bundles.
 * As on the server (lib/i18n.ts), `<ns>.<module>.json` adds a module's words to namespace `<ns>`
 * (e.g. `dashboard.requests.json` brings its navigation title), so no shared file is edited.
 */
export function addCatalogs(modules: Catalogs): void {
  for (const [file, data] of Object.entries(modules)) {
    const match = /locales\/(en|es)\/([a-z-]+)(?:\.[a-z-]+)?\.json$/.exec(file);
    if (!match) continue;
    i18next.addResourceBundle(match[1]!, match[2]!, data as object, true, true);
  }
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The first language: the saved choice (cookie), else the one the server put in <html lang>
 * after reading the browser's Accept-Language, else English.
 */
function initialLanguage(): Language {
  const saved = readCookie(LANGUAGE_COOKIE);
  if (isLanguage(saved)) return saved;
  const fromPage = document.documentElement.lang.slice(0, 2);
  if (isLanguage(fromPage)) return fromPage;
  const fromBrowser = navigator.language.slice(0, 2);
  return isLanguage(fromBrowser) ? fromBrowser : 'en';
}

/** Whether this device has a saved language choice (the civq_lang cookie). */
export function hasLanguageCookie(): boolean {
  return isLanguage(readCookie(LANGUAGE_COOKIE));
}

export async function initI18n(): Promise<void> {
  const lng = initialLanguage();
  await i18next
    .use(new ICU({ parseLngForICU: (code) => INTL_LOCALE[isLanguage(code) ? code : 'en'] }))
    .use(initReactI18next)
    .init({
      lng,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      ns: ['common', 'portal'],
      defaultNS: 'common',
      resources: {},
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  addCatalogs(
    import.meta.glob(['../../locales/*/common*.json', '../../locales/*/portal*.json'], {
      eager: true,
      import: 'default',
    }),
  );
  applyToDocument(lng);
}

export function currentLanguage(): Language {
  const lng = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(lng) ? lng : 'en';
}

function applyToDocument(lang: Language): void {
  document.documentElement.lang = lang;
}

type Listener = (lang: Language) => void | Promise<void>;
const chosenListeners = new Set<Listener>();

/** Called when a person picks a language (not when the app applies a saved preference). */
export function onLanguageChosen(listener: Listener): () => void {
  chosenListeners.add(listener);
  return () => chosenListeners.delete(listener);
}

/** Shows the app in `lang` and remembers it on this device for a year. */
export async function applyLanguage(lang: Language): Promise<void> {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${LANGUAGE_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
  applyToDocument(lang);
  if (currentLanguage() !== lang) await i18next.changeLanguage(lang);
}

/** A person chose `lang`: apply it, and let listeners (the signed-in staff session) save it. */
export async function chooseLanguage(lang: Language): Promise<void> {
  await applyLanguage(lang);
  await Promise.all([...chosenListeners].map((fn) => fn(lang)));
}

export { i18next };
