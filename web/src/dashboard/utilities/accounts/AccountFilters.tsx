import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ACCOUNT_STATUSES, type AccountFilters, type AccountStatus } from '../api.ts';
import { useLabels } from '../labels.tsx';

type Filters = Omit<AccountFilters, 'page'>;
type Props = Filters & { onApply: (filters: Filters) => void; clearHref: string };

/** Status and a search box over the accounts; applied on submit and kept in the address. */
export function AccountFiltersForm({ status, q, onApply, clearHref }: Props) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const [statusValue, setStatusValue] = useState<string>(status ?? '');
  const [qValue, setQValue] = useState(q ?? '');

  useEffect(() => setStatusValue(status ?? ''), [status]);
  useEffect(() => setQValue(q ?? ''), [q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      status: (statusValue || undefined) as AccountStatus | undefined,
      q: qValue.trim() || undefined,
    });
  };

  return (
    <form className="civq-filters" role="search" aria-label={t('utilities.filters.label')} onSubmit={submit}>
      <div className="usa-form-group civq-ut-filters__search">
        <label className="usa-label" htmlFor="filter-q">
          {t('utilities.filters.search')}
        </label>
        <div className="usa-hint" id="filter-q-hint">
          {t('utilities.filters.searchHint')}
        </div>
        <input
          className="usa-input"
          id="filter-q"
          name="q"
          type="text"
          inputMode="search"
          maxLength={100}
          autoComplete="off"
          aria-describedby="filter-q-hint"
          value={qValue}
          onChange={(e) => setQValue(e.target.value)}
        />
      </div>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="filter-status">
          {t('utilities.filters.status')}
        </label>
        <select
          className="usa-select"
          id="filter-status"
          name="status"
          value={statusValue}
          onChange={(e) => setStatusValue(e.target.value)}
        >
          <option value="">{t('utilities.filters.anyStatus')}</option>
          {ACCOUNT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {labels.status(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="civq-filters__actions">
        <button type="submit" className="usa-button">
          {t('utilities.filters.apply')}
        </button>
        {(status || q) && (
          <Link className="usa-button usa-button--unstyled" to={clearHref}>
            {t('utilities.filters.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}
