import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDay, formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useSession } from '../session.tsx';
import { BASE, canDo, groupAccountNumber, PER_PAGE, useExceptions, type ReadException } from './api.ts';
import { Disclosure } from './Disclosure.tsx';
import { ExceptionReview } from './ExceptionReview.tsx';
import { useLabels } from './labels.tsx';
import { Pager } from './Pager.tsx';
import { UtilitiesNav } from './UtilitiesNav.tsx';

/** Readings that need a person before billing: too high, too low, zero, or going backwards. */
export function ExceptionsPage() {
  const { t } = useTranslation('dashboard');
  const [params] = useSearchParams();
  const pageParam = Number(params.get('page'));
  const page = Number.isInteger(pageParam) && pageParam >= 1 ? pageParam : 1;
  // ?account=<id>: one account's exceptions, where a billing run's review links to.
  const account = /^[0-9a-f-]{36}$/i.test(params.get('account') ?? '') ? params.get('account')! : undefined;
  const { t: tb } = useTranslation('dashboard-billing');
  const exceptions = useExceptions(page, account);
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
      {exceptions.isPending && <Loading />}
      {exceptions.error instanceof ApiError && <ProblemAlert problem={exceptions.error} />}
      {data && data.total === 0 && (
        <div className="civq-empty" data-testid="exceptions-empty">
          <h2 className="civq-empty__title">{t('utilities.exceptions.empty')}</h2>
          <p>{t('utilities.exceptions.emptyBody')}</p>
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
            hrefFor={(p) => {
              const q = new URLSearchParams(account ? { account } : {});
              if (p > 1) q.set('page', String(p));
              return q.size > 0 ? `${BASE}/exceptions?${q}` : `${BASE}/exceptions`;
            }}
          />
        </>
      )}
    </>
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
    <li className="civq-ut-exception" data-testid="exception" data-serial={e.serial} data-kind={e.kind}>
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
      </dl>
      {canDo(session.user.role, 'manage') && (
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
