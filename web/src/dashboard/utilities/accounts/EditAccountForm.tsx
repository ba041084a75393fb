import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useSession } from '../../session.tsx';
import { AccountFields } from './AccountFields.tsx';
import { formOf, toBody } from './accountForm.ts';
import { UTILITIES_KEY, type Account } from '../api.ts';
import { useAccountForm } from './useAccountForm.ts';

/** Changing an account's customer, address, pin and billing details (each change is audited). */
export function EditAccountForm({
  account,
  onDone,
  onCancel,
}: {
  account: Account;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { form, set, errors, problem, busy, submit } = useAccountForm(formOf(account));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(async (values) => {
      await call(`/api/v1/utilities/accounts/${account.id}`, 'PATCH', toBody(values));
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      onDone();
    });
  };

  return (
    <form
      className="usa-form usa-form--large civq-ut-form"
      noValidate
      onSubmit={onSubmit}
      data-testid="edit-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      <AccountFields form={form} set={set} errors={errors} />
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('utilities.edit.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </form>
  );
}
