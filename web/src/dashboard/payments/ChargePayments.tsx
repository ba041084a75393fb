import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { ChargeDetail } from './api.ts';
import { PaymentStatusTag } from './labels.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';

type Props = {
  payments: ChargeDetail['payments'];
  /** Shown to administrators: opens the refund form of a payment. */
  onRefund?: (paymentId: string) => void;
  refunding?: string | null;
};

/** The payments on one charge: what each paid here and what of it can still be refunded. */
export function ChargePayments({ payments, onRefund, refunding }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const col = (key: string) => t(`payments.charge.paymentColumns.${key}`);
  if (payments.length === 0) return <p data-testid="payments-none">{t('payments.charge.noPayments')}</p>;
  return (
    <TableRegion spaced label={t('payments.charge.paymentsCaption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-pay-table"
        data-testid="charge-payments"
      >
        <caption className="usa-sr-only">{t('payments.charge.paymentsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('receipt')}</th>
            <th scope="col">{col('received')}</th>
            <th scope="col" className="civq-pay-num">
              {col('amount')}
            </th>
            <th scope="col" className="civq-pay-num">
              {col('refundable')}
            </th>
            <th scope="col">{col('status')}</th>
            {onRefund && (
              <th scope="col">
                <span className="usa-sr-only">{col('actions')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {payments.map((p) => (
            <tr key={p.paymentId} data-testid="charge-payment-row">
              <th scope="row" data-label={col('receipt')} className="civq-pay-nowrap">
                <Link className="usa-link" to={`/dashboard/payments/payments/${p.paymentId}`}>
                  {p.receiptNumber}
                </Link>
              </th>
              <td data-label={col('received')}>{formatDay(lang, p.receivedOn, 'medium')}</td>
              <td data-label={col('amount')} className="civq-pay-num">
                {formatMoney(lang, p.amountCents)}
              </td>
              <td data-label={col('refundable')} className="civq-pay-num">
                {formatMoney(lang, p.refundableCents)}
              </td>
              <td data-label={col('status')}>
                <PaymentStatusTag status={p.status} />
              </td>
              {onRefund && (
                <td data-label={col('actions')}>
                  {p.refundableCents > 0 && (
                    <button
                      type="button"
                      className="usa-button usa-button--outline civq-pay-row-button"
                      aria-expanded={refunding === p.paymentId}
                      aria-controls={refunding === p.paymentId ? 'refund-panel' : undefined}
                      onClick={() => onRefund(p.paymentId)}
                    >
                      {t('payments.charge.refund')}
                      <span className="usa-sr-only"> {p.receiptNumber}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
