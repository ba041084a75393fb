import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { useKpis } from './api.ts';

/** Open, overdue, closed this week and median days to close; the same by category below. */
export function Kpis() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const kpis = useKpis();
  // The table is drawn only while it is open (a closed one would still be laid out).
  const [open, setOpen] = useState(false);
  const data = kpis.data;
  const days = (n: number | null) =>
    n === null ? t('requests.kpis.none') : t('requests.kpis.days', { days: n, shown: formatDays(lang, n) });
  const cards = data && [
    { key: 'open', value: formatNumber(lang, data.open) },
    { key: 'overdue', value: formatNumber(lang, data.overdue) },
    { key: 'closedThisWeek', value: formatNumber(lang, data.closedThisWeek) },
    { key: 'median', value: days(data.medianDaysToClose) },
  ];
  const col = (key: string) => t(`requests.kpis.columns.${key}`);
  return (
    <section className="civq-req-section" aria-labelledby="kpi-title">
      <h2 id="kpi-title" className="margin-top-0">
        {t('requests.kpis.title')}
      </h2>
      {kpis.isPending && <Loading />}
      {kpis.error instanceof ApiError && <ProblemAlert problem={kpis.error} />}
      {cards && (
        <dl className="civq-req-kpis" data-testid="kpis">
          {cards.map((c) => (
            <div
              key={c.key}
              className={`civq-req-kpi${c.key === 'overdue' && data.overdue > 0 ? ' civq-req-kpi--alert' : ''}`}
              data-testid={`kpi-${c.key}`}
            >
              <dt className="civq-req-kpi__label">{t(`requests.kpis.${c.key}`)}</dt>
              <dd className="civq-req-kpi__value">{c.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {data && data.byCategory.length > 0 && (
        <details
          className="civq-req-details"
          data-testid="kpi-by-category"
          onToggle={(e) => setOpen(e.currentTarget.open)}
        >
          <summary>{t('requests.kpis.byCategory')}</summary>
          {open && (
            <TableRegion label={t('requests.kpis.byCategory')}>
              <table className="usa-table usa-table--borderless usa-table--stacked-header civq-table">
                <caption className="usa-sr-only">{t('requests.kpis.byCategory')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{col('category')}</th>
                    <th scope="col" className="civq-req-num">
                      {col('open')}
                    </th>
                    <th scope="col" className="civq-req-num">
                      {col('overdue')}
                    </th>
                    <th scope="col" className="civq-req-num">
                      {col('closedThisWeek')}
                    </th>
                    <th scope="col" className="civq-req-num">
                      {col('median')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.byCategory.map((c) => (
                    <tr key={c.code} data-testid="kpi-category" data-code={c.code}>
                      <th scope="row" data-label={col('category')}>
                        {c.name[lang]}
                      </th>
                      <td data-label={col('open')} className="civq-req-num">
                        {formatNumber(lang, c.open)}
                      </td>
                      <td data-label={col('overdue')} className="civq-req-num">
                        {formatNumber(lang, c.overdue)}
                      </td>
                      <td data-label={col('closedThisWeek')} className="civq-req-num">
                        {formatNumber(lang, c.closedThisWeek)}
                      </td>
                      <td data-label={col('median')} className="civq-req-num">
                        {days(c.medianDaysToClose)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </details>
      )}
    </section>
  );
}

function formatDays(lang: 'en' | 'es', n: number): string {
  return new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { maximumFractionDigits: 1 }).format(n);
}
