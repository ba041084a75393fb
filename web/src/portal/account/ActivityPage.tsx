import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { formatDateTime, formatDay, formatMoney } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { displayAccount } from './OverviewPage.tsx';
import {
  ACTIVITY_ACTIONS,
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  RECEIPT_ACTIONS,
  sourceOfKind,
} from './activitySources.ts';
import { residentApi, useResident } from './session.ts';

type Entry = {
  id: string;
  occurredAt: string;
  kind: string;
  action: string;
  scope: { module: string; id: string; label: string | null };
  item: { type: string; id: string; status: string | null };
  data: Record<string, unknown>;
  receiptUrl: string | null;
};
type Page = { items: Entry[]; next: string | null };

/** My Activity: everything on the resident's linked records, newest first, a page at a time. */
export function ActivityPage() {
  const { t } = useTranslation('account');
  const me = useResident().data!;
  const [kind, setKind] = useState('');
  const feed = useInfiniteQuery({
    queryKey: ['resident-activity', kind],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams({ limit: '20' });
      if (kind) q.set('kind', kind);
      if (pageParam) q.set('cursor', pageParam);
      return residentApi<Page>(me, `/activity?${q}`);
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
  const items = feed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeading>{t('activity.title')}</PageHeading>
      <p className="usa-intro">{t('activity.intro')}</p>
      <div className="civq-filter">
        <div className="usa-form-group margin-top-0">
          <label className="usa-label" htmlFor="activity-kind">
            {t('activity.filter')}
          </label>
          <select
            className="usa-select"
            id="activity-kind"
            value={kind}
            onChange={(e) => setKind(e.target.value)}
          >
            <option value="">{t('activity.kinds.all')}</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`activity.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {feed.isSuccess && items.length === 0 && <p className="margin-top-3">{t('activity.empty')}</p>}
      <ul className="civq-activity margin-top-3" data-testid="activity-list" aria-busy={feed.isFetching}>
        {items.map((e) => (
          <EntryRow key={e.id} entry={e} />
        ))}
      </ul>
      {feed.hasNextPage && (
        <button
          type="button"
          className="usa-button usa-button--outline margin-top-3"
          disabled={feed.isFetchingNextPage}
          onClick={() => void feed.fetchNextPage()}
        >
          {t('activity.more')}
        </button>
      )}
    </>
  );
}

function EntryRow({ entry }: { entry: Entry }) {
  const { t } = useTranslation('account');
  const lang = useLanguage();
  const d = entry.data;
  const amount =
    typeof d.amountCents === 'number'
      ? d.amountCents
      : typeof d.totalDueCents === 'number'
        ? d.totalDueCents
        : null;
  const source = sourceOfKind(entry.kind);
  const description = (d.description as { en: string; es: string } | undefined) ?? source?.summary?.(d);
  const link = source?.link?.(d);
  const status = entry.item.status && ACTIVITY_STATUSES.has(entry.item.status) ? entry.item.status : null;
  const action = ACTIVITY_ACTIONS.has(entry.action) ? entry.action.replace(/\./g, '_') : 'other';
  const number = (d.receiptNumber ??
    d.statementNumber ??
    d.referenceCode ??
    source?.reference?.(d) ??
    '') as string;
  return (
    <li data-testid="activity-entry" data-kind={entry.kind}>
      <div className="civq-activity__head">
        <p className="civq-activity__title">{t(`activity.actions.${action}`, { number })}</p>
        {amount !== null && <span className="civq-activity__amount">{formatMoney(lang, amount)}</span>}
      </div>
      {description && <p className="margin-0">{description[lang]}</p>}
      <p className="civq-activity__meta">
        {formatDateTime(lang, entry.occurredAt)}
        {entry.scope.label && <> · {t('activity.account', { number: displayAccount(entry.scope.label) })}</>}
        {typeof d.dueDate === 'string' && <> · {t('activity.due', { date: formatDay(lang, d.dueDate) })}</>}
      </p>
      {status && (
        <p className="margin-y-1">
          <span className="usa-tag" data-testid="activity-status">
            {t(`activity.status.${status}`)}
          </span>
        </p>
      )}
      {link && (
        <Link className="usa-link" to={link}>
          {t(`activity.links.${entry.kind}`, { number })}
        </Link>
      )}
      {entry.receiptUrl && RECEIPT_ACTIONS.has(entry.action) && (
        <a className="usa-link" href={entry.receiptUrl} target="_blank" rel="noreferrer">
          {t('activity.receipt', { number })}
        </a>
      )}
    </li>
  );
}
