import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../../../api.ts';
import { Alert } from '../../../components/Alert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
import { PageHeading } from '../../../components/SiteLayout.tsx';
import { can, useSession } from '../../session.tsx';
import { AccountStatusForm } from './AccountStatusForm.tsx';
import { AccountNumber, AccountSummary } from './AccountSummary.tsx';
import { ACCOUNTS, UTILITIES_KEY, useAccount, useReads, type AccountDetail } from '../api.ts';
import { AttachMeterForm } from './AttachMeterForm.tsx';
import { AccountStatements } from '../billing/AccountStatements.tsx';
import { AutopayPanel } from '../autopay/AutopayPanel.tsx';
import { CloseAccountForm } from './CloseAccountForm.tsx';
import { Disclosure } from '../Disclosure.tsx';
import { EditAccountForm } from './EditAccountForm.tsx';
import { MetersTable } from './MetersTable.tsx';
import { MoveMeterForm } from './MoveMeterForm.tsx';
import { ReadingForm } from './ReadingForm.tsx';
import { ReadingsTable } from './ReadingsTable.tsx';
import { RemoveMeterForm } from './RemoveMeterForm.tsx';
import { SwapMeterForm } from './SwapMeterForm.tsx';
import { LinkedResidents } from './LinkedResidents.tsx';
import { AccountRequests } from '../../requests/AccountRequests.tsx';
import '../utilities.css';

/** One customer account: number, balance, details, meters and readings, and the clerk's tools. */
export function AccountPage() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams();
  const account = useAccount(id);

  if (account.isPending) return <Loading />;
  if (account.error instanceof ApiError && account.error.status === 404) {
    return (
      <>
        <PageHeading>{t('modules.utilities.title')}</PageHeading>
        <Alert type="warning" heading={t('utilities.account.notFound')} />
        <Link className="usa-link" to={ACCOUNTS}>
          {t('utilities.back')}
        </Link>
      </>
    );
  }
  if (account.error instanceof ApiError) return <ProblemAlert problem={account.error} />;
  return <Account account={account.data!} />;
}

function Account({ account }: { account: AccountDetail }) {
  const { t } = useTranslation('dashboard');
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const opened = (useLocation().state as { opened?: boolean } | null)?.opened;
  const [flash, setFlash] = useState<string | null>(null);
  const [problem, setProblem] = useProblem();
  const reads = useReads(account.id);
  const manage = can(session, 'utilities.manage');
  const current = account.meters.filter((m) => m.removedOn === null);
  const past = account.meters.filter((m) => m.removedOn !== null);
  const closed = account.status === 'closed';

  const reopen = async () => {
    setProblem(null);
    try {
      await call(`/api/v1/utilities/accounts/${account.id}/reopen`, 'POST');
      await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      setFlash(t('utilities.account.reopened'));
    } catch (err) {
      setProblem(err);
    }
  };

  return (
    <>
      <p className="margin-top-0">
        <Link className="usa-link" to={ACCOUNTS}>
          {t('utilities.back')}
        </Link>
      </p>
      <PageHeading>{account.customerName}</PageHeading>
      {opened && !flash && (
        <Alert type="success" heading={t('utilities.account.opened')} testId="flash">
          <p>{t('utilities.account.openedBody')}</p>
        </Alert>
      )}
      {flash && <Alert type="success" heading={flash} testId="flash" />}
      {problem && <ProblemAlert problem={problem} />}
      <AccountNumber account={account} />
      <AccountSummary account={account} />

      <section aria-labelledby="meters-title" className="civq-ut-section">
        <h2 id="meters-title">{t('utilities.meters.title')}</h2>
        {current.length > 0 ? (
          <MetersTable meters={current} accountId={account.id} past={false} />
        ) : (
          <p data-testid="no-meters">{t('utilities.meters.none')}</p>
        )}
        {past.length > 0 && (
          <>
            <h3>{t('utilities.meters.pastTitle')}</h3>
            <MetersTable meters={past} accountId={account.id} past />
          </>
        )}
        {manage && !closed && (
          <div className="civq-ut-tools">
            <Disclosure label={t('utilities.meterForm.title')} testId="attach-meter-tool">
              {(close) => (
                <AttachMeterForm
                  accountId={account.id}
                  onDone={(serial) => {
                    close();
                    setFlash(t('utilities.meterForm.done', { serial }));
                  }}
                />
              )}
            </Disclosure>
            {current.length > 0 && (
              <>
                <Disclosure label={t('utilities.meterActions.swap.title')} testId="swap-meter-tool">
                  {(close) => (
                    <SwapMeterForm
                      accountId={account.id}
                      meters={current}
                      onCancel={close}
                      onDone={(old, serial) => {
                        close();
                        setFlash(t('utilities.meterActions.swap.done', { old, serial }));
                      }}
                    />
                  )}
                </Disclosure>
                <Disclosure label={t('utilities.meterActions.move.title')} testId="move-meter-tool">
                  {(close) => (
                    <MoveMeterForm
                      accountId={account.id}
                      meters={current}
                      onCancel={close}
                      onDone={(serial, number) => {
                        close();
                        setFlash(t('utilities.meterActions.move.done', { serial, number }));
                      }}
                    />
                  )}
                </Disclosure>
                <Disclosure
                  label={t('utilities.meterActions.remove.title')}
                  variant="secondary"
                  testId="remove-meter-tool"
                >
                  {(close) => (
                    <RemoveMeterForm
                      meters={current}
                      onCancel={close}
                      onDone={(serial) => {
                        close();
                        setFlash(t('utilities.meterActions.remove.done', { serial }));
                      }}
                    />
                  )}
                </Disclosure>
              </>
            )}
          </div>
        )}
      </section>

      <AccountStatements accountId={account.id} />

      <section aria-labelledby="reads-title" className="civq-ut-section">
        <h2 id="reads-title">{t('utilities.reads.title')}</h2>
        {manage && !closed && current.length > 0 && (
          <div className="civq-ut-tools">
            <Disclosure label={t('utilities.readForm.title')} testId="reading-tool">
              {() => <ReadingForm meters={current} />}
            </Disclosure>
          </div>
        )}
        {reads.isPending && <Loading />}
        {reads.error instanceof ApiError && <ProblemAlert problem={reads.error} />}
        {reads.data &&
          (reads.data.length > 0 ? (
            <ReadingsTable reads={reads.data} />
          ) : (
            <p data-testid="no-reads">{t('utilities.reads.none')}</p>
          ))}
      </section>

      <AutopayPanel account={account} />
      <LinkedResidents accountId={account.id} />
      <AccountRequests accountId={account.id} />

      {manage && (
        <section aria-labelledby="manage-title" className="civq-ut-section">
          <h2 id="manage-title">{t('utilities.account.manageTitle')}</h2>
          {closed ? (
            <button type="button" className="usa-button" onClick={() => void reopen()}>
              {t('utilities.account.reopen')}
            </button>
          ) : (
            <div className="civq-ut-tools">
              <Disclosure label={t('utilities.edit.title')} testId="edit-tool">
                {(close) => (
                  <EditAccountForm
                    account={account}
                    onCancel={close}
                    onDone={() => {
                      close();
                      setFlash(t('utilities.edit.done'));
                    }}
                  />
                )}
              </Disclosure>
              <Disclosure
                label={t(
                  account.status === 'inactive'
                    ? 'utilities.statusForm.activate'
                    : 'utilities.statusForm.deactivate',
                )}
                testId="status-tool"
              >
                {(close) => (
                  <AccountStatusForm
                    account={account}
                    onCancel={close}
                    onDone={(message) => {
                      close();
                      setFlash(message);
                    }}
                  />
                )}
              </Disclosure>
              <Disclosure label={t('utilities.close.title')} variant="secondary" testId="close-tool">
                {(close) => (
                  <CloseAccountForm
                    accountId={account.id}
                    meters={current}
                    onCancel={close}
                    onDone={() => {
                      close();
                      setFlash(t('utilities.close.done'));
                    }}
                  />
                )}
              </Disclosure>
            </div>
          )}
        </section>
      )}
    </>
  );
}
