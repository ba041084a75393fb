import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { useSession } from '../../session.tsx';
import { BILLING_KEY, useCycle, useNextCycle, type Cycle, type CycleInput } from './api.ts';
import { CycleForm, EMPTY_CYCLE } from './CycleForm.tsx';
import { CYCLES } from './CyclesPage.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Define a cycle: blank, or (?after=<id>) proposed by the monthly schedule from an earlier one. */
export function NewCyclePage() {
  const { t } = useTranslation('dashboard-billing');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const after = useSearchParams()[0].get('after');
  const from = after && UUID.test(after) ? after : null;
  const proposal = useNextCycle(from);
  const previous = useCycle(from ?? '');

  const save = async (input: CycleInput) => {
    const cycle = await call<Cycle>('/api/v1/utilities/cycles', 'POST', input);
    await queryClient.invalidateQueries({ queryKey: BILLING_KEY });
    navigate(`${CYCLES}/${cycle.id}`, { state: { flash: t('cycleForm.saved') } });
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={CYCLES}>
          {t('cycle.back')}
        </Link>
      </p>
      <PageHeading>{t('cycleForm.title')}</PageHeading>
      {from && proposal.isPending && <Loading />}
      {from && proposal.error instanceof ApiError && <ProblemAlert problem={proposal.error} />}
      {from && proposal.data && previous.data && (
        <Alert type="info" testId="proposal">
          <p>{t('cycleForm.proposed', { name: previous.data.name })}</p>
        </Alert>
      )}
      {(!from || proposal.data) && (
        <CycleForm
          key={from ?? 'blank'}
          initial={proposal.data ?? EMPTY_CYCLE}
          submitLabel={t('cycleForm.submit')}
          onSubmit={save}
          onCancel={() => navigate(CYCLES)}
        />
      )}
    </>
  );
}
