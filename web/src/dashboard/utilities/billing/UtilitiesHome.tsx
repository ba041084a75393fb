import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDay, formatMoney, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { ACCOUNTS, BASE } from '../api.ts';
import { AccountStatusTag, Balance } from '../labels.tsx';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import { useUtilityDashboard, type UtilityDashboard } from './api.ts';
import { MonthlyChart } from './MonthlyChart.tsx';

/** Utility Billing home: the money at a glance, month by month, and who owes the most. */
export function UtilitiesHome() {
  const { t } = useTranslation('dashboard');
  const { t: tb } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const dashboard = useUtilityDashboard();
  const data = dashboard.data;

  return (
    <>
      <PageHeading>{t('modules.utilities.title')}</PageHeading>
      <UtilitiesNav current="dashboard" />
      <p className="civq-measure">{tb('home.intro')}</p>
      {dashboard.isPending && <Loading />}
      {dashboard.error instanceof ApiError && <ProblemAlert problem={dashboard.error} />}
      {data && (
        <>
          <p className="civq-ut-note" data-testid="as-of">
            {tb('home.asOf', { date: formatDay(lang, data.asOf) })}
          </p>
          <Kpis data={data} />
          <MonthlyChart months={data.months} />
          <Largest data={data} />
        </>
      )}
    </>
  );
}

function Kpis({ data }: { data: UtilityDashboard }) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const cards = [
    {
      key: 'collected',
      value: formatMoney(lang, data.collectedCents),
      note: t('home.kpis.collectedNote'),
    },
    {
      key: 'outstanding',
      value: formatMoney(lang, data.outstandingCents),
      note: t('home.kpis.outstandingNote', { credit: formatMoney(lang, data.creditCents) }),
    },
    {
      key: 'accounts',
      value: formatNumber(lang, data.accounts.total),
      note: t('home.kpis.accountsNote', { active: data.accounts.active, owing: data.accounts.owing }),
    },
    {
      key: 'delinquent',
      value: formatNumber(lang, data.delinquent.total),
      note: t('home.kpis.delinquentNote', {
        pastDue: data.delinquent.pastDue,
        warned: data.delinquent.shutoffWarned,
      }),
    },
  ];
  return (
    <section aria-labelledby="kpis-title">
      <h2 id="kpis-title" className="usa-sr-only">
        {t('home.kpisTitle')}
      </h2>
      <dl className="civq-bill-kpis" data-testid="kpis">
        {cards.map((c) => (
          <div key={c.key} className="civq-bill-kpi" data-testid={`kpi-${c.key}`}>
            <dt className="civq-bill-kpi__label">{t(`home.kpis.${c.key}`)}</dt>
            <dd className="civq-bill-kpi__value" data-testid={`kpi-${c.key}-value`}>
              {c.value}
            </dd>
            <dd className="civq-bill-kpi__note">{c.note}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Largest({ data }: { data: UtilityDashboard }) {
  const { t } = useTranslation('dashboard-billing');
  const col = (key: string) => t(`home.largest.columns.${key}`);
  return (
    <section aria-labelledby="largest-title" className="civq-ut-section">
      <h2 id="largest-title">{t('home.largest.title')}</h2>
      <p>{t('home.largest.intro')}</p>
      {data.largestBalances.length === 0 ? (
        <p data-testid="largest-empty">{t('home.largest.empty')}</p>
      ) : (
        <TableRegion label={t('home.largest.caption')}>
          <table
            className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
            data-testid="largest-table"
          >
            <caption className="usa-sr-only">{t('home.largest.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{col('number')}</th>
                <th scope="col">{col('customer')}</th>
                <th scope="col">{col('status')}</th>
                <th scope="col" className="civq-ut-num">
                  {col('balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.largestBalances.map((a) => (
                <tr key={a.accountId} data-testid="largest-row">
                  <th scope="row" data-label={col('number')} className="civq-ut-nowrap">
                    <Link className="usa-link" to={`${BASE}/accounts/${a.accountId}`}>
                      {a.accountNumberDisplay}
                    </Link>
                  </th>
                  <td data-label={col('customer')} className="civq-break">
                    {a.customerName}
                  </td>
                  <td data-label={col('status')}>
                    <AccountStatusTag status={a.status} />
                  </td>
                  <td data-label={col('balance')} className="civq-ut-num">
                    <Balance cents={a.balanceCents} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <p>
        <Link className="usa-link" to={ACCOUNTS}>
          {t('home.largest.all')}
        </Link>
      </p>
    </section>
  );
}
