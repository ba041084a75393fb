import { useTranslation } from 'react-i18next';
import { REQUEST_STATUSES, type RequestStatus } from './types.ts';

/** Where a request stands among submitted → acknowledged → in progress → closed (USWDS step indicator). */
export function StatusSteps({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('requests');
  const at = REQUEST_STATUSES.indexOf(status);
  return (
    <div
      className="usa-step-indicator usa-step-indicator--counters-sm civq-req-steps"
      aria-label={t('portal.steps.label')}
    >
      <ol className="usa-step-indicator__segments">
        {REQUEST_STATUSES.map((s, i) => {
          const state = i < at || (i === at && s === 'closed') ? 'complete' : i === at ? 'current' : null;
          return (
            <li
              key={s}
              className={`usa-step-indicator__segment${state ? ` usa-step-indicator__segment--${state}` : ''}`}
              aria-current={i === at ? 'step' : undefined}
            >
              <span className="usa-step-indicator__segment-label">
                {t(`status.${s}`)}
                {state !== 'current' && (
                  <span className="usa-sr-only">{t(`portal.steps.${state ?? 'notDone'}`)}</span>
                )}
              </span>
            </li>
          );
        })}
      </ol>
      <div className="usa-step-indicator__header">
        <p className="usa-step-indicator__heading">
          <span className="usa-step-indicator__heading-counter">
            <span className="usa-sr-only">{t('portal.steps.step')}</span>
            <span className="usa-step-indicator__current-step">{at + 1}</span>{' '}
            <span className="usa-step-indicator__total-steps">
              {t('portal.steps.of', { total: REQUEST_STATUSES.length })}
            </span>
          </span>{' '}
          <span className="usa-step-indicator__heading-text" data-testid="request-status">
            {t(`status.${status}`)}
          </span>
        </p>
      </div>
    </div>
  );
}
