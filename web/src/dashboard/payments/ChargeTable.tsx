import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import type { Charge } from './api.ts';
import { ChargeStatusTag, useLabels } from './labels.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';

/** The ledger's rows: one charge each, newest first, with what is paid and what is owed. */
export function ChargeTable({ items }: { items: Charge[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`payments.ledger.columns.${key}`);
  return (
    <TableRegion spaced label={t('payments.ledger.caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-pay-table"
        data-testid="charges-table"
      >
        <caption className="usa-sr-only">{t('payments.ledger.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('reference')}</th>
            <th scope="col">{col('description')}</th>
            <th scope="col">{col('kind')}</th>
            <th scope="col">{col('party')}</th>
            <th scope="col" className="civq-pay-num">
              {col('amount')}
            </th>
            <th scope="col" className="civq-pay-num">
              {col('paid')}
            </th>
            <th scope="col" className="civq-pay-num">
              {col('balance')}
            </th>
            <th scope="col">{col('status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr
              key={c.id}
              data-testid="charge-row"
              data-reference={c.referenceCode}
              data-status={c.status}
              data-kind={c.kind}
            >
              <th scope="row" data-label={col('reference')} className="civq-pay-nowrap">
                <Link className="usa-link" to={`/dashboard/payments/charges/${c.id}`}>
                  {c.referenceCode}
                </Link>
              </th>
              <td data-label={col('description')}>{c.description[lang]}</td>
              <td data-label={col('kind')}>{labels.kind(c.kind)}</td>
              <td data-label={col('party')} className="civq-break">
                {c.party.name}
              </td>
              <td data-label={col('amount')} className="civq-pay-num">
                {formatMoney(lang, c.amountCents)}
              </td>
              <td data-label={col('paid')} className="civq-pay-num">
                {formatMoney(lang, c.allocatedCents)}
              </td>
              <td data-label={col('balance')} className="civq-pay-num">
                {formatMoney(lang, c.balanceCents)}
              </td>
              <td data-label={col('status')}>
                <ChargeStatusTag status={c.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
