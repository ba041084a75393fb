import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDate } from '../../format.ts';
import { useDocumentTitle, useLanguage } from '../../hooks.ts';
import { useResident } from '../account/session.ts';
import { groupTrackingCode } from './code.ts';
import { LookupForm } from './LookupForm.tsx';
import { useMyRequests } from './requestsApi.ts';
import type { PublicRequest } from './types.ts';

/** /portal/requests: report a problem, track one by its code, and (signed in) my requests. */
export function StartPage() {
  const { t } = useTranslation('requests');
  useDocumentTitle(t('portal.start.title'));
  const me = useResident();
  return (
    <div className="civq-req">
      <PageHeading>{t('portal.start.title')}</PageHeading>
      <p className="usa-intro civq-measure">{t('portal.start.intro')}</p>
      <div className="grid-row grid-gap-lg">
        <section className="tablet:grid-col-6 margin-top-2" aria-labelledby="report-title">
          <h2 id="report-title">{t('portal.start.reportTitle')}</h2>
          <p>{t('portal.start.reportBody')}</p>
          <Link className="usa-button usa-button--big" to="/portal/requests/new" data-testid="start-report">
            {t('portal.start.reportLink')}
          </Link>
          <p className="usa-hint">{t('portal.start.emergency')}</p>
        </section>
        <section className="tablet:grid-col-6 margin-top-2" aria-labelledby="track-title">
          <h2 id="track-title">{t('portal.track.title')}</h2>
          <p>{t('portal.track.intro')}</p>
          <LookupForm />
        </section>
      </div>
      <section className="margin-top-4" aria-labelledby="mine-title">
        <h2 id="mine-title">{t('portal.mine.title')}</h2>
        {me.data ? (
          <MyRequests />
        ) : (
          me.isSuccess && (
            <p>
              {t('portal.mine.signedOut')}{' '}
              <Link className="usa-link" to="/portal/account/sign-in">
                {t('portal.mine.signIn')}
              </Link>
            </p>
          )
        )}
      </section>
    </div>
  );
}

function MyRequests() {
  const { t } = useTranslation('requests');
  const mine = useMyRequests(true);
  if (!mine.data) return null;
  const { reported, following } = mine.data;
  return (
    <>
      <h3>{t('portal.mine.reported')}</h3>
      {reported.length === 0 ? (
        <p>{t('portal.mine.noneReported')}</p>
      ) : (
        <RequestList items={reported} testId="my-reported" />
      )}
      <h3>{t('portal.mine.following')}</h3>
      {following.length === 0 ? (
        <p>{t('portal.mine.noneFollowing')}</p>
      ) : (
        <RequestList items={following} testId="my-following" />
      )}
    </>
  );
}

function RequestList({ items, testId }: { items: PublicRequest[]; testId: string }) {
  const { t } = useTranslation('requests');
  const lang = useLanguage();
  return (
    <ul className="usa-list usa-list--unstyled civq-req-list" data-testid={testId}>
      {items.map((r) => (
        <li key={r.trackingCode}>
          <Link className="usa-link" to={`/portal/requests/track/${r.trackingCode}`}>
            {r.category.name[lang]} · {groupTrackingCode(r.trackingCode)}
          </Link>
          <span className="display-block">
            <span className="usa-tag civq-req-status">{t(`status.${r.status}`)}</span>{' '}
            {t('portal.mine.submitted', { date: formatDate(lang, r.submittedAt, 'medium') })}
            {r.address && <> · {r.address}</>}
          </span>
        </li>
      ))}
    </ul>
  );
}
