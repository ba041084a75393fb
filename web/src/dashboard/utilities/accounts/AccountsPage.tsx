import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { can, useSession } from '../../session.tsx';
import { AccountFiltersForm } from './AccountFilters.tsx';
import { AccountTable } from './AccountTable.tsx';
import {
  ACCOUNT_STATUSES,
  ACCOUNTS,
  BASE,
  PER_PAGE,
  useAccounts,
  type AccountFilters,
  type AccountStatus,
} from '../api.ts';
import { Pager } from '../../../ui/Pager.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';

/** Filters from the address (?status=active&q=ibanez&page=2). */
function readFilters(params: URLSearchParams): AccountFilters {
  const status = params.get('status') as AccountStatus;
  const page = Number(params.get('page'));
  return {
    status: ACCOUNT_STATUSES.includes(status) ? status : undefined,
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 400_000) : 1,
  };
}

function toParams(filters: Partial<AccountFilters>): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.q) search.set('q', filters.q);
  if (filters.status) search.set('status', filters.status);
  if (filters.page && filters.page > 1) search.set('page', String(filters.page));
  return search;
}

function hrefWith(filters: Partial<AccountFilters>): string {
  const search = toParams(filters).toString();
  return search ? `${ACCOUNTS}?${search}` : ACCOUNTS;
}

/** The account list: every customer account, searched and filtered, with what each owes. */
export function AccountsPage() {
  const { t } = useTranslation('dashboard');
  const { t: tb } = useTranslation('dashboard-billing');
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const accounts = useAccounts(filters);
  const data = accounts.data;
  const filtered = Boolean(filters.status || filters.q);
  const flash = (useLocation().state as { flash?: string } | null)?.flash;

  return (
    <>
      <PageHeading>{tb('accounts.title')}</PageHeading>
      <UtilitiesNav current="accounts" />
      <div className="civq-toolbar">
        <p className="civq-measure margin-0">{t('utilities.accounts.intro')}</p>
        {can(session, 'utilities.manage') && (
          <Link className="usa-button margin-0" to={`${BASE}/new`}>
            {t('utilities.accounts.open')}
          </Link>
        )}
      </div>
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      <h2 className="usa-sr-only">{t('utilities.accounts.title')}</h2>
      <AccountFiltersForm
        status={filters.status}
        q={filters.q}
        clearHref={ACCOUNTS}
        onApply={(f) => setParams(toParams(f))}
      />
      {accounts.isPending && <Loading />}
      {accounts.error instanceof ApiError && <ProblemAlert problem={accounts.error} />}
      {data && data.total === 0 && (
        <div className="civq-empty" data-testid="accounts-empty">
          <h3 className="civq-empty__title">
            {filtered ? t('utilities.accounts.emptyFiltered') : t('utilities.accounts.empty')}
          </h3>
          <p>{filtered ? t('utilities.accounts.emptyFilteredBody') : t('utilities.accounts.emptyBody')}</p>
        </div>
      )}
      {data && data.total > 0 && (
        <>
          {data.items.length > 0 ? (
            <AccountTable items={data.items} />
          ) : (
            <p data-testid="accounts-past-end">{t('utilities.accounts.pastEnd')}</p>
          )}
          <Pager
            page={filters.page}
            perPage={PER_PAGE}
            total={data.total}
            capped={data.totalCapped}
            noun="accounts"
            messages={{ prefix: 'utilities.pager' }}
            hrefFor={(page) => hrefWith({ ...filters, page })}
          />
        </>
      )}
    </>
  );
}
