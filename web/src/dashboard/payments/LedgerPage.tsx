import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { can, useSession } from '../session.tsx';
import {
  CHARGE_KINDS,
  CHARGE_STATUSES,
  PER_PAGE,
  useCharges,
  type ChargeKind,
  type ChargeStatus,
  type LedgerFilters,
} from './api.ts';
import { ChargeTable } from './ChargeTable.tsx';
import { Kpis } from './Kpis.tsx';
import { LedgerFiltersForm } from './LedgerFilters.tsx';
import { Pager } from '../../ui/Pager.tsx';
import { readPeriod, type PeriodChoice } from './period.ts';
import './payments.css';

const BASE = '/dashboard/payments';
const LEDGER_PARAMS = ['status', 'kind', 'q', 'page', 'perPage'];
const PERIOD_PARAMS = ['period', 'from', 'to'];

/** Ledger filters from the address (?status=paid&kind=permit_fee&q=lopez&page=2). */
function readFilters(params: URLSearchParams): LedgerFilters {
  const status = params.get('status') as ChargeStatus;
  const kind = params.get('kind') as ChargeKind;
  const positive = (name: string, fallback: number, max: number) => {
    const n = Number(params.get(name));
    return Number.isInteger(n) && n >= 1 ? Math.min(n, max) : fallback;
  };
  return {
    status: CHARGE_STATUSES.includes(status) ? status : undefined,
    kind: CHARGE_KINDS.includes(kind) ? kind : undefined,
    q: params.get('q')?.trim().slice(0, 100) || undefined,
    page: positive('page', 1, 40_000),
    perPage: positive('perPage', PER_PAGE, 200),
  };
}

/** The address with some parameters replaced, the others (the period, or the filters) kept. */
function withParams(params: URLSearchParams, drop: string[], set: Record<string, string | undefined>) {
  const next = new URLSearchParams(params);
  for (const name of drop) next.delete(name);
  for (const [name, value] of Object.entries(set)) if (value) next.set(name, value);
  return next;
}

/** Payments home: KPIs for a period, and the ledger of every charge with filters and paging. */
export function LedgerPage() {
  const { t } = useTranslation('dashboard');
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params);
  const filters = readFilters(params);
  const charges = useCharges(filters);
  const data = charges.data;
  const filtered = Boolean(filters.status || filters.kind || filters.q);
  const perPageParam = filters.perPage === PER_PAGE ? undefined : String(filters.perPage);

  const onPeriod = (choice: PeriodChoice, from?: string, to?: string) =>
    setParams(
      withParams(
        params,
        PERIOD_PARAMS,
        choice === 'custom' ? { from, to } : { period: choice === 'this-month' ? undefined : choice },
      ),
    );
  const hrefWith = (set: Record<string, string | undefined>) => {
    const search = withParams(params, LEDGER_PARAMS, set).toString();
    return search ? `${BASE}?${search}` : BASE;
  };

  return (
    <>
      <PageHeading>{t('modules.payments.title')}</PageHeading>
      <div className="civq-toolbar">
        <p className="civq-measure margin-0">{t('payments.ledger.intro')}</p>
        <div className="civq-pay-buttons">
          {can(session, 'payments.record') && (
            <Link className="usa-button" to={`${BASE}/record`}>
              {t('payments.ledger.record')}
            </Link>
          )}
          <Link className="usa-button usa-button--outline" to={`${BASE}/deposit`}>
            {t('payments.ledger.deposit')}
          </Link>
        </div>
      </div>

      <Kpis period={period} onPeriod={onPeriod} />

      <section className="civq-pay-section" aria-labelledby="ledger-title">
        <h2 id="ledger-title" className="margin-top-0">
          {t('payments.ledger.title')}
        </h2>
        <LedgerFiltersForm
          status={filters.status}
          kind={filters.kind}
          q={filters.q}
          clearHref={hrefWith({ perPage: perPageParam })}
          onApply={(f) => setParams(withParams(params, LEDGER_PARAMS, { ...f, perPage: perPageParam }))}
        />
        {charges.isPending && <Loading />}
        {charges.error instanceof ApiError && <ProblemAlert problem={charges.error} />}
        {data && data.total === 0 && (
          <div className="civq-pay-empty" data-testid="charges-empty">
            <h3 className="margin-top-0">
              {filtered ? t('payments.ledger.emptyFiltered') : t('payments.ledger.empty')}
            </h3>
            <p className="margin-bottom-0">
              {filtered ? t('payments.ledger.emptyFilteredBody') : t('payments.ledger.emptyBody')}
            </p>
          </div>
        )}
        {data && data.total > 0 && (
          <>
            {data.items.length > 0 ? (
              <ChargeTable items={data.items} />
            ) : (
              <p data-testid="charges-past-end">{t('payments.ledger.pastEnd')}</p>
            )}
            <Pager
              page={filters.page}
              perPage={filters.perPage}
              total={data.total}
              messages={{ prefix: 'payments.pager' }}
              hrefFor={(page) =>
                hrefWith({
                  ...filters,
                  page: page > 1 ? String(page) : undefined,
                  perPage: perPageParam,
                })
              }
            />
          </>
        )}
      </section>
    </>
  );
}
