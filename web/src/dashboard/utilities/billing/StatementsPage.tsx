import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
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
  const [status, setStatus] = useState<string>(filters.status ?? '');
  const [cycle, setCycle] = useState<string>(filters.cycleId ?? '');
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setStatus(filters.status ?? ''), [filters.status]);
  useEffect(() => setCycle(filters.cycleId ?? ''), [filters.cycleId]);
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
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
    <form className="civq-filters" role="search" aria-label={t('statements.filters.label')} onSubmit={submit}>
      <div className="usa-form-group civq-ut-filters__search">
        <label className="usa-label" htmlFor="statement-q">
          {t('statements.filters.search')}
        </label>
        <div className="usa-hint" id="statement-q-hint">
          {t('statements.filters.searchHint')}
        </div>
        <input
          className="usa-input"
          id="statement-q"
          name="q"
          type="text"
          maxLength={40}
          autoComplete="off"
          aria-describedby="statement-q-hint"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="statement-status">
          {t('statements.filters.status')}
        </label>
        <select
          className="usa-select"
          id="statement-status"
          name="status"
          value={status}
          onChange={(e) => setStatus(e.target.value)}
        >
          <option value="">{t('statements.filters.anyStatus')}</option>
          {STATEMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`statuses.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="usa-form-group civq-bill-filters__cycle">
        <label className="usa-label" htmlFor="statement-cycle">
          {t('statements.filters.cycle')}
        </label>
        <select
          className="usa-select"
          id="statement-cycle"
          name="cycle"
          value={cycle}
          onChange={(e) => setCycle(e.target.value)}
        >
          <option value="">{t('statements.filters.anyCycle')}</option>
          {(cycles.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div className="civq-filters__actions">
        <button type="submit" className="usa-button">
          {t('statements.filters.apply')}
        </button>
        {any && (
          <Link className="usa-button usa-button--unstyled" to={HOME}>
            {t('statements.filters.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}
