import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../format.ts';
import { useDocumentTitle, useLanguage } from '../../hooks.ts';
import { TrackingCode } from './TrackingCode.tsx';
import type { Filed } from './types.ts';

type Props = { filed: Filed; email: string | null; signedIn: boolean; onAnother: () => void };

/** The report went in: its tracking code, large and in groups to copy down, and where to follow it. */
export function Confirmation({ filed, email, signedIn, onAnother }: Props) {
  const { t } = useTranslation('requests');
  const lang = useLanguage();
  useDocumentTitle(t('portal.done.title'));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="civq-req civq-measure" data-testid="report-done">
      <h1 ref={heading} tabIndex={-1}>
        {t('portal.done.title')}
      </h1>
      <div className="usa-alert usa-alert--success civq-alert" role="status">
        <div className="usa-alert__body">
          <p className="usa-alert__text">
            {t('portal.done.received', { when: formatDateTime(lang, filed.submittedAt) })}
          </p>
        </div>
      </div>
      <h2>{t('portal.done.codeTitle')}</h2>
      <TrackingCode code={filed.trackingCode} />
      <p>{t('portal.done.keep')}</p>
      {email && <p>{t('portal.done.emailed', { email })}</p>}
      {signedIn && <p>{t('portal.done.inActivity')}</p>}
      <p>
        <Link
          className="usa-button"
          to={`/portal/requests/track/${filed.trackingCode}`}
          data-testid="status-link"
        >
          {t('portal.done.statusLink')}
        </Link>
      </p>
      <p>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onAnother}>
          {t('portal.done.another')}
        </button>
      </p>
    </div>
  );
}
