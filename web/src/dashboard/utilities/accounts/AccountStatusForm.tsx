import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
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
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);
  const next = account.status === 'inactive' ? 'active' : 'inactive';

  const confirm = async () => {
    setProblem(null);
    setBusy(true);
    try {
      await call(`/api/v1/utilities/accounts/${account.id}`, 'PATCH', { status: next });
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      onDone(t(next === 'active' ? 'utilities.statusForm.doneActive' : 'utilities.statusForm.doneInactive'));
    } catch (err) {
      setProblem(err);
    } finally {
      setBusy(false);
    }
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
