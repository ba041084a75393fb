import { useTranslation } from 'react-i18next';
import { useLanguage } from '../../hooks.ts';
import { FilterBar, FilterSearch, FilterSelect, useFilterValue } from '../../ui/FilterBar.tsx';
import {
  STATUSES,
  useCategories,
  useDepartments,
  useStaff,
  type QueueFilters,
  type StatusFilter,
} from './api.ts';

type Filters = Omit<QueueFilters, 'page'>;
type Props = { filters: Filters; onApply: (filters: Filters) => void; clearHref: string };

/** Every queue filter; applied on submit and kept in the page's address. */
export function QueueFiltersForm({ filters, onApply, clearHref }: Props) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const categories = useCategories().data?.categories ?? [];
  const departments = useDepartments().data?.departments ?? [];
  const staff = useStaff().data?.staff ?? [];
  const [status, setStatus] = useFilterValue(filters.status);
  const [category, setCategory] = useFilterValue(filters.category);
  const [department, setDepartment] = useFilterValue(filters.department);
  const [assignee, setAssignee] = useFilterValue(filters.assignee);
  const [overdue, setOverdue] = useFilterValue(filters.overdue ? 'true' : '');
  const [from, setFrom] = useFilterValue(filters.from);
  const [to, setTo] = useFilterValue(filters.to);
  const [q, setQ] = useFilterValue(filters.q);
  const [sort, setSort] = useFilterValue(filters.sort);
  const f = (key: string) => t(`requests.filters.${key}`);
  const active = Boolean(
    (filters.status && filters.status !== 'open') ||
    filters.category ||
    filters.department ||
    filters.assignee ||
    filters.overdue ||
    filters.from ||
    filters.to ||
    filters.q ||
    filters.sort === 'newest',
  );

  return (
    <FilterBar
      className="civq-req-filters"
      actionsClassName="civq-req-filters__actions"
      label={f('label')}
      onSubmit={() =>
        onApply({
          status: (status || 'open') as StatusFilter,
          category: category || undefined,
          department: department || undefined,
          assignee: assignee || undefined,
          overdue: overdue === 'true' || undefined,
          from: from || undefined,
          to: to || undefined,
          q: q.trim() || undefined,
          sort: sort === 'newest' ? 'newest' : 'oldest',
        })
      }
      applyLabel={f('apply')}
      clearLabel={f('clear')}
      clearHref={clearHref}
      active={active}
    >
      <FilterSelect
        id="filter-status"
        name="status"
        label={f('status')}
        options={[
          { value: 'open', label: f('open') },
          { value: 'all', label: f('allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`requests.status.${s}`) })),
        ]}
        value={status}
        onChange={setStatus}
      />
      <FilterSelect
        id="filter-category"
        name="category"
        label={f('category')}
        anyLabel={f('any')}
        options={categories.map((c) => ({ value: c.code, label: c.name[lang] }))}
        value={category}
        onChange={setCategory}
      />
      <FilterSelect
        id="filter-department"
        name="department"
        label={f('department')}
        anyLabel={f('any')}
        options={departments.map((d) => ({ value: d.code, label: d.name[lang] }))}
        value={department}
        onChange={setDepartment}
      />
      <FilterSelect
        id="filter-assignee"
        name="assignee"
        label={f('assignee')}
        anyLabel={f('anyone')}
        options={[
          { value: 'me', label: f('me') },
          { value: 'none', label: f('unassigned') },
          ...staff.map((s) => ({ value: s.id, label: s.name })),
        ]}
        value={assignee}
        onChange={setAssignee}
      />
      <FilterSelect
        id="filter-overdue"
        name="overdue"
        label={f('overdue')}
        anyLabel={f('overdueAny')}
        options={[{ value: 'true', label: f('overdueOnly') }]}
        value={overdue}
        onChange={setOverdue}
      />
      <div className="usa-form-group civq-req-filters__date">
        <label className="usa-label" htmlFor="filter-from">
          {f('from')}
        </label>
        <input
          className="usa-input"
          id="filter-from"
          name="from"
          type="date"
          value={from}
          max={to || undefined}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="usa-form-group civq-req-filters__date">
        <label className="usa-label" htmlFor="filter-to">
          {f('to')}
        </label>
        <input
          className="usa-input"
          id="filter-to"
          name="to"
          type="date"
          value={to}
          min={from || undefined}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <FilterSearch
        id="filter-q"
        name="q"
        className="civq-req-filters__search"
        label={f('q')}
        hint={f('qHint')}
        input={{ enterKeyHint: 'search' }}
        value={q}
        onChange={setQ}
      />
      <FilterSelect
        id="filter-sort"
        name="sort"
        label={f('sort')}
        options={[
          { value: 'oldest', label: f('oldest') },
          { value: 'newest', label: f('newest') },
        ]}
        value={sort || 'oldest'}
        onChange={setSort}
      />
    </FilterBar>
  );
}
