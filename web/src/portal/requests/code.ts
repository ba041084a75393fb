/**
 * Tracking codes are 10 characters of Crockford base-32 (the last a check character), shown
 * in groups of 4-4-2 and accepted with or without dashes, in any case (CONTRACT.md).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

/** Upper-cased, without separators, with the look-alikes read as Crockford does. */
export function normalizeTrackingCode(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** True when `code` (normalized) has the length and alphabet of a tracking code. */
export function looksLikeTrackingCode(code: string): boolean {
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

/** "ABCDEFGHJK" → "ABCD-EFGH-JK"; anything else as it came. */
export function groupTrackingCode(code: string): string {
  const c = normalizeTrackingCode(code);
  return c.length === CODE_LENGTH ? `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` : code;
}
