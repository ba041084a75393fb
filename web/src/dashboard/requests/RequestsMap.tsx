import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { useLanguage } from '../../hooks.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableRegion } from '../../ui/TableRegion.tsx';
import { useSession } from '../session.tsx';
import {
  API,
  BASE,
  groupCode,
  REQUESTS_KEY,
  STATUSES,
  useCategories,
  useMapPoints,
  type Bounds,
  type QueueFilters,
} from './api.ts';
import { OverdueTag, StatusTag } from './labels.tsx';

// Leaflet loads only when the map view opens, not with the rest of the dashboard.
const LeafletRequestsMap = lazy(() => import('./LeafletRequestsMap.tsx'));

type PublicArea = Bounds & { center: { lat: number; lng: number } };

/** At most this many points are listed under the map; the map itself draws them all. */
const LIST_MAX = 200;

/**
 * The queue on a map: points for the viewport load as it moves (with the queue's filters),
 * drawn as circles colored by status; the same points are listed below for keyboard and
 * screen-reader users.
 */
export function RequestsMap({ filters }: { filters: QueueFilters }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { get } = useSession();
  const area = useQuery({
    queryKey: [...REQUESTS_KEY, 'public-area'],
    queryFn: () => get<PublicArea>(`${API}/area`),
    staleTime: Infinity,
  });
  const [bounds, setBounds] = useState<Bounds | null>(null);
  const points = useMapPoints(bounds, filters);
  const categories = new Map((useCategories().data?.categories ?? []).map((c) => [c.code, c.name[lang]]));
  const list = points.data?.points ?? [];

  return (
    <div className="civq-req-mapview" data-testid="map-view">
      <p className="usa-hint" id="map-hint">
        {t('requests.map.hint')}
      </p>
      <ul className="civq-req-legend" aria-label={t('requests.map.legend')}>
        {STATUSES.map((s) => (
          <li key={s}>
            <span className={`civq-req-dot civq-req-dot--${s}`} aria-hidden="true" />
            {t(`requests.status.${s}`)}
          </li>
        ))}
        <li>
          <span className="civq-req-dot civq-req-dot--overdue" aria-hidden="true" />
          {t('requests.overdue')}
        </li>
      </ul>
      {area.error instanceof ApiError && <ProblemAlert problem={area.error} />}
      {area.data && (
        <Suspense
          fallback={<div className="civq-req-map civq-req-map--loading">{t('requests.map.loading')}</div>}
        >
          <LeafletRequestsMap area={area.data} points={list} onBounds={setBounds} describedBy="map-hint" />
        </Suspense>
      )}
      {points.error instanceof ApiError && <ProblemAlert problem={points.error} />}
      {points.data && (
        <section aria-labelledby="map-list-title" className="civq-req-maplist">
          <h3 id="map-list-title">{t('requests.map.listTitle')}</h3>
          <p aria-live="polite" data-testid="map-count">
            {points.data.truncated || list.length > LIST_MAX
              ? t('requests.map.countMore', { shown: formatNumber(lang, Math.min(list.length, LIST_MAX)) })
              : t('requests.map.count', { count: list.length })}
          </p>
          {list.length > 0 && (
            <TableRegion label={t('requests.map.listTitle')}>
              <table className="usa-table usa-table--borderless usa-table--stacked-header civq-table">
                <caption className="usa-sr-only">{t('requests.map.listTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('requests.queue.columns.code')}</th>
                    <th scope="col">{t('requests.queue.columns.category')}</th>
                    <th scope="col">{t('requests.queue.columns.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.slice(0, LIST_MAX).map((p) => (
                    <tr key={p.id} data-testid="map-list-row" data-code={p.trackingCode}>
                      <th scope="row" data-label={t('requests.queue.columns.code')}>
                        <Link className="usa-link" to={`${BASE}/${p.id}`}>
                          {groupCode(p.trackingCode)}
                        </Link>
                      </th>
                      <td data-label={t('requests.queue.columns.category')}>
                        {categories.get(p.categoryCode) ?? p.categoryCode}
                      </td>
                      <td data-label={t('requests.queue.columns.status')}>
                        <span className="civq-req-tags">
                          <StatusTag status={p.status} />
                          {p.overdue && <OverdueTag />}
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
        </section>
      )}
    </div>
  );
}
