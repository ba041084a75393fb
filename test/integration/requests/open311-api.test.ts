import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/db/client.js';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { saveArea } from '../../../src/modules/requests/area.js';
import { saveCategory, saveDepartment, type CategoryInput } from '../../../src/modules/requests/catalogue.js';
import { fileReport } from '../../../src/modules/requests/reporting.js';
import { PUBLIC_ACTOR } from '../../../src/events/types.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { json, validJson, validXml } from '../../support/open311-schemas.js';
import { staffSuite } from '../../support/staff-suite.js';

const HOST = 'o311.city.test';
const OTHER = 'o311.other.test';
const JURISDICTION = 'esperanza.tx.us';
const IN_AREA = { lat: '26.2', long: '-98.2' };

const bi = (en: string, es: string) => ({ en, es });
const pothole: CategoryInput = {
  name: bi('Pothole', 'Bache'),
  description: bi('A hole in the street', 'Un hoyo en la calle'),
  departmentCode: 'public_works',
  slaBusinessDays: 5,
  locationRequired: true,
  questions: [
    {
      key: 'size',
      type: 'single_choice',
      label: bi('How big is it?', '¿Qué tan grande es?'),
      required: true,
      options: [
        { value: 'small', label: bi('Small', 'Pequeño') },
        { value: 'large', label: bi('Large', 'Grande') },
      ],
    },
    { key: 'depth_cm', type: 'number', label: bi('Depth (cm)', 'Profundidad (cm)'), required: false },
    { key: 'in_lane', type: 'yes_no', label: bi('In a traffic lane?', '¿En un carril?'), required: false },
    { key: 'noticed_on', type: 'date', label: bi('Noticed on', 'Visto el'), required: false },
    {
      key: 'hazards',
      type: 'multiple_choice',
      label: bi('Hazards', 'Peligros'),
      required: false,
      options: [
        { value: 'water', label: bi('Water', 'Agua') },
        { value: 'debris', label: bi('Debris', 'Escombros') },
      ],
    },
    { key: 'details', type: 'text', label: bi('Anything else?', '¿Algo más?'), required: false },
  ],
  active: true,
  position: 1,
};
const graffiti: CategoryInput = {
  ...pothole,
  name: bi('Graffiti', 'Grafiti'),
  description: bi('Paint on walls', 'Pintura en paredes'),
  locationRequired: false,
  questions: [],
  position: 2,
};
const retired: CategoryInput = { ...graffiti, name: bi('Old', 'Viejo'), active: false, position: 3 };

async function catalogue(tx: Tx) {
  await saveDepartment(tx, 'public_works', bi('Public Works', 'Obras Públicas'));
  await saveCategory(tx, 'pothole', pothole);
  await saveCategory(tx, 'graffiti', graffiti);
  await saveCategory(tx, 'retired', retired);
  await saveArea(tx, {
    minLat: 26,
    minLng: -98.5,
    maxLat: 26.5,
    maxLng: -98,
    polygon: null,
    jurisdictionId: JURISDICTION,
  });
}

describe('Open311 GeoReport v2', () => {
  const s = staffSuite({
    city: { slug: 'o311city', host: HOST },
    other: { slug: 'o311other', host: OTHER },
  });
  let tenant: Tenant;
  let key: string;
  let keyId: string;
  let otherKey: string;

  const get = (url: string, headers: Record<string, string> = {}) =>
    s.t.app.inject({ method: 'GET', url, headers: { host: HOST, ...headers } });
  const post = (fmt: 'json' | 'xml', form: Record<string, string | string[]>, host = HOST) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return s.t.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${fmt}`,
      headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
  };
  const inCity = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(s.t.platform.db, tenant.id, fn);
  const counts = () =>
    inCity(async (tx) => {
      const [row] = await queryRows<{ requests: number; updates: number; events: number }>(
        tx,
        sql`SELECT (SELECT count(*) FROM service_requests)::int AS requests,
                   (SELECT count(*) FROM request_updates)::int AS updates,
                   (SELECT count(*) FROM domain_events WHERE type = 'request.submitted')::int AS events`,
      );
      return row!;
    });
  const expectError = (res: { statusCode: number; body: string }, fmt: 'json' | 'xml', status: number) => {
    expect(res.statusCode, res.body).toBe(status);
    if (fmt === 'json') {
      const errors = validJson('errors', res.body);
      expect(errors.every((e) => e.code === status)).toBe(true);
      return errors.map((e) => e.description);
    }
    const errors = validXml('errors', res.body).errors.error;
    expect(errors.every((e) => e.code === String(status))).toBe(true);
    return errors.map((e) => e.description);
  };
  const validPothole = {
    service_code: 'pothole',
    ...IN_AREA,
    description: 'Deep hole',
    'attribute[size]': 'large',
  };

  beforeAll(async () => {
    tenant = s.tenant;
    await inCity(catalogue);
    await withTenant(s.t.platform.db, s.other.id, catalogue);
    const issued = await s.ok(
      await s.call(s.admin, 'POST', '/api/v1/requests/admin/open311-keys', { label: 'Street app' }),
      201,
    );
    key = issued.key;
    keyId = issued.id;
    otherKey = (
      await s.ok(
        await s.call(
          s.otherAdmin,
          'POST',
          '/api/v1/requests/admin/open311-keys',
          { label: 'x' },
          { host: OTHER },
        ),
        201,
      )
    ).key;
  });

  describe('discovery and services', () => {
    it('serves discovery in JSON and XML', async () => {
      const j = validJson('discovery', (await get('/open311/v2/discovery.json')).body);
      expect(j.endpoints[0]!.url).toBe(`http://${HOST}/open311/v2`);
      expect(j.endpoints[0]!.formats).toEqual(['application/json', 'text/xml']);
      const res = await get('/open311/v2/discovery.xml');
      expect(res.headers['content-type']).toMatch(/^text\/xml; charset=utf-8/);
      const x = validXml('discovery', res.body);
      expect(x.discovery.endpoints.endpoint[0]!.formats.format).toEqual(['application/json', 'text/xml']);
    });

    it('lists the active categories as services, in the language asked for', async () => {
      const en = validJson('services', (await get('/open311/v2/services.json')).body);
      expect(en.map((x) => x.service_code)).toEqual(['pothole', 'graffiti']);
      expect(en[0]).toMatchObject({
        service_name: 'Pothole',
        metadata: true,
        type: 'realtime',
        group: 'Public Works',
      });
      expect(en[0]!.keywords).toContain('Bache');
      expect(en[1]!.metadata).toBe(false);
      const es = validJson(
        'services',
        (await get('/open311/v2/services.json', { 'accept-language': 'es' })).body,
      );
      expect(es[0]).toMatchObject({
        service_name: 'Bache',
        description: 'Un hoyo en la calle',
        group: 'Obras Públicas',
      });
      const param = validJson('services', (await get('/open311/v2/services.json?lang=es')).body);
      expect(param[0]!.service_name).toBe('Bache');
      const x = validXml('services', (await get('/open311/v2/services.xml?lang=es')).body);
      const list = x.services === '' ? [] : x.services.service;
      expect(list.map((v) => [v.service_code, v.service_name, v.metadata])).toEqual([
        ['pothole', 'Bache', 'true'],
        ['graffiti', 'Grafiti', 'false'],
      ]);
    });

    it('describes a service with its questions as attributes', async () => {
      const def = validJson('serviceDefinition', (await get('/open311/v2/services/pothole.json')).body);
      expect(def.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
        ['size', 'singlevaluelist', true, 1],
        ['depth_cm', 'number', false, 2],
        ['in_lane', 'singlevaluelist', false, 3],
        ['noticed_on', 'datetime', false, 4],
        ['hazards', 'multivaluelist', false, 5],
        ['details', 'text', false, 6],
      ]);
      expect(def.attributes[0]!.values).toEqual([
        { key: 'small', name: 'Small' },
        { key: 'large', name: 'Large' },
      ]);
      const x = validXml('serviceDefinition', (await get('/open311/v2/services/pothole.xml?lang=es')).body);
      const attrs = x.service_definition.attributes === '' ? [] : x.service_definition.attributes.attribute;
      expect(attrs[2]).toMatchObject({ code: 'in_lane', description: '¿En un carril?' });
      expect(attrs[2]!.values!.value).toEqual([
        { key: 'true', name: 'Sí' },
        { key: 'false', name: 'No' },
      ]);
      const none = validXml('serviceDefinition', (await get('/open311/v2/services/graffiti.xml')).body);
      expect(none.service_definition.attributes).toBe('');
    });

    it('answers an unknown or turned-off service 404 in the spec error format', async () => {
      for (const fmt of ['json', 'xml'] as const) {
        for (const code of ['nothing', 'retired']) {
          const [d] = expectError(await get(`/open311/v2/services/${code}.${fmt}`), fmt, 404);
          expect(d).toContain(code);
        }
      }
      const [es] = expectError(
        await get('/open311/v2/services/nothing.json', { 'accept-language': 'es' }),
        'json',
        404,
      );
      expect(es).toMatch(/No hay ningún servicio/);
      expectError(await get('/open311/v2/nothing.json'), 'json', 404);
      expectError(await get('/open311/v2/services.csv'), 'json', 404);
    });

    it('checks jurisdiction_id against this entity', async () => {
      expect((await get(`/open311/v2/services.json?jurisdiction_id=${JURISDICTION}`)).statusCode).toBe(200);
      const [d] = expectError(
        await get('/open311/v2/services.xml?jurisdiction_id=elsewhere.gov'),
        'xml',
        404,
      );
      expect(d).toContain('elsewhere.gov');
      const before = await counts();
      expectError(
        await post('json', { ...validPothole, api_key: key, jurisdiction_id: 'elsewhere.gov' }),
        'json',
        404,
      );
      expect(await counts()).toEqual(before);
    });
  });

  describe('posting requests', () => {
    it('files a request with a valid key into the staff queue (source open311), JSON and XML', async () => {
      const before = await counts();
      const res = await post('json', {
        ...validPothole,
        api_key: key,
        'attribute[depth_cm]': '12',
        'attribute[in_lane]': 'true',
        'attribute[noticed_on]': '2026-12-01T10:00:00Z',
        'attribute[hazards][]': ['water', 'debris'],
        email: 'Ana@Example.com',
        first_name: 'Ana',
        last_name: 'Ruiz',
        phone: '(956) 555-0100',
        media_url: 'https://img.example.com/p.jpg',
      });
      expect(res.statusCode, res.body).toBe(201);
      const [answer] = validJson('postResponse', res.body);
      expect(answer!.service_request_id).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
      expect(answer!.service_notice).toContain(answer!.service_request_id);
      const [row] = await inCity((tx) =>
        queryRows<Record<string, unknown>>(
          tx,
          sql`SELECT source, status, open311_token, reporter_email, reporter_name, reporter_phone, answers,
                     description, lat, lng, language
              FROM service_requests WHERE tracking_code = ${answer!.service_request_id}`,
        ),
      );
      expect(row).toMatchObject({
        source: 'open311',
        status: 'submitted',
        open311_token: answer!.token,
        reporter_email: 'ana@example.com',
        reporter_name: 'Ana Ruiz',
        reporter_phone: '+19565550100',
        answers: {
          size: 'large',
          depth_cm: 12,
          in_lane: true,
          noticed_on: '2026-12-01',
          hazards: ['water', 'debris'],
        },
        lat: 26.2,
        lng: -98.2,
        language: 'en',
      });
      expect(row!.description).toBe('Deep hole\n\nPhoto: https://img.example.com/p.jpg');
      expect(await counts()).toEqual({
        requests: before.requests + 1,
        updates: before.updates + 1,
        events: before.events + 1,
      });
      const keys = await s.ok(await s.call(s.admin, 'GET', '/api/v1/requests/admin/open311-keys'));
      expect(keys.keys.find((k: { id: string }) => k.id === keyId).lastUsedAt).not.toBeNull();

      const xres = await post('xml', {
        service_code: 'graffiti',
        description: 'Tag on wall',
        address_string: '1 Main St',
        api_key: key,
        lang: 'es',
      });
      expect(xres.statusCode, xres.body).toBe(201);
      const x = validXml('postResponse', xres.body).service_requests.request[0]!;
      expect(x.service_notice).toMatch(/^Recibida/);
      const [xrow] = await inCity((tx) =>
        queryRows<{ source: string; language: string; address: string }>(
          tx,
          sql`SELECT source, language, address FROM service_requests WHERE tracking_code = ${x.service_request_id!}`,
        ),
      );
      expect(xrow).toEqual({ source: 'open311', language: 'es', address: '1 Main St' });
    });

    it('finds a posted request by its token and by its id, JSON and XML', async () => {
      const [answer] = validJson(
        'postResponse',
        (await post('json', { ...validPothole, api_key: key })).body,
      );
      const tj = validJson('tokens', (await get(`/open311/v2/tokens/${answer!.token}.json`)).body);
      expect(tj).toEqual([{ service_request_id: answer!.service_request_id, token: answer!.token }]);
      const tx = validXml('tokens', (await get(`/open311/v2/tokens/${answer!.token}.xml`)).body);
      expect(tx.service_requests.request[0]!.service_request_id).toBe(answer!.service_request_id);
      expectError(await get('/open311/v2/tokens/0123456789abcdef0123456789abcdef.json'), 'json', 404);
      expectError(await get('/open311/v2/tokens/nope.xml'), 'xml', 404);

      const id = answer!.service_request_id!;
      const one = validJson('requests', (await get(`/open311/v2/requests/${id}.json`)).body);
      expect(one).toHaveLength(1);
      expect(one[0]).toMatchObject({
        service_request_id: id,
        status: 'open',
        service_code: 'pothole',
        lat: 26.2,
        long: -98.2,
      });
      const typed = id.replace(/-/g, '').toLowerCase();
      const xone = validXml('requests', (await get(`/open311/v2/requests/${typed}.xml`)).body);
      expect(
        xone.service_requests === '' ? [] : xone.service_requests.request.map((r) => r.service_request_id),
      ).toEqual([id]);
      for (const fmt of ['json', 'xml'] as const) {
        expectError(await get(`/open311/v2/requests/ABCD-EFGH-JK.${fmt}`), fmt, 404);
      }
      // Another entity's request does not exist here.
      expectError(await get(`/open311/v2/requests/${id}.json`, { host: OTHER }), 'json', 404);
    });

    it('refuses a post without a key, with a revoked key or another entity’s key: 403, nothing written', async () => {
      const spare = await s.ok(
        await s.call(s.admin, 'POST', '/api/v1/requests/admin/open311-keys', { label: 'Spare' }),
        201,
      );
      expect(
        (await s.call(s.admin, 'DELETE', `/api/v1/requests/admin/open311-keys/${spare.id}`)).statusCode,
      ).toBe(204);
      const before = await counts();
      for (const fmt of ['json', 'xml'] as const) {
        const [missing] = expectError(await post(fmt, validPothole), fmt, 403);
        expect(missing).toMatch(/api_key is required/);
        expectError(await post(fmt, { ...validPothole, api_key: spare.key }), fmt, 403);
        expectError(await post(fmt, { ...validPothole, api_key: otherKey }), fmt, 403);
        expectError(await post(fmt, { ...validPothole, api_key: 'o311_made-up' }), fmt, 403);
      }
      expect(await counts()).toEqual(before);
      // The other entity's key works on its own host.
      expect((await post('json', { ...validPothole, api_key: otherKey }, OTHER)).statusCode).toBe(201);
      expect(await counts()).toEqual(before);
    });

    it('answers bad input 400 with the spec error list and writes nothing', async () => {
      const before = await counts();
      const cases: [Record<string, string | string[]>, RegExp[]][] = [
        [{ lat: 'abc' }, [/lat must be a number between -90 and 90/]],
        [{ long: '' }, [/lat and long must be sent together/]],
        [{ lat: '100', long: '-98.2' }, [/lat must be a number/]],
        [{ long: '-181', lat: '26.2' }, [/long must be a number between -180 and 180/]],
        [{ 'attribute[size]': '' }, [/attribute\[size\]/]],
        [{ 'attribute[size]': 'huge' }, [/attribute\[size\]/]],
        [{ 'attribute[color]': 'red' }, [/attribute\[color\] is not a question/]],
        [{ 'attribute[depth_cm]': 'deep' }, [/attribute\[depth_cm\]/]],
        [{ media_url: 'file:///etc/passwd' }, [/media_url/]],
        [{ lat: '29.9', long: '-90.1' }, [/lat\/long/]],
        [{ description: '' }, [/description/]],
      ];
      for (const [change, messages] of cases) {
        for (const fmt of ['json', 'xml'] as const) {
          const descriptions = expectError(
            await post(fmt, { ...validPothole, api_key: key, ...change }),
            fmt,
            400,
          );
          for (const m of messages) expect(descriptions.join(' | ')).toMatch(m);
        }
      }
      const es = expectError(
        await post('json', { ...validPothole, api_key: key, lat: 'abc', long: '1', lang: 'es' }),
        'json',
        400,
      );
      expect(es[0]).toMatch(/debe ser un número/);
      // A missing location where the category needs one, and an unknown or retired service.
      expectError(
        await post('json', {
          service_code: 'pothole',
          description: 'x',
          'attribute[size]': 'small',
          api_key: key,
        }),
        'json',
        400,
      );
      for (const code of ['nothing', 'retired', '']) {
        expectError(await post('xml', { ...validPothole, service_code: code, api_key: key }), 'xml', 404);
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('reading requests', () => {
    let openId: string;
    let closedId: string;
    let oldId: string;

    const file = (now: Date, extra: Partial<Parameters<typeof fileReport>[1]> = {}) =>
      inCity((tx) =>
        fileReport(
          { tx, events: s.t.platform.events, actor: PUBLIC_ACTOR, now },
          {
            categoryCode: 'pothole',
            description: 'Hole <b>& "deep"</b> \u0007 it\'s bad',
            location: { lat: 26.1, lng: -98.4 },
            answers: { size: 'small' },
            contact: { email: 'secret.reporter@example.com', name: 'Secret Reporter', phone: '+19565550199' },
            language: 'en',
            source: 'portal',
            ...extra,
          },
        ),
      );

    beforeAll(async () => {
      const now = Date.now();
      openId = (await file(new Date(now - 2 * 86_400_000))).trackingCode;
      closedId = (await file(new Date(now - 3 * 86_400_000), { categoryCode: 'graffiti', answers: {} }))
        .trackingCode;
      oldId = (await file(new Date(now - 120 * 86_400_000))).trackingCode;
      await inCity(async (tx) => {
        await tx.execute(sql`
          INSERT INTO request_updates (request_id, kind, visibility, body, actor_type)
          SELECT id, 'public_note', 'public', 'Crew scheduled', 'staff' FROM service_requests WHERE tracking_code = ${openId}`);
        await tx.execute(sql`
          INSERT INTO request_updates (request_id, kind, visibility, body, actor_type, created_at)
          SELECT id, 'internal_note', 'internal', 'INTERNAL: reporter is a neighbour', 'staff', now() + interval '1 minute'
          FROM service_requests WHERE tracking_code = ${openId}`);
        await tx.execute(sql`
          INSERT INTO request_photos (request_id, storage_key, content_type, size_bytes)
          SELECT id, ${`${tenant.id}/requests/photo-1.jpg`}, 'image/jpeg', 1000 FROM service_requests WHERE tracking_code = ${openId}`);
        await tx.execute(sql`
          UPDATE service_requests SET status = 'closed', closing_note = 'Painted over', closed_at = now(), updated_at = now()
          WHERE tracking_code = ${closedId}`);
      });
    });

    const list = async (query: string) => {
      const j = validJson('requests', (await get(`/open311/v2/requests.json${query}`)).body);
      const xres = await get(`/open311/v2/requests.xml${query}`);
      const x = validXml('requests', xres.body);
      const xl = x.service_requests === '' ? [] : x.service_requests.request;
      expect(xl.map((r) => r.service_request_id)).toEqual(j.map((r) => r.service_request_id));
      return { j, x: xl, raw: xres.body };
    };

    it('lists the last 90 days newest first, with public facts only, in JSON and XML', async () => {
      const { j, x, raw } = await list('');
      const ids = j.map((r) => r.service_request_id);
      expect(ids).toContain(openId);
      expect(ids).toContain(closedId);
      expect(ids).not.toContain(oldId);
      const times = j.map((r) => Date.parse(r.requested_datetime));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const open = j.find((r) => r.service_request_id === openId)!;
      expect(open).toMatchObject({
        status: 'open',
        status_notes: 'Crew scheduled',
        agency_responsible: 'Public Works',
        service_name: 'Pothole',
      });
      expect(open.media_url).toMatch(
        new RegExp(`^http://${HOST.replace(/\./g, '\\.')}/api/v1/requests/photo\\?link=`),
      );
      expect(open.description).toBe('Hole <b>& "deep"</b> \u0007 it\'s bad');
      const closed = j.find((r) => r.service_request_id === closedId)!;
      expect(closed).toMatchObject({
        status: 'closed',
        status_notes: 'Painted over',
        service_code: 'graffiti',
      });
      // XML: escaped, parsed back to the same text (without the control character XML cannot carry).
      expect(x.find((r) => r.service_request_id === openId)!.description).toBe(
        'Hole <b>& "deep"</b>  it\'s bad',
      );
      expect(raw).toContain('&lt;b&gt;&amp; &quot;deep&quot;&lt;/b&gt;');
      for (const body of [JSON.stringify(j), raw]) {
        expect(body).not.toMatch(/secret|Secret|5550199|INTERNAL/);
      }
      const es = validJson(
        'requests',
        (await get('/open311/v2/requests.json', { 'accept-language': 'es' })).body,
      );
      expect(es.find((r) => r.service_request_id === openId)).toMatchObject({
        service_name: 'Bache',
        agency_responsible: 'Obras Públicas',
      });
    });

    it('filters by ids, service, status and dates', async () => {
      const byIds = await list(
        `?service_request_id=${openId},${oldId.toLowerCase()},NOT-A-CODE&status=closed`,
      );
      expect(byIds.j.map((r) => r.service_request_id).sort()).toEqual([openId, oldId].sort());
      const graffitiOnly = await list('?service_code=graffiti');
      expect(new Set(graffitiOnly.j.map((r) => r.service_code))).toEqual(new Set(['graffiti']));
      expect(graffitiOnly.j.map((r) => r.service_request_id)).toContain(closedId);
      const closed = await list('?status=closed');
      expect(closed.j.map((r) => r.service_request_id)).toEqual([closedId]);
      const open = await list('?status=open');
      expect(open.j.every((r) => r.status === 'open')).toBe(true);
      expect((await list('?status=open,closed')).j.length).toBe(open.j.length + 1);
      const start = new Date(Date.now() - 130 * 86_400_000).toISOString();
      const end = new Date(Date.now() - 100 * 86_400_000).toISOString().slice(0, 10);
      const old = await list(`?start_date=${encodeURIComponent(start)}&end_date=${end}`);
      expect(old.j.map((r) => r.service_request_id)).toEqual([oldId]);
      // An end date alone looks 90 days back from it.
      const endOnly = await list(
        `?end_date=${encodeURIComponent(new Date(Date.now() - 100 * 86_400_000).toISOString())}`,
      );
      expect(endOnly.j.map((r) => r.service_request_id)).toEqual([oldId]);
    });

    it('refuses bad filters 400 and an unknown service 404', async () => {
      for (const fmt of ['json', 'xml'] as const) {
        expectError(await get(`/open311/v2/requests.${fmt}?start_date=yesterday`), fmt, 400);
        expectError(await get(`/open311/v2/requests.${fmt}?end_date=2026-13-45T00:00:00Z`), fmt, 400);
        expectError(await get(`/open311/v2/requests.${fmt}?status=pending`), fmt, 400);
        expectError(await get(`/open311/v2/requests.${fmt}?service_code=nothing`), fmt, 404);
      }
    });

    it('answers at most 1,000, newest first', async () => {
      await inCity((tx) =>
        tx.execute(sql`
          INSERT INTO service_requests (tracking_code, category_id, department_id, description, lat, lng, source,
            submitted_at, due_at)
          SELECT 'BULK' || lpad(i::text, 6, '0'), c.id, c.department_id, 'Bulk ' || i, 26.2, -98.2, 'portal',
                 now() - interval '300 days' + i * interval '1 minute', now()
          FROM generate_series(1, 1005) AS i, request_categories c WHERE c.code = 'graffiti'`),
      );
      const from = new Date(Date.now() - 301 * 86_400_000).toISOString();
      const to = new Date(Date.now() - 200 * 86_400_000).toISOString();
      const { j } = await list(`?start_date=${from}&end_date=${to}`);
      expect(j).toHaveLength(1000);
      expect(j[0]!.service_request_id).toBe('BULK001005');
      expect(j[999]!.service_request_id).toBe('BULK000006');
    });
  });

  describe('API keys', () => {
    it('shows a key once, then only its prefix; only admins of this entity manage keys', async () => {
      const created = await s.ok(
        await s.call(s.admin, 'POST', '/api/v1/requests/admin/open311-keys', { label: 'Once' }),
        201,
      );
      expect(created.key.startsWith(created.prefix)).toBe(true);
      const listed = await s.ok(await s.call(s.admin, 'GET', '/api/v1/requests/admin/open311-keys'));
      expect(JSON.stringify(listed)).not.toContain(created.key);
      expect(listed.keys.find((k: { id: string }) => k.id === created.id)).toMatchObject({
        label: 'Once',
        revokedAt: null,
      });
      const [stored] = await inCity((tx) =>
        queryRows<{ key_hash: string }>(
          tx,
          sql`SELECT key_hash FROM open311_api_keys WHERE id = ${created.id}`,
        ),
      );
      expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored!.key_hash).not.toContain(created.key);

      expect((await s.call(s.clerk, 'GET', '/api/v1/requests/admin/open311-keys')).statusCode).toBe(403);
      expect(
        (await s.call(s.clerk, 'POST', '/api/v1/requests/admin/open311-keys', { label: 'x' })).statusCode,
      ).toBe(403);
      expect((await s.call(null, 'GET', '/api/v1/requests/admin/open311-keys')).statusCode).toBe(401);
      expect(
        (await s.call(s.admin, 'POST', '/api/v1/requests/admin/open311-keys', { label: 'x' }, { csrf: null }))
          .statusCode,
      ).toBe(403);
      expect(
        (await s.call(s.admin, 'POST', '/api/v1/requests/admin/open311-keys', { label: ' ' })).statusCode,
      ).toBe(400);
      // Another entity's admin cannot see or revoke it.
      const theirs = await s.ok(
        await s.call(s.otherAdmin, 'GET', '/api/v1/requests/admin/open311-keys', undefined, { host: OTHER }),
      );
      expect(theirs.keys.map((k: { id: string }) => k.id)).not.toContain(created.id);
      expect(
        (
          await s.call(
            s.otherAdmin,
            'DELETE',
            `/api/v1/requests/admin/open311-keys/${created.id}`,
            undefined,
            { host: OTHER },
          )
        ).statusCode,
      ).toBe(404);
      expect((await post('json', { ...validPothole, api_key: created.key })).statusCode).toBe(201);
      for (let i = 0; i < 2; i++) {
        const res = await s.call(s.admin, 'DELETE', `/api/v1/requests/admin/open311-keys/${created.id}`);
        expect(res.statusCode, res.body).toBe(204);
      }
      expectError(await post('json', { ...validPothole, api_key: created.key }), 'json', 403);
      const events = await inCity((tx) =>
        queryRows<{ type: string }>(
          tx,
          sql`SELECT type FROM domain_events WHERE subject_id = ${created.id} ORDER BY id`,
        ),
      );
      expect(events.map((e) => e.type)).toEqual([
        'request.open311_key_created',
        'request.open311_key_revoked',
      ]);
    });
  });

  it('schemas refuse what the spec does not allow (the checks are not vacuous)', () => {
    expect(json.requests.safeParse([{ service_request_id: 'x', status: 'submitted' }]).success).toBe(false);
    expect(json.errors.safeParse([]).success).toBe(false);
    expect(() =>
      validXml('errors', '<?xml version="1.0" encoding="UTF-8"?><errors><oops/></errors>'),
    ).toThrow();
  });
});
