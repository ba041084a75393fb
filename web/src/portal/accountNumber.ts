/**
 * Utility account numbers as residents type them: 10 digits, the last a Luhn check digit
 * (src/lib/codes.ts). Checked here first so a mistyped number is explained at once without
 * spending one of the lookup's rate-limited tries; the server checks again.
 */
export type AccountNumberCheck = { ok: true; digits: string } | { ok: false; error: 'length' | 'checkDigit' };

export function checkAccountNumber(input: string): AccountNumberCheck {
  const digits = input.replace(/[\s\-.]/g, '');
  if (!/^\d{10}$/.test(digits)) return { ok: false, error: 'length' };
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    let d = Number(digits[9 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0 ? { ok: true, digits } : { ok: false, error: 'checkDigit' };
}
