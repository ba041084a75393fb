import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

/**
 * Server-side access to the message catalogs in locales/<lang>/<namespace>.json — the same
 * files the web app uses. Messages are ICU MessageFormat.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** BCP 47 locale used for Intl formatting of each language (US English, US Spanish). */
export const INTL_LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-US' };

export const LOCALES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

type Catalog = Map<string, string>; // "namespace:dotted.key" -> message

function flatten(obj: unknown, prefix: string, out: Catalog): void {
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof obj === 'string') {
    out.set(prefix, obj);
  }
}

/**
 * Reads every catalog of a language, discovering the namespaces from the folder. A module may
 * add to a shared namespace without editing its file: `notices.<module>.json` (or
 * `errors.<module>.json`) is merged into `notices` (`errors`) — the namespace is the name up
 * to the first dot. A key defined twice is refused rather than silently overridden.
 */
export function loadCatalog(lang: Language, dir = LOCALES_DIR): Catalog {
  const out: Catalog = new Map();
  const langDir = path.join(dir, lang);
  for (const file of fs
    .readdirSync(langDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const ns = file.slice(0, file.indexOf('.'));
    const inner: Catalog = new Map();
    flatten(JSON.parse(fs.readFileSync(path.join(langDir, file), 'utf8')), '', inner);
    for (const [k, v] of inner) {
      const key = `${ns}:${k}`;
      if (out.has(key)) throw new Error(`message ${key} is defined twice (locales/${lang}/${file})`);
      out.set(key, v);
    }
  }
  return out;
}

let catalogs: Record<Language, Catalog> | undefined;
const compiled = new Map<string, IntlMessageFormat>();

function getCatalogs(): Record<Language, Catalog> {
  catalogs ??= { en: loadCatalog('en'), es: loadCatalog('es') };
  return catalogs;
}

export function hasMessage(key: string, lang: Language = 'en'): boolean {
  return getCatalogs()[lang].has(key);
}

/** Formats `ns:key` in `lang`. A missing key is a bug the catalog tests catch; at run time it falls back to English, then to the key. */
export function t(lang: Language, key: string, values?: Record<string, unknown>): string {
  const cat = getCatalogs();
  const message = cat[lang].get(key) ?? cat.en.get(key);
  if (message === undefined) return key;
  const cacheKey = `${lang}\u0000${key}`;
  let fmt = compiled.get(cacheKey);
  if (!fmt) {
    fmt = new IntlMessageFormat(message, INTL_LOCALE[lang]);
    compiled.set(cacheKey, fmt);
  }
  return String(fmt.format(values as Record<string, string>));
}

/** Picks en or es from an Accept-Language header by quality; undefined when neither is named. */
export function negotiateLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((r) => r.q > 0 && !Number.isNaN(r.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.find((r) => r.lang === 'en' || r.lang === 'es')?.lang as Language | undefined;
}

export function isLanguage(v: unknown): v is Language {
  return v === 'en' || v === 'es';
}
