import { describe, expect, it } from 'vitest';
import { createSealer } from '../../src/lib/sealed.js';

const OLD = 'an-old-secret-that-is-at-least-32-characters';
const NEW = 'a-new-secret-that-is-also-32-characters-long';

describe('sealed values (AES-256-GCM, HKDF keys)', () => {
  it('opens what it sealed, and the ciphertext holds nothing of the plaintext', () => {
    const s = createSealer([NEW], 'bank');
    const { sealed, keyId } = s.seal('{"accountNumber":"000123456789"}', 'row-1');
    expect(keyId).toBe(s.currentKeyId);
    expect(sealed.toString('latin1')).not.toContain('123456789');
    expect(s.open(sealed, keyId, 'row-1')).toBe('{"accountNumber":"000123456789"}');
    // A fresh IV each time: the same plaintext never seals to the same bytes.
    expect(s.seal('x', 'row-1').sealed.equals(s.seal('x', 'row-1').sealed)).toBe(false);
  });

  it('refuses a value moved to another row, altered, or sealed for another purpose', () => {
    const s = createSealer([NEW], 'bank');
    const { sealed, keyId } = s.seal('secret', 'row-1');
    expect(() => s.open(sealed, keyId, 'row-2')).toThrow();
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => s.open(altered, keyId, 'row-1')).toThrow();
    const other = createSealer([NEW], 'something-else');
    expect(other.currentKeyId).not.toBe(s.currentKeyId);
    expect(() => other.open(sealed, keyId, 'row-1')).toThrow(/no key/);
  });

  it('rotates: a new secret seals, the previous one still opens old values until resealed', () => {
    const before = createSealer([OLD], 'bank');
    const old = before.seal('secret', 'row-1');
    const after = createSealer([NEW, OLD], 'bank');
    expect(after.currentKeyId).not.toBe(old.keyId);
    expect(after.needsReseal(old.keyId)).toBe(true);
    expect(after.open(old.sealed, old.keyId, 'row-1')).toBe('secret');
    const resealed = after.seal(after.open(old.sealed, old.keyId, 'row-1'), 'row-1');
    expect(after.needsReseal(resealed.keyId)).toBe(false);
    expect(() => createSealer([NEW], 'bank').open(old.sealed, old.keyId, 'row-1')).toThrow(/no key/);
  });
});
