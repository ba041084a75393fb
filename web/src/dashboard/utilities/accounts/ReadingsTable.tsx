import { useTranslation } from 'react-i18next';
import { formatDay, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import type { Read } from '../api.ts';
import { useLabels } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';

/** An account's readings, newest first: what each meter showed and the use since the one before. */
export function ReadingsTable({ reads }: { reads: Read[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`utilities.reads.columns.${key}`);
  return (
    <TableRegion label={t('utilities.reads.caption')}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid="reads-table"
      >
        <caption className="usa-sr-only">{t('utilities.reads.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{col('date')}</th>
            <th scope="col">{col('serial')}</th>
            <th scope="col" className="civq-ut-num">
              {col('value')}
            </th>
            <th scope="col" className="civq-ut-num">
              {col('consumption')}
            </th>
            <th scope="col">{col('method')}</th>
            <th scope="col">{col('purpose')}</th>
          </tr>
        </thead>
        <tbody>
          {reads.map((r) => (
            <tr key={r.id} data-testid="read-row" data-serial={r.serial} data-date={r.readOn}>
              <th scope="row" data-label={col('date')} className="civq-ut-nowrap">
                {formatDay(lang, r.readOn, 'medium')}
              </th>
              <td data-label={col('serial')}>{r.serial}</td>
              <td data-label={col('value')} className="civq-ut-num">
                {formatNumber(lang, r.value)}
              </td>
              <td data-label={col('consumption')} className="civq-ut-num">
                {r.consumption === null ? (
                  <>
                    <span aria-hidden="true">—</span>
                    <span className="usa-sr-only">{t('utilities.reads.noConsumption')}</span>
                  </>
                ) : (
                  formatNumber(lang, r.consumption)
                )}
                {r.rollover && <span className="civq-ut-note"> {t('utilities.reads.rollover')}</span>}
              </td>
              <td data-label={col('method')}>{labels.method(r.method)}</td>
              <td data-label={col('purpose')}>{labels.purpose(r.purpose)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
