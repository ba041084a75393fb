import { useTranslation } from 'react-i18next';
import { FilterBar, FilterSearch, FilterSelect, useFilterValue } from '../../../ui/FilterBar.tsx';
import { ACCOUNT_STATUSES, type AccountFilters, type AccountStatus } from '../api.ts';
import { useLabels } from '../labels.tsx';

type Filters = Omit<AccountFilters, 'page'>;
type Props = Filters & { onApply: (filters: Filters) => void; clearHref: string };

/** Status and a search box over the accounts; applied on submit and kept in the address. */
export function AccountFiltersForm({ status, q, onApply, clearHref }: Props) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const [statusValue, setStatusValue] = useFilterValue(status);
  const [qValue, setQValue] = useFilterValue(q);

  return (
    <FilterBar
      label={t('utilities.filters.label')}
      onSubmit={() =>
        onApply({
          status: (statusValue || undefined) as AccountStatus | undefined,
          q: qValue.trim() || undefined,
        })
      }
      applyLabel={t('utilities.filters.apply')}
      clearLabel={t('utilities.filters.clear')}
      clearHref={clearHref}
      active={Boolean(status || q)}
    >
      <FilterSearch
        id="filter-q"
        name="q"
        className="civq-ut-filters__search"
        label={t('utilities.filters.search')}
        hint={t('utilities.filters.searchHint')}
        input={{ inputMode: 'search' }}
        value={qValue}
        onChange={setQValue}
      />
      <FilterSelect
        id="filter-status"
        name="status"
        label={t('utilities.filters.status')}
        anyLabel={t('utilities.filters.anyStatus')}
        options={ACCOUNT_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        value={statusValue}
        onChange={setStatusValue}
      />
    </FilterBar>
  );
}
