import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { formatDay } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { can, useSession } from '../../session.tsx';
import { today, UTILITIES_KEY, type AccountDetail } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { useEnrolments, type Enrolment } from './api.ts';
import { Disclosure } from '../Disclosure.tsx';
import { Field } from '../../../ui/Field.tsx';

/** Autopay on the account page: the active bank draft (masked), enrolment and cancelling. */
export function AutopayPanel({ account }: { account: AccountDetail }) {
  const { t } = useTranslation('dashboard-autopay');
  const lang = useLanguage();
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const enrolments = useEnrolments(account.id);
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useProblem();
  const mayEnrol = can(session, 'utilities.autopay.enrol');
  const active = enrolments.data?.find((e) => e.status === 'active');
  const last = enrolments.data?.find((e) => e.status === 'cancelled');

  const cancel = async () => {
    if (!window.confirm(t('panel.cancelConfirm'))) return;
    setProblem(null);
    try {
      await call(`/api/v1/utilities/accounts/${account.id}/autopay/cancel`, 'POST');
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      setFlash(t('panel.cancelled'));
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <section aria-labelledby="autopay-title" className="civq-ut-section" data-testid="autopay-panel">
      <h2 id="autopay-title">{t('panel.title')}</h2>
      {flash && <Alert type="success" heading={flash} testId="autopay-flash" />}
      {problem && <ProblemAlert problem={problem} />}
      {enrolments.isPending && <Loading />}
      {enrolments.error instanceof ApiError && <ProblemAlert problem={enrolments.error} />}
      {enrolments.data &&
        (active ? (
          <>
            <p>{t('panel.active', { date: formatDay(lang, active.createdAt.slice(0, 10)) })}</p>
            <EnrolmentDetails enrolment={active} />
            {mayEnrol && (
              <button
                type="button"
                className="usa-button usa-button--secondary"
                onClick={() => void cancel()}
              >
                {t('panel.cancel')}
              </button>
            )}
          </>
        ) : (
          <>
            <p data-testid="autopay-none">{t('panel.none')}</p>
            {last?.cancelledAt && (
              <p>
                {t('panel.last', {
                  date: formatDay(lang, last.cancelledAt.slice(0, 10)),
                  reason: last.cancelReason ?? 'other',
                })}
              </p>
            )}
            {mayEnrol && account.status !== 'closed' && (
              <div className="civq-ut-tools">
                <Disclosure label={t('form.title')} testId="autopay-enrol-tool">
                  {(close) => (
                    <EnrolForm
                      accountId={account.id}
                      onCancel={close}
                      onDone={() => {
                        close();
                        setFlash(t('panel.enrolled'));
                      }}
                    />
                  )}
                </Disclosure>
              </div>
            )}
          </>
        ))}
    </section>
  );
}

function EnrolmentDetails({ enrolment: e }: { enrolment: Enrolment }) {
  const { t } = useTranslation('dashboard-autopay');
  const lang = useLanguage();
  return (
    <dl className="civq-details" data-testid="autopay-details">
      <dt>{t('panel.bankAccount')}</dt>
      <dd data-testid="autopay-bank-account">{e.accountNumber}</dd>
      <dt>{t('panel.routingNumber')}</dt>
      <dd>{e.routingNumber}</dd>
      <dt>{t('panel.accountType')}</dt>
      <dd>{t(`accountTypes.${e.accountType}`)}</dd>
      <dt>{t('panel.holderName')}</dt>
      <dd>{e.holderName}</dd>
      <dt>{t('panel.authorized')}</dt>
      <dd>{t('panel.authorizedHow', { date: formatDay(lang, e.authorizedOn), how: e.authorization })}</dd>
      <dt>{t('panel.prenote')}</dt>
      <dd>{e.prenote ? t(`entryStatus.${e.prenote.status}`) : '—'}</dd>
      <dt>{t('panel.returns')}</dt>
      <dd>{e.returnsCount}</dd>
    </dl>
  );
}

type Form = {
  routingNumber: string;
  accountNumber: string;
  accountType: 'checking' | 'savings';
  holderName: string;
  authorizedOn: string;
  authorization: 'paper' | 'web';
};

function EnrolForm({
  accountId,
  onDone,
  onCancel,
}: {
  accountId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard-autopay');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>({
    routingNumber: '',
    accountNumber: '',
    accountType: 'checking',
    holderName: '',
    authorizedOn: today(),
    authorization: 'paper',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problem, submit: send } = useFormSubmit();
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (event: FormEvent) =>
    send(
      {
        action: async () => {
          await call(`/api/v1/utilities/accounts/${accountId}/autopay`, 'POST', {
            ...form,
            holderName: form.holderName.trim() || null,
          });
          await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
          onDone();
        },
        onError: (err) => {
          const found = fieldErrors(err);
          setErrors(found);
          const first = Object.keys(found)[0];
          if (first) document.getElementById(`autopay-${first}`)?.focus();
        },
      },
      event,
    );

  const text = (key: 'routingNumber' | 'accountNumber' | 'holderName', hint?: string, optional?: boolean) => (
    <Field
      id={`autopay-${key}`}
      label={t(`form.${key}`)}
      hint={hint}
      error={errors[key]}
      optional={optional ? t('utilities.optional', { ns: 'dashboard' }) : undefined}
    >
      {(control) => (
        <input
          {...control}
          className={`${control.className} ${key === 'holderName' ? '' : 'usa-input--lg'}`}
          type="text"
          inputMode={key === 'holderName' ? 'text' : 'numeric'}
          autoComplete="off"
          spellCheck={false}
          value={form[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </Field>
  );
  const radios = <K extends 'accountType' | 'authorization'>(
    key: K,
    options: readonly Form[K][],
    label: (o: Form[K]) => string,
  ) => (
    <fieldset className="usa-fieldset">
      <legend className="usa-legend">{t(`form.${key}`)}</legend>
      {errors[key] && (
        <span className="usa-error-message" role="alert">
          {errors[key]}
        </span>
      )}
      {options.map((o) => (
        <div className="usa-radio" key={o}>
          <input
            className="usa-radio__input"
            id={`autopay-${key}-${o}`}
            type="radio"
            name={`autopay-${key}`}
            value={o}
            checked={form[key] === o}
            onChange={() => set(key, o)}
          />
          <label className="usa-radio__label" htmlFor={`autopay-${key}-${o}`}>
            {label(o)}
          </label>
        </div>
      ))}
    </fieldset>
  );

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="autopay-form"
    >
      <p>{t('form.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {text('routingNumber', t('form.routingHint'))}
      {text('accountNumber')}
      {radios('accountType', ['checking', 'savings'] as const, (o) => t(`accountTypes.${o}`))}
      {text('holderName', t('form.holderHint'), true)}
      <Field id="autopay-authorizedOn" label={t('form.authorizedOn')} error={errors.authorizedOn}>
        {(control) => (
          <input
            {...control}
            className={`${control.className} usa-input--lg`}
            type="date"
            value={form.authorizedOn}
            onChange={(e) => set('authorizedOn', e.target.value)}
          />
        )}
      </Field>
      {radios('authorization', ['paper', 'web'] as const, (o) => t(`authorizations.${o}`))}
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('form.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
