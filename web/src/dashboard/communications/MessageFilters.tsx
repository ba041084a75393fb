import { useTranslation } from 'react-i18next';
import { FilterBar, FilterSelect, useFilterValue } from '../../ui/FilterBar.tsx';
import { CHANNELS, MESSAGE_STATUSES, useTemplates, type ChannelName, type MessageStatus } from './api.ts';
import { useLabels } from './labels.tsx';

type Filters = { status?: MessageStatus; channel?: ChannelName; kind?: string };
type Props = Filters & { onApply: (filters: Filters) => void };

/** Status, channel and notice-type filters. Applied on submit; the page keeps them in the URL. */
export function MessageFilters({ status, channel, kind, onApply }: Props) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const templates = useTemplates();
  // Back, forward and "clear filters" change the URL; the selects follow it.
  const [statusValue, setStatusValue] = useFilterValue(status);
  const [kindValue, setKindValue] = useFilterValue(kind);
  const [channelValue, setChannelValue] = useFilterValue(channel);

  const kinds = templates.data?.map((k) => k.kind) ?? [];
  if (kind && !kinds.includes(kind)) kinds.push(kind);

  return (
    <FilterBar
      label={t('communications.filters.label')}
      onSubmit={() =>
        onApply({
          status: (statusValue || undefined) as MessageStatus | undefined,
          channel: (channelValue || undefined) as ChannelName | undefined,
          kind: kindValue || undefined,
        })
      }
      applyLabel={t('communications.filters.apply')}
      clearLabel={t('communications.filters.clear')}
      clearHref="/dashboard/communications"
      active={Boolean(status || channel || kind)}
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
        id="filter-channel"
        name="channel"
        label={t('communications.filters.channel')}
        anyLabel={t('communications.filters.anyChannel')}
        options={CHANNELS.map((c) => ({ value: c, label: labels.channel(c) }))}
        value={channelValue}
        onChange={setChannelValue}
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
