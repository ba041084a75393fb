import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDate, formatDateTime } from '../../format.ts';
import { useDocumentTitle, useLanguage } from '../../hooks.ts';
import { TextField } from '../../ui/Field.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { fieldError } from '../../ui/formErrors.ts';
import { useFormSubmit } from '../../ui/useFormSubmit.ts';
import { useResident } from '../account/session.ts';
import { groupTrackingCode, normalizeTrackingCode } from './code.ts';
import { LookupForm } from './LookupForm.tsx';
import { requestsWrite, useTrackedRequest } from './requestsApi.ts';
import { StatusSteps } from './StatusSteps.tsx';
import { TrackingCode } from './TrackingCode.tsx';
import type { PublicRequest, PublicUpdate } from './types.ts';

/** /portal/requests/track: the lookup form alone. */
export function TrackLookupPage() {
  const { t } = useTranslation('requests');
  useDocumentTitle(t('portal.track.title'));
  return (
    <div className="civq-req civq-measure">
      <PageHeading>{t('portal.track.title')}</PageHeading>
      <p className="usa-intro">{t('portal.track.intro')}</p>
      <LookupForm />
    </div>
  );
}

/** A request's public page: what anyone with its code may see. Never who reported it. */
export function TrackPage() {
  const { t } = useTranslation('requests');
  const code = normalizeTrackingCode(useParams().code ?? '');
  const me = useResident();
  const found = useTrackedRequest(code, me.data, !me.isPending);
  useDocumentTitle(t('portal.track.pageTitle', { code: groupTrackingCode(code) }));
  if (me.isPending || found.isPending) return <Loading />;
  if (found.isError || !found.data)
    return (
      <div className="civq-req civq-measure">
        <PageHeading>{t('portal.track.title')}</PageHeading>
        {found.isError ? (
          <Alert type="error" heading={t('portal.errors.loadTitle')} focus testId="track-error">
            <p>{t('portal.errors.load')}</p>
          </Alert>
        ) : (
          <Alert type="warning" heading={t('portal.track.notFoundTitle')} testId="track-not-found">
            <p>{t('portal.track.notFound', { code: groupTrackingCode(code) })}</p>
          </Alert>
        )}
        <LookupForm initial={groupTrackingCode(code)} />
      </div>
    );
  return <RequestView request={found.data} />;
}

function RequestView({ request: r }: { request: PublicRequest }) {
  const { t } = useTranslation('requests');
  const lang = useLanguage();
  const me = useResident();
  const updates = [...r.updates].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <div className="civq-req" data-testid="request-page">
      <PageHeading>{r.category.name[lang]}</PageHeading>
      <p className="margin-top-0">{t('portal.track.codeLabel')}</p>
      <TrackingCode code={r.trackingCode} small />
      <StatusSteps status={r.status} />
      {r.duplicateOf && (
        <Alert type="info" heading={t('portal.track.duplicateTitle')}>
          <p>
            {t('portal.track.duplicate')}{' '}
            <Link className="usa-link" to={`/portal/requests/track/${r.duplicateOf}`}>
              {groupTrackingCode(r.duplicateOf)}
            </Link>
          </p>
        </Alert>
      )}
      {r.closingNote && (
        <div className="civq-req-closing" data-testid="closing-note">
          <h2>{t('portal.track.closingNote')}</h2>
          <p className="civq-req-text">{r.closingNote}</p>
        </div>
      )}
      <div className="grid-row grid-gap-lg">
        <div className="tablet:grid-col-7">
          <h2>{t('portal.track.details')}</h2>
          <dl className="civq-details civq-req-details">
            <dt>{t('portal.track.submitted')}</dt>
            <dd>{formatDateTime(lang, r.submittedAt)}</dd>
            {r.acknowledgedAt && (
              <>
                <dt>{t('portal.track.acknowledged')}</dt>
                <dd>{formatDateTime(lang, r.acknowledgedAt)}</dd>
              </>
            )}
            {r.closedAt ? (
              <>
                <dt>{t('portal.track.closed')}</dt>
                <dd>{formatDateTime(lang, r.closedAt)}</dd>
              </>
            ) : (
              <>
                <dt>{t('portal.track.expected')}</dt>
                <dd>{formatDate(lang, r.dueAt)}</dd>
              </>
            )}
            <dt>{t('portal.track.where')}</dt>
            <dd>
              {r.address ?? (r.location ? t('portal.track.pinOnly') : t('portal.track.noLocation'))}
              {r.location && (
                <span className="display-block text-base">
                  {t('portal.track.coordinates', {
                    // Not lat/lng: i18next reads an option named lng as the language.
                    latitude: r.location.lat.toFixed(5),
                    longitude: r.location.lng.toFixed(5),
                  })}
                </span>
              )}
            </dd>
          </dl>
          <h2>{t('portal.track.description')}</h2>
          <p className="civq-req-text" data-testid="request-description">
            {r.description}
          </p>
          {r.photos.length > 0 && (
            <>
              <h2>{t('portal.track.photos')}</h2>
              <ul className="civq-req-gallery">
                {r.photos.map((p, i) => (
                  <li key={p.url}>
                    <a href={p.url} target="_blank" rel="noreferrer">
                      <img
                        src={p.url}
                        alt={t('portal.track.photoAlt', { n: i + 1, count: r.photos.length })}
                      />
                    </a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
        <div className="tablet:grid-col-5">
          <h2>{t('portal.track.updates')}</h2>
          <ol className="civq-req-timeline" data-testid="timeline">
            {updates.map((u, i) => (
              <li key={`${u.at}-${i}`} data-kind={u.kind}>
                <p className="civq-req-timeline__what">{updateTitle(t, u)}</p>
                <p className="civq-req-timeline__when">
                  <time dateTime={u.at}>{formatDateTime(lang, u.at)}</time>
                </p>
                {u.body && <p className="civq-req-text margin-top-1">{u.body}</p>}
              </li>
            ))}
          </ol>
          {me.data ? <FollowButton request={r} /> : me.isSuccess && <ClaimLinkForm code={r.trackingCode} />}
        </div>
      </div>
      <p className="margin-top-4">
        <Link className="usa-link" to="/portal/requests">
          {t('portal.track.back')}
        </Link>
      </p>
    </div>
  );
}

function updateTitle(t: (key: string) => string, u: PublicUpdate): string {
  if (u.kind === 'status' && u.toStatus) return t(`portal.updates.status.${u.toStatus}`);
  return t(`portal.updates.${u.kind}`);
}

/** Follow someone else's request (or stop): its updates then reach the resident too. */
function FollowButton({ request }: { request: PublicRequest }) {
  const { t } = useTranslation('requests');
  const me = useResident().data!;
  const client = useQueryClient();
  const { busy, problem, run } = useFormSubmit();
  const [done, setDone] = useState<'followed' | 'unfollowed' | null>(null);
  const toggle = () =>
    run(async () => {
      await requestsWrite(me, `/track/${request.trackingCode}/follow`, request.following ? 'DELETE' : 'POST');
      setDone(request.following ? 'unfollowed' : 'followed');
      await client.invalidateQueries({ queryKey: ['requests-track'] });
      await client.invalidateQueries({ queryKey: ['resident-requests'] });
    });
  return (
    <section className="civq-req-box" aria-labelledby="follow-title">
      <h2 id="follow-title">{t('portal.follow.title')}</h2>
      <p>{request.following ? t('portal.follow.following') : t('portal.follow.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <div aria-live="polite">{done && <p data-testid="follow-done">{t(`portal.follow.${done}`)}</p>}</div>
      <button
        type="button"
        className={request.following ? 'usa-button usa-button--outline' : 'usa-button'}
        disabled={busy}
        onClick={() => void toggle()}
        data-testid="follow-button"
      >
        {request.following ? t('portal.follow.unfollow') : t('portal.follow.follow')}
      </button>
    </section>
  );
}

/** "Is this yours?": a link to claim it goes to the email it was filed with, if that is this one. */
function ClaimLinkForm({ code }: { code: string }) {
  const { t } = useTranslation('requests');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const { busy, problem, submit } = useFormSubmit();
  const onSubmit = (event: FormEvent) =>
    submit(
      {
        action: async () => {
          await requestsWrite(null, `/track/${code}/claim-link`, 'POST', { email: email.trim() });
          setSent(true);
        },
      },
      event,
    );
  return (
    <section className="civq-req-box" aria-labelledby="claim-title" data-testid="claim-link">
      <h2 id="claim-title">{t('portal.claim.title')}</h2>
      <p>{t('portal.claim.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      {sent ? (
        <Alert type="success" heading={t('portal.claim.sentTitle')}>
          <p>{t('portal.claim.sent')}</p>
        </Alert>
      ) : (
        <form className="usa-form" noValidate onSubmit={(e) => void onSubmit(e)}>
          <TextField
            id="claim-email"
            type="email"
            label={t('portal.claim.email')}
            autoComplete="email"
            value={email}
            onChange={setEmail}
            error={fieldError(problem, 'email')}
          />
          <button type="submit" className="usa-button usa-button--outline margin-top-2" disabled={busy}>
            {t('portal.claim.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
