import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { Refund } from './api.ts';
import { TableRegion } from '../../ui/TableRegion.tsx';

/** Refunds, each with its refund receipt (PDF) and, on a charge, the payment it came from. */
export function RefundsTable({ refunds, receipts }: { refunds: Refund[]; receipts?: Map<string, string> }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const col = (key: string) => t(`payments.refunds.columns.${key}`);
  if (refunds.length === 0) return <p data-testid="refunds-none">{t('payments.refunds.none')}</p>;
  return (
    <TableRegion spaced label={t('payments.refunds.caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-pay-table"
        data-testid="refunds-table"
      >
        <caption className="usa-sr-only">{t('payments.refunds.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('number')}</th>
            <th scope="col">{col('date')}</th>
            <th scope="col" className="civq-pay-num">
              {col('amount')}
            </th>
            <th scope="col">{col('reason')}</th>
            {receipts && <th scope="col">{col('payment')}</th>}
            <th scope="col">{col('pdf')}</th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.id} data-testid="refund-row">
              <th scope="row" data-label={col('number')} className="civq-pay-nowrap">
                {r.refundNumber}
              </th>
              <td data-label={col('date')}>{formatDay(lang, r.refundedOn, 'medium')}</td>
              <td data-label={col('amount')} className="civq-pay-num">
                {formatMoney(lang, r.amountCents)}
              </td>
              <td data-label={col('reason')} className="civq-break">
                {r.reason}
              </td>
              {receipts && (
                <td data-label={col('payment')} className="civq-pay-nowrap">
                  <Link className="usa-link" to={`/dashboard/payments/payments/${r.paymentId}`}>
                    {receipts.get(r.paymentId) ?? t('payments.refunds.payment')}
                  </Link>
                </td>
              )}
              <td data-label={col('pdf')}>
                <a
                  className="usa-link civq-pay-nowrap"
                  href={`/api/v1/payments/payments/${r.paymentId}/refunds/${r.id}/receipt.pdf`}
                >
                  {t('payments.refunds.pdf')}
                  <span className="usa-sr-only"> {r.refundNumber}</span>
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
