/**
 * Dollar amounts typed by staff, read into integer cents by splitting the text — never through
 * a floating-point number. "1,234.5" → 123450; "$20" → 2000; "12.345", "-5", "1,23" are refused.
 */
export type DollarsResult =
  | { ok: true; cents: number }
  | { ok: false; error: 'required' | 'format' | 'cents' | 'positive' | 'tooLarge' };

/** One billion dollars, the API's ceiling for a single amount. */
const MAX_CENTS = 100_000_000_00;

export function parseDollars(input: string): DollarsResult {
  const text = input.trim().replace(/^\$\s*/, '');
  if (text === '') return { ok: false, error: 'required' };
  if (/^[-−]/.test(text)) return { ok: false, error: 'positive' };
  const [whole = '', fraction, ...rest] = text.split('.');
  if (rest.length > 0) return { ok: false, error: 'format' };
  // Thousands separators only where they belong: 1,234,567 — not 1,23 or ,5.
  const grouped = /^\d{1,3}(,\d{3})+$/.test(whole);
  if (!grouped && !/^\d*$/.test(whole)) return { ok: false, error: 'format' };
  if (fraction !== undefined && !/^\d*$/.test(fraction)) return { ok: false, error: 'format' };
  if (whole === '' && !fraction) return { ok: false, error: 'format' };
  if (fraction !== undefined && fraction.length > 2) return { ok: false, error: 'cents' };
  const digits = whole.replace(/,/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10) return { ok: false, error: 'tooLarge' };
  const cents = Number(digits || '0') * 100 + Number((fraction ?? '').padEnd(2, '0'));
  if (cents === 0) return { ok: false, error: 'positive' };
  if (cents > MAX_CENTS) return { ok: false, error: 'tooLarge' };
  return { ok: true, cents };
}

/** Cents as plain text for an input ("1234.50"), the same in both languages. */
export function centsToInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  return `${whole}.${String(cents % 100).padStart(2, '0')}`;
}

/** The catalog key of a dollar amount that could not be read. */
export const amountErrorKey = (result: DollarsResult) =>
  result.ok ? undefined : `payments.amount.${result.error}`;
