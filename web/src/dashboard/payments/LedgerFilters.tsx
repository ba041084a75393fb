import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  CHARGE_KINDS,
  CHARGE_STATUSES,
  type ChargeKind,
  type ChargeStatus,
  type LedgerFilters,
} from './api.ts';
import { useLabels } from './labels.tsx';

type Filters = Omit<LedgerFilters, 'page' | 'perPage'>;
type Props = Filters & { onApply: (filters: Filters) => void; clearHref: string };

/** Status, kind and a search box over the ledger; applied on submit and kept in the address. */
export function LedgerFiltersForm({ status, kind, q, onApply, clearHref }: Props) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const [statusValue, setStatusValue] = useState<string>(status ?? '');
  const [kindValue, setKindValue] = useState<string>(kind ?? '');
  const [qValue, setQValue] = useState(q ?? '');

  useEffect(() => setStatusValue(status ?? ''), [status]);
  useEffect(() => setKindValue(kind ?? ''), [kind]);
  useEffect(() => setQValue(q ?? ''), [q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      status: (statusValue || undefined) as ChargeStatus | undefined,
      kind: (kindValue || undefined) as ChargeKind | undefined,
      q: qValue.trim() || undefined,
    });
  };

  return (
    <form
      className="civq-pay-filters"
      role="search"
      aria-label={t('payments.filters.label')}
      onSubmit={submit}
    >
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="filter-status">
          {t('payments.filters.status')}
        </label>
        <select
          className="usa-select"
          id="filter-status"
          name="status"
          value={statusValue}
          onChange={(e) => setStatusValue(e.target.value)}
        >
          <option value="">{t('payments.filters.anyStatus')}</option>
          {CHARGE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {labels.status(s)}
            </option>
          ))}
        </select>
      </div>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="filter-kind">
          {t('payments.filters.kind')}
        </label>
        <select
          className="usa-select"
          id="filter-kind"
          name="kind"
          value={kindValue}
          onChange={(e) => setKindValue(e.target.value)}
        >
          <option value="">{t('payments.filters.anyKind')}</option>
          {CHARGE_KINDS.map((k) => (
            <option key={k} value={k}>
              {labels.kind(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="usa-form-group civq-pay-filters__search">
        <label className="usa-label" htmlFor="filter-q">
          {t('payments.filters.search')}
        </label>
        <div className="usa-hint" id="filter-q-hint">
          {t('payments.filters.searchHint')}
        </div>
        <input
          className="usa-input"
          id="filter-q"
          name="q"
          type="text"
          enterKeyHint="search"
          spellCheck={false}
          maxLength={100}
          autoComplete="off"
          aria-describedby="filter-q-hint"
          value={qValue}
          onChange={(e) => setQValue(e.target.value)}
        />
      </div>
      <div className="civq-pay-filters__actions">
        <button type="submit" className="usa-button">
          {t('payments.filters.apply')}
        </button>
        {(status || kind || q) && (
          <Link className="usa-button usa-button--unstyled" to={clearHref}>
            {t('payments.filters.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}
