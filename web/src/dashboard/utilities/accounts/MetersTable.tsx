import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDay } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { ACCOUNTS, groupAccountNumber, type AccountDetail } from '../api.ts';
import { useLabels } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';

type Meter = AccountDetail['meters'][number];

/**
 * The meters on an account now, or those it had before, with their install (and removal) dates
 * and, for an earlier meter, where it is now: a moved meter links to its new account.
 */
export function MetersTable({
  meters,
  accountId,
  past,
}: {
  meters: Meter[];
  accountId: string;
  past: boolean;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const col = (key: string) => t(`utilities.meters.columns.${key}`);
  const caption = past ? t('utilities.meters.pastTitle') : t('utilities.meters.currentTitle');
  return (
    <TableRegion label={caption}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
        data-testid={past ? 'past-meters' : 'current-meters'}
      >
        <caption className="usa-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{col('serial')}</th>
            <th scope="col">{col('service')}</th>
            <th scope="col">{col('unit')}</th>
            <th scope="col" className="civq-ut-num">
              {col('dials')}
            </th>
            <th scope="col" className="civq-ut-num">
              {col('multiplier')}
            </th>
            <th scope="col">{col('installed')}</th>
            {past && <th scope="col">{col('removed')}</th>}
            {past && <th scope="col">{col('now')}</th>}
          </tr>
        </thead>
        <tbody>
          {meters.map((m) => (
            <tr key={`${m.id}-${m.installedOn}`} data-testid="meter-row" data-serial={m.serial}>
              <th scope="row" data-label={col('serial')} className="civq-ut-nowrap">
                {m.serial}
              </th>
              <td data-label={col('service')}>{labels.service(m.service)}</td>
              <td data-label={col('unit')}>{labels.unit(m.unit)}</td>
              <td data-label={col('dials')} className="civq-ut-num">
                {m.dials}
              </td>
              <td data-label={col('multiplier')} className="civq-ut-num">
                ×{m.multiplier}
              </td>
              <td data-label={col('installed')}>{formatDay(lang, m.installedOn, 'medium')}</td>
              {past && (
                <td data-label={col('removed')}>{m.removedOn && formatDay(lang, m.removedOn, 'medium')}</td>
              )}
              {past && (
                <td data-label={col('now')} data-testid="meter-now">
                  {m.nowOnAccountNumber ? (
                    <Link
                      className="usa-link"
                      to={`${ACCOUNTS}?q=${encodeURIComponent(m.nowOnAccountNumber)}`}
                    >
                      {/* Non-breaking hyphens keep the number on one line. */}
                      {t('utilities.meters.nowOn', {
                        number: groupAccountNumber(m.nowOnAccountNumber).replace(/-/g, '\u2011'),
                      })}
                    </Link>
                  ) : m.accountId === accountId ? (
                    t('utilities.meters.backHere')
                  ) : (
                    labels.meterStatus(m.status)
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
