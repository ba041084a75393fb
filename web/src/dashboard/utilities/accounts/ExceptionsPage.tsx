import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilterBar, FilterSelect, useFilterValue } from '../../../ui/FilterBar.tsx';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { formatDateTime, formatDay, formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import {
  BASE,
  EXCEPTION_STATUSES,
  groupAccountNumber,
  PER_PAGE,
  useExceptions,
  type ExceptionStatus,
  type ReadException,
} from '../api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { ExceptionReview } from './ExceptionReview.tsx';
import { useLabels } from '../labels.tsx';
import { Pager } from '../../../ui/Pager.tsx';
import { UtilitiesNav } from '../UtilitiesNav.tsx';

/** The list's address: ?status=corrected&page=2 (open and page 1 are left out). */
function paramsFor(status: ExceptionStatus, page: number, account?: string): URLSearchParams {
  const search = new URLSearchParams();
  if (account) search.set('account', account);
  if (status !== 'open') search.set('status', status);
  if (page > 1) search.set('page', String(page));
  return search;
}

function hrefFor(status: ExceptionStatus, page: number, account?: string): string {
  const query = paramsFor(status, page, account).toString();
  return query ? `${BASE}/exceptions?${query}` : `${BASE}/exceptions`;
}

/**
 * Readings that need a person before billing: too high, too low, zero, or going backwards.
 * Open ones by default; the filter shows those already decided, with who decided and when.
 */
export function ExceptionsPage() {
  const { t } = useTranslation('dashboard');
  const [params, setParams] = useSearchParams();
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  const statusParam = params.get('status') as ExceptionStatus;
  const status = EXCEPTION_STATUSES.includes(statusParam) ? statusParam : 'open';
  // ?account=<id>: one account's exceptions, where a billing run's review links to.
  const account = /^[0-9a-f-]{36}$/i.test(params.get('account') ?? '') ? params.get('account')! : undefined;
  const { t: tb } = useTranslation('dashboard-billing');
  const exceptions = useExceptions(page, status, account);
  const [flash, setFlash] = useState<string | null>(null);
  const data = exceptions.data;

  return (
    <>
      <PageHeading>{t('utilities.exceptions.title')}</PageHeading>
      <UtilitiesNav current="exceptions" />
      <p className="civq-measure">{t('utilities.exceptions.intro')}</p>
      {account && (
        <p data-testid="exceptions-of-account">
          {tb('exceptionsFilter.note')}{' '}
          <Link className="usa-link" to={`${BASE}/exceptions`}>
            {tb('exceptionsFilter.all')}
          </Link>
        </p>
      )}
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      <StatusFilter
        status={status}
        onApply={(next) => {
          setFlash(null);
          setParams(paramsFor(next, 1, account));
        }}
      />
      {exceptions.isPending && <Loading />}
      {exceptions.error instanceof ApiError && <ProblemAlert problem={exceptions.error} />}
      {data && data.total === 0 && (
        <div className="civq-empty" data-testid="exceptions-empty">
          <h2 className="civq-empty__title">
            {status === 'open' ? t('utilities.exceptions.empty') : t('utilities.exceptions.emptyFiltered')}
          </h2>
          <p>
            {status === 'open'
              ? t('utilities.exceptions.emptyBody')
              : t('utilities.exceptions.emptyFilteredBody')}
          </p>
        </div>
      )}
      {data && data.total > 0 && (
        <>
          <ul className="civq-ut-exceptions" data-testid="exceptions">
            {data.items.map((e) => (
              <ExceptionItem key={e.id} exception={e} onResolved={setFlash} />
            ))}
          </ul>
          <Pager
            page={page}
            perPage={PER_PAGE}
            total={data.total}
            noun="exceptions"
            messages={{ prefix: 'utilities.pager' }}
            hrefFor={(p) => hrefFor(status, p, account)}
          />
        </>
      )}
    </>
  );
}

/** Which exceptions to show: open, or decided one way; applied on submit, kept in the address. */
function StatusFilter({
  status,
  onApply,
}: {
  status: ExceptionStatus;
  onApply: (status: ExceptionStatus) => void;
}) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const [value, setValue] = useFilterValue(status);
  return (
    <FilterBar
      label={t('utilities.exceptions.filters.label')}
      onSubmit={() => onApply(value as ExceptionStatus)}
      applyLabel={t('utilities.exceptions.filters.apply')}
    >
      <FilterSelect
        id="exceptions-status"
        name="status"
        label={t('utilities.exceptions.filters.status')}
        options={EXCEPTION_STATUSES.map((s) => ({ value: s, label: labels.exceptionStatus(s) }))}
        value={value}
        onChange={setValue}
      />
    </FilterBar>
  );
}

function ExceptionItem({
  exception: e,
  onResolved,
}: {
  exception: ReadException;
  onResolved: (m: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const { session } = useSession();
  const n = (v: number | null | undefined) =>
    v === null || v === undefined ? t('utilities.account.none') : formatNumber(lang, v);
  const d = (key: string) => t(`utilities.exceptions.fields.${key}`);
  const headingId = `exception-${e.id}`;
  return (
    <li
      className={`civq-ut-exception${e.status === 'open' ? '' : ' civq-ut-exception--decided'}`}
      data-testid="exception"
      data-serial={e.serial}
      data-kind={e.kind}
      data-status={e.status}
    >
      <h2 className="civq-ut-exception__title" id={headingId}>
        <span className={`usa-tag civq-status civq-ut-kind civq-ut-kind--${e.kind}`}>
          {labels.exception(e.kind)}
        </span>{' '}
        {t('utilities.exceptions.meter', { serial: e.serial })}
      </h2>
      <dl className="civq-details">
        <dt>{d('account')}</dt>
        <dd>
          {e.accountId ? (
            <>
              <Link className="usa-link civq-ut-nowrap" to={`${BASE}/accounts/${e.accountId}`}>
                {groupAccountNumber(e.accountNumber ?? '')}
              </Link>{' '}
              <span className="civq-break">{e.customerName}</span>
            </>
          ) : (
            t('utilities.account.none')
          )}
        </dd>
        <dt>{d('read')}</dt>
        <dd>
          {e.readOn
            ? t('utilities.exceptions.readOn', {
                value: n(e.value),
                date: formatDay(lang, e.readOn, 'medium'),
              })
            : t('utilities.account.none')}
        </dd>
        {e.kind === 'negative' ? (
          <>
            <dt>{d('previous')}</dt>
            <dd>{n(e.details.previous)}</dd>
          </>
        ) : (
          <>
            <dt>{d('consumption')}</dt>
            <dd data-testid="consumption">{n(e.consumption ?? e.details.units)}</dd>
            <dt>{d('expected')}</dt>
            <dd>{n(e.details.expected)}</dd>
          </>
        )}
        {e.status !== 'open' && (
          <>
            <dt>{d('decision')}</dt>
            <dd data-testid="decision">{labels.exceptionStatus(e.status)}</dd>
            <dt>{d('resolvedBy')}</dt>
            <dd data-testid="resolved-by">{e.resolvedBy ?? t('utilities.exceptions.formerStaff')}</dd>
            {e.resolvedAt && (
              <>
                <dt>{d('resolvedAt')}</dt>
                <dd data-testid="resolved-at">{formatDateTime(lang, e.resolvedAt)}</dd>
              </>
            )}
            {e.note && (
              <>
                <dt>{d('note')}</dt>
                <dd className="civq-break" data-testid="resolution-note">
                  {e.note}
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {e.status === 'open' && can(session, 'utilities.manage') && (
        <Disclosure label={t('utilities.exceptions.review')} describedBy={headingId} testId="review-tool">
          {() => (
            <ExceptionReview
              exception={e}
              onDone={(action) => onResolved(t(`utilities.exceptions.done.${action}`, { serial: e.serial }))}
            />
          )}
        </Disclosure>
      )}
    </li>
  );
}
