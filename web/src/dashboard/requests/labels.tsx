import { useTranslation } from 'react-i18next';
import type { Status } from './api.ts';

/** A request's status as a tag (color and words; overdue is its own tag beside it). */
export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <span className={`usa-tag civq-status civq-req-status--${status}`} data-status={status}>
      {t(`requests.status.${status as Status}`, { defaultValue: status })}
    </span>
  );
}

export function OverdueTag() {
  const { t } = useTranslation('dashboard');
  return (
    <span className="usa-tag civq-status civq-req-overdue" data-testid="overdue">
      {t('requests.overdue')}
    </span>
  );
}
