import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDay } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import { BASE } from '../api.ts';
import { TableRegion } from '../../../ui/TableRegion.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import { useCycles } from './api.ts';
import { CycleStatusTag, usePeriod } from './labels.tsx';

export const CYCLES = `${BASE}/cycles`;

/** Billing cycles, newest first, with the way to define one or propose next month's. */
export function CyclesPage() {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const { session } = useSession();
  const cycles = useCycles();
  const period = usePeriod();
  const bill = can(session, 'utilities.bill');
  const latest = cycles.data?.[0];
  const flash = (useLocation().state as { flash?: string } | null)?.flash;
  const col = (key: string) => t(`cycles.columns.${key}`);

  return (
    <>
      <PageHeading>{t('cycles.title')}</PageHeading>
      <UtilitiesNav current="cycles" />
      <p className="civq-measure">{t('cycles.intro')}</p>
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      {bill && (
        <div className="civq-actions margin-top-0 margin-bottom-3">
          <Link className="usa-button" to={`${CYCLES}/new`}>
            {t('cycles.define')}
          </Link>
          {latest && (
            <Link
              className="usa-button usa-button--outline"
              to={`${CYCLES}/new?after=${latest.id}`}
              aria-describedby="propose-next-hint"
            >
              {t('cycles.proposeNext')}
            </Link>
          )}
          {latest && (
            <span className="civq-ut-note" id="propose-next-hint">
              {t('cycles.proposeNextHint', { name: latest.name })}
            </span>
          )}
        </div>
      )}
      {cycles.isPending && <Loading />}
      {cycles.error instanceof ApiError && <ProblemAlert problem={cycles.error} />}
      {cycles.data && cycles.data.length === 0 && (
        <div className="civq-empty" data-testid="cycles-empty">
          <h2 className="civq-empty__title">{t('cycles.empty')}</h2>
          {bill && <p>{t('cycles.emptyBody')}</p>}
        </div>
      )}
      {cycles.data && cycles.data.length > 0 && (
        <>
          <h2 className="usa-sr-only">{t('cycles.caption')}</h2>
          <TableRegion label={t('cycles.caption')}>
            <table
              className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-ut-table"
              data-testid="cycles-table"
            >
              <caption className="usa-sr-only">{t('cycles.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{col('name')}</th>
                  <th scope="col">{col('period')}</th>
                  <th scope="col">{col('billDate')}</th>
                  <th scope="col">{col('dueDate')}</th>
                  <th scope="col">{col('status')}</th>
                </tr>
              </thead>
              <tbody>
                {cycles.data.map((c) => (
                  <tr key={c.id} data-testid="cycle-row" data-name={c.name}>
                    <th scope="row" data-label={col('name')} className="civq-break">
                      <Link className="usa-link" to={`${CYCLES}/${c.id}`}>
                        {c.name}
                      </Link>
                    </th>
                    <td data-label={col('period')}>{period(c.periodStart, c.periodEnd)}</td>
                    <td data-label={col('billDate')} className="civq-ut-nowrap">
                      {formatDay(lang, c.billDate, 'medium')}
                    </td>
                    <td data-label={col('dueDate')} className="civq-ut-nowrap">
                      {formatDay(lang, c.dueDate, 'medium')}
                    </td>
                    <td data-label={col('status')}>
                      <CycleStatusTag status={c.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </>
  );
}
