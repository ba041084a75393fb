import { describe, expect, it } from 'vitest';
import { quietUntil } from '../../src/modules/communications/routing.js';
import {
  smsEncoding,
  smsKeyword,
  smsSegments,
  smsSignature,
  validSmsSignature,
} from '../../src/modules/communications/sms.js';

describe('SMS', () => {
  it('signs like the provider: HMAC-SHA1 of the URL and the sorted parameters, base64', () => {
    // The example of the provider's request-validation documentation (auth token 12345).
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    expect(smsSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(
      validSmsSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', ['https://other.example', url], params),
    ).toBe(true);
    expect(
      validSmsSignature('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', [url], { ...params, Digits: '1235' }),
    ).toBe(false);
    expect(validSmsSignature('12345', undefined, [url], params)).toBe(false);
  });

  it('knows the opt-out, opt-in and help words in English and Spanish, as people type them', () => {
    for (const w of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT'])
      expect(smsKeyword(w), w).toEqual({ action: 'stop', language: 'en' });
    for (const w of ['PARAR', 'alto', 'Cancelar', 'BAJA', 'no más'])
      expect(smsKeyword(w), w).toEqual({ action: 'stop', language: 'es' });
    for (const w of ['START', 'unstop', 'Yes'])
      expect(smsKeyword(w)).toEqual({ action: 'start', language: 'en' });
    for (const w of ['ALTA', 'iniciar', 'sí'])
      expect(smsKeyword(w)).toEqual({ action: 'start', language: 'es' });
    expect(smsKeyword('HELP')).toEqual({ action: 'help', language: 'en' });
    expect(smsKeyword('ayuda')).toEqual({ action: 'help', language: 'es' });
    for (const w of ['gracias', 'stop texting me please', '']) expect(smsKeyword(w), w).toBeNull();
  });

  it('counts a Spanish text with accents as UCS-2: 70 characters a segment, 67 when split', () => {
    const es = 'Ciudad de Esperanza, TX: cuenta 10-2043-01 con saldo vencido de $94.32. Llámenos.';
    expect(smsEncoding(es)).toBe('ucs2');
    expect(es.length).toBeGreaterThan(70);
    expect(smsSegments(es)).toBe(2);
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
  });

  it('holds texts in quiet hours until they end, across midnight, in the entity’s time zone', () => {
    const q = { timeZone: 'America/Chicago', startMinute: 21 * 60, endMinute: 8 * 60 };
    // 22:30 and 03:00 Chicago time (UTC-6 in January) wait until 08:00.
    expect(quietUntil(new Date('2030-01-16T04:30:00Z'), q)?.toISOString()).toBe('2030-01-16T14:00:00.000Z');
    expect(quietUntil(new Date('2030-01-16T09:00:00Z'), q)?.toISOString()).toBe('2030-01-16T14:00:00.000Z');
    expect(quietUntil(new Date('2030-01-16T14:00:00Z'), q)).toBeNull();
    expect(quietUntil(new Date('2030-01-16T02:59:00Z'), q)).toBeNull(); // 20:59
    expect(quietUntil(new Date('2030-01-16T04:30:00Z'), { ...q, startMinute: 0, endMinute: 0 })).toBeNull();
  });
});
