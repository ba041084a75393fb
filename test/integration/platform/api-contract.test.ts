import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { t as translate } from '../../../src/lib/i18n.js';
import { addTenant, createTestApp, type TestApp } from '../../support/app.js';

const HOST = 'api.city.test';

describe('API contract', () => {
  let t: TestApp;
  const routes: { method: string; url: string }[] = [];
  const patchBodies: { url: string; body: ZodType }[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      onRoute: (r) => {
        for (const method of [r.method].flat()) routes.push({ method, url: r.url });
        const body = (r.schema as { body?: ZodType } | undefined)?.body;
        if ([r.method].flat().includes('PATCH') && body) patchBodies.push({ url: r.url, body });
      },
    });
    await addTenant(t.platform, 'api', [HOST]);
  });
  afterAll(() => t.close());

  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      headers: { host: 'any.host' },
    });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(spec.openapi).toBe('3.1.0');
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lists every API route with its method', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const documented = new Set(
      Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    const registered = routes.filter(
      (r) =>
        (r.url.startsWith('/api/v1/') || r.url === '/healthz' || r.url === '/readyz') && r.method !== 'HEAD',
    );
    expect(registered.length).toBeGreaterThanOrEqual(11);
    for (const r of registered) {
      const openApiPath = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(documented, `${r.method} ${r.url}`).toContain(`${r.method} ${openApiPath}`);
    }
  });

  it('changes only what a PATCH sends: no update body fills in a field it was not sent', () => {
    // zod applies a field's default even inside .partial(); an update schema derived from a
    // create schema with defaults once turned Spanish accounts English on a status change.
    expect(patchBodies.length).toBeGreaterThanOrEqual(2);
    for (const { url, body } of patchBodies) expect(body.parse({}), url).toEqual({});
  });

  it('serves the browsable reference at /api/docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers health and readiness without a tenant', async () => {
    const health = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { host: 'unknown.example' },
    });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/readyz', headers: { host: 'unknown.example' } });
    expect(ready.statusCode).toBe(200);
  });

  it('answers an unknown API path with a localized problem+json 404', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { host: HOST, 'accept-language': 'es' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'not_found',
      title: translate('es', 'errors:not_found.title'),
    });
    expect(res.json().requestId).toBe(res.headers['x-request-id']);
  });

  it('answers malformed JSON and a wrong content type with problems, not crashes', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST, 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('bad_request');
    const form = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { host: HOST, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=a&password=b',
    });
    expect(form.statusCode).toBe(415);
  });

  it('reports 503 on /readyz when the database is gone', async () => {
    const other = await createTestApp();
    await other.database.db.close();
    const res = await other.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
    await other.app.close();
    await other.database.drop();
  });
});
