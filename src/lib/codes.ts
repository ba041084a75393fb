import crypto from 'node:crypto';

/**
 * Codes people read aloud and type: reference codes of charges today, account numbers and
 * tracking codes later. Crockford's base-32 alphabet (no I, L, O, U: nothing to confuse with
 * 1, 0 or V), random rather than sequential, and a final check character computed with the
 * Luhn mod N algorithm, so a single mistyped character or two swapped neighbours are rejected
 * before any lookup.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

/** Luhn mod N check character over `body` (already normalized). */
export function checkCharacter(body: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = body.length - 1; i >= 0; i--) {
    const code = ALPHABET.indexOf(body[i]!);
    if (code < 0) throw new Error(`not a code character: ${body[i]}`);
    let addend = factor * code;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

/** A random code of `length` characters, the last being the check character. */
export function randomCode(length: number): string {
  const bytes = crypto.randomBytes(length - 1);
  let body = '';
  for (const b of bytes) body += ALPHABET[b % N]; // 256 is a multiple of 32: no bias
  return body + checkCharacter(body);
}

/**
 * Upper-cases, drops separators and spaces, and reads the look-alikes as Crockford does
 * (O→0, I/L→1). Returns null when anything else is left that is not in the alphabet.
 */
export function normalizeCode(input: string): string | null {
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]+$/.test(cleaned) ? cleaned : null;
}

/** True when the code's last character is the right check character for the rest. */
export function isValidCode(normalized: string): boolean {
  if (normalized.length < 2) return false;
  return checkCharacter(normalized.slice(0, -1)) === normalized.slice(-1);
}

/** "7KQ4M2XD" -> "7KQ4-M2XD": groups of four for reading aloud. */
export function groupCode(code: string, size = 4): string {
  return code.match(new RegExp(`.{1,${size}}`, 'g'))?.join('-') ?? code;
}

/**
 * Utility account numbers are digits only (easy to read over the phone and to key on a
 * number pad): nine random digits, the first never 0, then a Luhn check digit — the same
 * check credit cards use, which catches any single wrong digit and most swapped neighbours.
 */
export function luhnDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function randomAccountNumber(): string {
  const n = crypto.randomInt(100_000_000, 1_000_000_000); // nine digits, no leading zero
  return `${n}${luhnDigit(String(n))}`;
}

/** Strips spaces, dashes and dots; null when anything but digits is left. */
export function normalizeAccountNumber(input: string): string | null {
  const cleaned = input.replace(/[\s\-.]/g, '');
  return /^\d+$/.test(cleaned) ? cleaned : null;
}

export function isValidAccountNumber(digits: string): boolean {
  return /^[1-9]\d{9}$/.test(digits) && luhnDigit(digits.slice(0, -1)) === digits.slice(-1);
}

/** "1234567890" -> "1234-567-890", the way it is printed on bills and read aloud. */
export function groupAccountNumber(digits: string): string {
  return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`;
}
