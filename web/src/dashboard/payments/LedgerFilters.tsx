import { useTranslation } from 'react-i18next';
import { FilterBar, FilterSearch, FilterSelect, useFilterValue } from '../../ui/FilterBar.tsx';
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
  const [statusValue, setStatusValue] = useFilterValue(status);
  const [kindValue, setKindValue] = useFilterValue(kind);
  const [qValue, setQValue] = useFilterValue(q);

  return (
    <FilterBar
      className="civq-pay-filters"
      actionsClassName="civq-pay-filters__actions"
      label={t('payments.filters.label')}
      onSubmit={() =>
        onApply({
          status: (statusValue || undefined) as ChargeStatus | undefined,
          kind: (kindValue || undefined) as ChargeKind | undefined,
          q: qValue.trim() || undefined,
        })
      }
      applyLabel={t('payments.filters.apply')}
      clearLabel={t('payments.filters.clear')}
      clearHref={clearHref}
      active={Boolean(status || kind || q)}
    >
      <FilterSelect
        id="filter-status"
        name="status"
        label={t('payments.filters.status')}
        anyLabel={t('payments.filters.anyStatus')}
        options={CHARGE_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        value={statusValue}
        onChange={setStatusValue}
      />
      <FilterSelect
        id="filter-kind"
        name="kind"
        label={t('payments.filters.kind')}
        anyLabel={t('payments.filters.anyKind')}
        options={CHARGE_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))}
        value={kindValue}
        onChange={setKindValue}
      />
      <FilterSearch
        id="filter-q"
        name="q"
        className="civq-pay-filters__search"
        label={t('payments.filters.search')}
        hint={t('payments.filters.searchHint')}
        input={{ enterKeyHint: 'search', spellCheck: false }}
        value={qValue}
        onChange={setQValue}
      />
    </FilterBar>
  );
}
