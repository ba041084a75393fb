import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import {
  catalogueFactory,
  followerRow,
  requestFactory,
  residentRow,
  type Catalogue,
  type NewTestRequest,
} from '../../support/requests-factory.js';
import { staffSuite } from '../../support/staff-suite.js';

type Update = {
  kind: string;
  visibility: string;
  fromStatus: string | null;
  toStatus: string | null;
  body: string | null;
  actorName: string | null;
};

describe('working a request: status, reopen, notes, assignment, duplicates', () => {
  const s = staffSuite({
    city: { slug: 'work', host: 'work.city.test' },
    other: { slug: 'otherwork', host: 'otherwork.city.test' },
  });
  let cat: Catalogue;
  const where = () => ({ platform: s.t.platform, tenant: s.tenant });
  const newRequest = (over: Partial<NewTestRequest> = {}) =>
    requestFactory(where(), { categoryId: cat.pothole, departmentId: cat.streets, ...over });
  const events = async (requestId: string) =>
    withTenant(s.t.platform.db, s.tenant.id, (tx) =>
      queryRows<{ type: string; payload: Record<string, unknown>; actor_type: string }>(
        tx,
        sql`SELECT type, payload, actor_type FROM domain_events WHERE subject_id = ${requestId} ORDER BY id`,
      ),
    );
  type Follower = {
    resident_id: string | null;
    email: string | null;
    phone: string | null;
    language: string;
  };
  const byWho = (a: Follower, b: Follower) => {
    const [x, y] = [a.resident_id ?? a.email ?? a.phone ?? '', b.resident_id ?? b.email ?? b.phone ?? ''];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const followers = async (requestId: string) =>
    (
      await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
        queryRows<Follower>(
          tx,
          sql`SELECT resident_id, email, phone, language FROM request_followers WHERE request_id = ${requestId}`,
        ),
      )
    ).sort(byWho);
  const post = (
    path: string,
    body: object,
    opts: { lang?: string; who?: typeof s.clerk; csrf?: string | null } = {},
  ) => s.call(opts.who ?? s.clerk, 'POST', path, body, { lang: opts.lang, csrf: opts.csrf });

  beforeAll(async () => {
    cat = await catalogueFactory(where());
  });

  it('moves submitted → acknowledged → in_progress → closed, each with a timeline row and an event', async () => {
    const r = await newRequest({ answers: { depth: 4 } });
    const ack = await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'acknowledged' }));
    expect(ack.status).toBe('acknowledged');
    const started = await s.ok(
      await post(`/api/v1/requests/${r.id}/status`, { to: 'in_progress', note: 'Crew sent' }),
    );
    expect(started.status).toBe('in_progress');
    const closed = await s.ok(
      await post(`/api/v1/requests/${r.id}/status`, { to: 'closed', note: 'Filled today.' }),
    );
    expect(closed).toMatchObject({ status: 'closed', closingNote: 'Filled today.', overdue: false });
    expect(
      closed.updates.map((u: Update) => [u.kind, u.fromStatus, u.toStatus, u.body, u.actorName]),
    ).toEqual([
      ['submitted', null, 'submitted', null, null],
      ['status', 'submitted', 'acknowledged', null, 'clerk'],
      ['status', 'acknowledged', 'in_progress', 'Crew sent', 'clerk'],
      ['status', 'in_progress', 'closed', 'Filled today.', 'clerk'],
    ]);
    expect(closed.answers).toEqual([
      {
        key: 'depth',
        label: { en: 'How deep is it (inches)?', es: '¿Qué tan profundo es (pulgadas)?' },
        value: 4,
      },
    ]);
    expect(closed.reporter).toEqual({
      name: null,
      email: 'reporter@example.com',
      phone: null,
      residentId: null,
    });
    const evs = await events(r.id);
    expect(evs.map((e) => [e.type, e.payload.from, e.payload.to, e.payload.note, e.actor_type])).toEqual([
      ['request.status_changed', 'submitted', 'acknowledged', null, 'staff'],
      ['request.status_changed', 'acknowledged', 'in_progress', 'Crew sent', 'staff'],
      ['request.status_changed', 'in_progress', 'closed', 'Filled today.', 'staff'],
    ]);
    expect(evs[2]!.payload).toEqual({
      requestId: r.id,
      trackingCode: r.trackingCode,
      from: 'in_progress',
      to: 'closed',
      note: 'Filled today.',
    });
  });

  it('lets acknowledged be skipped, and closes a new report at once (with its note)', async () => {
    const r = await newRequest();
    const started = await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'in_progress' }));
    expect(started.status).toBe('in_progress');
    const junk = await newRequest();
    const closed = await s.ok(
      await post(`/api/v1/requests/${junk.id}/status`, {
        to: 'closed',
        note: 'Private property: not ours to fix.',
      }),
    );
    expect(closed).toMatchObject({ status: 'closed', closingNote: 'Private property: not ours to fix.' });
  });

  it('refuses invalid changes with a localized 409, and closing without a note with a field error; nothing written', async () => {
    const r = await newRequest();
    await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'acknowledged' }));
    const back = await post(`/api/v1/requests/${r.id}/status`, { to: 'acknowledged' }, { lang: 'es' });
    const body = await s.ok(back, 409);
    expect(body.code).toBe('invalid_status_change');
    expect(body.detail).toContain('recibida');
    const again = await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'acknowledged' }), 409);
    expect(again.detail).toBe(
      'A request that is acknowledged cannot be moved to acknowledged. Reload the request to see its current status.',
    );
    await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'in_progress' }));
    for (const note of [undefined, '   ']) {
      const res = await post(
        `/api/v1/requests/${r.id}/status`,
        { to: 'closed', ...(note !== undefined && { note }) },
        { lang: 'es' },
      );
      const problem = await s.ok(res, 400);
      expect(problem.errors).toEqual([
        {
          field: 'note',
          code: 'closing_note_required',
          message: 'Escriba una nota de cierre: la leerá el residente que hizo el reporte.',
        },
      ]);
    }
    expect((await s.ok(await post(`/api/v1/requests/${r.id}/status`, { to: 'submitted' }), 400)).code).toBe(
      'validation_failed',
    );
    const view = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/${r.id}`));
    expect(view.status).toBe('in_progress');
    expect(view.updates).toHaveLength(3);
    expect((await events(r.id)).map((e) => e.payload.to)).toEqual(['acknowledged', 'in_progress']);
  });

  it('reopens a closed request back to in progress with a reason; only a closed one', async () => {
    const r = await newRequest({ status: 'closed' });
    const open = await s.ok(await post(`/api/v1/requests/${r.id}/reopen`, { reason: 'Still broken' }));
    expect(open).toMatchObject({ status: 'in_progress', closingNote: null });
    expect(open.updates.at(-1)).toMatchObject({
      kind: 'reopened',
      visibility: 'public',
      fromStatus: 'closed',
      toStatus: 'in_progress',
      body: 'Still broken',
      actorName: 'clerk',
    });
    expect((await events(r.id)).map((e) => [e.type, e.payload])).toEqual([
      ['request.reopened', { requestId: r.id, trackingCode: r.trackingCode, reason: 'Still broken' }],
    ]);
    expect((await s.ok(await post(`/api/v1/requests/${r.id}/reopen`, { reason: 'Again' }), 409)).code).toBe(
      'invalid_status_change',
    );
    expect((await post(`/api/v1/requests/${r.id}/reopen`, { reason: '' })).statusCode).toBe(400);
    // closed again, it needs its new closing note
    const closed = await s.ok(
      await post(`/api/v1/requests/${r.id}/status`, { to: 'closed', note: 'Done now.' }),
    );
    expect(closed.closingNote).toBe('Done now.');
  });

  it('adds public and internal notes; an internal one records only request.internal_note_added', async () => {
    const r = await newRequest();
    const pub = await post(`/api/v1/requests/${r.id}/notes`, {
      body: 'We will be there Monday.',
      visibility: 'public',
    });
    const afterPublic = await s.ok(pub, 201);
    const publicNote = afterPublic.updates.at(-1);
    expect(publicNote).toMatchObject({
      kind: 'public_note',
      visibility: 'public',
      body: 'We will be there Monday.',
      actorName: 'clerk',
    });
    const internal = await s.ok(
      await post(
        `/api/v1/requests/${r.id}/notes`,
        { body: 'Needs the big truck', visibility: 'internal' },
        { who: s.admin },
      ),
      201,
    );
    const internalNote = internal.updates.at(-1);
    expect(internalNote).toMatchObject({
      kind: 'internal_note',
      visibility: 'internal',
      body: 'Needs the big truck',
      actorName: 'admin',
    });
    const evs = await events(r.id);
    expect(evs.map((e) => [e.type, e.payload])).toEqual([
      [
        'request.public_note_added',
        { requestId: r.id, trackingCode: r.trackingCode, updateId: publicNote.id },
      ],
      ['request.internal_note_added', { requestId: r.id, updateId: internalNote.id }],
    ]);
    // nothing a notice could quote: the internal note's event carries neither its text nor the tracking code
    expect(JSON.stringify(evs[1]!.payload)).not.toContain('truck');
    expect(
      (await post(`/api/v1/requests/${r.id}/notes`, { body: '', visibility: 'public' })).statusCode,
    ).toBe(400);
    expect(
      (await post(`/api/v1/requests/${r.id}/notes`, { body: 'x', visibility: 'secret' })).statusCode,
    ).toBe(400);
  });

  it('assigns to a department and a staff member who may work requests', async () => {
    const r = await newRequest();
    const staff = (await s.ok(await s.call(s.clerk, 'GET', '/api/v1/requests/staff'))).staff as {
      id: string;
      name: string;
    }[];
    const clerkId = staff.find((x) => x.name === 'clerk')!.id;
    const res = await s.ok(
      await post(
        `/api/v1/requests/${r.id}/assign`,
        { departmentCode: 'water', assigneeId: clerkId },
        { lang: 'es' },
      ),
    );
    expect(res).toMatchObject({ department: { code: 'water' }, assignee: { id: clerkId, name: 'clerk' } });
    expect(res.updates.at(-1)).toMatchObject({
      kind: 'assignment',
      visibility: 'internal',
      body: 'Agua — clerk',
    });
    const back = await s.ok(
      await post(`/api/v1/requests/${r.id}/assign`, { departmentCode: 'streets', assigneeId: null }),
    );
    expect(back).toMatchObject({ department: { code: 'streets' }, assignee: null });
    expect(back.updates.at(-1).body).toBe('Streets — unassigned');
    expect((await events(r.id)).map((e) => e.payload)).toEqual([
      { requestId: r.id, departmentCode: 'water', assigneeId: clerkId },
      { requestId: r.id, departmentCode: 'streets', assigneeId: null },
    ]);
    const viewerId = (
      await withTenant(s.t.platform.db, s.tenant.id, (tx) =>
        queryRows<{ id: string }>(tx, sql`SELECT id FROM staff_users WHERE email = ${s.email('viewer')}`),
      )
    )[0]!.id;
    const bad = await s.ok(
      await post(`/api/v1/requests/${r.id}/assign`, { departmentCode: 'parks', assigneeId: null }),
      400,
    );
    expect(bad.errors[0]).toMatchObject({ field: 'departmentCode', code: 'department_unknown' });
    const notWorker = await s.ok(
      await post(`/api/v1/requests/${r.id}/assign`, { departmentCode: 'water', assigneeId: viewerId }),
      400,
    );
    expect(notWorker.errors[0]).toMatchObject({ field: 'assigneeId', code: 'assignee_invalid' });
    expect(await events(r.id)).toHaveLength(2);
  });

  it('marks a duplicate: closed with a note in its language, reporter and followers follow the original once', async () => {
    const maria = await residentRow(where(), 'maria@example.com', 'es');
    const juan = await residentRow(where(), 'juan@example.com');
    const original = await newRequest({ reporterResidentId: juan, reporterEmail: null });
    await followerRow(where(), original.id, { email: 'already@example.com' });
    const dupResident = await newRequest({ reporterResidentId: maria, reporterEmail: null, language: 'es' });
    await followerRow(where(), dupResident.id, { email: 'already@example.com' });
    await followerRow(where(), dupResident.id, { residentId: juan }); // the original's own reporter
    await followerRow(where(), dupResident.id, { phone: '+19565550142', language: 'es' });
    const dupEmail = await newRequest({ reporterEmail: 'ana@example.com', status: 'acknowledged' });
    const dupPhone = await newRequest({ reporterEmail: null, reporterPhone: '+19565550199' });

    const code = original.trackingCode.replace(/-/g, '').toLowerCase();
    const closed = await s.ok(
      await post(`/api/v1/requests/${dupResident.id}/duplicate`, { originalTrackingCode: code }),
    );
    expect(closed).toMatchObject({
      status: 'closed',
      closingNote: `Duplicado de ${original.trackingCode}`,
      duplicateOf: original.trackingCode,
    });
    expect(closed.updates.at(-1)).toMatchObject({
      kind: 'duplicate',
      visibility: 'public',
      fromStatus: 'submitted',
      toStatus: 'closed',
    });
    await s.ok(
      await post(`/api/v1/requests/${dupEmail.id}/duplicate`, {
        originalTrackingCode: original.trackingCode,
      }),
    );
    await s.ok(
      await post(`/api/v1/requests/${dupPhone.id}/duplicate`, {
        originalTrackingCode: original.trackingCode,
      }),
    );

    expect(await followers(original.id)).toEqual(
      [
        { resident_id: null, email: 'already@example.com', phone: null, language: 'en' },
        { resident_id: null, email: 'ana@example.com', phone: null, language: 'en' },
        { resident_id: null, email: null, phone: '+19565550142', language: 'es' },
        { resident_id: null, email: null, phone: '+19565550199', language: 'en' },
        { resident_id: maria, email: null, phone: null, language: 'es' },
      ].sort(byWho),
    );
    const view = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/${original.id}`));
    expect(view.followers).toBe(5);
    expect(view.duplicates.map((d: { id: string }) => d.id).sort()).toEqual(
      [dupResident.id, dupEmail.id, dupPhone.id].sort(),
    );
    const evs = await events(dupResident.id);
    expect(evs.map((e) => [e.type, e.payload])).toEqual([
      [
        'request.marked_duplicate',
        {
          requestId: dupResident.id,
          trackingCode: dupResident.trackingCode,
          originalId: original.id,
          originalTrackingCode: original.trackingCode,
          note: `Duplicado de ${original.trackingCode}`,
        },
      ],
    ]);
    // reopened, it is no longer a duplicate
    const reopened = await s.ok(
      await post(`/api/v1/requests/${dupEmail.id}/reopen`, { reason: 'Not the same hole' }),
    );
    expect(reopened.duplicateOf).toBeNull();
  });

  it('refuses a duplicate of itself, of a closed original, of an unknown or another tenant’s code', async () => {
    const r = await newRequest();
    const closedOne = await newRequest({ status: 'closed' });
    const self = await s.ok(
      await post(
        `/api/v1/requests/${r.id}/duplicate`,
        { originalTrackingCode: r.trackingCode },
        { lang: 'es' },
      ),
      409,
    );
    expect(self).toMatchObject({ code: 'duplicate_of_itself', title: 'No puede ser duplicada de sí misma' });
    expect(
      (
        await s.ok(
          await post(`/api/v1/requests/${r.id}/duplicate`, { originalTrackingCode: closedOne.trackingCode }),
          409,
        )
      ).code,
    ).toBe('original_closed');
    expect(
      (
        await s.ok(
          await post(`/api/v1/requests/${r.id}/duplicate`, { originalTrackingCode: 'ZZZZ-ZZZZ-ZZ' }),
          404,
        )
      ).code,
    ).toBe('original_not_found');
    const otherCat = await catalogueFactory({ platform: s.t.platform, tenant: s.other });
    const theirs = await requestFactory(
      { platform: s.t.platform, tenant: s.other },
      { categoryId: otherCat.pothole, departmentId: otherCat.streets },
    );
    expect(
      (
        await s.ok(
          await post(`/api/v1/requests/${r.id}/duplicate`, { originalTrackingCode: theirs.trackingCode }),
          404,
        )
      ).code,
    ).toBe('original_not_found');
    // and another tenant's staff cannot touch ours at all
    const cross = await s.call(
      s.otherAdmin,
      'POST',
      `/api/v1/requests/${r.id}/status`,
      { to: 'acknowledged' },
      { host: s.otherHost },
    );
    expect(cross.statusCode).toBe(404);
    const view = await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/${r.id}`));
    expect(view).toMatchObject({ status: 'submitted', duplicateOf: null });
    expect(await events(r.id)).toEqual([]);
  });

  it('lets a viewer read but not write, and refuses a write without its CSRF token', async () => {
    const r = await newRequest();
    expect((await s.call(s.viewer, 'GET', `/api/v1/requests/${r.id}`)).statusCode).toBe(200);
    const writes: [string, object][] = [
      ['status', { to: 'acknowledged' }],
      ['reopen', { reason: 'x' }],
      ['notes', { body: 'x', visibility: 'internal' }],
      ['assign', { departmentCode: 'water', assigneeId: null }],
      ['duplicate', { originalTrackingCode: r.trackingCode }],
    ];
    for (const [path, body] of writes) {
      const viewer = await post(`/api/v1/requests/${r.id}/${path}`, body, { who: s.viewer });
      expect(viewer.statusCode, path).toBe(403);
      expect(viewer.json().code).toBe('forbidden');
      const noCsrf = await post(`/api/v1/requests/${r.id}/${path}`, body, { csrf: null });
      expect(noCsrf.statusCode, path).toBe(403);
      expect(noCsrf.json().code).toBe('csrf_failed');
    }
    expect((await s.ok(await s.call(s.viewer, 'GET', `/api/v1/requests/${r.id}`))).updates).toHaveLength(1);
    expect(await events(r.id)).toEqual([]);
    // a clerk may
    expect((await post(`/api/v1/requests/${r.id}/status`, { to: 'acknowledged' })).statusCode).toBe(200);
  });

  it('answers 404 for an unknown request and 400 for a malformed id', async () => {
    const missing = await post('/api/v1/requests/00000000-0000-4000-8000-000000000000/status', {
      to: 'acknowledged',
    });
    expect(missing.statusCode).toBe(404);
    expect((await s.call(s.viewer, 'GET', '/api/v1/requests/not-a-uuid')).statusCode).toBe(400);
  });
});
