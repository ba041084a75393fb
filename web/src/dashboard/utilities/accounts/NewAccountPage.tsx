import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { AccountFields } from './AccountFields.tsx';
import { emptyForm, toBody } from './accountForm.ts';
import { ACCOUNTS, BASE, UTILITIES_KEY, type Account } from '../api.ts';
import { useAccountForm } from './useAccountForm.ts';
import '../utilities.css';

/** Opening a customer account; on success the account page shows its new account number. */
export function NewAccountPage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { form, set, errors, problem, busy, submit } = useAccountForm(emptyForm(lang));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(async (values) => {
      const account = await call<Account>('/api/v1/utilities/accounts', 'POST', toBody(values));
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      navigate(`${BASE}/accounts/${account.id}`, { state: { opened: true } });
    });
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={ACCOUNTS}>
          {t('utilities.back')}
        </Link>
      </p>
      <PageHeading>{t('utilities.open.title')}</PageHeading>
      <p className="civq-measure">{t('utilities.open.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <form className="usa-form usa-form--large civq-ut-form" noValidate onSubmit={onSubmit}>
        <AccountFields form={form} set={set} errors={errors} />
        <div className="civq-actions">
          <button type="submit" className="usa-button" disabled={busy}>
            {busy ? t('utilities.open.submitting') : t('utilities.open.submit')}
          </button>
          <Link className="usa-button usa-button--unstyled" to={ACCOUNTS}>
            {t('utilities.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}
