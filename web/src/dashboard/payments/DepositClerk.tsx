import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { DepositReport } from './api.ts';
import { useLabels } from './labels.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';

/** One clerk's checks and cash for the day, with subtotals. */
export function DepositClerk({ clerk, index }: { clerk: DepositReport['clerks'][number]; index: number }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`payments.deposit.columns.${key}`);
  const subtotal = (key: 'checks' | 'cash' | 'total', cents: number) => (
    <tr className="civq-pay-subtotal">
      <th scope="row" colSpan={4} data-label={col('subtotal')}>
        {t(`payments.deposit.subtotals.${key}`, { clerk: clerk.clerk })}
      </th>
      <td className="civq-pay-num" data-label={col('amount')}>
        {formatMoney(lang, cents)}
      </td>
    </tr>
  );
  return (
    <section className="civq-pay-section" data-testid="deposit-clerk" aria-labelledby={`clerk-${index}`}>
      <h3 id={`clerk-${index}`}>{clerk.clerk}</h3>
      <TableRegion spaced label={t('payments.deposit.caption', { clerk: clerk.clerk })}>
        <table className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-pay-table">
          <caption className="usa-sr-only">{t('payments.deposit.caption', { clerk: clerk.clerk })}</caption>
          <thead>
            <tr>
              <th scope="col">{col('receipt')}</th>
              <th scope="col">{col('method')}</th>
              <th scope="col">{col('checkNumber')}</th>
              <th scope="col">{col('payer')}</th>
              <th scope="col" className="civq-pay-num">
                {col('amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {clerk.lines.map((line) => (
              <tr key={line.receiptNumber} data-testid="deposit-line">
                <th scope="row" data-label={col('receipt')} className="civq-pay-nowrap">
                  {line.receiptNumber}
                  {line.status === 'reversed' && (
                    <span className="civq-pay-returned"> {t('payments.deposit.returned')}</span>
                  )}
                </th>
                <td data-label={col('method')}>{labels.method(line.method)}</td>
                <td data-label={col('checkNumber')}>{line.checkNumber ?? '—'}</td>
                <td data-label={col('payer')} className="civq-break">
                  {line.payerName}
                </td>
                <td data-label={col('amount')} className="civq-pay-num">
                  {formatMoney(lang, line.amountCents)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            {subtotal('checks', clerk.checksCents)}
            {subtotal('cash', clerk.cashCents)}
            {subtotal('total', clerk.totalCents)}
          </tfoot>
        </table>
      </TableRegion>
    </section>
  );
}
