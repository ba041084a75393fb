import { useTranslation } from 'react-i18next';
import { FilterBar, FilterSelect, useFilterValue } from '../../ui/FilterBar.tsx';
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
  // Back, forward and "clear filters" change the URL; the selects follow it.
  const [statusValue, setStatusValue] = useFilterValue(status);
  const [kindValue, setKindValue] = useFilterValue(kind);

  const kinds = templates.data?.map((k) => k.kind) ?? [];
  if (kind && !kinds.includes(kind)) kinds.push(kind);

  return (
    <FilterBar
      label={t('communications.filters.label')}
      onSubmit={() =>
        onApply({
          status: (statusValue || undefined) as MessageStatus | undefined,
          kind: kindValue || undefined,
        })
      }
      applyLabel={t('communications.filters.apply')}
      clearLabel={t('communications.filters.clear')}
      clearHref="/dashboard/communications"
      active={Boolean(status || kind)}
    >
      <FilterSelect
        id="filter-status"
        name="status"
        label={t('communications.filters.status')}
        anyLabel={t('communications.filters.anyStatus')}
        options={MESSAGE_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
        value={statusValue}
        onChange={setStatusValue}
      />
      <FilterSelect
        id="filter-kind"
        name="kind"
        label={t('communications.filters.kind')}
        anyLabel={t('communications.filters.anyKind')}
        options={kinds.map((k) => ({ value: k, label: labels.kind(k) }))}
        value={kindValue}
        onChange={setKindValue}
      />
    </FilterBar>
  );
}
