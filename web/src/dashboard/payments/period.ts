import { INTL_LOCALE, type Language } from '../../i18n.ts';

/** Calendar days as the API takes them (YYYY-MM-DD), and the KPI periods built from them. */

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Today on this computer's calendar (a clerk in Texas at 7 p.m. is still on today). */
export function today(now = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

export const isIsoDate = (value: string | null): value is string =>
  Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)));

export const PRESETS = ['this-month', 'last-month', 'this-year'] as const;
export type Preset = (typeof PRESETS)[number];
export type PeriodChoice = Preset | 'custom';
export type Period = { choice: PeriodChoice; from: string; to: string };

export function presetPeriod(preset: Preset, now = new Date()): Period {
  const y = now.getFullYear();
  const m = now.getMonth() + 1;
  if (preset === 'this-year') return { choice: preset, from: iso(y, 1, 1), to: iso(y, 12, 31) };
  const [py, pm] = preset === 'last-month' ? (m === 1 ? [y - 1, 12] : [y, m - 1]) : [y, m];
  return { choice: preset, from: iso(py, pm, 1), to: iso(py, pm, lastDay(py, pm)) };
}

/** The period in the address (?period=last-month, or ?from=…&to=…); this month by default. */
export function readPeriod(params: URLSearchParams): Period {
  const from = params.get('from');
  const to = params.get('to');
  if (isIsoDate(from) && isIsoDate(to) && from <= to) return { choice: 'custom', from, to };
  const preset = params.get('period');
  return presetPeriod(PRESETS.includes(preset as Preset) ? (preset as Preset) : 'this-month');
}

/** "Nov 1 – 30, 2026" in the page's language. */
export function formatPeriod(lang: Language, from: string, to: string): string {
  const format = new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' });
  const day = (d: string) => new Date(`${d}T00:00:00Z`);
  return format.formatRange(day(from), day(to));
}
