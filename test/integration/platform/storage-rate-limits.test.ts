import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseRateLimitStore } from '../../../src/server/plugins/rate-limit-store.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

/**
 * Rate-limit counts live in the database (rate_limit_hits), so two app instances on one
 * database — here two Fastify apps in one process, on PGlite or PostgreSQL; the two-process
 * version is multi-server.test.ts — count one client together.
 */
describe('rate limits stored in the database', () => {
  let database: TestDatabase;
  let apps: FastifyInstance[];

  const build = async () => {
    const app = Fastify();
    await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(database.db) });
    app.post('/limited', { config: { rateLimit: { max: 3, timeWindow: 1500 } } }, async () => ({ ok: true }));
    app.post('/other', { config: { rateLimit: { max: 3, timeWindow: 1500 } } }, async () => ({ ok: true }));
    return app;
  };
  beforeAll(async () => {
    database = await createTestDatabase();
    apps = [await build(), await build()];
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database.drop();
  });
  const hit = (i: number, url = '/limited', ip = '203.0.113.7') =>
    apps[i]!.inject({ method: 'POST', url, remoteAddress: ip });

  it('counts one client across both apps, per route, and starts again after the window', async () => {
    const codes = [];
    for (const i of [0, 1, 0]) codes.push((await hit(i)).statusCode);
    expect(codes).toEqual([200, 200, 200]);
    const fourth = await hit(1);
    expect(fourth.statusCode).toBe(429);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await hit(0)).statusCode).toBe(429);
    // Another route and another client have counts of their own.
    expect((await hit(1, '/other')).statusCode).toBe(200);
    expect((await hit(1, '/limited', '203.0.113.8')).statusCode).toBe(200);

    await new Promise((r) => setTimeout(r, 1600));
    expect((await hit(1)).statusCode).toBe(200);
  });

  it('counts concurrent requests exactly (one atomic upsert per request)', async () => {
    const ip = '198.51.100.20';
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => hit(n % 2, '/other', ip)));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200)).toHaveLength(3);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
  });

  it('stores no client address, and purges ended windows', async () => {
    const { rows } = await database.db.rawQuery<{ key: string }>('SELECT key FROM rate_limit_hits');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) expect(key).toMatch(/^[0-9a-f]{64}$/);
    await database.db.rawQuery("UPDATE rate_limit_hits SET expires_at = now() - interval '1 second'");
    // The first request after a minute purges; a fresh store has never purged, so it does now.
    const app = Fastify();
    await app.register(fastifyRateLimit, { global: false, store: databaseRateLimitStore(database.db) });
    app.post('/third', { config: { rateLimit: { max: 1, timeWindow: 60_000 } } }, async () => ({}));
    expect((await app.inject({ method: 'POST', url: '/third' })).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    const left = await database.db.rawQuery<{ n: number }>('SELECT count(*)::int AS n FROM rate_limit_hits');
    expect(left.rows[0]!.n).toBe(1);
    await app.close();
  });
});
