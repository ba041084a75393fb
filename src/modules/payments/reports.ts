import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { staffNames } from '../identity/index.js';

/**
 * KPIs for a period, by date received (payments) and date refunded (refunds):
 *   Collected = money received and not returned (NSF checks are taken back out);
 *   Payments  = how many such payments; Refunds = money paid back; Net = Collected − Refunds.
 */
export async function ledgerSummary(tx: Tx, period: { from: string; to: string }) {
  const [row] = await queryRows<{ collected: number; payments: number; refunds: number }>(
    tx,
    sql`
    SELECT
      coalesce((SELECT sum(amount_cents) FROM payments WHERE status = 'completed'
                AND received_on BETWEEN ${period.from} AND ${period.to}), 0)::bigint AS collected,
      (SELECT count(*) FROM payments WHERE status = 'completed'
                AND received_on BETWEEN ${period.from} AND ${period.to})::int AS payments,
      coalesce((SELECT sum(amount_cents) FROM refunds
                WHERE refunded_on BETWEEN ${period.from} AND ${period.to}), 0)::bigint AS refunds`,
  );
  const collected = Number(row!.collected);
  const refunds = Number(row!.refunds);
  return {
    from: period.from,
    to: period.to,
    collectedCents: collected,
    payments: row!.payments,
    refundsCents: refunds,
    netCents: collected - refunds,
  };
}

export type DepositLine = {
  receiptNumber: string;
  method: 'check' | 'cash' | 'card' | 'ach';
  checkNumber: string | null;
  payerName: string;
  amountCents: number;
  status: 'completed' | 'reversed';
};
export type DepositClerk = {
  clerk: string;
  lines: DepositLine[];
  checksCents: number;
  cashCents: number;
  totalCents: number;
};
export type DepositReport = {
  date: string;
  clerks: DepositClerk[];
  checkCount: number;
  checksCents: number;
  cashCount: number;
  cashCents: number;
  totalCents: number;
};

/**
 * The daily deposit report: every check and cash payment taken on `date`, grouped by the clerk
 * who took it, with subtotals — what finance matches to the bank deposit slip. A check
 * returned later still appears (it was deposited that day), marked as returned.
 */
export async function depositReport(tx: Tx, date: string): Promise<DepositReport> {
  const rows = await queryRows<{
    recorded_by: string | null;
    receipt_number: string;
    method: 'check' | 'cash' | 'card' | 'ach';
    check_number: string | null;
    payer_name: string;
    amount_cents: number;
    status: 'completed' | 'reversed';
  }>(
    tx,
    sql`SELECT recorded_by, receipt_number, method, check_number, payer_name, amount_cents::int AS amount_cents, status
        FROM payments WHERE received_on = ${date} AND method IN ('check', 'cash')
        ORDER BY receipt_number`,
  );
  const names = await staffNames(
    tx,
    rows.flatMap((r) => (r.recorded_by ? [r.recorded_by] : [])),
  );
  const byClerk = new Map<string, DepositClerk>();
  for (const r of rows) {
    const clerk = (r.recorded_by && names.get(r.recorded_by)) || '—';
    let group = byClerk.get(clerk);
    if (!group)
      byClerk.set(clerk, (group = { clerk, lines: [], checksCents: 0, cashCents: 0, totalCents: 0 }));
    group.lines.push({
      receiptNumber: r.receipt_number,
      method: r.method,
      checkNumber: r.check_number,
      payerName: r.payer_name,
      amountCents: r.amount_cents,
      status: r.status,
    });
    if (r.method === 'check') group.checksCents += r.amount_cents;
    else group.cashCents += r.amount_cents;
    group.totalCents += r.amount_cents;
  }
  const clerks = [...byClerk.values()].sort((a, b) => a.clerk.localeCompare(b.clerk));
  const checks = rows.filter((r) => r.method === 'check');
  const cash = rows.filter((r) => r.method === 'cash');
  const sum = (xs: { amount_cents: number }[]) => xs.reduce((s, x) => s + x.amount_cents, 0);
  return {
    date,
    clerks,
    checkCount: checks.length,
    checksCents: sum(checks),
    cashCount: cash.length,
    cashCents: sum(cash),
    totalCents: sum(rows),
  };
}
