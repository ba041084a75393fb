import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type Session, type TestApp } from '../../support/app.js';
import { staffSuite } from '../../support/staff-suite.js';

const HOST = 'staff.city.test';

describe('staff management', () => {
  const suite = staffSuite({ city: { slug: 'staffcity', host: HOST, domain: 'staff.test' } });
  let t: TestApp;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    lang = 'en',
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: HOST,
        'accept-language': lang,
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
      },
      ...(payload && { payload }),
    });
  const staffCount = async () => (await call(admin, 'GET', '/api/v1/staff')).json().items.length as number;

  beforeAll(async () => {
    ({ t, admin, clerk, viewer } = suite);
  });

  it("lists the signed-in user's permissions on /auth/me: all of them for an admin, reading only for a viewer", async () => {
    const adminMe = (await call(admin, 'GET', '/api/v1/auth/me')).json();
    expect(adminMe.permissions).toEqual(
      expect.arrayContaining([
        'staff.manage',
        'payments.refund',
        'utilities.rates',
        'utilities.autopay.files',
      ]),
    );
    const viewerMe = await call(viewer, 'GET', '/api/v1/auth/me');
    expect(viewerMe.statusCode).toBe(200);
    expect(viewerMe.json().permissions).toEqual(['payments.read', 'requests.read', 'utilities.read']);
    expect((await call(null, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('lets an admin list, create, re-role and disable staff, and audits each action', async () => {
    const created = await call(admin, 'POST', '/api/v1/staff', {
      email: 'New.Hire@Staff.test',
      displayName: 'Nueva Persona',
      role: 'clerk',
      password: PASSWORD,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'new.hire@staff.test', role: 'clerk', status: 'active' });
    const id = created.json().id;

    const promoted = await call(admin, 'PATCH', `/api/v1/staff/${id}`, { role: 'admin' });
    expect(promoted.json().role).toBe('admin');
    const disabled = await call(admin, 'PATCH', `/api/v1/staff/${id}`, { status: 'disabled' });
    expect(disabled.json().status).toBe('disabled');

    const list = (await call(admin, 'GET', '/api/v1/staff')).json().items;
    expect(list.find((u: { id: string }) => u.id === id)).toMatchObject({
      role: 'admin',
      status: 'disabled',
    });

    await t.dispatcher.drain();
    const audit = (await call(admin, 'GET', '/api/v1/audit?limit=50')).json().items as {
      action: string;
      subjectId: string;
      actor: { label: string } | null;
      details: Record<string, unknown>;
    }[];
    const mine = audit.filter((e) => e.subjectId === id);
    expect(mine.map((e) => e.action)).toEqual([
      'identity.staff.updated',
      'identity.staff.updated',
      'identity.staff.created',
    ]);
    expect(mine[0]!.details).toEqual({ changes: { status: { from: 'active', to: 'disabled' } } });
    expect(mine[2]!.actor!.label).toContain('admin@staff.test');
  });

  it('refuses clerks and viewers, and anonymous callers', async () => {
    const before = await staffCount();
    for (const s of [clerk, viewer]) {
      expect((await call(s, 'GET', '/api/v1/staff')).statusCode).toBe(403);
      const post = await call(s, 'POST', '/api/v1/staff', {
        email: 'x@staff.test',
        displayName: 'X',
        role: 'admin',
        password: PASSWORD,
      });
      expect(post.statusCode).toBe(403);
      expect(post.json().code).toBe('forbidden');
      expect((await call(s, 'GET', '/api/v1/audit')).statusCode).toBe(403);
    }
    expect((await call(null, 'GET', '/api/v1/staff')).statusCode).toBe(401);
    expect(await staffCount()).toBe(before);
  });

  it('rejects bad input with localized field errors and changes nothing', async () => {
    const before = await staffCount();
    const bad = await call(
      admin,
      'POST',
      '/api/v1/staff',
      { email: 'nope', displayName: '', role: 'mayor', password: 'short' },
      'es',
    );
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['displayName', 'email', 'password', 'role']);
    const weak = await call(admin, 'POST', '/api/v1/staff', {
      email: 'weak@staff.test',
      displayName: 'Weak',
      role: 'clerk',
      password: 'password1234',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('password');
    const extra = await call(admin, 'POST', '/api/v1/staff', {
      email: 'e@staff.test',
      displayName: 'E',
      role: 'clerk',
      password: PASSWORD,
      isRoot: true,
    });
    expect(extra.statusCode).toBe(400);
    expect(await staffCount()).toBe(before);
  });

  it('refuses a duplicate email with 409', async () => {
    const dup = await call(admin, 'POST', '/api/v1/staff', {
      email: 'CLERK@staff.test',
      displayName: 'Dup',
      role: 'clerk',
      password: PASSWORD,
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('email_taken');
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const unknown = await call(admin, 'PATCH', '/api/v1/staff/00000000-0000-4000-8000-000000000000', {
      role: 'viewer',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('staff_not_found');
    const malformed = await call(admin, 'PATCH', '/api/v1/staff/not-a-uuid', { role: 'viewer' });
    expect(malformed.statusCode).toBe(400);
  });

  it('never leaves the entity without an active admin, and an admin cannot disable themselves', async () => {
    const me = (await call(admin, 'GET', '/api/v1/auth/me')).json().user;
    const self = await call(admin, 'PATCH', `/api/v1/staff/${me.id}`, { status: 'disabled' });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('cannot_disable_self');
    const demote = await call(admin, 'PATCH', `/api/v1/staff/${me.id}`, { role: 'clerk' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('last_admin');
    expect((await call(admin, 'GET', '/api/v1/auth/me')).json().user.role).toBe('admin');
  });
});
