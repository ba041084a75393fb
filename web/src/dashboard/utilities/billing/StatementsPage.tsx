import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FilterBar, FilterSearch, FilterSelect, useFilterValue } from '../../../ui/FilterBar.tsx';
import { ApiError } from '../../../api.ts';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { BASE } from '../api.ts';
import { Pager } from '../../../ui/Pager.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';
import {
  STATEMENT_STATUSES,
  STATEMENTS_PER_PAGE,
  useCycles,
  useStatements,
  type StatementFilters,
  type StatementStatus,
} from './api.ts';
import { StatementsTable } from './StatementsTable.tsx';

const HOME = `${BASE}/statements`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filters from the address (?status=paid&cycle=<id>&q=S12-000045&page=2). */
function readFilters(params: URLSearchParams): StatementFilters {
  const status = params.get('status') as StatementStatus;
  const cycle = params.get('cycle') ?? '';
  const account = params.get('account') ?? '';
  const page = Number(params.get('page'));
  return {
    status: STATEMENT_STATUSES.includes(status) ? status : undefined,
    cycleId: UUID.test(cycle) ? cycle : undefined,
    accountId: UUID.test(account) ? account : undefined,
    q: params.get('q')?.trim().slice(0, 40) || undefined,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, 40_000) : 1,
  };
}

function hrefWith(f: Partial<StatementFilters>): string {
  const search = new URLSearchParams();
  if (f.status) search.set('status', f.status);
  if (f.cycleId) search.set('cycle', f.cycleId);
  if (f.accountId) search.set('account', f.accountId);
  if (f.q) search.set('q', f.q);
  if (f.page && f.page > 1) search.set('page', String(f.page));
  const s = search.toString();
  return s ? `${HOME}?${s}` : HOME;
}

/** Every statement, filtered by status, cycle or a statement/account number, a page at a time. */
export function StatementsPage() {
  const { t } = useTranslation('dashboard-billing');
  const [params] = useSearchParams();
  const filters = readFilters(params);
  const statements = useStatements(filters);
  const data = statements.data;
  const filtered = Boolean(filters.status || filters.cycleId || filters.q || filters.accountId);

  return (
    <>
      <PageHeading>{t('statements.title')}</PageHeading>
      <UtilitiesNav current="statements" />
      <p className="civq-measure">{t('statements.intro')}</p>
      <StatementFiltersForm filters={filters} />
      {statements.isPending && <Loading />}
      {statements.error instanceof ApiError && <ProblemAlert problem={statements.error} />}
      {data && data.total === 0 && (
        <div className="civq-empty" data-testid="statements-empty">
          <h2 className="civq-empty__title">
            {filtered ? t('statements.emptyFiltered') : t('statements.empty')}
          </h2>
          <p>{filtered ? t('statements.emptyFilteredBody') : t('statements.emptyBody')}</p>
        </div>
      )}
      {data && data.total > 0 && (
        <>
          <h2 className="usa-sr-only">{t('statements.caption')}</h2>
          {data.items.length > 0 ? (
            <StatementsTable items={data.items} caption={t('statements.caption')} />
          ) : (
            <p data-testid="statements-past-end">{t('statements.pastEnd')}</p>
          )}
          <Pager
            page={filters.page}
            perPage={STATEMENTS_PER_PAGE}
            total={data.total}
            noun="statements"
            messages={{ ns: 'dashboard-billing', prefix: 'pager', navPrefix: 'utilities.pager' }}
            hrefFor={(page) => hrefWith({ ...filters, page })}
          />
        </>
      )}
    </>
  );
}

function StatementFiltersForm({ filters }: { filters: StatementFilters }) {
  const { t } = useTranslation('dashboard-billing');
  const [, setParams] = useSearchParams();
  const cycles = useCycles();
  const [status, setStatus] = useFilterValue(filters.status);
  const [cycle, setCycle] = useFilterValue(filters.cycleId);
  const [q, setQ] = useFilterValue(filters.q);

  const apply = () => {
    const next = hrefWith({
      status: (status || undefined) as StatementStatus | undefined,
      cycleId: cycle || undefined,
      accountId: filters.accountId,
      q: q.trim() || undefined,
    });
    setParams(new URLSearchParams(next.split('?')[1] ?? ''));
  };
  const any = Boolean(filters.status || filters.cycleId || filters.q || filters.accountId);

  return (
    <FilterBar
      label={t('statements.filters.label')}
      onSubmit={apply}
      applyLabel={t('statements.filters.apply')}
      clearLabel={t('statements.filters.clear')}
      clearHref={HOME}
      active={any}
    >
      <FilterSearch
        id="statement-q"
        name="q"
        className="civq-ut-filters__search"
        label={t('statements.filters.search')}
        hint={t('statements.filters.searchHint')}
        input={{ maxLength: 40 }}
        value={q}
        onChange={setQ}
      />
      <FilterSelect
        id="statement-status"
        name="status"
        label={t('statements.filters.status')}
        anyLabel={t('statements.filters.anyStatus')}
        options={STATEMENT_STATUSES.map((s) => ({ value: s, label: t(`statuses.${s}`) }))}
        value={status}
        onChange={setStatus}
      />
      <FilterSelect
        id="statement-cycle"
        name="cycle"
        className="civq-bill-filters__cycle"
        label={t('statements.filters.cycle')}
        anyLabel={t('statements.filters.anyCycle')}
        options={(cycles.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={cycle}
        onChange={setCycle}
      />
    </FilterBar>
  );
}
