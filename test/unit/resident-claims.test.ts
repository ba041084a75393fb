import { describe, expect, it } from 'vitest';
import { foldName, lastNameMatches } from '../../src/modules/residents/index.js';
import { passwordProblem } from '../../src/lib/passwords.js';

describe('claim proof: last name', () => {
  it('folds case, accents, hyphens and spacing', () => {
    expect(foldName('  PEÑA-Garza ')).toBe('pena garza');
    expect(foldName('Ibáñez')).toBe('ibanez');
  });

  it('accepts either or both surnames, never the given name alone', () => {
    const name = 'María Peña Garza';
    for (const ok of ['Peña', 'pena', 'GARZA', 'Peña Garza', 'peña-garza'])
      expect(lastNameMatches(name, ok), ok).toBe(true);
    for (const no of ['María', 'Maria Peña', 'Garza Peña', 'Pe', '', '   ', 'Gonzalez'])
      expect(lastNameMatches(name, no), no).toBe(false);
  });

  it('matches a one-word name (a business) by that word', () => {
    expect(lastNameMatches('Cantina', 'cantina')).toBe(true);
    expect(lastNameMatches('Cantina', 'bar')).toBe(false);
  });
});

describe('resident passwords (NIST SP 800-63B, the shared rules)', () => {
  it('needs length, refuses common ones and the email name, and has no composition rules', () => {
    expect(passwordProblem('short one')).toBe('password_too_short');
    expect(passwordProblem('password1234')).toBe('password_common');
    expect(passwordProblem('aaaaaaaaaaaaaaa')).toBe('password_common');
    expect(passwordProblem('lucia has a red bike', ['lucia'])).toBe('password_contains_personal');
    expect(passwordProblem('all lower case words here')).toBeNull();
    expect(passwordProblem('ñandú en la pampa verde')).toBeNull();
  });
});
