/**
 * Phone numbers are stored in E.164 (+19565550100). Entry accepts the ways people write US
 * numbers — (956) 555-0100, 956.555.0100, +1 956 555 0100 — and international numbers that
 * start with +. North American numbers must have a real area code and exchange (neither may
 * start with 0 or 1). Returns null when the input cannot be a phone number.
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+') && !digits.startsWith('1')) {
    return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
  }
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10 || !/^[2-9]\d{2}[2-9]\d{6}$/.test(national)) return null;
  return `+1${national}`;
}
