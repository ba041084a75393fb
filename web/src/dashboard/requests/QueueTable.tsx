import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, formatDateTime } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { BASE, groupCode, type QueueItem } from './api.ts';
import { OverdueTag, StatusTag } from './labels.tsx';

/** Requests as rows: code, category, where, status, age, due date, who has it. */
export function QueueTable({ items, caption }: { items: QueueItem[]; caption: string }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const col = (key: string) => t(`requests.queue.columns.${key}`);
  return (
    <TableRegion spaced label={caption}>
      <table
        className="usa-table usa-table--borderless usa-table--stacked-header civq-table civq-req-table"
        data-testid="queue-table"
      >
        <caption className="usa-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{col('code')}</th>
            <th scope="col">{col('category')}</th>
            <th scope="col">{col('address')}</th>
            <th scope="col">{col('status')}</th>
            <th scope="col">{col('submitted')}</th>
            <th scope="col">{col('due')}</th>
            <th scope="col">{col('assignee')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="queue-row" data-code={r.trackingCode} data-status={r.status}>
              <th scope="row" data-label={col('code')} className="civq-req-nowrap">
                <Link className="usa-link" to={`${BASE}/${r.id}`}>
                  {groupCode(r.trackingCode)}
                </Link>
              </th>
              <td data-label={col('category')}>
                {r.category.name[lang]}
                <span className="civq-req-sub">{r.department.name[lang]}</span>
              </td>
              <td data-label={col('address')} className="civq-break">
                {r.address ?? <span className="civq-req-muted">{t('requests.noAddress')}</span>}
              </td>
              <td data-label={col('status')}>
                <span className="civq-req-tags">
                  <StatusTag status={r.status} />
                  {r.overdue && <OverdueTag />}
                </span>
              </td>
              <td data-label={col('submitted')}>{formatDateTime(lang, r.submittedAt)}</td>
              <td data-label={col('due')}>{formatDate(lang, r.dueAt, 'medium')}</td>
              <td data-label={col('assignee')}>
                {r.assignee?.name ?? <span className="civq-req-muted">{t('requests.unassigned')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
