import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { Alert } from '../../../components/Alert.tsx';
import type { ImportResult } from '../api.ts';
import { TableRegion } from '../../../ui/TableRegion.tsx';

/** What an import did: counts, then each rejected row with its line and reason. */
export function ImportResults({ fileName, result }: { fileName: string; result: ImportResult }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const n = (value: number) => formatNumber(lang, value);
  const counts = [
    ['total', result.rowsTotal],
    ['stored', result.rowsStored],
    ['duplicate', result.rowsDuplicate],
    ['rejected', result.rowsRejected],
    ['exceptions', result.exceptions],
  ] as const;
  const col = (key: string) => t(`utilities.import.rejectedColumns.${key}`);
  return (
    <section className="civq-ut-section" aria-labelledby="import-result-title" data-testid="import-result">
      <Alert
        type={result.rowsRejected > 0 ? 'warning' : 'success'}
        heading={t('utilities.import.done', { fileName })}
      >
        <p>{t('utilities.import.doneBody', { stored: result.rowsStored, rejected: result.rowsRejected })}</p>
      </Alert>
      <h2 id="import-result-title">{t('utilities.import.resultTitle')}</h2>
      <dl className="civq-ut-counts">
        {counts.map(([key, value]) => (
          <div key={key} className="civq-ut-count" data-testid={`count-${key}`}>
            <dt>{t(`utilities.import.counts.${key}`)}</dt>
            <dd>{n(value)}</dd>
          </div>
        ))}
      </dl>
      {result.rejected.length > 0 && (
        <>
          <h3>{t('utilities.import.rejectedTitle')}</h3>
          <TableRegion label={t('utilities.import.rejectedTitle')}>
            <table
              className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
              data-testid="rejected-table"
            >
              <caption className="usa-sr-only">{t('utilities.import.rejectedTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{col('line')}</th>
                  <th scope="col">{col('serial')}</th>
                  <th scope="col">{col('reason')}</th>
                </tr>
              </thead>
              <tbody>
                {result.rejected.map((r) => (
                  <tr key={`${r.line}-${r.code}`} data-testid="rejected-row" data-line={r.line}>
                    <th scope="row" data-label={col('line')}>
                      {n(r.line)}
                    </th>
                    <td data-label={col('serial')} className="civq-break">
                      {r.serial || t('utilities.import.noSerial')}
                    </td>
                    <td data-label={col('reason')}>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}
