import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { PAYMENTS_KEY, useMoneyPost, type Payment } from './api.ts';
import { ChargeLookup, normalizeReference, useChargeByReference } from './ChargeLookup.tsx';
import { errorsByField } from '../../ui/formErrors.ts';
import { amountErrorKey } from './money.ts';
import { Field } from '../../ui/Field.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { parseDollars } from './money.ts';
import { PayerFields, type Payer } from './PayerFields.tsx';
import { isIsoDate, today } from './period.ts';
import type { Flash } from './flash.ts';
import './payments.css';

type FieldName =
  'checkNumber' | 'amount' | 'receivedOn' | 'referenceCode' | 'payerName' | 'payerEmail' | 'payerLanguage';
const ORDER: FieldName[] = [
  'checkNumber',
  'amount',
  'receivedOn',
  'referenceCode',
  'payerName',
  'payerLanguage',
];
const SERVER_FIELDS: Record<string, FieldName> = {
  checkNumber: 'checkNumber',
  amountCents: 'amount',
  receivedOn: 'receivedOn',
  referenceCode: 'referenceCode',
  'payer.name': 'payerName',
  'payer.email': 'payerEmail',
  'payer.language': 'payerLanguage',
};

/** Record a check or cash payment against a charge's reference code. */
export function RecordPaymentPage() {
  const { t } = useTranslation('dashboard');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const post = useMoneyPost();
  const [method, setMethod] = useState<'check' | 'cash'>('check');
  const [checkNumber, setCheckNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [receivedOn, setReceivedOn] = useState(today());
  const [reference, setReference] = useState(params.get('ref') ?? '');
  const [lookupCode, setLookupCode] = useState(normalizeReference(reference));
  const [payer, setPayer] = useState<Payer>({ name: '', email: '', language: '' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const charge = useChargeByReference(lookupCode).data;
  const form = useRef<HTMLFormElement>(null);

  const focus = (field: FieldName) => form.current?.querySelector<HTMLElement>(`#${field}`)?.focus();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<FieldName, string>> = {};
    if (method === 'check' && !checkNumber.trim())
      found.checkNumber = t('payments.record.checkNumberRequired');
    const cents = parseDollars(amount);
    if (!cents.ok) found.amount = t(amountErrorKey(cents)!);
    if (!isIsoDate(receivedOn)) found.receivedOn = t('payments.record.receivedOnRequired');
    if (!reference.trim()) found.referenceCode = t('payments.record.referenceRequired');
    const withPayer = Boolean(payer.name.trim() || payer.email.trim() || payer.language);
    const language = payer.language || charge?.party.language;
    if (withPayer && !payer.name.trim()) found.payerName = t('payments.record.payerNameRequired');
    else if (withPayer && !language) found.payerLanguage = t('payments.record.payerLanguageRequired');
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first || !cents.ok) {
      if (first) focus(first);
      return;
    }

    await run(
      async () => {
        const payment = await post<Payment>('/api/v1/payments/payments', {
          method,
          ...(method === 'check' && { checkNumber: checkNumber.trim() }),
          amountCents: cents.cents,
          receivedOn,
          referenceCode: reference.trim(),
          ...(withPayer && {
            payer: { name: payer.name.trim(), email: payer.email.trim() || null, language },
          }),
        });
        await queryClient.invalidateQueries({ queryKey: PAYMENTS_KEY });
        const flash: Flash = { flash: t('payments.record.done', { receipt: payment.receiptNumber }) };
        navigate(`/dashboard/payments/payments/${payment.id}`, { state: flash });
      },
      (err) => {
        const byField = errorsByField(err, SERVER_FIELDS);
        setErrors(byField);
      },
    );
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to="/dashboard/payments">
          {t('payments.back')}
        </Link>
      </p>
      <PageHeading>{t('payments.record.title')}</PageHeading>
      <p className="civq-measure">{t('payments.record.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form ref={form} className="usa-form usa-form--large" noValidate onSubmit={(e) => void submit(e)}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('payments.record.method')}</legend>
          {(['check', 'cash'] as const).map((m) => (
            <div className="usa-radio" key={m}>
              <input
                className="usa-radio__input"
                id={`method-${m}`}
                type="radio"
                name="method"
                value={m}
                checked={method === m}
                onChange={() => setMethod(m)}
              />
              <label className="usa-radio__label" htmlFor={`method-${m}`}>
                {t(`payments.methods.${m}`)}
              </label>
            </div>
          ))}
        </fieldset>
        {method === 'check' && (
          <Field id="checkNumber" label={t('payments.record.checkNumber')} error={errors.checkNumber}>
            {({ className, ...c }) => (
              <input
                {...c}
                className={`${className} usa-input--medium`}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                maxLength={30}
                value={checkNumber}
                onChange={(e) => setCheckNumber(e.target.value)}
              />
            )}
          </Field>
        )}
        <Field
          id="amount"
          label={t('payments.record.amount')}
          hint={t('payments.record.amountHint')}
          error={errors.amount}
        >
          {(c) => <MoneyInput control={c} value={amount} onChange={setAmount} />}
        </Field>
        <Field id="receivedOn" label={t('payments.record.receivedOn')} error={errors.receivedOn}>
          {({ className, ...c }) => (
            <input
              {...c}
              className={`${className} usa-input--medium`}
              type="date"
              value={receivedOn}
              onChange={(e) => setReceivedOn(e.target.value)}
            />
          )}
        </Field>
        <fieldset className="usa-fieldset civq-fieldset">
          <legend className="usa-legend civq-pay-legend">{t('payments.record.paysTitle')}</legend>
          <Field
            id="referenceCode"
            label={t('payments.record.reference')}
            hint={t('payments.record.referenceHint')}
            error={errors.referenceCode}
          >
            {({ className, ...c }) => (
              <input
                {...c}
                className={`${className} usa-input--medium`}
                type="text"
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                maxLength={40}
                value={reference}
                onChange={(e) => setReference(e.target.value)}
                onBlur={() => setLookupCode(normalizeReference(reference))}
              />
            )}
          </Field>
          <ChargeLookup code={lookupCode} />
        </fieldset>
        <PayerFields payer={payer} onChange={setPayer} errors={errors} />
        <div className="civq-actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? t('payments.record.submitting') : t('payments.record.submit')}
          </button>
          <Link className="usa-button usa-button--unstyled" to="/dashboard/payments">
            {t('payments.record.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
