import type { Tx } from '../../../db/client.js';
import { isValidAccountNumber, normalizeAccountNumber } from '../../../lib/codes.js';
import { invalid, Problem } from '../../../kernel/problem.js';
import { sourceBalance, sourceDates } from '../../payments/index.js';
import { accountByNumber } from './accounts.js';

/** "María Peña" -> "M*** P***": enough for a resident to recognise, nothing more. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]}***`)
    .join(' ');
}

/**
 * The public balance lookup: an account number in, the balance due, the due date and the date
 * of the last bill out, with a masked name. A number whose check digit is wrong is refused
 * before any lookup, so guessing costs a request each and reveals nothing; the route is
 * rate-limited per client. Closed accounts are not found.
 */
export async function lookupBalance(tx: Tx, input: string) {
  const digits = normalizeAccountNumber(input);
  if (!digits || digits.length !== 10)
    throw invalid([{ field: 'accountNumber', code: 'account_number_length' }]);
  if (!isValidAccountNumber(digits))
    throw invalid([{ field: 'accountNumber', code: 'account_number_invalid' }]);
  const account = await accountByNumber(tx, digits);
  if (!account || account.status === 'closed') throw new Problem(404, 'account_not_found');
  const source = { module: 'utilities', id: account.id };
  const balance = await sourceBalance(tx, source);
  const dates = await sourceDates(tx, source);
  return {
    accountNumber: account.account_number,
    maskedName: maskName(account.customer_name),
    balanceCents: balance.balanceCents,
    dueDate: balance.balanceCents > 0 ? dates.dueDate : null,
    lastBilledOn: dates.lastBilledOn,
  };
}
