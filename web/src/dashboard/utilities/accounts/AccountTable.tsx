import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { BASE, type Account } from '../api.ts';
import { AccountStatusTag, AutopayBadge, Balance, useLabels } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';

/** "123 Calle Sol, Apt 4, Esperanza, TX 78501" (a US address reads the same in both languages). */
export function formatAddress(a: Account['address']): string {
  return `${a.street}${a.unit ? `, ${a.unit}` : ''}, ${a.city}, ${a.state} ${a.zip}`;
}

/** The account list's rows: number, customer, where, type, status, autopay and what is owed. */
export function AccountTable({ items }: { items: Account[] }) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const col = (key: string) => t(`utilities.accounts.columns.${key}`);
  return (
    <TableRegion label={t('utilities.accounts.caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid="accounts-table"
      >
        <caption className="usa-sr-only">{t('utilities.accounts.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('number')}</th>
            <th scope="col">{col('customer')}</th>
            <th scope="col">{col('address')}</th>
            <th scope="col">{col('type')}</th>
            <th scope="col">{col('status')}</th>
            <th scope="col">{col('autopay')}</th>
            <th scope="col" className="civq-ut-num">
              {col('balance')}
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} data-testid="account-row" data-number={a.accountNumber}>
              <th scope="row" data-label={col('number')} className="civq-ut-nowrap">
                <Link className="usa-link" to={`${BASE}/accounts/${a.id}`}>
                  {a.accountNumberDisplay}
                </Link>
              </th>
              <td data-label={col('customer')} className="civq-break">
                {a.customerName}
              </td>
              <td data-label={col('address')}>{formatAddress(a.address)}</td>
              <td data-label={col('type')}>{labels.accountType(a.accountType)}</td>
              <td data-label={col('status')}>
                <AccountStatusTag status={a.status} />
              </td>
              <td data-label={col('autopay')}>
                {a.autopay ? (
                  <AutopayBadge />
                ) : (
                  <>
                    <span aria-hidden="true">—</span>
                    <span className="usa-sr-only">{t('utilities.accounts.noAutopay')}</span>
                  </>
                )}
              </td>
              <td data-label={col('balance')} className="civq-ut-num">
                <Balance cents={a.balanceCents ?? 0} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
