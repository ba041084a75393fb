import { INTL_LOCALE, type Language } from './i18n.ts';

/**
 * Dates, numbers and money for display, with Intl in en-US or es-US. Money arrives from the
 * API as integer cents; it is divided only here, for display, never for arithmetic.
 */
export function formatDate(lang: Language, value: Date | string, style: 'long' | 'medium' = 'long'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: style }).format(date);
}

export function formatDateTime(lang: Language, value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(lang: Language, value: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang]).format(value);
}

export function formatMoney(lang: Language, cents: number): string {
  return new Intl.NumberFormat(INTL_LOCALE[lang], { style: 'currency', currency: 'USD' }).format(cents / 100);
}

/**
 * A calendar date from the API ("2026-11-20"), shown as that same day wherever the browser is:
 * read and formatted in UTC, so Texas never sees the day before.
 */
export function formatDay(lang: Language, isoDate: string, style: 'long' | 'medium' = 'long'): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(`${isoDate.slice(0, 10)}T00:00:00Z`),
  );
}
