import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { sweepPendingPhotos } from '../../../src/modules/requests/photos.js';
import { addBusinessDays } from '../../../src/modules/requests/reporting.js';
import { HOST, OTHER, residentSuite } from '../../support/resident-suite.js';
import { lastMessage, type ResidentSession } from '../../support/residents.js';
import {
  footprint,
  hasGpsPointer,
  INSIDE,
  jpegWithGps,
  OUTSIDE_POLYGON,
  POTHOLE,
  photoFiles,
  report,
  setUpCatalogue,
  uploadPhoto,
} from './portal-fixture.js';

/**
 * The resident and public side of 311 through the real app: the catalogue and area an admin
 * sets, photos through platform storage (EXIF and GPS gone), anonymous and signed-in filing,
 * every refusal of the contract (localized, nothing written, no file left), the public page
 * (never the reporter, contact or internal notes), claim and follow, and tenant isolation.
 */
describe('311 portal: reporting', () => {
  const s = residentSuite();
  const quiet = { info() {} };
  let maria: ResidentSession;

  beforeAll(async () => {
    await setUpCatalogue(s, s.admin);
    maria = await s.newResident('maria.portal@example.com', 'es');
  });

  const file = async (body: object, opts: { lang?: string; host?: string } = {}) =>
    s.call(null, 'POST', '/api/v1/requests', body, opts);
  const track = (code: string, host = HOST) =>
    s.call(null, 'GET', `/api/v1/requests/track/${code}`, undefined, { host });
  const requestRow = (code: string) =>
    withTenant(s.t.platform.db, s.tenant.id, async (tx) => {
      const [row] = await queryRows<Record<string, unknown>>(
        tx,
        sql`SELECT * FROM service_requests WHERE tracking_code = ${code}`,
      );
      return row!;
    });

  it('gives the catalogue (active only, bilingual questions) and the area; only admins configure it', async () => {
    const cat = await s.call(null, 'GET', '/api/v1/requests/catalogue');
    expect(cat.statusCode, cat.body).toBe(200);
    const categories = cat.json().categories as {
      code: string;
      questions: { key: string }[];
      department: object;
    }[];
    expect(categories.map((c) => c.code)).toEqual(['pothole']);
    expect(categories[0]!.department).toEqual({
      code: 'public_works',
      name: { en: 'Public Works', es: 'Obras Públicas' },
    });
    expect(categories[0]!.questions.map((q) => q.key)).toEqual(['size', 'depth_cm', 'since', 'in_lane']);

    const all = await s.call(s.clerk, 'GET', '/api/v1/requests/admin/categories');
    expect(all.json().categories.map((c: { code: string }) => c.code)).toEqual(['pothole', 'retired']);
    const denied = await s.call(s.clerk, 'PUT', '/api/v1/requests/admin/departments/parks', {
      name: { en: 'Parks', es: 'Parques' },
    });
    expect(denied.statusCode).toBe(403);
    const unknownDept = await s.call(s.admin, 'PUT', '/api/v1/requests/admin/categories/graffiti', {
      ...POTHOLE,
      departmentCode: 'nowhere',
    });
    expect(unknownDept.statusCode).toBe(400);
    expect(unknownDept.json().code).toBe('unknown_department');

    const area = await s.call(null, 'GET', '/api/v1/requests/area');
    expect(area.json()).toMatchObject({
      minLat: 26.19,
      maxLng: -98.19,
      center: { lat: 26.225, lng: -98.225 },
    });
    expect(area.json().polygon.type).toBe('Polygon');
  });

  it('counts the SLA in business days, skipping Saturdays and Sundays', () => {
    const friday = new Date('2026-12-04T15:30:00Z');
    expect(addBusinessDays(friday, 1).toISOString()).toBe('2026-12-07T15:30:00.000Z');
    expect(addBusinessDays(friday, 5).toISOString()).toBe('2026-12-11T15:30:00.000Z');
    const saturday = new Date('2026-12-05T09:00:00Z');
    expect(addBusinessDays(saturday, 1).toISOString()).toBe('2026-12-07T09:00:00.000Z');
  });

  it('files an anonymous report with a photo whose EXIF and GPS are gone when served back', async () => {
    const original = await jpegWithGps();
    const up = await uploadPhoto(s, original);
    expect(up.statusCode, up.body).toBe(201);
    const { photoId } = up.json();

    const res = await file(report({ photoIds: [photoId], language: 'es' }));
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json();
    expect(filed.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    expect(filed.status).toBe('submitted');

    const row = await requestRow(filed.trackingCode);
    expect(row.reporter_email).toBe('begona@example.com');
    expect(row.reporter_phone).toBe('+19565550142');
    expect(row.language).toBe('es');
    expect(new Date(row.due_at as string).toISOString()).toBe(
      addBusinessDays(new Date(filed.submittedAt), 5).toISOString(),
    );

    // Any spelling of the code finds it: lower case, without dashes.
    const page = await track(filed.trackingCode.replace(/-/g, '').toLowerCase());
    expect(page.statusCode, page.body).toBe(200);
    const body = page.json();
    expect(body).toMatchObject({
      trackingCode: filed.trackingCode,
      status: 'submitted',
      location: INSIDE,
      following: false,
    });
    expect(body.updates).toEqual([expect.objectContaining({ kind: 'submitted', toStatus: 'submitted' })]);
    expect(body.photos).toHaveLength(1);

    const photo = await s.call(null, 'GET', body.photos[0].url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    const served = photo.rawPayload;
    const meta = await sharp(served).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(hasGpsPointer(served)).toBe(false);
    expect(served.includes('SECRET-OWNER')).toBe(false);
    expect(served.includes('Exif')).toBe(false);

    // The link is this tenant's: on another entity's host it opens nothing.
    const elsewhere = await s.call(null, 'GET', body.photos[0].url, undefined, { host: OTHER });
    expect(elsewhere.statusCode).toBe(403);
  });

  it('links a signed-in report to the resident: My requests and My Activity show it with its status', async () => {
    const res = await s.call(
      maria,
      'POST',
      '/api/v1/resident/requests',
      report({ contact: undefined, language: 'es' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode } = res.json();
    expect((await requestRow(trackingCode)).reporter_resident_id).toBe(maria.id);

    const mine = await s.call(maria, 'GET', '/api/v1/resident/requests');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().reported.map((r: { trackingCode: string }) => r.trackingCode)).toContain(trackingCode);

    const feed = await s.activity(maria, '?kind=request');
    const item = feed.items.find((i) => i.kind === 'request');
    expect(item, JSON.stringify(feed)).toBeDefined();
    expect(item!.item.status).toBe('submitted');
    expect(JSON.stringify(feed)).toContain(`/portal/requests/track/${trackingCode}`);

    // Without the CSRF token, a cross-site form cannot file in her name.
    const forged = await s.call(maria, 'POST', '/api/v1/resident/requests', report({ contact: undefined }), {
      csrf: null,
    });
    expect(forged.statusCode).toBe(403);
  });

  it('refuses every bad input with a localized problem and writes nothing (rows, events, files)', async () => {
    const photo = (await uploadPhoto(s, await jpegWithGps())).json().photoId as string;
    const photos = await Promise.all(
      [1, 2, 3].map(async () => (await uploadPhoto(s, await jpegWithGps())).json().photoId as string),
    );
    const cases: [string, object, number, string, string][] = [
      ['unknown category', { categoryCode: 'volcano' }, 400, 'unknown_category', 'categoryCode'],
      ['inactive category', { categoryCode: 'retired' }, 400, 'unknown_category', 'categoryCode'],
      ['required answer missing', { answers: { depth_cm: 3 } }, 400, 'answer_required', 'answers.size'],
      ['choice not among the options', { answers: { size: 'huge' } }, 400, 'answer_invalid', 'answers.size'],
      [
        'number that is not one',
        { answers: { size: 'small', depth_cm: 'deep' } },
        400,
        'answer_invalid',
        'answers.depth_cm',
      ],
      [
        'date that is not one',
        { answers: { size: 'small', since: '2026-02-30' } },
        400,
        'answer_invalid',
        'answers.since',
      ],
      [
        'yes/no that is not',
        { answers: { size: 'small', in_lane: 'maybe' } },
        400,
        'answer_invalid',
        'answers.in_lane',
      ],
      ['no location at all', { location: null, address: null }, 400, 'location_required', 'location'],
      [
        'pin outside the box',
        { location: { lat: 29.4, lng: -98.5 } },
        400,
        'location_outside_area',
        'location',
      ],
      ['pin outside the polygon', { location: OUTSIDE_POLYGON }, 400, 'location_outside_area', 'location'],
      ['four photos', { photoIds: [photo, ...photos] }, 400, 'too_many_photos', 'photoIds'],
      [
        'unknown photo',
        { photoIds: ['00000000-0000-4000-8000-000000000000'] },
        400,
        'photo_not_found',
        'photoIds',
      ],
      ['no contact when anonymous', { contact: { name: 'Ana' } }, 400, 'contact_required', 'contact'],
    ];
    const before = await footprint(s.t.platform, s.tenant.id);
    for (const [label, over, status, code, field] of cases) {
      const res = await file(report(over), { lang: 'es' });
      expect(res.statusCode, `${label}: ${res.body}`).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.code, label).toBe(code);
      const fe = problem.errors.find((e: { field: string }) => e.field === field);
      expect(fe, label).toMatchObject({ code });
      expect(fe.message, label).not.toContain('validation.'); // a real sentence, in Spanish
      expect(problem.title).not.toBe(code);
    }
    expect((await file(report({ categoryCode: 'volcano' }), { lang: 'es' })).json().title).toBe(
      'Categoría desconocida',
    );
    expect(await footprint(s.t.platform, s.tenant.id)).toEqual(before);

    // Uploads: too large, not an image, an image that does not decode. Nothing stored.
    const big = Buffer.concat([await jpegWithGps(), Buffer.alloc(8 * 1024 * 1024 + 1)]);
    const uploads: [Buffer, string, number, string][] = [
      [big, 'image/jpeg', 413, 'file_too_large'],
      [
        Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'.repeat(20)),
        'image/jpeg',
        415,
        'file_type_not_allowed',
      ],
      [(await jpegWithGps()).subarray(0, 300), 'image/jpeg', 422, 'file_unreadable'],
    ];
    for (const [body, type, status, code] of uploads) {
      const res = await uploadPhoto(s, body, type, { lang: 'es' });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().code).toBe(code);
    }
    expect(await footprint(s.t.platform, s.tenant.id)).toEqual(before);

    const missing = await track('ABCD-EFGH-JK', HOST);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('request_not_found');
  });

  it('limits reports from one address: the sixth in an hour is refused with 429 and not written', async () => {
    const at = { address: '905 Avenida Palma, Esperanza', location: null };
    for (let i = 0; i < 5; i++) expect((await file(report(at))).statusCode).toBe(201);
    const before = await footprint(s.t.platform, s.tenant.id);
    const res = await file(report({ ...at, address: '905 AVENIDA PALMA, Esperanza' }), { lang: 'es' });
    expect(res.statusCode, res.body).toBe(429);
    expect(res.json()).toMatchObject({ code: 'too_many_reports', title: 'Demasiados reportes' });
    expect(await footprint(s.t.platform, s.tenant.id)).toEqual(before);
  });

  it('limits reports from one client: past 30 an hour, too_many_reports before anything is read', async () => {
    const ip = '10.99.0.7';
    for (let i = 0; i < 30; i++) {
      const res = await s.call(null, 'POST', '/api/v1/requests', report({ categoryCode: 'volcano' }), { ip });
      expect(res.statusCode).toBe(400);
    }
    const res = await s.call(null, 'POST', '/api/v1/requests', report(), { ip, lang: 'es' });
    expect(res.statusCode, res.body).toBe(429);
    expect(res.json()).toMatchObject({ code: 'too_many_reports', title: 'Demasiados reportes' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Another client is not held back.
    expect((await s.call(null, 'POST', '/api/v1/requests', report())).statusCode).toBe(201);
  });

  it('never shows the reporter, contact or internal notes on the public page', async () => {
    const { trackingCode } = (await file(report())).json();
    const { id } = await requestRow(trackingCode);
    await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
      tx.execute(sql`
        INSERT INTO request_updates (request_id, kind, visibility, body, actor_type)
        VALUES (${id as string}, 'internal_note', 'internal', 'INTERNAL: neighbour dispute, do not share', 'staff'),
               (${id as string}, 'public_note', 'public', 'A crew will come on Monday.', 'staff')`),
    );
    const text = (await track(trackingCode)).body;
    expect(text).toContain('A crew will come on Monday.');
    for (const secret of [
      'INTERNAL',
      'Begoña',
      'begona@example.com',
      '5550142',
      '+1956',
      'depth_cm',
      id as string,
    ]) {
      expect(text).not.toContain(secret);
    }
    const asResident = await s.call(maria, 'GET', `/api/v1/resident/requests/track/${trackingCode}`);
    expect(asResident.statusCode).toBe(200);
    expect(asResident.body).not.toContain('INTERNAL');
  });

  it('lets the anonymous reporter claim the report by code and emailed link, and anyone follow it', async () => {
    const { trackingCode } = (
      await file(report({ contact: { email: 'luis.claim@example.com' }, language: 'es' }))
    ).json();
    // A wrong email gets the same answer and no message.
    const wrong = await s.call(null, 'POST', `/api/v1/requests/track/${trackingCode}/claim-link`, {
      email: 'x@example.com',
    });
    expect(wrong.statusCode).toBe(202);
    expect(
      await lastMessage(s.t.platform, s.tenant.id, 'x@example.com', 'request.claim_link'),
    ).toBeUndefined();
    const right = await s.call(null, 'POST', `/api/v1/requests/track/${trackingCode}/claim-link`, {
      email: 'Luis.Claim@example.com',
    });
    expect(right.statusCode).toBe(202);
    const mail = await lastMessage(s.t.platform, s.tenant.id, 'luis.claim@example.com', 'request.claim_link');
    expect(mail?.language).toBe('es');
    const token = /#token=([A-Za-z0-9_.-]+)/.exec(mail!.body_text)![1]!;

    const luis = await s.newResident('luis.claim@example.com', 'es');
    const bad = await s.call(luis, 'POST', '/api/v1/resident/requests/claim', { token: `${token}x` });
    expect(bad.statusCode).toBe(400);
    const claimed = await s.call(luis, 'POST', '/api/v1/resident/requests/claim', { token });
    expect(claimed.statusCode, claimed.body).toBe(200);
    expect(claimed.json()).toEqual({ trackingCode });
    const mine = (await s.call(luis, 'GET', '/api/v1/resident/requests')).json();
    expect(mine.reported.map((r: { trackingCode: string }) => r.trackingCode)).toEqual([trackingCode]);
    const feed = await s.activity(luis, '?kind=request');
    expect(feed.items.some((i) => i.kind === 'request')).toBe(true);

    // Maria follows Luis's request, sees it, then stops.
    const follow = await s.call(maria, 'POST', `/api/v1/resident/requests/track/${trackingCode}/follow`);
    expect(follow.statusCode, follow.body).toBe(204);
    const page = (await s.call(maria, 'GET', `/api/v1/resident/requests/track/${trackingCode}`)).json();
    expect(page.following).toBe(true);
    expect((await s.call(maria, 'GET', '/api/v1/resident/requests')).json().following).toHaveLength(1);
    const feedFollowed = await s.activity(maria, '?kind=request');
    expect(JSON.stringify(feedFollowed)).toContain(trackingCode);
    expect(
      (await s.call(maria, 'DELETE', `/api/v1/resident/requests/track/${trackingCode}/follow`)).statusCode,
    ).toBe(204);
    expect((await s.call(maria, 'GET', '/api/v1/resident/requests')).json().following).toHaveLength(0);
    expect(
      (await s.call(null, 'POST', `/api/v1/resident/requests/track/${trackingCode}/follow`)).statusCode,
    ).toBe(401);
  });

  it('searches service addresses (never names or account ids) and links the report to the account there', async () => {
    const account = await s.openAccount(s.clerk, {
      customerName: 'Héctor Saldaña',
      address: { street: '318 Calle Ébano', city: 'Esperanza', state: 'TX', zip: '78501' },
      pin: { latitude: 26.21, longitude: -98.24 },
    });
    const res = await s.call(null, 'GET', '/api/v1/requests/addresses?q=ebano');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().addresses).toEqual([{ label: '318 Calle Ébano, Esperanza', lat: 26.21, lng: -98.24 }]);
    expect(res.body).not.toContain('Saldaña');
    expect(res.body).not.toContain(account.id);
    expect((await s.call(null, 'GET', '/api/v1/requests/addresses?q=eb')).statusCode).toBe(400);

    const { trackingCode } = (await file(report({ address: '318 Calle Ébano, Esperanza' }))).json();
    expect((await requestRow(trackingCode)).account_id).toBe(account.id);
  });

  it('sweeps photos no report used, file and row', async () => {
    const { photoId } = (await uploadPhoto(s, await jpegWithGps())).json();
    const files = await photoFiles(s.t.platform, s.tenant.id);
    // Not yet an hour old: kept.
    expect(await sweepPendingPhotos(s.t.platform, quiet)).toBe(0);
    await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
      tx.execute(
        sql`UPDATE request_photos SET uploaded_at = now() - interval '2 hours' WHERE request_id IS NULL`,
      ),
    );
    const swept = await sweepPendingPhotos(s.t.platform, quiet);
    expect(swept).toBeGreaterThanOrEqual(1);
    expect(await photoFiles(s.t.platform, s.tenant.id)).toBe(files - swept);
    const left = await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
      queryRows(tx, sql`SELECT id FROM request_photos WHERE id = ${photoId as string}`),
    );
    expect(left).toHaveLength(0);
  });

  it('shows another entity nothing: its catalogue, area, pages and admin are its own', async () => {
    const { trackingCode } = (await file(report())).json();
    expect((await track(trackingCode, OTHER)).statusCode).toBe(404);
    expect(
      (await s.call(null, 'GET', '/api/v1/requests/catalogue', undefined, { host: OTHER })).json(),
    ).toEqual({ categories: [] });
    expect((await s.call(null, 'GET', '/api/v1/requests/area', undefined, { host: OTHER })).statusCode).toBe(
      404,
    );
    const admin = await s.call(s.otherClerk, 'GET', '/api/v1/requests/admin/categories', undefined, {
      host: OTHER,
    });
    expect(admin.json()).toEqual({ categories: [] });
    const filedThere = await file(report(), { host: OTHER });
    expect(filedThere.json().code).toBe('unknown_category');
    // A staff session of one entity is nothing on another's host.
    expect((await s.call(s.otherClerk, 'GET', '/api/v1/requests/admin/categories')).statusCode).toBe(401);
  });
});
