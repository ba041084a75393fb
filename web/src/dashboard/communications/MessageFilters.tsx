import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MESSAGE_STATUSES, useTemplates, type MessageStatus } from './api.ts';
import { useLabels } from './labels.tsx';

type Props = {
  status?: MessageStatus;
  kind?: string;
  onApply: (filters: { status?: MessageStatus; kind?: string }) => void;
};

/** Status and notice-type filters. Applied on submit; the page keeps them in the URL. */
export function MessageFilters({ status, kind, onApply }: Props) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const templates = useTemplates();
  const [statusValue, setStatusValue] = useState<string>(status ?? '');
  const [kindValue, setKindValue] = useState<string>(kind ?? '');

  // Back, forward and "clear filters" change the URL; the selects follow it.
  useEffect(() => setStatusValue(status ?? ''), [status]);
  useEffect(() => setKindValue(kind ?? ''), [kind]);

  const kinds = templates.data?.map((k) => k.kind) ?? [];
  if (kind && !kinds.includes(kind)) kinds.push(kind);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      status: (statusValue || undefined) as MessageStatus | undefined,
      kind: kindValue || undefined,
    });
  };

  return (
    <form
      className="civq-filters"
      role="search"
      aria-label={t('communications.filters.label')}
      onSubmit={submit}
    >
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="filter-status">
          {t('communications.filters.status')}
        </label>
        <select
          className="usa-select"
          id="filter-status"
          name="status"
          value={statusValue}
          onChange={(e) => setStatusValue(e.target.value)}
        >
          <option value="">{t('communications.filters.anyStatus')}</option>
          {MESSAGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {labels.status(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="filter-kind">
          {t('communications.filters.kind')}
        </label>
        <select
          className="usa-select"
          id="filter-kind"
          name="kind"
          value={kindValue}
          onChange={(e) => setKindValue(e.target.value)}
        >
          <option value="">{t('communications.filters.anyKind')}</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {labels.kind(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="civq-filters__actions">
        <button type="submit" className="usa-button">
          {t('communications.filters.apply')}
        </button>
        {(status || kind) && (
          <Link className="usa-button usa-button--unstyled" to="/dashboard/communications">
            {t('communications.filters.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}
