import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCharacter,
  groupAccountNumber,
  isValidAccountNumber,
  isValidCode,
  luhnDigit,
  normalizeAccountNumber,
  normalizeCode,
  randomAccountNumber,
  randomCode,
} from '../../src/lib/codes.js';
import { toE164 } from '../../src/lib/phone.js';

describe('lookup codes', () => {
  it('makes random reference codes whose check character catches one wrong character', () => {
    for (let i = 0; i < 200; i++) {
      const code = randomCode(8);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
      expect(isValidCode(code)).toBe(true);
      const pos = i % 7;
      const wrong = code.slice(0, pos) + (code[pos] === '7' ? '8' : '7') + code.slice(pos + 1);
      expect(isValidCode(wrong)).toBe(false);
    }
  });

  it('reads look-alike letters and separators the way people type them', () => {
    const body = 'K0L1';
    const code = `${body}${checkCharacter('K011')}`;
    expect(normalizeCode(`k0-l1 ${code.slice(-1).toLowerCase()}`)).toBe(code.replace('L', '1'));
    expect(normalizeCode('AB#1')).toBeNull();
  });

  it('computes the textbook Luhn digit and validates account numbers', () => {
    expect(luhnDigit('7992739871')).toBe('3'); // the classic worked example
    const n = randomAccountNumber();
    expect(n).toMatch(/^[1-9]\d{9}$/);
    expect(isValidAccountNumber(n)).toBe(true);
    expect(groupAccountNumber(n)).toBe(`${n.slice(0, 4)}-${n.slice(4, 7)}-${n.slice(7)}`);
    expect(normalizeAccountNumber(' 1234-567.890 ')).toBe('1234567890');
    expect(normalizeAccountNumber('12a4')).toBeNull();
  });

  it('rejects every single-digit typo of an account number', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const n = randomAccountNumber();
        const d = (Number(n[pos]) + delta) % 10;
        const typo = n.slice(0, pos) + d + n.slice(pos + 1);
        return typo === n || !isValidAccountNumber(typo);
      }),
    );
  });
});

describe('phone numbers', () => {
  it('stores US numbers in E.164 from the ways people write them', () => {
    expect(toE164('(956) 555-0100')).toBe('+19565550100');
    expect(toE164('956.555.0100')).toBe('+19565550100');
    expect(toE164('+1 956 555 0100')).toBe('+19565550100');
    expect(toE164('1-956-555-0100')).toBe('+19565550100');
    expect(toE164('+52 55 1234 5678')).toBe('+525512345678');
  });

  it('refuses what cannot be a phone number', () => {
    for (const bad of ['555-0100', '(056) 555-0100', '956-155-0100', 'call me', '+1 956', ''])
      expect(toE164(bad), bad).toBeNull();
  });
});
