import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Alert } from '../../components/Alert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { can, useSession } from '../session.tsx';
import { BASE, groupCode, useRequest, type StaffRequest } from './api.ts';
import { AssignForm } from './AssignForm.tsx';
import { DuplicateForm } from './DuplicateForm.tsx';
import { OverdueTag, StatusTag } from './labels.tsx';
import { NoteForm } from './NoteForm.tsx';
import { RequestsNav } from './RequestsNav.tsx';
import { StatusActions } from './StatusActions.tsx';
import { Timeline } from './Timeline.tsx';

/** One request: what was reported, by whom, where; its timeline; and what staff can do next. */
export function RequestPage() {
  const { t } = useTranslation('dashboard');
  const { id = '' } = useParams();
  const request = useRequest(id);
  if (request.isPending) return <Loading />;
  if (request.error instanceof ApiError)
    return (
      <>
        <PageHeading>{t('requests.request.notFound')}</PageHeading>
        <ProblemAlert problem={request.error} />
        <p>
          <Link className="usa-link" to={BASE}>
            {t('requests.request.back')}
          </Link>
        </p>
      </>
    );
  return <RequestView request={request.data!} />;
}

function RequestView({ request: r }: { request: StaffRequest }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { session } = useSession();
  const work = can(session, 'requests.work');
  const [done, setDone] = useState<string | null>(null);
  const code = groupCode(r.trackingCode);
  const d = (key: string) => t(`requests.request.fields.${key}`);
  const answer = (v: StaffRequest['answers'][number]['value']) =>
    typeof v === 'boolean'
      ? t(v ? 'requests.yes' : 'requests.no')
      : Array.isArray(v)
        ? v.join(', ')
        : String(v);

  return (
    <>
      <p className="civq-req-back">
        <Link className="usa-link" to={BASE}>
          {t('requests.request.back')}
        </Link>
      </p>
      <PageHeading>{t('requests.request.title', { code })}</PageHeading>
      <RequestsNav current={null} />
      <div className="civq-req-summary">
        <span className="civq-req-tags" data-testid="request-status">
          <StatusTag status={r.status} />
          {r.overdue && <OverdueTag />}
        </span>
        <span>
          {r.category.name[lang]} · {r.department.name[lang]}
        </span>
        <span>
          {r.assignee
            ? t('requests.request.assignedTo', { name: r.assignee.name })
            : t('requests.unassigned')}
        </span>
      </div>
      {done && (
        <Alert type="success" testId="action-done">
          <p className="margin-0">{done}</p>
        </Alert>
      )}
      {work && (
        <section aria-labelledby="actions-title" className="civq-req-panel">
          <h2 id="actions-title" className="margin-top-0">
            {t('requests.actions.title')}
          </h2>
          <StatusActions request={r} onDone={setDone} />
        </section>
      )}

      <div className="civq-req-columns">
        <div>
          <section aria-labelledby="details-title" className="civq-req-section">
            <h2 id="details-title">{t('requests.request.details')}</h2>
            <p className="civq-req-description" data-testid="request-description">
              {r.description}
            </p>
            <dl className="civq-details">
              <dt>{d('category')}</dt>
              <dd>{r.category.name[lang]}</dd>
              <dt>{d('department')}</dt>
              <dd>{r.department.name[lang]}</dd>
              <dt>{d('submitted')}</dt>
              <dd>{formatDateTime(lang, r.submittedAt)}</dd>
              <dt>{d('due')}</dt>
              <dd>{formatDate(lang, r.dueAt, 'medium')}</dd>
              <dt>{d('address')}</dt>
              <dd className="civq-break">{r.address ?? t('requests.noAddress')}</dd>
              {r.lat !== null && r.lng !== null && (
                <>
                  <dt>{d('location')}</dt>
                  <dd>
                    {formatNumber(lang, r.lat)}, {formatNumber(lang, r.lng)}
                  </dd>
                </>
              )}
              <dt>{d('source')}</dt>
              <dd>{t(`requests.source.${r.source}`)}</dd>
              <dt>{d('language')}</dt>
              <dd>{t(`requests.language.${r.language}`)}</dd>
              <dt>{d('followers')}</dt>
              <dd>{formatNumber(lang, r.followers)}</dd>
              {r.duplicateOf && (
                <>
                  <dt>{d('duplicateOf')}</dt>
                  <dd data-testid="duplicate-of">{groupCode(r.duplicateOf)}</dd>
                </>
              )}
              {r.duplicates.length > 0 && (
                <>
                  <dt>{d('duplicates')}</dt>
                  <dd>
                    <ul className="usa-list usa-list--unstyled">
                      {r.duplicates.map((x) => (
                        <li key={x.id}>
                          <Link className="usa-link" to={`${BASE}/${x.id}`}>
                            {groupCode(x.trackingCode)}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  </dd>
                </>
              )}
              {r.closingNote && (
                <>
                  <dt>{d('closingNote')}</dt>
                  <dd>{r.closingNote}</dd>
                </>
              )}
            </dl>
          </section>

          {r.answers.length > 0 && (
            <section aria-labelledby="answers-title" className="civq-req-section">
              <h2 id="answers-title">{t('requests.request.answers')}</h2>
              <dl className="civq-details" data-testid="answers">
                {r.answers.map((a) => (
                  <Fragment key={a.key}>
                    <dt>{a.label[lang]}</dt>
                    <dd>{answer(a.value)}</dd>
                  </Fragment>
                ))}
              </dl>
            </section>
          )}

          {r.photos.length > 0 && (
            <section aria-labelledby="photos-title" className="civq-req-section">
              <h2 id="photos-title">{t('requests.request.photos')}</h2>
              <ul className="civq-req-photos">
                {r.photos.map((p, i) => (
                  <li key={p.url}>
                    <a href={p.url} target="_blank" rel="noreferrer">
                      <img
                        src={p.url}
                        alt={t('requests.request.photoAlt', { n: i + 1, code })}
                        loading="lazy"
                      />
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <section aria-labelledby="reporter-title" className="civq-req-section">
            <h2 id="reporter-title">{t('requests.request.reporter')}</h2>
            <dl className="civq-details" data-testid="reporter">
              <dt>{d('name')}</dt>
              <dd>{r.reporter.name ?? t('requests.request.notGiven')}</dd>
              <dt>{d('email')}</dt>
              <dd className="civq-break">
                {r.reporter.email ? (
                  <a className="usa-link" href={`mailto:${r.reporter.email}`}>
                    {r.reporter.email}
                  </a>
                ) : (
                  t('requests.request.notGiven')
                )}
              </dd>
              <dt>{d('phone')}</dt>
              <dd>
                {r.reporter.phone ? (
                  <a className="usa-link" href={`tel:${r.reporter.phone}`}>
                    {r.reporter.phone}
                  </a>
                ) : (
                  t('requests.request.notGiven')
                )}
              </dd>
              <dt>{d('resident')}</dt>
              <dd>{t(r.reporter.residentId ? 'requests.request.signedIn' : 'requests.request.anonymous')}</dd>
            </dl>
          </section>

          <section aria-labelledby="account-title" className="civq-req-section">
            <h2 id="account-title">{t('requests.request.account')}</h2>
            {r.account ? (
              <p data-testid="linked-account">
                <Link className="usa-link" to={`/dashboard/utilities/accounts/${r.account.id}`}>
                  {t('requests.request.accountLink', {
                    number: r.account.number,
                    name: r.account.customerName,
                  })}
                </Link>
              </p>
            ) : (
              <p>{t('requests.request.noAccount')}</p>
            )}
          </section>
        </div>

        <section aria-labelledby="timeline-title" className="civq-req-section">
          <h2 id="timeline-title">{t('requests.timeline.title')}</h2>
          {work && (
            <div className="civq-req-panel">
              <h3 className="margin-top-0">{t('requests.note.title')}</h3>
              <NoteForm request={r} onDone={setDone} />
            </div>
          )}
          <Timeline updates={r.updates} />
        </section>
      </div>
      {work && (
        <div className="civq-req-columns">
          <section aria-labelledby="assign-title" className="civq-req-section">
            <h2 id="assign-title">{t('requests.assign.title')}</h2>
            <AssignForm key={`${r.department.code}-${r.assignee?.id ?? ''}`} request={r} onDone={setDone} />
          </section>
          {r.status !== 'closed' && (
            <section aria-labelledby="duplicate-title" className="civq-req-section">
              <h2 id="duplicate-title">{t('requests.duplicate.title')}</h2>
              <p className="civq-measure">{t('requests.duplicate.intro')}</p>
              <DuplicateForm request={r} onDone={setDone} />
            </section>
          )}
        </div>
      )}
    </>
  );
}
