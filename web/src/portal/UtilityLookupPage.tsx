import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { z } from 'zod';
import { api, ApiError } from '../api.ts';
import { Alert } from '../components/Alert.tsx';
import { PageHeading } from '../components/SiteLayout.tsx';
import { formatDay, formatMoney } from '../format.ts';
import { useLanguage } from '../hooks.ts';
import type { Language } from '../i18n.ts';
import { checkAccountNumber } from './accountNumber.ts';
import './lookup.css';

/** The lookup's answer, inferred from the server's schema (type-only, nothing bundled). */
type Balance = z.output<
  (typeof import('../../../src/modules/utilities/accounts/presenters.ts'))['lookupView']
>;

/** What went wrong, as a catalog key (our words), or the server's own problem text. */
type Failure = { key: string } | { problem: ApiError; lang: Language };

/** The public balance lookup: an account number in; balance, due date and last bill out. */
export default function UtilityLookupPage() {
  const { t } = useTranslation('portal');
  const lang = useLanguage();
  const [number, setNumber] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [found, setFound] = useState<Balance | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setFound(null);
    const check = checkAccountNumber(number);
    if (!check.ok) {
      setFieldError(`utilities.errors.${check.error}`);
      return document.getElementById('account-number')?.focus();
    }
    setFieldError(null);
    setBusy(true);
    try {
      setFound(
        await api<Balance>('/api/v1/portal/utilities/lookup', {
          method: 'POST',
          body: { accountNumber: check.digits },
        }),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) setFailure({ key: 'utilities.errors.unexpected' });
      else if (err.status === 429) setFailure({ key: 'utilities.errors.rateLimited' });
      else if (err.status === 404) setFailure({ key: 'utilities.errors.notFound' });
      else if (err.fieldErrors.some((f) => f.code === 'account_number_invalid'))
        setFieldError('utilities.errors.checkDigit');
      else if (err.fieldErrors.some((f) => f.code === 'account_number_length'))
        setFieldError('utilities.errors.length');
      else setFailure({ problem: err, lang });
    } finally {
      setBusy(false);
    }
  };

  const error = fieldError ? t(fieldError) : null;
  return (
    <div className="civq-lookup">
      <PageHeading>{t('utilities.title')}</PageHeading>
      <p className="usa-intro civq-measure">{t('utilities.intro')}</p>
      {failure && 'key' in failure && (
        <Alert type="error" heading={t(`${failure.key}Title`)} focus testId="lookup-error">
          <p>{t(failure.key)}</p>
        </Alert>
      )}
      {failure && 'problem' in failure && failure.lang === lang && (
        <Alert type="error" heading={failure.problem.title} focus testId="lookup-error">
          <p>{failure.problem.detail}</p>
        </Alert>
      )}
      <form className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
          <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor="account-number">
            {t('utilities.number')}
          </label>
          <div className="usa-hint" id="account-number-hint">
            {/* The example number is not split across lines: non-breaking hyphens. */}
            {t('utilities.numberHint').replace(/(\d)-(?=\d)/g, '$1\u2011')}
          </div>
          {error && (
            <span className="usa-error-message" id="account-number-error" role="alert">
              {error}
            </span>
          )}
          <input
            className={`usa-input civq-lookup__input${error ? ' usa-input--error' : ''}`}
            id="account-number"
            name="accountNumber"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            spellCheck={false}
            maxLength={20}
            aria-describedby={error ? 'account-number-hint account-number-error' : 'account-number-hint'}
            aria-invalid={error ? true : undefined}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </div>
        <button type="submit" className="usa-button margin-top-3" disabled={busy}>
          {busy ? t('utilities.submitting') : t('utilities.submit')}
        </button>
      </form>
      {found && <Result balance={found} />}
      <h2 className="margin-top-5">{t('utilities.helpTitle')}</h2>
      <p className="civq-measure">{t('utilities.helpBody')}</p>
      <p>
        <Link className="usa-link" to="/">
          {t('utilities.home')}
        </Link>
      </p>
    </div>
  );
}

function Result({ balance }: { balance: Balance }) {
  const { t } = useTranslation('portal');
  const lang = useLanguage();
  const owed = balance.balanceCents;
  const heading = useRef<HTMLHeadingElement>(null);
  // Read out the answer where it appears, as a screen reader user would not see it arrive.
  useEffect(() => heading.current?.focus(), [balance]);
  return (
    <section className="civq-lookup__result" aria-labelledby="lookup-result" data-testid="lookup-result">
      <h2 id="lookup-result" ref={heading} tabIndex={-1}>
        {t('utilities.resultTitle')}
      </h2>
      <dl className="civq-details">
        <dt>{t('utilities.name')}</dt>
        <dd data-testid="masked-name">{balance.maskedName}</dd>
        <dt>{t('utilities.balance')}</dt>
        <dd data-testid="balance-due" className="civq-lookup__amount">
          {owed < 0 ? t('utilities.credit', { amount: formatMoney(lang, -owed) }) : formatMoney(lang, owed)}
        </dd>
        <dt>{t('utilities.dueDate')}</dt>
        <dd>{balance.dueDate ? formatDay(lang, balance.dueDate) : t('utilities.nothingDue')}</dd>
        <dt>{t('utilities.lastBill')}</dt>
        <dd>{balance.lastBilledOn ? formatDay(lang, balance.lastBilledOn) : t('utilities.noBill')}</dd>
      </dl>
    </section>
  );
}
