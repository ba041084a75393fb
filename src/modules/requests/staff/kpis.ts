import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import type { Bilingual } from '../tables.js';
import type { Kpis } from './schemas.js';

type Row = {
  category_id: string | null;
  open: number;
  overdue: number;
  closed_this_week: number;
  median_days: number | null;
};

/**
 * The queue's figures, overall and by category. Each figure reads only the rows it counts:
 * open and overdue from the open-requests index, the week's closings and the 90-day median
 * from the closed_at index (0014), so none of them scans the million closed requests.
 * "This week" starts Monday 00:00 UTC; the median is over requests closed in the last 90 days.
 */
export const kpisSql = () => sql`
      WITH open AS (
        SELECT coalesce(category_id::text, '*') AS k, count(*)::int AS open, count(*) FILTER (WHERE due_at < now())::int AS overdue
        FROM service_requests WHERE status <> 'closed' GROUP BY ROLLUP (category_id)
      ), closed AS (
        SELECT coalesce(category_id::text, '*') AS k,
          count(*) FILTER (WHERE closed_at >= date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')::int
            AS closed_this_week,
          round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at)) / 86400)::numeric, 1)::float8
            AS median_days
        FROM service_requests
        WHERE status = 'closed' AND closed_at >= now() - interval '90 days'
        GROUP BY ROLLUP (category_id)
      )
      SELECT nullif(coalesce(o.k, c.k), '*') AS category_id,
        coalesce(o.open, 0) AS open, coalesce(o.overdue, 0) AS overdue,
        coalesce(c.closed_this_week, 0) AS closed_this_week, c.median_days
      FROM open o FULL JOIN closed c ON o.k = c.k`;

export async function kpis(tx: Tx): Promise<Kpis> {
  const rows = await queryRows<Row>(tx, kpisSql());
  const categories = await queryRows<{ id: string; code: string; name: Bilingual }>(
    tx,
    sql`SELECT id, code, name FROM request_categories ORDER BY position, code`,
  );
  const figures = (r: Row | undefined) => ({
    open: r?.open ?? 0,
    overdue: r?.overdue ?? 0,
    closedThisWeek: r?.closed_this_week ?? 0,
    medianDaysToClose: r?.median_days ?? null,
  });
  const byId = new Map(rows.filter((r) => r.category_id).map((r) => [r.category_id, r]));
  return {
    ...figures(rows.find((r) => r.category_id === null)),
    byCategory: categories.map((c) => ({ code: c.code, name: c.name, ...figures(byId.get(c.id)) })),
  };
}
