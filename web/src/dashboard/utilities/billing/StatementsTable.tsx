import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay, formatMoney } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { BASE, groupAccountNumber } from '../api.ts';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import type { Statement } from './api.ts';
import { StatementStatusTag } from './labels.tsx';

type Props = {
  items: Statement[];
  caption: string;
  /** Leave out the account and customer columns (on the account's own page). */
  forAccount?: boolean;
};

/** Statements as rows: number (or Draft), account, customer, cycle, due date, total due, status. */
export function StatementsTable({ items, caption, forAccount = false }: Props) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const col = (key: string) => t(`statements.columns.${key}`);
  return (
    <TableRegion label={caption}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid="statements-table"
      >
        <caption className="usa-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{col('number')}</th>
            {!forAccount && <th scope="col">{col('account')}</th>}
            {!forAccount && <th scope="col">{col('customer')}</th>}
            <th scope="col">{col('cycle')}</th>
            <th scope="col">{col('dueDate')}</th>
            <th scope="col" className="civq-ut-num">
              {col('total')}
            </th>
            <th scope="col">{col('status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr
              key={s.id}
              data-testid="statement-row"
              data-number={s.number ?? ''}
              data-account={s.accountNumber}
            >
              <th scope="row" data-label={col('number')} className="civq-ut-nowrap">
                <Link className="usa-link" to={`${BASE}/statements/${s.id}`}>
                  {s.number ?? t('statements.draftNumber')}
                </Link>
              </th>
              {!forAccount && (
                <td data-label={col('account')} className="civq-ut-nowrap">
                  <Link className="usa-link" to={`${BASE}/accounts/${s.accountId}`}>
                    {groupAccountNumber(s.accountNumber)}
                  </Link>
                </td>
              )}
              {!forAccount && (
                <td data-label={col('customer')} className="civq-break">
                  {s.customerName}
                </td>
              )}
              <td data-label={col('cycle')}>{s.cycleName}</td>
              <td data-label={col('dueDate')} className="civq-ut-nowrap">
                {formatDay(lang, s.dueDate, 'medium')}
              </td>
              <td data-label={col('total')} className="civq-ut-num">
                {formatMoney(lang, s.totalDueCents)}
              </td>
              <td data-label={col('status')}>
                <StatementStatusTag status={s.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
