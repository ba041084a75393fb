import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { useDocumentTitle } from '../../hooks.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useResident } from '../account/session.ts';
import { groupTrackingCode } from './code.ts';
import { requestsWrite } from './requestsApi.ts';

/**
 * Where the emailed claim link lands (/portal/requests/claim#token=…): a signed-in resident
 * adds the anonymous report to their account; anyone else is asked to sign in first and then
 * open the link again.
 */
export function ClaimPage() {
  const { t } = useTranslation('requests');
  useDocumentTitle(t('portal.claimPage.title'));
  // The emailed link carries the token after # so it never reaches a server log or a referrer.
  const { hash, search } = useLocation();
  const token =
    new URLSearchParams(hash.slice(1)).get('token') ?? new URLSearchParams(search).get('token') ?? '';
  const me = useResident();
  const [claimed, setClaimed] = useState<string | null>(null);
  const { busy, problem, run } = useFormSubmit();
  const claim = () =>
    run(async () => {
      const done = await requestsWrite<{ trackingCode: string }>(me.data, '/claim', 'POST', { token });
      setClaimed(done.trackingCode);
    });

  return (
    <div className="civq-req civq-measure">
      <PageHeading>{t('portal.claimPage.title')}</PageHeading>
      {problem && <ProblemAlert problem={problem} />}
      {!token ? (
        <Alert type="warning" heading={t('portal.claimPage.noTokenTitle')}>
          <p>{t('portal.claimPage.noToken')}</p>
        </Alert>
      ) : claimed ? (
        <Alert type="success" heading={t('portal.claimPage.doneTitle')} testId="claim-done">
          <p>
            {t('portal.claimPage.done', { code: groupTrackingCode(claimed) })}{' '}
            <Link className="usa-link" to={`/portal/requests/track/${claimed}`}>
              {t('portal.claimPage.view')}
            </Link>
          </p>
        </Alert>
      ) : me.isPending ? (
        <Loading />
      ) : me.data ? (
        <>
          <p>{t('portal.claimPage.intro', { email: me.data.resident.email })}</p>
          <button
            type="button"
            className="usa-button"
            disabled={busy}
            onClick={() => void claim()}
            data-testid="claim-button"
          >
            {t('portal.claimPage.submit')}
          </button>
        </>
      ) : (
        <>
          <p>{t('portal.claimPage.signInFirst')}</p>
          <p>
            <Link className="usa-button" to="/portal/account/sign-in">
              {t('portal.claimPage.signIn')}
            </Link>{' '}
            <Link className="usa-button usa-button--outline" to="/portal/account/sign-up">
              {t('portal.claimPage.signUp')}
            </Link>
          </p>
        </>
      )}
    </div>
  );
}
