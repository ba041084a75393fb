import { describe, expect, it } from 'vitest';
import { centsToInput, parseDollars } from '../../web/src/dashboard/payments/money.ts';
import { presetPeriod, readPeriod } from '../../web/src/dashboard/payments/period.ts';

/** Dollar amounts typed by staff become integer cents by string splitting, never floats. */
describe('parseDollars', () => {
  it.each([
    ['1,234.5', 123450],
    ['1234.56', 123456],
    ['$20', 2000],
    ['$ 0.07', 7],
    ['.5', 50],
    ['12.', 1200],
    ['  58.75 ', 5875],
    ['1,000,000', 100000000],
    ['0.29', 29],
    ['1.10', 110],
  ])('reads %s as %i cents', (input, cents) => {
    expect(parseDollars(input)).toEqual({ ok: true, cents });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['12.345', 'cents'],
    ['-5', 'positive'],
    ['0', 'positive'],
    ['0.00', 'positive'],
    ['1,23', 'format'],
    [',500', 'format'],
    ['12,34.5', 'format'],
    ['1.2.3', 'format'],
    ['abc', 'format'],
    ['1e3', 'format'],
    ['.', 'format'],
    ['12 50', 'format'],
    ['99999999999', 'tooLarge'],
    ['1000000000.01', 'tooLarge'],
  ])('refuses %j (%s)', (input, error) => {
    expect(parseDollars(input)).toEqual({ ok: false, error });
  });

  it('round-trips every cent value it prints', () => {
    for (const cents of [1, 9, 10, 99, 100, 101, 123456, 100_000_000_00]) {
      expect(parseDollars(centsToInput(cents))).toEqual({ ok: true, cents });
    }
  });
});

describe('KPI periods', () => {
  const now = new Date(2026, 0, 20); // 20 January 2026, local time
  it('builds this month, last month (across a year) and this year', () => {
    expect(presetPeriod('this-month', now)).toMatchObject({ from: '2026-01-01', to: '2026-01-31' });
    expect(presetPeriod('last-month', now)).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('this-year', now)).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(presetPeriod('last-month', new Date(2024, 2, 5))).toMatchObject({ to: '2024-02-29' });
  });

  it('reads custom dates from the address, ignoring a reversed range', () => {
    expect(readPeriod(new URLSearchParams('from=2026-02-01&to=2026-02-14'))).toEqual({
      choice: 'custom',
      from: '2026-02-01',
      to: '2026-02-14',
    });
    expect(readPeriod(new URLSearchParams('from=2026-02-14&to=2026-02-01')).choice).toBe('this-month');
    expect(readPeriod(new URLSearchParams('period=last-month')).choice).toBe('last-month');
  });
});
