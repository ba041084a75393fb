import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { BASE } from '../api.ts';
import { useStatements } from './api.ts';
import { StatementsTable } from './StatementsTable.tsx';

const SHOWN = 6;

/** An account's latest statements on its page, with the way to all of them. */
export function AccountStatements({ accountId }: { accountId: string }) {
  const { t } = useTranslation('dashboard-billing');
  const statements = useStatements({ accountId, page: 1 }, SHOWN);
  const data = statements.data;
  return (
    <section aria-labelledby="statements-title" className="civq-ut-section" data-testid="account-statements">
      <h2 id="statements-title">{t('accountStatements.title')}</h2>
      {statements.isPending && <Loading />}
      {statements.error instanceof ApiError && <ProblemAlert problem={statements.error} />}
      {data && data.total === 0 && <p data-testid="no-statements">{t('accountStatements.none')}</p>}
      {data && data.total > 0 && (
        <>
          <StatementsTable items={data.items} caption={t('accountStatements.caption')} forAccount />
          {data.total > SHOWN && (
            <p>
              <Link className="usa-link" to={`${BASE}/statements?account=${accountId}`}>
                {t('accountStatements.all')}
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
