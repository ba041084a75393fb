import { beforeAll, describe, expect, it } from 'vitest';
import { accountTypeFactory, utilityAccountFactory } from '../../support/factories.js';
import { catalogueFactory, requestFactory, type Catalogue } from '../../support/requests-factory.js';
import { staffSuite } from '../../support/staff-suite.js';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

type Item = { id: string; trackingCode: string; status: string; overdue: boolean; address: string | null };

describe('staff work queue: list, filters, map, staff list, account requests', () => {
  const s = staffSuite({
    city: { slug: 'queue', host: 'queue.city.test' },
    other: { slug: 'otherqueue', host: 'otherqueue.city.test' },
  });
  let cat: Catalogue;
  let clerkId: string;
  let adminId: string;
  let accountId: string;
  const r: Record<string, { id: string; trackingCode: string }> = {};

  beforeAll(async () => {
    const w = { platform: s.t.platform, tenant: s.tenant };
    cat = await catalogueFactory(w);
    const otherCat = await catalogueFactory({ platform: s.t.platform, tenant: s.other });
    const staff = (await s.ok(await s.call(s.viewer, 'GET', '/api/v1/requests/staff'))).staff as {
      id: string;
      name: string;
    }[];
    clerkId = staff.find((x) => x.name === 'clerk')!.id;
    adminId = staff.find((x) => x.name === 'admin')!.id;
    await accountTypeFactory(w);
    accountId = (await utilityAccountFactory(w)).id;
    const pothole = { categoryId: cat.pothole, departmentId: cat.streets };
    const leak = { categoryId: cat.leak, departmentId: cat.water };
    // overdue, assigned to the clerk, on the map
    r.sol = await requestFactory(w, {
      ...pothole,
      address: '412 Calle Sol',
      lat: 26.2,
      lng: -98.23,
      submittedAt: ago(10),
      dueAt: ago(5),
      assigneeId: clerkId,
      accountId,
    });
    // not yet due, unassigned, outside the viewport
    r.oak = await requestFactory(w, {
      ...leak,
      status: 'acknowledged',
      address: '18  Oak Street',
      lat: 26.5,
      lng: -98.5,
      submittedAt: ago(3),
      dueAt: ago(-2),
    });
    // closed, on the map but closed
    r.luna = await requestFactory(w, {
      ...pothole,
      status: 'closed',
      address: '500 Calle Luna',
      lat: 26.21,
      lng: -98.22,
      submittedAt: ago(20),
      dueAt: ago(15),
      accountId,
    });
    // in progress, on a fixed day, assigned to the admin
    r.sombra = await requestFactory(w, {
      ...pothole,
      status: 'in_progress',
      address: '7 Calle Sombra',
      lat: 26.19,
      lng: -98.24,
      submittedAt: new Date('2026-01-15T12:00:00Z'),
      dueAt: new Date('2026-01-22T12:00:00Z'),
      assigneeId: adminId,
    });
    // 55 for paging, one per hour in the last days
    for (let i = 0; i < 55; i++)
      r[`p${i}`] = await requestFactory(w, {
        ...leak,
        address: `${100 + i} Paging Lane`,
        submittedAt: new Date(Date.now() - (i + 1) * 3_600_000),
      });
    // another tenant's request with the same address
    await requestFactory(
      { platform: s.t.platform, tenant: s.other },
      { categoryId: otherCat.pothole, departmentId: otherCat.streets, address: '412 Calle Sol' },
    );
  });

  const queue = async (qs: string, who = s.viewer) =>
    (await s.ok(await s.call(who, 'GET', `/api/v1/requests/queue?${qs}`))) as {
      items: Item[];
      page: number;
      pageSize: number;
      hasMore: boolean;
    };
  const codes = (items: Item[]) => items.map((i) => i.trackingCode);

  it('filters by status, open, category, department, assignee, overdue and dates', async () => {
    expect(codes((await queue('status=closed')).items)).toEqual([r.luna!.trackingCode]);
    expect(codes((await queue('status=in_progress')).items)).toEqual([r.sombra!.trackingCode]);
    const open = await queue('status=open&q=calle');
    expect(codes(open.items).sort()).toEqual([r.sol!.trackingCode, r.sombra!.trackingCode].sort());
    expect(codes((await queue('category=pothole&sort=oldest')).items)).toEqual([
      r.sombra!.trackingCode,
      r.luna!.trackingCode,
      r.sol!.trackingCode,
    ]);
    expect((await queue('department=water')).items).toHaveLength(50);
    expect(codes((await queue('department=water&status=acknowledged')).items)).toEqual([r.oak!.trackingCode]);
    expect(codes((await queue(`assignee=${clerkId}`)).items)).toEqual([r.sol!.trackingCode]);
    expect(codes((await queue('assignee=me', s.admin)).items)).toEqual([r.sombra!.trackingCode]);
    expect(codes((await queue('assignee=none&category=pothole')).items)).toEqual([r.luna!.trackingCode]);
    const overdue = await queue('overdue=true&sort=oldest');
    expect(codes(overdue.items)).toEqual([r.sombra!.trackingCode, r.sol!.trackingCode]);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
    expect(codes((await queue('from=2026-01-15&to=2026-01-15')).items)).toEqual([r.sombra!.trackingCode]);
    expect((await queue('from=2026-01-16&to=2026-01-16')).items).toEqual([]);
    expect((await queue('category=nothing')).items).toEqual([]);
  });

  it('searches the address from the house number or from the street, any case and spacing', async () => {
    expect(codes((await queue('q=412%20calle')).items)).toEqual([r.sol!.trackingCode]);
    expect(codes((await queue('q=CALLE%20%20SOL')).items)).toEqual([r.sol!.trackingCode]);
    expect(codes((await queue('q=oak%20st')).items)).toEqual([r.oak!.trackingCode]);
    expect(codes((await queue('q=calle%20s&sort=oldest')).items)).toEqual([
      r.sombra!.trackingCode,
      r.sol!.trackingCode,
    ]);
    expect((await queue('q=sol')).items).toEqual([]); // a prefix, not a word in the middle
  });

  it('pages by 50 with hasMore, newest first by default', async () => {
    const first = await queue('q=paging');
    expect(first).toMatchObject({ page: 1, pageSize: 50, hasMore: true });
    expect(codes(first.items)).toEqual(Array.from({ length: 50 }, (_, i) => r[`p${i}`]!.trackingCode));
    const second = await queue('q=paging&page=2');
    expect(second.hasMore).toBe(false);
    expect(codes(second.items)).toEqual([50, 51, 52, 53, 54].map((i) => r[`p${i}`]!.trackingCode));
    const oldest = await queue('q=paging&sort=oldest&page=2');
    expect(codes(oldest.items)).toEqual([4, 3, 2, 1, 0].map((i) => r[`p${i}`]!.trackingCode));
  });

  it('answers a queue item with category, department, assignee and due date', async () => {
    const [item] = (await queue(`q=412`)).items as unknown as Record<string, unknown>[];
    expect(item).toMatchObject({
      id: r.sol!.id,
      category: { code: 'pothole', name: { en: 'Pothole', es: 'Bache' } },
      department: { code: 'streets', name: { en: 'Streets', es: 'Calles' } },
      status: 'submitted',
      address: '412 Calle Sol',
      lat: 26.2,
      lng: -98.23,
      overdue: true,
      assignee: { id: clerkId, name: 'clerk' },
      source: 'portal',
      duplicateOf: null,
    });
  });

  it('refuses bad filters with localized field errors', async () => {
    const res = await s.call(
      s.viewer,
      'GET',
      '/api/v1/requests/queue?status=lost&from=15-01-2026',
      undefined,
      {
        lang: 'es',
      },
    );
    const body = await s.ok(res, 400);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'status']);
    expect((await s.call(s.viewer, 'GET', '/api/v1/requests/queue?assignee=someone')).statusCode).toBe(400);
  });

  it('shows open requests in a viewport on the map, all statuses when asked, truncating at 2,000', async () => {
    const box = 'minLat=26.1&minLng=-98.3&maxLat=26.3&maxLng=-98.2';
    const map = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/map?${box}`));
    expect(map.truncated).toBe(false);
    expect(map.points.map((p: { trackingCode: string }) => p.trackingCode).sort()).toEqual(
      [r.sol!.trackingCode, r.sombra!.trackingCode].sort(),
    );
    expect(map.points.find((p: { id: string }) => p.id === r.sol!.id)).toEqual({
      id: r.sol!.id,
      trackingCode: r.sol!.trackingCode,
      lat: 26.2,
      lng: -98.23,
      status: 'submitted',
      categoryCode: 'pothole',
      overdue: true,
    });
    const closed = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/map?${box}&status=closed`));
    expect(closed.points.map((p: { id: string }) => p.id)).toEqual([r.luna!.id]);
    const mine = await s.ok(await s.call(s.clerk, 'GET', `/api/v1/requests/map?${box}&assignee=me`));
    expect(mine.points.map((p: { id: string }) => p.id)).toEqual([r.sol!.id]);
    expect((await s.call(s.viewer, 'GET', '/api/v1/requests/map?minLat=26.1')).statusCode).toBe(400);
  });

  it('lists the staff who may work requests (not viewers)', async () => {
    const staff = await s.ok(await s.call(s.viewer, 'GET', '/api/v1/requests/staff'));
    expect(staff.staff.map((x: { name: string }) => x.name)).toEqual(['admin', 'clerk']);
  });

  it("lists a utility account's open requests, and shows the account on the request", async () => {
    const byAccount = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/by-account/${accountId}`));
    expect(byAccount.items.map((i: Item) => i.id)).toEqual([r.sol!.id]);
    const view = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/${r.sol!.id}`));
    expect(view.account).toEqual({
      id: accountId,
      number: expect.any(String),
      customerName: 'María Peña Garza',
    });
  });

  it("shows another tenant's staff nothing", async () => {
    const theirs = await s.ok(
      await s.call(s.otherAdmin, 'GET', '/api/v1/requests/queue?q=412', undefined, { host: s.otherHost }),
    );
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0].id).not.toBe(r.sol!.id);
    const view = await s.call(s.otherAdmin, 'GET', `/api/v1/requests/${r.sol!.id}`, undefined, {
      host: s.otherHost,
    });
    expect(view.statusCode).toBe(404);
    expect(view.json().code).toBe('request_not_found');
    const byAccount = await s.ok(
      await s.call(s.otherAdmin, 'GET', `/api/v1/requests/by-account/${accountId}`, undefined, {
        host: s.otherHost,
      }),
    );
    expect(byAccount.items).toEqual([]);
    const map = await s.ok(
      await s.call(
        s.otherAdmin,
        'GET',
        '/api/v1/requests/map?minLat=26.1&minLng=-98.3&maxLat=26.3&maxLng=-98.2',
        undefined,
        {
          host: s.otherHost,
        },
      ),
    );
    expect(map.points).toEqual([]);
  });

  it('needs a staff session', async () => {
    expect((await s.call(null, 'GET', '/api/v1/requests/queue')).statusCode).toBe(401);
    expect((await s.call(null, 'GET', `/api/v1/requests/${r.sol!.id}`)).statusCode).toBe(401);
  });
});
