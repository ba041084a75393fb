import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../api.ts';
import { Loading } from '../../components/Loading.tsx';
import { PageHeading } from '../../components/SiteLayout.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { BASE, filterParams, readFilters, useQueue, type QueueFilters } from './api.ts';
import { Kpis } from './Kpis.tsx';
import { QueueFiltersForm } from './QueueFilters.tsx';
import { QueueTable } from './QueueTable.tsx';
import { RequestsMap } from './RequestsMap.tsx';
import { RequestsNav } from './RequestsNav.tsx';

type View = 'list' | 'map';

/** 311 Requests home: KPIs, then the work queue as a list or a map, with filters in the address. */
export function RequestsHome() {
  const { t } = useTranslation('dashboard');
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const view: View = params.get('view') === 'map' ? 'map' : 'list';
  // Open on a wide screen; on a phone the filters fold away above the results.
  const [filtersOpen, setFiltersOpen] = useState(() => window.matchMedia('(min-width: 40em)').matches);

  const href = (f: Omit<QueueFilters, 'page'> & { page?: number }, v: View = view) => {
    const p = filterParams(f);
    if (v === 'map') {
      p.set('view', 'map');
      p.delete('page');
    }
    const search = p.toString();
    return search ? `${BASE}?${search}` : BASE;
  };

  return (
    <>
      <PageHeading>{t('modules.requests.title')}</PageHeading>
      <RequestsNav current="queue" />
      <Kpis />
      <section className="civq-req-section" aria-labelledby="queue-title">
        <div className="civq-toolbar">
          <h2 id="queue-title" className="margin-0">
            {t('requests.queue.title')}
          </h2>
          <nav aria-label={t('requests.view.label')}>
            <ul className="civq-req-switch">
              {(['list', 'map'] as const).map((v) => (
                <li key={v}>
                  <Link
                    className={`usa-button ${v === view ? '' : 'usa-button--outline'}`}
                    to={href({ ...filters, page: 1 }, v)}
                    aria-current={v === view ? 'page' : undefined}
                    data-testid={`view-${v}`}
                  >
                    {t(`requests.view.${v}`)}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
        <details
          className="civq-req-filterbox"
          open={filtersOpen}
          onToggle={(e) => setFiltersOpen(e.currentTarget.open)}
        >
          <summary>
            {t('requests.filters.summary', {
              count: [...filterParams({ ...filters, page: 1 }).keys()].length,
            })}
          </summary>
          <QueueFiltersForm
            filters={filters}
            clearHref={href({ page: 1 })}
            onApply={(f) => setParams(new URLSearchParams(href({ ...f, page: 1 }).split('?')[1] ?? ''))}
          />
        </details>
        {view === 'list' ? <QueueList filters={filters} href={href} /> : <RequestsMap filters={filters} />}
      </section>
    </>
  );
}

function QueueList({ filters, href }: { filters: QueueFilters; href: (f: QueueFilters) => string }) {
  const { t } = useTranslation('dashboard');
  const queue = useQueue(filters);
  const data = queue.data;
  if (queue.isPending) return <Loading />;
  if (queue.error instanceof ApiError) return <ProblemAlert problem={queue.error} />;
  if (!data) return null;
  const from = (data.page - 1) * data.pageSize + 1;
  return (
    <div aria-busy={queue.isFetching || undefined}>
      {data.items.length === 0 ? (
        <div className="civq-req-empty" data-testid="queue-empty">
          <p className="margin-0">
            {data.page > 1 ? t('requests.queue.pastEnd') : t('requests.queue.empty')}
          </p>
        </div>
      ) : (
        <QueueTable items={data.items} caption={t('requests.queue.caption')} />
      )}
      {(data.page > 1 || data.hasMore) && (
        <nav className="civq-pager" aria-label={t('requests.pager.label')} data-testid="pager">
          <p className="civq-pager__status" aria-live="polite">
            {t('requests.pager.showing', { from, to: from + data.items.length - 1 })}
          </p>
          <ul className="civq-pager__links">
            {data.page > 1 && (
              <li>
                <Link
                  className="usa-button usa-button--outline"
                  to={href({ ...filters, page: data.page - 1 })}
                  rel="prev"
                >
                  {t('requests.pager.previous')}
                </Link>
              </li>
            )}
            <li className="civq-pager__page">{t('requests.pager.page', { page: data.page })}</li>
            {data.hasMore && (
              <li>
                <Link
                  className="usa-button usa-button--outline"
                  to={href({ ...filters, page: data.page + 1 })}
                  rel="next"
                >
                  {t('requests.pager.next')}
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
    </div>
  );
}
