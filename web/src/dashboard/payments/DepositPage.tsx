import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { useDepositReport } from './api.ts';
import { DepositClerk } from './DepositClerk.tsx';
import { isIsoDate, today } from './period.ts';
import './payments.css';

/** The daily deposit report: checks and cash taken on a day, by clerk, to match the bank slip. */
export function DepositPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const [params, setParams] = useSearchParams();
  const asked = params.get('date');
  const date = isIsoDate(asked) ? asked : today();
  const [value, setValue] = useState(date);
  const [error, setError] = useState(false);
  const report = useDepositReport(date);
  const data = report.data;
  useEffect(() => setValue(date), [date]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDate(value)) return setError(true);
    setError(false);
    setParams(new URLSearchParams({ date: value }));
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to="/dashboard/payments">
          {t('payments.back')}
        </Link>
      </p>
      <PageHeading>{t('payments.deposit.title')}</PageHeading>
      <p className="civq-measure">{t('payments.deposit.intro')}</p>
      <form className="civq-pay-filters" aria-label={t('payments.deposit.formLabel')} onSubmit={submit}>
        <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor="deposit-date">
            {t('payments.deposit.date')}
          </label>
          {error && (
            <span className="usa-error-message" id="deposit-date-error" role="alert">
              {t('payments.deposit.dateInvalid')}
            </span>
          )}
          <input
            className={`usa-input${error ? ' usa-input--error' : ''}`}
            id="deposit-date"
            name="date"
            type="date"
            value={value}
            aria-invalid={error || undefined}
            aria-describedby={error ? 'deposit-date-error' : undefined}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <div className="civq-pay-filters__actions">
          <button type="submit" className="usa-button usa-button--outline">
            {t('payments.deposit.show')}
          </button>
        </div>
      </form>
      {report.isPending && <Loading />}
      {report.error instanceof ApiError && <ProblemAlert problem={report.error} />}
      {data && (
        <section aria-labelledby="deposit-day" aria-busy={report.isFetching || undefined}>
          <div className="civq-toolbar">
            <h2 id="deposit-day" className="margin-0" data-testid="deposit-day">
              {formatDay(lang, data.date)}
            </h2>
            <a
              className="usa-button usa-button--outline margin-0"
              href={`/api/v1/payments/deposit-report.pdf?date=${data.date}&lang=${lang}`}
              data-testid="deposit-pdf"
            >
              {t('payments.deposit.pdf')}
            </a>
          </div>
          <dl className="civq-pay-kpis" data-testid="deposit-totals">
            {(
              [
                ['checks', data.checksCents, data.checkCount],
                ['cash', data.cashCents, data.cashCount],
                ['total', data.totalCents, data.checkCount + data.cashCount],
              ] as const
            ).map(([key, cents, count]) => (
              <div key={key} className="civq-pay-kpi" data-testid={`deposit-${key}`}>
                <dt className="civq-pay-kpi__label">{t(`payments.deposit.totals.${key}`)}</dt>
                <dd className="civq-pay-kpi__value">{formatMoney(lang, cents)}</dd>
                <dd className="civq-pay-kpi__note">{t('payments.deposit.items', { count })}</dd>
              </div>
            ))}
          </dl>
          {data.clerks.length === 0 ? (
            <div className="civq-pay-empty" data-testid="deposit-empty">
              <p className="margin-0">{t('payments.deposit.empty')}</p>
            </div>
          ) : (
            data.clerks.map((clerk, i) => <DepositClerk key={clerk.clerk} clerk={clerk} index={i} />)
          )}
        </section>
      )}
    </>
  );
}
