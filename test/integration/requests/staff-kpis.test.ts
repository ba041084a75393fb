import { beforeAll, describe, expect, it } from 'vitest';
import { catalogueFactory, requestFactory, type Catalogue } from '../../support/requests-factory.js';
import { staffSuite } from '../../support/staff-suite.js';

const DAY = 86_400_000;

/** Monday 00:00 UTC of this week: the start of "closed this week". */
function weekStart(now = new Date()): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
}

describe('staff queue KPIs', () => {
  const s = staffSuite({
    city: { slug: 'kpis', host: 'kpis.city.test' },
    other: { slug: 'otherkpis', host: 'otherkpis.city.test' },
  });
  let cat: Catalogue;

  beforeAll(async () => {
    const w = { platform: s.t.platform, tenant: s.tenant };
    cat = await catalogueFactory(w);
    const pothole = { categoryId: cat.pothole, departmentId: cat.streets };
    const leak = { categoryId: cat.leak, departmentId: cat.water };
    const now = Date.now();
    const monday = weekStart().getTime();
    // open: 3 potholes (2 overdue), 1 leak (overdue)
    await requestFactory(w, {
      ...pothole,
      submittedAt: new Date(now - 10 * DAY),
      dueAt: new Date(now - 3 * DAY),
    });
    await requestFactory(w, {
      ...pothole,
      status: 'in_progress',
      submittedAt: new Date(now - 8 * DAY),
      dueAt: new Date(now - DAY),
    });
    await requestFactory(w, { ...pothole, submittedAt: new Date(now - DAY), dueAt: new Date(now + 4 * DAY) });
    await requestFactory(w, {
      ...leak,
      status: 'acknowledged',
      submittedAt: new Date(now - 7 * DAY),
      dueAt: new Date(now - 2 * DAY),
    });
    // closed this week: potholes after 2 and 4 days, a leak after 1.5 days
    const closed = (c: typeof pothole, closedAt: number, days: number) =>
      requestFactory(w, {
        ...c,
        status: 'closed',
        submittedAt: new Date(closedAt - days * DAY),
        dueAt: new Date(closedAt - days * DAY + 5 * DAY),
        closedAt: new Date(closedAt),
      });
    await closed(pothole, monday + 1000, 2);
    await closed(pothole, monday + 2000, 4);
    await closed(leak, monday + 3000, 1.5);
    // closed last week (counts in the median only), and 100 days ago (counts nowhere)
    await closed(leak, monday - DAY, 9);
    await closed(leak, now - 100 * DAY, 1);
    // another city's request counts for it, not here
    const other = await catalogueFactory({ platform: s.t.platform, tenant: s.other });
    await requestFactory(
      { platform: s.t.platform, tenant: s.other },
      {
        categoryId: other.pothole,
        departmentId: other.streets,
        dueAt: new Date(now - DAY),
        submittedAt: new Date(now - 9 * DAY),
      },
    );
  });

  it('counts open, overdue, closed this week and the median days to close, overall and by category', async () => {
    const kpis = await s.ok(await s.call(s.viewer, 'GET', '/api/v1/requests/kpis'));
    expect(kpis).toEqual({
      open: 4,
      overdue: 3,
      closedThisWeek: 3,
      medianDaysToClose: 3, // of 2, 4, 9 and 1.5 days
      byCategory: [
        {
          code: 'pothole',
          name: { en: 'Pothole', es: 'Bache' },
          open: 3,
          overdue: 2,
          closedThisWeek: 2,
          medianDaysToClose: 3,
        },
        {
          code: 'leak',
          name: { en: 'Water leak', es: 'Fuga de agua' },
          open: 1,
          overdue: 1,
          closedThisWeek: 1,
          medianDaysToClose: 5.3,
        },
      ],
    });
  });

  it("gives another city's staff their own figures", async () => {
    const kpis = await s.ok(
      await s.call(s.otherAdmin, 'GET', '/api/v1/requests/kpis', undefined, { host: s.otherHost }),
    );
    expect(kpis).toMatchObject({ open: 1, overdue: 1, closedThisWeek: 0, medianDaysToClose: null });
    expect(kpis.byCategory.map((c: { open: number }) => c.open)).toEqual([1, 0]);
  });

  it('needs a staff session', async () => {
    expect((await s.call(null, 'GET', '/api/v1/requests/kpis')).statusCode).toBe(401);
  });
});
