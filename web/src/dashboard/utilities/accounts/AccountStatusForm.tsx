import { useQueryClient } from '@tanstack/react-query';
import {} from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { UTILITIES_KEY, type Account } from '../api.ts';

/** Pausing an account (inactive) or resuming it (active); closing is its own form. */
export function AccountStatusForm({
  account,
  onDone,
  onCancel,
}: {
  account: Account;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const { busy, problem, setProblem, run } = useFormSubmit();
  const next = account.status === 'inactive' ? 'active' : 'inactive';

  const confirm = async () => {
    setProblem(null);
    await run(async () => {
      await call(`/api/v1/utilities/accounts/${account.id}`, 'PATCH', { status: next });
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      onDone(t(next === 'active' ? 'utilities.statusForm.doneActive' : 'utilities.statusForm.doneInactive'));
    });
  };

  return (
    <div className="civq-ut-subform" data-testid="status-form">
      <p className="civq-measure">
        {t(next === 'active' ? 'utilities.statusForm.activateIntro' : 'utilities.statusForm.deactivateIntro')}
      </p>
      {problem && <ProblemAlert problem={problem} />}
      <div className="civq-actions">
        <button type="button" className="usa-button" disabled={busy} onClick={() => void confirm()}>
          {t(
            next === 'active'
              ? 'utilities.statusForm.confirmActivate'
              : 'utilities.statusForm.confirmDeactivate',
          )}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </div>
  );
}
