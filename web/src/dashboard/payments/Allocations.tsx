import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { Payment } from './api.ts';
import { TableRegion } from '../../ui/TableRegion.tsx';

/** What a payment paid: one row per charge, oldest first. */
export function Allocations({ allocations }: { allocations: Payment['allocations'] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const col = (key: string) => t(`payments.payment.allocationColumns.${key}`);
  if (allocations.length === 0) return <p>{t('payments.payment.noAllocations')}</p>;
  return (
    <TableRegion spaced label={t('payments.payment.allocationsCaption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-pay-table"
        data-testid="allocations"
      >
        <caption className="usa-sr-only">{t('payments.payment.allocationsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('reference')}</th>
            <th scope="col">{col('description')}</th>
            <th scope="col" className="civq-pay-num">
              {col('amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {allocations.map((a) => (
            <tr key={a.chargeId}>
              <th scope="row" data-label={col('reference')} className="civq-pay-nowrap">
                <Link className="usa-link" to={`/dashboard/payments/charges/${a.chargeId}`}>
                  {a.referenceCode}
                </Link>
              </th>
              <td data-label={col('description')}>{a.description[lang]}</td>
              <td data-label={col('amount')} className="civq-pay-num">
                {formatMoney(lang, a.amountCents)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
